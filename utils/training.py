"""The two-stage fit of notebook 04: early stopping chooses the epochs, then a fresh model trains on everything.

Stage 1, ``fit_with_early_stopping``: train on part of the training data,
validate after every epoch, stop once the validation figure has stopped
improving, and keep the weights of the best epoch; the best epoch says how long
this model should train. Stage 2, ``fit_fresh_model``: a fresh model, started
from the course seed, trains for that many epochs on all the training data
(the validation part included); the test set then scores it once.

Notebook 04 teaches both functions (its cells say "Saved in utils/training.py")
and tests/test_taught_code.py keeps the two copies identical, which is why the
functions carry no type hints and call the course's helpers as notebook code
does: ``EpochTimer`` and ``set_seed`` are ``utils.EpochTimer`` and
``utils.set_seed`` there. Notebook 03 uses stage 1 alone, notebook 05 both
stages with its own optimizer and an average of the weights (a callback),
notebook 06 stage 2 for every model it trains.

>>> history, timer, best_epoch = fit_with_early_stopping(                   # doctest: +SKIP
...     model, train_batches, validation_data=val_batches, max_epochs=3, patience=1)
>>> final_model, _, _ = fit_fresh_model(make_model, all_batches, epochs=best_epoch, seed=SEED)  # doctest: +SKIP
"""

from __future__ import annotations

import keras

from .environment import set_seed
from .timing import EpochTimer


def fit_with_early_stopping(
    model, x, y=None, *, max_epochs, patience, monitor="val_loss", callbacks=(), **fit_arguments
):
    """Stage 1 of the two-stage fit: train `model` for at most `max_epochs`, validating after every epoch.

    Training stops once `monitor` has not improved for `patience` epochs, and the weights of its best
    epoch are put back. Pass the validation data as fit takes it (validation_data=... or
    validation_split=...), with any other argument of fit (batch_size=...); `callbacks` run before the
    early stopping. Returns the history, a utils.EpochTimer and the best epoch, counted from 1.
    """
    early_stopping = keras.callbacks.EarlyStopping(
        monitor=monitor, patience=patience, restore_best_weights=True, verbose=1
    )
    timer = EpochTimer()
    history = model.fit(
        x, y, epochs=max_epochs, callbacks=[*callbacks, early_stopping, timer], verbose=2, **fit_arguments
    )
    return history, timer, early_stopping.best_epoch + 1


def fit_fresh_model(make_model, x, y=None, *, epochs, seed, **fit_arguments):
    """Stage 2 of the two-stage fit: a fresh model, its weights drawn from `seed`, trained for `epochs` on (x, y).

    `make_model(epochs)` builds and compiles the model (a learning rate that decays over the run needs to
    know its length). Returns the model, its history and a utils.EpochTimer.
    """
    set_seed(seed)  # the same initial weights and shuffling as every other run from this seed
    model = make_model(epochs)
    timer = EpochTimer()
    history = model.fit(x, y, epochs=epochs, callbacks=[timer], verbose=2, **fit_arguments)
    return model, history, timer
