"""utils.environment: the version check, seeding, and the quiet start (real errors still show)."""

import os

import numpy as np
import pytest

import utils
from utils import config, environment


def test_check_environment_accepts_the_installed_versions(capsys):
    utils.check_environment(seed=1)
    out = capsys.readouterr().out
    assert "TensorFlow" in out and "Keras 3" in out


def test_check_environment_refuses_keras_2(monkeypatch):
    import keras

    monkeypatch.setattr(keras, "__version__", "2.15.0")
    with pytest.raises(RuntimeError, match="needs Keras 3"):
        utils.check_environment()


def test_check_environment_refuses_tensorflow_below_the_range(monkeypatch):
    import tensorflow as tf

    monkeypatch.setattr(tf, "__version__", "2.18.1")
    with pytest.raises(RuntimeError, match="older than the course supports"):
        utils.check_environment()


def test_check_environment_seeds_with_the_course_seed_and_returns_it(monkeypatch):
    monkeypatch.setenv(config.SEED_ENV, "7")
    assert utils.check_environment() == 7
    first = np.random.rand()
    utils.set_seed(7)
    assert np.random.rand() == first
    assert utils.check_environment(seed=None) is None


def test_set_seed_makes_numpy_and_keras_repeatable():
    import keras

    utils.set_seed(7)
    first = (np.random.rand(3), keras.random.uniform((3,)).numpy())
    utils.set_seed(7)
    second = (np.random.rand(3), keras.random.uniform((3,)).numpy())
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])


@pytest.mark.parametrize("seed", [np.int64(42), np.uint32(3), 0, 2**32 - 1])
def test_set_seed_accepts_any_whole_number(seed):
    utils.set_seed(seed)


@pytest.mark.parametrize("seed", [True, -1, 2**32, 4.0, "42", None])
def test_set_seed_refuses_what_is_not_a_seed(seed):
    with pytest.raises(ValueError, match="whole number from 0"):
        utils.set_seed(seed)


def test_known_startup_noise_is_dropped_and_anything_else_is_passed_on(capfd):
    with environment._startup_noise_filtered():
        os.write(2, b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n")
        os.write(2, b"I0000 00:00:1 port.cc:153] oneDNN custom operations are on. You may see ...\n")
        os.write(2, b"E0000 00:00:1 cuda_executor.cc:1309] failed call to cuInit: UNKNOWN ERROR (303)\n")
        os.write(2, b"a real problem that the learner must see\n")
    err = capfd.readouterr().err
    assert "a real problem that the learner must see" in err
    assert "oneDNN" not in err and "cuInit" not in err and "absl" not in err


def test_the_noise_filter_passes_on_an_exception_and_gives_stderr_back(capfd):
    with pytest.raises(ImportError, match="boom"):
        with environment._startup_noise_filtered():
            os.write(2, b"written while filtering\n")
            raise ImportError("boom")
    os.write(2, b"written after the filter\n")  # reaches the real stderr only if file descriptor 2 was restored
    err = capfd.readouterr().err
    assert "written while filtering" in err and "written after the filter" in err
