"""`make site` (tools/build_site.py): a static, offline HTML course from the executed notebooks.

The notebooks here are tiny hand-made "executed" notebooks (nbformat): nothing is run.
"""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tools import build_site
from utils import formatting, manifest

ROOT = Path(__file__).resolve().parent.parent

# A 1x1 PNG, standing in for a matplotlib figure.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )
).decode()
BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
MANIFEST_ENTRY = """
[[notebook]]
number = "{number}"
file = "{number}_{name}.ipynb"
title = "{title}"
topic = "{topic}"
summary = "a summary"
prerequisites = "none"
articles = []
time = "about 9 seconds in full, 3 seconds in fast mode"
full_run = "9 s"
fast_run = "3 s"
headline = "{headline}"
seeds = false
"""
# A tiny course: 03 is in the manifest but was not executed; the manifest's titles differ from
# the notebooks' own headings, so the index shows that it reads the manifest.
MANIFEST = 'measured = "2026-11-20"\n' + "".join(
    MANIFEST_ENTRY.format(number=number, name=name, title=title, topic=topic, headline=headline)
    for number, name, title, topic, headline in [
        ("01", "alpha", "Alpha: the `first` one", "recurrence, `SimpleRNN`", "1,018,881 parameters, accuracy 0.88"),
        ("02", "beta", "Beta", "gates and gradients", "gradients shrink"),
        ("03", "gamma", "Gamma, not run", "attention", "BLEU 0.3"),
    ]
)


def _executed_notebook(folder: Path, stem: str, title: str, figures: int) -> None:
    """An executed notebook: a heading, a Colab badge, LaTeX, a stream output and PNG figures."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell(
            f"# {title}\n\n[![Open In Colab]({BADGE})](https://colab.research.google.com/github/x/y/{stem}.ipynb)\n\n"
            "The recurrence $h_t = \\tanh(W x_t + U h_{t-1})$, and\n\n$$\\frac{\\partial L}{\\partial W}$$\n\n"
            "Next: [the other notebook](02_beta.ipynb), and the [course map](https://github.com/rnn-course/rnn-course/blob/main/README.md#course-map)."
        ),
        nbformat.v4.new_code_cell("print('hello from ' + __name__)", execution_count=1),
    ]
    notebook.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"stream output of {stem}\n")]
    for number in range(figures):
        cell = nbformat.v4.new_code_cell(f"ax.set_title(f'Loss of model {{number}}')\nplt.show()" if number else "plt.show()",
                                         execution_count=2 + number)
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
    _executed_notebook(build / "executed", "01_alpha", "01 · Alpha, an old heading", figures=2)
    _executed_notebook(build / "executed", "02_beta", "02 · Beta, an old heading", figures=1)
    results = {
        "01_alpha": {"status": "passed", "seconds": 12.3, "fast_mode": True,
                     "metrics": {"test_accuracy": 0.8831, "parameters": 1018881}, "figures": ["a", "b"]},
        "02_beta": {"status": "failed", "seconds": 4.0, "fast_mode": True, "metrics": {},
                    "failure": {"cell": 3, "error": "ValueError: boom"}},
    }
    (build / "results.json").write_text(json.dumps(results))
    (tmp_path / "course.toml").write_text(MANIFEST)
    return build


def _build(build: Path, mathjax: Path | None = None, **options: Any) -> Path:
    return build_site.build_site(build, build.parent / "course.toml", mathjax=mathjax, use_installed_mathjax=False,
                                 **options)


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
    assert "old heading" not in index  # titles come from the manifest, not from the notebooks
    assert "03 · Gamma, not run (no page: not executed)" in index and "not run in this build" in index
    assert "recurrence, <code>SimpleRNN</code>" in index and "gates and gradients" in index
    assert "(2026-11-20): 1,018,881 parameters, accuracy 0.88" in index  # the manifest's full-run headline
    assert "0.8831" in index and "1,018,881" in index
    assert ">test accuracy<" in index and ">parameters<" in index  # readable labels...
    assert index.count("test_accuracy") == index.count('title="test_accuracy ') == 1  # ...raw keys in tooltips only
    assert "12 s" in index and "failed at cell 3" in index and "fast mode" in index
    assert "3 notebooks, 2 of them executed in fast mode" in index and "(s)" not in index
    assert "over seeds" not in index  # no seed_spread.json: no spread column


@pytest.mark.parametrize("which", ["fixture", "course"])
def test_index_lists_each_manifest_notebook_title_in_manifest_order(build: Path, which: str) -> None:
    """Also with the real notebooks/course.toml: the fixture's notebooks then come after the course's."""
    path = build.parent / "course.toml" if which == "fixture" else manifest.MANIFEST
    site = build_site.build_site(build, path, use_installed_mathjax=False)
    index = (site / "index.html").read_text()
    sections = re.findall(r'<section class="notebook".*?<h3>(.*?)</h3>', index, re.S)
    headings = [html.unescape(re.sub(r"<[^>]+>", "", heading)) for heading in sections]
    expected = [f"{entry['number']} · {entry['title'].replace('`', '')}" for entry in manifest.notebooks(path)]
    assert [heading.removesuffix(" (no page: not executed)") for heading in headings[: len(expected)]] == expected
    if which == "course":
        assert headings[len(expected):] == ["01_alpha", "02_beta"]  # not in the manifest: listed last, by name


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
    assert build_site.main(["--build", str(build), "--manifest", str(build.parent / "course.toml")]) == 1
    assert "not made by tools/build_site.py" in capsys.readouterr().err
    assert (site / "my-notes.txt").read_text() == "mine" and (site / "index.html").exists()
    assert sorted(path.name for path in build.iterdir()) == ["executed", "results.json", "site"]  # no leftovers


def test_missing_templates_stop_the_build_before_anything_is_written(build: Path, tmp_path: Path) -> None:
    assert all((build_site.TEMPLATES / name).is_file() for name in build_site.TEMPLATE_FILES)  # shipped in tools/site
    partial = tmp_path / "templates"
    shutil.copytree(build_site.TEMPLATES, partial)
    (partial / build_site.STYLESHEET).unlink()
    with pytest.raises(build_site.SiteError, match=r"templates are missing .*course\.css"):
        _build(build, templates=partial)
    with pytest.raises(build_site.SiteError, match=r"course_page/index\.html\.j2.*course_index\.html\.j2"):
        _build(build, templates=tmp_path / "nowhere")
    assert sorted(path.name for path in build.iterdir()) == ["executed", "results.json"]


def test_pages_are_made_by_the_template_files_and_share_the_stylesheet(build: Path) -> None:
    site = _build(build)
    css = (site / build_site.STYLESHEET).read_text()
    assert css == (build_site.TEMPLATES / build_site.STYLESHEET).read_text()
    for page in sorted(site.glob("*.html")):
        links = re.findall(r"<link\b[^>]*>", page.read_text())
        assert any('href="course.css"' in link and 'rel="stylesheet"' in link for link in links), page.name
    alpha = (site / "01_alpha.html").read_text()
    assert alpha.index("course.css") > alpha.index("jp-Notebook")  # after JupyterLab's styles, so it wins
    assert '<nav class="course-nav top">' in alpha and '<nav class="course-nav bottom">' in alpha
    assert "<style" not in (site / "index.html").read_text()  # the index's look lives in course.css
    assert not re.search(r"<(?:style|html|body)\b", Path(build_site.__file__).read_text())  # no HTML in Python


def test_reading_text_is_16_px_with_lines_of_about_70_to_80_characters() -> None:
    css = (build_site.TEMPLATES / build_site.STYLESHEET).read_text()
    width = float(re.search(r"--course-text:\s*([\d.]+)ch", css).group(1))
    assert 60 <= width <= 75  # a "0" is a little wider than the average letter: 68ch holds about 75 characters
    for rule in ("body.jp-Notebook", "body.course-index"):
        block = re.search(re.escape(rule) + r"\s*\{([^}]*)\}", css).group(1)
        assert re.search(r"font-size1?:\s*16px", block), rule
    assert re.search(r"\.jp-RenderedMarkdown > p[^{]*\{[^}]*max-width:\s*var\(--course-text\)", css, re.S)


def test_figures_are_written_by_the_course_formatter() -> None:
    assert build_site.format_figure is formatting.format_figure  # no formatter of its own
    page = build_site.NotebookPage(stem="01_a", title="01 · A", entry={"metrics": {"n_reviews": 25000.0, "loss": 0.123456}},
                                   spread={"loss": {"mean": 0.12345, "sd": 0.0012345, "n": 4}})
    rows = {row["key"]: row for row in build_site.figure_rows(page)}
    assert rows["n_reviews"]["value"] == "25,000" and rows["loss"]["value"] == "0.1235"
    assert rows["loss"]["spread"] == "0.1235 ± 0.001234 over 4 seeds" and rows["n_reviews"]["label"] == "n reviews"


def test_figures_get_alt_text_from_their_titles_or_their_section(build):
    alpha = (_build(build) / "01_alpha.html").read_text()
    assert "No description has been provided" not in alpha
    assert 'alt="Figure: Loss of model …"' in alpha  # an f-string's fields become "…"
    assert 'alt="A figure of the section “01 · Alpha' in alpha


def test_every_local_link_of_every_page_names_a_file_of_the_site(build):
    """The site opens from the file system: a relative link to a file it does not have is dead there."""
    site = _build(build)
    dead = []
    for page in sorted(site.glob("*.html")):
        for target in re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', page.read_text()):
            if not (site / target).exists():
                dead.append(f"{page.name} -> {target}")
    assert not dead, "dead links on the site: " + ", ".join(dead)


def test_a_link_to_a_notebook_without_a_page_opens_it_on_colab():
    from tools.build_site import site_link
    from utils.config import colab_url

    assert site_link("02_beta.ipynb", {"01_alpha", "02_beta"}) == "02_beta.html"
    assert site_link("03_gamma.ipynb#Summary", {"01_alpha"}) == colab_url("notebooks/03_gamma.ipynb")
