"""Between text and IMDB word ids: tokenize, encode your own text, decode a review back into words.

The ids are the ones ``utils.load_imdb`` gives, with the word index of the
IMDB data in use (real, or the generated sample's own vocabulary).
"""

from __future__ import annotations

from typing import Iterable

import numpy as np

from .imdb import OOV_ID, PAD_ID, START_ID, UNUSED_ID, check_whole_number, raw_imdb

# Keras's default `filters` for text: these characters become spaces.
_KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
_TOKEN_TABLE = str.maketrans(_KERAS_FILTERS, " " * len(_KERAS_FILTERS))

_tables: dict[int, tuple[dict[str, int], dict[int, str]]] = {}  # index_from -> (the word index it was built from, table)


def tokenize(text: str) -> list[str]:
    """Split text into words as the IMDB files were made: lower-case, Keras's filter characters as spaces."""
    if not isinstance(text, str):
        raise TypeError(f"tokenize() needs a string of text, got {type(text).__name__}.")
    return text.lower().translate(_TOKEN_TABLE).split()


def encode_review(
    text: str,
    *,
    num_words: int | None = None,
    start_char: int | None = START_ID,
    oov_char: int = OOV_ID,
    index_from: int = 3,
) -> list[int]:
    """Encode your own text with the ids ``load_imdb`` uses (pass the same ``num_words``).

    Unknown words, and words outside the ``num_words`` most frequent, become
    ``oov_char``. Pad the result with ``keras.utils.pad_sequences([ids], maxlen=...)``.
    """
    check_whole_number("num_words", num_words, 4, "use the num_words you passed to load_imdb, e.g. 10_000.")
    word_index = raw_imdb()["word_index"]
    ids = [] if start_char is None else [start_char]
    for word in tokenize(text):
        rank = word_index.get(word)
        token = oov_char if rank is None else rank + index_from
        if num_words is not None and token >= num_words:
            token = oov_char
        ids.append(token)
    return ids


def _index_to_word(index_from: int) -> dict[int, str]:
    word_index = raw_imdb()["word_index"]
    cached = _tables.get(index_from)
    if cached is None or cached[0] is not word_index:  # another data folder, or the sample, since it was built
        table = {rank + index_from: word for word, rank in word_index.items()}
        specials = {START_ID: "[START]", OOV_ID: "[OOV]", UNUSED_ID: "[UNUSED]"}
        table.update({token: name for token, name in specials.items() if token < index_from})  # ids below the words
        _tables[index_from] = cached = (word_index, table)
    return cached[1]


def decode_review(ids: Iterable[int], *, index_from: int = 3, skip_padding: bool = True) -> str:
    """Turn one review's ids back into words ("[START]", "[OOV]" for the special ids).

    Pass the ``index_from`` that ``load_imdb`` used (3 by default). For a batch
    of reviews, decode each row: ``[decode_review(row) for row in x[:3]]``.
    """
    check_whole_number("index_from", index_from, 0, "pass the index_from you gave load_imdb (3 by default).", allow_none=False)
    try:
        array = np.asarray(ids if isinstance(ids, np.ndarray) else list(ids))
    except (TypeError, ValueError) as error:
        raise TypeError(f"decode_review() needs one review: a sequence of word ids, got {type(ids).__name__}.") from error
    if array.ndim != 1:
        raise ValueError(
            f"decode_review() decodes one review (a 1-D sequence of ids), got shape {array.shape}. "
            "For a batch, decode each row: [utils.decode_review(row) for row in x[:3]]."
        )
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"decode_review() needs whole-number word ids, got {array.dtype} values such as {array[0]!r}.")
    table = _index_to_word(int(index_from))
    words = []
    for token in array.tolist():
        if token == PAD_ID and skip_padding:
            continue
        words.append("[PAD]" if token == PAD_ID else table.get(int(token), "[OOV]"))
    return " ".join(words)
