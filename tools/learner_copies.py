"""Your own copies of the notebooks, in work/, so that `git pull` of course updates never meets your outputs.

    python3 tools/learner_copies.py            # make missing copies, report updated ones
    python3 tools/learner_copies.py --refresh 04   # set your copy of 04 aside, take the new one

`make lab` runs it and opens JupyterLab in work/. The course's notebooks in
notebooks/ stay exactly as git has them (the tests run those); you run, edit
and save your copies in work/, which git ignores. So `git pull` always goes
through, and nothing of yours is ever overwritten:

* a notebook that has no copy in work/ yet is copied there;
* a copy whose course notebook changed since it was made is left as it is,
  and listed; `--refresh NN` renames your copy to NN_..._mine-<date>.ipynb
  first, then copies the new notebook.

Runs on any Python 3 with only the standard library.
"""

import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "notebooks"
WORK = ROOT / "work"
RECORD_NAME = ".copied-from.json"  # in work/: notebook name -> SHA-256 of the course notebook it was copied from


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_record():
    try:
        record = json.loads((WORK / RECORD_NAME).read_text(encoding="utf-8"))
        return record if isinstance(record, dict) else {}
    except (OSError, ValueError):
        return {}


def sync(refresh=()):
    """Copy what is missing, set aside and replace the copies named in ``refresh``; return the report lines."""
    WORK.mkdir(exist_ok=True)
    record = _load_record()
    copied, updated, lines = [], [], []
    for source in sorted(COURSE.glob("[0-9][0-9]_*.ipynb")):
        copy = WORK / source.name
        if copy.exists() and any(source.name.startswith(prefix) for prefix in refresh):
            kept = copy.with_name(f"{source.stem}_mine-{time.strftime('%Y%m%d-%H%M%S')}.ipynb")
            copy.rename(kept)  # never overwritten: your copy stays, under a new name
            lines.append(f"Your {source.name} is now {kept.name}.")
        if not copy.exists():
            shutil.copy2(source, copy)
            record[source.name] = _digest(source)
            copied.append(source.name)
        elif record.get(source.name) not in (None, _digest(source)):
            updated.append(source.name)
    (WORK / RECORD_NAME).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if copied:
        lines.append(f"Copied {len(copied)} notebook(s) into work/: {', '.join(copied)}.")
    if updated:
        numbers = " ".join(name[:2] for name in updated)
        lines.append(
            f"The course has updated {', '.join(updated)} since your copy was made. Your copy is kept as it is; "
            f"to take the new version (yours is set aside, not deleted): make lab REFRESH=\"{numbers}\""
        )
    return lines


def main(argv):
    refresh = []
    if argv[:1] == ["--refresh"]:
        refresh = [item for arg in argv[1:] for item in arg.split()]
    elif argv:
        print(__doc__, file=sys.stderr)
        return 2
    for line in sync(refresh):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
