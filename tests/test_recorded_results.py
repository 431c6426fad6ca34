"""After the notebooks ran (nbmake, fast mode), their recorded figures are in their bands.

Runs last (see conftest.py). Checked only for notebooks that ran in this
session on real data: on the generated sample the figures mean little.
"""

import json
import os
from pathlib import Path

import pytest

from expected_results import FAST, FULL


@pytest.mark.after_notebooks
def test_recorded_figures_are_in_their_bands(request):
    executed = getattr(request.config, "executed_notebooks", [])
    if not executed:
        pytest.skip("no notebook ran in this session")
    path = Path(os.environ["RNN_COURSE_RESULTS"])
    recorded = json.loads(path.read_text()) if path.exists() else {}
    problems, checked = [], 0
    for notebook in executed:
        entry = recorded.get(notebook)
        bands = (FAST if (entry or {}).get("fast_mode", True) else FULL).get(notebook, {})
        if not bands:
            continue
        if entry is None:
            problems.append(f"{notebook}: recorded no results (did it fail?)")
            continue
        if any(source.startswith("generated sample") for source in entry["data_source"].values()):
            continue
        for metric, (low, high) in bands.items():
            value = entry["metrics"].get(metric)
            checked += 1
            if value is None or not low <= value <= high:
                problems.append(f"{notebook}: {metric} = {value}, expected in [{low}, {high}]")
    assert not problems, "\n".join(problems)
    if not checked:
        pytest.skip("no notebook ran on real data, so no band was checked")
