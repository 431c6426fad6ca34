"""utils.results: record_results prints a notebook's figures and merges them into the results file."""

import json

import numpy as np
import pytest

import utils
from utils import sources


@pytest.fixture(autouse=True)
def _bands_not_enforced(monkeypatch):
    """These tests record made-up figures of made-up notebooks: the manifest's bands are tested in test_manifest.py."""
    monkeypatch.setenv("RNN_COURSE_CHECK_BANDS", "0")



@pytest.fixture(autouse=True)
def no_sources(monkeypatch):
    monkeypatch.setattr(sources, "_sources", {"imdb": "local folder (/x)"})


def test_record_results_prints_and_merges_into_the_json_file(monkeypatch, tmp_path, capsys):
    target = tmp_path / "results.json"
    monkeypatch.setenv("RNN_COURSE_RESULTS", str(target))
    utils.record_results("04_imdb_lstm", test_accuracy=np.float32(0.875), train_seconds=12)
    utils.record_results("04_imdb_lstm", test_accuracy=0.88)
    utils.record_results("06_mnist_rows", test_accuracy_best=0.97, relative_error=3.2e-10)
    saved = json.loads(target.read_text())
    assert saved["04_imdb_lstm"]["metrics"] == {"test_accuracy": 0.88, "train_seconds": 12.0}
    assert saved["04_imdb_lstm"]["data_source"] == {"imdb": "local folder (/x)"}
    assert set(saved) == {"04_imdb_lstm", "06_mnist_rows"}
    assert saved["06_mnist_rows"]["metrics"]["relative_error"] == 3.2e-10  # small numbers are not rounded away
    assert "test_accuracy" in capsys.readouterr().out


def test_record_results_without_a_file_only_prints(monkeypatch, capsys):
    monkeypatch.delenv("RNN_COURSE_RESULTS", raising=False)
    assert utils.record_results("03_x", test_accuracy=0.5) is None  # nothing echoed in a notebook
    assert "Results of 03_x" in capsys.readouterr().out


@pytest.mark.parametrize("name, metrics, message", [
    ("lstm.ipynb", {"a": 1.0}, "file name without .ipynb"),
    ("04_imdb_lstm", {}, "at least one"),
    ("04_imdb_lstm", {"a": float("nan")}, "finite number"),
    ("04_imdb_lstm", {"a": "0.9"}, "finite number"),
])
def test_record_results_rejects_bad_input(monkeypatch, name, metrics, message):
    monkeypatch.delenv("RNN_COURSE_RESULTS", raising=False)
    with pytest.raises(ValueError, match=message):
        utils.record_results(name, **metrics)


def test_results_file_that_is_a_folder_or_not_ours_is_an_error_and_left_alone(monkeypatch, tmp_path):
    monkeypatch.setenv("RNN_COURSE_RESULTS", str(tmp_path))
    with pytest.raises(ValueError, match="is a folder"):
        utils.record_results("04_imdb_lstm", test_accuracy=0.9)
    for content in ("[1, 2, 3]", '{"a": 1}', "not json"):
        target = tmp_path / "mine.json"
        target.write_text(content)
        monkeypatch.setenv("RNN_COURSE_RESULTS", str(target))
        with pytest.raises(ValueError, match="point RNN_COURSE_RESULTS at another file"):
            utils.record_results("04_imdb_lstm", test_accuracy=0.9)
        assert target.read_text() == content


def test_record_results_takes_numpy_scalars_and_refuses_text(monkeypatch):
    monkeypatch.delenv("RNN_COURSE_RESULTS", raising=False)
    utils.record_results("04_imdb_lstm", test_accuracy=np.float32(0.875), epochs=np.int64(3))
    with pytest.raises(ValueError, match="not a finite number"):
        utils.record_results("04_imdb_lstm", test_accuracy="0.9")
    with pytest.raises(ValueError, match="not a finite number"):
        utils.record_results("04_imdb_lstm", test_accuracy=np.array([0.9, 0.8]))
