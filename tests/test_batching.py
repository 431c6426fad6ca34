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


POST_PADDED = np.array([[5, 6, 0, 0, 0], [7, 8, 9, 4, 0], [3, 0, 0, 0, 0], [1, 2, 3, 4, 5]], dtype="int32")


def test_padding_at_the_end_is_cut_from_the_end():
    assert utils.sequence_lengths(POST_PADDED, padding="post").tolist() == [2, 4, 1, 5]
    for x_batch in utils.length_batches(POST_PADDED, batch_size=2, padding="post"):
        x_batch = x_batch.numpy()
        assert (x_batch[:, -1] != 0).any(), "no batch ends with a column of padding only"
        assert (x_batch[:, 0] != 0).all(), "every row still starts with its first word"


def test_a_tuple_batches_the_other_inputs_with_their_sequences_uncut():
    decoder_inputs = np.arange(len(POST_PADDED) * 3).reshape(-1, 3)
    dataset = utils.length_batches((POST_PADDED, decoder_inputs), np.arange(len(POST_PADDED)), batch_size=2, padding="post")
    for (x_batch, other_batch), rows in dataset:
        assert other_batch.shape == (len(rows), 3)
        np.testing.assert_array_equal(other_batch.numpy(), decoder_inputs[rows.numpy()])
        np.testing.assert_array_equal(x_batch.numpy(), POST_PADDED[rows.numpy(), : x_batch.shape[1]])


def test_predict_in_order_with_padding_at_the_end_matches_the_padded_rows():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((None,), dtype="int32"), keras.layers.Embedding(10, 3, mask_zero=True),
                              keras.layers.GRU(4), keras.layers.Dense(1)])
    expected = model.predict(POST_PADDED, verbose=0)
    predicted = utils.predict_in_order(model, POST_PADDED, batch_size=2, padding="post")
    np.testing.assert_allclose(predicted, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "x, padding, message",
    [
        (PADDED, "post", "padding .* before a word.*leave padding='pre'"),
        (POST_PADDED, "pre", "padding .* after a word.*pass padding='post'"),
        (PADDED, "end", "say where the padding"),
        ((PADDED, np.zeros((2, 3))), "pre", r"x\[1\] has 2 rows but x\[0\] has 5"),
    ],
)
def test_padding_on_the_wrong_side_gets_a_clear_error(x, padding, message):
    with pytest.raises(ValueError, match=message):
        utils.length_batches(x, batch_size=2, padding=padding)


@pytest.mark.parametrize("x, message", [
    ([[0, 1, 2], [3, 4]], "rows of different lengths"),
    (np.zeros((0, 5), dtype=int), "at least one row"),
    (np.zeros((3, 0), dtype=int), "at least one row"),
    (np.array([["a", "b"]]), "integer ids"),
    (np.array([[0, -3]]), "negative ids"),
])
def test_length_batches_names_bad_sequences(x, message):
    with pytest.raises(ValueError, match=message):
        utils.length_batches(x, batch_size=2)


@pytest.mark.parametrize("arguments, message", [
    ({"batch_size": True}, "batch_size must be a positive whole number"),
    ({"batch_size": 2.5}, "batch_size must be a positive whole number"),
    ({"seed": -1}, "seed must be a whole number"),
    ({"seed": "42"}, "seed must be a whole number"),
    ({"y": np.array(["pos", "neg", "pos", "neg", "pos"])}, "y must hold numbers"),
])
def test_length_batches_names_bad_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        utils.length_batches(PADDED, **{"batch_size": 2, **arguments})


class _RowSignature:
    """A stand-in model whose prediction for a row is a number computed from that row alone."""

    def predict(self, dataset, verbose=0):
        return np.concatenate([(batch.numpy() * [1000, 100, 10, 1][-batch.shape[1]:]).sum(1, keepdims=True)
                               for batch in dataset]).astype(float)


@pytest.mark.parametrize("seed", [None, 0, 42, np.int64(5)])
def test_predict_in_order_gives_each_row_its_own_prediction_even_with_ties(seed):
    rng = np.random.default_rng(0)
    x = np.zeros((200, 4), dtype=int)
    x[:, 2:] = rng.integers(1, 9, size=(200, 2))  # 200 rows, all of length 2: nothing but ties
    x[:50, 1] = rng.integers(1, 9, size=50)       # and 50 of length 3
    expected = (x * [1000, 100, 10, 1]).sum(1, keepdims=True)
    predicted = utils.predict_in_order(_RowSignature(), x, batch_size=16, seed=seed)
    np.testing.assert_array_equal(predicted, expected)
