"""Every notebook follows the course conventions (in the spirit of TensorFlow's nblint)."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from tests.notebook_conventions import FORBIDDEN_IN_CODE, SETUP_CELL, badge

ROOT = Path(__file__).resolve().parent.parent
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


def _lab_anchor(heading: str) -> str:
    """The id JupyterLab (and the site, and Colab) gives a markdown heading: its text, spaces as '-'."""
    return re.sub(r"\s+", "-", re.sub(r"[`*_]", "", heading.lstrip("#").strip()))


def _github_anchor(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.lstrip("#").strip().lower()).replace(" ", "-")


def _headings(source: str) -> list[str]:
    return [line for line in source.splitlines() if re.match(r"^#{1,6} ", line)]


def _link_problem(path: Path, target: str) -> str | None:
    """Why ``target``, a link in ``path``, fails in JupyterLab (work/), on the site or on Colab; None if it works.

    A sibling notebook (NN_name.ipynb) works everywhere: work/ holds a copy of every notebook, the site
    has its page, and Colab opens it from the same GitHub folder. Anything else outside the notebook is
    outside JupyterLab's root (work/) and not on Colab: it must be a full address, and one into this
    repository must name a file (and heading) that exists.
    """
    from utils.config import BRANCH, REPOSITORY

    place, _, anchor = target.partition("#")
    if re.match(r"^(mailto:|attachment:)", target):
        return None
    if not place:  # #anchor in the same notebook
        names = {_lab_anchor(h) for cell in _cells(path, "markdown") for h in _headings(cell.source)}
        return None if anchor in names else f"no heading in {path.name} has the id {anchor!r}"
    if not re.match(r"^https?:", place):
        if "/" in place or not re.fullmatch(r"\d\d_\w+\.ipynb", place):
            return (f"a relative link outside the notebooks folder fails in JupyterLab (rooted at work/) and on Colab: "
                    f"write https://github.com/{REPOSITORY}/blob/{BRANCH}/<path> instead")
        if not (path.parent / place).exists():
            return f"no notebook {place}"
        if anchor:
            names = {_lab_anchor(h) for cell in _cells(path.parent / place, "markdown") for h in _headings(cell.source)}
            return None if anchor in names else f"{place} has no heading with the id {anchor!r}"
        return None
    for prefix in (f"https://github.com/{REPOSITORY}/blob/{BRANCH}/",
                   f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/"):
        if place.startswith(prefix):
            file = ROOT / place[len(prefix):]
            if not file.is_file():
                return f"{file.relative_to(ROOT)} is not in the repository"
            if anchor and file.suffix == ".md":
                names = {_github_anchor(h) for h in _headings(file.read_text(encoding="utf-8"))}
                return None if anchor in names else f"{file.relative_to(ROOT)} has no heading for #{anchor}"
    return None  # another site: not fetched here


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_link_works_in_the_lab_on_the_site_and_on_colab(path):
    problems = [f"cell {index}: {target}: {problem}"
                for index, cell in enumerate(nbformat.read(path, as_version=4).cells) if cell.cell_type == "markdown"
                for target in LINK.findall(cell.source) if (problem := _link_problem(path, target))]
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_the_link_check_catches_what_fails_somewhere():
    path = NOTEBOOKS[0]
    assert "outside the notebooks folder" in _link_problem(path, "../README.md#course-map")
    assert "outside the notebooks folder" in _link_problem(path, "../docs/teaching.md")
    assert "no notebook" in _link_problem(path, "99_missing.ipynb")
    assert "no heading" in _link_problem(path, "#No-such-heading")
    from utils.config import REPOSITORY
    assert "not in the repository" in _link_problem(path, f"https://github.com/{REPOSITORY}/blob/main/docs/nothing.md")
    assert "no heading" in _link_problem(path, f"https://github.com/{REPOSITORY}/blob/main/README.md#nowhere")
    assert _link_problem(path, f"https://github.com/{REPOSITORY}/blob/main/README.md#course-map") is None
    assert _link_problem(path, "01_rnn_theory.ipynb") is None


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
    from tools import study_time

    raw = json.loads(path.read_text(encoding="utf-8"))
    header = "".join(raw["cells"][0]["source"])
    assert "**Prerequisites:**" in header, f"{path.name}: say what a learner needs first (**Prerequisites:**)"
    assert study_time.is_current(raw), f"{path.name}: the study time is missing or out of date; run python tools/study_time.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_carries_slideshow_metadata(path):
    from tools import slides_metadata

    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].metadata.get("slideshow", {}).get("slide_type") == "slide", "the title opens the deck"
    for cell in cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## ") and not cell.source.startswith(slides_metadata.SKIPPED_SECTIONS):
            assert cell.metadata.get("slideshow", {}).get("slide_type") == "slide", f"{path.name}: {cell.source[:40]!r} opens a slide"
    assert not slides_metadata.out_of_date(path), f"{path.name}: run python tools/slides_metadata.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_slide_fits_a_1280x800_screen_or_is_marked_to_scroll(path):
    """Words, lines and estimated height per slide; a slide taller than the screen carries the tag 'scrolls'."""
    from tools import slides_metadata as sm

    cells = nbformat.read(path, as_version=4).cells
    slides: list[list[int]] = []
    for index, cell in enumerate(cells):
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        if kind == "skip":
            continue
        if kind == "slide" or not slides:
            slides.append([])
        slides[-1].append(index)
    problems = []
    for number, members in enumerate(slides, start=1):
        words = sum(len(cells[i].source.split()) for i in members if cells[i].cell_type == "markdown")
        lines = sum(len(cells[i].source.splitlines()) for i in members if cells[i].cell_type == "code")
        estimate = sum(sm.height(cells[i]) for i in members)
        marked = sm.SCROLL_TAG in cells[members[0]].metadata.get("tags", [])
        if estimate > sm.SCREEN_PX and not marked:
            problems.append(f"slide {number} (cells {members[0]}-{members[-1]}: {words} words, {lines} lines of code, "
                            f"about {estimate:.0f} px) is taller than the screen")
        if words > sm.SLIDE_WORDS:
            problems.append(f"slide {number} (cell {members[0]}) has {words} words: split the cell at a paragraph")
    assert not problems, f"{path.name}: " + "; ".join(problems) + ". Run python tools/slides_metadata.py"
    assert not any(cell.metadata.get("slideshow", {}).get("slide_type") == "subslide" for cell in cells), (
        f"{path.name}: the deck is one row of slides (no sub-slides), so that the right arrow reaches every slide")


def test_teachers_guide_has_a_section_per_notebook():
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    headings = [line for line in guide.splitlines() if line.startswith("#")]
    for path in NOTEBOOKS:
        assert any(line.lstrip("#").strip().startswith(f"{path.name[:2]} ·") for line in headings), (
            f"docs/teaching.md has no section for {path.name} (a heading starting '{path.name[:2]} ·')")
    for target in LINK.findall(guide):
        if not re.match(r"^(https?:|mailto:|#)", target):
            assert (ROOT / "docs" / target.split("#")[0]).resolve().exists(), f"docs/teaching.md: link to {target} does not resolve"


# ---- Navigation lints (structure issue, item 5): headings open cells, one hidden solution per exercise,
# ---- unnumbered sections, solutions that run on their own. They name the notebook, the cell and the fix.

HEADING = re.compile(r"^#{2,3} ")
NUMBERED_HEADING = re.compile(r"^#{2,6}\s+(?:(?:part|section|chapter)\s+\d+|\d+\s*[.):·–-])", re.I)
EXERCISE_ITEM = re.compile(r"^(\d+)[.)]\s")
SOLUTION_TITLE = re.compile(r"#\s*@title\s+Solution")
SOLUTION_FIRST_LINE = re.compile(r"# @title Solution to exercise (\d+)$")
HIDDEN = {"cellView": "form", "jupyter": {"source_hidden": True}}


def _markdown_lines(source):
    """The lines of a markdown cell outside ``` and ~~~ fences, with their line numbers (1-based)."""
    fence = None
    for number, line in enumerate(source.splitlines(), start=1):
        marker = line.lstrip()[:3]
        if marker in ("```", "~~~"):
            fence = None if fence == marker else (fence or marker)
            continue
        if fence is None:
            yield number, line


def _is_solution(cell):
    return cell.cell_type == "code" and bool(SOLUTION_TITLE.match(cell.source.lstrip()))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_navigation_every_heading_opens_its_markdown_cell(path):
    misplaced = [f"cell {index} line {number}: {line!r}"
                 for index, cell in enumerate(nbformat.read(path, as_version=4).cells) if cell.cell_type == "markdown"
                 for number, line in _markdown_lines(cell.source) if number > 1 and HEADING.match(line)]
    assert not misplaced, (f"{path.name}: a ##/### heading must be the first line of its own markdown cell; split the "
                           "cell just before each of these headings: " + "; ".join(misplaced))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_navigation_sections_are_not_numbered(path):
    numbered = [f"cell {index}: {line!r}"
                for index, cell in enumerate(nbformat.read(path, as_version=4).cells) if cell.cell_type == "markdown"
                for _, line in _markdown_lines(cell.source) if NUMBERED_HEADING.match(line)]
    assert not numbered, (f"{path.name}: the course titles its sections '## Title', without numbers ('## 1.', "
                          "'## Part 3 ·'); remove the numbers (and say 'the section on ...' where the prose cites one): "
                          + "; ".join(numbered))


def _exercises_and_solutions(path):
    """(numbers of the exercises listed under ## Exercises, [(cell index, cell)] of the solution cells)."""
    cells = nbformat.read(path, as_version=4).cells
    starts = [i for i, cell in enumerate(cells) if cell.cell_type == "markdown" and cell.source.startswith("## Exercises")]
    assert len(starts) == 1, f"{path.name}: expected one markdown cell opening with '## Exercises', found {len(starts)}"
    numbers = []
    for cell in cells[starts[0]:]:
        if cell.cell_type != "markdown":
            continue
        if HEADING.match(cell.source) and not cell.source.startswith("## Exercises"):
            break  # the next section (## Troubleshooting) ends the exercises
        numbers += [int(m.group(1)) for _, line in _markdown_lines(cell.source) if (m := EXERCISE_ITEM.match(line))]
    solutions = [(i, cell) for i, cell in enumerate(cells) if _is_solution(cell)]
    return starts[0], numbers, solutions


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_navigation_one_hidden_solution_cell_per_exercise(path):
    start, numbers, solutions = _exercises_and_solutions(path)
    assert numbers, f"{path.name}: list the exercises under '## Exercises' as '1. ...', '2. ...' (no indent)"
    assert numbers == list(range(1, len(numbers) + 1)), f"{path.name}: number the exercises 1 to N in order; found {numbers}"
    found = []
    for index, cell in solutions:
        first = cell.source.splitlines()[0]  # the very first line: the solution guard and Colab's form read it
        title = SOLUTION_FIRST_LINE.match(first)
        assert title, (f"{path.name} cell {index}: a solution cell's first line must be '# @title Solution to exercise N' "
                       f"(one cell per exercise), not {first!r}")
        assert index > start, f"{path.name} cell {index}: move the solution cell after '## Exercises' (cell {start})"
        for key, value in HIDDEN.items():
            assert cell.metadata.get(key) == value, (
                f"{path.name} cell {index} ({first}): hide it with the metadata {HIDDEN} (its {key!r} is "
                f"{cell.metadata.get(key)!r})")
        found.append(int(title.group(1)))
    assert found == numbers, (f"{path.name}: {len(numbers)} exercises need the hidden solution cells 1 to {len(numbers)}, "
                              f"in order, after '## Exercises'; found solutions for {found or 'none'}")


def _names(source):
    """(names a cell binds at its top level, names it binds anywhere, names it reads); magics (%, !) left out.

    Names bound inside a function, a class, a lambda or a comprehension stay there: only the top-level ones
    are left behind for other cells."""
    import ast

    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    tree = ast.parse("\n".join(lines))
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp,
              ast.DictComp, ast.GeneratorExp)
    top, anywhere, read = set(), set(), set()

    def visit(node, at_top):
        bound = set()
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            read.add(node.target.id)  # x += 1 reads x first
        anywhere.update(bound)
        if at_top:
            top.update(bound)
        for child in ast.iter_child_nodes(node):
            visit(child, at_top and not isinstance(node, scopes))

    visit(tree, True)
    return top, anywhere, read


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_navigation_each_solution_runs_on_its_own(path):
    """A static check: no solution reads a name that only another solution binds, or that another rebinds."""
    cells = nbformat.read(path, as_version=4).cells
    body, solutions = set(), {}
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        try:
            top, anywhere, read = _names(cell.source)
        except SyntaxError as error:
            pytest.fail(f"{path.name} cell {index}: not valid Python ({error.msg}, line {error.lineno})")
        if _is_solution(cell):
            title = SOLUTION_FIRST_LINE.match(cell.source.lstrip().splitlines()[0])
            solutions[title.group(1) if title else f"in cell {index}"] = (index, top, anywhere, read)
        else:
            body |= top
    problems = []
    for k, (index, _, anywhere, read) in solutions.items():
        for j, (other_index, other_top, _, _) in solutions.items():
            if j == k:
                continue
            for name in sorted((read - anywhere) & other_top):
                if name in body:
                    problems.append(f"solution {k} (cell {index}) reads {name!r}, which solution {j} (cell {other_index}) "
                                    "rebinds: rename it in one of them")
                else:
                    problems.append(f"solution {k} (cell {index}) reads {name!r}, which only solution {j} "
                                    f"(cell {other_index}) defines: define it in solution {k} too, or in the notebook")
    assert not problems, (f"{path.name}: each solution must run on its own after the notebook has run; "
                          + "; ".join(problems))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_equations_use_only_fonts_the_offline_site_has(path):
    """The site's local MathJax (jupyter-server-mathjax) has no script font: \\mathcal and \\mathscr fail offline."""
    found = [f"cell {index}" for index, cell in enumerate(nbformat.read(path, as_version=4).cells)
             if cell.cell_type == "markdown" and re.search(r"\\math(cal|scr)\b", cell.source)]
    assert not found, f"{path.name}: write \\mathcal/\\mathscr letters plainly (L, N): the offline site cannot draw them ({', '.join(found)})"
