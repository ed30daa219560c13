"""`drawdot` in the browser: Graphviz compiled to WebAssembly draws the picture.

In the browser edition of the series (JupyterLite), Python runs in Pyodide and there is no `dot`
program to run. There, `GraphPicture.pipe` (so every picture `drawdot` shows) comes here: the
Graphviz source is drawn by @viz-js/viz, Graphviz compiled to WebAssembly, which the site serves at
vendor/viz/viz.js. Everywhere else (JupyterLab, tests, scripts) this module does nothing.
"""

import json
import sys

IN_BROWSER = sys.platform == "emscripten"
VIZ_SCRIPT = "vendor/viz/viz.js"  # where `make lite` puts @viz-js/viz, from the site's root

_viz = None  # once loaded: a JavaScript function, Graphviz source -> SVG text
_loading = None  # the JavaScript promise of it, while it loads


def _site_root():
    """The browser edition's root URL, from the kernel's own script (under extensions/)."""
    import js

    here = str(js.location.href)
    if "/extensions/" not in here:
        raise RuntimeError(
            f"drawdot in the browser needs {VIZ_SCRIPT} of the series' JupyterLite site; "
            f"this kernel runs from {here}"
        )
    return here.split("/extensions/")[0] + "/"


def start_loading():
    """Start loading the WebAssembly Graphviz (done once, when micrograd is imported)."""
    global _loading
    if _loading is None:
        from pyodide.code import run_js

        url = json.dumps(_site_root() + VIZ_SCRIPT)
        render = "(viz) => (source) => viz.renderString(source, {format: 'svg'})"
        _loading = run_js(f"import({url}).then((module) => module.instance()).then({render})")
        _loading.then(_loaded)
    return _loading


def _loaded(render):
    global _viz
    _viz = render


def pipe(source, format=None, encoding=None):
    """Draw Graphviz `source` as `graphviz.Digraph.pipe` would: SVG bytes, or text given `encoding`."""
    if format not in (None, "svg"):
        raise ValueError(f"in the browser drawdot draws SVG only, not {format!r}")
    if _viz is None:
        # Loading started at import; wait for it (the browser's WebAssembly stack switching).
        from pyodide.ffi import run_sync

        _loaded(run_sync(start_loading()))
    svg = str(_viz(source))
    return svg if encoding else svg.encode("utf-8")


if IN_BROWSER:
    start_loading()
