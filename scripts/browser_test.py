"""Open every notebook in JupyterLab in headless Chromium, run it, and check what a learner sees.

    python scripts/browser_test.py [--notebooks DIR] [--package DIR] [--update-images] [--keep]

Used by `make test-browser`. For each notebook in notebooks/ (or --notebooks / $NOTEBOOKS_DIR):

1. open it; once the kernel is idle, check the stored outputs render: every saved picture
   and every saved widget state shows (this is what a reader sees before running anything);
2. clear the outputs, run all cells, wait until every cell has run;
3. check: no error output (except cells tagged raises-exception), an <svg>/<img> in every
   cell whose stored outputs hold a picture, a rendered widget in every widget cell;
4. use each widget (drag a slider, press step / reset / train) and check its output changed;
5. save a screenshot in build/browser/ (and, with --update-images, one per widget in images/).

JupyterLab runs on 127.0.0.1 with a random token, throwaway settings/workspace/config/data
folders and a throwaway COPY of the notebooks as its root, so running cells (and autosave)
never touches the committed notebooks. --package DIR (or $MICROGRAD_PATH) puts a folder
holding another `micrograd` package first on the kernel's PYTHONPATH, e.g. a deliberately
broken copy, to check that this test notices. The browser is Debian's /usr/bin/chromium
(or $CHROMIUM), driven by Playwright; nothing is downloaded.
"""

import argparse
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
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SHOTS = ROOT / "build" / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDGETS = ("derivative_explorer", "backprop_stepper", "neuron_explorer", "training_playground")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
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

# JavaScript run in the page (JupyterLab is exposed as window.jupyterapp).
JS_PANEL = "window.jupyterapp.shell.currentWidget"
JS_READY = f"""path => {{
  const w = window.jupyterapp && {JS_PANEL};
  if (!w || !w.context || w.context.path !== path || !w.context.isReady) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  w.content.widgets.forEach((cell, i) => cell.node.setAttribute('data-test-index', String(i)));
  return true;
}}"""
JS_RUN_ALL = """() => {
  const app = window.jupyterapp;
  return app.commands.execute('notebook:clear-all-cell-outputs').then(() => {
    window.__runAll = app.commands.execute('notebook:run-all-cells').catch(() => false);
  });
}"""
# The state of the run: which code cells have run, which show an error they should not.
JS_RUN_STATE = f"""() => {{
  const w = {JS_PANEL};
  const kernel = w.sessionContext.session.kernel;
  const state = {{idle: kernel.status === 'idle', pending: [], errors: []}};
  w.content.widgets.forEach((cell, i) => {{
    if (cell.model.type !== 'code' || !cell.model.sharedModel.getSource().trim()) return;
    if (cell.model.executionCount === null) state.pending.push(i);
    const tags = cell.model.getMetadata('tags') || [];
    for (const out of cell.model.outputs.toJSON()) {{
      if (out.output_type === 'error' && !tags.includes('raises-exception')) {{
        state.errors.push(`cell ${{i}}: ${{out.ename}}: ${{out.evalue}}`);
      }}
    }}
  }});
  return state;
}}"""
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


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stored_cells(path):
    """For each cell of the committed notebook: its index, source and the mimetypes it stored."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        mimes = {m for out in cell.get("outputs", []) for m in out.get("data", {})}
        cells.append({"index": i, "source": "".join(cell["source"]), "mimes": mimes})
    return cells


class Lab:
    """A JupyterLab server on a throwaway copy of the notebooks, shut down by `stop()`."""

    def __init__(self, notebooks, package, tmp):
        self.tmp = Path(tmp)
        self.token = secrets.token_hex(24)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        root = self.tmp / "root"
        shutil.copytree(notebooks, root / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        if (ROOT / "images").is_dir():   # so pictures linked from markdown show
            shutil.copytree(ROOT / "images", root / "images")
        env = dict(os.environ)
        for name, folder in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                             ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                             ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython")]:
            env[name] = str(self.tmp / folder)
            (self.tmp / folder).mkdir(exist_ok=True)
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"   # `dot` from .venv/bin
        if package:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(package).resolve()),
                                                              env.get("PYTHONPATH")]))
        for name, settings in LAB_SETTINGS.items():
            target = self.tmp / "settings" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(settings))
        # Trusted, as `make setup` makes them, so saved widget state renders (in this throwaway trust store).
        subprocess.run([str(BIN / "jupyter"), "trust", *map(str, (root / "notebooks").glob("*.ipynb"))],
                       env=env, check=True, capture_output=True)
        self.log = open(self.tmp / "server.log", "w")   # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [str(BIN / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}",
             "--LabApp.expose_app_in_browser=True", "--LabApp.extension_manager=readonly",
             "--LabApp.news_url=None", *(["--allow-root"] if os.geteuid() == 0 else [])],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=root)

    def wait_until_up(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early; see {self.tmp / 'server.log'}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=5):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s")

    def stop(self):
        """Shut the server down through its REST API; kill it if that does not work."""
        try:
            request = urllib.request.Request(f"{self.base}/api/shutdown", method="POST",
                                             headers={"Authorization": f"token {self.token}"})
            urllib.request.urlopen(request, timeout=10).close()
            self.process.wait(timeout=30)
            how = "shut down through /api/shutdown"
        except (OSError, subprocess.TimeoutExpired) as e:
            self.process.kill()
            self.process.wait()
            how = f"killed ({type(e).__name__}: {e})"
        self.log.close()
        return how


class Checker:
    """Runs one notebook in the page and collects what went wrong."""

    def __init__(self, page, lab, path):
        self.page, self.lab, self.path = page, lab, Path(path)
        self.problems, self.notes, self.widgets_used = [], [], []

    def cell(self, index):
        return self.page.locator(f'[data-test-index="{index}"]')

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

    def check_pictures_and_widgets(self, cells, when):
        """Every cell that stored a picture shows an svg/img; every widget cell shows its widget."""
        pictures = widgets = 0
        for c in cells:
            want_widget = WIDGET_MIME in c["mimes"]
            want_picture = want_widget or bool({"image/svg+xml", "image/png"} & c["mimes"])
            if not want_picture:
                continue
            snap, ok = self.wait_for(
                c["index"],
                lambda s, w=want_widget: (s["svg"] + s["img"] > 0 and not s["widgetError"]
                                          and (s["widgets"] > 0 or not w)),
                RENDER_TIMEOUT)
            if not ok:
                what = "widget" if want_widget else "picture"
                detail = "'Error displaying widget'" if snap["widgetError"] else "nothing rendered"
                self.problems.append(f"{when}: cell {c['index']}: {what} missing ({detail})")
            pictures += 1
            widgets += want_widget
        return pictures, widgets

    def run(self, cells):
        name = self.path.name
        rel = f"notebooks/{name}"
        self.page.goto(f"{self.lab.base}/lab/tree/{rel}?token={self.lab.token}")
        self.page.wait_for_function(JS_READY, arg=rel, timeout=120_000, polling=500)

        pictures, widgets = self.check_pictures_and_widgets(cells, "stored outputs")
        self.notes.append(f"stored: {pictures} pictures ({widgets} widgets) render")

        start = time.monotonic()
        self.page.evaluate(JS_RUN_ALL)
        while True:
            state = self.page.evaluate(JS_RUN_STATE)
            if state["idle"] and (not state["pending"] or state["errors"]):
                time.sleep(1.0)    # idle for a moment between two cells does not count
                state = self.page.evaluate(JS_RUN_STATE)
                if state["idle"] and (not state["pending"] or state["errors"]):
                    break
            if time.monotonic() - start > RUN_TIMEOUT:
                self.problems.append(f"run all: still running after {RUN_TIMEOUT} s "
                                     f"(cells not run: {state['pending']})")
                break
            time.sleep(0.5)
        self.notes.append(f"ran {len(cells)} code cells in {time.monotonic() - start:.1f} s")
        self.problems += [f"error output: {e}" for e in state["errors"]]

        self.check_pictures_and_widgets(cells, "after run all")
        for c in cells:
            for widget in WIDGETS:
                if f"{widget}(" in c["source"] and WIDGET_MIME in c["mimes"]:
                    self.use_widget(widget, c["index"])

    # ------------------------------------------------------------------ using the widgets

    def changed(self, index, before, what, timeout=CHANGE_TIMEOUT, extra=None):
        """Wait until both the text and a picture of the cell differ from `before`."""
        def differs(s):
            return (s["text"] != before["text"] and s["pictures"] != before["pictures"]
                    and (extra is None or extra(s)))
        after, ok = self.wait_for(index, differs, timeout)
        if not ok:
            same = [k for k in ("text", "pictures") if after[k] == before[k]]
            self.problems.append(f"widget cell {index}: {what} did not change the output "
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

    def click(self, index, label):
        self.cell(index).locator("button", has_text=label).first.click()

    def use_widget(self, widget, index):
        before = self.snapshot(index)
        if widget == "derivative_explorer":
            self.drag_slider(index, 0, -30)     # x smaller: secant and tangent follow
            _, ok = self.changed(index, before, "dragging the x slider")
        elif widget == "neuron_explorer":
            self.drag_slider(index, 4, -8)      # b a little smaller: o leaves tanh's flat part
            _, ok = self.changed(index, before, "dragging the b slider")
        elif widget == "backprop_stepper":
            first, ok = self.changed_by_click(index, before, "step")
            if ok:
                _, ok = self.changed_by_click(index, first, "step")
            if ok:
                self.shot_widget(widget, index)    # two steps in: the picture for the README
                for _ in range(10):             # to the end: the button is disabled when done
                    if self.cell(index).locator("button", has_text="step").first.is_disabled():
                        break
                    self.click(index, "step")
                    time.sleep(0.3)
                done, ok = self.wait_for(index, lambda s: "Done" in s["text"], CHANGE_TIMEOUT)
                if not ok:
                    self.problems.append(f"widget cell {index}: stepping to the end never said 'Done'")
                else:
                    _, ok = self.changed_by_click(index, done, "reset")
        elif widget == "training_playground":
            self.click(index, "train")
            _, ok = self.changed(index, before, "pressing train", TRAIN_TIMEOUT,
                                 extra=lambda s: "done in" in s["text"])
        if ok:
            self.widgets_used.append(widget)
            if widget != "backprop_stepper":
                self.shot_widget(widget, index)

    def changed_by_click(self, index, before, label):
        self.click(index, label)
        return self.changed(index, before, f"pressing {label}")

    def shot_widget(self, widget, index):
        cell = self.cell(index)
        cell.scroll_into_view_if_needed()
        time.sleep(0.5)   # let the last picture paint
        cell.screenshot(path=str(SHOTS / f"{self.path.stem}_{widget}.png"))

    def shot_notebook(self):
        self.page.evaluate(f"() => {JS_PANEL}.content.scrollToItem(0)")
        time.sleep(0.5)
        self.page.screenshot(path=str(SHOTS / f"{self.path.stem}.png"))


def main():
    args = parse_args()
    started = time.monotonic()
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        sys.exit(f"browser test: {chromium} is missing. Install Debian's Chromium "
                 "(apt-get install chromium) or set CHROMIUM to a Chromium binary.")
    notebooks = sorted(Path(args.notebooks).glob("[0-9][0-9]_*.ipynb"))
    if args.only:
        notebooks = [p for p in notebooks if p.name in args.only]
    if not notebooks:
        sys.exit(f"browser test: no notebooks in {args.notebooks}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):   # the folder shows this run only
        old.unlink()

    tmp = tempfile.mkdtemp(prefix="micrograd-browser-")
    passed, failed, used = [], [], []
    lab = None
    try:
        lab = Lab(args.notebooks, args.package, tmp)
        lab.wait_until_up()
        print(f"JupyterLab up at {lab.base} (root: a copy of {args.notebooks}) "
              f"after {time.monotonic() - started:.1f} s", flush=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport={"width": 1600, "height": 1000})
            for path in notebooks:
                t0 = time.monotonic()
                page = context.new_page()
                checker = Checker(page, lab, path)
                try:
                    checker.run(stored_cells(path))
                    checker.shot_notebook()
                    page.evaluate(f"() => {JS_PANEL}.sessionContext.shutdown()")
                except PlaywrightError as e:
                    checker.problems.append(f"browser: {str(e).splitlines()[0]}")
                finally:
                    page.close()
                used += checker.widgets_used
                verdict = "FAIL" if checker.problems else "ok  "
                print(f"{verdict} {path.name} ({time.monotonic() - t0:.1f} s): " + "; ".join(
                    checker.notes + [f"used {w}" for w in checker.widgets_used]), flush=True)
                for problem in checker.problems:
                    print(f"       - {problem}", flush=True)
                (failed if checker.problems else passed).append(path.name)
            browser.close()
        if not args.only:
            missing = [w for w in WIDGETS if w not in used]
            if missing:
                print(f"FAIL widgets: not shown working in any notebook: {', '.join(missing)}")
                failed.append("widgets")
        if args.update_images and not failed:
            for shot in sorted(SHOTS.glob("*.png")):
                widget = next((w for w in WIDGETS if shot.stem.endswith("_" + w)), None)
                if widget:
                    target = ROOT / "images" / f"browser_{shot.stem[:2]}_{widget}.png"
                    shutil.copyfile(shot, target)
                    print(f"copied {shot.relative_to(ROOT)} -> {target.relative_to(ROOT)}")
    finally:
        if lab is not None:
            print(f"JupyterLab {lab.stop()}")
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"screenshots in {SHOTS.relative_to(ROOT)}/")
    print(f"browser: {len(passed)} passed, {len(failed)} failed in {time.monotonic() - started:.1f} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
