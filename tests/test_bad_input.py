"""Bad input to every public helper gets one clear sentence; nothing trains on wrong data,
deletes a user's file, or runs code from a data file.

Each case here was tried by hand first; the table in the issue's closing note lists them.
"""

import json
import os
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

import utils
from utils import config, data, samples

from notebook_conventions import SETUP_CELL
from test_data import WORD_INDEX, fresh_loaders, write_imdb, write_mnist  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parent.parent
PADDED = np.array([[0, 0, 5, 6], [0, 7, 8, 9], [0, 0, 0, 3], [1, 2, 3, 4], [0, 0, 6, 7]], dtype="int32")


# --------------------------------------------------------------------------
# On/off switches and the course seed
# --------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("1", True), ("true", True), ("YES", True), ("on", True),
    ("", False), ("0", False), ("false", False), ("No", False), ("off", False),
])
@pytest.mark.parametrize("variable", [config.FAST_ENV, data.REQUIRE_REAL_ENV])
def test_every_switch_reads_the_same_spellings(monkeypatch, variable, value, expected):
    monkeypatch.setenv(variable, value)
    assert config.env_flag(variable) is expected


@pytest.mark.parametrize("variable", [config.FAST_ENV, data.REQUIRE_REAL_ENV])
def test_an_unclear_switch_is_an_error_not_a_guess(monkeypatch, variable):
    monkeypatch.setenv(variable, "maybe")
    with pytest.raises(ValueError, match=f"{variable}='maybe' is not understood"):
        config.env_flag(variable)


def _tiny_mnist_sample():
    rng = np.random.default_rng(0)
    return {"x_train": rng.integers(0, 256, (4, 28, 28), dtype=np.uint8), "y_train": np.arange(4, dtype=np.uint8),
            "x_test": rng.integers(0, 256, (2, 28, 28), dtype=np.uint8), "y_test": np.arange(2, dtype=np.uint8)}


@pytest.mark.parametrize("value", ["false", "no", "off", "0"])
def test_require_real_data_off_allows_the_sample(monkeypatch, value, capsys):
    monkeypatch.setattr(samples, "make_mnist_sample", _tiny_mnist_sample)  # the real one takes seconds
    monkeypatch.setenv(data.REQUIRE_REAL_ENV, value)
    utils.load_mnist()
    assert "OFFLINE SAMPLE" in capsys.readouterr().out


def test_require_real_data_on_says_it_is_on(monkeypatch):
    monkeypatch.setenv(data.REQUIRE_REAL_ENV, "true")
    with pytest.raises(data.DataError, match=f"{data.REQUIRE_REAL_ENV} is on, which forbids"):
        utils.load_mnist()


@pytest.mark.parametrize("value, expected", [("", 42), ("7", 7), (" 0 ", 0)])
def test_course_seed_follows_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv(config.SEED_ENV, value)
    assert utils.course_seed() == expected


@pytest.mark.parametrize("value", ["abc", "-1", "4.2"])
def test_a_bad_course_seed_is_an_error(monkeypatch, value):
    monkeypatch.setenv(config.SEED_ENV, value)
    with pytest.raises(ValueError, match="is not a whole number"):
        utils.course_seed()


def test_check_environment_seeds_with_the_course_seed_and_returns_it(monkeypatch):
    monkeypatch.setenv(config.SEED_ENV, "7")
    assert utils.check_environment() == 7
    first = np.random.rand()
    utils.set_seed(7)
    assert np.random.rand() == first
    assert utils.check_environment(seed=None) is None


@pytest.mark.parametrize("seed", [np.int64(42), np.uint32(3), 0, 2**32 - 1])
def test_set_seed_accepts_any_whole_number(seed):
    utils.set_seed(seed)


@pytest.mark.parametrize("seed", [True, -1, 2**32, 4.0, "42", None])
def test_set_seed_refuses_what_is_not_a_seed(seed):
    with pytest.raises(ValueError, match="whole number from 0"):
        utils.set_seed(seed)


def test_check_environment_refuses_tensorflow_below_the_range(monkeypatch):
    import tensorflow as tf

    monkeypatch.setattr(tf, "__version__", "2.18.1")
    with pytest.raises(RuntimeError, match="older than the course supports"):
        utils.check_environment()


@pytest.mark.parametrize("path", ["", None, "notebooks/04_imdb_lstm"])
def test_colab_url_names_a_bad_path(path):
    with pytest.raises(ValueError, match="such as 'notebooks/04_imdb_lstm.ipynb'"):
        utils.colab_url(path)


def test_settings_refuses_overrides_that_are_not_a_dict():
    with pytest.raises(TypeError, match="takes a dict of overrides"):
        utils.settings(full=dict(epochs=3), fast=[("epochs", 1)])


# --------------------------------------------------------------------------
# Data files: no code runs, nothing is deleted, damaged files are named
# --------------------------------------------------------------------------


class _Payload:
    """Unpickling this would create a file: what a hostile data file could do."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def _hostile_npz(path: Path, marker: Path, keys) -> None:
    arrays = {key: np.zeros(3, dtype=np.uint8) for key in keys}
    payload = np.empty(1, dtype=object)
    payload[0] = _Payload(marker)
    arrays[keys[0]] = payload
    np.savez(path, **arrays)


@pytest.mark.parametrize("dataset", ["imdb", "mnist"])
def test_a_data_file_with_a_pickle_payload_runs_no_code(monkeypatch, tmp_path, dataset):
    folder = write_imdb(tmp_path / "d") if dataset == "imdb" else write_mnist(tmp_path / "d")
    marker = tmp_path / "code-ran"
    _hostile_npz(folder / f"{dataset}.npz", marker, ["x_train", "y_train", "x_test", "y_test"])
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    with pytest.raises(data.DataError, match="which a data file never needs"):
        utils.load_imdb() if dataset == "imdb" else utils.load_mnist()
    assert not marker.exists()


def test_ragged_imdb_reviews_load_without_allowing_pickle(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(write_imdb(tmp_path / "d")))
    (x_train, _), _ = utils.load_imdb()
    assert x_train.dtype == object and all(isinstance(review, list) for review in x_train)


def test_a_foreign_file_in_the_keras_cache_is_left_alone(monkeypatch, tmp_path, capsys):
    """A teacher's copy of the data in ~/.keras/datasets fails Keras's checksum: Keras would
    try to download over it and delete it when that fails. The course touches neither."""
    cache = tmp_path / "keras-home" / "datasets"
    cache.mkdir(parents=True)
    write_mnist(cache)
    before = (cache / "mnist.npz").read_bytes()
    monkeypatch.setattr(data, "keras_cache_dir", lambda: cache)
    import keras.src.datasets.mnist as keras_mnist

    def must_not_be_called(*args, **kwargs):
        raise AssertionError("keras.utils.get_file was called on a file it would delete")

    monkeypatch.setattr(keras_mnist, "get_file", must_not_be_called)
    monkeypatch.setattr(samples, "make_mnist_sample", _tiny_mnist_sample)
    utils.load_mnist()
    out = capsys.readouterr().out
    assert "which Keras's checksum rejects" in out and f"set {data.DATA_DIR_ENV} to its folder" in out
    assert (cache / "mnist.npz").read_bytes() == before


def test_the_keras_checksums_are_the_ones_keras_checks():
    import inspect

    import keras.src.datasets.imdb as keras_imdb
    import keras.src.datasets.mnist as keras_mnist

    sources = inspect.getsource(keras_imdb) + inspect.getsource(keras_mnist)
    for name, (_, digest) in data.KERAS_CACHE_FILES.items():
        assert digest in sources, f"Keras no longer checks {name} against {digest}"


def test_keras_cache_dir_is_where_keras_get_file_saves(tmp_path):
    """Download a local file through keras.utils.get_file (no network) into a fresh KERAS_HOME."""
    source = tmp_path / "source.txt"
    source.write_text("hello")
    script = (
        "import keras; from utils.data import keras_cache_dir; "
        f"path = keras.utils.get_file('copied.txt', origin={source.as_uri()!r}); "
        "print(path); print(keras_cache_dir() / 'copied.txt')"
    )
    env = {**os.environ, "KERAS_HOME": str(tmp_path / "kh"), "TF_CPP_MIN_LOG_LEVEL": "3"}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    saved, expected = out.stdout.strip().splitlines()[-2:]
    assert Path(saved) == Path(expected) and Path(saved).read_text() == "hello"


@pytest.mark.parametrize("damage, message", [
    (lambda wi: {**wi, "movie": 99}, "not 1 to"),                          # a missing rank
    (lambda wi: {**wi, "plot": 1}, "not 1 to"),                            # a repeated rank
    (lambda wi: {**wi, "movie": "5"}, "not a whole number"),               # a rank that is text
    (lambda wi: {w: 10 - r for w, r in wi.items()}, "ranks are shuffled"),  # ranks permuted
    (lambda wi: {**wi, "the": 2, "and": 1}, "ranks are shuffled"),         # two ranks swapped
    (lambda wi: list(wi), "JSON object"),                                  # not an object
])
def test_a_damaged_word_index_is_named_before_any_review_is_decoded(monkeypatch, tmp_path, damage, message):
    folder = write_imdb(tmp_path / "d", n_train=60, n_test=40)
    (folder / "imdb_word_index.json").write_text(json.dumps(damage(dict(WORD_INDEX))))
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    with pytest.raises(data.DataError, match=message):
        utils.load_imdb()


@pytest.mark.parametrize("rows, message", [
    ([["a", "b"], [1, 2]], "not a list of whole-number word ranks"),
    ([[1.5, 2.0], [1, 2]], "not a list of whole-number word ranks"),
    ([[1, -2], [1, 2]], "word ranks start at 1"),
])
def test_imdb_reviews_that_are_not_word_ranks_are_an_error(monkeypatch, tmp_path, rows, message):
    folder = write_imdb(tmp_path / "d")
    x = np.empty(2, dtype=object)
    x[:] = rows
    np.savez(folder / "imdb.npz", x_train=x, y_train=np.array([0, 1]), x_test=x, y_test=np.array([1, 0]))
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    with pytest.raises(data.DataError, match=message):
        utils.load_imdb()


def test_mnist_images_that_are_not_uint8_are_an_error(monkeypatch, tmp_path):
    folder = write_mnist(tmp_path / "d", x_train=np.zeros((20, 28, 28), np.float32))
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    with pytest.raises(data.DataError, match="float32 with shape"):
        utils.load_mnist()


def test_a_relative_data_folder_works_from_the_notebooks_folder(monkeypatch, tmp_path):
    course = tmp_path / "course"
    write_imdb(course / "my-data")
    (course / "notebooks").mkdir()
    monkeypatch.setattr(data, "COURSE_DATA_DIR", course / "data")
    monkeypatch.chdir(course / "notebooks")
    monkeypatch.setenv(data.DATA_DIR_ENV, "my-data")  # relative to the course folder, not to notebooks/
    utils.load_imdb()
    assert utils.data_sources()["imdb"] == f"{data.SOURCE_LOCAL} ({course / 'my-data'})"
    monkeypatch.setenv(data.DATA_DIR_ENV, "nowhere")
    with pytest.raises(data.DataError, match="looked for .*nowhere and .*nowhere"):
        utils.load_mnist()


@pytest.mark.parametrize("arguments, message", [
    ({"seed": "1"}, "seed='1' is not valid"),
    ({"seed": -1}, "seed=-1 is not valid"),
    ({"num_words": True}, "num_words=True"),
    ({"maxlen": "80"}, "maxlen='80'"),
    ({"start_char": 1.5}, "start_char=1.5"),
])
def test_load_imdb_names_a_bad_argument(arguments, message):
    with pytest.raises(ValueError, match=message):
        utils.load_imdb(**arguments)


# --------------------------------------------------------------------------
# Decoding reviews
# --------------------------------------------------------------------------


def test_decode_review_refuses_a_batch(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(write_imdb(tmp_path / "d")))
    with pytest.raises(ValueError, match=r"decode each row: \[utils.decode_review\(row\)"):
        utils.decode_review(np.array([[1, 4, 5], [1, 6, 7]]))
    with pytest.raises(TypeError, match="whole-number word ids"):
        utils.decode_review([1.0, 4.5])
    with pytest.raises(TypeError, match="one review"):
        utils.decode_review(42)


def test_decode_review_follows_index_from(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(write_imdb(tmp_path / "d")))
    assert utils.decode_review([1, 4, 5]) == "[START] the and"
    # With index_from=0 (and no start id), ids are the ranks themselves: 1 is "the".
    assert utils.decode_review([1, 2, 5], index_from=0) == "the and movie"
    assert utils.decode_review([2, 3], index_from=1) == "the and"


# --------------------------------------------------------------------------
# Length batches and predictions in order
# --------------------------------------------------------------------------


@pytest.mark.parametrize("x, message", [
    ([[0, 1, 2], [3, 4]], "rows of different lengths"),
    (np.zeros((0, 5), dtype=int), "at least one row"),
    (np.zeros((3, 0), dtype=int), "at least one row"),
    (np.array([["a", "b"]]), "integer ids"),
    (np.array([[0.0, 1.5]]), "integer ids"),
    (np.array([[0, -3]]), "negative ids"),
    (np.array([1, 2, 3]), "2-D array"),
])
def test_length_batches_names_bad_sequences(x, message):
    with pytest.raises(ValueError, match=message):
        utils.length_batches(x, batch_size=2)


@pytest.mark.parametrize("arguments, message", [
    ({"batch_size": 0}, "batch_size must be a positive whole number"),
    ({"batch_size": True}, "batch_size must be a positive whole number"),
    ({"batch_size": 2.5}, "batch_size must be a positive whole number"),
    ({"seed": -1}, "seed must be a whole number"),
    ({"seed": "42"}, "seed must be a whole number"),
    ({"y": np.array(["pos", "neg", "pos", "neg", "pos"])}, "y must hold numbers"),
    ({"y": np.array([0, 1])}, "5 rows but y has 2 labels"),
])
def test_length_batches_names_bad_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        utils.length_batches(PADDED, **{"batch_size": 2, **arguments})


class _RowSignature:
    """A stand-in model whose prediction for a row is a number computed from that row alone."""

    def predict(self, dataset, verbose=0):
        return np.concatenate([(batch.numpy() * [1000, 100, 10, 1][-batch.shape[1]:]).sum(1, keepdims=True)
                               for batch in dataset]).astype(float)


@pytest.mark.parametrize("seed", [None, 0, 42, np.int64(5)])
def test_predict_in_order_gives_each_row_its_own_prediction_even_with_ties(seed):
    rng = np.random.default_rng(0)
    x = np.zeros((200, 4), dtype=int)
    x[:, 2:] = rng.integers(1, 9, size=(200, 2))  # 200 rows, all of length 2: nothing but ties
    x[:50, 1] = rng.integers(1, 9, size=50)       # and 50 of length 3
    expected = (x * [1000, 100, 10, 1]).sum(1, keepdims=True)
    predicted = utils.predict_in_order(_RowSignature(), x, batch_size=16, seed=seed)
    np.testing.assert_array_equal(predicted, expected)


# --------------------------------------------------------------------------
# Plots, results and comparisons
# --------------------------------------------------------------------------


@pytest.mark.parametrize("y_pred, message", [
    (np.array([[0.2], [0.9], [0.6]]), "not probabilities"),
    (np.array([[0.2, 0.8], [0.9, 0.1], [0.4, 0.6]]), "one class label per example"),
    (np.array([0, -1, 1]), "holds the label -1"),
    (np.array([0, 2, 1]), "holds the label 2"),
    (np.array(["neg", "pos", "pos"]), "whole-number class labels"),
    (np.array([0, 1]), "3 labels but y_pred has 2"),
])
def test_confusion_matrix_refuses_what_is_not_class_labels(y_pred, message):
    with pytest.raises(ValueError, match=message):
        utils.plot_confusion_matrix(np.array([0, 1, 1]), y_pred, ["negative", "positive"])


def test_confusion_matrix_takes_a_column_of_labels(monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plt, "show", lambda: None)
    counts = utils.plot_confusion_matrix(np.array([0, 1, 1]), np.array([[0], [1], [0]]), ["negative", "positive"])
    assert counts.tolist() == [[1, 0], [1, 1]]
    plt.close("all")


def test_plots_name_bad_input():
    with pytest.raises(ValueError, match="history is empty"):
        utils.plot_history({})
    with pytest.raises(ValueError, match="list of numbers"):
        utils.plot_history({"loss": ["a", "b"]})
    with pytest.raises(ValueError, match="needs numbers as values"):
        utils.plot_bars({"LSTM": "high"}, ylabel="accuracy", title="t")
    with pytest.raises(TypeError, match="dict of model name"):
        utils.plot_bars([0.8, 0.9], ylabel="accuracy", title="t")


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


@pytest.mark.parametrize("arguments, message", [
    (dict(accuracy_a=88), "fraction from 0 to 1"),
    (dict(accuracy_b="0.8"), "fraction from 0 to 1"),
    (dict(n=0), "at least 1"),
    (dict(n=2.5), "whole number"),
    (dict(seed_sd=-0.1), "standard deviation over seeds"),
])
def test_compare_accuracies_names_bad_input(arguments, message):
    values = dict(name_a="LSTM", accuracy_a=0.88, name_b="GRU", accuracy_b=0.87, n=1000, seed_sd=0.0)
    with pytest.raises(ValueError, match=message):
        utils.compare_accuracies(**{**values, **arguments})


def test_compare_accuracies_says_when_the_difference_is_noise():
    assert "within the noise" in utils.compare_accuracies("A", 0.8831, "B", 0.8810, n=25_000, seed_sd=0.004)
    assert "A ahead by more" in utils.compare_accuracies("A", 0.90, "B", 0.85, n=25_000, seed_sd=0.004)
    assert "B ahead by more" in utils.compare_accuracies("A", 0.85, "B", 0.90, n=25_000)
    assert utils.difference_uncertainty(0.5, 0.5, n=100) == pytest.approx(2 * np.sqrt(0.005))


# --------------------------------------------------------------------------
# The setup cell finds the course's own utils
# --------------------------------------------------------------------------


def _run_setup_cell(cwd: Path, extra_path: Path | None = None) -> subprocess.CompletedProcess:
    cell = SETUP_CELL.replace("SEED = utils.check_environment()", "print('USING', utils.__file__)")
    prelude = f"import sys; sys.path.insert(0, {str(extra_path)!r}); import utils\n" if extra_path else ""
    return subprocess.run([sys.executable, "-c", prelude + cell], cwd=cwd, capture_output=True, text=True)


def test_setup_cell_skips_another_projects_utils(tmp_path):
    foreign = tmp_path / "other-project"
    (foreign / "utils").mkdir(parents=True)
    (foreign / "utils" / "__init__.py").write_text("NAME = 'not the course'\n")
    result = _run_setup_cell(ROOT / "notebooks", extra_path=foreign)  # a foreign `utils` imported first
    assert result.returncode == 0, result.stderr
    assert f"USING {ROOT / 'utils' / '__init__.py'}" in result.stdout


def test_setup_cell_outside_the_course_says_where_it_looked(tmp_path):
    (tmp_path / "utils").mkdir()
    (tmp_path / "utils" / "__init__.py").write_text("")
    result = _run_setup_cell(tmp_path)
    assert result.returncode != 0
    assert "The course's utils/ folder was not found in" in result.stderr and str(tmp_path) in result.stderr


def test_compare_accuracies_names_the_scored_split():
    assert "validation-set noise only" in utils.compare_accuracies("A", 0.9, "B", 0.8, n=1000, split="validation")
    with pytest.raises(ValueError, match="'test' or 'validation'"):
        utils.compare_accuracies("A", 0.9, "B", 0.8, n=1000, split="train")
