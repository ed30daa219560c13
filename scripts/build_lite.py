"""Build the in-browser edition (`make lite`): JupyterLite with the Pyodide kernel, in build/lite/.

    .venv-web/bin/python scripts/build_lite.py [--out build/lite]

What goes in the site:
- every notebook (lessons, and exercises/ and solutions/ when they exist), each with one cell put in
  front that installs what that notebook imports (`%pip install ...`: piplite, the kernel's pip);
- a wheel of this package, and the pure-Python wheels it needs in the browser (graphviz, ipywidgets,
  comm, jupyterlab_widgets), served by piplite from the site itself;
- Pyodide's core (the `pyodide` npm package, pinned in package-lock.json) under pyodide/, with the
  pure-Python packages the kernel loads at start (micropip, IPython and its dependencies) beside it;
  the lock file is rewritten so those come from the site and every other Pyodide package (numpy,
  matplotlib, scikit-learn, ...) from Pyodide's CDN at the same version: only notebooks that import
  them need the network in the learner's browser;
- the WebAssembly Graphviz (@viz-js/viz from npm) under vendor/, which `drawdot` uses in the browser
  (micrograd/browser.py).

Downloads: the wheels above, from PyPI (pip, exact versions). Nothing else.
"""

import argparse
import ast
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NODE = ROOT / "node_modules"
WORK = ROOT / "build" / "lite-work"
# The package's pure-Python dependencies in the browser, at the versions requirements.lock pins.
BROWSER_WHEELS = ["graphviz", "ipywidgets", "comm", "jupyterlab-widgets"]
# Pyodide packages the kernel loads before the first cell (micropip, piplite's resolver, IPython and
# the kernel's completions), and their dependencies: served from the site, so a kernel starts offline.
KERNEL_PACKAGES = ["micropip", "packaging", "ipython", "jedi"]
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
# Where Pyodide's own build of every other package lives (the npm package has only the core).
PYODIDE_CDN = "https://cdn.jsdelivr.net/pyodide/v{version}/full/"
# What a top-level import needs from Pyodide's distribution (fetched from its CDN in the browser).
PYODIDE_NEEDS = {"numpy": "numpy", "matplotlib": "matplotlib", "sklearn": "scikit-learn"}
# Imports that cannot work in the browser at all, and why.
UNAVAILABLE = {"torch": "PyTorch has no build for Pyodide"}


def run(*cmd):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True)


def pinned(name):
    """The version requirements.lock pins for `name`."""
    lock = (ROOT / "requirements.lock").read_text()
    match = re.search(rf"^{re.escape(name)}==([^\s;]+)", lock, re.MULTILINE | re.IGNORECASE)
    if match is None:
        sys.exit(f"error: requirements.lock pins no {name}")
    return match.group(1)


def download(specs, dest):
    """Download pure-Python wheels (no dependencies) for the browser's Python into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    run(sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
        "--only-binary=:all:", "--implementation", "py", "--abi", "none", "--platform", "any",
        "--python-version", "3.13", "-d", dest, *specs)


def normalize(name):
    """A distribution name as wheel file names spell it (PEP 427: runs of -_. become _, lower case)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def module_imports(source):
    """Top-level module names imported by Python `source` (IPython magics are skipped)."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def package_imports():
    """For each module of micrograd, the third-party top-level modules it imports (through its own)."""
    own = {p.stem: module_imports(p.read_text()) for p in (ROOT / "micrograd").glob("*.py")}
    relative = {}
    for name, path in ((p.stem, p) for p in (ROOT / "micrograd").glob("*.py")):
        tree = ast.parse(path.read_text())
        relative[name] = {n.module.split(".")[0] for n in ast.walk(tree)
                          if isinstance(n, ast.ImportFrom) and n.level == 1 and n.module}
    closed = {}
    for name in own:
        seen, todo, third = set(), [name], set()
        while todo:
            mod = todo.pop()
            if mod in seen or mod not in own:
                continue
            seen.add(mod)
            third |= {m.split(".")[0] for m in own[mod]}
            todo.extend(relative[mod])
        closed[name] = third
    return closed


def notebook_needs(nb, micrograd_modules):
    """(Pyodide packages to load, imports that cannot work in the browser) for one notebook."""
    imports = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            imports |= module_imports(cell.source)
    tops = {name.split(".")[0] for name in imports}
    for name in imports:
        if name == "micrograd" or name.startswith("micrograd."):
            module = name.split(".")[1] if "." in name else "__init__"
            tops |= micrograd_modules.get(module, set())
    needs = sorted({PYODIDE_NEEDS[t] for t in tops if t in PYODIDE_NEEDS})
    missing = sorted(t for t in tops if t in UNAVAILABLE)
    return needs, missing


def install_cell(needs, missing):
    """The cells put in front of a notebook in the browser edition: a note and the install cell."""
    note = (
        "**In your browser.** This copy of the notebook runs in your browser (JupyterLite). "
        "Run the next cell first: it installs `micrograd` and what this notebook uses."
    )
    if needs:
        note += f" {', '.join(needs)} come from the Pyodide project's website, so this needs the internet."
    for name in missing:
        note += (f" `{name}` cannot be installed here ({UNAVAILABLE[name]}): the cells that use it fail "
                 "in the browser; their stored outputs show what they print.")
    lines = ["%pip install -q --no-deps micrograd-step-by-step", "%pip install -q graphviz ipywidgets"]
    if needs:
        lines.append("%pip install -q " + " ".join(needs))
    # Fixed ids (a new cell would get a random one), so that rebuilding changes no byte.
    return (nbformat.v4.new_markdown_cell(note, id="lite-install-note"),
            nbformat.v4.new_code_cell("\n".join(lines), id="lite-install"))


def copy_notebooks(contents):
    """Copy the notebooks into the site's contents, each with its install cell; return the needs."""
    micrograd_modules = package_imports()
    report = {}
    for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        rel = path.relative_to(NOTEBOOKS)
        nb = nbformat.read(path, as_version=4)
        needs, missing = notebook_needs(nb, micrograd_modules)
        first = 1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0
        nb.cells[first:first] = install_cell(needs, missing)
        dest = contents / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, dest)
        report[rel.as_posix()] = {"pyodide": needs, "unavailable": missing}
    return report


def pyodide_core(out, wheels_dir):
    """Pyodide's core from npm, plus the kernel's packages as local wheels, under out/pyodide/."""
    src = NODE / "pyodide"
    if not src.is_dir():
        sys.exit("error: node_modules/pyodide is missing; run `npm ci` (make lite does)")
    dest = out / "pyodide"
    dest.mkdir(parents=True)
    for name in ["pyodide.mjs", "pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "package.json"]:
        shutil.copy2(src / name, dest / name)
    lock = json.loads((src / "pyodide-lock.json").read_text())
    packages = lock["packages"]
    version = json.loads((src / "package.json").read_text())["version"]
    # The kernel's packages and everything they depend on, at the versions Pyodide's lock names.
    local, todo = set(), list(KERNEL_PACKAGES)
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in local:
            continue
        local.add(name)
        todo.extend(packages[name]["depends"])
    specs = [f"{packages[n]['name']}=={packages[n]['version']}" for n in sorted(local)]
    download(specs, wheels_dir)
    cdn = PYODIDE_CDN.format(version=version)
    downloaded = {tuple(w.name.split("-")[:2]): w for w in wheels_dir.glob("*.whl")}
    for name, entry in packages.items():
        if name in local:
            wheel = downloaded[(normalize(entry["name"]), entry["version"])]
            shutil.copy2(wheel, dest / wheel.name)
            entry["file_name"] = wheel.name
            entry["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
        else:
            entry["file_name"] = cdn + entry["file_name"]
    (dest / "pyodide-lock.json").write_text(json.dumps(lock))
    return sorted(local), cdn


def build(out):
    if out.exists():
        shutil.rmtree(out)
    if WORK.exists():
        shutil.rmtree(WORK)
    pypi = WORK / "pypi"
    pypi.mkdir(parents=True)
    # This package, as the wheel piplite installs.
    run(ROOT / ".venv" / "bin" / "uv", "build", "--quiet", "--wheel", "--out-dir", pypi, ROOT)
    download([f"{name}=={pinned(name)}" for name in BROWSER_WHEELS], pypi)
    needs = copy_notebooks(WORK / "contents")
    config = {"jupyter-lite-schema-version": 0, "jupyter-config-data": {"appName": "micrograd, step by step"}}
    (WORK / "jupyter-lite.json").write_text(json.dumps(config, indent=2))
    jupyter = Path(sys.executable).parent / "jupyter"
    run(jupyter, "lite", "build", "--lite-dir", WORK, "--contents", WORK / "contents", "--output-dir", out)
    # Pyodide from this site, not from its CDN (set after the build: the piplite step rewrites this entry).
    site_config = json.loads((out / "jupyter-lite.json").read_text())
    plugins = site_config["jupyter-config-data"].setdefault("litePluginSettings", {})
    plugins.setdefault(KERNEL_PLUGIN, {})["pyodideUrl"] = "./pyodide/pyodide.mjs"
    (out / "jupyter-lite.json").write_text(json.dumps(site_config, indent=2))
    local, cdn = pyodide_core(out, WORK / "pyodide-wheels")
    viz = out / "vendor" / "viz"
    viz.mkdir(parents=True)
    for name in ["dist/viz.js", "package.json"]:
        shutil.copy2(NODE / "@viz-js" / "viz" / name, viz / Path(name).name)
    (out / "micrograd-lite.json").write_text(json.dumps(
        {"pyodide_cdn": cdn, "local_pyodide_packages": local, "notebooks": needs}, indent=2))
    print(f"make lite: {len(needs)} notebooks -> {out}/")
    for name, need in needs.items():
        if need["pyodide"] or need["unavailable"]:
            print(f"  {name}: from Pyodide's CDN: {', '.join(need['pyodide']) or '-'}; "
                  f"cannot run: {', '.join(need['unavailable']) or '-'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lite")
    args = parser.parse_args()
    build(args.out.resolve())


if __name__ == "__main__":
    main()
