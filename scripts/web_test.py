"""Check both web editions in headless Chromium with the network cut off (`make test-web`).

    python scripts/web_test.py [--site build/site] [--skip-lite]

The site (html at its root, the JupyterLite edition under lite/) is served on 127.0.0.1. Every request
to any other address is aborted and fails the test, and Chromium cannot resolve any other host anyway.

Static edition: every page loads with no script error; every stored picture shows (each SVG and PNG
output, at a non-zero size), MathJax typesets the math with no error, and each saved widget is drawn
by the widget renderer from the notebook's saved state.
In-browser edition: opens notebook 00 in JupyterLite, starts the Pyodide kernel (Pyodide's core and
every wheel come from the site), runs the notebook's install cell (piplite installs micrograd), then
builds a Value graph, calls backward(), draws it with drawdot (Graphviz in WebAssembly), and moves
an ipywidgets slider whose callback runs in the kernel.
Screenshots go to build/web/.
"""

import argparse
import functools
import http.server
import json
import re
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "web"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--metrics-recording-only",
    # Belt and braces: no host but this machine's can even be resolved.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/octet-stream",
    }

    def log_message(self, *args):
        pass


def serve(directory):
    handler = functools.partial(Handler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class Watch:
    """Everything a test must fail on: requests leaving the site, script errors, console errors."""

    def __init__(self, context, origin):
        self.origin = origin
        self.outside, self.errors = [], []
        context.route("**/*", self._route)
        context.on("request", self._request)

    def _route(self, route):
        if route.request.url.startswith(self.origin) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _request(self, request):
        url = request.url
        local = url.startswith(self.origin) or url.startswith(("data:", "blob:"))
        if not local and url not in self.outside:
            self.outside.append(url)

    def page(self, page):
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: script error: {e}"))

        def console(msg):
            # A missing file is reported (with its address) by the response check below.
            if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
                self.errors.append(f"{page.url}: console error: {msg.text}")

        def response(resp):
            # JupyterLite asks its api/ for optional files a static host does not have, by design.
            if resp.status >= 400 and "/lite/api/" not in resp.url:
                self.errors.append(f"{page.url}: {resp.status} for {resp.url}")

        page.on("console", console)
        page.on("response", response)


def expected(notebook):
    """What a page must show, counted from the notebook's stored outputs."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    counts = {"svg": 0, "png": 0, "widgets": 0}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                counts["widgets"] += 1
            elif "image/svg+xml" in data:
                counts["svg"] += 1
            elif "image/png" in data:
                counts["png"] += 1
    counts["math"] = any(
        "$" in "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"
    )
    return counts


def check_static(context, watch, base, html_dir, notebooks, problems):
    pages = sorted(p for p in html_dir.rglob("*.html")
                   if not {"_static", "lite"} & set(p.relative_to(html_dir).parts))
    for path in pages:
        rel = path.relative_to(html_dir).as_posix()
        page = context.new_page()
        watch.page(page)
        page.goto(base + rel, wait_until="load")
        if rel == "index.html":
            links = page.eval_on_selector_all("table a[href$='.html']", "els => els.length")
            if links < 1:
                problems.append("index.html: the README's notebook table has no links to pages")
            page.close()
            continue
        want = expected(notebooks / Path(rel).with_suffix(".ipynb"))
        out = ".jp-OutputArea-output"
        if want["widgets"]:
            try:
                page.wait_for_function(
                    "n => [...document.querySelectorAll('div.jupyter-widgets')]"
                    ".filter(d => d.querySelector('.widget-container, .widget-inline-hbox, .jupyter-widgets"
                    " .lm-Widget')).length >= n",
                    arg=want["widgets"], timeout=30_000)
            except Exception:
                problems.append(f"{rel}: the saved widgets did not render ({want['widgets']} expected)")
        if want["math"]:
            try:
                page.wait_for_function("() => document.querySelectorAll('mjx-container').length > 0",
                                       timeout=30_000)
            except Exception:
                problems.append(f"{rel}: MathJax typeset no math")
            if page.locator("mjx-merror").count():
                problems.append(f"{rel}: MathJax shows {page.locator('mjx-merror').count()} math errors")
        page.wait_for_timeout(300)
        svgs = page.eval_on_selector_all(
            f"{out}.jp-RenderedSVG svg, {out}.jp-RenderedSVG img",
            "els => els.map(e => e.getBoundingClientRect().width)")
        pngs = page.eval_on_selector_all(
            f"{out}.jp-RenderedImage img",
            "els => els.map(e => e.complete ? e.naturalWidth : 0)")
        if len(svgs) < want["svg"] or not all(w > 0 for w in svgs):
            problems.append(f"{rel}: {want['svg']} SVG pictures stored, {len(svgs)} shown, widths {svgs}")
        if len(pngs) < want["png"] or not all(w > 0 for w in pngs):
            problems.append(f"{rel}: {want['png']} PNG pictures stored, {len(pngs)} shown, widths {pngs}")
        # Pictures inside the widgets (their saved first state) must have loaded too.
        broken = page.eval_on_selector_all(
            "div.jupyter-widgets img", "els => els.filter(e => !e.complete || !e.naturalWidth).length")
        if broken:
            problems.append(f"{rel}: {broken} pictures inside widgets did not load")
        print(f"  {rel}: {len(svgs)} SVG, {len(pngs)} PNG, {want['widgets']} widget(s), "
              f"math {'yes' if want['math'] else 'none'}", flush=True)
        if rel == "04_backward.html":
            widget = page.locator("div.jupyter-widgets").first
            widget.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "html_04_backward.png"), full_page=False)
        page.close()
    return len(pages)


SMOKE_GRAPH = """# smoke test: a graph
from micrograd import Value, drawdot
a, b = Value(2.0, label="a"), Value(-3.0, label="b")
L = (a * b + 10.0).tanh(); L.label = "L"
L.backward()
print(f"grads {a.grad:.4f} {b.grad:.4f}")
drawdot(L)"""

SMOKE_SLIDER = """# smoke test: a slider
import ipywidgets as widgets
slider = widgets.IntSlider(value=3, min=0, max=10, description="n")
seen = widgets.Label("slider at 3")
slider.observe(lambda change: setattr(seen, "value", f"slider at {change['new']}"), names="value")
widgets.VBox([slider, seen])"""


def run_new_cell(page, code):
    """Insert a cell below the active one, type `code` into it and run it; return the cell."""
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.keyboard.press("Enter")
    for line in code.splitlines():
        page.keyboard.type(line)
        page.keyboard.press("Enter")
        # The editor keeps the indentation of the line before; these lines have none.
        page.keyboard.press("Shift+Home")
        page.keyboard.press("Delete")
    page.keyboard.press("Control+Enter")
    return page.locator(".jp-CodeCell", has_text=code.splitlines()[0]).last


def check_lite(context, watch, base, problems):
    page = context.new_page()
    watch.page(page)
    start = time.monotonic()
    page.goto(base + "lite/lab/index.html?path=00_overview.ipynb", wait_until="load")
    # The notebook's install cell, exactly as a learner runs it first (piplite, wheels from the site).
    install = page.locator(".jp-CodeCell", has_text="%pip install").first
    install.wait_for(timeout=120_000)
    install.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+Enter")
    try:
        install.locator(".jp-InputPrompt", has_text="[1]").wait_for(timeout=240_000)
    except Exception:
        problems.append(f"lite: the kernel did not run the install cell: {install.inner_text()[:500]}")
        page.screenshot(path=str(SHOTS / "lite_smoke.png"))
        page.close()
        return
    took = time.monotonic() - start
    print(f"  lite: Pyodide kernel started, micrograd installed in {took:.0f} s", flush=True)
    graph = run_new_cell(page, SMOKE_GRAPH)
    try:
        graph.locator(".jp-OutputArea").get_by_text("grads -0.0040 0.0027").wait_for(timeout=60_000)
        picture = graph.locator(".jp-RenderedSVG img, .jp-RenderedSVG svg").first
        picture.wait_for(timeout=60_000)
        # JupyterLab shows the SVG as an <img>: it must decode (a picture, not Graphviz text) and be
        # the graph (the root's label, drawn as text in the SVG).
        shown = picture.evaluate(
            "e => e.tagName === 'IMG' ? [e.naturalWidth, decodeURIComponent(e.src)]"
            " : [e.getBoundingClientRect().width, e.outerHTML]")
        if not shown[0] or "<svg" not in shown[1] or "grad 1.0000" not in shown[1]:
            problems.append(f"lite: drawdot's picture did not show: {shown[1][:300]}")
    except Exception:
        problems.append(f"lite: Value graph / backward / drawdot cell failed: {graph.inner_text()[:800]}")
    slider_cell = run_new_cell(page, SMOKE_SLIDER)
    try:
        handle = slider_cell.locator(".widget-slider .noUi-handle")
        handle.first.wait_for(timeout=60_000)
        label = slider_cell.locator(".jp-OutputArea .widget-label")
        label.get_by_text("slider at 3").wait_for(timeout=30_000)
        # Once the cell has run (its prompt shows a number), drag the handle most of the way along the
        # track, as a learner would with the mouse; the label changes only if the kernel's callback ran.
        slider_cell.locator(".jp-InputPrompt", has_text=re.compile(r"\[\d+\]")).wait_for(timeout=60_000)
        track = slider_cell.locator(".widget-slider .noUi-base").first
        moved = label.get_by_text(re.compile(r"slider at ([4-9]|10)"))
        for attempt in range(3):
            page.wait_for_timeout(1000)
            box = track.bounding_box()
            if attempt == 1:  # the keyboard: the handle takes focus, arrows move it
                handle.first.click()
                for _ in range(3):
                    page.keyboard.press("ArrowRight")
            else:  # the mouse: press on the handle, move along the track, release
                start = handle.first.bounding_box()
                page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
                page.mouse.down()
                page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2, steps=10)
                page.mouse.up()
            try:
                moved.wait_for(timeout=15_000)
                break
            except Exception:
                continue
        moved.wait_for(timeout=1_000)
        print("  lite: Value graph, backward(), drawdot and the slider (kernel callback) work", flush=True)
    except Exception:
        shown = slider_cell.locator(".jp-OutputArea").inner_text()
        problems.append(f"lite: the slider did not answer: {shown}")
    graph.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "lite_smoke.png"), full_page=False)
    page.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--skip-lite", action="store_true")
    args = parser.parse_args()
    SHOTS.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    server, base = serve(args.site)
    problems = []
    origin = base.rstrip("/")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 1300})
        watch = Watch(context, origin)
        print("static edition:", flush=True)
        count = check_static(context, watch, base, args.site, args.notebooks, problems)
        if not args.skip_lite:
            print("in-browser edition:", flush=True)
            context.close()
            context = browser.new_context(viewport={"width": 1280, "height": 1300})
            lite_watch = Watch(context, origin)
            check_lite(context, lite_watch, base, problems)
            watch.errors += lite_watch.errors
            watch.outside += lite_watch.outside
        browser.close()
    server.shutdown()
    problems += watch.errors
    problems += [f"request leaving the site: {url}" for url in watch.outside]
    for problem in problems:
        print("FAIL:", problem)
    print(f"web test: {count} static pages{'' if args.skip_lite else ' + the in-browser smoke test'}, "
          f"{len(problems)} problems, {time.monotonic() - start:.0f} s; screenshots in {SHOTS}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
