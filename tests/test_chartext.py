"""utils.chartext: IMDB reviews as characters, and the windows of a character language model."""

import numpy as np
import pytest

from utils import chartext, sources

pytestmark = pytest.mark.usefixtures("fresh_loaders")


def test_clean_words_drops_line_breaks_and_rare_characters():
    assert chartext.clean_words(["a", "br", "film", "café", "isn't", "10", "it's!"]) == "a film isn't 10"
    assert chartext.clean_words([]) == ""


def test_encode_and_decode_round_trip():
    ids = chartext.encode("a 10 out of 10 film")
    assert ids.dtype == np.int32 and ids.min() >= 0 and ids.max() < chartext.vocab_size
    assert chartext.decode(ids) == "a 10 out of 10 film"
    assert chartext.decode(chartext.encode(chartext.ALPHABET)) == chartext.ALPHABET
    assert list(chartext.encode(" '0a")) == [0, 1, 2, 12]
    with pytest.raises(ValueError, match="not in the alphabet"):
        chartext.encode("Capital letters!")


def test_make_windows_shifts_the_target_by_one():
    texts = ["abcdefghij", "klmnopqrstuvw", "xy"]  # windows of 4: 2, 3 and none
    x, s, y = chartext.make_windows(texts, [1, 0, 1], 4)
    assert x.shape == s.shape == y.shape == (5, 4)
    assert chartext.decode(x[0]) == " abc" and chartext.decode(y[0]) == "abcd"
    assert chartext.decode(x[2]) == " klm"
    assert (x[:, 1:] == y[:, :-1]).all()
    assert s[:2].tolist() == [[1] * 4] * 2 and s[2:].tolist() == [[0] * 4] * 3


def test_make_windows_refuses_bad_input():
    with pytest.raises(ValueError, match="one sentiment"):
        chartext.make_windows(["abc"], [1, 0], 2)
    with pytest.raises(ValueError, match="window length"):
        chartext.make_windows(["abc"], [1], 0)
    with pytest.raises(ValueError, match="no text is longer"):
        chartext.make_windows(["ab"], [1], 10)


def test_first_reviews_decode_in_order_until_enough_text(monkeypatch, tmp_path, write_imdb):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(write_imdb(tmp_path / "d")))
    # ids with index_from=3: "the" is 4, "movie" 8, "was" 12, "great" 9
    reviews = [[4, 8, 12, 9], [4, 8], [9, 9, 9]]
    assert chartext.review_text(reviews[0]) == "the movie was great"
    assert chartext.first_reviews(reviews, 1) == ["the movie was great"]
    assert chartext.first_reviews(reviews, 20) == ["the movie was great", "the movie"]
    assert len(chartext.first_reviews(reviews, 10_000)) == 3, "stops at the last review"
    with pytest.raises(ValueError, match="how many characters"):
        chartext.first_reviews(reviews, 0)
