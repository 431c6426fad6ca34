"""make new-notebook: the scaffold passes the course's checks as written, in a copy of the repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools import new_notebook
from utils import manifest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory):
    """A copy of the course (the files git would commit) with a new notebook after the last one."""
    copy = tmp_path_factory.mktemp("course")
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in files.stdout.splitlines():
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    number = f"{int(manifest.notebooks()[-1]['number']) + 1:02d}"
    before = {path: path.read_bytes() for path in copy.rglob("*") if path.is_file()}
    result = subprocess.run([sys.executable, "tools/new_notebook.py", number, "demo_topic"], cwd=copy, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    changed = {str(path.relative_to(copy)) for path in copy.rglob("*") if path.is_file() and before.get(path) != path.read_bytes()}
    return copy, number, changed


def test_the_scaffold_touches_only_the_notebook_manifest_guide_and_generated_places(scaffolded):
    copy, number, changed = scaffolded
    previous = manifest.notebooks()[-1]["file"]
    assert changed == {f"notebooks/{number}_demo_topic.ipynb", "notebooks/course.toml", "docs/teaching.md",
                       "README.md", "notebooks/00_start_here.ipynb", f"notebooks/{previous}"}
    assert f"**Next:** [{number} · Demo topic]({number}_demo_topic.ipynb)" in (copy / "notebooks" / previous).read_text()


def test_the_scaffolds_notebook_passes_the_conventions_and_runs(scaffolded):
    copy, number, _ = scaffolded
    env = {**os.environ, "RNN_COURSE_FAST": "1", "RNN_COURSE_RESULTS": str(copy / "build" / "results.json")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_notebooks_lint.py", "tests/test_manifest.py",
         f"notebooks/{number}_demo_topic.ipynb", "-k", f"{number} or demo_topic or generated or every_notebook or teachers"],
        cwd=copy, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1]


@pytest.mark.parametrize("arguments, message", [
    (["1", "x"], "give two digits"),
    (["05", "x"], "already goes up to"),
    (["99", "Bad-Name"], "lower-case words"),
])
def test_bad_arguments_get_one_sentence_and_write_nothing(arguments, message, capsys):
    before = manifest.MANIFEST.read_bytes()
    with pytest.raises(SystemExit):
        new_notebook.main(arguments)
    assert message in capsys.readouterr().err
    assert manifest.MANIFEST.read_bytes() == before
