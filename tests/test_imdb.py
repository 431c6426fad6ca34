"""utils.imdb: IMDB ids exactly as keras.datasets.imdb.load_data numbers them, every review kept, clear errors."""

import inspect
import json

import numpy as np
import pytest

import utils
from utils import imdb, sources
from utils.safe_files import DataError

pytestmark = pytest.mark.usefixtures("fresh_loaders")

KERAS_DOWNLOAD = imdb._download  # the real one: fresh_loaders replaces it in each test


def _keras_reads_from(monkeypatch, folder):
    """Point keras.datasets.imdb at ``folder`` instead of the network (its module's get_file, found without keras.src)."""
    import keras

    monkeypatch.setattr(inspect.getmodule(keras.datasets.imdb.load_data), "get_file", lambda fname, **kw: str(folder / fname))


KERAS_ARGUMENTS = [
    {},
    {"num_words": 8},
    {"num_words": 9, "skip_top": 5},
    {"num_words": 8, "oov_char": None},
    {"start_char": None, "index_from": 0},
    {"seed": 7, "index_from": 1, "oov_char": 3},
]


@pytest.mark.parametrize("arguments", KERAS_ARGUMENTS)
def test_imdb_ids_match_keras_load_data_exactly(monkeypatch, tmp_path, arguments, write_imdb):
    import keras

    folder = write_imdb(tmp_path / "d")
    _keras_reads_from(monkeypatch, folder)
    (kx_train, ky_train), (kx_test, ky_test) = keras.datasets.imdb.load_data(**arguments)

    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    (x_train, y_train), (x_test, y_test) = utils.load_imdb(**arguments)
    assert x_train.dtype == object and [list(r) for r in x_train] == [list(r) for r in kx_train]
    assert [list(r) for r in x_test] == [list(r) for r in kx_test]
    np.testing.assert_array_equal(y_train, ky_train)
    np.testing.assert_array_equal(y_test, ky_test)


def test_keras_download_path_gives_the_same_ids_as_a_local_folder(monkeypatch, tmp_path, write_imdb, tiny_word_index):
    folder = write_imdb(tmp_path / "d", n_train=30, n_test=25)
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    from_folder = utils.load_imdb(num_words=8, length=6)
    monkeypatch.delenv(sources.DATA_DIR_ENV)
    monkeypatch.setattr(sources, "_loaded", {})
    monkeypatch.setattr(imdb, "_download", KERAS_DOWNLOAD)
    _keras_reads_from(monkeypatch, folder)
    from_keras = utils.load_imdb(num_words=8, length=6)
    assert utils.data_sources()["imdb"] == sources.SOURCE_KERAS
    for a, b in zip(from_folder, from_keras):
        np.testing.assert_array_equal(a[0], b[0])
        np.testing.assert_array_equal(a[1], b[1])
    assert utils.imdb_word_index() == tiny_word_index


def test_length_pads_and_truncates_at_the_front_and_keeps_every_review(monkeypatch, tmp_path, write_imdb):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(write_imdb(tmp_path / "d")))
    (whole, _), _ = utils.load_imdb()
    (x_train, y_train), (x_test, _) = utils.load_imdb(length=5)
    assert x_train.shape == (12, 5) and x_test.shape == (9, 5) and y_train.shape == (12,)
    for row, review in zip(x_train, whole):
        kept = list(review)[-5:]
        assert list(row) == [0] * (5 - len(kept)) + kept
    (back, _), _ = utils.load_imdb(length=5, padding="post", truncating="post")
    for row, review in zip(back, whole):
        kept = list(review)[:5]
        assert list(row) == kept + [0] * (5 - len(kept))


def test_the_old_maxlen_keyword_names_its_new_name(monkeypatch, tmp_path, write_imdb):
    """Keras's imdb.load_data(maxlen=80) drops longer reviews; the course's length=80 keeps and cuts them."""
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(write_imdb(tmp_path / "d")))
    with pytest.raises(TypeError, match=r"no maxlen= any more: pass length=80, which pads or cuts every review"):
        utils.load_imdb(num_words=8, maxlen=80)
    with pytest.raises(TypeError, match="unexpected keyword argument 'max_len'"):
        utils.load_imdb(max_len=80)
    assert utils.load_imdb(8, 5)[0][0].shape == (12, 5), "the second positional argument is the length"


@pytest.mark.parametrize("arguments, message", [
    ({"num_words": 3}, "at least 4"),
    ({"num_words": 2.5}, "at least 4"),
    ({"num_words": True}, "num_words=True"),
    ({"length": 0}, "positive length"),
    ({"length": -80}, "positive length"),
    ({"length": "80"}, "length='80'"),
    ({"skip_top": -1}, "skip"),
    ({"padding": "middle"}, "'pre' or 'post'"),
    ({"seed": "1"}, "seed='1' is not valid"),
    ({"seed": -1}, "seed=-1 is not valid"),
    ({"start_char": 1.5}, "start_char=1.5"),
])
def test_load_imdb_names_a_bad_argument(arguments, message):
    with pytest.raises(ValueError, match=message):
        utils.load_imdb(**arguments)


@pytest.mark.parametrize("damage, message", [
    (lambda wi: {**wi, "movie": 99}, "not 1 to"),                          # a missing rank
    (lambda wi: {**wi, "plot": 1}, "not 1 to"),                            # a repeated rank
    (lambda wi: {**wi, "movie": "5"}, "not a whole number"),               # a rank that is text
    (lambda wi: {w: 10 - r for w, r in wi.items()}, "ranks are shuffled"),  # ranks permuted
    (lambda wi: {**wi, "the": 2, "and": 1}, "ranks are shuffled"),         # two ranks swapped
    (lambda wi: list(wi), "JSON object"),                                  # not an object
])
def test_a_damaged_word_index_is_named_before_any_review_is_decoded(monkeypatch, tmp_path, damage, message,
                                                                     write_imdb, tiny_word_index):
    folder = write_imdb(tmp_path / "d", n_train=60, n_test=40)
    (folder / "imdb_word_index.json").write_text(json.dumps(damage(tiny_word_index)))
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    with pytest.raises(DataError, match=message):
        utils.load_imdb()


@pytest.mark.parametrize("rows, message", [
    ([["a", "b"], [1, 2]], "not a list of whole-number word ranks"),
    ([[1.5, 2.0], [1, 2]], "not a list of whole-number word ranks"),
    ([[1, -2], [1, 2]], "word ranks start at 1"),
])
def test_imdb_reviews_that_are_not_word_ranks_are_an_error(monkeypatch, tmp_path, rows, message, write_imdb):
    folder = write_imdb(tmp_path / "d")
    x = np.empty(2, dtype=object)
    x[:] = rows
    np.savez(folder / "imdb.npz", x_train=x, y_train=np.array([0, 1]), x_test=x, y_test=np.array([1, 0]))
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    with pytest.raises(DataError, match=message):
        utils.load_imdb()
