"""pytest set-up shared by the unit tests and the notebook runs (nbmake).

* A bare ``pytest`` runs in fast mode: RNN_COURSE_FAST defaults to 1 here, and
  ``RNN_COURSE_FAST=0 pytest`` asks for the full-size run.
* Notebooks record their headline figures (utils.record_results) into
  build/test-results.json, started afresh for each test session.
* RNN_COURSE_CHECK_BANDS=1: every figure is checked against its band in
  notebooks/course.toml, and every claim evaluated, at the cell that records
  them; a figure out of band, a failed claim or an undeclared figure fails
  that notebook's test there, with the figure's name in the message.
* RNN_COURSE_RUN_SOLUTIONS=1: the hidden solution cells run at once (in
  JupyterLab, Run All passes over them: utils/notebook_session.py).
* The unit tests' shared fixtures (data folders, loaders reset, notebooks
  to run) are at the end; test modules never import from each other.
"""

import json
import os
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent
RESULTS_FILE = ROOT / "build" / "test-results.json"


def pytest_configure(config):
    os.environ.setdefault("RNN_COURSE_FAST", "1")
    os.environ.setdefault("RNN_COURSE_CHECK_BANDS", "1")
    os.environ["RNN_COURSE_RUN_SOLUTIONS"] = "1"  # always: the hidden solutions run too, so that they are checked
    os.environ.setdefault("RNN_COURSE_RESULTS", str(RESULTS_FILE))
    results = Path(os.environ["RNN_COURSE_RESULTS"])
    if results == RESULTS_FILE and results.exists():
        results.unlink()


# --------------------------------------------------------------------------
# Fixtures shared by the unit tests (tests/test_*.py)
# --------------------------------------------------------------------------

# The word index of the small IMDB folders that write_imdb makes.
TINY_WORD_INDEX = {"the": 1, "and": 2, "a": 3, "of": 4, "movie": 5, "great": 6, "bad": 7, "plot": 8, "was": 9}


@pytest.fixture
def fresh_loaders(monkeypatch, tmp_path):
    """Empty loader caches, no data folder, an empty Keras cache and no network: each data test starts afresh."""
    from utils import imdb, mnist, sources

    monkeypatch.setattr(sources, "_loaded", {})
    monkeypatch.setattr(sources, "_sources", {})
    monkeypatch.setattr(sources, "COURSE_DATA_DIR", tmp_path / "empty-course-data")
    monkeypatch.delenv(sources.DATA_DIR_ENV, raising=False)
    monkeypatch.delenv(sources.REQUIRE_REAL_ENV, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "empty-keras-home"))

    def no_network():
        raise OSError("no network in the unit tests")

    monkeypatch.setattr(imdb, "_download", no_network)
    monkeypatch.setattr(mnist, "_download", no_network)


@pytest.fixture
def tiny_word_index() -> dict[str, int]:
    """The word index of the folders write_imdb makes (a fresh copy)."""
    return dict(TINY_WORD_INDEX)


@pytest.fixture
def write_imdb():
    """write_imdb(folder, n_train=12, n_test=9, seed=0, y_train=None): a small IMDB folder in Keras's layout."""

    def write(folder: Path, n_train=12, n_test=9, seed=0, y_train=None) -> Path:
        rng = np.random.default_rng(seed)
        folder.mkdir(parents=True, exist_ok=True)
        zipf = 1 / np.arange(1, 10)  # rank 1 the most frequent word, as in a real word index

        def rows(n):
            array = np.empty(n, dtype=object)
            array[:] = [rng.choice(np.arange(1, 10), size=rng.integers(1, 15), p=zipf / zipf.sum()).tolist() for _ in range(n)]
            return array

        np.savez(
            folder / "imdb.npz",
            x_train=rows(n_train), y_train=rng.integers(0, 2, n_train) if y_train is None else y_train,
            x_test=rows(n_test), y_test=rng.integers(0, 2, n_test),
        )
        (folder / "imdb_word_index.json").write_text(json.dumps(TINY_WORD_INDEX))
        return folder

    return write


@pytest.fixture
def write_mnist():
    """write_mnist(folder, n_train=20, n_test=10, x_train=None): a small MNIST folder in Keras's layout."""

    def write(folder: Path, n_train=20, n_test=10, x_train=None) -> Path:
        rng = np.random.default_rng(1)
        folder.mkdir(parents=True, exist_ok=True)
        np.savez(
            folder / "mnist.npz",
            x_train=rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8) if x_train is None else x_train,
            y_train=rng.integers(0, 10, n_train).astype(np.uint8),
            x_test=rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
            y_test=rng.integers(0, 10, n_test).astype(np.uint8),
        )
        return folder

    return write


@pytest.fixture
def make_notebook(monkeypatch):
    """make_notebook(folder, name, sources): write a notebook of code cells; its kernel can import the course's utils."""
    import nbformat

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])))

    def write(folder: Path, name: str, sources: list[str]) -> Path:
        notebook = nbformat.v4.new_notebook()
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
        nbformat.write(notebook, folder / name)
        return folder / name

    return write
