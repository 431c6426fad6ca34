"""IMDB reviews as plain characters: the text and the windows of notebook 08's character model.

Notebook 08 builds its corpus this way and explains each step; notebook 11 trains
its character models on the same text by calling these functions:

>>> from utils import chartext
>>> texts = chartext.first_reviews(train_ids, 300_000)       # doctest: +SKIP
>>> x, s, y = chartext.make_windows(texts, [0] * len(texts), 100)  # doctest: +SKIP

The reviews are lower-case words without punctuation (that is how the IMDB files
store them); the alphabet is the space, the apostrophe, the digits and a-z.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from .text_codec import decode_review

KEPT_CHARACTERS = set("abcdefghijklmnopqrstuvwxyz0123456789'")
ALPHABET = " '0123456789abcdefghijklmnopqrstuvwxyz"
vocab_size = len(ALPHABET)
char_to_id = np.zeros(128, dtype=np.int32)  # a lookup table indexed by the ASCII code
char_to_id[[ord(ch) for ch in ALPHABET]] = np.arange(vocab_size)


def clean_words(words: Iterable[str]) -> str:
    """Keep the words a review is made of here: no `br`, no rare characters."""
    return " ".join(word for word in words if word != "br" and set(word) <= KEPT_CHARACTERS)


def review_text(ids: Iterable[int]) -> str:
    """One review's word ids (from utils.load_imdb(num_words=None, start_char=None)) as clean text."""
    return clean_words(decode_review(ids).split())


def first_reviews(id_lists: Sequence[Iterable[int]], characters: int) -> list[str]:
    """Decode reviews in order until their text holds `characters` characters."""
    if isinstance(characters, bool) or not isinstance(characters, (int, np.integer)) or characters < 1:
        raise ValueError(f"characters={characters!r}: pass how many characters of text you want, such as 300_000.")
    texts: list[str] = []
    while sum(map(len, texts)) < characters and len(texts) < len(id_lists):
        texts.append(review_text(id_lists[len(texts)]))
    return texts


def encode(text: str) -> np.ndarray:
    """Character ids (int32) of a text written in ALPHABET."""
    unknown = sorted(set(text) - set(ALPHABET))
    if unknown:
        raise ValueError(f"{unknown} are not in the alphabet {ALPHABET!r}: lower-case the text and keep only those characters.")
    return char_to_id[np.frombuffer(text.encode("ascii"), dtype=np.uint8)]


def decode(ids: Iterable[int]) -> str:
    """The text of a sequence of character ids."""
    return "".join(ALPHABET[i] for i in ids)


def make_windows(
    texts: Sequence[str], sentiments: Sequence[int], seq_len: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Inputs, sentiments and targets, each of shape (windows, seq_len).

    Each review, preceded by a space, is cut into windows of ``seq_len`` + 1
    characters that overlap by one: the target is the input shifted by one.
    The tail of a review too short to fill a window is left out.
    """
    if len(texts) != len(sentiments):
        raise ValueError(f"{len(texts)} texts but {len(sentiments)} sentiments: pass one sentiment (0 or 1) per text.")
    if isinstance(seq_len, bool) or not isinstance(seq_len, (int, np.integer)) or seq_len < 1:
        raise ValueError(f"seq_len={seq_len!r}: pass the window length in characters, such as 100.")
    inputs, targets, labels = [], [], []
    for text, sentiment in zip(texts, sentiments):
        ids = encode(" " + text)
        count = (len(ids) - 1) // seq_len
        starts = np.arange(count)[:, None] * seq_len + np.arange(seq_len)  # (count, seq_len) positions
        inputs.append(ids[starts])
        targets.append(ids[starts + 1])
        labels.append(np.full((count, seq_len), sentiment))
    if not inputs or sum(len(block) for block in inputs) == 0:
        raise ValueError(f"no text is longer than seq_len={seq_len} characters: pass more text or a shorter window.")
    return np.concatenate(inputs), np.concatenate(labels), np.concatenate(targets)
