"""Batches of padded sequences grouped by length, as a tf.data pipeline for Keras.

Most IMDB reviews are much shorter than the 500 word ids they are padded to,
so a recurrent layer fed the padded array spends more than half its steps on
padding. Sorting the reviews by length, and cutting each batch to its longest
review, removes most of that work: on IMDB at length 500 the layer runs 45% of
the steps, and an epoch takes less than half the time.

The padding (id 0) may sit in front of the words (``padding="pre"``, as
utils.load_imdb pads) or after them (``padding="post"``, as notebook 09 pads its
dates); the cut removes padding only. A model with several inputs passes a tuple
whose first array holds the padded sequences; the other arrays go with them,
row by row, uncut (notebook 09's decoder inputs).

>>> train_batches = length_batches(x_train, y_train, batch_size=64, shuffle=True)  # doctest: +SKIP
>>> model.fit(train_batches, validation_data=length_batches(x_val, y_val, 512))    # doctest: +SKIP
>>> probabilities = predict_in_order(model, x_test)                                # doctest: +SKIP
>>> date_batches = length_batches((x, decoder_x), y, 64, shuffle=True, padding="post")  # doctest: +SKIP
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

PAD_ID = 0

# model.fit(dataset) warns that its default shuffle=True is ignored for a tf.data.Dataset;
# length_batches(..., shuffle=True) shuffles the batches itself, so the warning only confuses.
warnings.filterwarnings("ignore", message=r"`shuffle=True` was passed, but will be ignored", category=UserWarning)


def sequence_lengths(x: np.ndarray, padding: str = "pre") -> np.ndarray:
    """Length of each row of `x` without its padding (id 0): in front of the words, or after them for "post"."""
    x, padding = _check_padded(x), _check_padding(padding)
    is_word = x != PAD_ID
    lengths = is_word.sum(axis=1)
    if padding == "pre":
        has_gap = is_word[:, :-1] & ~is_word[:, 1:]
        where, side, other = "after a word", "at the front, as utils.load_imdb returns them", "end, pass padding='post'"
    else:
        has_gap = ~is_word[:, :-1] & is_word[:, 1:]
        where, side, other = "before a word", "at the end (keras.utils.pad_sequences with padding='post')", "front, leave padding='pre'"
    if has_gap.any():
        row = int(np.flatnonzero(has_gap.any(axis=1))[0])
        raise ValueError(
            f"row {row} has padding (id {PAD_ID}) {where}. With padding={padding!r} the sequences must be padded "
            f"{side}; for sequences padded at the {other}."
        )
    return lengths


def length_sorted_order(x: np.ndarray, seed: int | None = 42, padding: str = "pre") -> np.ndarray:
    """Row indices of `x` from the shortest sequence to the longest (ties in a random, seeded order).

    With ``seed=None`` the tie-break is random: call it once and keep the order.
    """
    lengths = sequence_lengths(x, padding)
    tie_breaker = np.random.default_rng(_check_seed(seed)).uniform(0.0, 0.5, size=len(lengths))
    return np.argsort(lengths + tie_breaker, kind="stable")


def length_batches(
    x: np.ndarray | tuple[np.ndarray, ...],
    y: np.ndarray | None = None,
    batch_size: int = 64,
    *,
    shuffle: bool = False,
    seed: int = 42,
    padding: str = "pre",
) -> Any:
    """A `tf.data.Dataset` of batches of similar-length rows of `x`, each cut to its longest row.

    Args:
        x: integer sequences, shape (samples, steps), padded with 0; or, for a model with several
            inputs, a tuple of arrays whose first holds such sequences (the others, one row per
            sample, are batched with them and not cut).
        y: labels, one per row of `x`; leave out for prediction.
        batch_size: rows per batch.
        shuffle: reshuffle the order of the batches at every epoch (for training).
            Which rows share a batch stays fixed: rows of about the same length.
        seed: seed for the tie-break between equal lengths and for the shuffling.
        padding: "pre" if the padding is in front of the words (utils.load_imdb), "post" if after.

    The pipeline also switches off tf.data's autotuning, which in TensorFlow
    2.21 on a CPU makes every new epoch wait for its background thread (seconds
    per epoch, measured in the course's notes).
    """
    import tensorflow as tf

    x, others = _split_inputs(x)
    seed, padding = _check_seed(seed), _check_padding(padding)
    order = length_sorted_order(x, seed, padding)
    return _batches_in_order(tf, x, y, batch_size, order, shuffle, seed, padding, others)


def _batches_in_order(
    tf: Any, x: np.ndarray, y: Any, batch_size: int, order: np.ndarray, shuffle: bool, seed: int | None,
    padding: str = "pre", others: tuple[np.ndarray, ...] = (),
) -> Any:
    if isinstance(batch_size, (bool, np.bool_)) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive whole number such as 64, got {batch_size!r}.")
    lengths = sequence_lengths(x, padding)
    if y is not None:
        y = np.asarray(y)
        if len(y) != len(x):
            raise ValueError(f"x has {len(x)} rows but y has {len(y)} labels; give one label per row.")
        if y.dtype.kind not in "biuf":
            raise ValueError(f"y must hold numbers (class labels or targets), got {y.dtype} values such as {y.flat[0]!r}.")
    groups = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]
    cut_lengths = [max(1, int(lengths[group].max())) for group in groups]

    x_all = tf.constant(x)
    elements = (tf.ragged.constant(groups, dtype=tf.int64), tf.constant(cut_lengths))
    dataset = tf.data.Dataset.from_tensor_slices(elements)
    if shuffle:
        dataset = dataset.shuffle(len(groups), seed=seed, reshuffle_each_iteration=True)
    if padding == "pre":
        def cut(rows: Any, length: Any) -> Any:
            return tf.gather(x_all, rows)[:, -length:]  # the padding is in front: keep the last `length` steps
    else:
        def cut(rows: Any, length: Any) -> Any:
            return tf.gather(x_all, rows)[:, :length]
    if others:
        others_all = [tf.constant(other) for other in others]
        inputs = lambda rows, length: (cut(rows, length), *(tf.gather(other, rows) for other in others_all))  # noqa: E731
    else:
        inputs = cut
    if y is None:
        dataset = dataset.map(inputs)
    else:
        y_all = tf.constant(y)
        dataset = dataset.map(lambda rows, length: (inputs(rows, length), tf.gather(y_all, rows)))
    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.prefetch(2).with_options(options)


def predict_in_order(
    model: Any, x: np.ndarray | tuple[np.ndarray, ...], batch_size: int = 512, seed: int = 42, padding: str = "pre"
) -> np.ndarray:
    """`model.predict` over length-sorted batches of `x`, returned in the rows' original order."""
    import tensorflow as tf

    x, others = _split_inputs(x)
    seed, padding = _check_seed(seed), _check_padding(padding)
    order = length_sorted_order(x, seed, padding)  # computed once: the batches and the reordering must agree
    batches = _batches_in_order(tf, x, None, batch_size, order, False, seed, padding, others)
    sorted_predictions = model.predict(batches, verbose=0)
    predictions = np.empty_like(sorted_predictions)
    predictions[order] = sorted_predictions
    return predictions


def _split_inputs(x: Any) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """The padded sequences, checked, and the model's other inputs (a tuple's later arrays), one row per sequence."""
    if not isinstance(x, tuple) or not x or isinstance(x[0], (int, np.integer)):
        return _check_padded(x), ()  # one array (a tuple of ids is one sequence: _check_padded says what is wrong)
    sequences, others = _check_padded(x[0]), tuple(np.asarray(other) for other in x[1:])
    for position, other in enumerate(others, start=1):
        if other.ndim == 0 or len(other) != len(sequences):
            raise ValueError(
                f"x[{position}] has {other.shape[0] if other.ndim else 'no'} rows but x[0] has {len(sequences)} sequences; "
                "every input of the tuple needs one row per sequence."
            )
    return sequences, others


def _check_padding(padding: Any) -> str:
    if padding not in ("pre", "post"):
        raise ValueError(f"padding={padding!r}: say where the padding (id 0) is, 'pre' (in front of the words) or 'post' (after them).")
    return padding


def _check_seed(seed: Any) -> int | None:
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0 (such as SEED from the setup cell) or None, got {seed!r}.")
    return int(seed)


def _check_padded(x: Any) -> np.ndarray:
    advice = "Pad the sequences first, e.g. with utils.load_imdb(..., length=500) or keras.utils.pad_sequences."
    try:
        x = np.asarray(x)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"expected a 2-D array of integer ids (samples, steps), got rows of different lengths. {advice}") from error
    if x.ndim != 2 or not np.issubdtype(x.dtype, np.integer):
        raise ValueError(
            f"expected a 2-D array of integer ids (samples, steps), got shape {x.shape} and dtype {x.dtype}. {advice}"
        )
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"x has shape {x.shape}: it needs at least one row and one step.")
    if (x < 0).any():
        raise ValueError(f"x holds negative ids (such as {x.min()}); word ids are 0 (padding) or positive.")
    return x
