"""Tests of the autograd engine, `Value`.

Gradients are checked two independent ways (the references are in tests/dual.py):
- against central finite differences (the lecture's "nudge the input a little" slope), and
- against forward-mode automatic differentiation with dual numbers, on random expression
  graphs drawn by Hypothesis.
"""

import gc
import subprocess
import sys
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest
from dual import (
    BINARY,
    UNARY,
    UNARY_CASES,
    backprop,
    binary_case,
    build,
    duals,
    inputs,
    program_steps,
    resolve,
    slope,
    step,
    unary_case,
)
from hypothesis import assume, given
from hypothesis import strategies as st

from micrograd import MLP, Value

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- every op, one at a time

def check_unary(name, x):
    op, reference, _ = UNARY[name]
    a = Value(x)
    out = op(a)
    out.backward()
    assert out.data == pytest.approx(reference(x), rel=1e-12, abs=1e-300)
    assert a.grad == pytest.approx(slope(reference, x), rel=1e-7, abs=1e-9)


def check_binary(name, x, y):
    op, reference, _ = BINARY[name]
    a, b = Value(x), Value(y)
    out = op(a, b)
    out.backward()
    assert out.data == pytest.approx(reference(x, y), rel=1e-12, abs=1e-300)
    assert a.grad == pytest.approx(slope(lambda t: reference(t, y), x), rel=1e-7, abs=1e-9)
    assert b.grad == pytest.approx(slope(lambda t: reference(x, t), y), rel=1e-7, abs=1e-9)


@pytest.mark.parametrize(("name", "x"), UNARY_CASES)
def test_unary_op_gradient_matches_finite_differences(name, x):
    check_unary(name, x)


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize(("x", "y"), [(2.0, -3.0), (-0.6, 0.3), (1.9, 1.9), (0.0, -2.7)])
def test_binary_op_gradient_matches_finite_differences(name, x, y):
    check_binary(name, x, y)


@given(case=unary_case())
def test_any_unary_op_at_any_point_matches_finite_differences(case):
    check_unary(*case)


@given(case=binary_case())
def test_any_binary_op_at_any_point_matches_finite_differences(case):
    check_binary(*case)


def test_relu_at_zero_has_gradient_zero():
    a = Value(0.0)
    a.relu().backward()
    assert a.grad == 0.0


def test_sigmoid_does_not_overflow_for_large_inputs():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0


def test_integer_exponent_of_a_negative_base():
    a = Value(-2.0)
    out = a**3
    out.backward()
    assert (out.data, a.grad) == (-8.0, 12.0)


# --------------------------------------------------------------------------- the lecture's examples

def test_lecture_expression_d_equals_a_times_b_plus_c():
    a, b, c = Value(2.0), Value(-3.0), Value(10.0)
    d = a * b + c
    d.backward()
    assert d.data == 4.0
    assert (a.grad, b.grad, c.grad) == (-3.0, 2.0, 1.0)


def test_lecture_expression_L():
    a, b, c, f = Value(2.0), Value(-3.0), Value(10.0), Value(-2.0)
    e = a * b
    d = e + c
    L = d * f
    L.backward()
    assert L.data == -8.0
    grads = [v.grad for v in (L, f, d, e, c, b, a)]
    assert grads == [1.0, 4.0, -2.0, -2.0, -2.0, -4.0, 6.0]


def lecture_neuron(broken_up_tanh=False):
    x1, x2 = Value(2.0), Value(0.0)
    w1, w2 = Value(-3.0), Value(1.0)
    b = Value(6.8813735870195432)
    n = x1 * w1 + x2 * w2 + b
    if broken_up_tanh:     # the lecture's tanh written with exp: (e**2n - 1) / (e**2n + 1)
        e = (2 * n).exp()
        o = (e - 1) / (e + 1)
    else:
        o = n.tanh()
    o.backward()
    return o, n, (x1, x2, w1, w2)


@pytest.mark.parametrize("broken_up_tanh", [False, True])
def test_lecture_neuron(broken_up_tanh):
    o, n, (x1, x2, w1, w2) = lecture_neuron(broken_up_tanh)
    assert round(o.data, 4) == 0.7071
    assert n.grad == pytest.approx(0.5, abs=1e-12)
    assert [x1.grad, x2.grad, w1.grad, w2.grad] == pytest.approx([-1.5, 0.5, 1.0, 0.0], abs=1e-12)


# --------------------------------------------------------------------------- a value used more than once

def test_a_plus_a_has_gradient_two():
    a = Value(3.0)
    b = a + a
    b.backward()
    assert a.grad == 2.0


def test_a_times_a_has_gradient_two_a():
    a = Value(-3.0)
    (a * a).backward()
    assert a.grad == -6.0


def test_value_used_in_several_branches():
    # The lecture's bug-fix example: d = a*b, e = a+b, f = d*e.
    a, b = Value(-2.0), Value(3.0)
    d = a * b
    e = a + b
    f = d * e
    f.backward()
    assert f.data == -6.0
    assert (a.grad, b.grad) == (-3.0, -8.0)


# --------------------------------------------------------------------------- calling backward() again

def test_backward_twice_doubles_every_gradient_exactly():
    x, w = Value(0.7), Value(-1.3)
    h = (x * w).tanh()
    out = h * h + (h + x).exp() / w
    nodes = out.topological_order()
    out.backward()
    first = [v.grad for v in nodes]
    out.backward()
    assert [v.grad for v in nodes] == [2 * g for g in first]
    assert out.grad == 2.0


def test_backward_of_two_outputs_sharing_a_subgraph_adds_their_gradients():
    # loss1.backward(); loss2.backward() must give the gradients of loss1 + loss2.
    def build():
        a = Value(0.5)
        h = (a * 1.5).tanh()
        return a, h * 2, h.exp()

    a, loss1, loss2 = build()
    loss1.backward()
    loss2.backward()
    b, other1, other2 = build()
    (other1 + other2).backward()
    assert a.grad == pytest.approx(b.grad, rel=1e-15)


def test_backward_docstring_says_gradients_accumulate():
    doc = Value.backward.__doc__
    assert "accumulate" in doc and "second time" in doc


# --------------------------------------------------------------------------- topological order, depth, memory

def test_topological_order_puts_inputs_first_and_lists_each_value_once():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = e.topological_order()
    assert len(order) == len(set(order)) == 5
    position = {v: i for i, v in enumerate(order)}
    for v in order:
        assert all(position[child] < position[v] for child in v._prev)
    assert order[-1] is e


def test_million_deep_chain():
    # In a fresh interpreter, so that a crash on deallocation shows as a failed test.
    code = textwrap.dedent("""
        import gc
        from micrograd import Value
        gc.disable()                 # not needed by the engine; makes building 1,000,000 values faster
        x = Value(0.5)
        v = x
        for _ in range(1_000_000):
            v = -v
        v.backward()                 # a recursive topological sort would raise RecursionError here
        assert x.grad == 1.0, x.grad
        assert v.data == 0.5
        del v                        # frees the chain value by value: must not overflow the C stack
        print("dropped")
    """)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, f"exit code {result.returncode}: {result.stderr[-2000:]}"
    assert result.stdout == "dropped\n"


def test_value_has_slots_and_no_dict():
    v = Value(1.0)
    assert not hasattr(v, "__dict__")
    assert set(Value.__slots__) == {"data", "grad", "label", "_op", "_a", "_da", "_b", "_db"}
    with pytest.raises(AttributeError):
        v.something_else = 1


def _live_values():
    return sum(1 for obj in gc.get_objects() if type(obj) is Value)


class _LectureStyleValue:
    """Just enough of the lecture's Value to make its reference cycle: out._backward refers to out."""

    def __init__(self, data):
        self.data = data
        self._backward = lambda: None

    def __mul__(self, other):
        out = _LectureStyleValue(self.data * other.data)

        def _backward():
            self.data += other.data * out.data

        out._backward = _backward
        return out


def test_a_dropped_graph_is_freed_by_reference_counting_without_gc():
    # Values are tracked by the cycle collector (so gc.get_objects() sees them), but a graph
    # has no cycles: with the collector off, dropping the output frees every value it made.
    assert gc.is_tracked(Value(1.0))
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    gc.collect()
    gc.disable()
    try:
        before = _live_values()
        model = MLP(3, [4, 4, 1], seed=0)
        loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True))
        loss.backward()
        assert _live_values() > before + 41 + 100
        del loss
        assert _live_values() == before + 41          # only the 41 parameters are left
        assert gc.collect() == 0                       # no garbage was waiting for the collector
        del model
        assert _live_values() == before
    finally:
        gc.enable()


def test_the_memory_check_does_see_lecture_style_cycles():
    # The check above would notice cycles: the lecture's closures leave garbage for gc.collect().
    gc.collect()
    gc.disable()
    try:
        out = _LectureStyleValue(2.0) * _LectureStyleValue(3.0)
        del out
        assert gc.collect() > 0
    finally:
        gc.enable()


# --------------------------------------------------------------------------- construction and repr

@pytest.mark.parametrize("number", [3, 3.0, True, Fraction(1, 2)])
def test_value_stores_any_real_number_as_float(number):
    v = Value(number)
    assert type(v.data) is float and v.data == float(number)


def test_repr_shows_data_and_grad():
    v = Value(2.0)
    assert repr(v) == "Value(data=2.0, grad=0.0)"
    (v * 3).backward()
    assert repr(v) == "Value(data=2.0, grad=3.0)"


def test_ops_record_their_inputs_in_order():
    a, b = Value(1.0), Value(2.0)
    c = a - b
    assert c._prev == (a, b) and c._op == "-"
    assert (b - a)._prev == (b, a)
    assert (5 - a)._prev[1] is a


# --------------------------------------------------------------------------- random expression graphs

@given(xs=inputs, program=program_steps)
def test_random_graph_gradients_match_dual_numbers(xs, program):
    steps, expected = resolve(program, xs)
    out, grads = backprop(steps, xs)
    ref = duals(steps, xs)
    assert out.data == pytest.approx(expected, rel=1e-9, abs=1e-9)
    for grad, dot, bound in zip(grads, ref.dot, ref.bound, strict=True):
        assert abs(grad - dot) <= 1e-10 * bound, (grad, dot, bound)


@given(xs=inputs, program=st.lists(step, min_size=1, max_size=12))
def test_random_graph_gradients_match_finite_differences(xs, program):
    steps, _ = resolve(program, xs)
    _, grads = backprop(steps, xs)
    bounds = duals(steps, xs).bound
    for k, x in enumerate(xs):
        def f(t, k=k):
            moved = list(xs)
            moved[k] = t
            moved_steps, value = resolve(program, moved)
            assume(moved_steps == steps)     # the nudge crossed a kink or a domain edge: no slope there
            return value

        assert abs(grads[k] - slope(f, x)) <= 1e-6 + 1e-5 * bounds[k], (k, grads[k], slope(f, x))


@given(xs=inputs, program=program_steps)
def test_random_graph_backward_twice_doubles_every_gradient(xs, program):
    steps, _ = resolve(program, xs)
    nodes = build(steps, [Value(x) for x in xs])
    out = nodes[-1]
    out.backward()
    first = [v.grad for v in nodes]
    out.backward()
    assert [v.grad for v in nodes] == [2 * g for g in first]


# --------------------------------------------------------------------------- what each op records

@pytest.mark.parametrize(("make", "op"), [
    (lambda a: a + 2, "+"), (lambda a: 2 + a, "+"), (lambda a: a - 2, "-"), (lambda a: 2 - a, "-"),
    (lambda a: a * 2, "*"), (lambda a: 2 * a, "*"), (lambda a: a / 2, "/"), (lambda a: 2 / a, "/"),
    (lambda a: -a, "neg"), (lambda a: a**2, "**2"), (lambda a: a**0.5, "**0.5"), (lambda a: a.exp(), "exp"),
    (lambda a: a.log(), "log"), (lambda a: a.tanh(), "tanh"), (lambda a: a.relu(), "ReLU"),
    (lambda a: (-a).relu(), "ReLU"), (lambda a: a.sigmoid(), "sigmoid"),
    (lambda a: (-a).sigmoid(), "sigmoid"),
])
def test_each_op_records_its_name_for_drawdot(make, op):
    assert make(Value(1.5))._op == op


def test_a_new_value_is_a_leaf_with_no_label():
    v = Value(1.5)
    assert (v.label, v._op, v._prev, v._local_grads, v.grad) == ("", "", (), (), 0.0)


def test_prev_and_local_grads_keep_the_inputs_order():
    a, b = Value(2.0), Value(5.0)
    c = a * b
    assert c._prev == (a, b) and c._local_grads == (5.0, 2.0)      # dc/da = b, dc/db = a
    d = a / b
    assert d._prev == (a, b) and d._local_grads == pytest.approx((0.2, -2.0 / 25.0), rel=1e-15)
    e = a.tanh()
    assert e._prev == (a,) and len(e._local_grads) == 1


@pytest.mark.parametrize(("n", "value", "grad"), [(1, 0.0, 1.0), (1.5, 0.0, 0.0), (2, 0.0, 0.0),
                                                  (3, 0.0, 0.0)])
def test_power_of_zero_where_the_derivative_exists(n, value, grad):
    a = Value(0.0)
    out = a**n
    out.backward()
    assert (out.data, a.grad) == (value, grad)


def test_a_numpy_bool_operand_is_wrapped_by_value_itself():
    import numpy as np

    out = Value(1.0).__add__(np.bool_(True))      # numpy never gets to handle it
    assert type(out) is Value and out.data == 2.0
