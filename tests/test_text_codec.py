"""utils.text_codec: tokenize, encode your own text and decode reviews with the ids load_imdb uses."""

import gzip
import json
import os
from pathlib import Path

import numpy as np
import pytest

import utils
from utils import safe_files, sources

pytestmark = pytest.mark.usefixtures("fresh_loaders")

# The real data: RNN_COURSE_DATA_DIR when it is set (as .ci/run does), else ../shared/data beside the checkout.
SHARED_DATA = Path(
    os.environ.get(sources.DATA_DIR_ENV, "").strip() or Path(__file__).resolve().parents[2] / "shared" / "data"
).expanduser().resolve()


def test_encode_and_decode_review(monkeypatch, tmp_path, write_imdb):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(write_imdb(tmp_path / "d")))
    ids = utils.encode_review("The movie was GREAT, the plot... unknownword!")
    assert ids == [1, 4, 8, 12, 9, 4, 11, 2]
    assert utils.decode_review([0, 0] + ids) == "[START] the movie was great the plot [OOV]"
    assert utils.decode_review([0, 1, 4], skip_padding=False) == "[PAD] [START] the"
    assert utils.encode_review("the plot", num_words=8) == [1, 4, 2]
    with pytest.raises(TypeError):
        utils.tokenize(["not", "text"])
    assert utils.tokenize("Hello,<br />World") == ["hello", "br", "world"]


def test_decode_review_refuses_a_batch(monkeypatch, tmp_path, write_imdb):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(write_imdb(tmp_path / "d")))
    with pytest.raises(ValueError, match=r"decode each row: \[utils.decode_review\(row\)"):
        utils.decode_review(np.array([[1, 4, 5], [1, 6, 7]]))
    with pytest.raises(TypeError, match="whole-number word ids"):
        utils.decode_review([1.0, 4.5])
    with pytest.raises(TypeError, match="one review"):
        utils.decode_review(42)


def test_decode_review_follows_index_from(monkeypatch, tmp_path, write_imdb):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(write_imdb(tmp_path / "d")))
    assert utils.decode_review([1, 4, 5]) == "[START] the and"
    # With index_from=0 (and no start id), ids are the ranks themselves: 1 is "the".
    assert utils.decode_review([1, 2, 5], index_from=0) == "the and movie"
    assert utils.decode_review([2, 3], index_from=1) == "the and"


def test_decoding_follows_a_change_of_data_folder(monkeypatch, tmp_path, write_imdb, tiny_word_index):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(write_imdb(tmp_path / "a")))
    assert utils.decode_review([8]) == "movie"  # rank 5 + index_from 3
    other = write_imdb(tmp_path / "b")
    (other / "imdb_word_index.json").write_text(json.dumps({**tiny_word_index, "movie": 6, "great": 5}))
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(other))
    assert utils.decode_review([8]) == "great", "decoded with the word index of the folder now in use"


@pytest.mark.skipif(not (SHARED_DATA / "imdb.npz").exists(), reason="needs ../shared/data")
def test_encode_review_reproduces_the_real_test_reviews(monkeypatch):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(SHARED_DATA))
    raw_test = safe_files.read_npz(SHARED_DATA / "imdb.npz", ["x_test"])["x_test"]
    with gzip.open(SHARED_DATA / "imdb_test_raw_sample.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line, _ in zip(handle, range(100))]
    for row in rows:
        ids = utils.encode_review(row["text"], start_char=None, index_from=0)
        assert ids == list(raw_test[row["x_test_index"]])
