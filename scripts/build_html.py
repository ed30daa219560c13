"""Build the static web edition (`make html`): every notebook as a web page, from its stored outputs.

    python scripts/build_html.py [--out build/html]

Each page is nbconvert's HTML export with JupyterLab's look (its "lab" template, extended by
scripts/web/page.html.j2), so the pictures (Graphviz SVGs, matplotlib PNGs), the math and every
widget in its saved first state show as in JupyterLab. Nothing is fetched while building and no page
asks another site for anything: require.js, the widget renderer (@jupyter-widgets/html-manager) and
MathJax are copied from node_modules/ (pinned in package.json / package-lock.json) into _static/.

The index page is the README's notebook table, its links pointed at the pages; each page links the
previous and the next notebook, the index, and the same notebook in the in-browser edition (lite/).
"""

import argparse
import html
import re
import shutil
import sys
from pathlib import Path

import mistune
import nbformat
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NODE = ROOT / "node_modules"
WEB = Path(__file__).resolve().parent / "web"
# The notebook groups, in reading order; exercises/ and solutions/ appear when they exist.
GROUPS = [("", "Lessons"), ("exercises", "Exercises"), ("solutions", "Solutions")]
# What each copied npm package gives the site: (package, files or folders inside it, where in _static/).
# Each package's package.json goes along: it names the version and the licence.
# A notebook's link to another notebook ("02_value_and_drawdot.ipynb#..."), made a link to its page.
NOTEBOOK_LINK = re.compile(r'href="(?![a-z]+:|(?:\.\./)*lite/)([^"#?]+)\.ipynb(#[^"]*)?"')
ASSETS = [
    ("requirejs", ["require.js", "package.json"], "requirejs"),
    ("mathjax", ["es5/tex-chtml-full.js", "es5/output/chtml/fonts/woff-v2", "LICENSE", "package.json"],
     "mathjax"),
    ("@jupyter-widgets/html-manager", ["dist/embed-amd.js", "dist/*.woff", "dist/*.woff2", "dist/*.ttf",
                                       "dist/*.eot", "dist/*.svg", "package.json"], "html-manager"),
]


def copy_assets(static):
    """Copy the pinned JavaScript (and its fonts and licences) into `static`; fail if any is missing."""
    for package, patterns, target in ASSETS:
        src = NODE / package
        if not src.is_dir():
            sys.exit(f"error: {src} is missing; run `npm ci` (make html does) to install package-lock.json")
        for pattern in patterns:
            matches = sorted(src.glob(pattern))
            if not matches:
                sys.exit(f"error: nothing matches {package}/{pattern}: is the pinned version installed?")
            for path in matches:
                # es5/ (MathJax's build) and dist/ (the widget renderer's) are left out of the site's paths.
                rel = path.relative_to(src)
                if rel.parts[0] in ("es5", "dist"):
                    rel = rel.relative_to(rel.parts[0])
                dest = static / target / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                if path.is_dir():
                    shutil.copytree(path, dest, dirs_exist_ok=True)
                else:
                    shutil.copy2(path, dest)
    shutil.copy2(WEB / "site.css", static / "site.css")
    # The template loads require.js under the name it has on a CDN.
    shutil.move(static / "requirejs" / "require.js", static / "requirejs" / "require.min.js")


def notebook_title(nb, path):
    """The notebook's first markdown heading, else its file name."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#+\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return re.sub(r"[*_`]", "", match.group(1)).strip()
    return path.stem


def collect_pages():
    """The notebooks to render, grouped and in reading order: [(group title, [Path, ...]), ...]."""
    groups = []
    for folder, title in GROUPS:
        paths = sorted((NOTEBOOKS / folder).glob("*.ipynb"))
        if paths:
            groups.append((title, paths))
    return groups


def readme_table_html():
    """The README's "The notebooks" section as HTML, its notebook links pointed at the pages."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## The notebooks\n(.*?)(?=^## )", readme, re.MULTILINE | re.DOTALL)
    if match is None:
        sys.exit("error: README.md has no '## The notebooks' section to make the index page from")
    body = mistune.create_markdown(plugins=["table"])(match.group(1))
    return re.sub(r'href="notebooks/([^"#]+)\.ipynb', r'href="\1.html', body)


def write_index(out, groups, linked):
    """index.html: the README's table, then any notebook the table does not link (exercises, ...)."""
    parts = [readme_table_html()]
    for title, paths in groups:
        rest = [p for p in paths if p.relative_to(NOTEBOOKS).with_suffix(".html").as_posix() not in linked]
        if rest:
            items = "".join(
                f'<li><a href="{p.relative_to(NOTEBOOKS).with_suffix(".html").as_posix()}">'
                f"{html.escape(t)}</a></li>"
                for p, t in ((p, notebook_title(nbformat.read(p, as_version=4), p)) for p in rest)
            )
            parts.append(f"<h2>{title}</h2><ul>{items}</ul>")
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>micrograd, step by step</title>
<link rel="stylesheet" href="_static/site.css">
</head>
<body>
<main class="mg-index-page">
<h1>micrograd, step by step</h1>
<p>Andrej Karpathy's lecture <em>The spelled-out intro to neural networks and backpropagation: building
micrograd</em>, rebuilt cell by cell. These pages show every notebook with its stored outputs: read them here,
or <a class="mg-lite" href="lite/lab/index.html">run them in your browser</a> (nothing to install).</p>
{"".join(parts)}
</main>
</body>
</html>
"""
    (out / "index.html").write_text(page, encoding="utf-8")


def build(out):
    if out.exists():
        shutil.rmtree(out)
    static = out / "_static"
    static.mkdir(parents=True)
    copy_assets(static)
    groups = collect_pages()
    exporter = HTMLExporter(
        template_name="lab",
        extra_template_paths=[str(WEB)],
        template_file="page.html.j2",
    )
    count = 0
    for _, paths in groups:
        titles = [notebook_title(nbformat.read(p, as_version=4), p) for p in paths]
        for i, path in enumerate(paths):
            rel = path.relative_to(NOTEBOOKS)
            up = "../" * (len(rel.parts) - 1)
            static_url = f"{up}_static"

            # Neighbours are in the same folder, so their bare file name is the link.
            prev_link, next_link = (
                {"href": paths[j].with_suffix(".html").name, "title": titles[j]} if 0 <= j < len(paths)
                else None
                for j in (i - 1, i + 1)
            )
            exporter.require_js_url = f"{static_url}/requirejs/require.min.js"
            exporter.widget_renderer_url = f"{static_url}/html-manager/embed-amd.js"
            exporter.mathjax_url = f"{static_url}/mathjax/tex-chtml-full.js"
            resources = {
                "static": static_url,
                "prev": prev_link,
                "next": next_link,
                "index_href": f"{up}index.html",
                "lite_href": f"{up}lite/notebooks/index.html?path={rel.as_posix()}",
                "metadata": {"name": titles[i]},
            }
            body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4), resources=resources)
            body = NOTEBOOK_LINK.sub(r'href="\1.html\2"', body)
            dest = out / rel.with_suffix(".html")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(body, encoding="utf-8")
            count += 1
    linked = set(re.findall(r'href="([^"#:]+\.html)"', readme_table_html()))
    write_index(out, groups, linked)
    (out / ".nojekyll").write_text("")  # GitHub Pages: serve _static/ as it is
    print(f"make html: {count} notebooks -> {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}/")
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "html")
    args = parser.parse_args()
    build(args.out.resolve())


if __name__ == "__main__":
    main()
