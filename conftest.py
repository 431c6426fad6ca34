"""pytest set-up shared by the unit tests and the notebook runs (nbmake).

* A bare ``pytest`` runs in fast mode: RNN_COURSE_FAST defaults to 1 here, and
  ``RNN_COURSE_FAST=0 pytest`` asks for the full-size run.
* Notebooks record their headline figures (utils.record_results) into
  build/test-results.json, started afresh for each test session.
* RNN_COURSE_CHECK_BANDS=1: every figure is checked against its band in
  notebooks/course.toml, and every claim evaluated, at the cell that records
  them; a figure out of band, a failed claim or an undeclared figure fails
  that notebook's test there, with the figure's name in the message.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
RESULTS_FILE = ROOT / "build" / "test-results.json"


def pytest_configure(config):
    os.environ.setdefault("RNN_COURSE_FAST", "1")
    os.environ.setdefault("RNN_COURSE_CHECK_BANDS", "1")
    os.environ.setdefault("RNN_COURSE_RESULTS", str(RESULTS_FILE))
    results = Path(os.environ["RNN_COURSE_RESULTS"])
    if results == RESULTS_FILE and results.exists():
        results.unlink()
