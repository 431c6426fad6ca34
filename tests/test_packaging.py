"""requirements.txt, environment.yml and utils.config agree on the packages and versions."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from utils import config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))


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


def test_make_uses_the_lock_and_ci_tests_both_sets():
    makefile = (ROOT / "Makefile").read_text()
    assert "LOCK ?= constraints/newest.txt" in makefile and "tools/make_venv.py $(VENV) $(LOCK)" in makefile
    assert "LOCK=constraints/oldest.txt" in makefile
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test\n" in ci and "make test-oldest" in ci


def test_supported_pythons_agree_between_make_and_pyproject():
    import make_venv

    pyproject = (ROOT / "pyproject.toml").read_text()
    low, high = make_venv.SUPPORTED[0], make_venv.SUPPORTED[-1]
    assert f'requires-python = ">={low[0]}.{low[1]},<{high[0]}.{high[1] + 1}"' in pyproject
    assert f"Python {low[0]}.{low[1]} to {high[0]}.{high[1]}" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("version, ok", [((3, 9), False), ((3, 10), True), ((3, 13), True), ((3, 14), False)])
def test_make_venv_explains_an_unsupported_python(version, ok):
    import make_venv

    problem = make_venv.check_python(version)
    assert (problem is None) == ok
    if not ok:
        assert f"Python {version[0]}.{version[1]} cannot run the course" in problem and "PYTHON=python3.12" in problem


def test_make_stops_on_an_unsupported_python_before_creating_anything(tmp_path):
    fake = tmp_path / "python3.14"
    fake.write_text(
        f"#!{sys.executable}\nimport runpy, sys\nsys.version_info = (3, 14, 0, 'final', 0)\n"
        "sys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name='__main__')\n"
    )
    fake.chmod(0o755)
    venv_dir = tmp_path / "venv"
    result = subprocess.run(
        ["make", "-s", f"VENV={venv_dir}", f"PYTHON={fake}", str(venv_dir / ".installed")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "Python 3.14 cannot run the course" in result.stderr and "PYTHON=python3.12" in result.stderr
    assert not venv_dir.exists()
