"""Where the course's data comes from, and the record of which source each data set used.

Every loader (utils.imdb, utils.mnist) looks for its data in this order and
prints which source it used:

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

import os
from pathlib import Path
from typing import Any, Callable, Iterable

from . import config
from .safe_files import DataError, file_digest

DATA_DIR_ENV = "RNN_COURSE_DATA_DIR"
REQUIRE_REAL_ENV = "RNN_COURSE_REQUIRE_REAL_DATA"
COURSE_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# The files Keras downloads into its cache, with the SHA-256 (md5 for the word
# index) that keras.datasets checks (tests/test_sources.py compares them with Keras's source).
KERAS_CACHE_FILES = {
    "imdb.npz": ("sha256", "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"),
    "imdb_word_index.json": ("md5", "bfafd718b763782e994055a2d397834f"),
    "mnist.npz": ("sha256", "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"),
}

SOURCE_LOCAL = "local folder"
SOURCE_KERAS = "Keras download"
SOURCE_SAMPLE = "generated sample"

_sources: dict[str, str] = {}  # data set ('imdb', 'mnist') -> the source it came from in this session
_loaded: dict[tuple, tuple[Any, str]] = {}  # what each data set's first load found, with its source


def data_sources() -> dict[str, str]:
    """Which source each data set loaded in this session came from."""
    return dict(_sources)


def is_real(dataset: str) -> bool:
    """True if ``dataset`` ('imdb' or 'mnist') was loaded from real data."""
    source = _sources.get(dataset)
    if source is None:
        raise KeyError(f"{dataset!r} has not been loaded yet in this session.")
    return not source.startswith(SOURCE_SAMPLE)


def note_source(dataset: str, source: str, summary: str) -> None:
    """Record where ``dataset`` came from and say it, with a one-line ``summary`` of what was loaded."""
    _sources[dataset] = source
    print(f"{dataset.upper()} loaded from {source}: {summary}.")


def load(
    dataset: str,
    files: Iterable[str],
    read_local: Callable[[Path], Any],
    download: Callable[[], Any],
    generate: Callable[[], Any],
    sample_description: str,
) -> Any:
    """``dataset`` ('IMDB', 'MNIST') from the first source that works, found once per data folder setting.

    ``read_local(folder)`` reads the files from a folder, ``download()`` asks
    Keras, ``generate()`` makes the course's sample (described in the banner
    by ``sample_description``). The source is recorded for data_sources().
    """
    key = (dataset, os.environ.get(DATA_DIR_ENV, ""), require_real_data())
    if key not in _loaded:
        folder = _local_folder(dataset, files)
        if folder is not None:
            _loaded[key] = read_local(folder), f"{SOURCE_LOCAL} ({folder})"
        else:
            _loaded[key] = _downloaded_or_sample(dataset, files, download, generate, sample_description)
    data, source = _loaded[key]
    _sources[dataset.lower()] = source
    return data


def require_real_data() -> bool:
    """True when ``RNN_COURSE_REQUIRE_REAL_DATA`` forbids the generated sample."""
    return config.env_flag(REQUIRE_REAL_ENV)


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


def _announce_sample(dataset: str, reason: str, description: str) -> None:
    if require_real_data():
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


def _downloaded_or_sample(
    dataset: str, files: Iterable[str], download: Callable[[], Any], generate: Callable[[], Any], sample_description: str
) -> tuple[Any, str]:
    """With no local folder: (data, source) from Keras's download, else from the generated sample."""
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
    """The folder where ``keras.utils.get_file`` keeps downloaded data sets ($KERAS_HOME/datasets).

    Keras's documented rule, without its private modules: ``$KERAS_HOME``, else
    ``~/.keras``; ``/tmp/.keras`` where that cannot be written. (A test checks
    it against where ``keras.utils.get_file`` really saves.)
    """
    named = os.environ.get("KERAS_HOME")
    home = Path(named).expanduser() if named is not None else Path("~/.keras").expanduser()
    if not os.access(home.parent if not home.exists() else home, os.W_OK):
        home = Path("/tmp/.keras")  # what get_file falls back to
    return home / "datasets"


def _foreign_cache_files(files: Iterable[str]) -> list[Path]:
    """Files in Keras's cache that Keras would reject (and, failing to download, delete)."""
    foreign = []
    for name in files:
        path = keras_cache_dir() / name
        if path.is_file() and name in KERAS_CACHE_FILES:
            algorithm, expected = KERAS_CACHE_FILES[name]
            if file_digest(path, algorithm) != expected:
                foreign.append(path)
    return foreign
