"""Give every notebook the slideshow metadata that RISE (jupyterlab-rise) presents.

    python tools/slides_metadata.py            # write the metadata into notebooks/*.ipynb
    python tools/slides_metadata.py --check    # exit 1 if a notebook's metadata is out of date

The rules, the same for every notebook, so that a teacher can present any of them:

* the deck is one row of slides, so that the right arrow, Space and a clicker
  all reach every slide (RISE's vertical sub-slides are reached by the down
  arrow or Space only, and a teacher pressing the right arrow skips them);
* the title cell opens a slide, and the setup cell gets a slide of its own;
* every section (a ``## `` heading) and every ``### `` heading opens a slide;
* a long explanation is split: a cell that would push a slide past the screen
  (``SCREEN_PX``, by the estimate of :func:`height`) starts a new slide;
* a slide that is taller than the screen on its own (one long code cell) is
  marked to scroll on purpose: its first cell gets the tag ``scrolls``, which
  tools/browser_check.py accepts on a tall slide (RISE scrolls every slide that
  needs it; the tag says it was expected). The tag is kept if added by hand;
* the solutions and the troubleshooting are left out of the deck (``skip``),
  and so is every hidden solution cell (``# @title Solution to exercise N``).

The estimate is calibrated on what tools/browser_check.py measured at 1280x800
(notebook 05's deck: about 21 px a line of code, 1.3 px a word of prose, 330 px
a figure); outputs other than figures are not in the committed notebooks, so a
cell that prints a lot can still make a slide scroll: the browser check finds those.

Only ``metadata.slideshow`` and the ``scrolls`` tag change; sources, outputs and other metadata are kept,
and the file is written in nbformat's layout. tests/test_notebooks_lint.py checks
that the committed notebooks match these rules.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCREEN_PX = 760         # a slide's usable height at 1280x800 (RISE's margins and controls take the rest)
CODE_LINE_PX = 21       # one line of code
CODE_CELL_PX = 30       # a code cell's frame and prompt
WORD_PX = 1.3           # one word of prose at RISE's size, lines of about 14 words
HEADING_PX = 55         # a heading line
EQUATION_PX = 70        # a display equation ($$ ... $$)
TABLE_ROW_PX = 32       # a row of a markdown table
FIGURE_PX = 330         # a figure drawn by a code cell
SLIDE_WORDS = 450       # words of prose on one slide at most: more is hard to read from the back of a room
SCROLL_TAG = "scrolls"  # the mark of a slide that is taller than the screen on purpose
SKIPPED_SECTIONS = ("## Solutions", "## Troubleshooting")
FIGURE_CALLS = re.compile(r"\bplt\.|\bplot_\w+\(|\.imshow\(|\.plot\(|display\(HTML")


# scroll: a slide taller than the screen scrolls rather than being cut; theme "white" uses reveal.js's
# own fonts (the default, "simple", loads two fonts from Google, which fails offline); slide numbers
# let a class say "go back to slide 12".
RISE_SETTINGS = {"scroll": True, "theme": "white", "slideNumber": "c/t"}


def _cells(raw: dict[str, Any]) -> list[SimpleNamespace]:
    return [SimpleNamespace(cell_type=c["cell_type"], source="".join(c["source"]) if isinstance(c["source"], list) else c["source"],
                            metadata=c.get("metadata", {})) for c in raw["cells"]]


def _words(cell: Any) -> int:
    return len(cell.source.split()) if cell.cell_type == "markdown" else 0


def height(cell: Any) -> float:
    """The estimated height of ``cell`` on a slide at 1280x800, in pixels (see the module docstring)."""
    if cell.cell_type == "code":
        lines = len(cell.source.splitlines())
        return CODE_CELL_PX + lines * CODE_LINE_PX + (FIGURE_PX if FIGURE_CALLS.search(cell.source) else 0)
    text, equations = re.subn(r"\$\$.*?\$\$", " ", cell.source, flags=re.S)
    lines = text.splitlines()
    headings = sum(1 for line in lines if re.match(r"#{1,6} ", line))
    rows = sum(1 for line in lines if line.lstrip().startswith("|"))
    words = sum(len(line.split()) for line in lines if not line.lstrip().startswith(("|", "#")))
    return headings * HEADING_PX + equations * EQUATION_PX + rows * TABLE_ROW_PX + words * WORD_PX


def slide_types(cells: list[Any]) -> list[str]:
    """The RISE slide type of each cell: slide, skip or '-' (continue the slide before)."""
    types: list[str] = []
    on_slide, words = 0.0, 0
    skipping = False
    for index, cell in enumerate(cells):
        source = cell.source.lstrip()
        heading = source.startswith("## ") and cell.cell_type == "markdown"
        if heading:
            skipping = source.startswith(SKIPPED_SECTIONS)
        if index == 0:
            kind = "slide"
        elif index == 1:
            kind = "slide"  # the setup cell, run first
        elif skipping or (cell.cell_type == "code" and source.startswith("# @title Solution")):
            types.append("skip")
            continue
        elif heading:
            kind = "slide"
        elif cell.cell_type == "markdown" and source.startswith("### "):
            kind = "slide"
        elif on_slide and (on_slide + height(cell) > SCREEN_PX or words + _words(cell) > SLIDE_WORDS):
            kind = "slide"
        else:
            kind = "-"
        on_slide = height(cell) if kind == "slide" else on_slide + height(cell)
        words = _words(cell) if kind == "slide" else words + _words(cell)
        types.append(kind)
    return types


def scrolling_slides(cells: list[Any], types: list[str]) -> set[int]:
    """Indices of the first cells of the slides that are taller than the screen by the estimate."""
    tall, total, start = set(), 0.0, None
    for index, (cell, kind) in enumerate(zip(cells, types)):
        if kind == "skip":
            continue
        if kind == "slide":
            if start is not None and total > SCREEN_PX:
                tall.add(start)
            start, total = index, 0.0
        total += height(cell)
    if start is not None and total > SCREEN_PX:
        tall.add(start)
    return tall


def _wanted(raw: dict[str, Any]) -> list[tuple[str, bool]]:
    """Per cell: its slide type, and whether it must carry the scroll tag."""
    cells = _cells(raw)
    types = slide_types(cells)
    tall = scrolling_slides(cells, types)
    return [(kind, index in tall) for index, kind in enumerate(types)]


def apply(path: Path) -> bool:
    """Write the slideshow metadata into ``path`` (keeping the file's layout); True if it changed."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    changed = False
    for cell, (kind, tall) in zip(raw["cells"], _wanted(raw)):
        metadata = cell.setdefault("metadata", {})
        if metadata.get("slideshow", {}).get("slide_type") != kind:
            metadata["slideshow"] = {"slide_type": kind}
            changed = True
        if tall and SCROLL_TAG not in metadata.get("tags", []):
            metadata["tags"] = [*metadata.get("tags", []), SCROLL_TAG]
            changed = True
    if raw.setdefault("metadata", {}).get("rise") != RISE_SETTINGS:
        raw["metadata"]["rise"] = dict(RISE_SETTINGS)
        changed = True
    if changed:
        path.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


def out_of_date(path: Path) -> list[int]:
    """Indices of the cells whose slideshow metadata differs from the rules (-1: the notebook's RISE settings)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    stale = [i for i, (cell, (kind, tall)) in enumerate(zip(_cells(raw), _wanted(raw)))
             if cell.metadata.get("slideshow", {}).get("slide_type") != kind
             or (tall and SCROLL_TAG not in cell.metadata.get("tags", []))]
    return stale + ([-1] if raw.get("metadata", {}).get("rise") != RISE_SETTINGS else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report notebooks whose metadata is out of date")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    stale = []
    for path in paths:
        if args.check:
            if out_of_date(path):
                stale.append(path.name)
        elif apply(path):
            print(f"updated {path.name}")
    if stale:
        print("Slideshow metadata out of date in: " + ", ".join(stale) + ". Run: python tools/slides_metadata.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
