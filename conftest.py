"""pytest set-up shared by the unit tests and the notebook runs (nbmake).

* Notebooks record their headline figures (utils.record_results) into
  build/test-results.json, started afresh for each test session.
* The check of those figures (tests/test_recorded_results.py) runs after
  every notebook, whatever order pytest collected them in.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
RESULTS_FILE = ROOT / "build" / "test-results.json"
EXECUTED_NOTEBOOKS: list[str] = []


def pytest_configure(config):
    config.addinivalue_line("markers", "after_notebooks: run after every notebook has executed")
    os.environ.setdefault("RNN_COURSE_RESULTS", str(RESULTS_FILE))
    results = Path(os.environ["RNN_COURSE_RESULTS"])
    if results == RESULTS_FILE and results.exists():
        results.unlink()


def pytest_collection_modifyitems(session, config, items):
    notebooks = [item for item in items if str(item.path).endswith(".ipynb")]
    last = [item for item in items if item.get_closest_marker("after_notebooks")]
    first = [item for item in items if item not in notebooks and item not in last]
    items[:] = first + notebooks + last
    EXECUTED_NOTEBOOKS[:] = [item.path.stem for item in notebooks]
    config.executed_notebooks = EXECUTED_NOTEBOOKS


