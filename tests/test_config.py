"""Fast mode, the settings helper, seeding and the environment check."""

import numpy as np
import pytest

import utils
from utils import config


def test_fast_mode_follows_the_environment(monkeypatch):
    monkeypatch.setenv("RNN_COURSE_FAST", "1")
    assert utils.is_fast_mode()
    monkeypatch.setenv("RNN_COURSE_FAST", "0")
    assert not utils.is_fast_mode()
    monkeypatch.delenv("RNN_COURSE_FAST")
    assert not utils.is_fast_mode()


def test_fast_mode_rejects_an_unclear_value(monkeypatch):
    monkeypatch.setenv("RNN_COURSE_FAST", "maybe")
    with pytest.raises(ValueError, match="set it to 1"):
        utils.is_fast_mode()


def test_settings_shows_full_values_and_applies_overrides_only_in_fast_mode(monkeypatch, capsys):
    monkeypatch.delenv("RNN_COURSE_FAST", raising=False)
    full = utils.settings(full=dict(epochs=20, batch_size=64), fast=dict(epochs=1))
    assert (full.epochs, full.batch_size) == (20, 64)
    assert "Full-size run" in capsys.readouterr().out
    monkeypatch.setenv("RNN_COURSE_FAST", "1")
    fast = utils.settings(full=dict(epochs=20, batch_size=64), fast=dict(epochs=1))
    assert (fast.epochs, fast.batch_size) == (1, 64)
    assert "epochs: 20 -> 1" in capsys.readouterr().out


def test_settings_refuses_an_override_without_a_full_value():
    with pytest.raises(KeyError, match="add them to `full`"):
        utils.settings(full=dict(epochs=20), fast=dict(epocs=1))
    with pytest.raises(TypeError):
        utils.settings(full={})


def test_set_seed_makes_numpy_and_keras_repeatable():
    import keras

    utils.set_seed(7)
    first = (np.random.rand(3), keras.random.uniform((3,)).numpy())
    utils.set_seed(7)
    second = (np.random.rand(3), keras.random.uniform((3,)).numpy())
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    with pytest.raises(ValueError):
        utils.set_seed(-1)


def test_check_environment_accepts_the_installed_versions(capsys):
    utils.check_environment(seed=1)
    out = capsys.readouterr().out
    assert "TensorFlow" in out and "Keras 3" in out


def test_check_environment_refuses_keras_2(monkeypatch):
    import keras

    monkeypatch.setattr(keras, "__version__", "2.15.0")
    with pytest.raises(RuntimeError, match="needs Keras 3"):
        utils.check_environment()


def test_colab_url_points_into_the_repository():
    url = utils.colab_url("notebooks/00_start_here.ipynb")
    assert url == f"https://colab.research.google.com/github/{config.REPOSITORY}/blob/main/notebooks/00_start_here.ipynb"


@pytest.mark.parametrize("spelled", ["4²", "١٢", "4.0", "-1", "forty-two"])
def test_a_seed_int_cannot_read_gets_the_courses_sentence(monkeypatch, spelled):
    monkeypatch.setenv("RNN_COURSE_SEED", spelled)
    with pytest.raises(ValueError, match="is not a whole number: set it to a seed such as 42"):
        config.course_seed()
