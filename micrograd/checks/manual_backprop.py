"""Checks for exercises/03_manual_backprop: the chain rule by hand."""

import math
from types import SimpleNamespace

from . import Wrong, call, exercise, expect, mistake, number


def _as_dict(got, keys, what):
    if not isinstance(got, dict):
        raise Wrong(f"{what} should return a dict with keys {keys}, yours is {got!r}")
    missing = [k for k in keys if k not in got]
    if missing:
        raise Wrong(f"{what} should have a gradient for {missing}, yours has keys {sorted(got)}")
    return {k: number(got[k], f"{what}[{k!r}]") for k in keys}


@exercise
def expression_grads(grads):
    """Exercise 1: every gradient of L = (a*b + c) * f, as a formula in a, b, c, f."""
    for a, b, c, f in [(2.0, -3.0, 10.0, -2.0), (3.0, -2.0, 4.0, -3.0), (-1.0, 0.5, 2.0, 1.5)]:
        what = f"grads({a}, {b}, {c}, {f})"
        got = _as_dict(call(grads, a, b, c, f, what=what), ["a", "b", "c", "d", "e", "f"], what)
        d = a * b + c
        want = {"d": f, "e": f, "c": f, "f": d, "a": b * f, "b": a * f}
        hints = {
            "d": [(1.0, "L = d * f, so dL/dd is the other factor")],
            "e": [(1.0, "d = e + c passes dL/dd on unchanged: dL/de = dL/dd * 1")],
            "c": [(1.0, "c reaches L through d: multiply by dL/dd")],
            "f": [(a * b, "dL/df is the other factor of the product, d = a*b + c, all of it")],
            "a": [(f, "chain rule: dL/da = dL/de * de/da, and de/da is not 1"),
                  (b, "chain rule: multiply the local derivative de/da by dL/de"),
                  (a * f, "de/da is the *other* factor of a*b")],
            "b": [(f, "chain rule: dL/db = dL/de * de/db, and de/db is not 1"),
                  (a, "chain rule: multiply the local derivative de/db by dL/de"),
                  (b * f, "de/db is the *other* factor of a*b")],
        }
        for k in ["d", "e", "c", "f", "a", "b"]:
            hint = mistake(got[k], hints[k], "one node at a time: local derivative times the grad above")
            expect(got[k], want[k], f"dL/d{k} at (a, b, c, f) = {(a, b, c, f)}", hint)
    return "all six gradients at 3 different points"


@exercise
def neuron_grads(grads):
    """Exercise 3: o = tanh(x1*w1 + x2*w2 + b); every gradient of o by the chain rule."""
    keys = ["n", "x1", "w1", "x2", "w2", "b"]
    for x1, w1, x2, w2, b in [(2.0, -3.0, 0.0, 1.0, 6.8813735870195432), (1.0, 0.5, -2.0, 0.25, 0.1),
                              (-1.0, 2.0, 3.0, -1.0, 0.5)]:
        what = f"grads({x1}, {w1}, {x2}, {w2}, {b})"
        got = _as_dict(call(grads, x1, w1, x2, w2, b, what=what), keys, what)
        n = x1 * w1 + x2 * w2 + b
        o = math.tanh(n)
        dn = 1 - o**2
        want = {"n": dn, "x1": w1 * dn, "w1": x1 * dn, "x2": w2 * dn, "w2": x2 * dn, "b": dn}
        for k in keys:
            other = {"x1": w1, "w1": x1, "x2": w2, "w2": x2, "n": 1.0, "b": 1.0}[k]
            hint = mistake(got[k], [
                (other * (1 - n**2), "tanh's local derivative is 1 - o**2, with o its output, not n"),
                (other, "multiply by do/dn = 1 - o**2, the local derivative of tanh"),
                (other * (1 - o), "the local derivative of tanh is 1 - o**2"),
                ({"x1": x1, "w1": w1, "x2": x2, "w2": w2}.get(k, math.nan) * dn,
                 "d(x*w)/dw is x, the other factor"),
            ], "do/dn times the local derivative of the step below")
            expect(got[k], want[k], f"do/d{k} at (x1, w1, x2, w2, b) = {(x1, w1, x2, w2, b)}", hint)
    return "six gradients of the neuron at 3 points, the lecture's among them"


@exercise
def two_paths(grads):
    """Exercise 4 (find the bug): g = (x + y) * (x - y); dg/dx = 2x and dg/dy = -2y."""
    for x, y in [(3.0, 2.0), (-1.0, 4.0), (0.5, -0.5)]:
        what = f"grads({x}, {y})"
        got = call(grads, x, y, what=what)
        if not hasattr(got, "__len__") or len(got) != 2:
            raise Wrong(f"{what} should return two numbers (dg/dx, dg/dy), yours is {got!r}")
        dx, dy = number(got[0], what), number(got[1], what)
        s, t = x + y, x - y
        expect(dx, 2 * x, f"dg/dx at (x, y) = {(x, y)}",
               mistake(dx, [(t, "x reaches g along two paths, through x + y and through x - y: add both"),
                            (s, "x reaches g along two paths: add the one through x + y as well")],
                       "add the contributions of every path from x to g"))
        expect(dy, -2 * y, f"dg/dy at (x, y) = {(x, y)}",
               mistake(dy, [(t + s, "d(x - y)/dy is -1, not 1"),
                            (t, "y reaches g along two paths: add both")],
                       "add the contributions of every path from y to g"))
    return "both paths added, at 3 points"


@exercise
def step_up(step):
    """Exercise 2: step(leaves, lr) moves each leaf's data by lr * grad, so that L goes up."""
    for lr in [0.01, 0.1]:
        leaves = [SimpleNamespace(data=d, grad=g) for d, g in [(2.0, -3.0), (-3.0, 2.0), (10.0, 1.0)]]
        before = [(v.data, v.grad) for v in leaves]
        what = f"step(leaves, {lr})"
        out = call(step, leaves, lr, what=what)
        if out is not None and out is not leaves:
            raise Wrong(f"{what} should change each leaf's .data in place, yours returned {out!r}")
        for v, (d, g) in zip(leaves, before, strict=True):
            got = number(v.data, "leaf.data")
            hint = mistake(got, [
                (d - lr * g, "stepping against the gradient makes L go down: step along it"),
                (d + g, "scale the gradient by lr"),
                (lr * g, "add the step to the data; do not replace the data"),
                (d, "the data did not change: assign to leaf.data"),
            ], "each leaf moves by lr times its own grad")
            expect(got, d + lr * g, f"a leaf with data {d} and grad {g}, after {what},", hint)
            if v.grad != g:
                raise Wrong(f"{what} changed a leaf's grad from {g} to {v.grad}: only .data should move")
    return "each leaf moved by lr * grad, so L goes up"
