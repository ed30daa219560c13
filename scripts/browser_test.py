"""Open every notebook in JupyterLab in headless Chromium, run it, and check what a learner sees.

    python scripts/browser_test.py [--notebooks DIR] [--package DIR] [--only NAME ...]
                                   [--update-images] [--keep]

Used by `make test-browser`. For each notebook in notebooks/ (or --notebooks / $NOTEBOOKS_DIR)
the checks in CHECKS run in order, on one page:

1. stored outputs: once the kernel is idle, every saved picture and every saved widget state
   shows (what a reader sees before running anything);
2. run all: clear the outputs, run all cells, wait until every cell has run; no error output
   (except in cells tagged raises-exception);
3. outputs after the run: an <svg>/<img> in every cell whose stored outputs hold a picture,
   a rendered widget in every widget cell;
4. widgets: use each widget as WIDGET_ACTIONS says (drag a slider, press step / reset / train)
   and check that its text and its picture changed.

It also opens one exercise notebook (EXERCISE_NOTEBOOK), types a wrong answer and then a right
one into its first exercise, runs each with its check, and wants `wrong`, then `correct`.

A screenshot of each notebook goes to build/browser/ (and, with --update-images, one per widget
to images/). To add a check, write `def check_something(page: NotebookPage) -> None` that calls
`page.problem(...)` for what is wrong, and add it to CHECKS (or to a notebook's entry in
EXTRA_CHECKS); NotebookPage has what a check needs: `cell_index(text)`, `type_into_cell`,
`run_cell`, `snapshot`, `wait_for`, `click`, `drag_slider`.

JupyterLab runs on 127.0.0.1 with a random token, throwaway settings/workspace/config/data
folders and a throwaway COPY of the notebooks as its root, so running cells (and autosave)
never touches the committed notebooks; `lab_server()` always shuts it down. --package DIR (or
$MICROGRAD_PATH) puts a folder holding another `micrograd` package first on the kernel's
PYTHONPATH, e.g. a deliberately broken copy, to check that this test notices. The browser is
Debian's /usr/bin/chromium (or $CHROMIUM), driven by Playwright; nothing is downloaded.
"""

import argparse
import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SHOTS = ROOT / "build" / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
PICTURE_MIMES = {"image/svg+xml", "image/png"}
RUN_TIMEOUT = 300      # seconds for one notebook's "run all"
RENDER_TIMEOUT = 30    # seconds for outputs and widgets to appear
CHANGE_TIMEOUT = 20    # seconds for a widget to react to a slider or a button
TRAIN_TIMEOUT = 240    # seconds for one press of "train"

# Lab settings for the throwaway settings folder: every cell stays in the page (no
# virtual scrolling), and nothing is fetched from the internet.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/extensionmanager-extension/plugin.jupyterlab-settings": {"enabled": False},
}

# ---------------------------------------------------------------------------------- JavaScript
# Run in the page, where JupyterLab is exposed as window.jupyterapp; the open notebook is
# window.jupyterapp.shell.currentWidget. Plain strings: each is one function, its argument
# passed by Playwright.

# True once `path` is open with an idle kernel; then tags every cell with its index.
JS_READY = """path => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path || !w.context.isReady) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  w.content.widgets.forEach((cell, i) => cell.node.setAttribute('data-test-index', String(i)));
  return true;
}"""

JS_RUN_ALL = """() => {
  const app = window.jupyterapp;
  return app.commands.execute('notebook:clear-all-cell-outputs').then(() => {
    window.__runAll = app.commands.execute('notebook:run-all-cells').catch(() => false);
  });
}"""

# The state of the run: which code cells have not run yet, which show an error they should not.
JS_RUN_STATE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const kernel = w.sessionContext.session.kernel;
  const state = {idle: kernel.status === 'idle', pending: [], errors: []};
  w.content.widgets.forEach((cell, i) => {
    if (cell.model.type !== 'code' || !cell.model.sharedModel.getSource().trim()) return;
    if (cell.model.executionCount === null) state.pending.push(i);
    const tags = cell.model.getMetadata('tags') || [];
    for (const out of cell.model.outputs.toJSON()) {
      if (out.output_type === 'error' && !tags.includes('raises-exception')) {
        state.errors.push('cell ' + i + ': ' + out.ename + ': ' + out.evalue);
      }
    }
  });
  return state;
}"""

# Replace cell `index`'s source with `source` (as if typed) and make it the active cell.
JS_SET_SOURCE = """([index, source]) => {
  const w = window.jupyterapp.shell.currentWidget;
  w.content.widgets[index].model.sharedModel.setSource(source);
  w.content.activeCellIndex = index;
}"""

# Make cell `index` the active one and run it (as ctrl-enter would).
JS_RUN_CELL = """index => {
  window.jupyterapp.shell.currentWidget.content.activeCellIndex = index;
  return window.jupyterapp.commands.execute('notebook:run-cell');
}"""

JS_SCROLL_TO_TOP = """() => window.jupyterapp.shell.currentWidget.content.scrollToItem(0)"""

JS_SHUTDOWN_KERNEL = """() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()"""

# What a cell's outputs look like: text, pictures, widgets (compared before and after using a widget).
JS_SNAPSHOT = """node => {
  const area = node.querySelector('.jp-Cell-outputArea, .jp-OutputArea');
  if (!area) return {text: '', pictures: [], svg: 0, img: 0, widgets: 0, widgetError: false};
  const svgs = [...area.querySelectorAll('svg')].filter(s => !s.closest('button, .jp-icon3'));
  const imgs = [...area.querySelectorAll('img')];
  return {
    text: area.innerText,
    pictures: svgs.map(s => s.outerHTML).concat(imgs.map(i => i.src)),
    svg: svgs.length,
    img: imgs.length,
    widgets: area.querySelectorAll('.jupyter-widgets.widget-container, .jupyter-widgets.widget-box').length,
    widgetError: area.innerText.includes('Error displaying widget'),
  };
}"""


# ---------------------------------------------------------------------------------- JupyterLab

def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """Where a running JupyterLab answers, and the folder it works in."""

    base: str
    token: str
    tmp: Path

    def url(self, notebook_path):
        return f"{self.base}/lab/tree/{notebook_path}?token={self.token}"


def _lab_environment(tmp, package):
    """Environment variables for a JupyterLab that keeps all its state in `tmp`."""
    env = dict(os.environ)
    for name, folder in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                         ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython")]:
        env[name] = str(tmp / folder)
        (tmp / folder).mkdir(exist_ok=True)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"   # `dot` from .venv/bin
    if package:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(package).resolve()),
                                                          env.get("PYTHONPATH")]))
    for name, settings in LAB_SETTINGS.items():
        target = tmp / "settings" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings))
    return env


def _wait_until_up(process, url, log_path, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early; see {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"JupyterLab did not answer within {timeout} s")


def _shut_down(process, base, token):
    """Shut the server down through its REST API; kill it if that does not work. Says which."""
    try:
        request = urllib.request.Request(f"{base}/api/shutdown", method="POST",
                                         headers={"Authorization": f"token {token}"})
        urllib.request.urlopen(request, timeout=10).close()
        process.wait(timeout=30)
        return "shut down through /api/shutdown"
    except (OSError, subprocess.TimeoutExpired) as e:
        process.kill()
        process.wait()
        return f"killed ({type(e).__name__}: {e})"


@contextlib.contextmanager
def lab_server(notebooks, package=None, keep=False):
    """Start JupyterLab on a throwaway copy of `notebooks`; yield a `Lab`; always stop it.

    The server is shut down (or killed) and the throwaway folder removed (unless `keep`)
    however the block ends: a failed check, an exception, Ctrl-C.
    """
    tmp = Path(tempfile.mkdtemp(prefix="micrograd-browser-"))
    process = log = None
    try:
        root = tmp / "root"
        shutil.copytree(notebooks, root / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        if (ROOT / "images").is_dir():   # so pictures linked from markdown show
            shutil.copytree(ROOT / "images", root / "images")
        env = _lab_environment(tmp, package)
        # Trusted, as `make setup` makes them, so saved widget state renders (in this throwaway trust store).
        subprocess.run([str(BIN / "jupyter"), "trust", *map(str, (root / "notebooks").rglob("*.ipynb"))],
                       env=env, check=True, capture_output=True)
        lab = Lab(base=f"http://127.0.0.1:{free_port()}", token=secrets.token_hex(24), tmp=tmp)
        port = lab.base.rsplit(":", 1)[1]
        log = open(tmp / "server.log", "w")   # noqa: SIM115 (closed below)
        process = subprocess.Popen(
            [str(BIN / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={lab.token}", f"--ServerApp.root_dir={root}",
             "--LabApp.expose_app_in_browser=True", "--LabApp.extension_manager=readonly",
             "--LabApp.news_url=None", *(["--allow-root"] if os.geteuid() == 0 else [])],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
        _wait_until_up(process, f"{lab.base}/api/status?token={lab.token}", tmp / "server.log")
        yield lab
    finally:
        if process is not None:
            print(f"JupyterLab {_shut_down(process, lab.base, lab.token)}", flush=True)
        if log is not None:
            log.close()
        if keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------------- one notebook

@dataclass
class StoredCell:
    """A code cell of the committed notebook: its index, source and the mimetypes it stored."""

    index: int
    source: str
    mimes: set

    @property
    def has_widget(self):
        return WIDGET_MIME in self.mimes

    @property
    def has_picture(self):
        return self.has_widget or bool(PICTURE_MIMES & self.mimes)


def stored_cells(path):
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return [StoredCell(i, "".join(cell["source"]),
                       {m for out in cell.get("outputs", []) for m in out.get("data", {})})
            for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code"]


@dataclass
class NotebookPage:
    """One notebook open in the browser: what the checks use, and what they found."""

    page: object          # a Playwright Page
    path: Path            # the committed notebook
    cells: list           # its StoredCells
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    widgets_used: list = field(default_factory=list)

    def problem(self, text):
        self.problems.append(text)

    def cell(self, index):
        return self.page.locator(f'[data-test-index="{index}"]')

    def cell_index(self, text):
        """Index of the first code cell whose stored source contains `text` (None if none does)."""
        return next((c.index for c in self.cells if text in c.source), None)

    def snapshot(self, index):
        return self.cell(index).evaluate(JS_SNAPSHOT)

    def wait_for(self, index, condition, timeout):
        """Poll the cell until `condition(snapshot)` holds; return (last snapshot, whether it held)."""
        deadline = time.monotonic() + timeout
        while True:
            snap = self.snapshot(index)
            if condition(snap) or time.monotonic() > deadline:
                return snap, condition(snap)
            time.sleep(0.25)

    def changed(self, index, before, what, timeout=CHANGE_TIMEOUT, extra=None):
        """Wait until both the text and a picture of the cell differ from `before`; a problem if not."""
        def differs(s):
            return (s["text"] != before["text"] and s["pictures"] != before["pictures"]
                    and (extra is None or extra(s)))
        after, ok = self.wait_for(index, differs, timeout)
        if not ok:
            same = [k for k in ("text", "pictures") if after[k] == before[k]]
            self.problem(f"widget cell {index}: {what} did not change the output "
                         f"(unchanged: {', '.join(same) or 'none'}; waited {timeout} s)")
        return after, ok

    def drag_slider(self, index, nth, dx):
        handle = self.cell(index).locator(".noUi-handle").nth(nth)
        handle.scroll_into_view_if_needed()
        box = handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        self.page.mouse.move(x + dx, y, steps=8)
        self.page.mouse.up()

    def button(self, index, label):
        return self.cell(index).locator("button", has_text=label).first

    def click(self, index, label):
        self.button(index, label).click()

    def click_and_wait_for_change(self, index, before, label):
        self.click(index, label)
        return self.changed(index, before, f"pressing {label}")

    def type_into_cell(self, index, source):
        """Replace cell `index`'s code with `source`, as a learner typing it would."""
        self.page.evaluate(JS_SET_SOURCE, [index, source])

    def run_cell(self, index, timeout=CHANGE_TIMEOUT):
        """Run cell `index` and wait until the kernel is idle again; return the cell's snapshot."""
        self.page.evaluate(JS_RUN_CELL, index)
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(JS_RUN_STATE)["idle"] and time.monotonic() < deadline:
            time.sleep(0.25)
        time.sleep(0.5)   # let the output paint
        return self.snapshot(index)

    def shot_widget(self, widget, index):
        cell = self.cell(index)
        cell.scroll_into_view_if_needed()
        time.sleep(0.5)   # let the last picture paint
        cell.screenshot(path=str(SHOTS / f"{self.path.stem}_{widget}.png"))

    def shot_notebook(self):
        self.page.evaluate(JS_SCROLL_TO_TOP)
        time.sleep(0.5)
        self.page.screenshot(path=str(SHOTS / f"{self.path.stem}.png"))


# ---------------------------------------------------------------------------------- the checks

def _pictures_and_widgets_render(nb, when):
    """Every cell that stored a picture shows an svg/img; every widget cell shows its widget."""
    pictures = widgets = 0
    for c in nb.cells:
        if not c.has_picture:
            continue
        snap, ok = nb.wait_for(
            c.index,
            lambda s, c=c: (s["svg"] + s["img"] > 0 and not s["widgetError"]
                            and (s["widgets"] > 0 or not c.has_widget)),
            RENDER_TIMEOUT)
        if not ok:
            what = "widget" if c.has_widget else "picture"
            detail = "'Error displaying widget'" if snap["widgetError"] else "nothing rendered"
            nb.problem(f"{when}: cell {c.index}: {what} missing ({detail})")
        pictures += 1
        widgets += c.has_widget
    return pictures, widgets


def check_stored_outputs(nb):
    """Before anything runs, every stored picture and widget state shows."""
    pictures, widgets = _pictures_and_widgets_render(nb, "stored outputs")
    nb.notes.append(f"stored: {pictures} pictures ({widgets} widgets) render")


def check_run_all(nb):
    """Clear the outputs, run all cells; every cell runs, and none shows an unexpected error."""
    start = time.monotonic()
    nb.page.evaluate(JS_RUN_ALL)
    while True:
        state = nb.page.evaluate(JS_RUN_STATE)
        if state["idle"] and (not state["pending"] or state["errors"]):
            time.sleep(1.0)    # idle for a moment between two cells does not count
            state = nb.page.evaluate(JS_RUN_STATE)
            if state["idle"] and (not state["pending"] or state["errors"]):
                break
        if time.monotonic() - start > RUN_TIMEOUT:
            nb.problem(f"run all: still running after {RUN_TIMEOUT} s (cells not run: {state['pending']})")
            break
        time.sleep(0.5)
    nb.notes.append(f"ran {len(nb.cells)} code cells in {time.monotonic() - start:.1f} s")
    for error in state["errors"]:
        nb.problem(f"error output: {error}")


def check_outputs_after_run(nb):
    """After the run, the same cells show a picture or a widget again."""
    _pictures_and_widgets_render(nb, "after run all")


def check_widgets(nb):
    """Use every widget the notebook shows, as WIDGET_ACTIONS says."""
    for c in nb.cells:
        if not c.has_widget:
            continue
        for widget, action in WIDGET_ACTIONS.items():
            if f"{widget}(" in c.source and action(nb, c.index):
                nb.widgets_used.append(widget)


# The exercise notebook this test also opens (from notebooks/exercises/), and its exercise 1:
# a learner's wrong answer (sin(3b) differentiated without the factor 3), then a right one.
EXERCISE_NOTEBOOK = "exercises/09_lecture_exercises.ipynb"
EXERCISE_ANSWER = ("def grad(a, b, c):\n"
                   "    return [-3 * a**2 - 0.5 * a**-0.5, {} * math.cos(3 * b) + 2.5 * b**1.5, 1 / c**2]\n")
EXERCISE_ANSWERS = [(EXERCISE_ANSWER.format(1), "wrong: df/db at (2.0, 3.0, 4.0) should be about 10.2570"),
                    (EXERCISE_ANSWER.format(3), "correct")]


def check_exercise_feedback(nb):
    """Type a wrong answer into exercise 1, run it and its check: `wrong`; then a right one: `correct`."""
    answer, check = nb.cell_index("def grad(a, b, c):"), nb.cell_index("check.analytical(grad)")
    if answer is None or check is None:
        nb.problem("exercise 1's cells (def grad / check.analytical) not found")
        return
    for source, expected in EXERCISE_ANSWERS:
        nb.type_into_cell(answer, source)
        nb.run_cell(answer)
        line = nb.run_cell(check)["text"].strip()
        if not line.startswith(expected):
            nb.problem(f"exercise 1: expected a line starting {expected!r}, the page shows {line!r}")
            return
    nb.notes.append("exercise 1: a wrong answer says wrong, a right one correct")


CHECKS = [check_stored_outputs, check_run_all, check_outputs_after_run, check_widgets]
# Checks for one notebook only, run after CHECKS: {file name: [check, ...]}.
EXTRA_CHECKS = {Path(EXERCISE_NOTEBOOK).name: [check_exercise_feedback]}


# ---------------------------------------------------------------------------------- the widgets
# One function per widget: use it in cell `index` like a learner; True when it reacted.

def use_derivative_explorer(nb, index):
    before = nb.snapshot(index)
    nb.drag_slider(index, 0, -30)        # x smaller: secant and tangent follow
    _, ok = nb.changed(index, before, "dragging the x slider")
    if ok:
        nb.shot_widget("derivative_explorer", index)
    return ok


def use_neuron_explorer(nb, index):
    before = nb.snapshot(index)
    nb.drag_slider(index, 4, -8)         # b a little smaller: o leaves tanh's flat part
    _, ok = nb.changed(index, before, "dragging the b slider")
    if ok:
        nb.shot_widget("neuron_explorer", index)
    return ok


def use_backprop_stepper(nb, index):
    before = nb.snapshot(index)
    first, ok = nb.click_and_wait_for_change(index, before, "step")
    if not ok:
        return False
    _, ok = nb.click_and_wait_for_change(index, first, "step")
    if not ok:
        return False
    nb.shot_widget("backprop_stepper", index)    # two steps in: the picture for the README
    for _ in range(10):                           # to the end: the button is disabled when done
        if nb.button(index, "step").is_disabled():
            break
        nb.click(index, "step")
        time.sleep(0.3)
    done, ok = nb.wait_for(index, lambda s: "Done" in s["text"], CHANGE_TIMEOUT)
    if not ok:
        nb.problem(f"widget cell {index}: stepping to the end never said 'Done'")
        return False
    _, ok = nb.click_and_wait_for_change(index, done, "reset")
    return ok


def use_training_playground(nb, index):
    before = nb.snapshot(index)
    nb.click(index, "train")
    _, ok = nb.changed(index, before, "pressing train", TRAIN_TIMEOUT, extra=lambda s: "done in" in s["text"])
    if ok:
        nb.shot_widget("training_playground", index)
    return ok


WIDGET_ACTIONS = {
    "derivative_explorer": use_derivative_explorer,
    "backprop_stepper": use_backprop_stepper,
    "neuron_explorer": use_neuron_explorer,
    "training_playground": use_training_playground,
}


# ---------------------------------------------------------------------------------- main

def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", default=os.environ.get("NOTEBOOKS_DIR", str(ROOT / "notebooks")),
                        help="folder of notebooks to test (default: notebooks/ or $NOTEBOOKS_DIR)")
    parser.add_argument("--package", default=os.environ.get("MICROGRAD_PATH"),
                        help="folder containing a `micrograd` package to use instead of the installed one")
    parser.add_argument("--only", nargs="*", default=None, help="test only these notebook file names")
    parser.add_argument("--update-images", action="store_true",
                        help="copy one screenshot per widget into images/ (for the README)")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway folder (for debugging)")
    return parser.parse_args()


def test_notebook(context, lab, notebooks_dir, path):
    """Open `path` in a new page, run every check on it; return its NotebookPage."""
    rel = f"notebooks/{path.relative_to(notebooks_dir).as_posix()}"
    page = context.new_page()
    nb = NotebookPage(page, path, stored_cells(path))
    try:
        page.goto(lab.url(rel))
        page.wait_for_function(JS_READY, arg=rel, timeout=120_000, polling=500)
        for check in CHECKS + EXTRA_CHECKS.get(path.name, []):
            check(nb)
        nb.shot_notebook()
        page.evaluate(JS_SHUTDOWN_KERNEL)
    except PlaywrightError as e:
        nb.problem(f"browser: {str(e).splitlines()[0]}")
    finally:
        page.close()
    return nb


def copy_widget_shots():
    for shot in sorted(SHOTS.glob("*.png")):
        widget = next((w for w in WIDGET_ACTIONS if shot.stem.endswith("_" + w)), None)
        if widget:
            target = ROOT / "images" / f"browser_{shot.stem[:2]}_{widget}.png"
            shutil.copyfile(shot, target)
            print(f"copied {shot.relative_to(ROOT)} -> {target.relative_to(ROOT)}")


def main():
    args = parse_args()
    started = time.monotonic()
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        sys.exit(f"browser test: {chromium} is missing. Install Debian's Chromium "
                 "(apt-get install chromium) or set CHROMIUM to a Chromium binary.")
    notebooks_dir = Path(args.notebooks)
    notebooks = sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb"))
    if (notebooks_dir / EXERCISE_NOTEBOOK).exists():
        notebooks.append(notebooks_dir / EXERCISE_NOTEBOOK)
    if args.only:
        notebooks = [p for p in notebooks if p.name in args.only]
    if not notebooks:
        sys.exit(f"browser test: no notebooks in {args.notebooks}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):   # the folder shows this run only
        old.unlink()

    passed, failed, used = [], [], []
    with lab_server(notebooks_dir, args.package, args.keep) as lab:
        print(f"JupyterLab up at {lab.base} (root: a copy of {args.notebooks}) "
              f"after {time.monotonic() - started:.1f} s", flush=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport={"width": 1600, "height": 1000})
            for path in notebooks:
                t0 = time.monotonic()
                nb = test_notebook(context, lab, notebooks_dir, path)
                used += nb.widgets_used
                verdict = "FAIL" if nb.problems else "ok  "
                print(f"{verdict} {path.name} ({time.monotonic() - t0:.1f} s): " + "; ".join(
                    nb.notes + [f"used {w}" for w in nb.widgets_used]), flush=True)
                for problem in nb.problems:
                    print(f"       - {problem}", flush=True)
                (failed if nb.problems else passed).append(path.name)
            browser.close()
    if not args.only:
        missing = [w for w in WIDGET_ACTIONS if w not in used]
        if missing:
            print(f"FAIL widgets: not shown working in any notebook: {', '.join(missing)}")
            failed.append("widgets")
    if args.update_images and not failed:
        copy_widget_shots()
    print(f"screenshots in {SHOTS.relative_to(ROOT)}/")
    print(f"browser: {len(passed)} passed, {len(failed)} failed in {time.monotonic() - started:.1f} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
