"""Checking the software a notebook runs on, and seeding every random generator."""

from __future__ import annotations

import contextlib
import os
import platform
import random
import sys
import tempfile
from typing import Any, Iterator

import numpy as np

from . import config, notebook_session


def _version_tuple(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


_COURSE_SEED: Any = object()  # "use RNN_COURSE_SEED" (the default of check_environment)


def check_environment(seed: int | None = _COURSE_SEED) -> int | None:
    """Print what the notebook runs on, stop early on an unsupported setup, and seed everything.

    Raises ``RuntimeError`` when Keras is older than 3 (the course uses Keras 3
    APIs throughout) or TensorFlow is below the supported range. A TensorFlow
    newer than the tested range only warns. Seeds every generator with
    ``seed``: by default the course seed (``RNN_COURSE_SEED``, else 42); pass
    ``None`` to skip. Returns the seed used, so that a notebook can pass it on.
    """
    filtered = notebook_session.prepare_notebook_session()  # in Jupyter: stderr filtered for the whole session
    with contextlib.nullcontext() if filtered else _startup_noise_filtered():
        import keras
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")  # where CUDA's "failed call to cuInit" comes from
    notebook_session.end_startup()  # later native lines pass, but for oneDNN's DT_BOOL one
    if _version_tuple(keras.__version__) < (3,):
        raise RuntimeError(
            f"Keras {keras.__version__} is installed, but the course needs Keras 3 "
            f"(it comes with {config.TENSORFLOW_REQUIREMENT}). Run `make lab` from the "
            "course folder, or `pip install -r requirements.txt`."
        )
    tf_version = _version_tuple(tf.__version__)
    if tf_version < _version_tuple(config.TENSORFLOW_MIN):
        raise RuntimeError(
            f"TensorFlow {tf.__version__} is older than the course supports "
            f"({config.TENSORFLOW_REQUIREMENT}). Upgrade with "
            f"`pip install \"{config.TENSORFLOW_REQUIREMENT}\"`."
        )
    if tf_version >= _version_tuple(config.TENSORFLOW_BELOW):
        print(
            f"Note: TensorFlow {tf.__version__} is newer than the tested range "
            f"({config.TENSORFLOW_REQUIREMENT}); it will probably work."
        )
    mode = "FAST MODE (RNN_COURSE_FAST=1)" if config.is_fast_mode() else "full-size run"
    print(
        f"Python {platform.python_version()}, TensorFlow {tf.__version__}, "
        f"Keras {keras.__version__}, NumPy {np.__version__}; "
        f"{len(gpus)} GPU(s), {os.cpu_count()} CPU core(s); {mode}."
    )
    if not gpus:
        print("No GPU found: the course runs on the CPU (every notebook is sized for that).")
    _draw_figures_inline()
    if seed is _COURSE_SEED:
        seed = config.course_seed()
    if seed is not None:
        set_seed(seed)
        print(f"Random seed: {seed} (set RNN_COURSE_SEED to run the course with another one).")
    return seed


@contextlib.contextmanager
def _startup_noise_filtered() -> Iterator[None]:
    """Capture what C++ code writes to stderr (file descriptor 2) meanwhile, and pass on all but the known noise."""
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no file descriptor 2 (some embedded interpreters): nothing to filter
        yield
        return
    with tempfile.TemporaryFile(mode="w+b") as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            lines = captured.read().decode("utf-8", "replace").splitlines()
            kept = [line for line in lines if line.strip() and not notebook_session.is_noise(line)]
            if kept:
                print("\n".join(kept), file=sys.stderr)


def _draw_figures_inline() -> None:
    """In Jupyter, undo a non-interactive MPLBACKEND (such as Agg), which would hide every figure."""
    backend = os.environ.get("MPLBACKEND", "")
    if not backend or "inline" in backend.lower():
        return
    shell = notebook_session.jupyter_shell()
    if shell is None:  # not a Jupyter kernel: leave it alone
        return
    shell.run_line_magic("matplotlib", "inline")
    print(f"Note: MPLBACKEND={backend} would hide the figures; this notebook draws them inline instead.")


def set_seed(seed: int = 42) -> None:
    """Seed Python's ``random``, NumPy and TensorFlow/Keras in one call.

    Results are then repeatable run to run on the same machine; multithreaded
    CPU kernels and GPUs may still differ in the last digits.
    """
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be a whole number from 0 to 2**32 - 1, such as 42; got {seed!r}.")
    seed = int(seed)
    import keras

    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)  # seeds Python, NumPy and the backend
    # Keras before 3.11 keeps the global SeedGenerator (behind unseeded keras.random
    # calls) across set_random_seed; drop it so that it is rebuilt from the new seed.
    try:
        from keras.src.backend.common import global_state

        global_state.set_global_attribute("global_seed_generator", None)
    except ImportError:  # a Keras whose internals moved: its set_random_seed resets it itself
        pass
