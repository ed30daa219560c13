"""The nbval_pictures plugin: a changed or swapped stored plot fails nbval; a shade of difference does not."""

import base64
import copy
import io
from pathlib import Path

import nbformat
import numpy as np
import pytest
from matplotlib import image
from nbclient import NotebookClient
from nbval_pictures import picture_differences, pixels

ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["pytester"]   # runs nbval inside this process: seconds quicker than a new pytest

PLOT = """import matplotlib.pyplot as plt
plt.figure(figsize=(3, 2))
plt.plot([0, 1, 2], {ys})
plt.show()"""


@pytest.fixture(scope="module")
def recorded():
    """A two-plot notebook, run and stored with its outputs, as the series' notebooks are."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(PLOT.format(ys=ys)) for ys in ([0, 1, 4], [4, 1, 0])]
    NotebookClient(nb, kernel_name="python3").execute()
    return nb


def png_of(cell):
    return next(out["data"]["image/png"] for out in cell.outputs if "image/png" in out.get("data", {}))


def set_png(cell, png):
    with_png(cell.outputs, png)


def with_png(outputs, png):
    """`outputs` with their PNG replaced (in place), returned."""
    next(out for out in outputs if "image/png" in out.get("data", {}))["data"]["image/png"] = png
    return outputs


def run_nbval(nb, pytester):
    """nbval on `nb`, in this process, with this project's pytest settings (which load the plugin)."""
    path = pytester.path / "plots.ipynb"
    nbformat.write(nb, path)
    return pytester.runpytest_inprocess("-c", str(ROOT / "pyproject.toml"), str(path),
                                        "--nbval", "--nbval-current-env", "-p", "no:xdist")


def nudged(png, amount):
    """The same picture with a few pixels changed by `amount` (of 255), as another machine might draw it."""
    array = pixels(png).astype(np.uint8)
    array[10:14, 10:14, :3] = np.clip(array[10:14, 10:14, :3].astype(int) + amount, 0, 255)
    buf = io.BytesIO()
    image.imsave(buf, array, format="png")
    return base64.b64encode(buf.getvalue()).decode("ascii")


# That the plugin passes a stored plot drawn again unchanged, every plot of the series shows under
# `make test`; this checks that it fails one that changed, with this project's settings.
def test_two_swapped_plots_fail(recorded, pytester):
    nb = copy.deepcopy(recorded)
    first, second = png_of(nb.cells[0]), png_of(nb.cells[1])
    assert first != second
    set_png(nb.cells[0], second)
    set_png(nb.cells[1], first)
    result = run_nbval(nb, pytester)
    result.assert_outcomes(failed=2)
    assert "image/png: picture 1: differs from the stored one" in result.stdout.str()


def test_a_shade_of_difference_passes_and_a_changed_plot_does_not(recorded):
    png = png_of(recorded.cells[0])
    outputs = recorded.cells[0].outputs
    assert picture_differences(outputs, with_png(copy.deepcopy(outputs), nudged(png, 3))) == []
    other_plot = with_png(copy.deepcopy(outputs), png_of(recorded.cells[1]))
    assert picture_differences(outputs, other_plot)[0].startswith("picture 1: differs from the stored one")


def test_a_missing_or_resized_plot_is_named():
    def output(png):
        return [{"output_type": "display_data", "data": {"image/png": png}}]

    small, large = (base64.b64encode(_png(size)).decode("ascii") for size in (4, 6))
    assert picture_differences(output(small), []) == [
        "the cell stored 0 PNG picture(s), the fresh run made 1"]
    assert picture_differences(output(small), output(large)) == ["picture 1: size 6x6 stored, 4x4 now"]


def test_widget_stills_are_left_to_the_widget_state():
    still = {"output_type": "display_data",
             "data": {"image/png": base64.b64encode(_png(4)).decode("ascii"),
                      "application/vnd.jupyter.widget-view+json": {"model_id": "x"}}}
    other = copy.deepcopy(still)
    other["data"]["image/png"] = base64.b64encode(_png(6)).decode("ascii")
    assert picture_differences([still], [other]) == []


def _png(size):
    buf = io.BytesIO()
    image.imsave(buf, np.zeros((size, size, 3), dtype=np.uint8), format="png")
    return buf.getvalue()
