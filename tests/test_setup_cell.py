"""The setup cell every notebook opens with: it finds the course's own utils, and a learner sees no red start-up noise."""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tests.notebook_conventions import SETUP_CELL

ROOT = Path(__file__).resolve().parent.parent


def _run_setup_cell(cwd: Path, foreign: Path | None = None) -> subprocess.CompletedProcess:
    """The setup cell in a fresh Python, printing which utils it imported; ``foreign`` holds another project's utils, imported first."""
    cell = SETUP_CELL.replace("SEED = utils.check_environment()", "print('USING', utils.__file__)")
    env = {**os.environ, "PYTHONPATH": str(foreign)} if foreign else {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    prelude = "import utils\n" if foreign else ""
    return subprocess.run([sys.executable, "-c", prelude + cell], cwd=cwd, env=env, capture_output=True, text=True)


def test_setup_cell_skips_another_projects_utils(tmp_path):
    foreign = tmp_path / "other-project"
    (foreign / "utils").mkdir(parents=True)
    (foreign / "utils" / "__init__.py").write_text("NAME = 'not the course'\n")
    result = _run_setup_cell(ROOT / "notebooks", foreign=foreign)  # a foreign `utils` imported first
    assert result.returncode == 0, result.stderr
    assert f"USING {ROOT / 'utils' / '__init__.py'}" in result.stdout


def test_setup_cell_outside_the_course_says_where_it_looked(tmp_path):
    (tmp_path / "utils").mkdir()
    (tmp_path / "utils" / "__init__.py").write_text("")
    result = _run_setup_cell(tmp_path)
    assert result.returncode != 0
    assert "The course's utils/ folder was not found in" in result.stderr and str(tmp_path) in result.stderr


def test_the_setup_cell_finds_the_course_from_work():
    """work/ sits beside notebooks/, so the setup cell and the notebooks' ../ links work from there."""
    work = ROOT / "work"
    created = not work.exists()
    work.mkdir(exist_ok=True)
    try:
        result = _run_setup_cell(work)
        assert result.returncode == 0, result.stderr
        assert f"USING {ROOT / 'utils' / '__init__.py'}" in result.stdout
    finally:
        if created:
            work.rmdir()


def test_setup_cell_in_a_jupyter_kernel_has_no_stderr_output(monkeypatch):
    """What JupyterLab shows as a pink box is a 'stderr' stream output: the setup cell must have none."""
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)  # as in a fresh JupyterLab
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(SETUP_CELL)]
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = notebook.cells[0].outputs
    stderr = "".join(o.get("text", "") for o in outputs if o.get("name") == "stderr")
    stdout = "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")
    assert stderr == "", f"the setup cell wrote to stderr:\n{stderr}"
    assert "TensorFlow" in stdout and "Random seed" in stdout
