"""Checks for exercises/04_backward: _backward closures, topological order, the += rule."""

import math

from . import Wrong, call, exercise, expect, mistake, number, stub


def _graphs(Value):
    """Small graphs with a shared node, and their node counts."""
    a, b, c = Value(2.0), Value(-3.0), Value(10.0)
    e = a * b
    d = e + c
    L = d * d          # d used twice
    x = Value(1.5)
    y = x * x + x      # x used three times
    return [("a", a, 1), ("a*b + c", d, 5), ("d * d with d = a*b + c", L, 6), ("x*x + x", y, 3)]


def _check_order(order, root, n, what):
    if order is None:
        raise Wrong(f"{what} returned None: is a `return` missing?")
    order = list(order)
    if len(order) != len({id(v) for v in order}):
        raise Wrong(f"{what} lists a Value more than once: remember which ones you have visited")
    if len(order) != n:
        raise Wrong(f"{what} should list {n} Values, yours lists {len(order)}: "
                    "follow _prev from every Value you visit")
    if order[-1] is not root:
        raise Wrong(f"{what} should end with the root, yours does not: a Value comes after all of its inputs")
    position = {id(v): i for i, v in enumerate(order)}
    for v in order:
        for child in v._prev:
            if position.get(id(child), -1) > position[id(v)]:
                raise Wrong(f"{what} puts a Value before one of its inputs: "
                            "append a Value only once all of its inputs are in the list")


@exercise
def topological_order(topo, Value):
    """Exercise 1: topo(root) lists every Value once, each after its inputs, with no recursion."""
    for name, root, n in _graphs(Value):
        what = f"topo(root) for root = {name}"
        _check_order(call(topo, root, what=what), root, n, what)
    x = Value(1.0)
    y = x
    for _ in range(5000):
        y = y + x
    what = "topo(root) for a chain of 5,000 additions"
    try:
        order = topo(y)
    except NotImplementedError as e:
        raise stub(e) from None
    except RecursionError:
        raise Wrong(f"{what} raised RecursionError: keep the Values still to visit in a list "
                    "(a stack) instead of calling topo again") from None
    except Exception as e:
        raise Wrong(f"{what} raised {type(e).__name__}: {e}") from None
    _check_order(order, y, 5001, what)    # x and the 5,000 sums
    return "every Value once, after its inputs, and a 5,000-deep chain without recursion"


@exercise
def backward_function(backward, Value):
    """Exercise 2: backward(root) fills in every grad, as the lecture's root.backward() does."""
    for a0, b0, c0 in [(2.0, -3.0, 10.0), (0.5, 1.5, -1.0)]:
        a, b, c = Value(a0), Value(b0), Value(c0)
        d = a * b + c
        o = (d * a).tanh()
        what = f"backward(o) for o = tanh((a*b + c) * a) at (a, b, c) = {(a0, b0, c0)}"
        call(backward, o, what=what)
        dd = 1 - o.data ** 2
        want_a = dd * (d.data + a0 * b0)
        want_b = dd * a0 * a0
        want_c = dd * a0
        if o.grad == 0.0:
            raise Wrong(f"{what}: o.grad should be 1, yours is 0: start with d(o)/d(o) = 1")
        got = number(a.grad, "a.grad")
        hint = mistake(got, [
            (0.0, "visit the Values in reversed topological order: the root's gradient first"),
            (dd * d.data, "a is used twice: its grad needs both contributions (+=)"),
        ], "call every Value's _backward, the root first, each after everything that uses it")
        expect(got, want_a, f"a.grad after {what}", hint)
        expect(number(b.grad, "b.grad"), want_b, f"b.grad after {what}", hint)
        expect(number(c.grad, "c.grad"), want_c, f"c.grad after {what}", hint)
    return "the right gradients on a graph with a shared node, at 2 points"


@exercise
def total_op(total, Value):
    """Exercise 3 (find the bug): total(values) adds any number of Values; each input's grad gets out.grad."""
    for name, pick in [("[a, b, c]", lambda a, b, c: [a, b, c]), ("[a, a, b]", lambda a, b, c: [a, a, b]),
                       ("[a, a, a]", lambda a, b, c: [a, a, a])]:
        a, b, c = Value(2.0), Value(3.0), Value(-1.0)
        inputs = pick(a, b, c)
        what = f"total({name})"
        out = call(total, inputs, what=what)
        if not hasattr(out, "_backward"):
            raise Wrong(f"{what} should return a Value, yours is {out!r}")
        want = sum(v.data for v in inputs)
        expect(number(out.data, what), want, f"{what}.data", "add up every input's data")
        y = out * Value(2.0)
        call(y.backward, what="(2 * total(...)).backward()")
        uses = sum(v is a for v in inputs)
        got = number(a.grad, "a.grad")
        hint = mistake(got, [
            (2.0, "a Value listed twice must collect a gradient from each place it appears"),
            (float(uses), "multiply by out.grad (the chain rule)"),
        ], "each input of a sum gets out.grad, added to what it already has")
        expect(got, 2.0 * uses, f"a.grad for y = 2 * {what} with a = {a.data}", hint)
    return "a Value listed several times collects every contribution"


@exercise
def sigmoid_op(Value):
    """Exercise 4: Value.sigmoid(), 1 / (1 + exp(-x)), with its _backward (local derivative s * (1 - s))."""
    for x0 in [0.5, 1.5, -2.0]:
        x = Value(x0)
        what = f"Value({x0}).sigmoid()"
        s = call(x.sigmoid, what=what)
        if not hasattr(s, "_backward"):
            raise Wrong(f"{what} should return a Value, yours is {s!r}")
        want = 1 / (1 + math.exp(-x0))
        expect(number(s.data, what), want, f"{what}.data",
               mistake(s.data, [(1 / (1 + math.exp(x0)), "it is exp(-x) in the denominator")],
                       "sigmoid(x) = 1 / (1 + exp(-x))"))
        y = s * Value(3.0) + x   # x reaches y along two paths
        call(y.backward, what="y.backward()")
        got = number(x.grad, "x.grad")
        local = want * (1 - want)
        hint = mistake(got, [
            (3 * x0 * (1 - x0) + 1, "the local derivative uses the output s, not the input x"),
            (local + 1, "multiply the local derivative by out.grad"),
            (3 * local, "x is also used directly: accumulate with += instead of ="),
            (1.0, "no gradient came through sigmoid: set out._backward and add to self.grad there"),
            (3 * want + 1, "the local derivative of sigmoid is s * (1 - s)"),
        ], "the local derivative of sigmoid is s * (1 - s), times out.grad, added to x.grad")
        expect(got, 3 * local + 1, f"x.grad for y = 3 * sigmoid(x) + x at x = {x0}", hint)
    return "sigmoid's value and gradient at 3 points, with x used twice"
