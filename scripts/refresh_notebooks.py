"""Re-execute notebooks in place, top to bottom in a fresh kernel, and store their outputs.

    python scripts/refresh_notebooks.py notebooks/*.ipynb

Used by `make refresh`. Runs each notebook from its own folder (as JupyterLab and
nbval do), keeps no per-cell timing metadata (it would change on every run), and
saves widget state so widgets render when the notebook is read without a kernel.

The kernel names every widget model with a random id. So that re-recording an
unchanged notebook changes no byte, those ids are replaced by ids derived from the
notebook's folder and file name and the order in which the models are reached from the
outputs (see `renumber_widget_ids`).
"""

import hashlib
import json
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
REF_PREFIX = "IPY_MODEL_"   # how one widget model's state refers to another


def refresh(path):
    """Execute the notebook at `path` and write it back with fresh outputs."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=900,
        record_timing=False,
        store_widget_state=True,
        coalesce_streams=True,   # one output per stream, not one per flush: smaller, steadier diffs
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    if _widget_state(nb):
        nb = renumber_widget_ids(nb, id_name(path))
    else:
        nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def id_name(path):
    """What widget ids are derived from: folder and notebook, e.g. "solutions/01_derivatives"."""
    path = Path(path)
    return f"{path.parent.name}/{path.stem}"


def _widget_state(nb):
    """The saved widget models of `nb`, as {model id: model}, or {} if there are none."""
    return nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def renumber_widget_ids(nb, name):
    """Return a copy of `nb` whose widget model ids no longer depend on the run.

    Models are numbered in the order they are reached: cell by cell, output by output, each
    displayed widget and then (depth first, attributes in name order) the models it refers to.
    Models no output reaches come last, ordered by their content. Model number n is renamed
    to the first 32 hex digits of sha256("<name>:<n>"), so ids look like the kernel's and
    differ between notebooks. Every occurrence is replaced: the state's keys, references
    between models ("IPY_MODEL_<id>") and the outputs' widget views.
    """
    state = _widget_state(nb)
    if not state:
        return nb
    order = []

    def visit(model_id):
        if model_id in state and model_id not in order:
            order.append(model_id)
            for ref in _references(state[model_id], state):
                visit(ref)

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                visit(view["model_id"])
    for model_id in sorted(set(state) - set(order), key=lambda m: _masked(state[m], state)):
        visit(model_id)

    new_ids = {old: hashlib.sha256(f"{name}:{n}".encode()).hexdigest()[:32] for n, old in enumerate(order)}
    # One pass over the whole notebook as text, so an old id equal to some new id is not renamed twice.
    old_ids = re.compile("|".join(re.escape(old) for old in sorted(new_ids, key=len, reverse=True)))
    text = old_ids.sub(lambda match: new_ids[match.group()], json.dumps(nb))
    return nbformat.from_dict(json.loads(text))


def _references(value, state):
    """Model ids `value` refers to, in a fixed order (dict keys sorted, lists in order)."""
    if isinstance(value, dict):
        for key in sorted(value):
            yield from _references(value[key], state)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item, state)
    elif isinstance(value, str):
        model_id = value.removeprefix(REF_PREFIX)
        if model_id in state:
            yield model_id


def _masked(model, state):
    """The model as JSON with every model id hidden: a sort key that ignores the random ids."""
    text = json.dumps(model, sort_keys=True)
    for model_id in state:
        text = text.replace(model_id, "?")
    return text


def main(paths):
    if not paths:
        sys.exit("usage: refresh_notebooks.py NOTEBOOK.ipynb ...")
    for p in paths:
        start = time.perf_counter()
        refresh(p)
        print(f"{p}: executed in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
