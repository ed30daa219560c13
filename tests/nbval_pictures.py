"""A pytest plugin: nbval also compares the pictures (image/png) a notebook stores.

nbval compares text outputs but skips image/png, so a changed plot, or two stored plots
swapped, passed `make test`. With this plugin (loaded by pyproject.toml's addopts), each
stored PNG is compared with the one the fresh run makes, the way matplotlib compares its
own test images: same size, and a root-mean-square pixel difference (on the 0-255 scale)
of at most RMS_TOLERANCE. Exact bytes are not required, so a font rasterized a shade
differently on another machine with the same pinned packages passes; a different plot,
or the same plot with other data, does not.

Not compared: the still PNG a widget stores beside its state (`application/vnd.jupyter.widget-view+json`).
It is a fallback for viewers without widgets, some of them drawn by whichever Graphviz is on
the machine; the widget's state and its text summary are still compared by nbval.
"""

import base64
import io

import numpy as np
import pytest

RMS_TOLERANCE = 2.0
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def stored_pictures(outputs):
    """The base64 PNGs of a cell's outputs, in order, leaving out widget stills."""
    return [out["data"]["image/png"] for out in outputs
            if "image/png" in out.get("data", {}) and WIDGET_MIME not in out["data"]]


def pixels(png_base64):
    """A PNG as an RGBA array of ints from 0 to 255."""
    from matplotlib import image

    array = image.imread(io.BytesIO(base64.b64decode(png_base64)), format="png")
    if array.dtype != np.uint8:
        array = np.round(array * 255)
    if array.ndim == 2:
        array = np.stack([array] * 3, axis=-1)
    if array.shape[-1] == 3:
        array = np.concatenate([array, np.full(array.shape[:2] + (1,), 255)], axis=-1)
    return array.astype(np.int16)


def picture_differences(fresh_outputs, stored_outputs, tolerance=RMS_TOLERANCE):
    """What differs between the stored pictures and the fresh ones, as lines of text (empty: none)."""
    fresh, stored = stored_pictures(fresh_outputs), stored_pictures(stored_outputs)
    if len(fresh) != len(stored):
        return [f"the cell stored {len(stored)} PNG picture(s), the fresh run made {len(fresh)}"]
    problems = []
    for i, (new, old) in enumerate(zip(fresh, stored, strict=True)):
        if new == old:
            continue
        a, b = pixels(new), pixels(old)
        if a.shape != b.shape:
            problems.append(f"picture {i + 1}: size {b.shape[1]}x{b.shape[0]} stored, "
                            f"{a.shape[1]}x{a.shape[0]} now")
            continue
        rms = float(np.sqrt(np.mean((a - b) ** 2)))
        if rms > tolerance:
            problems.append(f"picture {i + 1}: differs from the stored one (RMS {rms:.2f} on the 0-255 "
                            f"scale, tolerance {tolerance})")
    return problems


def _compare_outputs_and_pictures(original):
    def compare_outputs(self, test, ref, skip_compare=None):
        same = original(self, test, ref, skip_compare)      # sets self.comparison_traceback
        problems = picture_differences(test, ref)
        self.comparison_traceback += [f"image/png: {p}" for p in problems]
        return same and not problems
    compare_outputs.__wrapped__ = original
    return compare_outputs


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """With --nbval, make nbval's cell comparison include the pictures."""
    if not getattr(config.option, "nbval", False):
        return
    from nbval.plugin import IPyNbCell

    if not hasattr(IPyNbCell.compare_outputs, "__wrapped__"):
        IPyNbCell.compare_outputs = _compare_outputs_and_pictures(IPyNbCell.compare_outputs)
