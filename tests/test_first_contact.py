"""A learner's first sight of the course: the setup cell shows no red start-up noise, but real errors still show."""

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from notebook_conventions import SETUP_CELL
from utils import environment

ROOT = Path(__file__).resolve().parent.parent


def test_known_startup_noise_is_dropped_and_anything_else_is_passed_on(capfd):
    with environment._startup_noise_filtered():
        os.write(2, b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n")
        os.write(2, b"I0000 00:00:1 port.cc:153] oneDNN custom operations are on. You may see ...\n")
        os.write(2, b"E0000 00:00:1 cuda_executor.cc:1309] failed call to cuInit: UNKNOWN ERROR (303)\n")
        os.write(2, b"a real problem that the learner must see\n")
    err = capfd.readouterr().err
    assert "a real problem that the learner must see" in err
    assert "oneDNN" not in err and "cuInit" not in err and "absl" not in err


def test_the_noise_filter_passes_on_an_exception():
    with pytest.raises(ImportError, match="boom"):
        with environment._startup_noise_filtered():
            raise ImportError("boom")
    os.write(2, b"")  # file descriptor 2 is restored


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
