"""Run the course's notebooks headless and write a results report.

    python tools/run_course.py                 # every notebook, in order
    python tools/run_course.py 04 06           # only notebooks whose names start with 04 or 06
    RNN_COURSE_FAST=1 python tools/run_course.py   # the fast-mode (CI-sized) run

Each notebook runs top to bottom in a fresh kernel, from the notebooks folder.
Executed copies (with outputs) go to build/executed/, never over the committed
notebooks. The report: build/results.json (one entry per notebook: status,
seconds, data_source, metrics, and the failing cell when it failed),
build/results.md (a table), and every figure as PNG in build/figures/.
A failing notebook does not stop the others; the exit code is 1 if any failed.
`make course` calls this script.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script (python tools/run_course.py): the course's packages
    sys.path.insert(0, str(ROOT))

from utils.formatting import format_figure  # noqa: E402


def _select(notebooks_dir: Path, prefixes: list[str]) -> list[Path]:
    notebooks = sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb"))
    if not prefixes:
        return notebooks
    chosen = [path for path in notebooks if any(path.stem.startswith(prefix) for prefix in prefixes)]
    if not chosen:
        names = ", ".join(path.stem for path in notebooks)
        raise SystemExit(f"No notebook matches {prefixes}. Name one by its number or name: {names}")
    return chosen


def _progress(path: Path, total: int, started: float):
    def on_cell_start(cell: Any, cell_index: int) -> None:
        if not sys.stdout.isatty():
            return
        minutes, seconds = divmod(int(time.perf_counter() - started), 60)
        print(f"\r  {path.stem}: cell {cell_index + 1}/{total}  [{minutes:d}:{seconds:02d}]   ", end="", flush=True)

    return on_cell_start


def _failure(notebook: nbformat.NotebookNode, error: Exception) -> dict[str, Any]:
    """Which cell failed and with what error, for the report."""
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return {"cell": index + 1, "error": f"{output.get('ename')}: {output.get('evalue')}"[:500]}
    return {"cell": None, "error": f"{type(error).__name__}: {error}"[:500]}


def _save_figures(notebook: nbformat.NotebookNode, stem: str, folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{stem}_fig*.png"):
        old.unlink()
    saved = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                path = folder / f"{stem}_fig{len(saved) + 1:02d}.png"
                path.write_bytes(base64.b64decode(png))
                saved.append(path.name)
    return saved


def run_notebook(path: Path, build: Path, metrics_file: Path, timeout: int) -> dict[str, Any]:
    notebook = nbformat.read(path, as_version=4)
    previous_target = os.environ.get("RNN_COURSE_RESULTS")
    os.environ["RNN_COURSE_RESULTS"] = str(metrics_file)  # the kernel inherits it
    started = time.perf_counter()
    code_cells = len(notebook.cells)
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_start=_progress(path, code_cells, started),
    )
    entry: dict[str, Any] = {"status": "passed"}
    try:
        client.execute()
    except Exception as error:  # a failing notebook is reported, and the run goes on
        entry = {"status": "failed", "failure": _failure(notebook, error)}
    finally:
        if previous_target is None:
            os.environ.pop("RNN_COURSE_RESULTS", None)
        else:
            os.environ["RNN_COURSE_RESULTS"] = previous_target
    entry["seconds"] = round(time.perf_counter() - started, 1)
    print(f"\r  {path.stem}: {entry['status']} in {entry['seconds']:.0f} s" + " " * 20)
    executed = build / "executed" / path.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, executed)
    entry["figures"] = _save_figures(notebook, path.stem, build / "figures")
    return entry


def _machine() -> str:
    gpus = "no GPU"
    try:
        import subprocess

        found = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=10)
        if found.returncode == 0 and found.stdout.strip():
            gpus = found.stdout.strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError):
        pass
    return f"{os.cpu_count()} CPU cores, {gpus}, Python {platform.python_version()}, {platform.system()}"


def _band_check(stem: str, entry: dict[str, Any]) -> str:
    """'all in band', or the figures outside their band in notebooks/course.toml (timings are reported only)."""
    from utils import manifest
    from utils.formatting import format_band, format_figure

    mode = "fast" if entry.get("fast_mode") else "full"
    if any(str(source).startswith("generated sample") for source in entry.get("data_source", {}).values()):
        mode = "sample"
    try:
        bands = manifest.bands(stem, mode)
    except manifest.ManifestError:
        return "no manifest entry"
    if entry.get("status") != "passed" or not bands:
        return ""
    metrics = entry.get("metrics", {})
    out = [f"{name} = {format_figure(metrics[name])} not in {format_band(band)}" if name in metrics else f"{name} not recorded"
           for name, band in bands.items() if not band[0] <= metrics.get(name, float("nan")) <= band[1]]
    return "all in band" if not out else "OUT OF BAND: " + ", ".join(out)


def write_report(results: dict[str, Any], build: Path) -> None:
    (build / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    lines = [
        "# Course run report",
        "",
        f"Machine: {_machine()}. Written {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "| notebook | status | mode | seconds | data source | headline figures | bands |",
        "|---|---|---|---:|---|---|---|",
    ]
    for stem, entry in sorted(results.items()):
        metrics = ", ".join(f"{k} = {format_figure(v)}" for k, v in sorted(entry.get("metrics", {}).items()))
        if entry.get("status") == "failed":
            failure = entry.get("failure", {})
            metrics = f"failed at cell {failure.get('cell')}: {failure.get('error', '')}".replace("|", "/")
        sources = "; ".join(f"{k}: {v}" for k, v in sorted(entry.get("data_source", {}).items())) or "none needed"
        mode = "fast" if entry.get("fast_mode") else "full"
        lines.append(
            f"| {stem} | {entry.get('status')} | {mode} | {entry.get('seconds', 0):.0f} | {sources} | {metrics} | {_band_check(stem, entry)} |"
        )
    total = sum(entry.get("seconds", 0) for entry in results.values())
    lines += ["", f"Total: {total / 60:.1f} minutes for {len(results)} notebook{'' if len(results) == 1 else 's'}."]
    (build / "results.md").write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="numbers or names of the notebooks to run (default: all)")
    parser.add_argument("--notebooks-dir", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds allowed for one cell")
    args = parser.parse_args(argv)

    from utils.config import is_fast_mode

    fast = is_fast_mode()
    backend = os.environ.get("MPLBACKEND", "")
    if backend and "inline" not in backend.lower():
        # A non-interactive backend (MPLBACKEND=Agg is common on servers) would leave
        # every executed notebook without its figures.
        print(f"Note: MPLBACKEND={backend} is set; the notebooks' kernels run without it so that figures are kept.")
        os.environ.pop("MPLBACKEND")
    os.environ.setdefault("RNN_COURSE_RUN_SOLUTIONS", "1")  # the hidden solutions run too: checked, and on the site
    selected = _select(args.notebooks_dir, args.notebooks)
    args.build.mkdir(parents=True, exist_ok=True)
    report = args.build / "results.json"
    results = json.loads(report.read_text()) if report.exists() and args.notebooks else {}
    metrics_file = args.build / "notebook-metrics.json"
    metrics_file.unlink(missing_ok=True)
    print(f"Running {len(selected)} notebook{'' if len(selected) == 1 else 's'} in {'FAST' if fast else 'full'} mode; report in {args.build}/")
    for number, path in enumerate(selected, start=1):
        print(f"[{number}/{len(selected)}] {path.name}")
        entry = run_notebook(path, args.build, metrics_file, args.timeout)
        recorded = json.loads(metrics_file.read_text()).get(path.stem, {}) if metrics_file.exists() else {}
        entry.update(
            metrics=recorded.get("metrics", {}),
            data_source=recorded.get("data_source", {}),
            fast_mode=fast,
        )
        results[path.stem] = entry
        write_report(results, args.build)
    failed = [stem for stem, entry in results.items() if entry["status"] != "passed"]
    total = sum(entry["seconds"] for entry in results.values())
    print(f"Done: {len(results) - len(failed)} passed, {len(failed)} failed, {total / 60:.1f} minutes. See {args.build}/results.md")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
