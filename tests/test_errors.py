"""Mistakes a learner is likely to make get an error that says what went wrong.

Each error comes from the function the learner called, names what it got and says what it
expects: never a traceback from deep inside the engine, a hang or a silently wrong number.
"""

import math
import re
import shutil
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from micrograd import MLP, Layer, Neuron, Value, drawdot, trace
from micrograd.graph import MAX_VALUES, GraphTooLarge, GraphvizNotFound


def exactly(message):
    """A pattern for pytest.raises(match=...) that only this whole message matches."""
    return "^" + re.escape(message) + "$"


@pytest.mark.parametrize(("bad", "type_name"), [("abc", "str"), (None, "NoneType"), ([1.0], "list"),
                                                (1 + 2j, "complex")])
def test_value_of_a_non_number_names_its_type(bad, type_name):
    with pytest.raises(TypeError, match=exactly(
            f"Value() needs a real number (int or float), got {type_name}: {bad!r}. "
            "Convert it first, e.g. Value(float(x)).")):
        Value(bad)


def test_an_object_with_a_shape_but_no_dtype_is_not_a_number():
    class Shaped:
        shape = ()

    class OddDtype:
        shape = ()
        dtype = object()

    for bad in (Shaped(), OddDtype()):
        with pytest.raises(TypeError, match=r"^Value\(\) needs a real number"):
            Value(bad)


def test_value_exponent_is_refused():
    with pytest.raises(TypeError, match=exactly(
            "only numeric exponents (int or float) are supported, got Value; "
            "for a Value exponent write (b * a.log()).exp() instead of a ** b")):
        Value(2) ** Value(3)


def test_string_exponent_is_refused():
    with pytest.raises(TypeError, match="only numeric exponents.*str"):
        Value(2) ** "3"


def test_log_of_a_negative_number_names_it():
    with pytest.raises(ValueError, match=r"positive.*-1"):
        Value(-1).log()


def test_log_of_zero():
    with pytest.raises(ValueError, match="positive"):
        Value(0).log()


@pytest.mark.parametrize("make", [lambda: Value(2) + "a", lambda: "a" + Value(2), lambda: Value(2) * None,
                                  lambda: Value(2) - [1], lambda: Value(2) / "x", lambda: 2 ** Value(3)])
def test_arithmetic_with_a_non_number_is_a_type_error(make):
    with pytest.raises(TypeError):
        make()


def test_value_plus_string_names_both_types():
    with pytest.raises(TypeError, match=r"'Value' and 'str'"):
        Value(2) + "a"


def test_division_by_zero():
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        Value(1.0) / 0
    with pytest.raises(ZeroDivisionError):
        1.0 / Value(0.0)


@pytest.mark.parametrize(("base", "exponent", "message"), [
    (0.0, -1, "undefined at 0"),
    (0.0, 0.5, "undefined at 0"),
    (-2.0, 0.5, "whole-number exponent"),
])
def test_power_outside_its_domain(base, exponent, message):
    with pytest.raises(ValueError, match=message):
        Value(base) ** exponent


def test_exp_overflow_says_so():
    with pytest.raises(OverflowError, match=r"exp\(1000.0\) is too large"):
        Value(1000.0).exp()


def test_mlp_with_wrong_number_of_inputs_names_both_sizes():
    model = MLP(3, [4, 4, 1], seed=0)
    with pytest.raises(ValueError, match=r"expects 3 inputs, got 2"):
        model([1.0, 2.0])
    with pytest.raises(ValueError, match=r"expects 3 inputs, got 4"):
        model([1.0, 2.0, 3.0, 4.0])


def test_neuron_with_wrong_number_of_inputs_names_both_sizes():
    with pytest.raises(ValueError, match=r"^Neuron\(2, nonlin='tanh'\) expects 2 inputs, got 3$"):
        Neuron(2)([1.0, 2.0, 3.0])


def test_unknown_nonlinearity():
    with pytest.raises(ValueError, match=r"nonlin must be one of .*'sigmoid'"):
        MLP(2, [3, 1], nonlin="sigmoid")


def test_drawdot_without_dot_on_the_path_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))     # an empty directory: no `dot` anywhere
    with pytest.raises(GraphvizNotFound, match="`dot`") as info:
        drawdot(Value(1.0) * 2)
    assert str(info.value) == (
        "drawdot needs Graphviz's `dot` program, and none is on the PATH. "
        "`make lab` / `make test` put one in .venv/bin (the graphviz-pure wheel); "
        "start Jupyter through `make lab`, or put .venv/bin on your PATH, "
        "or install Graphviz (conda install -c conda-forge graphviz, apt install graphviz, "
        "brew install graphviz)."
    )
    assert isinstance(info.value, RuntimeError)


def test_drawdot_with_an_unknown_direction():
    with pytest.raises(ValueError, match=r"rankdir must be 'LR' or 'TB', got 'RL'"):
        drawdot(Value(1.0), rankdir="RL")


# --------------------------------------------------------------------------- operands and numbers

def test_string_plus_value_names_the_operands_in_the_order_written():
    with pytest.raises(TypeError, match=r'can only concatenate str \(not "Value"\) to str'):
        "a" + Value(2)
    with pytest.raises(TypeError, match=r"for \+: 'NoneType' and 'Value'"):
        None + Value(2)
    with pytest.raises(TypeError, match=r"for \*: 'NoneType' and 'Value'"):
        None * Value(2)
    with pytest.raises(TypeError, match=r"for -: 'str' and 'Value'"):
        "a" - Value(2)
    with pytest.raises(TypeError, match=r"for /: 'NoneType' and 'Value'"):
        None / Value(2)


def test_power_overflow_says_so_like_exp():
    with pytest.raises(OverflowError, match=r"^1e\+200 \*\* 2 is too large for a float$"):
        Value(1e200) ** 2
    with pytest.raises(OverflowError, match=r"too large for a float"):
        Value(1e-200) ** -2          # the value is 1e400


def test_huge_int_says_what_to_do():
    with pytest.raises(OverflowError, match=r"int of about 10\*\*400, too large for a float.*Scale it down"):
        Value(10**400)
    with pytest.raises(OverflowError, match=r"an int of about 10\*\*5000"):
        Value(-(10**5000))          # too many digits for str(), and still a clear message
    with pytest.raises(OverflowError, match=exactly(
            f"Value() got Fraction Fraction({10**400}, 3), too large for a float (at most about 1.8e308). "
            "Scale it down first, or write float('inf') if you mean infinity.")):
        Value(Fraction(10**400, 3))


@pytest.mark.parametrize(("number", "expected"), [
    (True, 1.0), (False, 0.0), (np.bool_(True), 1.0), (np.bool_(False), 0.0),
    (np.int64(3), 3.0), (np.uint8(7), 7.0), (np.float32(0.5), 0.5), (np.array(2.5), 2.5),
    (Fraction(1, 4), 0.25),
])
def test_python_and_numpy_bools_and_numbers_are_accepted_alike(number, expected):
    v = Value(number)
    assert type(v.data) is float and v.data == expected
    assert (Value(1.0) + number).data == 1.0 + expected


@pytest.mark.parametrize("bad", [np.array([1.0]), np.array([1.0, 2.0]), np.complex128(1j), np.str_("1"),
                                 "1.0", 1j])
def test_arrays_and_non_real_numbers_are_refused(bad):
    with pytest.raises(TypeError, match="real number"):
        Value(bad)


# --------------------------------------------------------------------------- NaN
# (that each operation keeps NaN with PyTorch's gradient is in test_torch.py)

def test_a_network_that_diverged_shows_nan_loss():
    model = MLP(2, [4, 1], nonlin="relu", seed=0)
    model.parameters()[0].data = math.nan
    loss = sum((model(x) - 1) ** 2 for x in ([1.0, 2.0], [-1.0, 0.5]))
    assert math.isnan(loss.data)


def test_dead_relu_stays_connected_to_its_input():
    x = Value(-3.0, label="x")
    out = (x * 2).relu()
    assert out.data == 0.0 and out._op == "ReLU"
    assert out._prev[0]._prev[0] is x
    nodes, _ = trace(out)
    assert x in nodes
    out.backward()
    assert x.grad == 0.0


# --------------------------------------------------------------------------- network sizes

@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda: MLP(2, []), ValueError, r"^nouts must list at least one layer size, e\.g\. \[4, 4, 1\], got"),
    (lambda: MLP(2, [0]), ValueError, r"^nouts\[0\] must be at least 1, got 0$"),
    (lambda: MLP(2, [4, -3]), ValueError, r"^nouts\[1\] must be at least 1, got -3$"),
    (lambda: MLP(0, [4, 1]), ValueError, r"^nin must be at least 1, got 0$"),
    (lambda: Neuron(-2), ValueError, r"^nin must be at least 1, got -2$"),
    (lambda: Layer(2, 0), ValueError, r"^nout must be at least 1, got 0$"),
    (lambda: Layer(0, 2), ValueError, r"^nin must be at least 1, got 0$"),
    (lambda: MLP(2.0, [4, 1]), TypeError, r"^nin must be a whole number of at least 1, got float: 2\.0$"),
    (lambda: MLP(2, [4.5, 1]), TypeError, r"^nouts\[0\] must be a whole number of at least 1, got float: 4"),
    (lambda: Layer(2, 3.0), TypeError, r"^nout must be a whole number"),
    (lambda: MLP(True, [1]), TypeError, r"^nin must be a whole number of at least 1, got bool: True$"),
    (lambda: Neuron("3"), TypeError, r"^nin must be a whole number of at least 1, got str: '3'$"),
    (lambda: MLP(2, 3), TypeError, r"^nouts must be a list of layer sizes, e\.g\. \[4, 4, 1\], got 3$"),
])
def test_sizes_that_mean_nothing_are_refused(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_numpy_sizes_are_fine_and_shown_as_ints():
    model = MLP(np.int64(2), [np.int64(3), 1], seed=0)
    assert repr(model) == "MLP(2, [3, 1], nonlin='tanh'): 13 parameters"


# --------------------------------------------------------------------------- calling a model

def test_mlp_called_with_a_single_number_says_it_wants_a_list():
    with pytest.raises(TypeError, match=r"^MLP\(3, \[4, 4, 1\]\) expects a list of 3 numbers, got float"):
        MLP(3, [4, 4, 1], seed=0)(2.0)


MLP_2_3_1 = r"^MLP\(2, \[3, 1\]\) "     # how the errors below name the model they come from


@pytest.mark.parametrize(("bad", "message"), [
    (["a", "b"], MLP_2_3_1 + r"expects numbers or Values as inputs, got str 'a' at position 0$"),
    ([1.0, None], MLP_2_3_1 + r"expects numbers or Values as inputs, got NoneType None at position 1$"),
    ({1.0: "x", 2.0: "y"}, MLP_2_3_1 + r"expects a list of 2 numbers, got dict: \{1\.0: 'x', 2\.0: 'y'"),
    ({1.0, 2.0}, MLP_2_3_1 + r"expects a list of 2 numbers, got set"),
    ("ab", MLP_2_3_1 + r"expects a list of 2 numbers, got str: 'ab'$"),
    (np.zeros((100, 2)), MLP_2_3_1 + r"takes one example at a time .* shape \(100, 2\); for a batch, "
                         r"call it once per row: \[model\(x\) for x in X\]$"),
    (np.zeros((2, 2)), MLP_2_3_1 + r"takes one example at a time"),
    (np.float64(2.0), MLP_2_3_1 + r"expects a list of 2 numbers, got float64"),
])
def test_wrong_kinds_of_model_input_are_named_by_the_model(bad, message):
    with pytest.raises(TypeError, match=message) as info:
        MLP(2, [3, 1], seed=0)(bad)
    frames = [Path(entry.path).name for entry in info.traceback]
    assert frames[-1] == "nn.py" and "engine.py" not in frames    # raised at the surface, not in the engine


def test_layer_and_neuron_check_their_inputs_too():
    with pytest.raises(TypeError, match=r"^Layer\(2, 3, nonlin='tanh'\) expects numbers or Values as inputs"):
        Layer(2, 3)(["x", 1.0])
    with pytest.raises(TypeError, match=r"^Neuron\(2, nonlin='tanh'\) expects a list of 2 numbers, got dict"):
        Neuron(2)({0: 1.0, 1: 2.0})
    with pytest.raises(ValueError, match=r"^Layer\(2, 3, nonlin='tanh'\) expects 2 inputs, got 1$"):
        Layer(2, 3)([1.0])


@pytest.mark.parametrize("row", [np.array([0.5, -1.0]), (0.5, -1.0), [np.float64(0.5), np.float64(-1.0)],
                                 [Value(0.5), -1]])
def test_one_example_as_a_numpy_row_tuple_or_list_works(row):
    model = MLP(2, [3, 1], seed=0)
    assert model(row).data == model([0.5, -1.0]).data


# --------------------------------------------------------------------------- drawing

@pytest.mark.parametrize(("bad", "message"), [
    (3, r"^drawdot expects a Value \(the output of a computation\), got int: 3\.$"),
    ([Value(1.0), Value(2.0)], r"got list: \[Value.*\]\. Draw one output at a time, e\.g\. "
                               r"drawdot\(outputs\[0\]\), or their sum\.$"),
    (None, r"got NoneType"),
    (np.float64(3.0), r"got float64: "),      # has a .data (its bytes) but no ._prev
])
def test_drawdot_of_something_else_than_a_value(bad, message):
    with pytest.raises(TypeError, match=message):
        drawdot(bad)


def test_trace_of_something_else_than_a_value():
    with pytest.raises(TypeError, match=r"^trace expects a Value"):
        trace([Value(1.0)])


@pytest.fixture
def dot_on_path(monkeypatch):
    if shutil.which("dot") is None:
        monkeypatch.setenv("PATH", str(Path(sys.executable).parent), prepend=":")


def test_drawdot_of_a_100000_value_graph_refuses_within_seconds(dot_on_path):
    x = Value(1.0)
    v = x
    for _ in range(50_000):
        v = v * 1.0001        # each step: the product and the constant 1.0001
    start = time.perf_counter()
    with pytest.raises(GraphTooLarge, match=exactly(
            f"drawdot: this graph has 100,001 values, more than max_values={MAX_VALUES:,} (Graphviz takes "
            "about a second for 1,000 values and minutes for 10,000). Draw a smaller part: one neuron's "
            "output, or the loss of a single example instead of the whole data set; or pass a larger "
            "max_values to wait for it.")):
        drawdot(v)
    assert time.perf_counter() - start < 5.0
    assert isinstance(GraphTooLarge("x"), ValueError)


def test_drawdot_draws_up_to_max_values_and_more_when_asked(dot_on_path):
    v = Value(1.0)
    for _ in range(MAX_VALUES // 2):       # 1 + 2 * 600 = 1,201 values
        v = v * 1.0
    with pytest.raises(GraphTooLarge, match="1,201 values"):
        drawdot(v)
    assert drawdot(v, max_values=MAX_VALUES + 1).values == MAX_VALUES + 1
    assert drawdot(v._a, max_values=MAX_VALUES).values == MAX_VALUES - 1     # one fewer: fine
