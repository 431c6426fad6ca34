"""The root conftest.py: a bare `pytest` runs in fast mode, and `RNN_COURSE_FAST=0 pytest` asks for full mode."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("given, expected", [(None, "1"), ("0", "0")])
def test_a_bare_pytest_runs_in_fast_mode_unless_full_mode_is_asked_for(tmp_path, given, expected):
    probe = tmp_path / "test_probe.py"
    probe.write_text("import os\n\ndef test_mode():\n    print('RNN_COURSE_FAST =', os.environ.get('RNN_COURSE_FAST'))\n")
    env = {name: value for name, value in os.environ.items() if name != "RNN_COURSE_FAST"}
    if given is not None:
        env["RNN_COURSE_FAST"] = given
    env["PYTHONPATH"] = str(ROOT)  # `-p conftest` loads the course's root conftest.py as pytest does
    env["RNN_COURSE_RESULTS"] = str(tmp_path / "results.json")  # leave build/ alone
    run = subprocess.run([sys.executable, "-m", "pytest", str(probe), "-p", "conftest", "-p", "no:cacheprovider", "-q", "-s"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"RNN_COURSE_FAST = {expected}" in run.stdout
