"""`make seeds` (tools/seed_spread.py): full runs with several seeds, and the spread of every figure."""

import json

import pytest

from tools import seed_spread


@pytest.fixture(autouse=True)
def _bands_not_enforced(monkeypatch):
    """These tests record made-up figures of made-up notebooks: the manifest's bands are tested in test_manifest.py."""
    monkeypatch.setenv("RNN_COURSE_CHECK_BANDS", "0")



def test_aggregate_gives_mean_sd_min_max_per_figure_and_names_failed_seeds():
    runs = {
        42: {"04_x": {"status": "passed", "seconds": 100, "metrics": {"acc": 0.88}}},
        1: {"04_x": {"status": "passed", "seconds": 120, "metrics": {"acc": 0.86}}},
        2: {"04_x": {"status": "failed", "seconds": 5, "metrics": {}}},
    }
    spread = seed_spread.aggregate(runs)["04_x"]
    assert spread["seeds"] == [1, 42] and spread["failed_seeds"] == [2]
    acc = spread["figures"]["acc"]
    assert acc["mean"] == pytest.approx(0.87) and acc["sd"] == pytest.approx(0.0141421, rel=1e-4)
    assert (acc["min"], acc["max"], acc["n"]) == (0.86, 0.88, 2)
    assert acc["values"] == {"1": 0.86, "42": 0.88}
    assert spread["figures"]["notebook_seconds"]["max"] == 120


def test_seed_spread_runs_each_seed_and_writes_the_tables(tmp_path, monkeypatch, make_notebook):
    notebooks, build = tmp_path / "notebooks", tmp_path / "build"
    notebooks.mkdir()
    make_notebook(notebooks, "01_seeded.ipynb", [
        "import utils\n"
        "SEED = utils.course_seed()\n"
        "utils.record_results('01_seeded', seed_seen=SEED)",
    ])
    monkeypatch.delenv("RNN_COURSE_FAST", raising=False)
    monkeypatch.delenv("RNN_COURSE_SEED", raising=False)
    status = seed_spread.main(["01", "--seeds", "3", "5", "--build", str(build), "--notebooks-dir", str(notebooks)])
    assert status == 0
    spread = json.loads((build / "seed_spread.json").read_text())
    assert spread["01_seeded"]["figures"]["seed_seen"]["values"] == {"3": 3.0, "5": 5.0}
    assert "| 01_seeded | seed_seen | 2 | 4 |" in (build / "seed_spread.md").read_text()
    assert (build / "seeds" / "seed-3" / "executed" / "01_seeded.ipynb").exists()
    # The tables can be rebuilt from the runs on disk.
    (build / "seed_spread.md").unlink()
    assert seed_spread.main(["--aggregate-only", "--build", str(build)]) == 0
    assert (build / "seed_spread.md").exists()


def test_seed_spread_refuses_bad_seeds(tmp_path):
    with pytest.raises(SystemExit):
        seed_spread.main(["--seeds", "1", "1", "--build", str(tmp_path)])


def test_claims_are_evaluated_on_every_seed_and_on_the_means(monkeypatch):
    from utils import manifest

    entry = {"claims": [{"check": "a - b >= 0.1", "says": "A beats B", "otherwise": "close"},
                        {"check": "a > 0", "says": "fast only", "otherwise": "-", "modes": ["fast"]}]}
    monkeypatch.setattr(manifest, "notebook", lambda name: entry)
    spread = seed_spread.aggregate({
        42: {"05_x": {"status": "passed", "seconds": 1, "metrics": {"a": 0.9, "b": 0.5}}},
        1: {"05_x": {"status": "passed", "seconds": 1, "metrics": {"a": 0.6, "b": 0.55}}},
    })
    lines = seed_spread.claim_lines(spread)
    assert "| 05_x | `a - b >= 0.1` | 1 of 2 seeds | 1 | holds |" in lines
    assert not any("a > 0" in line for line in lines)  # a fast-mode claim is not a full run's
