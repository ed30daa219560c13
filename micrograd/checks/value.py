"""Checks for exercises/02_value_and_drawdot: a Value that remembers how it was made."""

import operator

from . import Wrong, call, exercise, expect, mistake, number, stub

PAIRS = [(2.0, -3.0), (-1.5, 4.0), (0.5, 0.25)]


def _structure(out, a, b, op, what):
    """`wrong` unless `out` is a new Value with inputs (a, b) in that order and the given _op."""
    if out is None:
        raise Wrong(f"{what} returned None: is a `return` missing?")
    if not hasattr(out, "_prev"):
        raise Wrong(f"{what} should be a Value that remembers its inputs, yours is {out!r}")
    prev = tuple(out._prev)
    if prev == (b, a) and a is not b:
        raise Wrong(f"{what}: _prev should be (a, b), yours is (b, a): "
                    "keep the order in which the operation reads them")
    if len(prev) == 2 and prev[0] is prev[1]:
        raise Wrong(f"{what}: _prev holds the same Value twice and misses the other: "
                    "which two Values did the operation read?")
    if len(prev) != 2 or prev[0] is not a or prev[1] is not b:
        raise Wrong(f"{what}: _prev should hold the two inputs, (a, b), yours holds {len(prev)} value(s): "
                    "pass (self, other) as the children")
    if out._op != op:
        raise Wrong(f"{what}: _op should be {op!r}, yours is {out._op!r}")


def _results(Value, op, symbol):
    """For each pair (x, y): the learner's Value(x) <symbol> Value(y), checked by `_structure`.

    Yields (x, y, what, out), `what` being the expression as text for the messages.
    """
    for x, y in PAIRS:
        a, b = Value(x), Value(y)
        what = f"Value({x}) {symbol} Value({y})"
        out = call(op, a, b, what=what)
        _structure(out, a, b, symbol, what)
        yield x, y, what, out


@exercise
def subtraction(Value):
    """Exercise 1: a - b makes a new Value with data a - b, _prev (a, b) and _op "-"."""
    for x, y, what, out in _results(Value, operator.sub, "-"):
        got = number(out.data, what)
        hint = mistake(got, [(y - x, "subtract other from self, not self from other"),
                             (x + y, "this adds; subtract instead")],
                       "the data should be self.data - other.data")
        expect(got, x - y, f"({what}).data", hint)
    return "the difference, its two inputs in order, and its operation"


@exercise
def numbers_on_both_sides(Value):
    """Exercise 2: a + 1 and 1 + a both work, and the number becomes a Value in the graph."""
    for x, k in [(2.0, 1.0), (-3.0, 0.5), (4.0, -2.0)]:
        a = Value(x)
        for what, left, right in [(f"Value({x}) + {k}", a, k), (f"{k} + Value({x})", k, a)]:
            try:
                out = left + right
            except NotImplementedError as e:
                raise stub(e) from None
            except (AttributeError, TypeError) as e:
                side = "right" if what.startswith("Value") else "left"
                hint = ("wrap a plain number in a Value before using .data" if side == "right"
                        else "Python calls __radd__ when the number is on the left")
                raise Wrong(f"{what} raised {type(e).__name__}: {e}: {hint}") from None
            except Exception as e:
                raise Wrong(f"{what} raised {type(e).__name__}: {e}") from None
            if not hasattr(out, "_prev"):
                raise Wrong(f"{what} should be a Value, yours is {out!r}")
            expect(number(out.data, what), x + k, f"({what}).data", "add the two numbers")
            prev = tuple(out._prev)
            if len(prev) != 2 or a not in prev:
                raise Wrong(f"{what}: _prev should hold a and the number (as a Value), "
                            f"yours holds {len(prev)} value(s)")
            other = prev[1] if prev[0] is a else prev[0]
            if not hasattr(other, "data") or other.data != k:
                raise Wrong(f"{what}: the number {k} should be in _prev as a Value, yours is {other!r}")
    return "a + 1 and 1 + a both give a Value, with the number in the graph"


class _Node:
    """Just enough of a Value for counting: its inputs in `_prev`."""

    def __init__(self, *prev):
        self._prev = prev


@exercise
def count_nodes(count):
    """Exercise 3: count(root) is the number of distinct Values the root depends on, itself included."""
    a, b, c = _Node(), _Node(), _Node()
    e = _Node(a, b)               # a * b
    d = _Node(e, c)               # a*b + c
    cases = [("a", a, 1), ("a * b", e, 3), ("a*b + c", d, 5)]
    cases.append(("a * a", _Node(a, a), 2))
    shared = _Node(_Node(e, e), e)  # e*e + e: e used three times; below it a, b
    cases.append(("e*e + e with e = a*b", shared, 5))
    tree = {"a": 1, "a * b": 3, "a*b + c": 5, "a * a": 3, "e*e + e with e = a*b": 11}
    for name, root, want in cases:
        what = f"count(root) for root = {name}"
        got = call(count, root, what=what)
        if got is None:
            raise Wrong(f"{what} returned None: is a `return` missing?")
        if isinstance(got, bool) or not isinstance(got, int):
            raise Wrong(f"{what} should be a whole number, yours is {got!r}")
        if got != want:
            if got == tree[name]:
                hint = "a Value used twice is one node: remember which ones you have visited"
            elif got == want - 1:
                hint = "count the root too"
            else:
                hint = "visit every Value reachable through _prev, each once"
            raise Wrong(f"{what} should be {want}, yours is {got}: {hint}")
    return "every distinct Value counted once, shared ones too"


@exercise
def multiplication(Value):
    """Exercise 4 (find the bug): a * b makes a Value with data a*b, _prev (a, b) and _op "*"."""
    for x, y, what, out in _results(Value, operator.mul, "*"):
        expect(number(out.data, what), x * y, f"({what}).data", "multiply self.data by other.data")
    return "a * b remembers (a, b) and its operation"
