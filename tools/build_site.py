"""Build a static HTML course from the executed notebooks of `make course`.

    python tools/build_site.py                    # build/executed/*.ipynb -> build/site/
    python tools/build_site.py --build /tmp/run   # another build folder (its executed/ -> its site/)

Run `make course` (or `RNN_COURSE_FAST=1 make course`) first. The site has an
index.html with the course map (title, topic, status, mode, seconds and headline
figures from build/results.json, with their mean ± sd over seeds when
build/seed_spread.json exists, see `make seeds`) and one page per notebook with
all its outputs and figures, linked "previous / index / next". `make site`
calls this script.

The site opens offline from the file system: nothing in it loads from the
internet. Equations are typeset by a local copy of MathJax 2 taken from the
`jupyter-server-mathjax` package; without that package the pages show the
LaTeX source as text, and say so. Remote images in the notebooks' markdown
(the "Open in Colab" badge) become plain links.

build/site/ is this tool's output: it is built in a fresh folder beside it and
swapped in whole. A build/site/ that this tool did not make (it has no marker
file inside) is never deleted: the tool stops and says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import importlib.util
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import nbformat
from markupsafe import Markup
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
MARKER_NAME = ".made-by-build-site"
MATHJAX_FOLDER = "mathjax"
# The configs that jupyter-server-mathjax ships (it has no CommonHTML output, so HTML-CSS is used).
MATHJAX_QUERY = "config=TeX-AMS-MML_HTMLorMML-full,Safe"
MISSING_BUILD = (
    "No executed notebooks in {folder}: run `make course` first "
    "(or `RNN_COURSE_FAST=1 make course` for a quick CI-sized run)."
)
PAGE_TEMPLATE = "course_page.html.j2"
# jupyter-server-mathjax ships the STIX-Web web fonts only (MathJax's default, TeX, would be missing):
# the setting JupyterLab itself uses with this package.
MATHJAX_FONTS = """
<script type="text/x-mathjax-config">
MathJax.Hub.Config({"HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null}});
</script>"""


class SiteError(Exception):
    """A problem the user can fix; main() prints its message and exits with 1."""


@dataclass
class NotebookPage:
    """One notebook of the course, as the site shows it."""

    stem: str
    title: str
    topic: str = ""
    entry: dict[str, Any] = field(default_factory=dict)
    spread: dict[str, Any] = field(default_factory=dict)
    executed: Path | None = None
    executed_at: str = ""

    @property
    def page(self) -> str:
        return f"{self.stem}.html"


# ---------------------------------------------------------------- reading the build


def read_json(path: Path) -> dict[str, Any]:
    """A JSON file's content, or {} when the file does not exist."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def notebook_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The text of the notebook's first markdown heading."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            heading = re.match(r"\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", line)
            if heading:
                return heading.group(1)
    return fallback


def readme_topics(readme: Path) -> dict[str, str]:
    """Each notebook's topic, from the README's course map (| # | [Title](notebooks/NN_x.ipynb) | topic | ...)."""
    if not readme.exists():
        return {}
    topics = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        row = re.match(r"\|[^|]*\|\s*\[[^\]]*\]\(notebooks/([^)]+)\.ipynb\)\s*\|([^|]*)\|", line)
        if row:
            topics[row.group(1)] = row.group(2).strip()
    return topics


def readme_title(readme: Path) -> str:
    """The README's first heading, the course's name."""
    if readme.exists():
        for line in readme.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return "The RNN course"


def execution_time(notebook: nbformat.NotebookNode, path: Path) -> str:
    """When the notebook ran: its last cell's reply time (nbclient records it), else the file's date."""
    stamps = [
        cell.get("metadata", {}).get("execution", {}).get("shell.execute_reply", "")
        for cell in notebook.cells
    ]
    stamps = [stamp for stamp in stamps if stamp]
    try:
        moment = dt.datetime.fromisoformat(max(stamps).replace("Z", "+00:00")) if stamps else None
    except ValueError:
        moment = None
    if moment is None:
        moment = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def collect_pages(build: Path, readme: Path) -> list[NotebookPage]:
    """Every notebook that has an executed copy or a results entry, in course order."""
    executed = {path.stem: path for path in sorted((build / "executed").glob("*.ipynb"))}
    if not executed:
        raise SiteError(MISSING_BUILD.format(folder=build / "executed"))
    results = read_json(build / "results.json")
    spreads = read_json(build / "seed_spread.json")
    topics = readme_topics(readme)
    pages = []
    for stem in sorted(set(executed) | set(results)):
        page = NotebookPage(stem=stem, title=stem, topic=topics.get(stem, ""), entry=results.get(stem, {}),
                            spread=spreads.get(stem, {}).get("figures", {}), executed=executed.get(stem))
        if page.executed is not None:
            notebook = nbformat.read(page.executed, as_version=4)
            page.title = notebook_title(notebook, stem)
            page.executed_at = execution_time(notebook, page.executed)
        pages.append(page)
    return pages


# ---------------------------------------------------------------- making notebooks offline


REMOTE = r"(?:https?:)?//"
BADGE = re.compile(r"\[!\[([^\]]*)\]\(\s*" + REMOTE + r"[^)\s]*(?:\s+\"[^\"]*\")?\s*\)\]\(([^)]+)\)")
REMOTE_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*(" + REMOTE + r"[^)\s]*)(?:\s+\"[^\"]*\")?\s*\)")
REMOTE_IMG_TAG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"'](" + REMOTE + r"[^\"']*)[\"'][^>]*>", re.IGNORECASE)
LINK_TARGET = re.compile(r"\]\(([^)\s]+)")


def image_alt(tag: str) -> str:
    alt = re.search(r"\balt\s*=\s*[\"']([^\"']*)[\"']", tag, re.IGNORECASE)
    return alt.group(1) if alt and alt.group(1) else "image"


def offline_markdown(source: str, site_stems: set[str]) -> str:
    """Markdown whose images load nothing from the internet and whose links point into the site.

    A linked remote image (the Colab badge) becomes a text link to the same place; any other
    remote image becomes a link to it. Links to other notebooks point to their pages, links to
    the README to the site's index.
    """
    source = BADGE.sub(lambda m: f"[{m.group(1) or 'link'}]({m.group(2)})", source)
    source = REMOTE_IMAGE.sub(lambda m: f"[{m.group(1) or 'image'} (image online)]({m.group(2)})", source)
    source = REMOTE_IMG_TAG.sub(
        lambda m: f'<a href="{m.group(1)}">{html.escape(image_alt(m.group(0)))} (image online)</a>', source
    )
    return LINK_TARGET.sub(lambda m: "](" + site_link(m.group(1), site_stems), source)


def site_link(target: str, site_stems: set[str]) -> str:
    """A notebook's relative link, as seen from the site: NN_x.ipynb -> NN_x.html, ../README.md -> index.html."""
    path, _, anchor = target.partition("#")
    if re.match(r"^[a-z][a-z0-9+.-]*:", path, re.IGNORECASE):
        return target
    name = Path(path).name
    if name.endswith(".ipynb") and Path(name).stem in site_stems:
        return f"{Path(name).stem}.html" + (f"#{anchor}" if anchor else "")
    if name == "README.md":
        return "index.html"
    return target


def offline_notebook(notebook: nbformat.NotebookNode, site_stems: set[str], title: str) -> nbformat.NotebookNode:
    """A copy of the notebook for the site: offline markdown, the page title, no widget state."""
    copy = nbformat.from_dict(json.loads(json.dumps(notebook)))
    for cell in copy.cells:
        if cell.cell_type == "markdown":
            cell.source = offline_markdown(cell.source, site_stems)
    copy.metadata.pop("widgets", None)
    copy.metadata["title"] = re.sub(r"`([^`]*)`", r"\1", title)
    return copy


# ---------------------------------------------------------------- finding remote resources


class _RemoteResourceFinder(HTMLParser):
    """Collects every URL that a browser would load from another host when the page opens."""

    LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            loads = name in self.LOADING_ATTRIBUTES or (name in {"href", "xlink:href"} and tag in {"link", "image", "use"})
            if loads:
                self.found += [url for url in re.split(r"[\s,]+", value) if is_remote(url)]
            if name == "style":
                self.found += css_remote_urls(value)
        self._inside = tag if tag in {"script", "style"} else None

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside == "style":
            self.found += css_remote_urls(data)
        elif self._inside == "script":
            self.found += re.findall(r"[\"'`]((?:https?:)?//[^\"'`\s]+)", data)


def is_remote(url: str) -> bool:
    return bool(re.match(REMOTE, url.strip(), re.IGNORECASE))


def css_remote_urls(css: str) -> list[str]:
    urls = re.findall(r"url\(\s*[\"']?([^\"')\s]+)", css) + re.findall(r"@import\s+[\"']([^\"']+)", css)
    return [url for url in urls if is_remote(url)]


def remote_resources(page_html: str) -> list[str]:
    """The http(s) URLs that the page would load when opened (scripts, styles, images, fonts, imports)."""
    finder = _RemoteResourceFinder()
    finder.feed(page_html)
    finder.close()
    return finder.found


# ---------------------------------------------------------------- pages


def format_figure(value: float) -> str:
    """A figure as the course report writes it (run_course.py): 25,000 or 0.8831."""
    value = float(value)
    if value.is_integer() and abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def inline_code(text: str) -> str:
    """Escaped text with `code` spans, for titles and topics."""
    return re.sub(r"`([^`]*)`", r"<code>\1</code>", html.escape(text))


def run_mode(entry: dict[str, Any]) -> str:
    if not entry:
        return "unknown"
    return "fast" if entry.get("fast_mode") else "full"


def status_text(entry: dict[str, Any]) -> str:
    if not entry:
        return "not in results.json"
    failure = entry.get("failure")
    if entry.get("status") == "failed" and failure:
        return f"failed at cell {failure.get('cell')}: {failure.get('error', '')}"
    return str(entry.get("status", "unknown"))


def figure_rows(page: NotebookPage) -> list[dict[str, str]]:
    """Headline figures with their spread over seeds, when measured."""
    rows = []
    for name, value in sorted(page.entry.get("metrics", {}).items()):
        spread = page.spread.get(name)
        rows.append({"name": name, "value": format_figure(value), "spread": spread_text(spread)})
    return rows


def spread_text(spread: dict[str, Any] | None) -> str:
    if not spread or "mean" not in spread:
        return ""
    return f"{format_figure(spread['mean'])} ± {float(spread.get('sd', 0.0)):.2g} over {spread.get('n', '?')} seeds"


def run_banner(page: NotebookPage) -> str:
    """One sentence: which mode produced the page, when, how long it took, and how it ended."""
    mode = run_mode(page.entry)
    mode_text = {
        "full": "in full mode (the course's full sizes)",
        "fast": "in fast mode (RNN_COURSE_FAST=1: less data and fewer epochs, so the figures differ from a full run)",
        "unknown": "in an unknown mode (no entry in results.json)",
    }[mode]
    seconds = f", in {page.entry['seconds']:.0f} s" if "seconds" in page.entry else ""
    return f"Executed {mode_text} on {page.executed_at}{seconds}. Status: {status_text(page.entry)}."


def page_template(math: bool) -> str:
    """The notebook page: JupyterLab's look, without remote scripts, with navigation and the run banner."""
    mathjax_block = (
        "{% block html_head_js_mathjax %}{{ super() }}" + MATHJAX_FONTS + "{% endblock html_head_js_mathjax %}"
        if math
        else "{% block html_head_js_mathjax %}{% endblock html_head_js_mathjax %}"
    )
    return (
        "{%- extends 'index.html.j2' -%}\n"
        "{% block html_head_js %}{% endblock html_head_js %}\n"
        "{% block jupyter_widgets %}{% endblock jupyter_widgets %}\n"
        "{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}\n"
        + mathjax_block
        + """
{% block extra_css %}<style>
.course-nav { display: flex; gap: 1.5em; justify-content: space-between; padding: 0.6em 1em;
  font-family: var(--jp-ui-font-family); border-bottom: 1px solid #ddd; background: #f7f7f7; }
.course-nav a { color: #1565c0; text-decoration: none; font-weight: 600; }
.course-nav .course-nav-none { color: #aaa; }
.course-nav.bottom { border-top: 1px solid #ddd; border-bottom: none; margin-top: 2em; }
.course-banner { margin: 0.8em 1em; padding: 0.5em 0.8em; border-left: 4px solid #1976d2;
  background: #e3f2fd; font-family: var(--jp-ui-font-family); }
.course-banner.fast { border-left-color: #ef6c00; background: #fff3e0; }
details.course-hidden-input > summary { cursor: pointer; color: #1976d2; margin: 0.3em 0 0.3em 1em; }
</style>{% endblock extra_css %}
{%- block body_header -%}
{{ super() }}
{{ resources.site.nav_html }}
<div class="course-banner {{ resources.site.mode }}">{{ resources.site.banner | e }}
{%- if resources.site.math_note %} {{ resources.site.math_note | e }}{% endif %}</div>
{%- endblock body_header -%}
{% block input_group -%}
{%- if cell.metadata.get('jupyter', {}).get('source_hidden') -%}
<details class="course-hidden-input"><summary>Show the code (hidden in the notebook)</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{%- endblock input_group %}
{% block body_footer %}
{{ resources.site.nav_html | replace('class="course-nav"', 'class="course-nav bottom"') }}
{{ super() }}
{% endblock body_footer %}
"""
    )


def make_exporter(math: bool) -> HTMLExporter:
    """nbconvert's JupyterLab-style HTML exporter with the course's page template."""
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({PAGE_TEMPLATE: page_template(math)})],
        template_file=PAGE_TEMPLATE,
        mathjax_url=f"{MATHJAX_FOLDER}/MathJax.js?{MATHJAX_QUERY}",
    )
    if _without_alt_text_warning not in exporter.log.filters:
        exporter.log.addFilter(_without_alt_text_warning)
    return exporter


def _without_alt_text_warning(record: logging.LogRecord) -> bool:
    """Figures carry no alt text; nbconvert gives them a generic one, and need not warn on every page."""
    return not record.getMessage().startswith("Alternative text is missing")


def nav_html(pages: list[NotebookPage], index: int) -> str:
    """previous / index / next links between notebook pages."""
    linked = [page for page in pages if page.executed is not None]
    position = linked.index(pages[index])
    previous = linked[position - 1] if position > 0 else None
    following = linked[position + 1] if position + 1 < len(linked) else None

    def link(page: NotebookPage | None, label: str) -> str:
        if page is None:
            return f'<span class="course-nav-none">{label}</span>'
        return f'<a href="{page.page}" title="{html.escape(re.sub("`", "", page.title))}">{label}</a>'

    return (
        '<nav class="course-nav">'
        f"{link(previous, '← previous')}"
        '<a href="index.html">index</a>'
        f"{link(following, 'next →')}"
        "</nav>"
    )


def render_page(exporter: HTMLExporter, pages: list[NotebookPage], index: int, math: bool) -> str:
    page = pages[index]
    assert page.executed is not None
    notebook = nbformat.read(page.executed, as_version=4)
    stems = {other.stem for other in pages if other.executed is not None}
    site = {
        "nav_html": nav_html(pages, index),
        "banner": run_banner(page),
        "mode": run_mode(page.entry),
        "math_note": "" if math else "Equations are shown as LaTeX source (install jupyter-server-mathjax to typeset them).",
    }
    body, _ = exporter.from_notebook_node(
        offline_notebook(notebook, stems, page.title), resources={"site": site, "metadata": {"name": page.stem}}
    )
    return body


INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{{ course_title }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 60em;
  margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2em; }
.run { color: #555; }
.notebook { border: 1px solid #ddd; border-radius: 6px; padding: 0.8em 1.1em; margin: 1em 0; }
.notebook h2 { font-size: 1.15em; margin: 0 0 0.3em 0; }
.topic { margin: 0 0 0.4em 0; }
.facts { color: #444; font-size: 0.92em; margin: 0 0 0.5em 0; }
.status-passed { color: #2e7d32; font-weight: 600; }
.status-failed { color: #c62828; font-weight: 600; }
.fast { background: #fff3e0; border-radius: 3px; padding: 0 0.3em; }
table { border-collapse: collapse; font-size: 0.92em; }
td, th { text-align: left; padding: 0.15em 1em 0.15em 0; vertical-align: top; }
td.value { font-variant-numeric: tabular-nums; text-align: right; }
th { font-weight: 600; color: #555; border-bottom: 1px solid #ddd; }
code { background: #f3f3f3; padding: 0 0.2em; border-radius: 3px; }
footer { color: #777; font-size: 0.85em; margin-top: 2em; }
</style>
</head>
<body>
<h1>{{ course_title }}</h1>
<p class="run">{{ run_summary }}</p>
{% if has_spread %}<p class="run">“Over seeds”: mean ± standard deviation of full runs with several
seeds (<code>make seeds</code>, build/seed_spread.json).</p>{% endif %}
<h2 id="course-map">Course map</h2>
{% for page in pages %}
<section class="notebook" id="nb-{{ page.stem }}">
<h2>{% if page.link %}<a href="{{ page.link }}">{{ page.title_html }}</a>{% else %}{{ page.title_html }} (no page: not executed){% endif %}</h2>
{% if page.topic_html %}<p class="topic">{{ page.topic_html }}</p>{% endif %}
<p class="facts">Status: <span class="status-{{ page.status_class }}">{{ page.status }}</span>
· mode: <span class="{{ page.mode }}">{{ page.mode }}</span>
{% if page.seconds %}· {{ page.mode }}-run time: {{ page.seconds }}{% endif %}
{% if page.executed_at %}· executed {{ page.executed_at }}{% endif %}</p>
{% if page.figures %}
<table>
<tr><th>headline figure</th><th>this run</th>{% if has_spread %}<th>over seeds</th>{% endif %}</tr>
{% for row in page.figures %}<tr><td><code>{{ row.name }}</code></td><td class="value">{{ row.value }}</td>{% if has_spread %}<td>{{ row.spread }}</td>{% endif %}</tr>
{% endfor %}</table>
{% endif %}
</section>
{% endfor %}
<footer>Built by tools/build_site.py ({{ built_at }}) from {{ build_folder }}. {{ math_note }}
Opens offline: nothing on these pages loads from the internet.</footer>
</body>
</html>
"""


def run_summary(pages: list[NotebookPage]) -> str:
    """Which mode(s) produced the site, and when."""
    modes = sorted({run_mode(page.entry) for page in pages})
    stamps = sorted(page.executed_at for page in pages if page.executed_at)
    when = f" on {stamps[0]}" if len(set(stamps)) == 1 else (f" between {stamps[0]} and {stamps[-1]}" if stamps else "")
    explain = {"full": "full mode", "fast": "fast mode (RNN_COURSE_FAST=1: a CI-sized run; the figures are not the course's full-size results)"}
    described = " and ".join(explain.get(mode, f"{mode} mode") for mode in modes)
    return f"{len(pages)} notebook(s), executed in {described}{when}."


def render_index(pages: list[NotebookPage], course_title: str, build: Path, math: bool) -> str:
    environment = jinja2.Environment(autoescape=True)
    rows = []
    for page in pages:
        spread_seconds = page.spread.get("notebook_seconds")
        seconds = f"{page.entry['seconds']:.0f} s" if "seconds" in page.entry else ""
        if seconds and spread_seconds:
            seconds += f" (full runs over seeds: {spread_text(spread_seconds).replace(' over', ' s over')})"
        rows.append({
            "stem": page.stem,
            "link": page.page if page.executed is not None else "",
            "title_html": Markup(inline_code(page.title)),
            "topic_html": Markup(inline_code(page.topic)),
            "status": status_text(page.entry),
            "status_class": page.entry.get("status", "unknown"),
            "mode": run_mode(page.entry),
            "seconds": seconds,
            "executed_at": page.executed_at,
            "figures": figure_rows(page),
        })
    return environment.from_string(INDEX_TEMPLATE).render(
        course_title=course_title,
        run_summary=run_summary(pages),
        has_spread=any(page.spread for page in pages),
        pages=rows,
        built_at=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        build_folder=str(build),
        math_note="" if math else "Equations are shown as LaTeX source: install jupyter-server-mathjax to typeset them.",
    )


# ---------------------------------------------------------------- MathJax


def find_mathjax() -> Path | None:
    """MathJax 2's files from the jupyter-server-mathjax package, or None when it is not installed."""
    spec = importlib.util.find_spec("jupyter_server_mathjax")
    if spec is None or spec.origin is None:
        return None
    static = Path(spec.origin).parent / "static"
    return static if (static / "MathJax.js").exists() else None


def copy_mathjax(source: Path, site: Path) -> None:
    """MathJax's files (and their Apache 2.0 licence, shipped beside them) into the site."""
    shutil.copytree(source, site / MATHJAX_FOLDER, ignore=shutil.ignore_patterns("*.py", "__pycache__"))


# ---------------------------------------------------------------- writing the site


def check_replaceable(site: Path) -> None:
    """Refuse to touch a site folder that this tool did not make."""
    if site.is_symlink() or (site.exists() and not site.is_dir()):
        raise SiteError(f"{site} exists and is not a folder this tool made: move it away; nothing was changed.")
    if site.exists() and not (site / MARKER_NAME).exists():
        raise SiteError(
            f"{site} exists but was not made by tools/build_site.py (no {MARKER_NAME} file inside), so it is "
            "left alone: move it away, or pass another --build folder; nothing was changed."
        )


def write_site(pages: list[NotebookPage], folder: Path, build: Path, readme: Path, mathjax: Path | None) -> None:
    """Every page of the site into folder, checked for remote resources."""
    math = mathjax is not None
    exporter = make_exporter(math)
    written = {"index.html": render_index(pages, readme_title(readme), build, math)}
    for index, page in enumerate(pages):
        if page.executed is not None:
            written[page.page] = render_page(exporter, pages, index, math)
    remote = {name: urls for name, text in written.items() if (urls := remote_resources(text))}
    if remote:
        details = "; ".join(f"{name}: {', '.join(urls[:3])}" for name, urls in remote.items())
        raise SiteError(f"The site would load files from the internet, so it was not written: {details}")
    for name, text in written.items():
        (folder / name).write_text(text, encoding="utf-8")
    if mathjax is not None:
        copy_mathjax(mathjax, folder)
    (folder / MARKER_NAME).write_text(
        "Made by tools/build_site.py (make site). The whole folder is replaced at every build: keep no files here.\n",
        encoding="utf-8",
    )


def replace_site(new: Path, site: Path) -> None:
    """Swap the freshly built folder in for the old site (only one this tool made)."""
    check_replaceable(site)
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site.parent))
        site.rename(old / "site")
    new.rename(site)
    if old is not None:
        shutil.rmtree(old)


def folder_mode() -> int:
    """The permissions a new folder gets under the user's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def build_site(build: Path, readme: Path = ROOT / "README.md", mathjax: Path | None = None,
               use_installed_mathjax: bool = True) -> Path:
    """Build build/site from build/executed; returns the site folder."""
    site = build / "site"
    pages = collect_pages(build, readme)
    check_replaceable(site)
    if mathjax is None and use_installed_mathjax:
        mathjax = find_mathjax()
    fresh = Path(tempfile.mkdtemp(prefix=".site-new-", dir=build))
    fresh.chmod(folder_mode())  # mkdtemp makes it private; a site is for reading
    try:
        write_site(pages, fresh, build, readme, mathjax)
        replace_site(fresh, site)
    finally:
        if fresh.exists():
            shutil.rmtree(fresh)
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, default=ROOT / "build", help="the folder `make course` wrote (default: build)")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md", help="where the course map's topics are read")
    args = parser.parse_args(argv)
    try:
        mathjax = find_mathjax()
        site = build_site(args.build, args.readme, mathjax, use_installed_mathjax=False)
    except SiteError as error:
        print(error, file=sys.stderr)
        return 1
    if mathjax is None:
        print("Note: jupyter-server-mathjax is not installed, so equations show as LaTeX source.")
    pages = sorted(site.glob("[0-9]*.html"))
    print(f"Site written: {len(pages)} notebook page(s) and the index, {site / 'index.html'} (opens offline).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
