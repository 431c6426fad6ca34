"""A SimpleRNN in NumPy with backpropagation through time (BPTT) and its gradient check.

Notebook 02 derives and teaches every function here (each teaching cell says
"Saved in utils/bptt.py"); tests/test_taught_code.py keeps the two copies
identical. Later notebooks call them: notebook 07 trains the same network with
sigmoid units on binary addition.

The parameters are a dictionary of five arrays, for inputs of ``n_in``
features, ``units`` hidden units and ``n_out`` outputs::

    W (units, n_in)   U (units, units)   b (units,)   V (n_out, units)   c (n_out,)

    h_t = f(W x_t + U h_{t-1} + b),   y_t = g(V h_t + c),   h_0 = 0

with ``f`` and ``g`` named in ``ACTIVATIONS`` (tanh and linear by default,
notebook 02's network). The loss is the mean squared error.

The functions carry no type hints: they are the code the learner reads in
notebook 02, character for character (arrays in, arrays and floats out).

>>> loss, grads = model_backward(params, X, Y)                       # doctest: +SKIP
>>> errors = gradient_check(params, X, Y)                            # doctest: +SKIP
>>> max(errors.values()) < 1e-6                                      # doctest: +SKIP
True
"""

from __future__ import annotations

import numpy as np

ACTIVATIONS = {  # name: (the function f, its slope f'(a) written with its output y = f(a))
    "tanh": (np.tanh, lambda y: 1 - y**2),
    "sigmoid": (lambda a: 1 / (1 + np.exp(-a)), lambda y: y * (1 - y)),
    "linear": (lambda a: a, lambda y: np.ones_like(y)),
}


def rnn_forward(X, W, U, b, activation="tanh"):
    """Hidden states of a SimpleRNN. X: (batch, time, features) -> (batch, time, units)."""
    f = ACTIVATIONS[activation][0]
    batch, steps, _ = X.shape
    dtype = np.result_type(X, W)  # float32 only if the inputs and the weights are float32
    h = np.zeros((batch, U.shape[0]), dtype=dtype)
    states = np.empty((batch, steps, U.shape[0]), dtype=dtype)
    for t in range(steps):
        h = f(X[:, t] @ W.T + h @ U.T + b)
        states[:, t] = h
    return states


def model_forward(params, X, hidden="tanh", output="linear"):
    """Predictions (batch, time, outputs) and hidden states (batch, time, units)."""
    states = rnn_forward(X, params["W"], params["U"], params["b"], hidden)
    g = ACTIVATIONS[output][0]
    return g(states @ params["V"].T + params["c"]), states


def mse(predictions, targets):
    return float(np.mean((predictions - targets) ** 2))


def model_backward(params, X, Y, hidden="tanh", output="linear"):
    """The loss and its gradient with respect to every parameter, by BPTT."""
    predictions, states = model_forward(params, X, hidden, output)
    batch, steps, _ = X.shape
    W, U, V = params["W"], params["U"], params["V"]
    hidden_slope, output_slope = ACTIVATIONS[hidden][1], ACTIVATIONS[output][1]
    grads = {name: np.zeros_like(value) for name, value in params.items()}

    d_pred = 2 * (predictions - Y) / predictions.size * output_slope(predictions)  # delta^y: (batch, time, outputs)
    grads["V"] = np.einsum("bto,btu->ou", d_pred, states, optimize=True)  # sum over batch and time
    grads["c"] = d_pred.sum(axis=(0, 1))

    da_next = np.zeros_like(states[:, 0])  # delta^a at step T + 1: nothing from the future (same dtype as the states)
    for t in reversed(range(steps)):
        h_t = states[:, t]
        h_prev = states[:, t - 1] if t > 0 else np.zeros_like(h_t)
        dh = d_pred[:, t] @ V + da_next @ U  # dL/dh_t: from its output and from step t + 1
        da = dh * hidden_slope(h_t)          # through the activation: for tanh, times 1 - h_t**2
        grads["W"] += da.T @ X[:, t]
        grads["U"] += da.T @ h_prev
        grads["b"] += da.sum(axis=0)
        da_next = da
    return mse(predictions, Y), grads


def numerical_gradient(params, X, Y, name, eps=1e-6, hidden="tanh", output="linear"):
    """Central-difference estimate of dL/d(params[name]), one entry at a time."""
    value = params[name]
    grad = np.zeros_like(value)
    for index in np.ndindex(value.shape):
        original = value[index]
        value[index] = original + eps
        loss_plus = mse(model_forward(params, X, hidden, output)[0], Y)
        value[index] = original - eps
        loss_minus = mse(model_forward(params, X, hidden, output)[0], Y)
        value[index] = original  # put it back
        grad[index] = (loss_plus - loss_minus) / (2 * eps)
    return grad


def relative_error(a, b):
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


def gradient_check(params, X, Y, hidden="tanh", output="linear"):
    """Relative error between the BPTT gradient and central differences, for each parameter array."""
    _, grads = model_backward(params, X, Y, hidden, output)
    return {
        name: relative_error(grads[name], numerical_gradient(params, X, Y, name, hidden=hidden, output=output))
        for name in params
    }

