"""Course-wide configuration: fast mode, the full/fast settings helper, versions.

Fast mode (``RNN_COURSE_FAST=1``) shrinks data and epochs so that the test
suite can execute every notebook in minutes. Notebooks always *show* the
full-size settings; the fast-mode overrides sit beside them, in one call:

>>> config = settings(full=dict(epochs=20, batch_size=1024),
...                   fast=dict(epochs=1))
"""

from __future__ import annotations

import os
import re
from types import SimpleNamespace
from typing import Any, Mapping

# The GitHub repository that hosts the course ("owner/name"). The Colab badges
# and the Colab branch of every notebook's setup cell use it; a test checks
# that they agree with this one value.
REPOSITORY = "rnn-course/rnn-course"
BRANCH = "main"

# The supported TensorFlow range (Keras 3 only). It must hold both the newest
# TensorFlow release and the one Colab ships. requirements.txt,
# environment.yml and check_environment() agree with it (a test checks).
TENSORFLOW_MIN = "2.19"
TENSORFLOW_BELOW = "2.22"
TENSORFLOW_REQUIREMENT = f"tensorflow>={TENSORFLOW_MIN},<{TENSORFLOW_BELOW}"

FAST_ENV = "RNN_COURSE_FAST"
SEED_ENV = "RNN_COURSE_SEED"
DEFAULT_SEED = 42

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


def env_flag(name: str) -> bool:
    """Read an on/off ``RNN_COURSE_*`` switch: 1/true/yes/on, or 0/false/no/off/unset.

    Every switch of the course is read with this one parser, so that the same
    spellings work everywhere; anything else is an error, never a guess.
    """
    value = os.environ.get(name, "").strip().lower()
    if value in _FALSE:
        return False
    if value in _TRUE:
        return True
    raise ValueError(
        f"{name}={os.environ[name]!r} is not understood: set it to 1 (or true, yes, on) "
        "to switch it on, or to 0 (or false, no, off), or unset it, to switch it off."
    )


def is_fast_mode() -> bool:
    """True when the environment variable ``RNN_COURSE_FAST`` is on (``1``)."""
    return env_flag(FAST_ENV)


def course_seed() -> int:
    """The course-wide random seed: ``RNN_COURSE_SEED`` (a whole number >= 0), default 42.

    Every notebook seeds Python, NumPy and Keras with it in its setup cell, and
    passes it wherever a seed is needed, so one variable re-runs the whole
    course with another seed (``make seeds`` uses it).
    """
    value = os.environ.get(SEED_ENV, "").strip()
    if not value:
        return DEFAULT_SEED
    if not re.fullmatch(r"[0-9]+", value):  # not str.isdigit(): it accepts '²', which int() refuses
        raise ValueError(
            f"{SEED_ENV}={os.environ[SEED_ENV]!r} is not a whole number: set it to a seed "
            f"such as {DEFAULT_SEED}, or unset it for the default ({DEFAULT_SEED})."
        )
    return int(value)


def colab_url(notebook_path: str) -> str:
    """The "Open in Colab" address of a notebook, given its path in the repo."""
    if not isinstance(notebook_path, str) or not notebook_path.endswith(".ipynb"):
        raise ValueError(f"colab_url() takes a notebook's path in the repository, such as 'notebooks/04_imdb_lstm.ipynb'; got {notebook_path!r}.")
    return (
        "https://colab.research.google.com/github/"
        f"{REPOSITORY}/blob/{BRANCH}/{notebook_path}"
    )


def settings(
    full: Mapping[str, Any], fast: Mapping[str, Any] | None = None, *, quiet: bool = False
) -> SimpleNamespace:
    """Return the run's settings: ``full``, or ``full`` updated by ``fast`` in fast mode.

    ``full`` holds every setting at its real size (what a learner runs);
    ``fast`` holds only the overrides for fast mode, and may not introduce new
    names. The chosen values are printed so the output says which mode ran.
    """
    if not isinstance(full, Mapping) or not full:
        raise TypeError("settings() needs `full`: a dict of the full-size settings, e.g. dict(epochs=10).")
    if fast is not None and not isinstance(fast, Mapping):
        raise TypeError(f"settings(fast=...) takes a dict of overrides, e.g. dict(epochs=1); got {type(fast).__name__}.")
    fast = dict(fast or {})
    unknown = sorted(set(fast) - set(full))
    if unknown:
        raise KeyError(
            f"fast-mode overrides {unknown} have no full-size value: add them to `full` "
            "so the learner sees the real setting too."
        )
    chosen = dict(full)
    fast_mode = is_fast_mode()
    if fast_mode:
        chosen.update(fast)
    if not quiet:
        if fast_mode:
            changes = ", ".join(f"{k}: {full[k]!r} -> {fast[k]!r}" for k in fast) or "none"
            print(f"FAST MODE ({FAST_ENV}=1): overrides {changes}")
        else:
            print("Full-size run: " + ", ".join(f"{k}={v!r}" for k, v in chosen.items()))
    return SimpleNamespace(**chosen)
