"""Mistakes a learner is likely to make get an error that says what went wrong."""

import pytest

from micrograd import MLP, Neuron, Value, drawdot
from micrograd.graph import GraphvizNotFound


@pytest.mark.parametrize(("bad", "type_name"), [("abc", "str"), (None, "NoneType"), ([1.0], "list"),
                                                (1 + 2j, "complex")])
def test_value_of_a_non_number_names_its_type(bad, type_name):
    with pytest.raises(TypeError, match=rf"real number.*got {type_name}"):
        Value(bad)


def test_value_exponent_is_refused():
    with pytest.raises(TypeError, match="only numeric exponents"):
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


def test_mlp_called_with_a_single_number_says_it_wants_a_list():
    with pytest.raises(TypeError, match=r"MLP\(3, \[4, 4, 1\]\) expects a list of 3 inputs, got float: 2.0"):
        MLP(3, [4, 4, 1], seed=0)(2.0)


def test_neuron_with_wrong_number_of_inputs_names_both_sizes():
    with pytest.raises(ValueError, match=r"Neuron\(2, nonlin='tanh'\) expects 2 inputs, got 3"):
        Neuron(2)([1.0, 2.0, 3.0])


def test_unknown_nonlinearity():
    with pytest.raises(ValueError, match=r"nonlin must be one of .*'sigmoid'"):
        MLP(2, [3, 1], nonlin="sigmoid")


def test_drawdot_without_dot_on_the_path_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))     # an empty directory: no `dot` anywhere
    with pytest.raises(GraphvizNotFound, match="`dot`") as info:
        drawdot(Value(1.0) * 2)
    message = str(info.value)
    assert "make lab" in message and ".venv/bin" in message
    assert "conda install -c conda-forge graphviz" in message and "apt install graphviz" in message
    assert isinstance(info.value, RuntimeError)


def test_drawdot_with_an_unknown_direction():
    with pytest.raises(ValueError, match=r"rankdir must be 'LR' or 'TB', got 'RL'"):
        drawdot(Value(1.0), rankdir="RL")
