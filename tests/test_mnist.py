"""utils.mnist: MNIST in Keras's shapes and dtypes, and images that are not MNIST's are named."""

import numpy as np
import pytest

import utils
from utils import sources
from utils.safe_files import DataError

pytestmark = pytest.mark.usefixtures("fresh_loaders")


def test_mnist_from_a_folder_has_keras_shapes_and_dtypes(monkeypatch, tmp_path, write_mnist):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(write_mnist(tmp_path / "d")))
    (x_train, y_train), (x_test, y_test) = utils.load_mnist()
    assert x_train.shape == (20, 28, 28) and x_test.shape == (10, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8 and y_test.shape == (10,)


@pytest.mark.parametrize("images, message", [
    (np.zeros((20, 32, 32), np.uint8), r"shape \(n, 28, 28\)"),
    (np.zeros((20, 28, 28), np.float32), "float32 with shape"),
])
def test_mnist_images_that_are_not_28x28_uint8_are_an_error(monkeypatch, tmp_path, images, message, write_mnist):
    folder = write_mnist(tmp_path / "d", x_train=images)
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    with pytest.raises(DataError, match=message):
        utils.load_mnist()


def test_mnist_labels_outside_the_digits_are_an_error(monkeypatch, tmp_path, write_mnist):
    folder = write_mnist(tmp_path / "d")
    arrays = dict(np.load(folder / "mnist.npz"))
    arrays["y_test"][0] = 10
    np.savez(folder / "mnist.npz", **arrays)
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    with pytest.raises(DataError, match=r"y_test holds labels \[10\]"):
        utils.load_mnist()
