"""Length-sorted batches: same rows and labels as the padded array, less padding, clear errors."""

import keras
import numpy as np
import pytest

import utils

PADDED = np.array(
    [
        [0, 0, 0, 5, 6],
        [0, 7, 8, 9, 4],
        [0, 0, 0, 0, 3],
        [1, 2, 3, 4, 5],
        [0, 0, 6, 7, 8],
    ],
    dtype="int32",
)
LABELS = np.array([0, 1, 0, 1, 1])


def test_sequence_lengths_count_the_words_after_the_front_padding():
    assert utils.sequence_lengths(PADDED).tolist() == [2, 4, 1, 5, 3]


def test_batches_hold_every_row_once_cut_to_their_longest_row():
    seen = []
    for x_batch, y_batch in utils.length_batches(PADDED, LABELS, batch_size=2):
        x_batch = x_batch.numpy()
        assert (x_batch[:, 0] != 0).any(), "no batch starts with a column of padding only"
        seen += [(tuple(row[row != 0]), int(label)) for row, label in zip(x_batch, y_batch.numpy())]
    assert sorted(seen) == sorted((tuple(row[row != 0]), int(label)) for row, label in zip(PADDED, LABELS))


def test_shuffled_batches_change_order_between_epochs():
    x = np.repeat(PADDED, 20, axis=0)
    dataset = utils.length_batches(x, np.arange(len(x)), batch_size=4, shuffle=True)
    first = [y.numpy().tolist() for _, y in dataset]
    second = [y.numpy().tolist() for _, y in dataset]
    assert sorted(map(sorted, first)) == sorted(map(sorted, second)), "the same batches"
    assert first != second, "in a new order"


def test_predict_in_order_matches_predicting_the_padded_rows():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((None,), dtype="int32"), keras.layers.Embedding(10, 3, mask_zero=True),
                              keras.layers.GRU(4), keras.layers.Dense(1)])
    expected = model.predict(PADDED, verbose=0)
    np.testing.assert_allclose(utils.predict_in_order(model, PADDED, batch_size=2), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "x, y, batch_size, message",
    [
        (np.array([[3, 0, 4]]), None, 2, "padding .* after a word"),
        (np.array([1, 2, 3]), None, 2, "2-D array of integer ids"),
        (np.array([[0.5, 1.0]]), None, 2, "2-D array of integer ids"),
        (PADDED, LABELS[:3], 2, "5 rows but y has 3 labels"),
        (PADDED, LABELS, 0, "batch_size must be a positive"),
    ],
)
def test_bad_input_gets_a_clear_error(x, y, batch_size, message):
    with pytest.raises(ValueError, match=message):
        utils.length_batches(x, y, batch_size=batch_size)
