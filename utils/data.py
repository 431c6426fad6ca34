"""The course's data loaders: IMDB reviews and MNIST digits.

Every loader looks for its data in this order and prints which source it used:

1. a local folder: the one named by ``RNN_COURSE_DATA_DIR`` (an error if it
   lacks a file), else the course's own ``data/`` folder, where a teacher can
   drop ``imdb.npz``, ``imdb_word_index.json`` and ``mnist.npz``;
2. Keras's own download and cache (``keras.datasets``), which is what you get
   on Colab or any machine with a network;
3. a small, learnable sample that the course generates itself, announced with
   a loud banner. ``RNN_COURSE_REQUIRE_REAL_DATA=1`` turns this step into an
   error, so that a run never trains on the sample by mistake.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from . import config, samples

DATA_DIR_ENV = "RNN_COURSE_DATA_DIR"
REQUIRE_REAL_ENV = "RNN_COURSE_REQUIRE_REAL_DATA"
COURSE_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

IMDB_FILES = ("imdb.npz", "imdb_word_index.json")
MNIST_FILES = ("mnist.npz",)

# The files Keras downloads into its cache, with the SHA-256 (md5 for the word
# index) that keras.datasets checks (tests/test_data.py compares them with Keras's source).
KERAS_CACHE_FILES = {
    "imdb.npz": ("sha256", "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"),
    "imdb_word_index.json": ("md5", "bfafd718b763782e994055a2d397834f"),
    "mnist.npz": ("sha256", "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"),
}

SOURCE_LOCAL = "local folder"
SOURCE_KERAS = "Keras download"
SOURCE_SAMPLE = "generated sample"

# Keras's default `filters` for text: these characters become spaces.
_KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
_TOKEN_TABLE = str.maketrans(_KERAS_FILTERS, " " * len(_KERAS_FILTERS))

# Special ids in IMDB sequences (with Keras's defaults).
PAD_ID, START_ID, OOV_ID, UNUSED_ID = 0, 1, 2, 3

_sources: dict[str, str] = {}
_cache: dict[tuple, Any] = {}


class DataError(RuntimeError):
    """A data file is missing, corrupt, or not what the course expects."""


def data_sources() -> dict[str, str]:
    """Which source each data set loaded in this session came from."""
    return dict(_sources)


def is_real(dataset: str) -> bool:
    """True if ``dataset`` ('imdb' or 'mnist') was loaded from real data."""
    source = _sources.get(dataset)
    if source is None:
        raise KeyError(f"{dataset!r} has not been loaded yet in this session.")
    return not source.startswith(SOURCE_SAMPLE)


# --------------------------------------------------------------------------
# Finding the data
# --------------------------------------------------------------------------


def _local_folder(dataset: str, files: Iterable[str]) -> Path | None:
    """The local folder that holds every file of ``files``, or None."""
    files = list(files)
    named = os.environ.get(DATA_DIR_ENV, "").strip()
    if named:
        folder = _named_data_dir(named, files)
        missing = [name for name in files if not (folder / name).is_file()]
        if missing:
            raise DataError(
                f"{DATA_DIR_ENV}={named!r} has no {', '.join(missing)} for {dataset}. "
                "Copy the file(s) there (see data/README.md), or unset the variable "
                "to let Keras download the data."
            )
        return folder
    present = [name for name in files if (COURSE_DATA_DIR / name).is_file()]
    if present and len(present) < len(files):
        missing = sorted(set(files) - set(present))
        raise DataError(
            f"The course's data folder {COURSE_DATA_DIR} has {', '.join(present)} but "
            f"not {', '.join(missing)}: {dataset} needs them together. Add the missing "
            "file(s) or remove the others (see data/README.md)."
        )
    return COURSE_DATA_DIR if present else None


def _named_data_dir(named: str, files: list[str]) -> Path:
    """The folder ``RNN_COURSE_DATA_DIR`` names; a relative path may start at the working folder or the course's."""
    folder = Path(named).expanduser()
    tried = [folder.resolve()]
    if not folder.is_absolute() and not folder.is_dir():
        tried.append((COURSE_DATA_DIR.parent / folder).resolve())  # e.g. ../shared/data from a notebook
    for candidate in tried:
        if candidate.is_dir():
            return candidate
    raise DataError(
        f"{DATA_DIR_ENV}={named!r} is not a folder (looked for {' and '.join(map(str, tried))}). "
        f"Point it at the folder that holds {', '.join(files)} (an absolute path is safest), "
        "or unset it to download the data."
    )


def _require_real_data() -> bool:
    return config.env_flag(REQUIRE_REAL_ENV)


def _announce_sample(dataset: str, reason: str, description: str) -> None:
    if _require_real_data():
        raise DataError(
            f"{dataset}: no real data could be loaded ({reason}) and "
            f"{REQUIRE_REAL_ENV} is on, which forbids the generated sample. Set {DATA_DIR_ENV} "
            "to a folder holding the data files (see data/README.md), or allow a "
            "network connection."
        )
    bar = "#" * 78
    print(
        f"{bar}\n"
        f"#  OFFLINE SAMPLE: {dataset} could not be loaded ({reason}).\n"
        f"#  Using the course's GENERATED sample instead: {description}.\n"
        "#  It is learnable, but its accuracies are NOT comparable with the real\n"
        "#  data set. For the real data, connect to the internet, or set\n"
        f"#  {DATA_DIR_ENV} to a folder with the files (see data/README.md).\n"
        f"{bar}"
    )


def _resolve(
    dataset: str,
    files: Iterable[str],
    read_local: Callable[[Path], Any],
    download: Callable[[], Any],
    generate: Callable[[], Any],
    sample_description: str,
) -> tuple[Any, str]:
    """Load ``dataset`` from the first source that works; return (data, source)."""
    folder = _local_folder(dataset, files)
    if folder is not None:
        return read_local(folder), f"{SOURCE_LOCAL} ({folder})"
    foreign = _foreign_cache_files(files)
    if foreign:
        # keras.utils.get_file would try to replace these files, and delete them when
        # the download fails: the course never touches a file it did not write.
        reason = (
            f"Keras's cache holds {', '.join(map(str, foreign))}, which Keras's checksum rejects; "
            f"the course leaves it alone. To use it, set {DATA_DIR_ENV} to its folder; "
            "or move it away to let Keras download the data"
        )
    else:
        try:
            return download(), SOURCE_KERAS
        except Exception as error:  # no network, blocked host, interrupted download
            reason = f"no local files and the Keras download failed: {type(error).__name__}: {error}"
    _announce_sample(dataset, reason[:400], sample_description)
    return generate(), SOURCE_SAMPLE


def keras_cache_dir() -> Path:
    """The folder where ``keras.utils.get_file`` keeps downloaded data sets ($KERAS_HOME/datasets)."""
    try:
        from keras.src.backend.config import keras_home

        home = Path(keras_home())
    except ImportError:  # a Keras that moved its internals: its documented default
        home = Path(os.environ.get("KERAS_HOME", "~/.keras")).expanduser()
    if not os.access(home.parent if not home.exists() else home, os.W_OK):
        home = Path("/tmp/.keras")  # what get_file falls back to
    return home / "datasets"


def _file_digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _foreign_cache_files(files: Iterable[str]) -> list[Path]:
    """Files in Keras's cache that Keras would reject (and, failing to download, delete)."""
    foreign = []
    for name in files:
        path = keras_cache_dir() / name
        if path.is_file() and name in KERAS_CACHE_FILES:
            algorithm, expected = KERAS_CACHE_FILES[name]
            if _file_digest(path, algorithm) != expected:
                foreign.append(path)
    return foreign


def _note_source(dataset: str, source: str, summary: str) -> None:
    _sources[dataset] = source
    print(f"{dataset.upper()} loaded from {source}: {summary}.")


# --------------------------------------------------------------------------
# Reading and checking files
# --------------------------------------------------------------------------


class _ArrayOnlyUnpickler(pickle.Unpickler):
    """Unpickles NumPy object arrays of lists and numbers, and refuses everything else.

    ``np.load(..., allow_pickle=True)`` would run any code a file carries; the
    ragged IMDB arrays need pickle, so only NumPy's array rebuilding is allowed.
    """

    _ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"),
        ("numpy", "ndarray"), ("numpy", "dtype"),
    }

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"the file asks to load {module}.{name}, which a data file never needs")
        return super().find_class(module, name)


def _read_npy(buffer: io.BytesIO) -> np.ndarray:
    """One array of an .npz member, without running any code it may carry."""
    version = np.lib.format.read_magic(buffer)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(buffer)
    else:
        shape, _, dtype = np.lib.format.read_array_header_2_0(buffer)
    if not dtype.hasobject:
        buffer.seek(0)
        return np.lib.format.read_array(buffer, allow_pickle=False)
    array = _ArrayOnlyUnpickler(buffer).load()
    if not isinstance(array, np.ndarray) or array.shape != tuple(shape):
        raise ValueError(f"its object array does not match its header (shape {shape})")
    return array


def _read_npz(path: Path, keys: Iterable[str]) -> dict[str, np.ndarray]:
    """Read every array of ``keys`` from ``path`` or raise a DataError that says what to do."""
    what_to_do = (
        "Copy the file again (it may be truncated or corrupt), or remove it to let "
        "the course download the data."
    )
    if not zipfile.is_zipfile(path):
        raise DataError(f"{path} is not an .npz archive. {what_to_do}")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            missing = [key for key in keys if f"{key}.npy" not in names]
            if missing:
                raise DataError(
                    f"{path} lacks the array(s) {', '.join(missing)}: it is not in "
                    f"Keras's layout. {what_to_do}"
                )
            return {key: _read_npy(io.BytesIO(archive.read(f"{key}.npy"))) for key in keys}
    except DataError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError, TypeError, AttributeError,
            pickle.UnpicklingError) as error:
        raise DataError(f"{path} could not be read ({type(error).__name__}: {error}). {what_to_do}") from error


def _check_labels(path: Any, name: str, labels: np.ndarray, count: int, allowed: Iterable[int]) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) != count:
        raise DataError(
            f"{path}: {name} has shape {labels.shape}, but it should be one label per "
            f"example, shape ({count},). The file is not in Keras's layout."
        )
    allowed = np.asarray(list(allowed))
    if labels.size and not np.isin(labels, allowed).all():
        bad = np.unique(labels[~np.isin(labels, allowed)])[:5]
        raise DataError(f"{path}: {name} holds labels {bad.tolist()}; expected only {allowed.tolist()}.")
    return labels


# --------------------------------------------------------------------------
# IMDB
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
    arrays = _read_npz(path, ("x_train", "y_train", "x_test", "y_test"))
    for split in ("train", "test"):
        x = _check_reviews(path, f"x_{split}", arrays[f"x_{split}"])
        arrays[f"y_{split}"] = _check_labels(path, f"y_{split}", arrays[f"y_{split}"], len(x), (0, 1))
    index_path = folder / "imdb_word_index.json"
    try:
        word_index = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataError(
            f"{index_path} could not be read as JSON ({error}). Copy it again, or remove it "
            "together with imdb.npz to let the course download both."
        ) from error
    reviews = list(arrays["x_train"]) + list(arrays["x_test"])
    arrays["word_index"] = _check_word_index(index_path, word_index, reviews)
    return arrays


def _imdb_raw() -> dict[str, Any]:
    """The raw IMDB data (word ranks, unshuffled) and its word index, from the first source that works."""
    key = ("imdb", os.environ.get(DATA_DIR_ENV, ""), _require_real_data())
    if key not in _cache:

        def download() -> dict[str, Any]:
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

        data, source = _resolve(
            "IMDB",
            IMDB_FILES,
            _read_imdb_folder,
            download,
            samples.make_imdb_sample,
            f"{samples.IMDB_SAMPLE_SIZE:,} + {samples.IMDB_SAMPLE_SIZE:,} short generated reviews",
        )
        _cache[key] = (data, source)
    data, source = _cache[key]
    _sources["imdb"] = source
    return data


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


def _check_int(name: str, value: Any, minimum: int, advice: str, allow_none: bool = True) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name}={value!r} is not valid: {advice}")


def load_imdb(
    num_words: int | None = None,
    maxlen: int | None = None,
    *,
    skip_top: int = 0,
    seed: int = 113,
    start_char: int | None = START_ID,
    oov_char: int | None = OOV_ID,
    index_from: int = 3,
    padding: str = "pre",
    truncating: str = "pre",
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load IMDB reviews as ``(x_train, y_train), (x_test, y_test)``.

    The ids follow ``keras.datasets.imdb.load_data`` exactly: 0 is padding,
    ``start_char`` (1) opens every review, ``oov_char`` (2) replaces words
    outside the ``num_words`` most frequent (and the ``skip_top`` most
    frequent), and word ranks are shifted by ``index_from`` (3), so "the",
    rank 1, becomes id 4. Reviews are shuffled with ``seed`` as Keras does.

    ``maxlen`` differs from Keras on purpose: Keras *drops* reviews longer than
    ``maxlen``; here every review is kept and padded or truncated to exactly
    ``maxlen`` ids with ``keras.utils.pad_sequences`` (``padding`` and
    ``truncating`` are passed on; "pre" keeps a review's end). Without
    ``maxlen`` the reviews come back as object arrays of lists, as in Keras.
    Labels are int64 arrays: 1 positive, 0 negative.
    """
    _check_int("num_words", num_words, 4, "use at least 4 (ids 0-3 are reserved), e.g. num_words=10_000.")
    _check_int("maxlen", maxlen, 1, "use a positive length such as maxlen=80, or None to keep whole reviews.")
    _check_int("skip_top", skip_top, 0, "use 0 or a positive count of most-frequent words to skip.", allow_none=False)
    _check_int("index_from", index_from, 0, "use Keras's default, 3.", allow_none=False)
    _check_int("seed", seed, 0, "use a whole number such as 113 (Keras's default).", allow_none=False)
    for name, value in (("start_char", start_char), ("oov_char", oov_char)):
        _check_int(name, value, 0, "use a small whole-number id (Keras: start_char=1, oov_char=2) or None.")
    for name, value in (("padding", padding), ("truncating", truncating)):
        if value not in ("pre", "post"):
            raise ValueError(f"{name}={value!r} is not valid: use 'pre' or 'post'.")

    (x_train, y_train), (x_test, y_test) = _keras_imdb_semantics(
        _imdb_raw(), num_words, skip_top, seed, start_char, oov_char, index_from
    )
    y_train, y_test = np.asarray(y_train, dtype=np.int64), np.asarray(y_test, dtype=np.int64)
    if maxlen is not None:
        from keras.utils import pad_sequences

        x_train = pad_sequences(x_train, maxlen=maxlen, padding=padding, truncating=truncating)
        x_test = pad_sequences(x_test, maxlen=maxlen, padding=padding, truncating=truncating)
    shape = f"length {maxlen}" if maxlen else "variable length"
    _note_source(
        "imdb", _sources["imdb"],
        f"{len(x_train):,} train and {len(x_test):,} test reviews, {shape}, "
        f"vocabulary {num_words or 'all words'}",
    )
    return (x_train, y_train), (x_test, y_test)


def imdb_word_index() -> dict[str, int]:
    """The word -> rank index (1 = most frequent word) of the IMDB data in use.

    It comes from the same source as ``load_imdb``: a learner who falls back
    to the generated sample gets the sample's own vocabulary.
    """
    return dict(_imdb_raw()["word_index"])


def _index_to_word(index_from: int) -> dict[int, str]:
    key = ("index_to_word", id(_imdb_raw()), index_from)
    if key not in _cache:
        table = {rank + index_from: word for word, rank in _imdb_raw()["word_index"].items()}
        specials = {START_ID: "[START]", OOV_ID: "[OOV]", UNUSED_ID: "[UNUSED]"}
        table.update({token: name for token, name in specials.items() if token < index_from})  # ids below the words
        _cache[key] = table
    return _cache[key]


def decode_review(ids: Iterable[int], *, index_from: int = 3, skip_padding: bool = True) -> str:
    """Turn one review's ids back into words ("[START]", "[OOV]" for the special ids).

    Pass the ``index_from`` that ``load_imdb`` used (3 by default). For a batch
    of reviews, decode each row: ``[decode_review(row) for row in x[:3]]``.
    """
    _check_int("index_from", index_from, 0, "pass the index_from you gave load_imdb (3 by default).", allow_none=False)
    try:
        array = np.asarray(ids if isinstance(ids, np.ndarray) else list(ids))
    except (TypeError, ValueError) as error:
        raise TypeError(f"decode_review() needs one review: a sequence of word ids, got {type(ids).__name__}.") from error
    if array.ndim != 1:
        raise ValueError(
            f"decode_review() decodes one review (a 1-D sequence of ids), got shape {array.shape}. "
            "For a batch, decode each row: [utils.decode_review(row) for row in x[:3]]."
        )
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"decode_review() needs whole-number word ids, got {array.dtype} values such as {array[0]!r}.")
    table = _index_to_word(int(index_from))
    words = []
    for token in array.tolist():
        if token == PAD_ID and skip_padding:
            continue
        words.append("[PAD]" if token == PAD_ID else table.get(int(token), "[OOV]"))
    return " ".join(words)


def tokenize(text: str) -> list[str]:
    """Split text into words as the IMDB files were made: lower-case, Keras's filter characters as spaces."""
    if not isinstance(text, str):
        raise TypeError(f"tokenize() needs a string of text, got {type(text).__name__}.")
    return text.lower().translate(_TOKEN_TABLE).split()


def encode_review(
    text: str,
    *,
    num_words: int | None = None,
    start_char: int | None = START_ID,
    oov_char: int = OOV_ID,
    index_from: int = 3,
) -> list[int]:
    """Encode your own text with the ids ``load_imdb`` uses (pass the same ``num_words``).

    Unknown words, and words outside the ``num_words`` most frequent, become
    ``oov_char``. Pad the result with ``keras.utils.pad_sequences([ids], maxlen=...)``.
    """
    _check_int("num_words", num_words, 4, "use the num_words you passed to load_imdb, e.g. 10_000.")
    word_index = _imdb_raw()["word_index"]
    ids = [] if start_char is None else [start_char]
    for word in tokenize(text):
        rank = word_index.get(word)
        token = oov_char if rank is None else rank + index_from
        if num_words is not None and token >= num_words:
            token = oov_char
        ids.append(token)
    return ids


# --------------------------------------------------------------------------
# MNIST
# --------------------------------------------------------------------------


def _read_mnist_folder(folder: Path) -> dict[str, np.ndarray]:
    path = folder / "mnist.npz"
    arrays = _read_npz(path, ("x_train", "y_train", "x_test", "y_test"))
    for split in ("train", "test"):
        x = arrays[f"x_{split}"]
        if x.ndim != 3 or x.shape[1:] != (28, 28) or x.dtype != np.uint8:
            raise DataError(
                f"{path}: x_{split} is {x.dtype} with shape {x.shape}; expected uint8 "
                "images of shape (n, 28, 28) as in keras.datasets.mnist."
            )
        arrays[f"y_{split}"] = _check_labels(path, f"y_{split}", arrays[f"y_{split}"], len(x), range(10))
    return arrays


def load_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load MNIST as ``(x_train, y_train), (x_test, y_test)``, like ``keras.datasets.mnist.load_data``.

    Images are uint8 arrays of shape (n, 28, 28) with values 0-255; labels
    are uint8 digits 0-9.
    """
    key = ("mnist", os.environ.get(DATA_DIR_ENV, ""), _require_real_data())
    if key not in _cache:

        def download() -> dict[str, np.ndarray]:
            import keras

            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
            return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}

        _cache[key] = _resolve(
            "MNIST", MNIST_FILES, _read_mnist_folder, download, samples.make_mnist_sample,
            f"{samples.MNIST_TRAIN_SIZE:,} + {samples.MNIST_TEST_SIZE:,} drawn digit images",
        )
    arrays, source = _cache[key]
    x_train, x_test = arrays["x_train"].copy(), arrays["x_test"].copy()
    y_train = arrays["y_train"].astype(np.uint8)
    y_test = arrays["y_test"].astype(np.uint8)
    _note_source("mnist", source, f"{len(x_train):,} train and {len(x_test):,} test images of 28x28 pixels")
    return (x_train, y_train), (x_test, y_test)
