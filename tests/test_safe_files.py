"""utils.safe_files: data files are read without running code from them, and damaged files are named."""

from pathlib import Path

import numpy as np
import pytest

import utils
from utils import safe_files, sources

pytestmark = pytest.mark.usefixtures("fresh_loaders")


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
def test_a_data_file_with_a_pickle_payload_runs_no_code(monkeypatch, tmp_path, dataset, write_imdb, write_mnist):
    folder = write_imdb(tmp_path / "d") if dataset == "imdb" else write_mnist(tmp_path / "d")
    marker = tmp_path / "code-ran"
    _hostile_npz(folder / f"{dataset}.npz", marker, ["x_train", "y_train", "x_test", "y_test"])
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    with pytest.raises(safe_files.DataError, match="which a data file never needs"):
        utils.load_imdb() if dataset == "imdb" else utils.load_mnist()
    assert not marker.exists()


def test_ragged_imdb_reviews_load_without_allowing_pickle(monkeypatch, tmp_path, write_imdb):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(write_imdb(tmp_path / "d")))
    (x_train, _), _ = utils.load_imdb()
    assert x_train.dtype == object and all(isinstance(review, list) for review in x_train)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_corrupt_or_truncated_npz_is_an_error(monkeypatch, tmp_path, damage, write_mnist):
    folder = write_mnist(tmp_path / "d", n_train=500)
    path = folder / "mnist.npz"
    content = path.read_bytes()
    path.write_bytes(b"not a zip file at all" if damage == "garbage" else content[: len(content) // 2])
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    with pytest.raises(safe_files.DataError, match="Copy the file again"):
        utils.load_mnist()


def test_npz_without_the_keras_keys_is_an_error(monkeypatch, tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    np.savez(folder / "mnist.npz", images=np.zeros((2, 28, 28), np.uint8))
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    with pytest.raises(safe_files.DataError, match="lacks the array"):
        utils.load_mnist()


def test_a_word_index_that_is_not_json_is_named(monkeypatch, tmp_path, write_imdb):
    folder = write_imdb(tmp_path / "d")
    (folder / "imdb_word_index.json").write_text("{not json")
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    with pytest.raises(safe_files.DataError, match="imdb_word_index.json could not be read as JSON .* remove it together"):
        utils.load_imdb()


def test_labels_of_the_wrong_shape_are_an_error(monkeypatch, tmp_path, write_imdb):
    folder = write_imdb(tmp_path / "d", y_train=np.zeros((12, 2), dtype=int))
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    with pytest.raises(safe_files.DataError, match="one label per"):
        utils.load_imdb()


def test_labels_outside_the_classes_are_an_error(monkeypatch, tmp_path, write_imdb):
    folder = write_imdb(tmp_path / "d", y_train=np.full(12, 5))
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    with pytest.raises(safe_files.DataError, match=r"holds labels \[5\]"):
        utils.load_imdb()


def test_file_digest_is_the_hash_of_the_bytes(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"abc")
    assert safe_files.file_digest(path, "md5") == "900150983cd24fb0d6963f7d28e17f72"
    assert safe_files.file_digest(path, "sha256").startswith("ba7816bf8f01cfea")
