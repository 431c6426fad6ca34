"""Every notebook follows the course conventions (in the spirit of TensorFlow's nblint)."""

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

from notebook_conventions import FORBIDDEN_IN_CODE, SETUP_CELL, badge

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _cells(path, kind):
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == kind]


def test_there_are_notebooks_with_unique_numbers():
    assert NOTEBOOKS, "no notebooks found"
    numbers = [path.name[:2] for path in NOTEBOOKS]
    assert len(numbers) == len(set(numbers)), f"two notebooks share a number: {numbers}"
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), f"{path.name}: name it NN_words_with_underscores.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_valid_and_has_no_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert all("id" in cell for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]), "every cell needs an id (nbformat 4.5)"
    raw = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(raw["cells"]):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{path.name} cell {index}: strip outputs before committing"
            assert cell.get("execution_count") is None, f"{path.name} cell {index}: strip execution counts"
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_opens_with_header_badge_and_setup_cell(path):
    cells = nbformat.read(path, as_version=4).cells
    header = cells[0]
    assert header.cell_type == "markdown" and header.source.startswith("# "), "first cell: a markdown title"
    assert badge(path.name) in header.source, f"the Colab badge must point at notebooks/{path.name}"
    assert "What you will learn" in header.source
    assert re.search(r"\*\*Time:\*\*.*full.*fast", header.source, re.S), "say how long it takes, full and fast"
    assert cells[1].cell_type == "code" and cells[1].source == SETUP_CELL, "second cell: the course's setup cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_closes_with_summary_exercises_troubleshooting_and_next(path):
    headings = [line for cell in _cells(path, "markdown") for line in cell.source.splitlines() if line.startswith("## ")]
    for wanted in ("## Summary", "## Exercises", "## Troubleshooting"):
        assert any(h.startswith(wanted) for h in headings), f"{path.name} lacks a '{wanted}' section"
    later = [p.name for p in NOTEBOOKS if p.name > path.name]
    if later:
        text = "".join(cell.source for cell in _cells(path, "markdown"))
        assert f"]({later[0]})" in text, f"{path.name} should link to the next notebook, {later[0]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_relative_links_and_images_resolve(path):
    for cell in _cells(path, "markdown"):
        for target in LINK.findall(cell.source):
            if re.match(r"^(https?:|mailto:|#|attachment:)", target):
                continue
            resolved = (path.parent / target.split("#")[0]).resolve()
            assert resolved.exists(), f"{path.name}: link to {target} does not resolve"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_follows_the_course_rules(path):
    code = "\n".join(cell.source for cell in _cells(path, "code")[1:])
    code = "\n".join(line.split("#")[0] for line in code.splitlines())  # comments may mention anything
    for pattern, why in FORBIDDEN_IN_CODE.items():
        assert pattern not in code, f"{path.name} uses {pattern!r}: {why}"
    assert code.count("utils.settings(") <= 1, "fast-mode overrides belong in one utils.settings(...) call"
    for name in re.findall(r"record_results\(\s*[\"']([^\"']+)[\"']", code):
        assert name == path.stem, f"record_results({name!r}) should name its own notebook, {path.stem!r}"


def test_readme_course_map_lists_every_notebook_with_its_own_badge():
    from utils.config import colab_url

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"](notebooks/{path.name})" in readme, f"README's course map lacks {path.name}"
        assert f"]({colab_url('notebooks/' + path.name)})" in readme, f"README's badge for {path.name} is missing or wrong"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_header_gives_study_time_and_prerequisites(path):
    import study_time

    raw = json.loads(path.read_text(encoding="utf-8"))
    header = "".join(raw["cells"][0]["source"])
    assert "**Prerequisites:**" in header, f"{path.name}: say what a learner needs first (**Prerequisites:**)"
    assert study_time.is_current(raw), f"{path.name}: the study time is missing or out of date; run python tools/study_time.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_carries_slideshow_metadata(path):
    import slides_metadata

    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].metadata.get("slideshow", {}).get("slide_type") == "slide", "the title opens the deck"
    for cell in cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## ") and not cell.source.startswith(slides_metadata.SKIPPED_SECTIONS):
            assert cell.metadata.get("slideshow", {}).get("slide_type") == "slide", f"{path.name}: {cell.source[:40]!r} opens a slide"
    assert not slides_metadata.out_of_date(path), f"{path.name}: run python tools/slides_metadata.py"


def test_teachers_guide_has_a_section_per_notebook():
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    headings = [line for line in guide.splitlines() if line.startswith("#")]
    for path in NOTEBOOKS:
        assert any(line.lstrip("#").strip().startswith(f"{path.name[:2]} ·") for line in headings), (
            f"docs/teaching.md has no section for {path.name} (a heading starting '{path.name[:2]} ·')")
    for target in LINK.findall(guide):
        if not re.match(r"^(https?:|mailto:|#)", target):
            assert (ROOT / "docs" / target.split("#")[0]).resolve().exists(), f"docs/teaching.md: link to {target} does not resolve"
