"""`make site` (tools/build_site.py): a static, offline HTML course from the executed notebooks.

The notebooks here are tiny hand-made "executed" notebooks (nbformat): nothing is run.
"""

from __future__ import annotations

import base64
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import build_site  # noqa: E402

# A 1x1 PNG, standing in for a matplotlib figure.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )
).decode()
BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
README = """# A tiny course

| # | Notebook | Topic | Full run |
|---|---|---|---:|
| 01 | [Alpha](notebooks/01_alpha.ipynb) | recurrence, `SimpleRNN` | 9 s |
| 02 | [Beta](notebooks/02_beta.ipynb) | gates and gradients | 8 s |
"""


def _executed_notebook(folder: Path, stem: str, title: str, figures: int) -> None:
    """An executed notebook: a heading, a Colab badge, LaTeX, a stream output and PNG figures."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell(
            f"# {title}\n\n[![Open In Colab]({BADGE})](https://colab.research.google.com/github/x/y/{stem}.ipynb)\n\n"
            "The recurrence $h_t = \\tanh(W x_t + U h_{t-1})$, and\n\n$$\\frac{\\partial L}{\\partial W}$$\n\n"
            "Next: [the other notebook](02_beta.ipynb), and the [course map](../README.md#course-map)."
        ),
        nbformat.v4.new_code_cell("print('hello from ' + __name__)", execution_count=1),
    ]
    notebook.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"stream output of {stem}\n")]
    for number in range(figures):
        cell = nbformat.v4.new_code_cell("plt.show()", execution_count=2 + number)
        cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})]
        cell.metadata["execution"] = {"shell.execute_reply": "2026-11-24T06:30:05.123456Z"}
        notebook.cells.append(cell)
    hidden = nbformat.v4.new_code_cell("# @title Solutions\nanswer = 42", execution_count=9)
    hidden.metadata["jupyter"] = {"source_hidden": True}
    notebook.cells.append(hidden)
    nbformat.write(notebook, folder / f"{stem}.ipynb")


@pytest.fixture
def build(tmp_path: Path) -> Path:
    """A build folder as `RNN_COURSE_FAST=1 make course` leaves it, for two notebooks."""
    build = tmp_path / "build"
    (build / "executed").mkdir(parents=True)
    _executed_notebook(build / "executed", "01_alpha", "01 · Alpha: the `first` one", figures=2)
    _executed_notebook(build / "executed", "02_beta", "02 · Beta", figures=1)
    results = {
        "01_alpha": {"status": "passed", "seconds": 12.3, "fast_mode": True,
                     "metrics": {"test_accuracy": 0.8831, "parameters": 1018881}, "figures": ["a", "b"]},
        "02_beta": {"status": "failed", "seconds": 4.0, "fast_mode": True, "metrics": {},
                    "failure": {"cell": 3, "error": "ValueError: boom"}},
    }
    (build / "results.json").write_text(json.dumps(results))
    (tmp_path / "README.md").write_text(README)
    return build


def _build(build: Path, mathjax: Path | None = None) -> Path:
    return build_site.build_site(build, build.parent / "README.md", mathjax=mathjax, use_installed_mathjax=False)


def _fake_mathjax(tmp_path: Path) -> Path:
    folder = tmp_path / "mathjax-source"
    (folder / "config").mkdir(parents=True)
    (folder / "MathJax.js").write_text("/* MathJax stand-in */")
    (folder / "LICENSE").write_text("Apache License 2.0")
    return folder


def test_every_executed_notebook_gets_a_page_with_its_outputs_figures_and_navigation(build: Path) -> None:
    site = _build(build)
    alpha = (site / "01_alpha.html").read_text()
    beta = (site / "02_beta.html").read_text()
    assert alpha.count('src="data:image/png;base64,') == 2 and beta.count('src="data:image/png;base64,') == 1
    assert "stream output of 01_alpha" in alpha
    assert "\\tanh(W x_t + U h_{t-1})" in alpha  # the LaTeX survives for MathJax (or as readable text)
    assert '<a href="02_beta.html"' in alpha and '<a href="index.html">index</a>' in alpha
    assert '<a href="01_alpha.html"' in beta
    assert 'href="02_beta.html">the other notebook' in alpha  # notebook links point to pages
    assert 'href="index.html#course-map"' not in alpha and 'href="index.html">course map' in alpha
    assert "<details" in alpha and "# @title Solutions" in alpha  # hidden solutions are folded, not lost
    assert "fast mode" in alpha and "2026-11-24 06:30 UTC" in alpha  # which run produced it, and when
    assert "failed at cell 3: ValueError: boom" in beta
    assert "<title>01 · Alpha: the first one</title>" in alpha


def test_index_lists_every_notebook_with_title_topic_status_and_figures(build: Path) -> None:
    index = (_build(build) / "index.html").read_text()
    assert '<a href="01_alpha.html">01 · Alpha: the <code>first</code> one</a>' in index
    assert '<a href="02_beta.html">02 · Beta</a>' in index
    assert "recurrence, <code>SimpleRNN</code>" in index and "gates and gradients" in index
    assert "test_accuracy" in index and "0.8831" in index and "1,018,881" in index
    assert "12 s" in index and "failed at cell 3" in index and "fast mode" in index
    assert "over seeds" not in index  # no seed_spread.json: no spread column


def test_index_shows_the_spread_over_seeds_when_measured(build: Path) -> None:
    spread = {"01_alpha": {"figures": {
        "test_accuracy": {"mean": 0.881, "sd": 0.0042, "min": 0.876, "max": 0.885, "n": 3},
        "notebook_seconds": {"mean": 350.0, "sd": 12.0, "min": 340.0, "max": 363.0, "n": 3},
    }}}
    (build / "seed_spread.json").write_text(json.dumps(spread))
    index = (_build(build) / "index.html").read_text()
    assert "0.881 ± 0.0042 over 3 seeds" in index
    assert "350 ± 12 s over 3 seeds" in index


def _loaded_urls(page: str) -> list[str]:
    """An independent, deliberately blunt check: any remote URL in an attribute or CSS that loads something."""
    attributes = re.findall(r"""\b(?:src|srcset|poster|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", page, re.I)
    links = re.findall(r"""<link\b[^>]*\bhref\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", page, re.I)
    css = re.findall(r"""(?:url\(|@import\s)\s*["']?((?:https?:)?//[^"')\s]+)""", page, re.I)
    imports = re.findall(r"""import\(\s*["'`]((?:https?:)?//[^"'`]+)""", page)
    return attributes + links + css + imports


@pytest.mark.parametrize("with_mathjax", [False, True])
def test_no_page_loads_anything_from_the_internet(build: Path, tmp_path: Path, with_mathjax: bool) -> None:
    site = _build(build, _fake_mathjax(tmp_path) if with_mathjax else None)
    for page in sorted(site.glob("*.html")):
        text = page.read_text()
        assert _loaded_urls(text) == [], page.name
        assert build_site.remote_resources(text) == [], page.name
        assert BADGE not in text and "cdnjs" not in text and "require.js" not in text
    alpha = (site / "01_alpha.html").read_text()
    assert 'href="https://colab.research.google.com/github/x/y/01_alpha.ipynb">Open In Colab</a>' in alpha


def test_the_remote_resource_check_catches_what_a_browser_would_load() -> None:
    page = """<html><head><script src="https://cdn.example/a.js"></script>
    <link rel="stylesheet" href="//cdn.example/b.css"><style>@import "https://x.example/c.css";
    p { background: url('https://x.example/d.png') }</style>
    <script type="module">const m = await import("https://cdn.example/e.mjs");</script></head>
    <body><img src="https://x.example/f.svg"><a href="https://fine.example/clicked">a link is fine</a>
    <img src="data:image/png;base64,AAAA"><script src="mathjax/MathJax.js"></script></body></html>"""
    found = build_site.remote_resources(page)
    assert sorted(found) == ["//cdn.example/b.css", "https://cdn.example/a.js", "https://cdn.example/e.mjs",
                             "https://x.example/c.css", "https://x.example/d.png", "https://x.example/f.svg"]
    assert sorted(_loaded_urls(page)) == sorted(found)


def test_math_uses_a_local_mathjax_copy_or_stays_readable_latex(build: Path, tmp_path: Path) -> None:
    site = _build(build, _fake_mathjax(tmp_path))
    alpha = (site / "01_alpha.html").read_text()
    assert f'<script src="mathjax/MathJax.js?{build_site.MATHJAX_QUERY}">' in alpha
    assert 'webFont: "STIX-Web"' in alpha  # the only fonts jupyter-server-mathjax ships
    assert (site / "mathjax" / "MathJax.js").exists() and (site / "mathjax" / "LICENSE").exists()

    site = _build(build, None)
    alpha = (site / "01_alpha.html").read_text()
    assert "MathJax.js" not in alpha and not (site / "mathjax").exists()
    assert "$h_t = \\tanh(W x_t + U h_{t-1})$" in alpha and "shown as LaTeX source" in alpha


def test_installed_mathjax_package_has_the_files_the_pages_ask_for() -> None:
    mathjax = build_site.find_mathjax()
    if mathjax is None:
        pytest.skip("jupyter-server-mathjax is not installed")
    config = build_site.MATHJAX_QUERY.removeprefix("config=").split(",")
    assert all((mathjax / "config" / f"{name}.js").exists() for name in config)
    assert (mathjax / "LICENSE").exists()


def test_missing_build_says_to_run_make_course_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_site.main(["--build", str(tmp_path / "nothing")]) == 1
    message = capsys.readouterr().err.strip()
    assert "run `make course` first" in message and "RNN_COURSE_FAST=1 make course" in message
    assert message.count("\n") == 0


def test_rebuild_replaces_its_own_site_but_never_a_folder_it_did_not_make(build: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    site = _build(build)
    assert (site / build_site.MARKER_NAME).exists()
    (site / "stale.html").write_text("from an earlier build")
    _build(build)
    assert not (site / "stale.html").exists() and (site / "index.html").exists()

    (site / build_site.MARKER_NAME).unlink()
    (site / "my-notes.txt").write_text("mine")
    assert build_site.main(["--build", str(build), "--readme", str(build.parent / "README.md")]) == 1
    assert "not made by tools/build_site.py" in capsys.readouterr().err
    assert (site / "my-notes.txt").read_text() == "mine" and (site / "index.html").exists()
    assert sorted(path.name for path in build.iterdir()) == ["executed", "results.json", "site"]  # no leftovers
