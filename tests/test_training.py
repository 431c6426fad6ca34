"""Notebook 04's two-stage fit: early stopping picks the epochs, then a fresh model from the seed trains."""

import keras
import numpy as np

import utils

RNG = np.random.default_rng(0)
X = RNG.normal(size=(64, 3)).astype("float32")
Y = (X @ np.array([1.0, -2.0, 0.5]) > 0).astype("float32")


def _model(epochs=None):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy", metrics=["accuracy"])
    return model


def test_stage_one_keeps_the_best_epoch_and_passes_fit_its_arguments():
    utils.set_seed(0)
    model = _model()
    history, timer, best_epoch = utils.fit_with_early_stopping(
        model, X, Y, max_epochs=6, patience=2, validation_split=0.25, batch_size=16
    )
    val_loss = history.history["val_loss"]
    assert best_epoch == int(np.argmin(val_loss)) + 1 and len(timer.epoch_seconds) == len(val_loss)
    restored = model.evaluate(X[48:], Y[48:], verbose=0)[0]
    assert abs(restored - min(val_loss)) < 1e-5, "the weights of the best epoch are put back"


def test_stage_one_runs_the_callers_callbacks_before_the_early_stopping():
    seen = []

    class Marker(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(getattr(self.model, "stop_training", False))

    utils.set_seed(0)
    utils.fit_with_early_stopping(_model(), X, Y, max_epochs=2, patience=0, validation_data=(X, Y), callbacks=[Marker()])
    assert seen and not any(seen), "a callback listed by the caller sees each epoch before early stopping acts"


def test_stage_two_starts_every_fresh_model_from_the_same_seed():
    asked = []

    def make_model(epochs):
        asked.append(epochs)
        return _model()

    first, history, timer = utils.fit_fresh_model(make_model, X, Y, epochs=2, seed=7, batch_size=16)
    second, _, _ = utils.fit_fresh_model(make_model, X, Y, epochs=2, seed=7, batch_size=16)
    assert asked == [2, 2] and len(history.history["loss"]) == 2 and len(timer.epoch_seconds) == 2
    for a, b in zip(first.get_weights(), second.get_weights()):
        np.testing.assert_array_equal(a, b)
