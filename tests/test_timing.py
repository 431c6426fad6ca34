"""utils.timing: the epoch timer."""

import numpy as np

import utils


def test_epoch_timer_records_one_time_per_epoch():
    import keras

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    timer = utils.EpochTimer()
    model.fit(np.zeros((8, 3)), np.zeros(8), epochs=3, verbose=0, callbacks=[timer])
    assert len(timer.epoch_seconds) == 3 and timer.total_seconds > 0 and timer.mean_epoch_seconds > 0
