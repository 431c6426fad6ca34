"""Write what the course manifest (notebooks/course.toml) decides into the places that show it.

    python tools/course_map.py            # rewrite them
    python tools/course_map.py --check    # exit 1, naming each place that disagrees (tests run this)

The places: the README's course map and sources table; notebook 00's course map and
sources table; each notebook's header lines: the title (``# NN · title``), **Time:**
and **Prerequisites:**; and its closing **Next:** line, which links to the next
notebook in the manifest (the last one says so). Only those lines change; everything
else in the files, cell ids and metadata included, is kept as it is. A **Next:** line
that already links to the right notebook keeps the words after its link.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, Callable

import nbformat

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script (python tools/course_map.py): the course's packages
    sys.path.insert(0, str(ROOT))

from utils import manifest  # noqa: E402
from utils.config import colab_url  # noqa: E402

README = ROOT / "README.md"
NOTEBOOKS = ROOT / "notebooks"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
TIME_NOTE = "measured with `make course` on a 2-core CPU, {measured}; times vary by up to a factor of two between runs"


def short_title(entry: dict[str, Any]) -> str:
    """The title as the maps show it: the part before a colon."""
    return entry["title"].split(":")[0].strip()


def readme_map(data: dict[str, Any]) -> list[str]:
    rows = ["| # | Notebook | Topic | Full run | Fast mode | Headline result (full run) | Open |",
            "|---|---|---|---:|---:|---|---|"]
    for entry in data["notebook"]:
        path = f"notebooks/{entry['file']}"
        rows.append(f"| {entry['number']} | [{short_title(entry)}]({path}) | {entry['topic']} | {entry['full_run']} | "
                    f"{entry['fast_run']} | {entry['headline']} | [![Open In Colab]({BADGE_IMAGE})]({colab_url(path)}) |")
    return rows


def notebook_00_map(data: dict[str, Any]) -> list[str]:
    rows = ["| # | Notebook | What it does |", "|---|---|---|"]
    for entry in data["notebook"]:
        name = f"{short_title(entry)} (this one)" if entry["number"] == "00" else f"[{short_title(entry)}]({entry['file']})"
        rows.append(f"| {entry['number']} | {name} | {entry['summary']} |")
    return rows


def sources_table(data: dict[str, Any]) -> list[str]:
    rows = ["| # | The article, as titled (our translation) | Where and when | Followed by |", "|---|---|---|---|"]
    for article in data["article"]:
        rows.append(f"| {article['number']} | {article['title']} | {article['where']} | {article['followed_by']} |")
    return rows


def replace_table(text: str, header: str, rows: list[str]) -> str:
    """Replace the markdown table whose first line is ``header`` with ``rows``."""
    lines = text.split("\n")
    if header not in lines:
        raise SystemExit(f"a table starting {header!r} was expected but not found")
    start = lines.index(header)
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join(lines[:start] + rows + lines[end:])


def header_lines(source: str, entry: dict[str, Any], measured: str) -> str:
    """The header's title, Time and Prerequisites lines; `measured` is the manifest's date unless the entry has its own."""
    measured = entry.get("measured", measured)
    lines = source.split("\n")
    lines[0] = f"# {entry['number']} · {entry['title']}"
    time_line = f"**Time:** {entry['time']} ({TIME_NOTE.format(measured=measured)})."
    prereq_line = f"**Prerequisites:** {entry['prerequisites']}"
    for index, line in enumerate(lines):
        if line.startswith("**Time:**"):
            lines[index] = time_line
        elif line.startswith("**Prerequisites:**"):
            lines[index] = prereq_line
    text = "\n".join(lines)
    for wanted in (time_line, prereq_line):
        if wanted not in text:
            raise SystemExit(f"{entry['file']}: the header needs a line starting {wanted.split(' ')[0]}")
    return text


LAST_LINE = ("**This is the last notebook for now.** The whole course is on the map in "
             "[00 · Start here](00_start_here.ipynb).")


def next_line(source: str, following: dict[str, Any] | None) -> str:
    """The closing markdown cell with its **Next:** line pointing at ``following`` (None: the last notebook)."""
    lines = source.split("\n")
    found = [i for i, line in enumerate(lines) if line.startswith(("**Next:**", "**This was the last notebook", "**This is the last notebook"))]
    if not found:
        lines += ["", "**Next:**"]
        found = [len(lines) - 1]
    index = found[-1]
    if following is None:
        lines[index] = LAST_LINE
    else:
        link = f"**Next:** [{following['number']} · {short_title(following)}]({following['file']})"
        kept = lines[index].split(f"]({following['file']})", 1)
        lines[index] = link + (kept[1] if len(kept) == 2 and lines[index].startswith("**Next:**") else "")
    return "\n".join(lines)


def planned_changes(data: dict[str, Any]) -> list[tuple[Path, Callable[[], None], str]]:
    """(file, write it, what differs) for every place that disagrees with the manifest."""
    changes = []
    readme = README.read_text(encoding="utf-8")
    new_readme = replace_table(readme, readme_map(data)[0], readme_map(data))
    new_readme = replace_table(new_readme, sources_table(data)[0], sources_table(data))
    if new_readme != readme:
        changes.append((README, lambda: README.write_text(new_readme, encoding="utf-8"), "course map or sources table"))
    entries = data["notebook"]
    for position, entry in enumerate(entries):
        path = NOTEBOOKS / entry["file"]
        if not path.exists():
            changes.append((path, lambda: None, "the manifest names a notebook that does not exist"))
            continue
        notebook = nbformat.read(path, as_version=4)
        what = []
        header = header_lines(notebook.cells[0].source, entry, data["measured"])
        if header != notebook.cells[0].source:
            notebook.cells[0].source = header
            what.append("header (title, Time or Prerequisites)")
        closing = [cell for cell in notebook.cells if cell.cell_type == "markdown"][-1]
        following = entries[position + 1] if position + 1 < len(entries) else None
        new = next_line(closing.source, following)
        if new != closing.source:
            closing.source = new
            what.append("closing Next line")
        if entry["number"] == "00":
            for cell in notebook.cells:
                for rows in (notebook_00_map(data), sources_table(data)):
                    if cell.cell_type == "markdown" and rows[0] in cell.source.split("\n"):
                        new = replace_table(cell.source, rows[0], rows)
                        if new != cell.source:
                            cell.source = new
                            what.append("course map or sources table")
        if what:
            changes.append((path, lambda nb=notebook, p=path: nbformat.write(nb, p), ", ".join(what)))
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only say what disagrees with the manifest; exit 1 if anything does")
    args = parser.parse_args(argv)
    changes = planned_changes(manifest.load())
    for path, write, what in changes:
        if args.check:
            print(f"{path.relative_to(ROOT)}: {what} disagrees with notebooks/course.toml; run python tools/course_map.py")
        else:
            write()
            print(f"updated {path.relative_to(ROOT)}: {what}")
    return 1 if args.check and changes else 0


if __name__ == "__main__":
    sys.exit(main())
