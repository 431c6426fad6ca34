"""Build a static HTML course from the executed notebooks of `make course`.

    python tools/build_site.py                    # build/executed/*.ipynb -> build/site/
    python tools/build_site.py --build /tmp/run   # another build folder (its executed/ -> its site/)

Run `make course` (or `RNN_COURSE_FAST=1 make course`) first. The site has an
index.html with the course map: every notebook of the course manifest
(notebooks/course.toml), in its order, with its title, topic and full-run
headline from the manifest, and this build's status, mode, seconds and headline
figures from build/results.json (with their mean ± sd over seeds when
build/seed_spread.json exists, see `make seeds`). Each executed notebook gets a
page with all its outputs and figures, linked "previous / index / next".
`make site` calls this script.

The look lives in tools/site/: course_page/ is an nbconvert template extending
JupyterLab's ("lab"), course_index.html.j2 is the index, course.css is copied
into the site. Figures are written by utils.formatting.format_figure.

The site opens offline from the file system: nothing in it loads from the
internet (every page is checked before anything is written). Equations are
typeset by a local copy of MathJax 2 taken from the `jupyter-server-mathjax`
package; without that package the pages show the LaTeX source as text, and say
so. Remote images in the notebooks' markdown (the "Open in Colab" badge) become
plain links.

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
if __name__ == "__main__":  # run as a script (python tools/build_site.py): the course's packages
    sys.path.insert(0, str(ROOT))

from utils import manifest  # noqa: E402
from utils.config import BRANCH, REPOSITORY, colab_url  # noqa: E402
from utils.formatting import format_figure  # noqa: E402

TEMPLATES = Path(__file__).resolve().parent / "site"
PAGE_TEMPLATE = "course_page"  # an nbconvert template folder in TEMPLATES
INDEX_TEMPLATE = "course_index.html.j2"
STYLESHEET = "course.css"
TEMPLATE_FILES = (f"{PAGE_TEMPLATE}/conf.json", f"{PAGE_TEMPLATE}/index.html.j2", INDEX_TEMPLATE, STYLESHEET)
MARKER_NAME = ".made-by-build-site"
MATHJAX_FOLDER = "mathjax"
# The configs that jupyter-server-mathjax ships (it has no CommonHTML output, so HTML-CSS is used).
MATHJAX_QUERY = "config=TeX-AMS-MML_HTMLorMML-full,Safe"
MISSING_BUILD = (
    "No executed notebooks in {folder}: run `make course` first "
    "(or `RNN_COURSE_FAST=1 make course` for a quick CI-sized run)."
)
NO_MATH_NOTE = "Equations are shown as LaTeX source (install jupyter-server-mathjax to typeset them)."


class SiteError(Exception):
    """A problem the user can fix; main() prints its message and exits with 1."""


@dataclass
class NotebookPage:
    """One notebook of the course, as the site shows it."""

    stem: str
    title: str
    topic: str = ""
    headline: str = ""
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


def manifest_pages(manifest_path: Path | None) -> list[NotebookPage]:
    """Every notebook of the course manifest, in course order, titled "NN · title" as its header is."""
    try:
        entries = manifest.notebooks(manifest_path)
    except manifest.ManifestError as error:
        raise SiteError(str(error)) from error
    return [
        NotebookPage(stem=Path(entry["file"]).stem, title=f"{entry['number']} · {entry['title']}",
                     topic=entry["topic"], headline=entry["headline"])
        for entry in entries
    ]


def collect_pages(build: Path, manifest_path: Path | None = None) -> list[NotebookPage]:
    """The manifest's notebooks in course order, then any other notebook this build ran, with its results."""
    executed = {path.stem: path for path in sorted((build / "executed").glob("*.ipynb"))}
    if not executed:
        raise SiteError(MISSING_BUILD.format(folder=build / "executed"))
    results = read_json(build / "results.json")
    spreads = read_json(build / "seed_spread.json")
    pages = manifest_pages(manifest_path)
    strays = sorted((set(executed) | set(results)) - {page.stem for page in pages})
    pages += [NotebookPage(stem=stem, title=stem, topic="(not in notebooks/course.toml)") for stem in strays]
    for page in pages:
        page.entry = results.get(page.stem, {})
        page.spread = spreads.get(page.stem, {}).get("figures", {})
        page.executed = executed.get(page.stem)
        if page.executed is not None:
            page.executed_at = execution_time(nbformat.read(page.executed, as_version=4), page.executed)
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
    """A notebook's link, as seen from the site: NN_x.ipynb -> NN_x.html (its Colab address when this build
    has no page for it); the README (on GitHub) -> index.html."""
    path, _, anchor = target.partition("#")
    if path in (f"https://github.com/{REPOSITORY}/blob/{BRANCH}/README.md", "../README.md"):
        return "index.html"  # the site's index holds the course map
    if re.match(r"^[a-z][a-z0-9+.-]*:", path, re.IGNORECASE):
        return target
    name = Path(path).name
    if name.endswith(".ipynb") and Path(name).stem in site_stems:
        return f"{Path(name).stem}.html" + (f"#{anchor}" if anchor else "")
    if name.endswith(".ipynb") and "/" not in path:  # a notebook this build did not run: open it on Colab
        return colab_url(f"notebooks/{name}")
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


# ---------------------------------------------------------------- what the pages say


def inline_code(text: str) -> Markup:
    """Escaped text with `code` spans, for titles, topics and headlines."""
    return Markup(re.sub(r"`([^`]*)`", r"<code>\1</code>", html.escape(text)))


def plain_title(page: NotebookPage) -> str:
    """The title without markdown's backticks, for <title> and tooltips."""
    return page.title.replace("`", "")


def run_mode(entry: dict[str, Any]) -> str:
    if not entry:
        return "unknown"
    return "fast" if entry.get("fast_mode") else "full"


def status_text(page: NotebookPage) -> str:
    if not page.entry:
        return "not in results.json" if page.executed is not None else "not run in this build"
    failure = page.entry.get("failure")
    if page.entry.get("status") == "failed" and failure:
        return f"failed at cell {failure.get('cell')}: {failure.get('error', '')}"
    return str(page.entry.get("status", "unknown"))


def spread_text(spread: dict[str, Any] | None, unit: str = "") -> str:
    """'0.881 ± 0.0042 over 3 seeds' (mean ± sd), or '' when the spread was not measured."""
    if not spread or "mean" not in spread:
        return ""
    return (f"{format_figure(spread['mean'])} ± {format_figure(spread.get('sd', 0.0))}{unit} "
            f"over {spread.get('n', '?')} seeds")


def figure_rows(page: NotebookPage) -> list[dict[str, str]]:
    """Headline figures, labelled for reading (test_accuracy -> test accuracy), with their spread over seeds."""
    return [
        {"key": name, "label": name.replace("_", " "), "value": format_figure(value),
         "spread": spread_text(page.spread.get(name))}
        for name, value in sorted(page.entry.get("metrics", {}).items())
    ]


def run_seconds(page: NotebookPage) -> str:
    """This run's time in whole seconds (a timing, as the course report writes it), with the spread over seeds."""
    if "seconds" not in page.entry:
        return ""
    seconds = f"{page.entry['seconds']:.0f} s"
    spread = spread_text(page.spread.get("notebook_seconds"), unit=" s")
    return f"{seconds} (full runs {spread})" if spread else seconds


def run_banner(page: NotebookPage) -> str:
    """One sentence: which mode produced the page, when, how long it took, and how it ended."""
    mode_text = {
        "full": "in full mode (the course's full sizes)",
        "fast": "in fast mode (RNN_COURSE_FAST=1: less data and fewer epochs, so the figures differ from a full run)",
        "unknown": "in an unknown mode (no entry in results.json)",
    }[run_mode(page.entry)]
    seconds = f", in {page.entry['seconds']:.0f} s" if "seconds" in page.entry else ""
    return f"Executed {mode_text} on {page.executed_at}{seconds}. Status: {status_text(page)}."


def counted(number: int, noun: str) -> str:
    """'1 notebook', '10 notebooks'."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def run_summary(pages: list[NotebookPage]) -> str:
    """How many notebooks, which of them ran, in which mode(s), and when."""
    ran = [page for page in pages if page.entry or page.executed is not None]
    modes = sorted({run_mode(page.entry) for page in ran})
    stamps = sorted(page.executed_at for page in ran if page.executed_at)
    when = f" on {stamps[0]}" if len(set(stamps)) == 1 else (f" between {stamps[0]} and {stamps[-1]}" if stamps else "")
    explain = {"full": "full mode", "fast": "fast mode (RNN_COURSE_FAST=1: a CI-sized run; the figures are not the course's full-size results)"}
    described = " and ".join(explain.get(mode, f"{mode} mode") for mode in modes)
    count = counted(len(pages), "notebook")
    share = "" if len(ran) == len(pages) else f"{len(ran)} of them "
    return f"{count}, {share}executed in {described}{when}."


# ---------------------------------------------------------------- rendering with the templates in tools/site


def check_templates(folder: Path) -> None:
    """Stop with a clear message when the site's template files are not where the tool expects them."""
    missing = [name for name in TEMPLATE_FILES if not (folder / name).is_file()]
    if missing:
        raise SiteError(f"The site's templates are missing from {folder} ({', '.join(missing)}): "
                        "restore tools/site/ from the repository (git checkout -- tools/site).")


def make_exporter(templates: Path) -> HTMLExporter:
    """nbconvert's JupyterLab-style exporter with the course's page template (templates/course_page)."""
    exporter = HTMLExporter(
        template_name=PAGE_TEMPLATE,
        extra_template_basedirs=[str(templates)],
        mathjax_url=f"{MATHJAX_FOLDER}/MathJax.js?{MATHJAX_QUERY}",
    )
    if _without_alt_text_warning not in exporter.log.filters:
        exporter.log.addFilter(_without_alt_text_warning)
    return exporter


def _without_alt_text_warning(record: logging.LogRecord) -> bool:
    """render_page gives the figures their alt text after nbconvert; it need not warn on every page."""
    return not record.getMessage().startswith("Alternative text is missing")


GENERIC_ALT = 'alt="No description has been provided for this image"'
TITLE_CALL = re.compile(r"""(?:set_title|suptitle|plt\.title)\(\s*f?(["'])(.+?)\1""")


def figure_alt_texts(notebook: nbformat.NotebookNode) -> list[str]:
    """An alt text for each PNG output, in order: the titles its cell gives (set_title, suptitle), else its section."""
    alts, section = [], ""
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("#"):
            section = cell.source.splitlines()[0].lstrip("#").strip()
        if cell.cell_type != "code":
            continue
        titles = [re.sub(r"\{[^}]*\}", "…", m.group(2)) for m in TITLE_CALL.finditer(cell.source)]
        text = ("Figure: " + "; ".join(dict.fromkeys(titles))) if titles else f"A figure of the section “{section}”"
        alts += [text for output in cell.get("outputs", []) if "image/png" in output.get("data", {})]
    return alts


def with_alt_texts(body: str, alts: list[str]) -> str:
    """Put ``alts`` in place of nbconvert's generic alt text, figure by figure; unchanged if the counts differ."""
    if body.count(GENERIC_ALT) != len(alts):
        return body
    texts = iter(alts)
    return re.sub(re.escape(GENERIC_ALT), lambda _: f'alt="{html.escape(next(texts), quote=True)}"', body)


def render_page(exporter: HTMLExporter, pages: list[NotebookPage], page: NotebookPage, math: bool) -> str:
    """One executed notebook as an offline page, linked to its neighbours among the executed ones."""
    assert page.executed is not None
    linked = [other for other in pages if other.executed is not None]
    position = linked.index(page)
    neighbours = [linked[at] if 0 <= at < len(linked) else None for at in (position - 1, position + 1)]
    site = {
        "previous": None, "next": None,
        **{key: {"page": other.page, "title": plain_title(other)}
           for key, other in zip(("previous", "next"), neighbours) if other is not None},
        "banner": run_banner(page),
        "mode": run_mode(page.entry),
        "math": math,
        "math_note": "" if math else NO_MATH_NOTE,
    }
    notebook = offline_notebook(nbformat.read(page.executed, as_version=4), {other.stem for other in linked},
                                page.title)
    body, _ = exporter.from_notebook_node(notebook, resources={"site": site, "metadata": {"name": page.stem}})
    return with_alt_texts(body, figure_alt_texts(notebook))


def render_index(pages: list[NotebookPage], templates: Path, build: Path, measured: str, math: bool) -> str:
    """The course map: each notebook's manifest entry beside what this build's run of it gave."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    rows = [
        {
            "stem": page.stem,
            "link": page.page if page.executed is not None else "",
            "title_html": inline_code(page.title),
            "topic_html": inline_code(page.topic),
            "headline_html": inline_code(page.headline),
            "status": status_text(page),
            "status_class": page.entry.get("status", "unknown"),
            "mode": run_mode(page.entry) if page.entry or page.executed is not None else "",
            "seconds": run_seconds(page),
            "executed_at": page.executed_at,
            "figures": figure_rows(page),
        }
        for page in pages
    ]
    return environment.get_template(INDEX_TEMPLATE).render(
        run_summary=run_summary(pages),
        has_spread=any(page.spread for page in pages),
        pages=rows,
        measured=measured,
        built_at=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        build_folder=str(build),
        math_note="" if math else NO_MATH_NOTE,
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


def write_site(pages: list[NotebookPage], folder: Path, build: Path, measured: str, mathjax: Path | None,
               templates: Path) -> None:
    """Every page of the site into folder, checked for remote resources, with the stylesheet and MathJax."""
    math = mathjax is not None
    exporter = make_exporter(templates)
    written = {"index.html": render_index(pages, templates, build, measured, math)}
    for page in pages:
        if page.executed is not None:
            written[page.page] = render_page(exporter, pages, page, math)
    remote = {name: urls for name, text in written.items() if (urls := remote_resources(text))}
    if remote:
        details = "; ".join(f"{name}: {', '.join(urls[:3])}" for name, urls in remote.items())
        raise SiteError(f"The site would load files from the internet, so it was not written: {details}")
    for name, text in written.items():
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copyfile(templates / STYLESHEET, folder / STYLESHEET)
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


def build_site(build: Path, manifest_path: Path | None = None, mathjax: Path | None = None,
               use_installed_mathjax: bool = True, templates: Path = TEMPLATES) -> Path:
    """Build build/site from build/executed and the course manifest; returns the site folder."""
    site = build / "site"
    check_templates(templates)
    pages = collect_pages(build, manifest_path)
    measured = str(manifest.load(manifest_path).get("measured", "date not recorded"))
    check_replaceable(site)
    if mathjax is None and use_installed_mathjax:
        mathjax = find_mathjax()
    fresh = Path(tempfile.mkdtemp(prefix=".site-new-", dir=build))
    fresh.chmod(folder_mode())  # mkdtemp makes it private; a site is for reading
    try:
        write_site(pages, fresh, build, measured, mathjax, templates)
        replace_site(fresh, site)
    finally:
        if fresh.exists():
            shutil.rmtree(fresh)
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, default=ROOT / "build", help="the folder `make course` wrote (default: build)")
    parser.add_argument("--manifest", type=Path, default=manifest.MANIFEST,
                        help="the course manifest that orders and titles the notebooks (default: notebooks/course.toml)")
    args = parser.parse_args(argv)
    try:
        mathjax = find_mathjax()
        site = build_site(args.build, args.manifest, mathjax, use_installed_mathjax=False)
    except SiteError as error:
        print(error, file=sys.stderr)
        return 1
    if mathjax is None:
        print("Note: jupyter-server-mathjax is not installed, so equations show as LaTeX source.")
    pages = sorted(site.glob("[0-9]*.html"))
    print(f"Site written: {counted(len(pages), 'notebook page')} and the index, {site / 'index.html'} (opens offline).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
