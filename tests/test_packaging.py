"""requirements.txt, environment.yml and utils.config agree on the packages and versions."""

import re
from pathlib import Path

from utils import config

ROOT = Path(__file__).resolve().parent.parent


def _requirements() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def _environment_pip_section() -> list[str]:
    text = (ROOT / "environment.yml").read_text()
    section = text.split("- pip:", 1)[1]
    return [m.group(1).strip() for m in re.finditer(r"^\s+-\s+(\S.*)$", section, re.M)]


def test_environment_yml_and_requirements_list_the_same_packages():
    assert _environment_pip_section() == _requirements()


def test_environment_yml_names_the_course_and_python_3_11():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^name: rnn-course$", text, re.M)
    assert "- python=3.11" in text


def test_tensorflow_range_has_one_source():
    assert config.TENSORFLOW_REQUIREMENT in _requirements()
    assert config.TENSORFLOW_REQUIREMENT == "tensorflow>=2.19,<2.22"  # Colab's 2.19 ... newest 2.21


def test_installed_tensorflow_is_in_the_supported_range():
    import tensorflow as tf

    from utils.environment import _version_tuple

    version = _version_tuple(tf.__version__)
    assert _version_tuple(config.TENSORFLOW_MIN) <= version < _version_tuple(config.TENSORFLOW_BELOW)


def test_required_packages_are_present():
    names = {re.split(r"[<>=!~ ]", line)[0].lower() for line in _requirements()}
    assert {"tensorflow", "jupyterlab", "matplotlib", "numpy", "nbmake", "pytest"} <= names
