"""Recording a notebook's headline figures for the course report."""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from numbers import Real
from pathlib import Path
from typing import Any

from . import config, data

RESULTS_ENV = "RNN_COURSE_RESULTS"
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
        "data_source": data.data_sources(),
        "fast_mode": config.is_fast_mode(),
    }
    width = max(len(name) for name in clean)
    print(f"Results of {notebook} ({'fast mode' if entry['fast_mode'] else 'full size'}):")
    for name, value in clean.items():
        shown = f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:.4g}"
        print(f"  {name:<{width}}  {shown}")  # counts in full (1,018,881), the rest to 4 significant digits

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
