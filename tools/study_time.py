"""The study-time line of each notebook's header, computed from the notebook itself.

    python tools/study_time.py            # rewrite the **Study time:** line of every notebook's header
    python tools/study_time.py --check    # exit 1 if a header's line is out of date

Compute time (the **Time:** line) comes from `make course`; study time is what a
learner spends: reading the markdown at about READING_WORDS_PER_MINUTE words a
minute (technical text with equations), plus about HANDS_ON_MINUTES for running
the cells in fast mode and trying an exercise. tests/test_notebooks_lint.py
checks that every header's line is current (within 10 minutes and 10% of the words).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READING_WORDS_PER_MINUTE = 120
HANDS_ON_MINUTES = 20
LINE = re.compile(r"^\*\*Study time:\*\*.*$", re.M)


def markdown_words(notebook: dict) -> int:
    return sum(len("".join(c["source"]).split()) for c in notebook["cells"] if c["cell_type"] == "markdown")


def study_line(notebook: dict) -> str:
    words = markdown_words(notebook)
    minutes = 5 * round((words / READING_WORDS_PER_MINUTE + HANDS_ON_MINUTES) / 5)
    return (f"**Study time:** about {minutes} minutes: reading about {100 * round(words / 100):,} words, "
            "running the cells in fast mode, and trying an exercise or two.")


def stated(notebook: dict) -> tuple[int, int] | None:
    """The (minutes, words) a header states, or None without a study-time line."""
    match = re.search(r"\*\*Study time:\*\* about (\d+) minutes: reading about ([\d,]+) words",
                      "".join(notebook["cells"][0]["source"]))
    return (int(match.group(1)), int(match.group(2).replace(",", ""))) if match else None


def is_current(notebook: dict) -> bool:
    """True when the header's study time is within 10 minutes, and its word count within 10%, of the notebook's."""
    found = stated(notebook)
    if found is None:
        return False
    words = markdown_words(notebook)
    minutes = words / READING_WORDS_PER_MINUTE + HANDS_ON_MINUTES
    return abs(found[0] - minutes) <= 10 and abs(found[1] - words) <= max(0.1 * words, 50)  # the line rounds to 100 words


def header_with_line(notebook: dict) -> str:
    header = "".join(notebook["cells"][0]["source"])
    line = study_line(notebook)
    if LINE.search(header):
        return LINE.sub(line, header)
    time_line = re.search(r"^\*\*Time:\*\*.*$", header, re.M)
    if time_line is None:
        raise ValueError("the header has no **Time:** line to put the study time after")
    return header[: time_line.end()] + "\n\n" + line + header[time_line.end():]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    stale = []
    for path in args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        if args.check:
            if not is_current(notebook):
                stale.append(path.name)
            continue
        for _ in range(2):  # the line itself counts a few words: settle it in two passes
            new = header_with_line(notebook)
            if new == "".join(notebook["cells"][0]["source"]):
                break
            notebook["cells"][0]["source"] = new.splitlines(keepends=True)
            path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"updated {path.name}")
    if stale:
        print("Study time out of date in: " + ", ".join(sorted(set(stale))) + ". Run: python tools/study_time.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
