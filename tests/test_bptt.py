"""The NumPy SimpleRNN of notebook 02: its forward pass, its BPTT gradient, and the gradient check."""

import numpy as np
import pytest

import utils


def _params(rng, n_in=3, units=4, n_out=2, dtype="float64"):
    return {
        "W": rng.normal(scale=0.5, size=(units, n_in)).astype(dtype),
        "U": rng.normal(scale=0.5, size=(units, units)).astype(dtype),
        "b": rng.normal(scale=0.1, size=units).astype(dtype),
        "V": rng.normal(scale=0.5, size=(n_out, units)).astype(dtype),
        "c": rng.normal(scale=0.1, size=n_out).astype(dtype),
    }


def test_the_forward_pass_is_the_recurrence_one_step_at_a_time():
    rng = np.random.default_rng(0)
    params, X = _params(rng), rng.normal(size=(2, 5, 3))
    states = utils.rnn_forward(X, params["W"], params["U"], params["b"])
    h = np.zeros((2, 4))
    for t in range(5):
        h = np.tanh(X[:, t] @ params["W"].T + h @ params["U"].T + params["b"])
        np.testing.assert_allclose(states[:, t], h, rtol=1e-12)
    predictions, _ = utils.model_forward(params, X, hidden="tanh", output="sigmoid")
    np.testing.assert_allclose(predictions, 1 / (1 + np.exp(-(states @ params["V"].T + params["c"]))), rtol=1e-12)


@pytest.mark.parametrize("hidden, output", [("tanh", "linear"), ("sigmoid", "sigmoid"), ("tanh", "sigmoid")])
def test_bptt_passes_the_gradient_check_for_each_activation(hidden, output):
    rng = np.random.default_rng(1)
    params, X, Y = _params(rng), rng.normal(size=(3, 6, 3)), rng.uniform(size=(3, 6, 2))
    errors = utils.gradient_check(params, X, Y, hidden=hidden, output=output)
    assert set(errors) == set(params) and max(errors.values()) < 1e-7, errors


def test_the_gradient_check_catches_a_wrong_gradient():
    rng = np.random.default_rng(2)
    params, X, Y = _params(rng), rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 4, 2))
    _, grads = utils.model_backward(params, X, Y)
    numeric = utils.numerical_gradient(params, X, Y, "U")
    assert utils.relative_error(grads["U"], numeric) < 1e-7
    assert utils.relative_error(grads["U"].T, numeric) > 1e-3  # a missing transpose shows


def test_the_loss_is_the_mean_squared_error_and_the_parameters_are_left_as_they_were():
    rng = np.random.default_rng(3)
    params, X, Y = _params(rng), rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 4, 2))
    before = {name: value.copy() for name, value in params.items()}
    loss, _ = utils.model_backward(params, X, Y)
    assert loss == pytest.approx(utils.mse(utils.model_forward(params, X)[0], Y))
    utils.gradient_check(params, X, Y)
    assert all(np.array_equal(params[name], before[name]) for name in params)


def test_float32_in_float32_out_and_float64_weights_keep_float64():
    rng = np.random.default_rng(4)
    X32 = rng.normal(size=(2, 3, 3)).astype("float32")
    params32 = _params(rng, dtype="float32")
    _, grads = utils.model_backward(params32, X32, np.zeros((2, 3, 2), dtype="float32"))
    assert utils.model_forward(params32, X32)[1].dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())
    assert utils.model_forward(_params(rng), X32)[1].dtype == np.float64  # 07's bits are float32, its weights float64
