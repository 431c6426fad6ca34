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


def _run_in_kernel(sources: list[str]) -> list[tuple[str, str]]:
    """Run cells in a fresh Jupyter kernel from notebooks/; per cell, (its stdout, its stderr)."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    streams = []
    for cell in notebook.cells:
        text = {name: "".join(o.get("text", "") for o in cell.outputs if o.get("name") == name) for name in ("stdout", "stderr")}
        streams.append((text["stdout"], text["stderr"]))
    return streams


def test_native_noise_after_start_up_is_filtered_and_real_errors_still_show(monkeypatch):
    """oneDNN's DT_BOOL line comes when a model first uses a mask, long after the setup cell: no red box for it."""
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    # ipykernel forwards what native code writes to descriptor 2 into the notebook, as JupyterLab shows it,
    # except under pytest (it looks for PYTEST_CURRENT_TEST): the kernel must not see that variable here.
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    masked_lstm = ("import keras, numpy as np\n"
                   "model = keras.Sequential([keras.Input((None,), dtype='int32'), keras.layers.Embedding(9, 4, mask_zero=True),"
                   " keras.layers.LSTM(3)])\n"
                   "print(model(np.array([[1, 2, 0]])).shape)")
    native = ("import os, time\n"
              "os.write(2, b'E0000 util.cc:131] oneDNN supports DT_BOOL only on platforms with AVX-512. Falling back\\n')\n"
              "os.write(2, b'a real native error the learner must see\\n')\n"
              "os.write(2, b'E0000 cuda_executor.cc:99] CUDA_ERROR_OUT_OF_MEMORY\\n')\n"
              "time.sleep(0.5)")
    streams = _run_in_kernel([SETUP_CELL, masked_lstm, native])
    assert [err for _, err in streams[:2]] == ["", ""], f"stderr in the setup or model cell: {streams[:2]}"
    # after start-up, a CUDA error passes although start-up lines from the same file were dropped
    assert streams[2][1] == "a real native error the learner must see\nE0000 cuda_executor.cc:99] CUDA_ERROR_OUT_OF_MEMORY\n"


def test_run_all_passes_over_a_solution_and_running_it_twice_shows_it(monkeypatch):
    monkeypatch.delenv("RNN_COURSE_RUN_SOLUTIONS", raising=False)
    solution = "# @title Solution to exercise 1\nprint('THE ANSWER')"
    count_guards = ("shell = get_ipython()\n"
                    "print(sum(getattr(f, '__name__', '') == 'hold_back' for f in shell.input_transformers_cleanup),"
                    " sum(getattr(f, '__name__', '') == 'remember' for f in shell.events.callbacks['post_run_cell']))")
    streams = _run_in_kernel([SETUP_CELL, SETUP_CELL, solution, solution, "x = 1", solution, count_guards])
    hint = streams[2][0]
    assert "THE ANSWER" not in hint and "Solution to exercise 1" in hint and "twice in a row" in hint, hint
    assert streams[6][0] == "1 1\n", f"the setup cell ran twice, and the guard must not stack: {streams[6][0]!r}"
    assert streams[3][0] == "THE ANSWER\n", "the same cell run twice in a row must show the solution"
    assert "THE ANSWER" not in streams[5][0], "after another cell, the solution is held back again"


def test_the_tests_run_every_solution_at_once(monkeypatch):
    monkeypatch.setenv("RNN_COURSE_RUN_SOLUTIONS", "1")
    streams = _run_in_kernel([SETUP_CELL, "# @title Solution to exercise 2\nprint('THE ANSWER')"])
    assert streams[1][0] == "THE ANSWER\n"
