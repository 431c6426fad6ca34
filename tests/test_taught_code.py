"""Code a notebook teaches and utils runs is the same code.

A notebook that teaches a recipe shows the learner its code, in a cell whose
first line says where utils keeps it, for example

    # Saved in utils/training.py as utils.fit_with_early_stopping

and later notebooks call ``utils.fit_with_early_stopping``. These tests keep
each such definition identical, whitespace aside, to the one in the module
(``inspect.getsource`` for functions and classes, the statement's source for a
constant). One difference is allowed: the notebook calls the course's other
helpers through ``utils.`` (``utils.EpochTimer()``), where the module imports
them (``EpochTimer()``).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^# Saved in utils/(?P<module>\w+)\.py as (?P<names>.+)$")
TAUGHT_MODULES = ("bptt", "training")  # every public definition of these is taught by some notebook


def _saved_cells() -> list[tuple[str, int, str, str, list[str]]]:
    found = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            source = "".join(cell["source"])
            match = MARKER.match(source.split("\n", 1)[0])
            if cell["cell_type"] == "code" and match:
                names = re.findall(r"utils\.(\w+)", match["names"])
                found.append((path.name, index, source, match["module"], names))
    return found


SAVED = _saved_cells()
CASES = [(notebook, index, source, module, name) for notebook, index, source, module, names in SAVED for name in names]


def _definition(tree_source: str, name: str) -> str | None:
    for node in ast.parse(tree_source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return ast.get_source_segment(tree_source, node)
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.get_source_segment(tree_source, node)
    return None


def _normalised(source: str) -> str:
    return " ".join(re.sub(r"(?<![\w.])utils\.", "", source).split())


def test_some_notebook_saves_code_in_utils():
    assert {module for *_, module, _ in SAVED} >= set(TAUGHT_MODULES)


@pytest.mark.parametrize("notebook, index, source, module, name", CASES, ids=[f"{c[0][:2]}-{c[4]}" for c in CASES])
def test_taught_definition_is_the_one_utils_runs(notebook, index, source, module, name):
    in_notebook = _definition(source, name)
    assert in_notebook is not None, f"{notebook}, cell {index}: its first line names utils.{name}, but the cell does not define {name}."
    code = importlib.import_module(f"utils.{module}")
    assert hasattr(code, name), f"{notebook}, cell {index}: utils/{module}.py has no {name}; add it there or fix the cell's first line."
    value = getattr(code, name)
    if inspect.isfunction(value) or inspect.isclass(value):
        in_utils = inspect.getsource(value)
    else:
        in_utils = _definition(inspect.getsource(code), name)
    assert _normalised(in_notebook) == _normalised(in_utils), (
        f"{notebook}, cell {index}: {name} differs from utils/{module}.py. Change both together "
        f"(the notebook shows the learner the code that utils.{name} runs)."
    )


@pytest.mark.parametrize("module", TAUGHT_MODULES)
def test_every_definition_of_a_taught_module_is_shown_in_a_notebook(module):
    taught = {name for *_, m, names in SAVED if m == module for name in names}
    code = importlib.import_module(f"utils.{module}")
    tree = ast.parse(inspect.getsource(code))
    defined = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    defined |= {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)}
    public = {name for name in defined if not name.startswith("_")}
    assert public <= taught, f"utils/{module}.py defines {sorted(public - taught)}, which no notebook shows; teach it or move it."
