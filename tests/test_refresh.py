"""`make refresh` records widget model ids that do not depend on the run.

The kernel names widget models with random ids; scripts/refresh_notebooks.py renames them
from the notebook's name and the order the models are reached. These tests build a small
notebook twice with different random ids (as two runs would) and check both come out
byte for byte the same, with every reference still pointing at a model. The last test
checks the stored notebooks were recorded that way. The full check (re-executing every
notebook and comparing bytes) is `make check-refresh`.
"""

import importlib.util
import random
import uuid
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("refresh_notebooks", ROOT / "scripts" / "refresh_notebooks.py")
refresh_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(refresh_notebooks)
renumber = refresh_notebooks.renumber_widget_ids

STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"


def _model(name, **state):
    return {"model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0",
            "model_name": name, "state": state}


def widget_notebook(rng):
    """A notebook like a kernel records it: a box holding a slider and an output, displayed
    in the second cell, plus a layout no output shows; ids random, state in random order."""
    ids = {key: uuid.UUID(int=rng.getrandbits(128), version=4).hex
           for key in ("box", "slider", "out", "layout", "style", "orphan")}
    ref = "IPY_MODEL_{}".format
    state = {
        ids["box"]: _model("VBoxModel", children=[ref(ids["slider"]), ref(ids["out"])]),
        ids["slider"]: _model("FloatSliderModel", layout=ref(ids["layout"]), style=ref(ids["style"]),
                              value=3.0),
        ids["out"]: _model("OutputModel", outputs=[]),
        ids["layout"]: _model("LayoutModel", width="300px"),
        ids["style"]: _model("SliderStyleModel", description_width=""),
        ids["orphan"]: _model("LayoutModel", width="auto"),
    }
    items = list(state.items())
    rng.shuffle(items)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import ipywidgets", id="import", execution_count=1),
        nbformat.v4.new_code_cell("box", id="show", execution_count=2, outputs=[nbformat.v4.new_output(
            "display_data", data={VIEW: {"model_id": ids["box"], "version_major": 2, "version_minor": 0},
                                  "text/plain": "VBox(...)"})]),
    ]
    nb.metadata["widgets"] = {STATE: {"state": dict(items), "version_major": 2, "version_minor": 0}}
    return nb, ids


def _state(nb):
    return nb.metadata["widgets"][STATE]["state"]


def test_two_runs_give_the_same_bytes():
    first, _ = widget_notebook(random.Random(1))
    second, _ = widget_notebook(random.Random(2))
    assert nbformat.writes(first) != nbformat.writes(second)
    assert nbformat.writes(renumber(first, "07_demo")) == nbformat.writes(renumber(second, "07_demo"))


def test_every_kernel_id_is_replaced_and_every_reference_resolves():
    nb, ids = widget_notebook(random.Random(3))
    text = nbformat.writes(renumber(nb, "07_demo"))
    for old in ids.values():
        assert old not in text
    out = renumber(nb, "07_demo")
    state = _state(out)
    assert len(state) == len(ids)
    shown = out.cells[1].outputs[0].data[VIEW]["model_id"]
    assert shown in state
    box = state[shown]["state"]
    for child in box["children"]:
        assert child.removeprefix("IPY_MODEL_") in state
    slider = state[box["children"][0].removeprefix("IPY_MODEL_")]
    assert slider["model_name"] == "FloatSliderModel"
    assert slider["state"]["layout"].removeprefix("IPY_MODEL_") in state


def test_ids_are_numbered_from_the_displayed_widget_and_differ_between_notebooks():
    nb, _ = widget_notebook(random.Random(4))
    a, b = renumber(nb, "07_demo"), renumber(nb, "08_demo")
    first_a = a.cells[1].outputs[0].data[VIEW]["model_id"]
    first_b = b.cells[1].outputs[0].data[VIEW]["model_id"]
    assert first_a == refresh_notebooks.hashlib.sha256(b"07_demo:0").hexdigest()[:32] != first_b
    assert set(_state(a)).isdisjoint(_state(b))


def test_renumbering_twice_changes_nothing():
    nb, _ = widget_notebook(random.Random(5))
    once = renumber(nb, "07_demo")
    assert nbformat.writes(renumber(once, "07_demo")) == nbformat.writes(once)


def test_ids_are_named_after_folder_and_notebook():
    path = Path("notebooks/solutions/01_derivatives.ipynb")
    assert refresh_notebooks.id_name(path) == "solutions/01_derivatives"


def test_a_notebook_without_widgets_is_left_alone():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1", execution_count=1)])
    assert nbformat.writes(renumber(nb, "00_x")) == nbformat.writes(nb)


STORED = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


@pytest.mark.parametrize("path", STORED, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_stored_notebooks_have_refresh_ids(path):
    """A notebook saved from JupyterLab keeps the kernel's random ids: re-record it with make refresh."""
    nb = nbformat.read(path, as_version=4)
    assert nbformat.writes(renumber(nb, refresh_notebooks.id_name(path))) == nbformat.writes(nb), (
        f"{path.name} has widget ids `make refresh` would change; run make refresh and commit")
