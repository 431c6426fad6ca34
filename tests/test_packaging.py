"""requirements.txt, environment.yml and utils.config agree on the packages and versions."""

import os
import re
import subprocess
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


def _locked(path: Path) -> dict[str, str]:
    lines = [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]
    return {name.lower(): version for name, version in (line.split("==", 1) for line in lines)}


def test_lock_files_pin_both_ends_of_the_tensorflow_range():
    from utils.environment import _version_tuple

    newest = _locked(ROOT / "constraints" / "newest.txt")
    oldest = _locked(ROOT / "constraints" / "oldest.txt")
    assert (oldest["tensorflow"], oldest["keras"]) == ("2.19.0", "3.10.0"), "the oldest set is Colab's TF 2.19 + Keras 3.10"
    assert oldest["tensorflow"].startswith(config.TENSORFLOW_MIN + ".")
    low, below = _version_tuple(config.TENSORFLOW_MIN), _version_tuple(config.TENSORFLOW_BELOW)
    assert low <= _version_tuple(newest["tensorflow"]) < below
    assert _version_tuple(newest["tensorflow"])[:2] == (below[0], below[1] - 1), "newest lock: the top of the range"
    for lock in ("newest.txt", "oldest.txt"):
        assert "# python: 3." in (ROOT / "constraints" / lock).read_text(), f"{lock} must say which Python made it"


def _make_dry_run(target: str) -> list[str]:
    """The commands `make TARGET` would run, with every step out of date (make -n -B runs nothing)."""
    # Under `make test-oldest` the variables it sets on its command line (VENV, LOCK) reach a child make
    # through MAKEFLAGS and the environment (make exports command-line variables): drop them.
    dropped = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VENV", "LOCK", "PYTHON")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    run = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True, env=env)
    return run.stdout.splitlines()


def test_make_test_installs_from_the_newest_lock_and_test_oldest_from_the_oldest():
    for target, venv, lock in (("test", ".venv", "newest"), ("test-oldest", ".venv-oldest", "oldest")):
        commands = _make_dry_run(target)
        assert any(line.endswith(f"tools/make_venv.py {venv} constraints/{lock}.txt") for line in commands), commands
        assert any(f"{venv}/bin/python -m pytest" in line for line in commands), commands


def test_ci_runs_both_sets():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test\n" in ci and "make test-oldest" in ci
