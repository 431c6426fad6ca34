"""Look at the course in a real headless browser (Chromium, 1280x800, a projector) and report what it shows.

A developer tool, kept out of `make test` (CI cannot install a browser); no Makefile target uses it.

    .venv-browser/bin/python tools/browser_check.py lab 00 05 09      # run notebooks in JupyterLab, look at them
    .venv-browser/bin/python tools/browser_check.py slides 05 --run   # walk the RISE slideshow of 05
    .venv-browser/bin/python tools/browser_check.py site              # open build/site/ (from `make site`)

Common options: --out DIR (default build/browser/), --chromium PATH (default: chromium,
chromium-browser or google-chrome on PATH), --data-dir DIR (sets RNN_COURSE_DATA_DIR for the
kernels), --full (no RNN_COURSE_FAST=1), --timeout S (per notebook run, default 300),
--time-limit S (the whole tool, default 3600). Each subcommand writes PNG screenshots and a JSON
summary (lab.json, slides.json, site.json) under the output folder and prints a short report.

Setup, once: `apt install chromium` (or any Chromium/Chrome), and Playwright in its own virtual
environment, which git should ignore like .venv/:
`python3 -m venv .venv-browser && .venv-browser/bin/pip install playwright`.
JupyterLab itself comes from the course's .venv (`make lab` makes it; --jupyter PATH for another).

`lab` and `slides` copy every course notebook into build/browser/work-tmp/, laid out like the
learner's work/ (tools/learner_copies.py; walking up from it the notebooks find utils/COURSE), and
root a private JupyterLab there: 127.0.0.1 only, a free port, a random token, fresh settings and
workspace (with notebook windowing off, so that every cell is in the page to be inspected), no
news or update checks. The server and its kernels are stopped at the end, on error, on Ctrl+C and
at --time-limit. Notebooks run one at a time.

`lab NN ...`: Run > Run All Cells in each notebook, wait for every cell, then report the stderr
output boxes (stream text and tracebacks alike: JupyterLab shows both as stderr), the errors, the
output of every "# @title Solution to exercise" cell, visible notification toasts, requests to
the internet and HTTP errors, and every link of the rendered markdown: a relative link must name
a file under the lab's root (JupyterLab serves nothing above it, so `../` past the root is dead),
an in-page #anchor a heading of the same notebook; links to the internet are listed, not fetched.
With --try-solutions it then selects each solution cell afresh and presses Ctrl+Enter twice (the
gesture the notebooks name), then Shift+Enter twice (which moves on, so it must not show the
answer), and reports which cells ran and what showed.

`slides NN ...`: open RISE's slideshow (command RISE:slideshow, which opens a new browser tab),
walk it with Space to the end, and for every slide record its indices, heading, content height
against the 800 px of the screen (and whether text reaches past its right edge) and a screenshot;
then count what the Right arrow alone reaches. --run runs the cells first, so that outputs show.

`mark-tall`: after `slides`, give the first cell of each slide it found taller than the screen and
unmarked the tag 'scrolls' (in notebooks/): the mark that says the slide scrolls on purpose.

`site`: open build/site/index.html and every page from the file system and report local links
and sources that name missing files, requests to the internet, the body font size, the average
characters per line of the paragraphs, formulas typeset, and images without a meaningful alt
text (none, or nbconvert's generic one; alts that only name the section or elide numbers with "…"
are listed apart). It reads build/site/ as it is: rebuild it (`make site`) to see current notebooks.

Standard library and Playwright only; JupyterLab runs as a subprocess from the course's .venv.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import posixpath
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WORK_TMP = ROOT / "build" / "browser" / "work-tmp"
WORK_MARKER = ".browser-check"  # a work-tmp/ without it was not made here and is never deleted
VIEWPORT = {"width": 1280, "height": 800}
STDERR_MIME = "application/vnd.jupyter.stderr"
SOLUTION_PREFIX = "# @title Solution to exercise"
GENERIC_ALTS = ("no description has been provided for this image", "image", "png", "figure", "output")
INSTALL_HINT = (
    "Install what is missing: a browser with `apt install chromium` (or pass --chromium PATH), and Playwright with "
    "`python3 -m venv .venv-browser && .venv-browser/bin/pip install playwright`, then run this tool with "
    ".venv-browser/bin/python."
)


class ToolError(RuntimeError):
    """A step that cannot be done, with the reason to print."""


# --------------------------------------------------------------------------- small helpers


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _rel(path: Path | str) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _select_notebooks(numbers: list[str]) -> list[Path]:
    found = []
    for number in numbers:
        matches = sorted(NOTEBOOKS.glob(f"{number}_*.ipynb"))
        if len(number) != 2 or not number.isdigit() or not matches:
            raise ToolError(f"{number!r} names no notebook in notebooks/ (give two-digit numbers such as 00 05 09).")
        found.append(matches[0])
    return found


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux /proc; an empty list elsewhere)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --------------------------------------------------------------------------- the JupyterLab server


@dataclass
class LabServer:
    """A private JupyterLab rooted at ``root``; a context manager that always stops it and its kernels."""

    root: Path
    jupyter: Path
    env_extra: dict[str, str]
    log_path: Path
    port: int = field(default_factory=_free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(24))
    process: subprocess.Popen | None = None
    _tmp: tempfile.TemporaryDirectory | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}{'&' if '?' in path else '?'}token={self.token}"

    def __enter__(self) -> "LabServer":
        if not self.jupyter.exists():
            raise ToolError(f"{self.jupyter} is missing: `make lab` makes the course's .venv (or pass --jupyter PATH).")
        self._tmp = tempfile.TemporaryDirectory(prefix="browser-check-")
        private = Path(self._tmp.name)
        notebook_settings = private / "settings" / "@jupyterlab" / "notebook-extension"
        notebook_settings.mkdir(parents=True)
        # Windowing off: every cell is rendered, so the page holds all outputs and links to inspect.
        (notebook_settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}\n')
        env = {
            **os.environ,
            **self.env_extra,
            "JUPYTER_TOKEN": self.token,
            "JUPYTER_CONFIG_DIR": str(private / "config"),
            "JUPYTER_RUNTIME_DIR": str(private / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(private / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(private / "workspaces"),
        }
        command = [
            str(self.jupyter), "lab", str(self.root), "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            *_make_lab_options(),  # as `make lab`: no news, no update checks
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: the command registry and the notebook model
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        try:
            self._wait_ready(timeout=90)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-2000:]
                raise ToolError(f"JupyterLab exited with code {self.process.returncode}; its log ends:\n{tail}")
            try:
                with urllib.request.urlopen(self.url("/api/status"), timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise ToolError(f"JupyterLab did not answer within {timeout:.0f} s (log: {_rel(self.log_path)}).")

    def status_of(self, api_path: str) -> int:
        """The HTTP status the server gives ``api_path`` (for example /api/contents/x.ipynb?content=0)."""
        try:
            with urllib.request.urlopen(self.url(api_path), timeout=10) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code
        except (urllib.error.URLError, OSError):
            return 0

    def stop(self) -> None:
        """Shut down kernels and server politely, then end every process left below it, by id."""
        if self.process is None:
            return
        below = _descendants(self.process.pid)  # before the server goes: orphaned kernels are hard to find
        if self.process.poll() is None:
            try:
                request = urllib.request.Request(self.url("/api/shutdown"), method="POST", data=b"")
                urllib.request.urlopen(request, timeout=5).close()
                self.process.wait(timeout=15)
            except (urllib.error.URLError, OSError, subprocess.TimeoutExpired):
                pass
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)  # its own session: only what it started
            except ProcessLookupError:
                pass
        for sig, pause in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 0.5)):
            left = [pid for pid in below + [self.process.pid] if _alive(pid)]
            for pid in left:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            if left:
                time.sleep(pause)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.process = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _make_lab_options() -> list[str]:
    """`make lab`'s own JupyterLab options (QUIET_LAB), and its settings file installed as `make lab` does."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^QUIET_LAB\s*:?=\s*(.+)$", makefile, re.M)
    if found is None:
        raise ToolError("The Makefile has no QUIET_LAB line: this tool starts JupyterLab with make lab's options.")
    subprocess.run(["make", "-s", "-C", str(ROOT), "lab-settings"], check=True)
    return found.group(1).split()


def _prepare_work_tmp() -> Path:
    """A fresh build/browser/work-tmp/ holding a copy of every course notebook, like the learner's work/."""
    if WORK_TMP.exists():
        if not (WORK_TMP / WORK_MARKER).exists():
            raise ToolError(f"{_rel(WORK_TMP)} exists and was not made by this tool: move it away first.")
        shutil.rmtree(WORK_TMP)
    WORK_TMP.mkdir(parents=True)
    (WORK_TMP / WORK_MARKER).write_text("made by tools/browser_check.py; deleted and remade on each run\n")
    for source in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        shutil.copy2(source, WORK_TMP / source.name)
    return WORK_TMP


def _fresh_output(folder: Path) -> Path:
    """``folder`` without the screenshots of an earlier run (only PNG files are removed)."""
    for old in folder.rglob("*.png") if folder.exists() else []:
        old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _kernel_env(args: argparse.Namespace) -> dict[str, str]:
    env = {} if args.full else {"RNN_COURSE_FAST": "1"}
    if args.data_dir:
        env["RNN_COURSE_DATA_DIR"] = str(Path(args.data_dir).resolve())
    return env


# --------------------------------------------------------------------------- the browser


class NetworkLog:
    """Requests that leave the machine, and HTTP errors, from every page of a browser context."""

    def __init__(self, local_prefixes: tuple[str, ...]) -> None:
        self.local_prefixes = local_prefixes
        self.external: list[dict[str, str]] = []
        self.http_errors: list[dict[str, Any]] = []
        self.failed: list[dict[str, str]] = []

    def attach(self, context: Any) -> None:
        context.on("request", self._on_request)
        context.on("response", self._on_response)
        context.on("requestfailed", self._on_failed)

    def _local(self, url: str) -> bool:
        return url.startswith(self.local_prefixes) or url.startswith(("data:", "blob:", "about:"))

    def _on_request(self, request: Any) -> None:
        if not self._local(request.url):
            self.external.append({"url": request.url, "type": request.resource_type})

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.http_errors.append({"url": _strip_token(response.url), "status": response.status})

    def _on_failed(self, request: Any) -> None:
        if request.url.startswith("about:"):
            return
        self.failed.append({"url": _strip_token(request.url), "type": request.resource_type, "error": request.failure or ""})

    def snapshot(self) -> tuple[int, int, int]:
        return len(self.external), len(self.http_errors), len(self.failed)

    def since(self, mark: tuple[int, int, int]) -> dict[str, list]:
        return {
            "external_requests": _unique(self.external[mark[0]:]),
            "http_errors": _unique(self.http_errors[mark[1]:]),
            "failed_requests": _unique(self.failed[mark[2]:]),
        }


def _strip_token(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k not in ("token", "_xsrf")]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _unique(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for item in items:
        key = json.dumps(item, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _find_chromium(given: str | None) -> str | None:
    if given:
        if not Path(given).exists():
            raise ToolError(f"--chromium {given}: no such file. {INSTALL_HINT}")
        return given
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None  # Playwright's own browser, if `playwright install chromium` was run


class Browser:
    """Playwright's Chromium, started and always closed; ``context()`` gives 1280x800 contexts."""

    def __init__(self, chromium: str | None) -> None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise ToolError(f"Playwright is missing from {sys.executable}. {INSTALL_HINT}") from None
        self._manager = sync_playwright()
        self._playwright = self._manager.start()
        try:
            self.browser = self._playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        except Exception as error:
            self._manager.__exit__(None, None, None)
            raise ToolError(f"Chromium would not start ({_short(str(error), 200)}). {INSTALL_HINT}") from None

    def context(self) -> Any:
        return self.browser.new_context(viewport=VIEWPORT)

    def close(self) -> None:
        for step in (self.browser.close, lambda: self._manager.__exit__(None, None, None)):
            try:
                step()
            except Exception:  # the driver already gone (Ctrl+C reaches it too): nothing left to close
                pass


# A notebook link keeps its markdown href until JupyterLab rewrites it to a /files/ URL; keep the original.
KEEP_ORIGINAL_HREF = """
(() => {
  const d = Object.getOwnPropertyDescriptor(HTMLAnchorElement.prototype, 'href');
  Object.defineProperty(HTMLAnchorElement.prototype, 'href', {
    ...d,
    set(value) {
      if (!this.hasAttribute('data-original-href')) this.setAttribute('data-original-href', this.getAttribute('href') || '');
      d.set.call(this, value);
    },
  });
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLAnchorElement && name === 'href' && this.hasAttribute('href')
        && !this.hasAttribute('data-original-href')) {
      setAttribute.call(this, 'data-original-href', this.getAttribute('href'));
    }
    return setAttribute.call(this, name, value);
  };
})();
"""

# --------------------------------------------------------------------------- JupyterLab pages

JS_OPEN = """async (path) => {
  const app = window.jupyterapp;
  const widget = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await widget.context.ready;
  await widget.sessionContext.ready;
  app.shell.activateById(widget.id);
  return widget.id;
}"""

JS_RUN_STATE = """(id) => {
  const w = Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.id === id);
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  let total = 0, pending = 0, errors = 0;
  for (const cell of w.content.widgets) {
    if (cell.model.type !== 'code' || !cell.model.sharedModel.getSource().trim()) continue;
    total += 1;
    if (cell.model.executionCount === null || cell.model.executionCount === undefined) pending += 1;
    errors += cell.model.outputs.toJSON().filter(o => o.output_type === 'error').length;
  }
  return {status: kernel ? kernel.status : 'no kernel', total, pending, errors};
}"""

JS_CELLS = """(id) => {
  const w = Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.id === id);
  return w.content.widgets.map((cell, index) => {
    const outputs = cell.model.type === 'code' ? cell.model.outputs.toJSON() : [];
    const children = Array.from(cell.node.querySelectorAll('.jp-OutputArea-child'));
    return {
      index, type: cell.model.type, source: cell.model.sharedModel.getSource(),
      executionCount: cell.model.type === 'code' ? cell.model.executionCount : null,
      outputs: outputs.map((o, k) => ({
        output_type: o.output_type, name: o.name || null, ename: o.ename || null, evalue: o.evalue || null,
        mimes: Object.keys(o.data || {}),
        dom_text: children[k] ? children[k].innerText : '',
        stderr_box: children[k] ? !!children[k].querySelector('.jp-OutputArea-output[data-mime-type="%s"]') : false,
      })),
      stderr_boxes: cell.node.querySelectorAll('.jp-OutputArea-output[data-mime-type="%s"]').length,
    };
  });
}""" % (STDERR_MIME, STDERR_MIME)

JS_LINKS = """(id) => {
  const w = Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.id === id);
  const targets = new Set();
  for (const el of w.node.querySelectorAll('.jp-RenderedMarkdown [id], .jp-RenderedMarkdown [data-jupyter-id]')) {
    targets.add(el.getAttribute('data-jupyter-id') || el.id);
  }
  const headings = Array.from(w.node.querySelectorAll('.jp-RenderedMarkdown :is(h1,h2,h3,h4,h5,h6)'))
    .map(h => h.getAttribute('data-jupyter-id') || h.id).filter(Boolean);
  const links = [];
  w.content.widgets.forEach((cell, index) => {
    for (const a of cell.node.querySelectorAll('.jp-RenderedMarkdown a[href]')) {
      if (a.classList.contains('jp-InternalAnchorLink')) continue;  // the pilcrow JupyterLab adds to headings
      links.push({cell: index, text: a.innerText.trim().slice(0, 80),
                  original: a.getAttribute('data-original-href') || a.getAttribute('href'),
                  rendered: a.getAttribute('href')});
    }
  });
  return {headings, targets: Array.from(targets), links};
}"""

JS_COUNTS = """(id) => {
  const w = Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.id === id);
  return w.content.widgets.map(cell => cell.model.type === 'code' ? cell.model.executionCount : null);
}"""

# Something else runs in between, as when a learner comes back to a solution later (a non-silent request,
# so IPython's post_run_cell sees it), then the cell is selected in command mode with the keyboard on it.
JS_SELECT_AFRESH = """async ([id, index]) => {
  const w = Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.id === id);
  await w.sessionContext.session.kernel.requestExecute({code: 'pass', silent: false, store_history: false}).done;
  w.content.deselectAll();
  w.content.activeCellIndex = index;
  w.content.mode = 'command';
  w.content.node.focus();
}"""

JS_TOASTS = "() => Array.from(document.querySelectorAll('.Toastify__toast')).map(t => t.innerText.trim())"
JS_DIALOGS = "() => Array.from(document.querySelectorAll('.jp-Dialog')).map(d => d.innerText.trim())"

JS_SCROLL_TOP = """(id) => {
  const w = Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.id === id);
  w.content.activeCellIndex = 0;
  for (const el of [w.content.node, ...w.content.node.querySelectorAll('.jp-WindowedPanel-outer')]) el.scrollTop = 0;
}"""

JS_CLOSE = """async (id) => {
  const w = Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.id === id);
  await w.context.save();
  await w.sessionContext.shutdown();
  w.dispose();
}"""


@dataclass
class OpenNotebook:
    page: Any
    widget_id: str
    name: str
    shots: Path

    def locator(self, css: str) -> Any:
        return self.page.locator(f"[id='{self.widget_id}'] {css}")

    def cell(self, index: int) -> Any:
        return self.locator(".jp-Notebook-cell").nth(index)


def _open_lab(context: Any, server: LabServer) -> Any:
    page = context.new_page()
    page.add_init_script(KEEP_ORIGINAL_HREF)
    page.set_default_timeout(60_000)
    page.goto(server.url("/lab"))
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')")
    page.wait_for_selector(".jp-LabShell", state="attached")
    return page


def _open_notebook(page: Any, name: str, shots: Path) -> OpenNotebook:
    widget_id = page.evaluate(JS_OPEN, name)
    notebook = OpenNotebook(page, widget_id, name, shots)
    notebook.locator(".jp-Notebook-cell").first.wait_for()
    page.wait_for_timeout(1500)  # markdown, MathJax and the link rewriting settle
    return notebook


def _run_all(notebook: OpenNotebook, timeout: float) -> dict[str, Any]:
    """Run > Run All Cells from the menu bar (the command itself if the menu is not found); wait for the end."""
    page = notebook.page
    page.wait_for_function(f"(id) => ({JS_RUN_STATE})(id).status === 'idle'", arg=notebook.widget_id, timeout=120_000)
    start = time.monotonic()
    method = "menu Run > Run All Cells"
    try:
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click(timeout=5000)
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click(timeout=5000)  # runmenu:run-all
    except Exception:
        page.keyboard.press("Escape")
        method = "command notebook:run-all-cells"
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    state, quiet_since = {}, None
    while time.monotonic() - start < timeout:
        page.wait_for_timeout(1000)
        state = page.evaluate(JS_RUN_STATE, notebook.widget_id)
        done = state["status"] == "idle" and (state["pending"] == 0 or state["errors"] > 0)
        if not done:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 3:  # idle for 3 s: Run All has finished (or stopped at an error)
            break
    seconds = round(time.monotonic() - start, 1)
    timed_out = not (state.get("status") == "idle" and (state.get("pending") == 0 or state.get("errors", 0) > 0))
    return {"method": method, "seconds": seconds, "timed_out": timed_out, **state}


def _shot(page: Any, path: Path, full_page: bool = False) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    return _rel(path)


def _look_at_outputs(notebook: OpenNotebook) -> dict[str, Any]:
    """Stderr boxes, errors and solution cells, each with a screenshot scrolled to it."""
    cells = notebook.page.evaluate(JS_CELLS, notebook.widget_id)
    stderr, errors, solutions = [], [], []
    for cell in cells:
        if cell["stderr_boxes"]:
            notebook.cell(cell["index"]).locator(f'.jp-OutputArea-output[data-mime-type="{STDERR_MIME}"]').first.scroll_into_view_if_needed()
            shot = _shot(notebook.page, notebook.shots / f"stderr-cell{cell['index']:02d}.png")
        for output in cell["outputs"]:
            if output["stderr_box"]:
                kind = "traceback" if output["output_type"] == "error" else f"stream {output['name']}"
                stderr.append({"cell": cell["index"], "kind": kind, "text": output["dom_text"][:4000], "screenshot": shot})
            if output["output_type"] == "error":
                errors.append({"cell": cell["index"], "ename": output["ename"], "evalue": output["evalue"]})
        if cell["type"] == "code" and cell["source"].startswith(SOLUTION_PREFIX):
            solutions.append(_solution(notebook, cell))
    dom_boxes = sum(cell["stderr_boxes"] for cell in cells)
    return {"cells": len(cells), "stderr_dom_boxes": dom_boxes, "stderr_boxes": stderr, "errors": errors, "solutions": solutions}


def _solution(notebook: OpenNotebook, cell: dict[str, Any]) -> dict[str, Any]:
    locator = notebook.cell(cell["index"])
    locator.scroll_into_view_if_needed()
    text = "\n".join(o["dom_text"] for o in cell["outputs"]).strip()
    return {
        "cell": cell["index"],
        "title": cell["source"].splitlines()[0].removeprefix("# @title ").strip(),
        "execution_count": cell["executionCount"],
        "has_output": bool(cell["outputs"]),
        "output_types": sorted({m for o in cell["outputs"] for m in (o["mimes"] or [o["output_type"]])}),
        "text": text[:200],
        "screenshot": _shot(notebook.page, notebook.shots / f"solution-cell{cell['index']:02d}.png"),
    }


def _wait_idle(notebook: OpenNotebook, timeout: float) -> None:
    """Until the kernel has been idle for a second (after whatever a key press started)."""
    deadline, quiet = time.monotonic() + timeout, 0
    while time.monotonic() < deadline and quiet < 2:
        notebook.page.wait_for_timeout(500)
        quiet = quiet + 1 if notebook.page.evaluate(JS_RUN_STATE, notebook.widget_id)["status"] == "idle" else 0


def _try_gesture(notebook: OpenNotebook, index: int, keys: str, timeout: float) -> dict[str, Any]:
    """Select solution cell ``index`` afresh, press ``keys`` twice as a learner would; what ran, what it showed."""
    page = notebook.page
    page.evaluate(JS_SELECT_AFRESH, [notebook.widget_id, index])
    before = page.evaluate(JS_COUNTS, notebook.widget_id)
    for _ in range(2):
        page.keyboard.press(keys)
        _wait_idle(notebook, timeout)
    after = page.evaluate(JS_COUNTS, notebook.widget_id)
    ran = [i for i, (a, b) in enumerate(zip(before, after)) if a != b and b is not None]
    cell = page.evaluate(JS_CELLS, notebook.widget_id)[index]
    text = "\n".join(o["dom_text"] for o in cell["outputs"]).strip()
    return {"gesture": f"{keys} twice", "cells_run": ran, "text": text[:200],
            "screenshot": _shot(page, notebook.shots / f"solution-cell{index:02d}-{keys.replace('+', '')}.png")}


def _try_solutions(notebook: OpenNotebook, solutions: list[dict[str, Any]], timeout: float) -> None:
    """For each solution: does the gesture the notebook names (Ctrl+Enter twice) show the answer? And Shift+Enter?"""
    for solution in solutions:
        tries = [_try_gesture(notebook, solution["cell"], keys, timeout) for keys in ("Shift+Enter", "Control+Enter")]
        for attempt in tries:
            attempt["answer_shown"] = attempt["text"] != solution["text"]  # Run All showed the hint, not the answer
        solution["tries"] = tries


def _classify_link(link: dict[str, Any], notebook_name: str, targets: set[str], server: LabServer) -> dict[str, Any]:
    """Whether one markdown link resolves in the lab: a verdict (ok, dead, external) and the reason."""
    original = (link["original"] or "").strip()
    verdict = {**link, "rendered": _strip_token(link["rendered"] or "")}  # where JupyterLab points it
    parts = urllib.parse.urlsplit(original)
    if not original:
        return {**verdict, "verdict": "dead", "why": "empty href"}
    if parts.scheme in ("http", "https", "mailto", "ftp"):
        return {**verdict, "verdict": "external", "why": "not fetched (no network)"}
    if parts.scheme:
        return {**verdict, "verdict": "dead", "why": f"scheme {parts.scheme}: the lab cannot open it"}
    anchor = urllib.parse.unquote(parts.fragment)
    if not parts.path:
        if {anchor, parts.fragment} & targets:
            return {**verdict, "verdict": "ok", "why": "heading in this notebook"}
        return {**verdict, "verdict": "dead", "why": f"no heading with id {anchor!r} in this notebook"}
    folder = posixpath.dirname(notebook_name)
    target = posixpath.normpath(posixpath.join("/" if parts.path.startswith("/") else folder, urllib.parse.unquote(parts.path)))
    target = target.lstrip("/")
    if target == ".." or target.startswith("../"):
        return {**verdict, "verdict": "dead", "why": f"{target} is above the lab root: JupyterLab serves nothing there"}
    status = server.status_of(f"/api/contents/{urllib.parse.quote(target)}?content=0")
    if status != 200:
        return {**verdict, "verdict": "dead", "why": f"{target} not under the lab root (server answers {status})"}
    why = f"{target} exists" + (f"; anchor #{anchor} in another file not checked" if anchor else "")
    return {**verdict, "verdict": "ok", "why": why}


def _check_links(notebook: OpenNotebook, server: LabServer) -> dict[str, Any]:
    found = notebook.page.evaluate(JS_LINKS, notebook.widget_id)
    targets = set(found["targets"])
    checked = [_classify_link(link, notebook.name, targets, server) for link in found["links"]]
    return {
        "total": len(checked),
        "ok": sum(1 for link in checked if link["verdict"] == "ok"),
        "dead": [link for link in checked if link["verdict"] == "dead"],
        "external": sorted({link["original"] for link in checked if link["verdict"] == "external"}),
        "heading_ids": found["headings"],
    }


def _toasts(page: Any, shots: Path, seen: list[str]) -> list[str]:
    texts = page.evaluate(JS_TOASTS)
    if texts and not seen:
        _shot(page, shots / "toast.png")
    for text in texts:
        if text not in seen:
            seen.append(text)
    return texts


@contextlib.contextmanager
def _lab_session(args: argparse.Namespace, browser: Browser, out: Path) -> Iterator[tuple[Any, Any, "NetworkLog"]]:
    """A private JupyterLab over a fresh work-tmp/, a browser context watching the network, and the lab's page."""
    root = _prepare_work_tmp()
    with LabServer(root, Path(args.jupyter), _kernel_env(args), out / "lab-server.log") as server:
        context = browser.context()
        network = NetworkLog((server.base,))
        network.attach(context)
        try:
            yield server, _open_lab(context, server), network
        finally:
            context.close()


def command_lab(args: argparse.Namespace, browser: Browser) -> dict[str, Any]:
    sources = _select_notebooks(args.notebooks)
    out = _fresh_output(Path(args.out) / "lab")
    summary: dict[str, Any] = {"lab_root": _rel(WORK_TMP), "env": _kernel_env(args), "notebooks": [], "toasts": []}
    with _lab_session(args, browser, out) as (server, page, network):
        for source in sources:
            shots = out / source.stem
            mark = network.snapshot()
            notebook = _open_notebook(page, source.name, shots)
            _toasts(page, out, summary["toasts"])
            _shot(page, shots / "opened.png")
            run = _run_all(notebook, args.timeout)
            _toasts(page, out, summary["toasts"])
            dialogs = page.evaluate(JS_DIALOGS)
            page.evaluate(JS_SCROLL_TOP, notebook.widget_id)
            page.wait_for_timeout(500)
            top = _shot(page, shots / "top.png")
            report = {"notebook": source.name, "run": run, "dialogs": dialogs, "top_screenshot": top}
            report.update(_look_at_outputs(notebook))
            report["links"] = _check_links(notebook, server)
            if args.try_solutions:
                _try_solutions(notebook, report["solutions"], args.timeout)
            report.update(network.since(mark))
            summary["notebooks"].append(report)
            print(_lab_lines(report), flush=True)
            page.evaluate(JS_CLOSE, notebook.widget_id)
    for text in summary["toasts"]:
        print(f"Notification toast: {_short(text, 200)!r} ({_rel(out / 'toast.png')})")
    _write_json(Path(args.out) / "lab.json", summary)
    return summary


def _lab_lines(report: dict[str, Any]) -> str:
    run = report["run"]
    lines = [
        f"== {report['notebook']}: {run['method']}, {run['seconds']} s, "
        f"{run['total'] - run['pending']}/{run['total']} code cells ran, kernel {run['status']}"
        + (", TIMED OUT" if run["timed_out"] else "") + f", {len(report['errors'])} error(s)",
        f"   stderr boxes: {report['stderr_dom_boxes']}",
    ]
    lines += [f"     cell {b['cell']} ({b['kind']}): {_short(b['text'], 240)}" for b in report["stderr_boxes"]]
    lines += [f"   error in cell {e['cell']}: {e['ename']}: {_short(e['evalue'] or '', 200)}" for e in report["errors"]]
    lines.append(f"   solution cells: {len(report['solutions'])}")
    for sol in report["solutions"]:
        what = f"{', '.join(sol['output_types'])}: {_short(sol['text'], 160)!r}" if sol["has_output"] else "NO OUTPUT"
        lines.append(f"     cell {sol['cell']} {sol['title']} [{sol['execution_count']}]: {what}")
        for attempt in sol.get("tries", []):
            lines.append(f"       {attempt['gesture']}: ran cells {attempt['cells_run']}, "
                         f"{'answer shown' if attempt['answer_shown'] else 'NO answer'}: {_short(attempt['text'], 110)!r}")
    links = report["links"]
    lines.append(f"   links: {links['total']} ({links['ok']} ok, {len(links['dead'])} dead, {len(links['external'])} external)")
    lines += [f"     DEAD cell {d['cell']} {d['original']!r} ({d['text']!r}): {d['why']}" for d in links["dead"]]
    if report["external_requests"]:
        lines.append(f"   requests to the internet: {', '.join(r['url'] for r in report['external_requests'])}")
    if report["http_errors"]:
        lines.append("   HTTP errors: " + ", ".join(f"{e['status']} {e['url']}" for e in report["http_errors"]))
    if report["dialogs"]:
        lines.append(f"   dialogs open: {report['dialogs']}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- RISE slides

JS_SLIDE = """() => {
  const all = Array.from(document.querySelectorAll('.reveal .slides section'));
  const leaves = all.filter(s => !s.querySelector('section'));
  const cur = leaves.find(s => s.classList.contains('present'));
  if (!cur) return null;
  const stacks = Array.from(document.querySelectorAll('.reveal .slides > section'));
  const top = cur.parentElement.closest('section') || cur;
  const h = stacks.indexOf(top);
  const v = top === cur ? 0 : Array.from(top.children).filter(c => c.tagName === 'SECTION').indexOf(cur);
  const heading = cur.querySelector('h1, h2, h3, h4, h5, h6');
  const rect = cur.getBoundingClientRect();
  const area = document.querySelector('.reveal .slides');
  let scrollable = false;
  for (let el = cur; el && el !== document.body; el = el.parentElement) {
    const y = getComputedStyle(el).overflowY;
    if ((y === 'auto' || y === 'scroll') && el.scrollHeight > el.clientHeight + 1) { scrollable = true; break; }
  }
  const scale = cur.offsetHeight ? rect.height / cur.offsetHeight : 1;
  let right = rect.right;  // the right edge of the widest text block: beyond the screen, lines are cut off
  for (const el of cur.querySelectorAll('p, li, pre, table, .jp-RenderedImage img')) {
    right = Math.max(right, el.getBoundingClientRect().right);
  }
  return {
    id: cur.id, h, v, total: leaves.length, horizontal: stacks.length,
    heading: heading ? heading.innerText.replace(/\\u00b6/g, '').trim() : '',
    text: cur.innerText.trim().slice(0, 100),
    content_height: cur.scrollHeight, screen_height: Math.round(cur.scrollHeight * scale),
    top: Math.round(rect.top), left: Math.round(rect.left), right: Math.round(right), slide_area_height: area ? area.offsetHeight : null, scale: Math.round(scale * 1000) / 1000,
    scrollable,
    fragments: cur.querySelectorAll('.fragment').length, fragments_shown: cur.querySelectorAll('.fragment.visible').length,
  };
}"""


def _rise_command(page: Any) -> str:
    commands = page.evaluate("() => window.jupyterapp.commands.listCommands()")
    for wanted in ("RISE:slideshow", "rise:slideshow"):
        if wanted in commands:
            return wanted
    candidates = [c for c in commands if "rise" in c.lower()]
    raise ToolError(f"no RISE slideshow command in JupyterLab (RISE commands: {candidates or 'none'}).")


def _open_slideshow(context: Any, page: Any, notebook: OpenNotebook, server: LabServer) -> tuple[Any, str]:
    """The page showing RISE's slideshow of ``notebook``, from its first cell, and how it was opened."""
    command = _rise_command(page)
    page.evaluate(JS_SCROLL_TOP, notebook.widget_id)  # the slideshow starts at the active cell
    try:
        with context.expect_page(timeout=20_000) as opened:
            page.evaluate(f"() => window.jupyterapp.commands.execute('{command}')")
        deck, how = opened.value, f"command {command} (new browser tab)"
    except Exception:  # no new tab: open RISE's page ourselves, as the command does
        deck = context.new_page()
        deck.goto(server.url(f"/rise/{urllib.parse.quote(notebook.name)}?activeCellIndex=0"))
        how = f"direct URL /rise/{notebook.name} (command {command} opened no new tab)"
    deck.set_default_timeout(60_000)
    deck.wait_for_function(f"() => ({JS_SLIDE})() !== null")
    deck.wait_for_timeout(3000)  # MathJax, images and the first layout
    return deck, how


def _state_key(state: dict[str, Any] | None) -> tuple:
    return (state or {}).get("id"), (state or {}).get("fragments_shown")


def _press(deck: Any, key: str, before: dict[str, Any]) -> dict[str, Any]:
    deck.keyboard.press(key)
    try:
        deck.wait_for_function(
            f"(before) => {{ const s = ({JS_SLIDE})(); return s && (s.id !== before[0] || s.fragments_shown !== before[1]); }}",
            arg=list(_state_key(before)), timeout=2000)
    except Exception:
        pass  # nothing changed: the end of the deck
    _settle(deck)
    return deck.evaluate(JS_SLIDE)


def _settle(deck: Any, timeout: float = 5.0) -> None:
    """Until the current slide stops moving: Reveal slides it in over most of a second."""
    where = "() => { const s = (%s)(); return s && [s.left, s.top, s.content_height]; }" % JS_SLIDE
    last, deadline = None, time.monotonic() + timeout
    while time.monotonic() < deadline:
        deck.wait_for_timeout(200)
        now = deck.evaluate(where)
        if now == last:
            return
        last = now


def _walk(deck: Any, shots: Path) -> list[dict[str, Any]]:
    """Space from the first slide to the last; one record (and screenshot) per slide reached."""
    state = deck.evaluate(JS_SLIDE)
    slides: list[dict[str, Any]] = []
    seen: set[str] = set()
    for _ in range(1000):
        if state["id"] not in seen:
            seen.add(state["id"])
            state["screenshot"] = _shot(deck, shots / f"slide-{len(slides) + 1:03d}-{state['h']}-{state['v']}.png")
            state["taller_than_screen"] = state["screen_height"] > VIEWPORT["height"]
            state["wider_than_screen"] = state["right"] > VIEWPORT["width"]
            slides.append(state)
        following = _press(deck, "Space", state)
        if _state_key(following) == _state_key(state):
            break
        state = following
    return slides


def _right_arrow_reach(deck: Any, first: str) -> list[str]:
    """The slides that the Right arrow alone reaches from ``first`` (the Home key does nothing in RISE)."""
    deck.evaluate(f"() => {{ location.hash = '#/{first}'; }}")  # Reveal follows the hash
    deck.wait_for_function(f"() => ({JS_SLIDE})().id === '{first}'")
    _settle(deck)
    state = deck.evaluate(JS_SLIDE)
    reached = [state["id"]]
    for _ in range(1000):
        following = _press(deck, "ArrowRight", state)
        if _state_key(following) == _state_key(state):
            break
        state = following
        if state["id"] not in reached:
            reached.append(state["id"])
    return reached


def command_slides(args: argparse.Namespace, browser: Browser) -> dict[str, Any]:
    sources = _select_notebooks(args.notebooks)
    out = _fresh_output(Path(args.out) / "slides")
    summary: dict[str, Any] = {"lab_root": _rel(WORK_TMP), "run_first": args.run, "decks": []}
    with _lab_session(args, browser, out) as (server, page, network):
        for source in sources:
            shots = out / source.stem
            notebook = _open_notebook(page, source.name, shots)
            run = _run_all(notebook, args.timeout) if args.run else None
            mark = network.snapshot()
            deck, how = _open_slideshow(page.context, page, notebook, server)
            slides = _walk(deck, shots)
            for slide, marked in zip(slides, _scroll_marks(source)):
                slide["marked_to_scroll"] = marked
                slide["tall_and_unmarked"] = slide["taller_than_screen"] and not marked
            reached = _right_arrow_reach(deck, slides[0]["id"]) if slides else []
            deck_report = {
                "notebook": source.name, "opened_by": how, "run": run, "url": _strip_token(deck.url),
                "slides_in_deck": slides[0]["total"] if slides else 0,
                "horizontal_in_deck": slides[0]["horizontal"] if slides else 0,
                "reached_by_space": len(slides), "reached_by_right_arrow": len(reached),
                "right_arrow_slides": reached, "slides": slides,
            }
            deck_report.update(network.since(mark))
            summary["decks"].append(deck_report)
            print(_slides_lines(deck_report), flush=True)
            deck.close()
            page.evaluate(JS_CLOSE, notebook.widget_id)
    _write_json(Path(args.out) / "slides.json", summary)
    return summary


def _scroll_marks(source: Path) -> list[bool]:
    """Per slide of the deck, in order: whether its first cell carries tools/slides_metadata.py's 'scrolls' tag."""
    marks: list[bool] = []
    for cell in json.loads(source.read_text(encoding="utf-8"))["cells"]:
        metadata = cell.get("metadata", {})
        kind = metadata.get("slideshow", {}).get("slide_type")
        if kind in ("slide", "subslide") or (not marks and kind != "skip"):
            marks.append("scrolls" in metadata.get("tags", []))
    return marks


def _slides_lines(deck: dict[str, Any]) -> str:
    tall = [s for s in deck["slides"] if s["taller_than_screen"]]
    run = deck["run"]
    lines = [
        f"== {deck['notebook']} slideshow, opened by {deck['opened_by']}"
        + (f"; ran first in {run['seconds']} s, {run['errors']} error(s)" if run else "; cells not run (no outputs)"),
        f"   slides: {deck['slides_in_deck']} in the deck ({deck['horizontal_in_deck']} horizontal), "
        f"{deck['reached_by_space']} reached by Space, {deck['reached_by_right_arrow']} by the Right arrow alone",
        f"   taller than the {VIEWPORT['height']} px screen: {len(tall)}, of which marked to scroll (tag 'scrolls'): "
        f"{sum(1 for s in tall if s.get('marked_to_scroll'))}, unmarked: {sum(1 for s in tall if s.get('tall_and_unmarked'))}",
    ]
    lines += [
        f"     ({s['h']},{s['v']}) {s['screen_height']} px{' marked' if s.get('marked_to_scroll') else ' UNMARKED'}: "
        f"{_short(s['heading'] or s['text'], 90)!r}"
        for s in tall
    ]
    wide = [s for s in deck["slides"] if s["wider_than_screen"]]
    lines.append(f"   reaching past the right edge ({VIEWPORT['width']} px): {len(wide)}")
    lines += [f"     ({s['h']},{s['v']}) to {s['right']} px: {_short(s['heading'] or s['text'], 90)!r}" for s in wide]
    if deck["external_requests"]:
        fonts = [r for r in deck["external_requests"] if r["type"] == "font" or "font" in r["url"]]
        lines.append(f"   requests to the internet: {len(deck['external_requests'])} ({len(fonts)} fonts): "
                     + ", ".join(r["url"] for r in deck["external_requests"][:10]))
    if deck["http_errors"]:
        lines.append("   HTTP errors: " + ", ".join(f"{e['status']} {e['url']}" for e in deck["http_errors"][:10]))
    return "\n".join(lines)


# --------------------------------------------------------------------------- the static site

JS_SITE_PAGE = """(generic) => {
  const refs = [];
  for (const el of document.querySelectorAll('[href], [src]')) {
    const attr = el.hasAttribute('href') ? 'href' : 'src';
    const raw = el.getAttribute(attr);
    let url = '';
    try { url = new URL(raw, document.baseURI).href; } catch (e) { url = raw; }
    refs.push({tag: el.tagName.toLowerCase(), attr, raw, url, text: (el.innerText || el.alt || '').trim().slice(0, 60)});
  }
  const ids = new Set(Array.from(document.querySelectorAll('[id], a[name]')).map(e => e.id || e.getAttribute('name')));
  const images = Array.from(document.querySelectorAll('img')).map(img => ({
    src: (img.getAttribute('src') || '').slice(0, 80), alt: img.getAttribute('alt'),
  }));
  const body = document.querySelector('.jp-RenderedMarkdown p, main p, article p, p') || document.body;
  const style = getComputedStyle(body);
  const measures = [];
  for (const p of document.querySelectorAll('p')) {
    const text = p.innerText.trim();
    const s = getComputedStyle(p);
    let lh = parseFloat(s.lineHeight);
    if (isNaN(lh)) lh = parseFloat(s.fontSize) * 1.2;
    const lines = Math.round(p.getBoundingClientRect().height / lh);
    if (text.length > 150 && lines >= 2) measures.push({chars: text.length, lines, width: Math.round(p.getBoundingClientRect().width)});
  }
  const math = document.querySelectorAll('.MathJax, .MathJax_Display, mjx-container').length;
  const mathErrors = Array.from(document.querySelectorAll('.MathJax_Error, merror, [data-mjx-error]')).map(e => e.innerText || e.getAttribute('data-mjx-error'));
  return {refs, ids: Array.from(ids), images, math, math_errors: mathErrors, font_size: style.fontSize, font_family: style.fontFamily,
          line_height: style.lineHeight, paragraphs: measures, title: document.title};
}"""


def _weak_alt(alt: str | None) -> bool:
    """An alt that names only the section, or whose numbers were elided ("…"): meaningful, but thin."""
    return bool(alt) and ("…" in alt or alt.startswith("A figure of the section"))


def _site_page(context: Any, path: Path, out: Path, screenshot: bool) -> dict[str, Any]:
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(1500)  # MathJax typesets after load
    found = page.evaluate(JS_SITE_PAGE)
    shots = []
    if screenshot:
        shots.append(_shot(page, out / f"{path.stem}.png"))
        shots.append(_shot(page, out / f"{path.stem}-full.png", full_page=True))
    page.close()
    missing, dead_anchors, ids = [], [], set(found["ids"])
    for ref in found["refs"]:
        url = urllib.parse.urlsplit(ref["url"])
        if url.scheme != "file":
            continue
        target = Path(urllib.parse.unquote(url.path))
        if not target.exists():
            missing.append({**ref, "resolved": _rel(target)})
        elif target == path and url.fragment and not {url.fragment, urllib.parse.unquote(url.fragment)} & ids:
            dead_anchors.append(ref)
    bad_alt = [img for img in found["images"] if not (img["alt"] or "").strip()
               or (img["alt"] or "").strip().lower().rstrip(".") in GENERIC_ALTS]
    weak_alt = [img for img in found["images"] if img not in bad_alt and _weak_alt(img["alt"])]
    cpl = [p["chars"] / p["lines"] for p in found["paragraphs"]]
    return {
        "page": path.name, "title": found["title"], "missing_local": missing, "dead_anchors": dead_anchors,
        "images": len(found["images"]), "images_without_meaningful_alt": bad_alt,
        "images_with_weak_alt": weak_alt, "alts": [img["alt"] for img in found["images"]],
        "math_typeset": found["math"], "math_errors": found["math_errors"],
        "body_font_size": found["font_size"], "body_font_family": found["font_family"], "line_height": found["line_height"],
        "paragraphs_measured": len(cpl), "chars_per_line_mean": round(statistics.mean(cpl), 1) if cpl else None,
        "chars_per_line_median": round(statistics.median(cpl), 1) if cpl else None,
        "paragraph_width_px": statistics.median([p["width"] for p in found["paragraphs"]]) if cpl else None,
        "screenshots": shots,
    }


def command_site(args: argparse.Namespace, browser: Browser) -> dict[str, Any]:
    site = ROOT / "build" / "site"
    index = site / "index.html"
    if not index.exists():
        raise ToolError(f"{_rel(index)} is missing: run `make site` (after `make course`) first.")
    out = _fresh_output(Path(args.out) / "site")
    context = browser.context()
    network = NetworkLog(("file://",))
    network.attach(context)
    pages = [index] + sorted(p for p in site.glob("*.html") if p != index)
    shown = [index] + [p for p in pages if p != index and p.name.startswith(args.page)][:1]
    reports = []
    for page in pages:
        mark = network.snapshot()
        reports.append({**_site_page(context, page, out, page in shown), **network.since(mark)})
    context.close()
    summary = {"site": _rel(site), "pages": reports, **network.since((0, 0, 0))}
    _write_json(Path(args.out) / "site.json", summary)
    print(_site_lines(summary), flush=True)
    return summary


def _site_lines(summary: dict[str, Any]) -> str:
    pages = summary["pages"]
    lines = [f"== site {summary['site']}: {len(pages)} pages"]
    for page in pages:
        flags = []
        if page["missing_local"]:
            flags.append(f"{len(page['missing_local'])} missing local file(s): "
                         + ", ".join(f"{m['attr']}={m['raw']!r}" for m in page["missing_local"][:5]))
        if page["dead_anchors"]:
            flags.append(f"{len(page['dead_anchors'])} dead #anchor(s): " + ", ".join(a["raw"] for a in page["dead_anchors"][:5]))
        if page["images_without_meaningful_alt"]:
            alts = sorted({str(i["alt"]) for i in page["images_without_meaningful_alt"]})
            flags.append(f"{len(page['images_without_meaningful_alt'])}/{page['images']} images without a meaningful alt {alts}")
        if page["images_with_weak_alt"]:
            flags.append(f"{len(page['images_with_weak_alt'])}/{page['images']} alts only naming the section or with '…'")
        if page["failed_requests"]:
            flags.append("failed loads: " + ", ".join(f["url"].rsplit("/build/site/", 1)[-1] for f in page["failed_requests"][:5]))
        if page["math_errors"]:
            flags.append(f"{len(page['math_errors'])} MathJax error(s): {page['math_errors'][:3]}")
        lines.append(
            f"   {page['page']}: body {page['body_font_size']}, {page['chars_per_line_mean']} chars/line "
            f"(median {page['chars_per_line_median']}, {page['paragraphs_measured']} paragraphs, {page['paragraph_width_px']} px), "
            f"{page['math_typeset']} formulas typeset"
            + ("; " + "; ".join(flags) if flags else "")
        )
    lines.append(f"   requests to the internet: {len(summary['external_requests'])}"
                 + (": " + ", ".join(r["url"] for r in summary["external_requests"][:10]) if summary["external_requests"] else ""))
    if summary["failed_requests"]:
        lines.append("   failed loads: " + ", ".join(f['url'] for f in summary["failed_requests"][:10]))
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "build" / "browser"), help="output folder (default build/browser/)")
    parser.add_argument("--chromium", help="the browser (default: chromium, chromium-browser or google-chrome on PATH)")
    parser.add_argument("--jupyter", default=str(ROOT / ".venv" / "bin" / "jupyter"), help="jupyter of the course's .venv")
    parser.add_argument("--data-dir", default=os.environ.get("RNN_COURSE_DATA_DIR"), help="RNN_COURSE_DATA_DIR for kernels")
    parser.add_argument("--full", action="store_true", help="run notebooks in full mode (default: RNN_COURSE_FAST=1)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per notebook run (default 300)")
    parser.add_argument("--time-limit", type=int, default=3600, help="seconds for the whole tool (default 3600)")
    sub = parser.add_subparsers(dest="command", required=True)
    lab = sub.add_parser("lab", help="run notebooks in JupyterLab and look at outputs and links")
    lab.add_argument("notebooks", nargs="+", metavar="NN")
    lab.add_argument("--try-solutions", action="store_true",
                     help="then press Ctrl+Enter twice, and Shift+Enter twice, on each solution cell (runs them)")
    slides = sub.add_parser("slides", help="walk the RISE slideshow of notebooks")
    slides.add_argument("notebooks", nargs="+", metavar="NN")
    slides.add_argument("--run", action="store_true", help="Run All first, so that the slides show outputs")
    sub.add_parser("mark-tall", help="tag the first cell of each tall, unmarked slide of slides.json 'scrolls'")
    site = sub.add_parser("site", help="open build/site/ from the file system")
    site.add_argument("--page", default="05", help="the notebook page to screenshot besides the index (default 05)")
    return parser


def mark_tall(out: Path) -> int:
    """Give the first cell of every slide that slides.json found taller than the screen, unmarked, the tag 'scrolls'.

    The mark says "this slide scrolls, and that is expected" (tools/slides_metadata.py keeps a tag added
    this way). Edits notebooks/ in place, in nbformat's layout; returns how many cells it tagged."""
    report = json.loads((out / "slides.json").read_text(encoding="utf-8"))
    tagged = 0
    for deck in report["decks"]:
        path = ROOT / "notebooks" / deck["notebook"]
        raw = json.loads(path.read_text(encoding="utf-8"))
        firsts = [cell for cell in raw["cells"]
                  if cell.get("metadata", {}).get("slideshow", {}).get("slide_type") in ("slide", "subslide")]
        if len(firsts) != len(deck["slides"]):
            raise ToolError(f"{deck['notebook']}: the deck had {len(deck['slides'])} slides, the notebook now has "
                            f"{len(firsts)}: run `slides {deck['notebook'][:2]} --run` again first.")
        for cell, slide in zip(firsts, deck["slides"]):
            if slide.get("tall_and_unmarked"):
                cell["metadata"]["tags"] = [*cell["metadata"].get("tags", []), "scrolls"]
                tagged += 1
        path.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"tagged {tagged} slide(s) 'scrolls' in notebooks/")
    return tagged


def _on_limit(signum: int, frame: object) -> None:
    raise TimeoutError("the --time-limit ran out")


def _on_term(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # the same clean stop as Ctrl+C


COMMANDS: dict[str, Callable[[argparse.Namespace, Browser], dict[str, Any]]] = {
    "lab": command_lab, "slides": command_slides, "site": command_site,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "mark-tall":  # no browser needed: it reads the last slides.json
        try:
            mark_tall(Path(args.out))
            return 0
        except (ToolError, OSError) as error:
            print(f"browser_check: {error}", file=sys.stderr)
            return 2
    signal.signal(signal.SIGALRM, _on_limit)
    signal.signal(signal.SIGTERM, _on_term)
    signal.alarm(args.time_limit)
    browser = None
    try:
        browser = Browser(_find_chromium(args.chromium))
        COMMANDS[args.command](args, browser)
        print(f"Screenshots and {args.command}.json in {_rel(args.out)}/")
        return 0
    except ToolError as error:
        print(f"browser_check: {error}", file=sys.stderr)
        return 2
    except TimeoutError as error:
        print(f"browser_check: stopped, {error}; the server and its kernels were stopped.", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("browser_check: interrupted; the server and its kernels were stopped.", file=sys.stderr)
        return 130
    finally:
        signal.alarm(0)
        if browser is not None:
            browser.close()


if __name__ == "__main__":
    sys.exit(main())
