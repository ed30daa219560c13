"""Tests of `trace` and `drawdot`: same expression, same picture; every number shown."""

import html
import re
import shutil
import sys
from pathlib import Path

import graphviz
import pytest

from micrograd import Value, drawdot, trace
from micrograd.graph import HIGHLIGHT_COLOR, GraphPicture


@pytest.fixture(autouse=True)
def dot_on_path(monkeypatch):
    """Find Graphviz's `dot` as `make test` does: .venv/bin (beside this Python) goes first on PATH."""
    if shutil.which("dot") is None:
        monkeypatch.setenv("PATH", str(Path(sys.executable).parent), prepend=":")
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's `dot` is not installed (run `make setup`)")


def lecture_L():
    """The lecture's first expression, with labels and gradients: L = (a*b + c) * f = -8."""
    a, b, c, f = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c"), Value(-2.0, label="f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    L.backward()
    return L, dict(a=a, b=b, c=c, d=d, e=e, f=f, L=L)


def svg_text(picture):
    """The rendered SVG with entities such as &#45; turned back into characters."""
    return html.unescape(picture.pipe(format="svg", encoding="utf-8"))


def test_two_builds_of_the_same_expression_give_identical_pictures():
    first = drawdot(lecture_L()[0])
    _unrelated = [Value(float(i)) for i in range(100)]   # the second build's values sit elsewhere in memory
    second = drawdot(lecture_L()[0])
    assert first.source == second.source
    assert first.pipe(format="svg") == second.pipe(format="svg")


def test_picture_shows_data_and_grad_of_every_value():
    L, values = lecture_L()
    picture = drawdot(L)
    svg = svg_text(picture)
    for name, v in values.items():
        box = f"{name} | data {v.data:.4f} | grad {v.grad:.4f}"
        assert box in picture.source, box
        for text in (name, f"data {v.data:.4f}", f"grad {v.grad:.4f}"):
            assert f">{text}</text>" in svg, text


def test_picture_of_d_equals_a_times_b_plus_c():
    a, b, c = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c")
    d = a * b + c
    d.backward()
    svg = svg_text(drawdot(d))
    assert ">data 2.0000</text>" in svg and ">grad -3.0000</text>" in svg     # a: dd/da = b = -3
    assert ">data 4.0000</text>" in svg                                       # d


def test_picture_shows_each_operation_once():
    L, _ = lecture_L()
    source = drawdot(L).source
    operations = re.findall(r'(n\d+_op) \[label="(.)"\]', source)
    assert operations == [("n0_op", "*"), ("n1_op", "+"), ("n2_op", "*")]


def test_highlight_fills_exactly_the_highlighted_values():
    L, v = lecture_L()
    nodes, _ = trace(L)
    chosen = [v["a"], v["d"], v["L"]]
    picture = drawdot(L, highlight=chosen)
    filled = set(re.findall(rf'^\t(n\d+) \[.*fillcolor="{HIGHLIGHT_COLOR}"', picture.source, re.M))
    assert filled == {f"n{nodes.index(x)}" for x in chosen}
    assert picture.pipe(format="svg", encoding="utf-8").count(f'fill="{HIGHLIGHT_COLOR}"') == len(chosen)


def test_no_highlight_fills_nothing():
    L, _ = lecture_L()
    picture = drawdot(L)
    assert "fillcolor" not in picture.source
    assert HIGHLIGHT_COLOR not in picture.pipe(format="svg", encoding="utf-8")


def test_trace_order_is_depth_first_from_the_output():
    L, v = lecture_L()
    nodes, edges = trace(L)
    assert nodes == [v[k] for k in ("L", "d", "e", "a", "b", "c", "f")]
    names = [("d", "L"), ("f", "L"), ("e", "d"), ("c", "d"), ("a", "e"), ("b", "e")]
    assert edges == [(v[child], v[parent]) for child, parent in names]
    assert trace(L) == (nodes, edges)


def test_node_names_follow_the_trace_order():
    L, _ = lecture_L()
    nodes, _ = trace(L)
    source = drawdot(L).source
    for i, value in enumerate(nodes):
        assert f'\tn{i} [label="{{ {value.label} | data {value.data:.4f}' in source


def test_a_value_used_twice_gets_two_edges():
    a = Value(3.0, label="a")
    out = a * a
    nodes, edges = trace(out)
    assert nodes == [out, a] and edges == [(a, out), (a, out)]
    assert drawdot(out).source.count("n1 -> n0_op") == 2


def test_repr_has_no_memory_address():
    L, _ = lecture_L()
    picture = drawdot(L)
    assert repr(picture) == "<drawdot picture: 7 values, 3 operations>"
    assert "0x" not in repr(picture)


def test_picture_is_a_graphviz_digraph_that_jupyter_shows_as_svg():
    picture = drawdot(Value(2.0) * 3)
    assert isinstance(picture, GraphPicture) and isinstance(picture, graphviz.Digraph)
    assert "<svg" in picture._repr_mimebundle_()["image/svg+xml"]


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_rankdir(rankdir):
    assert f"rankdir={rankdir}" in drawdot(Value(1.0) + 1, rankdir=rankdir).source


def test_labels_with_record_characters_are_escaped():
    v = Value(1.0, label="x|{y}<z>")
    picture = drawdot(v * 2)
    assert r"x\|\{y\}\<z\>" in picture.source
    assert ">x|{y}<z></text>" in svg_text(picture)


def test_the_whole_dot_source_of_a_small_graph():
    a = Value(2.0, label="a")
    out = a * 3
    out.label = "out"
    picture = drawdot(out)
    assert picture.source == (
        "digraph {\n"
        "\tgraph [rankdir=LR]\n"
        '\tn0 [label="{ out | data 6.0000 | grad 0.0000 }" shape=record]\n'
        '\tn0_op [label="*"]\n'
        "\tn0_op -> n0\n"
        '\tn1 [label="{ a | data 2.0000 | grad 0.0000 }" shape=record]\n'
        '\tn2 [label="{  | data 3.0000 | grad 0.0000 }" shape=record]\n'
        "\tn1 -> n0_op\n"
        "\tn2 -> n0_op\n"
        "}\n"
    )
    assert picture.format == "svg"
    assert drawdot(out, fmt="png").format == "png"


def test_trace_goes_on_past_a_value_it_has_already_seen():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    out = (a + a) + b          # a is met twice before b is reached
    nodes, edges = trace(out)
    assert [v.label for v in nodes[2:]] == ["a", "b"] and len(nodes) == 4
    assert len(edges) == 4


def test_only_record_characters_are_escaped():
    v = Value(1.0, label="XX x_1 ^2 (y)")
    assert '"{ XX x_1 ^2 (y) | data' in drawdot(v).source


class LearnersValue:
    """A value class as a learner writes it in the lecture: data, grad, label, _op, _prev as a set."""

    def __init__(self, data, children=(), op="", label=""):
        self.data, self.grad, self.label, self._op, self._prev = data, 0.0, label, op, set(children)

    def __mul__(self, other):
        return LearnersValue(self.data * other.data, (self, other), "*")


def test_drawdot_draws_a_learners_own_value_class_too():
    a, b = LearnersValue(2.0, label="a"), LearnersValue(-3.0, label="b")
    picture = drawdot(a * b)
    assert repr(picture) == "<drawdot picture: 3 values, 1 operations>"
    assert "{ a | data 2.0000 | grad 0.0000 }" in picture.source
