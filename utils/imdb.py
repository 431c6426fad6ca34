"""IMDB movie reviews as word ids, exactly as ``keras.datasets.imdb.load_data`` numbers them.

The data comes from the first source that works (utils.sources): a local
folder, Keras's download, or the course's generated sample. Whatever the
source, the raw word ranks go through the same steps as Keras's loader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import numpy as np

from . import samples, sources
from .safe_files import DataError, check_labels, read_json, read_npz

IMDB_FILES = ("imdb.npz", "imdb_word_index.json")

# Special ids in IMDB sequences (with Keras's defaults).
PAD_ID, START_ID, OOV_ID, UNUSED_ID = 0, 1, 2, 3


def check_whole_number(name: str, value: Any, minimum: int, advice: str, allow_none: bool = True) -> None:
    """A ValueError naming ``name`` and giving ``advice`` unless ``value`` is a whole number >= ``minimum``."""
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name}={value!r} is not valid: {advice}")


# --------------------------------------------------------------------------
# Reading and checking the files
# --------------------------------------------------------------------------


def _check_reviews(path: Path, name: str, reviews: np.ndarray) -> np.ndarray:
    """Every review must be a list of whole-number word ranks (>= 1); returns them as an object array."""
    if reviews.ndim != 1:
        raise DataError(f"{path}: {name} has shape {reviews.shape}; expected a 1-D array of reviews.")
    for row, review in enumerate(reviews):
        values = np.asarray(review) if isinstance(review, (list, tuple, np.ndarray)) else None
        if values is None or values.ndim != 1 or (values.size and not np.issubdtype(values.dtype, np.integer)):
            raise DataError(
                f"{path}: {name}[{row}] is {type(review).__name__} {str(review)[:60]!r}, not a list of "
                "whole-number word ranks. The file is not in Keras's IMDB layout (see data/README.md)."
            )
        if values.size and values.min() < 1:
            raise DataError(f"{path}: {name}[{row}] holds the rank {values.min()}; word ranks start at 1.")
    return reviews


def _check_word_index(path: Path, word_index: Any, reviews: Iterable[np.ndarray]) -> dict[str, int]:
    """A word index must map words to the ranks 1..N, each once, with rank 1 the most frequent word."""
    advice = "Copy the word index that belongs to imdb.npz (see data/README.md)."
    if not isinstance(word_index, dict) or not word_index:
        raise DataError(f"{path} should hold a JSON object mapping words to ranks. {advice}")
    bad = [(word, rank) for word, rank in word_index.items() if isinstance(rank, bool) or not isinstance(rank, int)]
    if bad:
        raise DataError(f"{path}: the rank of {bad[0][0]!r} is {bad[0][1]!r}, not a whole number. {advice}")
    ranks = np.fromiter(word_index.values(), dtype=np.int64, count=len(word_index))
    if not np.array_equal(np.sort(ranks), np.arange(1, len(ranks) + 1)):
        missing = sorted(set(range(1, len(ranks) + 1)) - set(ranks.tolist()))[:3]
        raise DataError(
            f"{path}: the ranks are not 1 to {len(ranks):,}, each once (missing {missing}, or repeated). {advice}"
        )
    if word_index.get("the") != 1:
        first = min(word_index, key=word_index.get)
        raise DataError(
            f"{path} gives rank 1 to {first!r}, but the most frequent word of IMDB is 'the': its ranks "
            f"are shuffled or belong to other data, so decoded reviews would be nonsense. {advice}"
        )
    words = np.concatenate([np.asarray(review, dtype=np.int64) for review in reviews] or [np.zeros(0, np.int64)])
    if words.size:
        most_frequent = np.argsort(np.bincount(words))[::-1][:10]
        if 1 not in most_frequent[:3] or most_frequent.max() > 100:
            raise DataError(
                f"{path}: its ranks do not follow the reviews' word frequencies (the most frequent ranks in "
                f"imdb.npz are {most_frequent[:5].tolist()}, not 1, 2, 3...), so decoded reviews would be "
                f"nonsense. {advice}"
            )
    if words.size and words.max() > len(ranks):
        raise DataError(f"{path}: imdb.npz uses ranks beyond the {len(ranks):,} words of this index. {advice}")
    return word_index


def _read_imdb_folder(folder: Path) -> dict[str, Any]:
    path = folder / "imdb.npz"
    arrays = read_npz(path, ("x_train", "y_train", "x_test", "y_test"))
    for split in ("train", "test"):
        x = _check_reviews(path, f"x_{split}", arrays[f"x_{split}"])
        arrays[f"y_{split}"] = check_labels(path, f"y_{split}", arrays[f"y_{split}"], len(x), (0, 1))
    index_path = folder / "imdb_word_index.json"
    word_index = read_json(
        index_path, "Copy it again, or remove it together with imdb.npz to let the course download both."
    )
    reviews = list(arrays["x_train"]) + list(arrays["x_test"])
    arrays["word_index"] = _check_word_index(index_path, word_index, reviews)
    return arrays


def _download() -> dict[str, Any]:
    """The raw data through keras.datasets (it downloads into Keras's cache)."""
    import keras

    # Ask Keras for raw ranks (no shift, no start or OOV ids), then undo
    # its seeded shuffle, so that every source goes through the same
    # steps in _keras_imdb_semantics.
    seed = 113
    (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(
        seed=seed, start_char=None, oov_char=None, index_from=0, num_words=2**31 - 1
    )
    rng = np.random.RandomState(seed)
    raw: dict[str, Any] = {}
    for split, x, y in (("train", x_train, y_train), ("test", x_test, y_test)):
        order = np.arange(len(x))
        rng.shuffle(order)
        restored_x = np.empty(len(x), dtype=object)
        restored_y = np.empty_like(np.asarray(y))
        restored_x[order], restored_y[order] = x, y
        raw[f"x_{split}"], raw[f"y_{split}"] = restored_x, restored_y
    raw["word_index"] = keras.datasets.imdb.get_word_index()
    return raw


def raw_imdb() -> dict[str, Any]:
    """The raw IMDB data (word ranks, unshuffled) and its word index, from the first source that works."""
    return sources.load(
        "IMDB",
        IMDB_FILES,
        _read_imdb_folder,
        _download,
        samples.make_imdb_sample,
        f"{samples.IMDB_SAMPLE_SIZE:,} + {samples.IMDB_SAMPLE_SIZE:,} short generated reviews",
    )


# --------------------------------------------------------------------------
# Keras's numbering, and the loader
# --------------------------------------------------------------------------


def _keras_imdb_semantics(
    raw: dict[str, Any],
    num_words: int | None,
    skip_top: int,
    seed: int,
    start_char: int | None,
    oov_char: int | None,
    index_from: int,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Apply ``keras.datasets.imdb.load_data``'s steps to raw word ranks (vectorised).

    Shuffle train and test with ``seed``; shift ranks by ``index_from``;
    prepend ``start_char``; replace ids outside ``[skip_top, num_words)`` by
    ``oov_char`` (or drop them when ``oov_char`` is None).
    """
    rng = np.random.RandomState(seed)
    shuffled = {}
    for split in ("train", "test"):
        order = np.arange(len(raw[f"x_{split}"]))
        rng.shuffle(order)
        shuffled[split] = (raw[f"x_{split}"][order], np.asarray(raw[f"y_{split}"])[order])

    reviews = list(shuffled["train"][0]) + list(shuffled["test"][0])
    lengths = np.fromiter((len(review) for review in reviews), dtype=np.int64, count=len(reviews))
    words = np.concatenate([np.asarray(review, dtype=np.int64) for review in reviews] or [np.zeros(0, np.int64)])
    words = words + (index_from or 0)
    if start_char is not None:
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        words = np.insert(words, starts, start_char)
        lengths = lengths + 1
    if not num_words:
        num_words = int(words.max())
    keep = (words >= skip_top) & (words < num_words)
    if oov_char is not None:
        words = np.where(keep, words, oov_char)
    else:
        owner = np.repeat(np.arange(len(lengths)), lengths)
        lengths = np.bincount(owner[keep], minlength=len(lengths))
        words = words[keep]
    pieces = np.split(words, np.cumsum(lengths)[:-1]) if len(lengths) else []
    xs = np.empty(len(pieces), dtype=object)
    xs[:] = [piece.tolist() for piece in pieces]
    n_train = len(shuffled["train"][0])
    return (xs[:n_train], shuffled["train"][1]), (xs[n_train:], shuffled["test"][1])


def _refuse_unknown_keywords(unknown: dict[str, Any]) -> None:
    """The course's ``length`` was once called ``maxlen``, a name Keras uses for something else: say so."""
    if "maxlen" in unknown:
        raise TypeError(
            f"load_imdb() has no maxlen= any more: pass length={unknown['maxlen']!r}, which pads or cuts "
            "every review to that many ids (Keras's imdb.load_data(maxlen=...) instead drops longer reviews)."
        )
    if unknown:
        raise TypeError(f"load_imdb() got an unexpected keyword argument {next(iter(unknown))!r}.")


def load_imdb(
    num_words: int | None = None,
    length: int | None = None,
    *,
    skip_top: int = 0,
    seed: int = 113,
    start_char: int | None = START_ID,
    oov_char: int | None = OOV_ID,
    index_from: int = 3,
    padding: str = "pre",
    truncating: str = "pre",
    **unknown: Any,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load IMDB reviews as ``(x_train, y_train), (x_test, y_test)``.

    The ids follow ``keras.datasets.imdb.load_data`` exactly: 0 is padding,
    ``start_char`` (1) opens every review, ``oov_char`` (2) replaces words
    outside the ``num_words`` most frequent (and the ``skip_top`` most
    frequent), and word ranks are shifted by ``index_from`` (3), so "the",
    rank 1, becomes id 4. Reviews are shuffled with ``seed`` as Keras does.

    ``length`` keeps every review and pads or cuts it to exactly ``length``
    ids with ``keras.utils.pad_sequences`` (``padding`` and ``truncating``
    are passed on; "pre" keeps a review's end). Keras's own
    ``imdb.load_data(maxlen=...)`` is not this: it *drops* the longer
    reviews. Without ``length`` the reviews come back as object arrays of
    lists, as in Keras. Labels are int64 arrays: 1 positive, 0 negative.
    """
    _refuse_unknown_keywords(unknown)
    check_whole_number("num_words", num_words, 4, "use at least 4 (ids 0-3 are reserved), e.g. num_words=10_000.")
    check_whole_number("length", length, 1, "use a positive length such as length=80, or None to keep whole reviews.")
    check_whole_number("skip_top", skip_top, 0, "use 0 or a positive count of most-frequent words to skip.", allow_none=False)
    check_whole_number("index_from", index_from, 0, "use Keras's default, 3.", allow_none=False)
    check_whole_number("seed", seed, 0, "use a whole number such as 113 (Keras's default).", allow_none=False)
    for name, value in (("start_char", start_char), ("oov_char", oov_char)):
        check_whole_number(name, value, 0, "use a small whole-number id (Keras: start_char=1, oov_char=2) or None.")
    for name, value in (("padding", padding), ("truncating", truncating)):
        if value not in ("pre", "post"):
            raise ValueError(f"{name}={value!r} is not valid: use 'pre' or 'post'.")

    (x_train, y_train), (x_test, y_test) = _keras_imdb_semantics(
        raw_imdb(), num_words, skip_top, seed, start_char, oov_char, index_from
    )
    y_train, y_test = np.asarray(y_train, dtype=np.int64), np.asarray(y_test, dtype=np.int64)
    if length is not None:
        from keras.utils import pad_sequences

        x_train = pad_sequences(x_train, maxlen=length, padding=padding, truncating=truncating)
        x_test = pad_sequences(x_test, maxlen=length, padding=padding, truncating=truncating)
    shape = f"length {length}" if length else "variable length"
    sources.note_source(
        "imdb", sources.data_sources()["imdb"],
        f"{len(x_train):,} train and {len(x_test):,} test reviews, {shape}, "
        f"vocabulary {num_words or 'all words'}",
    )
    return (x_train, y_train), (x_test, y_test)


def imdb_word_index() -> dict[str, int]:
    """The word -> rank index (1 = most frequent word) of the IMDB data in use.

    It comes from the same source as ``load_imdb``: a learner who falls back
    to the generated sample gets the sample's own vocabulary.
    """
    return dict(raw_imdb()["word_index"])
