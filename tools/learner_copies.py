"""Your own copies of the notebooks, in work/, so that `git pull` of course updates never meets your outputs.

    python3 tools/learner_copies.py            # make missing copies, report updated ones
    python3 tools/learner_copies.py --refresh 04   # set your copy of 04 aside, take the new one

`make lab` runs it and opens JupyterLab in work/. The course's notebooks in
notebooks/ stay exactly as git has them (the tests run those); you run, edit
and save your copies in work/, which git ignores. So `git pull` always goes
through, and nothing of yours is ever overwritten:

* a notebook that has no copy in work/ yet is copied there;
* a copy whose course notebook changed since it was made is left as it is,
  and listed; `--refresh NN` sets your copy aside as NN_..._mine-<date-time>.ipynb
  (with -2, -3, ... when that name is taken: a set-aside copy is never
  overwritten, however fast you refresh), then copies the new notebook;
* a number in `--refresh` that names no notebook is refused, with the list.

Runs on any Python 3 with only the standard library.
"""

import hashlib
import itertools
import json
import re
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


def _set_aside(copy):
    """Move ``copy`` to a new ``_mine-<date-time>`` name that no file has yet; return that name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in itertools.count(1):
        kept = copy.with_name(f"{copy.stem}_mine-{stamp}{'' if attempt == 1 else f'-{attempt}'}.ipynb")
        try:
            with open(kept, "xb") as out, open(copy, "rb") as original:  # "x": fails rather than overwrite
                shutil.copyfileobj(original, out)
        except FileExistsError:
            continue
        shutil.copystat(copy, kept)
        copy.unlink()
        return kept


class RefreshError(ValueError):
    """A number in REFRESH names no notebook."""


def sync(refresh=()):
    """Copy what is missing, set aside and replace the copies named in ``refresh``; return the report lines."""
    sources = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
    numbers = [source.name[:2] for source in sources]
    unknown = [item for item in refresh if not re.fullmatch(r"[0-9]{2}", item) or item not in numbers]
    if unknown:
        raise RefreshError(
            f"REFRESH={' '.join(refresh)!r}: {', '.join(map(repr, unknown))} names no notebook. Give two-digit numbers "
            f"from {', '.join(numbers)}, for example make lab REFRESH=\"{numbers[-1] if numbers else '04'}\"."
        )
    WORK.mkdir(exist_ok=True)
    record = _load_record()
    copied, updated, lines = [], [], []
    for source in sources:
        copy = WORK / source.name
        if source.name[:2] in refresh and copy.exists():
            kept = _set_aside(copy)  # never overwritten: your copy stays, under a new name
            lines.append(f"Your {source.name} is now {kept.name}.")
        if not copy.exists():
            shutil.copy2(source, copy)
            record[source.name] = _digest(source)
            copied.append(source.name)
        elif record.get(source.name) not in (None, _digest(source)):
            updated.append(source.name)
    (WORK / RECORD_NAME).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if copied:
        lines.append(f"Copied {len(copied)} notebook{'' if len(copied) == 1 else 's'} into work/: {', '.join(copied)}.")
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
    try:
        report = sync(refresh)
    except RefreshError as error:
        print(error, file=sys.stderr)
        return 2
    for line in report:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
