"""The course manifest, ``notebooks/course.toml``: every notebook declared once.

Its header comment says what each field means and what is generated from it.
This module reads it, checks its shape, and answers the questions the course
asks of it: which notebooks exist, in which order, with which bands and claims.

>>> entry = notebook("04_imdb_lstm")
>>> entry["title"].startswith("IMDB with an LSTM")
True
"""

from __future__ import annotations

import ast
import math
import operator
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI (requirements.txt)
    import tomli as tomllib

MANIFEST = Path(__file__).resolve().parent.parent / "notebooks" / "course.toml"
MODES = ("full", "fast", "sample")
_REQUIRED = {
    "number": str, "file": str, "title": str, "topic": str, "summary": str, "prerequisites": str,
    "articles": list, "time": str, "full_run": str, "fast_run": str, "headline": str, "seeds": bool,
}
_OPTIONAL = {"reported": dict, "bands": dict, "claims": list, "measured": str, "not_claims": list}
_CLAIM_FIELDS = {"check", "says", "otherwise", "modes", "quote"}


class ManifestError(ValueError):
    """The manifest is malformed; the message says where and what to write instead."""


def _check(data: Mapping[str, Any], path: Path) -> None:
    notebooks = data.get("notebook")
    if not isinstance(notebooks, list) or not notebooks:
        raise ManifestError(f"{path}: declare each notebook in a [[notebook]] table.")
    seen: set[str] = set()
    for index, entry in enumerate(notebooks):
        where = f"{path}, notebook {entry.get('number', index)!s}"
        for key, kind in _REQUIRED.items():
            if not isinstance(entry.get(key), kind):
                raise ManifestError(f"{where}: give `{key}` as a {kind.__name__} (see the header comment of the manifest).")
        for key, kind in _OPTIONAL.items():
            if key in entry and not isinstance(entry[key], kind):
                raise ManifestError(f"{where}: `{key}` must be a {kind.__name__} (see the header comment of the manifest).")
        unknown = set(entry) - set(_REQUIRED) - set(_OPTIONAL)
        if unknown:
            raise ManifestError(f"{where}: unknown field(s) {sorted(unknown)}; the header comment lists the fields.")
        if not entry["file"].startswith(entry["number"] + "_") or not entry["file"].endswith(".ipynb"):
            raise ManifestError(f"{where}: `file` must be the notebook's file name, starting with {entry['number']}_.")
        if entry["number"] in seen:
            raise ManifestError(f"{where}: two notebooks share the number {entry['number']}.")
        seen.add(entry["number"])
        for mode, bands in entry.get("bands", {}).items():
            if mode not in MODES:
                raise ManifestError(f"{where}: bands.{mode} is not a mode; use one of {', '.join(MODES)}.")
            for name, band in bands.items():
                if (not isinstance(band, list) or len(band) != 2 or not all(isinstance(v, (int, float)) for v in band)
                        or band[0] > band[1]):
                    raise ManifestError(f"{where}: bands.{mode}.{name} must be [low, high] with low <= high.")
                if name in entry.get("reported", {}):
                    raise ManifestError(f"{where}: {name} is both reported and banded; keep one.")
        for claim in entry.get("claims", []):
            if not isinstance(claim, dict) or not {"check", "says", "otherwise"} <= set(claim) or set(claim) - _CLAIM_FIELDS:
                raise ManifestError(f"{where}: each [[notebook.claims]] has check, says, otherwise and (optionally) modes and quote.")
            if not isinstance(claim.get("quote", ""), str):
                raise ManifestError(f"{where}: a claim's quote is a phrase copied from the sentence it backs, as a string.")
            if not set(claim.get("modes", ["full"])) <= set(MODES):
                raise ManifestError(f"{where}: a claim's modes are among {', '.join(MODES)}.")
            parse_claim(claim["check"])  # raises on anything but arithmetic over names
        if not all(isinstance(phrase, str) and phrase.strip() for phrase in entry.get("not_claims", [])):
            raise ManifestError(f"{where}: not_claims lists phrases copied from the notebook's sentences, as strings.")
    numbers = [entry["number"] for entry in notebooks]
    if numbers != sorted(numbers):
        raise ManifestError(f"{path}: list the notebooks in course order (found {', '.join(numbers)}).")


@lru_cache(maxsize=None)
def _load(path: Path, mtime: float) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{path} is not valid TOML ({error}); fix that line.") from error
    _check(data, path)
    return data


def load(path: Path | None = None) -> dict[str, Any]:
    """The whole manifest (re-read when the file changes)."""
    path = Path(path or MANIFEST)
    if not path.is_file():
        raise ManifestError(f"{path} is missing: the course manifest lives in notebooks/course.toml.")
    return _load(path, path.stat().st_mtime)


def notebooks(path: Path | None = None) -> list[dict[str, Any]]:
    """Every notebook's entry, in course order."""
    return load(path)["notebook"]


def notebook(name: str, path: Path | None = None) -> dict[str, Any]:
    """One notebook's entry, by number ("04"), stem ("04_imdb_lstm") or file name."""
    for entry in notebooks(path):
        if name in (entry["number"], entry["file"], entry["file"][: -len(".ipynb")]):
            return entry
    raise ManifestError(
        f"{name!r} has no entry in notebooks/course.toml: add a [[notebook]] table for it "
        "(make new-notebook writes one)."
    )


def bands(name: str, mode: str, path: Path | None = None) -> dict[str, tuple[float, float]]:
    """The bands of one notebook in one mode ('full', 'fast' or 'sample')."""
    if mode not in MODES:
        raise ValueError(f"mode={mode!r}: use one of {', '.join(MODES)}.")
    table = notebook(name, path).get("bands", {}).get(mode, {})
    return {figure: (float(low), float(high)) for figure, (low, high) in table.items()}


# --------------------------------------------------------------------------
# Claims: small arithmetic over recorded figures, never arbitrary code
# --------------------------------------------------------------------------

_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
}
_COMPARE: dict[type, Callable[[float, float], bool]] = {
    ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.Eq: operator.eq, ast.NotEq: operator.ne,
}
_FUNCTIONS: dict[str, Callable[..., float]] = {"abs": abs, "min": min, "max": max}


def parse_claim(check: str) -> ast.Expression:
    """Parse a claim's check; refuse anything but numbers, names, arithmetic, comparisons, and/or."""
    try:
        tree = ast.parse(check, mode="eval")
    except SyntaxError as error:
        raise ManifestError(f"claim {check!r} is not an expression: {error.msg}.") from error
    allowed = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.BinOp, ast.UnaryOp, ast.USub, ast.Compare,
               ast.Name, ast.Load, ast.Constant, ast.Call, *_BINARY, *_COMPARE)
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            raise ManifestError(f"claim {check!r}: only figures' names, numbers, + - * /, abs/min/max, comparisons and and/or are allowed.")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS and not node.keywords):
            raise ManifestError(f"claim {check!r}: the only functions are {', '.join(_FUNCTIONS)}.")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise ManifestError(f"claim {check!r}: constants must be numbers.")
    return tree


def claim_names(check: str) -> set[str]:
    """The figures a claim reads."""
    return {node.id for node in ast.walk(parse_claim(check)) if isinstance(node, ast.Name) and node.id not in _FUNCTIONS}


def evaluate_claim(check: str, figures: Mapping[str, float]) -> bool:
    """True if the claim holds for these figures (every name it reads must be among them)."""

    def value(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return float(figures[node.id])
        if isinstance(node, ast.UnaryOp):
            return -value(node.operand)
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.Call):
            return _FUNCTIONS[node.func.id](*(value(arg) for arg in node.args))
        if isinstance(node, ast.BoolOp):
            results = [value(v) for v in node.values]
            return all(results) if isinstance(node.op, ast.And) else any(results)
        if isinstance(node, ast.Compare):
            left = value(node.left)
            for op, right_node in zip(node.ops, node.comparators):
                right = value(right_node)
                if not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        raise ManifestError(f"claim {check!r}: cannot evaluate {ast.dump(node)}.")

    missing = claim_names(check) - set(figures)
    if missing:
        raise KeyError(f"claim {check!r} reads {sorted(missing)}, which this notebook has not recorded.")
    result = value(parse_claim(check))
    return bool(result) and not (isinstance(result, float) and math.isnan(result))
