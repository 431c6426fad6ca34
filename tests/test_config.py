"""utils.config: fast mode, the on/off switches, the course seed, the settings helper, Colab links."""

import pytest

import utils
from utils import config
from utils.sources import REQUIRE_REAL_ENV


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


def test_colab_url_points_into_the_repository():
    url = utils.colab_url("notebooks/00_start_here.ipynb")
    assert url == f"https://colab.research.google.com/github/{config.REPOSITORY}/blob/main/notebooks/00_start_here.ipynb"


@pytest.mark.parametrize("spelled", ["4²", "١٢", "4.0", "-1", "forty-two"])
def test_a_seed_int_cannot_read_gets_the_courses_sentence(monkeypatch, spelled):
    monkeypatch.setenv("RNN_COURSE_SEED", spelled)
    with pytest.raises(ValueError, match="is not a whole number: set it to a seed such as 42"):
        config.course_seed()


@pytest.mark.parametrize("value, expected", [
    ("1", True), ("true", True), ("YES", True), ("on", True),
    ("", False), ("0", False), ("false", False), ("No", False), ("off", False),
])
@pytest.mark.parametrize("variable", [config.FAST_ENV, REQUIRE_REAL_ENV])
def test_every_switch_reads_the_same_spellings(monkeypatch, variable, value, expected):
    monkeypatch.setenv(variable, value)
    assert config.env_flag(variable) is expected


@pytest.mark.parametrize("variable", [config.FAST_ENV, REQUIRE_REAL_ENV])
def test_an_unclear_switch_is_an_error_not_a_guess(monkeypatch, variable):
    monkeypatch.setenv(variable, "maybe")
    with pytest.raises(ValueError, match=f"{variable}='maybe' is not understood"):
        config.env_flag(variable)


@pytest.mark.parametrize("value, expected", [("", 42), ("7", 7), (" 0 ", 0)])
def test_course_seed_follows_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv(config.SEED_ENV, value)
    assert utils.course_seed() == expected


@pytest.mark.parametrize("path", ["", None, "notebooks/04_imdb_lstm"])
def test_colab_url_names_a_bad_path(path):
    with pytest.raises(ValueError, match="such as 'notebooks/04_imdb_lstm.ipynb'"):
        utils.colab_url(path)


def test_settings_refuses_overrides_that_are_not_a_dict():
    with pytest.raises(TypeError, match="takes a dict of overrides"):
        utils.settings(full=dict(epochs=3), fast=[("epochs", 1)])
