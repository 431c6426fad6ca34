"""The course manifest (notebooks/course.toml) and what is checked against it."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from utils import manifest, results

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SHARES = ("accuracy", "exact", "coverage", "share", "match")  # figures that live in [0, 1]


def recorded_names(path: Path) -> set[str]:
    """The figures a notebook records: the keyword names of its utils.record_results(...) calls."""
    names: set[str] = set()
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "\n".join(line for line in "".join(cell["source"]).splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "record_results":
                assert all(keyword.arg for keyword in node.keywords), f"{path.name}: name each figure (no **dict) so the manifest can be checked"
                names |= {keyword.arg for keyword in node.keywords}
    return names


def test_every_notebook_has_one_entry_and_every_entry_a_notebook():
    declared = [entry["file"] for entry in manifest.notebooks()]
    assert declared == [path.name for path in NOTEBOOKS], "notebooks/course.toml must list exactly the notebooks, in order"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_recorded_figures_and_bands_agree(path):
    entry = manifest.notebook(path.stem)
    recorded = recorded_names(path)
    reported = set(entry.get("reported", {}))
    for mode in ("full", "fast"):
        banded = set(entry.get("bands", {}).get(mode, {}))
        assert not recorded - banded - reported, f"{path.name}: {sorted(recorded - banded - reported)} recorded with no {mode} band (add one, or list it under reported with the reason)"
        assert not banded - recorded, f"{path.name}: bands.{mode} names {sorted(banded - recorded)}, which the notebook never records"
    sample = set(entry.get("bands", {}).get("sample", {}))
    assert not sample - recorded, f"{path.name}: bands.sample names {sorted(sample - recorded)}, which the notebook never records"
    assert not reported - recorded, f"{path.name}: reported names {sorted(reported - recorded)}, which the notebook never records"
    for claim in entry.get("claims", []):
        unknown = manifest.claim_names(claim["check"]) - recorded
        assert not unknown, f"{path.name}: the claim {claim['check']!r} reads {sorted(unknown)}, which the notebook never records"


@pytest.mark.parametrize("entry", manifest.notebooks(), ids=lambda e: e["number"])
def test_no_band_accepts_every_value(entry):
    for mode, bands in entry.get("bands", {}).items():
        for name, (low, high) in bands.items():
            if any(word in name for word in SHARES):
                assert not (low <= 0 and high >= 1), (
                    f"{entry['number']}: bands.{mode}.{name} = [{low}, {high}] accepts every share, so it checks nothing; "
                    "narrow it to what the text claims, or list the figure under reported with the reason")
            assert not name.endswith(("_seconds", "_ms")), f"{entry['number']}: {name} is a timing: report it, do not band it"


def test_generated_places_agree_with_the_manifest():
    result = subprocess.run([sys.executable, "tools/course_map.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_seeds_defaults_to_the_manifests_training_notebooks():
    from tools import seed_spread

    assert seed_spread.default_notebooks() == [e["number"] for e in manifest.notebooks() if e["seeds"]]
    assert "03" in seed_spread.default_notebooks() and "00" not in seed_spread.default_notebooks()


# --------------------------------------------------------------------------
# Claims and bands, checked where the figures are recorded
# --------------------------------------------------------------------------

TOY = '''
measured = "today"
[[notebook]]
number = "98"
file = "98_toy.ipynb"
title = "Toy"
topic = "t"
summary = "s"
prerequisites = "none"
articles = []
time = "about 1 second in full, 1 second in fast mode"
full_run = "1 s"
fast_run = "1 s"
headline = "h"
seeds = false
reported = { train_seconds = "a timing" }
[notebook.bands.fast]
accuracy_a = [0.8, 1.0]
accuracy_b = [0.0, 0.9]
[[notebook.claims]]
check = "accuracy_a - accuracy_b >= 0.3"
says = "A beats B by a wide margin"
otherwise = "A and B are close on this run"
modes = ["fast"]
'''


@pytest.fixture
def toy_manifest(tmp_path, monkeypatch):
    path = tmp_path / "course.toml"
    path.write_text(TOY, encoding="utf-8")
    monkeypatch.setattr(manifest, "MANIFEST", path)
    monkeypatch.setenv("RNN_COURSE_FAST", "1")
    monkeypatch.delenv("RNN_COURSE_RESULTS", raising=False)
    monkeypatch.setitem(results._RECORDED, "98_toy", {})
    return path


def test_a_figure_in_band_and_a_claim_that_holds_pass(toy_manifest, monkeypatch, capsys):
    monkeypatch.setenv("RNN_COURSE_CHECK_BANDS", "1")
    results.record_results("98_toy", accuracy_a=0.95, accuracy_b=0.5, train_seconds=12.0)
    out = capsys.readouterr().out
    assert "in its band [0.8, 1]" in out and "reported, not checked" in out
    assert "claim holds: A beats B by a wide margin" in out


def test_a_figure_out_of_band_fails_the_cell_with_its_name(toy_manifest, monkeypatch, capsys):
    monkeypatch.setenv("RNN_COURSE_CHECK_BANDS", "1")
    with pytest.raises(AssertionError, match=r"accuracy_a = 0.5 is outside its fast band \[0.8, 1\]"):
        results.record_results("98_toy", accuracy_a=0.5)
    assert "OUTSIDE its band" in capsys.readouterr().out


def test_a_learner_sees_the_failed_claim_without_an_error(toy_manifest, monkeypatch, capsys):
    monkeypatch.setenv("RNN_COURSE_CHECK_BANDS", "0")
    results.record_results("98_toy", accuracy_a=0.85)
    results.record_results("98_toy", accuracy_b=0.8)  # the claim is decided once both are recorded
    out = capsys.readouterr().out
    assert "CLAIM FAILED" in out and "it should say: A and B are close on this run" in out


def test_a_failed_claim_fails_under_the_tests(toy_manifest, monkeypatch):
    monkeypatch.setenv("RNN_COURSE_CHECK_BANDS", "1")
    with pytest.raises(AssertionError, match="claim failed: accuracy_a - accuracy_b >= 0.3"):
        results.record_results("98_toy", accuracy_a=0.85, accuracy_b=0.8)


def test_a_figure_with_no_band_fails_under_the_tests(toy_manifest, monkeypatch):
    monkeypatch.setenv("RNN_COURSE_CHECK_BANDS", "1")
    with pytest.raises(AssertionError, match="new_figure has no fast band"):
        results.record_results("98_toy", new_figure=1.0)


def test_a_notebook_missing_from_the_manifest_is_named(toy_manifest, monkeypatch):
    monkeypatch.setenv("RNN_COURSE_CHECK_BANDS", "1")
    with pytest.raises(AssertionError, match="'97_other' has no entry in notebooks/course.toml"):
        results.record_results("97_other", accuracy=0.9)


@pytest.mark.parametrize("check", ["__import__('os').system('true')", "accuracy.real", "[x for x in y]", "'a' < 'b'", "f(1)"])
def test_a_claim_cannot_run_code(check):
    with pytest.raises(manifest.ManifestError):
        manifest.parse_claim(check)


def test_claims_evaluate_arithmetic_and_chains():
    figures = {"a": 0.9, "b": 0.5}
    assert manifest.evaluate_claim("a - b >= 0.3 and abs(b - 0.5) < 0.05", figures)
    assert manifest.evaluate_claim("0.4 <= b <= 0.6", figures)
    assert not manifest.evaluate_claim("max(a, b) < 0.5", figures)
    with pytest.raises(KeyError, match="has not recorded"):
        manifest.evaluate_claim("c > 0", figures)


def test_a_malformed_manifest_gets_one_clear_sentence(tmp_path):
    bad = tmp_path / "course.toml"
    bad.write_text(TOY.replace('accuracy_a = [0.8, 1.0]', 'accuracy_a = [1.0, 0.8]'), encoding="utf-8")
    with pytest.raises(manifest.ManifestError, match="must be \\[low, high\\] with low <= high"):
        manifest.load(bad)
    bad.write_text(TOY.replace('seeds = false', 'seeds = false\ncolour = "red"'), encoding="utf-8")
    with pytest.raises(manifest.ManifestError, match="unknown field"):
        manifest.load(bad)


def test_a_notebook_measured_on_another_day_says_so_in_its_header(tmp_path):
    from tools import course_map

    path = tmp_path / "course.toml"
    path.write_text(TOY.replace('seeds = false', 'seeds = false\nmeasured = "2026-12-02"'), encoding="utf-8")
    entry = manifest.load(path)["notebook"][0]
    header = course_map.header_lines("# old\n\n**Time:** x\n\n**Prerequisites:** y", entry, "2026-11-24")
    assert "2026-12-02" in header and "2026-11-24" not in header
