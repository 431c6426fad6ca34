"""The data loaders: Keras-identical IMDB semantics, MNIST, sources, bad input."""

import gzip
import json
import os
from pathlib import Path

import numpy as np
import pytest

import utils
from utils import data, samples

# The real data: RNN_COURSE_DATA_DIR when it is set (as .ci/run does), else ../shared/data beside the checkout.
SHARED_DATA = Path(
    os.environ.get(data.DATA_DIR_ENV, "").strip() or Path(__file__).resolve().parents[2] / "shared" / "data"
).expanduser().resolve()

WORD_INDEX = {"the": 1, "and": 2, "a": 3, "of": 4, "movie": 5, "great": 6, "bad": 7, "plot": 8, "was": 9}


def _ragged(rows):
    array = np.empty(len(rows), dtype=object)
    array[:] = [list(row) for row in rows]
    return array


@pytest.fixture(autouse=True)
def fresh_loaders(monkeypatch, tmp_path):
    """Each test starts with empty loader caches, no data folder and no real network."""
    monkeypatch.setattr(data, "_cache", {})
    monkeypatch.setattr(data, "_sources", {})
    monkeypatch.setattr(data, "COURSE_DATA_DIR", tmp_path / "empty-course-data")
    monkeypatch.delenv(data.DATA_DIR_ENV, raising=False)
    monkeypatch.delenv(data.REQUIRE_REAL_ENV, raising=False)

    def no_network(*args, **kwargs):
        raise OSError("no network in the unit tests")

    import keras.src.datasets.imdb as keras_imdb
    import keras.src.datasets.mnist as keras_mnist

    monkeypatch.setattr(keras_imdb, "get_file", no_network)
    monkeypatch.setattr(keras_mnist, "get_file", no_network)


def write_imdb(folder: Path, n_train=12, n_test=9, seed=0, y_train=None) -> Path:
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    zipf = 1 / np.arange(1, 10)  # rank 1 the most frequent word, as in a real word index
    rows = lambda n: _ragged([rng.choice(np.arange(1, 10), size=rng.integers(1, 15), p=zipf / zipf.sum()).tolist() for _ in range(n)])  # noqa: E731
    np.savez(
        folder / "imdb.npz",
        x_train=rows(n_train), y_train=rng.integers(0, 2, n_train) if y_train is None else y_train,
        x_test=rows(n_test), y_test=rng.integers(0, 2, n_test),
    )
    (folder / "imdb_word_index.json").write_text(json.dumps(WORD_INDEX))
    return folder


def write_mnist(folder: Path, n_train=20, n_test=10, x_train=None) -> Path:
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


KERAS_ARGUMENTS = [
    {},
    {"num_words": 8},
    {"num_words": 9, "skip_top": 5},
    {"num_words": 8, "oov_char": None},
    {"start_char": None, "index_from": 0},
    {"seed": 7, "index_from": 1, "oov_char": 3},
]


@pytest.mark.parametrize("arguments", KERAS_ARGUMENTS)
def test_imdb_ids_match_keras_load_data_exactly(monkeypatch, tmp_path, arguments):
    folder = write_imdb(tmp_path / "d")
    import keras
    import keras.src.datasets.imdb as keras_imdb

    monkeypatch.setattr(keras_imdb, "get_file", lambda fname, **kw: str(folder / fname))
    (kx_train, ky_train), (kx_test, ky_test) = keras.datasets.imdb.load_data(**arguments)

    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    (x_train, y_train), (x_test, y_test) = utils.load_imdb(**arguments)
    assert x_train.dtype == object and [list(r) for r in x_train] == [list(r) for r in kx_train]
    assert [list(r) for r in x_test] == [list(r) for r in kx_test]
    np.testing.assert_array_equal(y_train, ky_train)
    np.testing.assert_array_equal(y_test, ky_test)


def test_keras_download_path_gives_the_same_ids_as_a_local_folder(monkeypatch, tmp_path):
    folder = write_imdb(tmp_path / "d", n_train=30, n_test=25)
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    from_folder = utils.load_imdb(num_words=8, maxlen=6)
    monkeypatch.delenv(data.DATA_DIR_ENV)
    monkeypatch.setattr(data, "_cache", {})
    import keras.src.datasets.imdb as keras_imdb

    monkeypatch.setattr(keras_imdb, "get_file", lambda fname, **kw: str(folder / fname))
    from_keras = utils.load_imdb(num_words=8, maxlen=6)
    assert utils.data_sources()["imdb"] == data.SOURCE_KERAS
    for a, b in zip(from_folder, from_keras):
        np.testing.assert_array_equal(a[0], b[0])
        np.testing.assert_array_equal(a[1], b[1])
    assert utils.imdb_word_index() == WORD_INDEX


def test_maxlen_pads_and_truncates_at_the_front_and_keeps_every_review(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(write_imdb(tmp_path / "d")))
    (whole, _), _ = utils.load_imdb()
    (x_train, y_train), (x_test, _) = utils.load_imdb(maxlen=5)
    assert x_train.shape == (12, 5) and x_test.shape == (9, 5) and y_train.shape == (12,)
    for row, review in zip(x_train, whole):
        kept = list(review)[-5:]
        assert list(row) == [0] * (5 - len(kept)) + kept


def test_loader_reports_its_source(monkeypatch, tmp_path, capsys):
    folder = write_imdb(tmp_path / "d")
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    utils.load_imdb(num_words=8)
    assert "loaded from local folder" in capsys.readouterr().out
    assert utils.data_sources() == {"imdb": f"{data.SOURCE_LOCAL} ({folder})"}
    assert utils.is_real("imdb")


def test_course_data_folder_is_used_when_no_variable_is_set(monkeypatch, tmp_path):
    folder = write_imdb(tmp_path / "course-data")
    monkeypatch.setattr(data, "COURSE_DATA_DIR", folder)
    utils.load_imdb()
    assert utils.data_sources()["imdb"].startswith(data.SOURCE_LOCAL)


@pytest.mark.parametrize("arguments, message", [
    ({"num_words": 3}, "at least 4"),
    ({"num_words": 2.5}, "at least 4"),
    ({"maxlen": 0}, "positive length"),
    ({"maxlen": -80}, "positive length"),
    ({"skip_top": -1}, "skip"),
    ({"padding": "middle"}, "'pre' or 'post'"),
])
def test_bad_arguments_get_a_clear_error(arguments, message):
    with pytest.raises(ValueError, match=message):
        utils.load_imdb(**arguments)


def test_a_data_folder_that_lacks_a_file_is_an_error(monkeypatch, tmp_path):
    folder = write_imdb(tmp_path / "d")
    (folder / "imdb_word_index.json").unlink()
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    with pytest.raises(data.DataError, match="has no imdb_word_index.json"):
        utils.load_imdb()
    with pytest.raises(data.DataError, match="has no mnist.npz"):
        utils.load_mnist()


def test_a_data_folder_that_does_not_exist_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(data.DataError, match="is not a folder"):
        utils.load_mnist()


def test_half_a_dataset_in_the_course_folder_is_an_error(monkeypatch, tmp_path):
    folder = write_imdb(tmp_path / "course-data")
    (folder / "imdb.npz").unlink()
    monkeypatch.setattr(data, "COURSE_DATA_DIR", folder)
    with pytest.raises(data.DataError, match="needs them together"):
        utils.load_imdb()


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_corrupt_or_truncated_npz_is_an_error(monkeypatch, tmp_path, damage):
    folder = write_mnist(tmp_path / "d", n_train=500)
    path = folder / "mnist.npz"
    content = path.read_bytes()
    path.write_bytes(b"not a zip file at all" if damage == "garbage" else content[: len(content) // 2])
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    with pytest.raises(data.DataError, match="Copy the file again"):
        utils.load_mnist()


def test_npz_without_the_keras_keys_is_an_error(monkeypatch, tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    np.savez(folder / "mnist.npz", images=np.zeros((2, 28, 28), np.uint8))
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    with pytest.raises(data.DataError, match="lacks the array"):
        utils.load_mnist()


def test_labels_of_the_wrong_shape_are_an_error(monkeypatch, tmp_path):
    folder = write_imdb(tmp_path / "d", y_train=np.zeros((12, 2), dtype=int))
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    with pytest.raises(data.DataError, match="one label per"):
        utils.load_imdb()


def test_labels_outside_the_classes_are_an_error(monkeypatch, tmp_path):
    folder = write_imdb(tmp_path / "d", y_train=np.full(12, 5))
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    with pytest.raises(data.DataError, match=r"holds labels \[5\]"):
        utils.load_imdb()


def test_mnist_images_of_the_wrong_shape_are_an_error(monkeypatch, tmp_path):
    folder = write_mnist(tmp_path / "d", x_train=np.zeros((20, 32, 32), np.uint8))
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    with pytest.raises(data.DataError, match=r"shape \(n, 28, 28\)"):
        utils.load_mnist()


def test_mnist_from_a_folder_has_keras_shapes_and_dtypes(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(write_mnist(tmp_path / "d")))
    (x_train, y_train), (x_test, y_test) = utils.load_mnist()
    assert x_train.shape == (20, 28, 28) and x_test.shape == (10, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8 and y_test.shape == (10,)


def test_offline_fallback_uses_the_generated_sample_and_says_so(capsys):
    (x_train, y_train), (x_test, y_test) = utils.load_imdb(num_words=1000, maxlen=40)
    (m_train, l_train), _ = utils.load_mnist()
    out = capsys.readouterr().out
    assert out.count("OFFLINE SAMPLE") == 2 and "GENERATED sample" in out
    assert x_train.shape == (samples.IMDB_SAMPLE_SIZE, 40) and set(np.unique(y_train)) == {0, 1}
    assert m_train.shape == (samples.MNIST_TRAIN_SIZE, 28, 28) and m_train.dtype == np.uint8
    assert utils.data_sources() == {"imdb": data.SOURCE_SAMPLE, "mnist": data.SOURCE_SAMPLE}
    assert not utils.is_real("imdb")
    # The sample's own vocabulary decodes its reviews.
    assert "[START]" in utils.decode_review(x_train[0]) or x_train[0][0] != 0


def test_require_real_data_turns_the_fallback_into_an_error(monkeypatch):
    monkeypatch.setenv(data.REQUIRE_REAL_ENV, "1")
    with pytest.raises(data.DataError, match="forbids the generated sample"):
        utils.load_mnist()


def test_the_generated_samples_are_deterministic_and_learnable():
    first, second = samples.make_imdb_sample(), samples.make_imdb_sample()
    assert [list(r) for r in first["x_train"][:50]] == [list(r) for r in second["x_train"][:50]]
    # A bag-of-words least-squares classifier separates the sample's labels.
    vocabulary = len(first["word_index"]) + 1
    def bags(x):
        out = np.zeros((len(x), vocabulary))
        for i, review in enumerate(x):
            np.add.at(out[i], review, 1)
        return out
    weights, *_ = np.linalg.lstsq(bags(first["x_train"]), first["y_train"] - 0.5, rcond=None)
    accuracy = ((bags(first["x_test"]) @ weights > 0) == first["y_test"]).mean()
    assert accuracy > 0.8
    digits = samples.make_mnist_sample()
    centroids = np.stack([digits["x_train"][digits["y_train"] == d].mean(0).ravel() for d in range(10)])
    distances = ((digits["x_test"].reshape(-1, 1, 784) - centroids[None]) ** 2).sum(-1)
    assert (distances.argmin(1) == digits["y_test"]).mean() > 0.6


def test_encode_and_decode_review(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(write_imdb(tmp_path / "d")))
    ids = utils.encode_review("The movie was GREAT, the plot... unknownword!")
    assert ids == [1, 4, 8, 12, 9, 4, 11, 2]
    assert utils.decode_review([0, 0] + ids) == "[START] the movie was great the plot [OOV]"
    assert utils.encode_review("the plot", num_words=8) == [1, 4, 2]
    with pytest.raises(TypeError):
        utils.tokenize(["not", "text"])
    assert utils.tokenize("Hello,<br />World") == ["hello", "br", "world"]


@pytest.mark.skipif(not (SHARED_DATA / "imdb.npz").exists(), reason="needs ../shared/data")
def test_encode_review_reproduces_the_real_test_reviews(monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(SHARED_DATA))
    raw_test = data._read_npz(SHARED_DATA / "imdb.npz", ["x_test"])["x_test"]
    with gzip.open(SHARED_DATA / "imdb_test_raw_sample.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line, _ in zip(handle, range(100))]
    for row in rows:
        ids = utils.encode_review(row["text"], start_char=None, index_from=0)
        assert ids == list(raw_test[row["x_test_index"]])
