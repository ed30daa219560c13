"""Pictures of computation graphs with Graphviz: `trace` and `drawdot`.

Node names come from the order in which the graph is walked (n0, n1, ...), never
from `id()`, so the same expression always gives the same picture, byte for byte.
"""

import shutil

import graphviz

from . import browser

HIGHLIGHT_COLOR = "#ffd54f"
# Graphviz's time grows faster than the graph: about a second for 1,000 values, 40 s for
# 10,000, and the moons demo's loss (65,000 values) never comes back. One forward pass of
# micrograd's demo network, MLP(2, [16, 16, 1]), has 1,010 values.
MAX_VALUES = 1200


class GraphvizNotFound(RuntimeError):
    """Raised by `drawdot` when Graphviz's `dot` program is not on the PATH."""


class GraphTooLarge(ValueError):
    """Raised by `drawdot` for a graph with more values than Graphviz draws in a few seconds."""


class GraphPicture(graphviz.Digraph):
    """A `graphviz.Digraph` whose text form says what it shows (and no memory address)."""

    def __repr__(self):
        return f"<drawdot picture: {self.values} values, {self.operations} operations>"

    def pipe(self, format=None, *args, encoding=None, **kwargs):
        if browser.IN_BROWSER:  # no `dot` program in the browser: Graphviz in WebAssembly draws it
            return browser.pipe(self.source, format or self.format, encoding)
        return super().pipe(format, *args, encoding=encoding, **kwargs)


def _escape(text):
    """Escape the characters that have a meaning inside a Graphviz record label."""
    return "".join("\\" + c if c in "{}|<>\\" else c for c in str(text))


def _check_root(root, who):
    """Any value with `data` and `_prev` can be drawn: the package's, or the one a learner writes."""
    if not (hasattr(root, "data") and hasattr(root, "_prev")):
        hint = (" Draw one output at a time, e.g. drawdot(outputs[0]), or their sum."
                if isinstance(root, (list, tuple)) else "")
        raise TypeError(f"{who} expects a Value (the output of a computation), "
                        f"got {type(root).__name__}: {root!r:.80}.{hint}")


def trace(root):
    """Return (nodes, edges) of the graph that produced `root`.

    nodes: every `Value` reachable from `root`, in a fixed (depth-first) order.
    edges: (child, parent) pairs, one per input of each operation, in the same order.
    """
    _check_root(root, "trace")
    nodes, edges, seen = [], [], set()
    stack = [root]
    while stack:
        v = stack.pop()
        if v in seen:
            continue
        seen.add(v)
        nodes.append(v)
        children = tuple(v._prev)    # a tuple here; a set in the lecture's own Value
        for child in children:
            edges.append((child, v))
        stack.extend(reversed(children))
    return nodes, edges


def _require_dot():
    if shutil.which("dot") is None and not browser.IN_BROWSER:
        raise GraphvizNotFound(
            "drawdot needs Graphviz's `dot` program, and none is on the PATH. "
            "`make lab` / `make test` put one in .venv/bin (the graphviz-pure wheel); "
            "start Jupyter through `make lab`, or put .venv/bin on your PATH, "
            "or install Graphviz (conda install -c conda-forge graphviz, apt install graphviz, "
            "brew install graphviz)."
        )


def drawdot(root, rankdir="LR", highlight=(), fmt="svg", max_values=MAX_VALUES):
    """Draw the graph that produced `root` as a `graphviz.Digraph`.

    Each value is a record box "label | data ... | grad ..."; each operation is a small
    oval feeding the value it made.

    Args:
        root: the output `Value`.
        rankdir: "LR" (left to right, the default) or "TB" (top to bottom).
        highlight: values to fill with colour (used to step through backprop).
        fmt: output format of the picture, "svg" by default.
        max_values: a graph with more values raises `GraphTooLarge` at once, instead of
            keeping Graphviz busy for minutes; raise it to draw a larger graph anyway.
    """
    _check_root(root, "drawdot")
    if rankdir not in ("LR", "TB"):
        raise ValueError(f"rankdir must be 'LR' or 'TB', got {rankdir!r}")
    _require_dot()
    nodes, edges = trace(root)
    if len(nodes) > max_values:
        raise GraphTooLarge(
            f"drawdot: this graph has {len(nodes):,} values, more than max_values={max_values:,} "
            "(Graphviz takes about a second for 1,000 values and minutes for 10,000). Draw a "
            "smaller part: one neuron's output, or the loss of a single example instead of "
            "the whole data set; or pass a larger max_values to wait for it."
        )
    name = {v: f"n{i}" for i, v in enumerate(nodes)}
    marked = set(highlight)
    dot = GraphPicture(format=fmt, graph_attr={"rankdir": rankdir})
    dot.values, dot.operations = len(nodes), sum(1 for v in nodes if v._op)
    for v in nodes:
        fill = {"style": "filled", "fillcolor": HIGHLIGHT_COLOR} if v in marked else {}
        label = f"{{ {_escape(v.label)} | data {v.data:.4f} | grad {v.grad:.4f} }}"
        dot.node(name[v], label=label, shape="record", **fill)
        if v._op:
            dot.node(name[v] + "_op", label=v._op)
            dot.edge(name[v] + "_op", name[v])
    for child, parent in edges:
        dot.edge(name[child], name[parent] + "_op")
    return dot
