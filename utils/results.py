"""Recording a notebook's headline figures, checked against its bands and claims where they are recorded.

The bands and claims live in the course manifest (notebooks/course.toml, read by
utils.manifest). Each recorded figure is printed beside its band, so a learner
sees at once whether the run is off; each claim whose figures have all been
recorded is printed as holding or not, with what the text should say instead.
With ``RNN_COURSE_CHECK_BANDS`` on (the tests and ``make course`` set it), a
figure outside its band, a failed claim, or a figure the manifest does not know
makes the recording cell fail.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from numbers import Real
from pathlib import Path
from typing import Any

from . import config, manifest, sources
from .formatting import format_band, format_figure

RESULTS_ENV = "RNN_COURSE_RESULTS"
CHECK_ENV = "RNN_COURSE_CHECK_BANDS"
_RECORDED: dict[str, dict[str, float]] = {}  # this kernel's figures, by notebook, for the claims
_NOTEBOOK_NAME = re.compile(r"^\d\d_[a-z0-9_]+$")


def record_results(notebook: str, **metrics: float) -> None:
    """Print a notebook's headline figures and, if asked, save them for the report.

    ``notebook`` is the notebook's file name without ``.ipynb`` (for example
    ``"04_imdb_lstm"``); ``metrics`` are named numbers (accuracies as
    fractions, perplexities, seconds). When the environment variable
    ``RNN_COURSE_RESULTS`` names a JSON file, the figures are merged into it
    under the notebook's name, with the data sources used and the mode.
    Calling it again adds to, or updates, the same notebook's figures.
    """
    if not isinstance(notebook, str) or not _NOTEBOOK_NAME.match(notebook):
        raise ValueError(
            f"notebook={notebook!r}: pass the notebook's file name without .ipynb, "
            "such as '04_imdb_lstm'."
        )
    if not metrics:
        raise ValueError("record_results() needs at least one named figure, e.g. test_accuracy=0.87.")
    clean: dict[str, float] = {}
    for name, value in metrics.items():
        if hasattr(value, "ndim") and getattr(value, "ndim") == 0 and hasattr(value, "item"):
            value = value.item()  # a NumPy or TensorFlow scalar, such as np.float32(0.87)
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
            raise ValueError(f"{name}={value!r} is not a finite number; pass plain numbers (use float(...)).")
        clean[name] = float(f"{float(value):.7g}")  # 7 significant digits, small numbers kept

    entry = {
        "metrics": clean,
        "data_source": sources.data_sources(),
        "fast_mode": config.is_fast_mode(),
    }
    mode = _mode(entry)
    problems = _print_and_check(notebook, clean, mode)

    target = os.environ.get(RESULTS_ENV, "").strip()
    if target:
        path = Path(target).expanduser()
        everything: dict[str, Any] = {}
        if path.is_dir():
            raise ValueError(f"{RESULTS_ENV}={target!r} is a folder: name a JSON file, such as build/results.json.")
        if path.exists() and path.stat().st_size:
            try:
                everything = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as error:
                raise ValueError(
                    f"{path} (from {RESULTS_ENV}) is not valid JSON: point {RESULTS_ENV} at another file, "
                    "or move this one away (the course never overwrites it)."
                ) from error
            if not isinstance(everything, dict) or not all(isinstance(v, dict) for v in everything.values()):
                raise ValueError(
                    f"{path} (from {RESULTS_ENV}) holds JSON that is not the course's results (an object of "
                    f"notebooks): point {RESULTS_ENV} at another file, or move this one away."
                )
        previous = everything.get(notebook, {})
        entry["metrics"] = {**previous.get("metrics", {}), **clean}
        entry["data_source"] = {**previous.get("data_source", {}), **entry["data_source"]}
        everything[notebook] = {**previous, **entry}
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8") as handle:
            json.dump(everything, handle, indent=2, sort_keys=True)
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    if problems and config.env_flag(CHECK_ENV):
        raise AssertionError(f"{notebook}: " + "; ".join(problems))


def _mode(entry: dict[str, Any]) -> str:
    """'sample' when a data set came from the generated stand-in, else 'fast' or 'full'."""
    if any(str(source).startswith(sources.SOURCE_SAMPLE) for source in entry["data_source"].values()):
        return "sample"
    return "fast" if entry["fast_mode"] else "full"


def _print_and_check(notebook: str, figures: dict[str, float], mode: str) -> list[str]:
    """Print each figure beside its band, then the claims it completes; return what failed."""
    try:
        declared = manifest.notebook(notebook)
    except manifest.ManifestError as error:
        declared = None
        unknown = str(error)
    bands = manifest.bands(notebook, mode) if declared else {}
    reported = declared.get("reported", {}) if declared else {}
    labels = {"full": "full-size run", "fast": "fast mode", "sample": "generated sample data"}
    print(f"Results of {notebook} ({labels[mode]}):")
    width = max(len(name) for name in figures)
    problems: list[str] = []
    for name, value in figures.items():
        shown = f"  {name:<{width}}  {format_figure(value):>9}"
        if name in bands:
            low, high = bands[name]
            if low <= value <= high:
                print(f"{shown}  in its band {format_band(bands[name])}")
            else:
                print(f"{shown}  OUTSIDE its band {format_band(bands[name])}: this run is off; see Troubleshooting")
                problems.append(f"{name} = {format_figure(value)} is outside its {mode} band {format_band(bands[name])}")
        elif name in reported:
            print(f"{shown}  (reported, not checked: {reported[name].split(':')[0]})")
        elif mode == "sample":
            print(f"{shown}  (no band for the generated sample)")
        else:
            print(f"{shown}  (no band)")
            problem = f"{name} has no {mode} band in notebooks/course.toml" if declared else unknown
            if problem not in problems:
                problems.append(problem)
    _RECORDED.setdefault(notebook, {}).update(figures)
    for claim in declared.get("claims", []) if declared else []:
        if mode not in claim.get("modes", ["full"]) or not manifest.claim_names(claim["check"]) <= set(_RECORDED[notebook]):
            continue
        if not manifest.claim_names(claim["check"]) & set(figures):
            continue  # decided earlier
        if manifest.evaluate_claim(claim["check"], _RECORDED[notebook]):
            print(f"  claim holds: {claim['says']}  ({claim['check']})")
        else:
            print(f"  CLAIM FAILED: {claim['check']} is false on this run, so the text's \"{claim['says']}\" "
                  f"does not hold; it should say: {claim['otherwise']}")
            problems.append(f"claim failed: {claim['check']}")
    return problems
