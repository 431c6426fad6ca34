"""Small, deterministic, learnable stand-ins for IMDB and MNIST.

The loaders fall back to these only when no real data can be found or
downloaded, and say so loudly. They are generated on the fly (nothing is
stored), in Keras's layouts, so every notebook runs offline:

* IMDB-like reviews built from short sentences whose sentiment words decide
  the label (with some noise, so that a model has something to learn);
* MNIST-like 28x28 digits drawn from pen strokes with random slant, size,
  thickness and position.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

IMDB_SAMPLE_SIZE = 2_500  # reviews in each of train and test
MNIST_TRAIN_SIZE = 6_000
MNIST_TEST_SIZE = 1_000

_POSITIVE = (
    "great wonderful brilliant moving superb funny charming beautiful clever "
    "touching excellent delightful gripping memorable stunning"
).split()
_NEGATIVE = (
    "boring awful dull terrible weak silly predictable clumsy bland painful "
    "lifeless tedious forgettable messy poor"
).split()
_SUBJECTS = (
    "the movie|this film|the story|the acting|the plot|the script|the ending|"
    "the cast|the music|the direction|the dialogue|the lead actor|the camera work"
).split("|")
_TEMPLATES = (
    "{subject} was {adjective}",
    "{subject} is {adjective} and {adjective2}",
    "i thought {subject} was {adjective}",
    "honestly {subject} felt {adjective}",
    "overall a {adjective} film",
    "{subject} was {adverb} {adjective}",
    "i found {subject} {adjective} from start to finish",
    "my friends said {subject} was {adjective}",
)
_ADVERBS = "really quite very rather truly so".split()
_FILLERS = (
    "we watched it on a sunday|it runs about two hours|i saw it with my family|"
    "it was released years ago|the theater was half empty|i had heard a lot about it"
).split("|")


def make_imdb_sample(seed: int = 2024) -> dict[str, Any]:
    """Raw IMDB-like data: ``x_*`` object arrays of word-rank lists, ``y_*`` labels, ``word_index``.

    Ranks follow Keras's convention (1 = most frequent word), so the same
    ``index_from``/``num_words`` steps apply as for the real files.
    """
    rng = np.random.default_rng(seed)
    texts, labels = [], []
    for _ in range(2 * IMDB_SAMPLE_SIZE):
        label = int(rng.integers(2))
        agree = 0.8  # share of sentiment words that agree with the label
        sentences = []
        for _ in range(int(rng.integers(3, 9))):
            if rng.random() < 0.25:
                sentences.append(str(rng.choice(_FILLERS)))
                continue
            words = [_POSITIVE if (rng.random() < agree) == bool(label) else _NEGATIVE for _ in range(2)]
            template = str(rng.choice(_TEMPLATES))
            sentences.append(
                template.format(
                    subject=rng.choice(_SUBJECTS),
                    adjective=rng.choice(words[0]),
                    adjective2=rng.choice(words[1]),
                    adverb=rng.choice(_ADVERBS),
                )
            )
        texts.append(" ".join(sentences).split())
        labels.append(label)
    counts = Counter(word for text in texts for word in text)
    ranked = sorted(counts, key=lambda word: (-counts[word], word))
    word_index = {word: rank for rank, word in enumerate(ranked, start=1)}
    reviews = np.empty(len(texts), dtype=object)
    reviews[:] = [[word_index[word] for word in text] for text in texts]
    labels_array = np.asarray(labels, dtype=np.int64)
    half = IMDB_SAMPLE_SIZE
    return {
        "x_train": reviews[:half], "y_train": labels_array[:half],
        "x_test": reviews[half:], "y_test": labels_array[half:],
        "word_index": word_index,
    }


# Pen strokes of each digit as polylines in a unit box (x to the right, y down).
def _ellipse(cx: float, cy: float, rx: float, ry: float, start: float = 0, stop: float = 360, n: int = 14) -> list:
    angles = np.radians(np.linspace(start, stop, n))
    return list(zip(cx + rx * np.cos(angles), cy + ry * np.sin(angles)))


_STROKES: dict[int, list[list[tuple[float, float]]]] = {
    0: [_ellipse(0.5, 0.5, 0.22, 0.34)],
    1: [[(0.38, 0.28), (0.52, 0.15), (0.52, 0.86)]],
    2: [_ellipse(0.5, 0.34, 0.2, 0.18, 190, 370, 8) + [(0.3, 0.85), (0.74, 0.85)]],
    3: [_ellipse(0.48, 0.32, 0.2, 0.16, 200, 450, 9), _ellipse(0.48, 0.66, 0.22, 0.19, 270, 520, 9)],
    4: [[(0.62, 0.86), (0.62, 0.14), (0.26, 0.62), (0.78, 0.62)]],
    5: [[(0.72, 0.15), (0.36, 0.15), (0.33, 0.46)] + _ellipse(0.5, 0.64, 0.21, 0.2, 240, 500, 10)],
    6: [[(0.66, 0.15), (0.42, 0.35)] + _ellipse(0.5, 0.66, 0.19, 0.19, 200, 560, 12)],
    7: [[(0.28, 0.16), (0.74, 0.16), (0.44, 0.86)]],
    8: [_ellipse(0.5, 0.3, 0.16, 0.15), _ellipse(0.5, 0.66, 0.2, 0.2)],
    9: [_ellipse(0.5, 0.34, 0.18, 0.18), [(0.68, 0.36), (0.6, 0.86)]],
}


def _render(segments: np.ndarray, thickness: float, grid: np.ndarray) -> np.ndarray:
    """Anti-aliased ink of line segments (k, 2, 2) on a pixel grid (784, 2), in [0, 1]."""
    a, b = segments[:, 0][:, None, :], segments[:, 1][:, None, :]
    ab = b - a
    t = np.clip(((grid[None] - a) * ab).sum(-1) / np.maximum((ab * ab).sum(-1), 1e-9), 0, 1)
    distance = np.linalg.norm(grid[None] - (a + t[..., None] * ab), axis=-1).min(axis=0)
    return np.clip(1.5 - distance / thickness, 0, 1)


def make_mnist_sample(seed: int = 2024) -> dict[str, np.ndarray]:
    """MNIST-like data: ``x_*`` uint8 (n, 28, 28) images of drawn digits, ``y_*`` uint8 labels."""
    rng = np.random.default_rng(seed)
    total = MNIST_TRAIN_SIZE + MNIST_TEST_SIZE
    labels = rng.integers(0, 10, size=total).astype(np.uint8)
    rows, cols = np.mgrid[0:28, 0:28]
    grid = np.stack([cols.ravel() + 0.5, rows.ravel() + 0.5], axis=1).astype(float)
    images = np.zeros((total, 28 * 28), dtype=np.uint8)
    for i, digit in enumerate(labels):
        angle = np.radians(rng.normal(0, 8))
        shear = rng.normal(0, 0.15)
        scale = rng.uniform(15, 20)
        transform = scale * np.array([[np.cos(angle), -np.sin(angle) + shear], [np.sin(angle), np.cos(angle)]])
        centre = np.array([14, 14]) + rng.normal(0, 1.0, size=2)
        segments = []
        for stroke in _STROKES[int(digit)]:
            points = np.asarray(stroke) + rng.normal(0, 0.02, size=(len(stroke), 2)) - 0.5
            points = points @ transform.T + centre
            segments.append(np.stack([points[:-1], points[1:]], axis=1))
        ink = _render(np.concatenate(segments), rng.uniform(0.9, 1.6), grid)
        images[i] = np.round(255 * ink).astype(np.uint8)
    images = images.reshape(total, 28, 28)
    split = MNIST_TRAIN_SIZE
    return {
        "x_train": images[:split], "y_train": labels[:split],
        "x_test": images[split:], "y_test": labels[split:],
    }
