"""Give every notebook the slideshow metadata that RISE (jupyterlab-rise) presents.

    python tools/slides_metadata.py            # write the metadata into notebooks/*.ipynb
    python tools/slides_metadata.py --check    # exit 1 if a notebook's metadata is out of date

The rules, the same for every notebook, so that a teacher can present any of them:

* the title cell opens a slide, and the setup cell gets a sub-slide of its own;
* every section (a ``## `` heading) opens a new slide, every ``### `` heading a
  sub-slide (RISE's vertical slides, reached with the down arrow or space);
* a long explanation is split: a cell that would push a slide past about
  ``SLIDE_BUDGET`` words (a figure counts as ``FIGURE_WEIGHT``) starts a sub-slide;
* the solutions and the troubleshooting are left out of the deck (``skip``),
  and so is every hidden solution cell (``# @title Solution to exercise N``).

Only ``metadata.slideshow`` changes; sources, outputs and other metadata are kept,
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
SLIDE_BUDGET = 170      # words on one slide or sub-slide before the next cell starts a new one
FIGURE_WEIGHT = 120     # a code cell that draws a figure counts as this many words
CODE_LINE_WEIGHT = 4    # each line of code counts as this many words
SKIPPED_SECTIONS = ("## Solutions", "## Troubleshooting")
FIGURE_CALLS = re.compile(r"\bplt\.|\bplot_\w+\(|\.imshow\(|\.plot\(|display\(HTML")


RISE_SETTINGS = {"scroll": True}  # a long explanation that stays in one cell can scroll on its slide


def _cells(raw: dict[str, Any]) -> list[SimpleNamespace]:
    return [SimpleNamespace(cell_type=c["cell_type"], source="".join(c["source"]) if isinstance(c["source"], list) else c["source"],
                            metadata=c.get("metadata", {})) for c in raw["cells"]]


def _weight(cell: Any) -> int:
    if cell.cell_type == "code":
        lines = [line for line in cell.source.splitlines() if line.strip() and not line.strip().startswith("#")]
        return len(lines) * CODE_LINE_WEIGHT + (FIGURE_WEIGHT if FIGURE_CALLS.search(cell.source) else 0)
    text = re.sub(r"\$\$.*?\$\$", " formula " * 15, cell.source, flags=re.S)  # a display equation takes room
    return len(text.split())


def slide_types(cells: list[Any]) -> list[str]:
    """The RISE slide type of each cell: slide, subslide, fragment, skip or '-' (continue)."""
    types: list[str] = []
    on_slide = 0
    skipping = False
    for index, cell in enumerate(cells):
        source = cell.source.lstrip()
        heading = source.startswith("## ") and cell.cell_type == "markdown"
        if heading:
            skipping = source.startswith(SKIPPED_SECTIONS)
        if index == 0:
            kind = "slide"
        elif index == 1:
            kind = "subslide"  # the setup cell, run first
        elif skipping or (cell.cell_type == "code" and source.startswith("# @title Solution")):
            types.append("skip")
            continue
        elif heading:
            kind = "slide"
        elif cell.cell_type == "markdown" and source.startswith("### "):
            kind = "subslide"
        elif on_slide and on_slide + _weight(cell) > SLIDE_BUDGET:
            kind = "subslide"
        else:
            kind = "-"
        on_slide = _weight(cell) if kind in ("slide", "subslide") else on_slide + _weight(cell)
        types.append(kind)
    return types


def apply(path: Path) -> bool:
    """Write the slideshow metadata into ``path`` (keeping the file's layout); True if it changed."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    changed = False
    for cell, kind in zip(raw["cells"], slide_types(_cells(raw))):
        if cell.setdefault("metadata", {}).get("slideshow", {}).get("slide_type") != kind:
            cell["metadata"]["slideshow"] = {"slide_type": kind}
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
    cells = _cells(raw)
    stale = [i for i, (cell, kind) in enumerate(zip(cells, slide_types(cells)))
             if cell.metadata.get("slideshow", {}).get("slide_type") != kind]
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
