"""Start a new notebook: a skeleton that passes the course's checks as written, and its manifest entry.

    make new-notebook NUMBER=10 NAME=time_series_forecasting
    python tools/new_notebook.py 10 time_series_forecasting "Forecasting a real time series"

Writes notebooks/NN_NAME.ipynb (header with badge, goals, times and prerequisites; the
setup cell; a settings cell; one section; summary, an exercise with its hidden solution,
troubleshooting and the closing line), appends its [[notebook]] block to
notebooks/course.toml and a stub section to docs/teaching.md, then runs
tools/course_map.py so that the README, notebook 00 and the previous notebook's
**Next:** line follow. It refuses a number or file that exists, and never overwrites.
CONTRIBUTING.md says what to fill in next.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script (python tools/new_notebook.py): the course's packages
    sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from tests.notebook_conventions import SETUP_CELL, badge  # noqa: E402
from utils import manifest  # noqa: E402


def skeleton(number: str, name: str, title: str) -> nbformat.NotebookNode:
    file = f"{number}_{name}.ipynb"
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md(f"# {number} · {title}\n\n{badge(file)}\n\n"
           "**What you will learn**\n- what this notebook teaches, one line a goal.\n\n"
           "**Time:** filled in from notebooks/course.toml.\n\n**Study time:** filled in by tools/study_time.py.\n\n"
           "**Prerequisites:** filled in from notebooks/course.toml."),
        code(SETUP_CELL),
        code("import keras\nimport matplotlib.pyplot as plt\nimport numpy as np"),
        md("## Settings"),
        md("The full-size settings; fast mode (`RNN_COURSE_FAST=1`, used by the tests) overrides a few of them, here only."),
        code("config = utils.settings(\n    full=dict(\n        epochs=10,  # passes over the training data\n    ),\n"
             "    fast=dict(epochs=1),  # fast: used only when RNN_COURSE_FAST=1\n)"),
        md("## The idea"),
        md("Short markdown between short code cells; each code cell does one thing."),
        code("rng = np.random.default_rng(SEED)\nprint(f\"{config.epochs} epochs; a first random draw: {rng.normal():.3f}\")"),
        md("## Summary"),
        md("- what the learner now knows, one line a point."),
        md("## Exercises"),
        md("1. An exercise that uses what the notebook built."),
        code("# @title Solution to exercise 1\nprint(\"the solution, runnable on its own after the notebook has run\")",
             metadata={"cellView": "form", "jupyter": {"source_hidden": True}}),
        md("## Troubleshooting"),
        md("- **A symptom a learner may meet**: its cause, and what to do.\n\n**Next:**"),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata.update({
        "colab": {"provenance": []},
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    return notebook


def manifest_block(number: str, name: str, title: str) -> str:
    return f'''
[[notebook]]
number = "{number}"
file = "{number}_{name}.ipynb"
title = {json.dumps(title, ensure_ascii=False)}
topic = "what it covers, for the README's course map"
summary = "what it does, for notebook 00's course map"
prerequisites = "[00](00_start_here.ipynb)"
articles = []
time = "about 1 minute in full, 30 seconds in fast mode"  # measure with make course, then write it here
full_run = "not yet measured"
fast_run = "not yet measured"
headline = "not yet measured"
seeds = false  # true once it trains models: make seeds then runs it by default
# reported = {{ train_seconds = "a timing: it depends on the machine and its load" }}
[notebook.bands.full]
# figure = [low, high]  # every figure utils.record_results records; say which seeds set the band
[notebook.bands.fast]
'''


def with_guide_stub(guide: str, number: str, title: str, file: str) -> str:
    """The teacher's guide with a stub section for the new notebook, after the last notebook's section."""
    lines = guide.split("\n")
    last = max(i for i, line in enumerate(lines) if re.match(r"### \d\d · ", line))
    end = next((i for i in range(last + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    stub = [f"### {number} · {title}", "", f"[{file}](../notebooks/{file}). Minutes: to be written.", "",
            "**Discussion**", "- to be written.", "", "**Predict, then run.** To be written.", "",
            "**Mistakes learners make**", "- to be written.", ""]
    return "\n".join(lines[:end] + stub + lines[end:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("number", help="two digits, after the last notebook's number")
    parser.add_argument("name", help="the file name's words, lower case with underscores")
    parser.add_argument("title", nargs="?", help="the title (default: from the name)")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[0-9]{2}", args.number):
        parser.error(f"NUMBER={args.number!r}: give two digits, such as 10.")
    if not re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", args.name):
        parser.error(f"NAME={args.name!r}: give lower-case words joined by underscores, such as time_series_forecasting.")
    entries = manifest.notebooks()
    if args.number <= entries[-1]["number"]:
        parser.error(f"NUMBER={args.number}: the course already goes up to {entries[-1]['number']}; "
                     f"a new notebook comes after it (for example NUMBER={int(entries[-1]['number']) + 1:02d}).")
    path = ROOT / "notebooks" / f"{args.number}_{args.name}.ipynb"
    if path.exists() or list(path.parent.glob(f"{args.number}_*.ipynb")):
        parser.error(f"a notebook numbered {args.number} exists already; nothing was written.")
    title = args.title or args.name.replace("_", " ").capitalize()

    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        nbformat.write(skeleton(args.number, args.name, title), handle)
    with open(manifest.MANIFEST, "a", encoding="utf-8") as handle:
        handle.write(manifest_block(args.number, args.name, title))
    guide = ROOT / "docs" / "teaching.md"
    guide.write_text(with_guide_stub(guide.read_text(encoding="utf-8"), args.number, title, path.name), encoding="utf-8")
    subprocess.run([sys.executable, str(ROOT / "tools" / "course_map.py")], check=True, cwd=ROOT)
    for tool in ("slides_metadata.py", "study_time.py"):  # on the new notebook only
        subprocess.run([sys.executable, str(ROOT / "tools" / tool), str(path)], check=True, cwd=ROOT)
    print(f"Wrote {path.relative_to(ROOT)}, its entry in notebooks/course.toml and a section in docs/teaching.md.\n"
          "Next: write the notebook, record its figures with utils.record_results, give each a band in the manifest, "
          "and follow the checklist in CONTRIBUTING.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
