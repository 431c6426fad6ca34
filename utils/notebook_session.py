"""Two things the setup cell arranges in a Jupyter kernel, for the whole session.

* **Native noise stays out of the notebook.** TensorFlow's C++ code writes to
  file descriptor 2 directly. Some lines come long after start-up (oneDNN's
  "supports DT_BOOL only on platforms with AVX-512" when a model first does a
  boolean operation) and JupyterLab shows them in a red box, which a beginner
  reads as an error. :func:`filter_native_stderr` puts a filter on descriptor 2
  that drops the known lines (``NOISE`` while TensorFlow starts, then only
  ``SESSION_NOISE``) and passes every other line on.
* **Run All passes over the hidden solutions.** A cell that opens with
  ``# @title Solution to exercise N`` runs only when a learner asks for it: run
  after another cell, it says how to see it; run twice in a row (Ctrl+Enter
  twice, which runs a cell in place; Shift+Enter would move on), it runs.
  Run All never runs the same cell twice in a row, so it shows no answer.
  The tests and ``make course`` set ``RNN_COURSE_RUN_SOLUTIONS=1``, which runs
  the solutions at once, so that they are checked.

Both are installed once per kernel by :func:`prepare_notebook_session`
(``utils.check_environment`` calls it); running the setup cell again replaces
them rather than stacking them.
"""

from __future__ import annotations

import os
import re
import select
import threading
from typing import Any

from . import config

RUN_SOLUTIONS_ENV = "RNN_COURSE_RUN_SOLUTIONS"
SOLUTION_TITLE = re.compile(r"\s*#\s*@title\s+Solution to exercise (\d+)\s*$")

# Lines TensorFlow, absl, oneDNN and CUDA print while TensorFlow starts on a machine without a GPU.
# They are expected there, and say nothing a learner can act on. Any other line is shown.
NOISE = (
    "All log messages before absl::InitializeLog() is called are written to STDERR",
    "oneDNN custom operations are on",
    "Could not find cuda drivers on your machine",
    "failed call to cuInit",
    "Unable to register cuDNN factory",
    "Unable to register cuFFT factory",
    "Unable to register cuBLAS factory",
    "computation placer already registered",
    "TF-TRT Warning: Could not find TensorRT",
    "This TensorFlow binary is optimized to use available CPU instructions",
    "rebuild TensorFlow with the appropriate compiler flags",
    "To enable the following instructions",
    "Attempting to register factory for plugin",
    "cuda_executor.cc",
    "cuda_diagnostics.cc",
)
# After start-up only these are dropped: a real CUDA error later in the session (out of memory, say)
# comes from the same source files as the start-up lines, and must show.
SESSION_NOISE = (
    "oneDNN supports DT_BOOL only on platforms with AVX-512",
)
_INSTALLED = "_rnn_course_session"  # attribute on the IPython shell: what this module installed there


def is_noise(line: str, starting: bool = True) -> bool:
    """True for a line of known, harmless native noise: ``NOISE`` while TensorFlow starts, then ``SESSION_NOISE``."""
    return any(noise in line for noise in SESSION_NOISE) or (starting and any(noise in line for noise in NOISE))


def jupyter_shell() -> Any | None:
    """The IPython shell of a Jupyter kernel (JupyterLab, Colab, nbclient), or None anywhere else."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell if shell is not None and "IPKernelApp" in shell.config else None


def prepare_notebook_session() -> bool:
    """In a Jupyter kernel, install the stderr filter and the solution guard; return whether stderr is filtered."""
    shell = jupyter_shell()
    if shell is None:
        return False
    installed = getattr(shell, _INSTALLED, None)
    if installed is None:
        installed = {"stderr_filter": filter_native_stderr()}
    else:  # the setup cell ran again (utils re-imported): take our old guard out before adding the new one
        _remove_solution_guard(shell, installed)
    installed.update(_add_solution_guard(shell))
    setattr(shell, _INSTALLED, installed)
    return installed["stderr_filter"]


# ---- the stderr filter -------------------------------------------------------------------------

_STARTUP_DONE = b"[rnn-course: TensorFlow has started]"  # sent through the pipe, so it arrives in order


def end_startup() -> None:
    """TensorFlow has started: from now on the filter drops ``SESSION_NOISE`` only (check_environment calls it).

    A marker line goes down the same pipe as TensorFlow's own lines, so every start-up line
    written before it is still judged as start-up noise, however late the thread reads it."""
    shell = jupyter_shell()
    installed = getattr(shell, _INSTALLED, None) if shell is not None else None
    if installed is not None and installed["stderr_filter"]:
        os.write(2, _STARTUP_DONE + b"\n")


def filter_native_stderr() -> bool:
    """Route file descriptor 2 through a thread that drops noise lines; False where that cannot be done.

    A partial line (no newline yet) is passed on after 0.2 s, so that prompts and
    progress written natively still appear. If passing lines on ever fails, the
    thread gives descriptor 2 back to where it went before, so that nothing blocks.
    (ipykernel also echoes descriptor 2 to the server's terminal: the noise leaves that too.)
    """
    if os.name == "nt":  # select() works on sockets only there: keep the start-up filter alone
        return False
    try:
        forward = os.dup(2)  # where descriptor 2 went so far (in Jupyter, the kernel's capture pipe)
    except OSError:
        return False
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)
    threading.Thread(target=_pump, args=(read_end, forward), name="rnn-course-stderr-filter", daemon=True).start()
    return True


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data):]


def _pump(read_end: int, forward: int) -> None:
    pending, starting = b"", True
    try:
        while True:
            ready, _, _ = select.select([read_end], [], [], 0.2 if pending else None)
            if not ready:  # a partial line has waited: pass it on as it is
                _write_all(forward, pending)
                pending = b""
                continue
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            *lines, pending = (pending + chunk).split(b"\n")
            kept = []
            for line in lines:
                if line == _STARTUP_DONE:
                    starting = False
                elif not is_noise(line.decode("utf-8", "replace"), starting):
                    kept.append(line)
            if kept:
                _write_all(forward, b"\n".join(kept) + b"\n")
    except BaseException:  # noqa: BLE001 - whatever broke, never leave descriptor 2 a pipe that nobody reads
        try:
            os.dup2(forward, 2)
        except OSError:
            pass


# ---- the solution guard ------------------------------------------------------------------------

def _add_solution_guard(shell: Any) -> dict[str, Any]:
    last_cell = {"source": None}

    def remember(result: Any) -> None:
        last_cell["source"] = result.info.raw_cell.strip()

    def hold_back(lines: list[str]) -> list[str]:
        first = next((line for line in lines if line.strip()), "")
        title = SOLUTION_TITLE.match(first)
        if title is None or config.env_flag(RUN_SOLUTIONS_ENV):
            return lines
        if "".join(lines).strip() == last_cell["source"]:  # the learner ran this same cell twice in a row
            return lines
        hint = (f"Solution to exercise {title.group(1)}, hidden from Run All: to see it, run this cell twice in a row "
                "(Ctrl+Enter, Ctrl+Enter).")
        return [f"print({hint!r})\n"]

    shell.input_transformers_cleanup.insert(0, hold_back)
    shell.events.register("post_run_cell", remember)
    return {"transformer": hold_back, "callback": remember}


def _remove_solution_guard(shell: Any, installed: dict[str, Any]) -> None:
    if installed.get("transformer") in shell.input_transformers_cleanup:
        shell.input_transformers_cleanup.remove(installed["transformer"])
    try:
        shell.events.unregister("post_run_cell", installed.get("callback"))
    except ValueError:
        pass
