"""utils.sources: which source the data comes from (a folder, Keras's cache, the generated sample), said out loud."""

import inspect
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import utils
from utils import mnist, samples, sources
from utils.safe_files import DataError

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.usefixtures("fresh_loaders")


def _tiny_mnist_sample():
    rng = np.random.default_rng(0)
    return {"x_train": rng.integers(0, 256, (4, 28, 28), dtype=np.uint8), "y_train": np.arange(4, dtype=np.uint8),
            "x_test": rng.integers(0, 256, (2, 28, 28), dtype=np.uint8), "y_test": np.arange(2, dtype=np.uint8)}


def test_loader_reports_its_source(monkeypatch, tmp_path, capsys, write_imdb):
    folder = write_imdb(tmp_path / "d")
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    utils.load_imdb(num_words=8)
    assert "loaded from local folder" in capsys.readouterr().out
    assert utils.data_sources() == {"imdb": f"{sources.SOURCE_LOCAL} ({folder})"}
    assert utils.is_real("imdb")
    with pytest.raises(KeyError, match="'mnist' has not been loaded yet"):
        utils.is_real("mnist")


def test_course_data_folder_is_used_when_no_variable_is_set(monkeypatch, tmp_path, write_imdb):
    folder = write_imdb(tmp_path / "course-data")
    monkeypatch.setattr(sources, "COURSE_DATA_DIR", folder)
    utils.load_imdb()
    assert utils.data_sources()["imdb"].startswith(sources.SOURCE_LOCAL)


def test_a_data_folder_that_lacks_a_file_is_an_error(monkeypatch, tmp_path, write_imdb):
    folder = write_imdb(tmp_path / "d")
    (folder / "imdb_word_index.json").unlink()
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    with pytest.raises(DataError, match="has no imdb_word_index.json"):
        utils.load_imdb()
    with pytest.raises(DataError, match="has no mnist.npz"):
        utils.load_mnist()


def test_a_data_folder_that_does_not_exist_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(DataError, match="is not a folder"):
        utils.load_mnist()


def test_half_a_dataset_in_the_course_folder_is_an_error(monkeypatch, tmp_path, write_imdb):
    folder = write_imdb(tmp_path / "course-data")
    (folder / "imdb.npz").unlink()
    monkeypatch.setattr(sources, "COURSE_DATA_DIR", folder)
    with pytest.raises(DataError, match="needs them together"):
        utils.load_imdb()


def test_a_relative_data_folder_works_from_the_notebooks_folder(monkeypatch, tmp_path, write_imdb):
    course = tmp_path / "course"
    write_imdb(course / "my-data")
    (course / "notebooks").mkdir()
    monkeypatch.setattr(sources, "COURSE_DATA_DIR", course / "data")
    monkeypatch.chdir(course / "notebooks")
    monkeypatch.setenv(sources.DATA_DIR_ENV, "my-data")  # relative to the course folder, not to notebooks/
    utils.load_imdb()
    assert utils.data_sources()["imdb"] == f"{sources.SOURCE_LOCAL} ({course / 'my-data'})"
    monkeypatch.setenv(sources.DATA_DIR_ENV, "nowhere")
    with pytest.raises(DataError, match="looked for .*nowhere and .*nowhere"):
        utils.load_mnist()


def test_offline_fallback_uses_the_generated_sample_and_says_so(capsys):
    (x_train, y_train), (x_test, y_test) = utils.load_imdb(num_words=1000, length=40)
    (m_train, l_train), _ = utils.load_mnist()
    out = capsys.readouterr().out
    assert out.count("OFFLINE SAMPLE") == 2 and "GENERATED sample" in out
    assert "the Keras download failed: OSError: no network in the unit tests" in out
    assert x_train.shape == (samples.IMDB_SAMPLE_SIZE, 40) and set(np.unique(y_train)) == {0, 1}
    assert m_train.shape == (samples.MNIST_TRAIN_SIZE, 28, 28) and m_train.dtype == np.uint8
    assert utils.data_sources() == {"imdb": sources.SOURCE_SAMPLE, "mnist": sources.SOURCE_SAMPLE}
    assert not utils.is_real("imdb") and not utils.is_real("mnist")
    # The sample's own vocabulary decodes its reviews: every word is one of the sample's words.
    (whole, _), _ = utils.load_imdb(num_words=1000)
    words = utils.decode_review(whole[0]).split()
    assert words[0] == "[START]" and len(words) == len(whole[0])
    assert set(words[1:]) <= set(utils.imdb_word_index()) | {"[OOV]"} and len(set(words[1:]) - {"[OOV]"}) >= 2


@pytest.mark.parametrize("value", ["1", "true"])
def test_require_real_data_turns_the_fallback_into_an_error_that_says_it_is_on(monkeypatch, value):
    monkeypatch.setenv(sources.REQUIRE_REAL_ENV, value)
    with pytest.raises(DataError, match=f"{sources.REQUIRE_REAL_ENV} is on, which forbids the generated sample"):
        utils.load_mnist()


@pytest.mark.parametrize("value", ["false", "no", "off", "0"])
def test_require_real_data_off_allows_the_sample(monkeypatch, value, capsys):
    monkeypatch.setattr(samples, "make_mnist_sample", _tiny_mnist_sample)  # the real one takes seconds
    monkeypatch.setenv(sources.REQUIRE_REAL_ENV, value)
    utils.load_mnist()
    assert "OFFLINE SAMPLE" in capsys.readouterr().out


def test_a_foreign_file_in_the_keras_cache_is_left_alone(monkeypatch, tmp_path, capsys, write_mnist):
    """A teacher's copy of the data in ~/.keras/datasets fails Keras's checksum: Keras would
    try to download over it and delete it when that fails. The course touches neither."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    cache = sources.keras_cache_dir()
    assert cache == tmp_path / "keras-home" / "datasets"
    write_mnist(cache)
    before = (cache / "mnist.npz").read_bytes()

    def must_not_be_called():
        raise AssertionError("the Keras download was called on a file it would delete")

    monkeypatch.setattr(mnist, "_download", must_not_be_called)
    monkeypatch.setattr(samples, "make_mnist_sample", _tiny_mnist_sample)
    utils.load_mnist()
    out = capsys.readouterr().out
    assert "which Keras's checksum rejects" in out and f"set {sources.DATA_DIR_ENV} to its folder" in out
    assert (cache / "mnist.npz").read_bytes() == before


def test_the_keras_checksums_are_the_ones_keras_checks():
    import keras

    loaders = (keras.datasets.imdb.load_data, keras.datasets.imdb.get_word_index, keras.datasets.mnist.load_data)
    keras_source = "".join(inspect.getsource(loader) for loader in loaders)
    for name, (_, digest) in sources.KERAS_CACHE_FILES.items():
        assert digest in keras_source, f"Keras no longer checks {name} against {digest}"


@pytest.mark.parametrize("keras_home", ["KERAS_HOME", "HOME"])
def test_keras_cache_dir_is_where_keras_get_file_saves(tmp_path, keras_home):
    """Download a local file through keras.utils.get_file (no network) into a fresh KERAS_HOME, or a fresh HOME.

    keras_cache_dir() is asked before Keras is imported (Keras creates its folder on import) and after.
    """
    source = tmp_path / "source.txt"
    source.write_text("hello")
    script = (
        "from utils.sources import keras_cache_dir; before = keras_cache_dir(); import keras; "
        f"path = keras.utils.get_file('copied.txt', origin={source.as_uri()!r}); "
        "print(path); print(before / 'copied.txt'); print(keras_cache_dir() / 'copied.txt')"
    )
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("KERAS_HOME", None)
    if keras_home == "KERAS_HOME":
        env["KERAS_HOME"] = str(tmp_path / "kh")
    else:
        env["HOME"] = str(tmp_path / "home")
        (tmp_path / "home").mkdir()
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    saved, expected_before, expected_after = out.stdout.strip().splitlines()[-3:]
    assert Path(saved) == Path(expected_before) == Path(expected_after) and Path(saved).read_text() == "hello"
    assert str(tmp_path) in saved


def test_a_second_load_reads_no_file_again(monkeypatch, tmp_path, write_mnist):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(write_mnist(tmp_path / "d")))
    first = utils.load_mnist()
    (tmp_path / "d" / "mnist.npz").unlink()
    second = utils.load_mnist()
    np.testing.assert_array_equal(first[0][0], second[0][0])
    second[0][0][:] = 0  # a learner's change to the arrays does not reach the next load
    assert utils.load_mnist()[0][0].any()
