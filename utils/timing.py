"""Measuring time: seconds per epoch from a Keras callback."""

from __future__ import annotations

import time
from typing import Any

import keras


class EpochTimer(keras.callbacks.Callback):
    """A Keras callback that records each epoch's wall-clock seconds.

    >>> timer = EpochTimer()
    >>> model.fit(x, y, epochs=3, callbacks=[timer])  # doctest: +SKIP
    >>> timer.epoch_seconds, timer.total_seconds       # doctest: +SKIP
    """

    def __init__(self) -> None:
        super().__init__()
        self.epoch_seconds: list[float] = []
        self._start = 0.0

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self.epoch_seconds.append(time.perf_counter() - self._start)

    @property
    def total_seconds(self) -> float:
        return float(sum(self.epoch_seconds))

    @property
    def mean_epoch_seconds(self) -> float:
        """Mean seconds per epoch, leaving out the first (it includes tracing) when there are more."""
        times = self.epoch_seconds[1:] or self.epoch_seconds
        return float(sum(times) / len(times)) if times else float("nan")
