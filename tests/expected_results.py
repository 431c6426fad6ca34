"""Bands that each notebook's recorded figures must fall in, by mode.

The test run (fast mode, real data from RNN_COURSE_DATA_DIR) checks FAST;
a full run (`make course`) can check FULL. A notebook that runs but no longer
learns fails the suite. Bands are (low, high), inclusive.
"""

FAST: dict[str, dict[str, tuple[float, float]]] = {
    "00_start_here": {"imdb_train_reviews": (1, 25_000), "mnist_train_images": (1, 60_000)},
}

FULL: dict[str, dict[str, tuple[float, float]]] = {
    "00_start_here": {"imdb_train_reviews": (25_000, 25_000), "mnist_train_images": (8_000, 60_000)},
}
