"""Re-execute notebooks in place, top to bottom in a fresh kernel, and store their outputs.

    python scripts/refresh_notebooks.py notebooks/*.ipynb

Used by `make refresh`. Runs each notebook from its own folder (as JupyterLab and
nbval do), keeps no per-cell timing metadata (it would change on every run), and
saves widget state so widgets render when the notebook is read without a kernel.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def refresh(path):
    """Execute the notebook at `path` and write it back with fresh outputs."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=900,
        record_timing=False,
        store_widget_state=True,
        coalesce_streams=True,   # one output per stream, not one per flush: smaller, steadier diffs
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    if not _has_widgets(nb):
        nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def _has_widgets(nb):
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return bool(state.get("state"))


def main(paths):
    if not paths:
        sys.exit("usage: refresh_notebooks.py NOTEBOOK.ipynb ...")
    for p in paths:
        start = time.perf_counter()
        refresh(p)
        print(f"{p}: executed in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
