"""MNIST digits, as ``keras.datasets.mnist.load_data`` gives them.

The data comes from the first source that works (utils.sources): a local
folder, Keras's download, or the course's generated sample of drawn digits.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import samples, sources
from .safe_files import DataError, check_labels, read_npz

MNIST_FILES = ("mnist.npz",)


def _read_mnist_folder(folder: Path) -> dict[str, np.ndarray]:
    path = folder / "mnist.npz"
    arrays = read_npz(path, ("x_train", "y_train", "x_test", "y_test"))
    for split in ("train", "test"):
        x = arrays[f"x_{split}"]
        if x.ndim != 3 or x.shape[1:] != (28, 28) or x.dtype != np.uint8:
            raise DataError(
                f"{path}: x_{split} is {x.dtype} with shape {x.shape}; expected uint8 "
                "images of shape (n, 28, 28) as in keras.datasets.mnist."
            )
        arrays[f"y_{split}"] = check_labels(path, f"y_{split}", arrays[f"y_{split}"], len(x), range(10))
    return arrays


def _download() -> dict[str, np.ndarray]:
    """The data through keras.datasets (it downloads into Keras's cache)."""
    import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def load_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load MNIST as ``(x_train, y_train), (x_test, y_test)``, like ``keras.datasets.mnist.load_data``.

    Images are uint8 arrays of shape (n, 28, 28) with values 0-255; labels
    are uint8 digits 0-9.
    """
    arrays = sources.load(
        "MNIST", MNIST_FILES, _read_mnist_folder, _download, samples.make_mnist_sample,
        f"{samples.MNIST_TRAIN_SIZE:,} + {samples.MNIST_TEST_SIZE:,} drawn digit images",
    )
    x_train, x_test = arrays["x_train"].copy(), arrays["x_test"].copy()
    y_train = arrays["y_train"].astype(np.uint8)
    y_test = arrays["y_test"].astype(np.uint8)
    sources.note_source(
        "mnist", sources.data_sources()["mnist"], f"{len(x_train):,} train and {len(x_test):,} test images of 28x28 pixels"
    )
    return (x_train, y_train), (x_test, y_test)
