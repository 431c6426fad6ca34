"""Run notebooks in full mode with several seeds and report the spread of every figure.

    python tools/seed_spread.py                      # the manifest's training notebooks (seeds = true), seeds 42, 1 and 2
    python tools/seed_spread.py 04 05 --seeds 42 7   # chosen notebooks and seeds
    python tools/seed_spread.py --aggregate-only     # rebuild the tables from earlier runs

Each seed runs through tools/run_course.py with ``RNN_COURSE_SEED`` set, into
build/seeds/seed-<N>/ (its own results.json, executed notebooks and figures).
The spread of every recorded figure and of each notebook's run time (mean,
standard deviation, min and max over the seeds) goes to build/seed_spread.json
and build/seed_spread.md. `make seeds` calls this script.

A claim in the course that ranks two models, or a result band in the course
manifest (notebooks/course.toml), should hold on this whole spread, not on one seed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script (python tools/seed_spread.py): the course's packages
    sys.path.insert(0, str(ROOT))

from utils import manifest  # noqa: E402
from utils.formatting import format_band, format_figure  # noqa: E402

DEFAULT_SEEDS = (42, 1, 2)


def default_notebooks() -> list[str]:
    """The notebooks `make seeds` runs when none are named: those the manifest marks ``seeds = true``."""
    return [entry["number"] for entry in manifest.notebooks() if entry["seeds"]]


def _summary(values: list[float]) -> dict[str, float]:
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return {"mean": mean, "sd": sd, "min": min(values), "max": max(values), "n": n}


def aggregate(runs: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Spread over seeds: ``runs`` maps a seed to that seed's results.json (notebook -> entry)."""
    notebooks = sorted({stem for results in runs.values() for stem in results})
    spread: dict[str, Any] = {}
    for stem in notebooks:
        entries = {seed: results[stem] for seed, results in runs.items() if stem in results}
        passed = {seed: entry for seed, entry in entries.items() if entry.get("status") == "passed"}
        figures: dict[str, dict[int, float]] = {}
        for seed, entry in passed.items():
            for name, value in entry.get("metrics", {}).items():
                figures.setdefault(name, {})[seed] = float(value)
            figures.setdefault("notebook_seconds", {})[seed] = float(entry.get("seconds", 0.0))
        spread[stem] = {
            "seeds": sorted(passed),
            "failed_seeds": sorted(set(entries) - set(passed)),
            "figures": {
                name: {**_summary(list(by_seed.values())), "values": {str(s): v for s, v in sorted(by_seed.items())}}
                for name, by_seed in sorted(figures.items())
            },
        }
    return spread


def write_tables(spread: dict[str, Any], build: Path) -> None:
    (build / "seed_spread.json").write_text(json.dumps(spread, indent=2, sort_keys=True) + "\n")
    lines = [
        "# Results over several seeds (full mode)",
        "",
        f"Written {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `make seeds`; each seed is a full",
        "`make course` run with `RNN_COURSE_SEED` set. sd is the sample standard deviation over the seeds.",
        "The last column says whether every seed's value lies in the notebook's full band (notebooks/course.toml).",
        "",
        "| notebook | figure | seeds | mean | sd | min | max | every seed in band |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for stem, entry in spread.items():
        if entry["failed_seeds"]:
            lines.append(f"| {stem} | FAILED with seed(s) {entry['failed_seeds']} | | | | | | |")
        try:
            bands = manifest.bands(stem, "full")
        except manifest.ManifestError:
            bands = {}
        for name, s in entry["figures"].items():
            band = bands.get(name)
            verdict = "" if band is None else ("yes" if band[0] <= s["min"] and s["max"] <= band[1] else f"NO: band {format_band(band)}")
            lines.append(
                f"| {stem} | {name} | {s['n']} | {format_figure(s['mean'])} | {format_figure(s['sd'])} | {format_figure(s['min'])} | {format_figure(s['max'])} | {verdict} |"
            )
    lines += claim_lines(spread)
    (build / "seed_spread.md").write_text("\n".join(lines) + "\n")


def claim_lines(spread: dict[str, Any]) -> list[str]:
    """A table of every full-mode claim of the manifest, evaluated on each seed and on the mean over seeds."""
    lines = [
        "",
        "## Claims over seeds",
        "",
        "Each full-mode claim of notebooks/course.toml, evaluated on every seed's figures and on their means. The",
        "prose may state a claim as a rule only where it holds on every seed; otherwise it says what the spread shows.",
        "",
        "| notebook | claim | holds on | fails on seeds | on the means |",
        "|---|---|---|---|---|",
    ]
    for stem, entry in spread.items():
        try:
            claims = manifest.notebook(stem).get("claims", [])
        except manifest.ManifestError:
            continue
        figures = entry["figures"]
        for claim in claims:
            if "full" not in claim.get("modes", ["full"]):
                continue
            names = manifest.claim_names(claim["check"])
            if not names <= set(figures):
                lines.append(f"| {stem} | `{claim['check']}` | not recorded | | |")
                continue
            seeds = sorted(set.intersection(*(set(figures[name]["values"]) for name in names)), key=int)
            failed = [seed for seed in seeds if not manifest.evaluate_claim(
                claim["check"], {name: figures[name]["values"][seed] for name in names})]
            on_means = manifest.evaluate_claim(claim["check"], {name: figures[name]["mean"] for name in names})
            lines.append(f"| {stem} | `{claim['check']}` | {len(seeds) - len(failed)} of {len(seeds)} seeds "
                         f"| {', '.join(failed) or '-'} | {'holds' if on_means else 'FAILS'} |")
    return lines


def _load_runs(build: Path) -> dict[int, dict[str, Any]]:
    runs = {}
    for folder in sorted((build / "seeds").glob("seed-*")):
        report = folder / "results.json"
        if report.exists():
            runs[int(folder.name.split("-", 1)[1])] = json.loads(report.read_text())
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="numbers or names of the notebooks (default: those marked seeds = true in notebooks/course.toml)")
    parser.add_argument("--seeds", nargs="+", type=int, default=list(DEFAULT_SEEDS), help="seeds to run (default: 42 1 2)")
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    parser.add_argument("--notebooks-dir", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--aggregate-only", action="store_true", help="only rebuild the tables from build/seeds/")
    args = parser.parse_args(argv)
    if any(seed < 0 for seed in args.seeds) or len(set(args.seeds)) != len(args.seeds):
        parser.error("--seeds takes distinct whole numbers >= 0, such as --seeds 42 1 2")

    from tools import run_course
    from utils.config import is_fast_mode

    if is_fast_mode() and not args.aggregate_only:
        print("Note: RNN_COURSE_FAST is on, so this measures the fast-mode spread, not the course's results.")
    failures = 0
    if not args.aggregate_only:
        notebooks = args.notebooks or default_notebooks()
        previous = os.environ.get("RNN_COURSE_SEED")
        try:
            for seed in args.seeds:
                print(f"=== seed {seed} ===")
                os.environ["RNN_COURSE_SEED"] = str(seed)  # the kernels inherit it
                folder = args.build / "seeds" / f"seed-{seed}"
                failures += run_course.main([*notebooks, "--build", str(folder), "--notebooks-dir", str(args.notebooks_dir)])
        finally:
            if previous is None:
                os.environ.pop("RNN_COURSE_SEED", None)
            else:
                os.environ["RNN_COURSE_SEED"] = previous
    runs = _load_runs(args.build)
    if not runs:
        print(f"No runs in {args.build / 'seeds'}: run without --aggregate-only first.")
        return 1
    args.build.mkdir(parents=True, exist_ok=True)
    write_tables(aggregate(runs), args.build)
    print(f"Spread over seeds {sorted(runs)}: {args.build / 'seed_spread.md'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
