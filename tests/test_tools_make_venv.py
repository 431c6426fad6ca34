"""`make` with an unsupported Python (tools/make_venv.py): stopped with one sentence, before anything is created."""

import subprocess
import sys
from pathlib import Path

import pytest

from tools import make_venv

ROOT = Path(__file__).resolve().parent.parent


def test_supported_pythons_agree_between_make_and_pyproject():
    pyproject = (ROOT / "pyproject.toml").read_text()
    low, high = make_venv.SUPPORTED[0], make_venv.SUPPORTED[-1]
    assert f'requires-python = ">={low[0]}.{low[1]},<{high[0]}.{high[1] + 1}"' in pyproject
    assert f"Python {low[0]}.{low[1]} to {high[0]}.{high[1]}" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("version, ok", [((3, 9), False), ((3, 10), True), ((3, 13), True), ((3, 14), False)])
def test_make_venv_explains_an_unsupported_python(version, ok):
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
