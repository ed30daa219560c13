"""Checks for exercises/05_more_ops_and_pytorch: new operations, their local derivatives, PyTorch."""

import math
import operator

from ..engine import Value as PackageValue
from . import Wrong, call, exercise, expect, mistake, number


def _result(out, what):
    if out is None:
        raise Wrong(f"{what} returned None: is a `return` missing?")
    if not hasattr(out, "_backward"):
        raise Wrong(f"{what} should return a Value, yours is {out!r}")
    return out


@exercise
def log_op(Value):
    """Exercise 1: Value.log(), the natural logarithm, with its _backward (d log x / dx = 1/x)."""
    for x0 in [0.5, 2.0, 10.0]:
        x = Value(x0)
        what = f"Value({x0}).log()"
        out = _result(call(x.log, what=what), what)
        expect(number(out.data, what), math.log(x0), f"{what}.data",
               mistake(out.data, [(math.log10(x0), "math.log10 is base 10; the natural log is math.log")],
                       "use math.log"))
        y = out * Value(2.0) + x          # x used twice
        call(y.backward, what="y.backward()")
        got = number(x.grad, "x.grad")
        hint = mistake(got, [
            (2 * math.log(x0) + 1, "the local derivative of log x is not log x"),
            (2 * x0 + 1, "the local derivative of log x is not x"),
            (2 / x0, "x is also used directly: accumulate with += instead of ="),
            (1 / x0 + 1, "multiply the local derivative by out.grad"),
            (1.0, "no gradient came through log: set out._backward and add to self.grad there"),
        ], "the local derivative of log x, times out.grad, added to x.grad")
        expect(got, 2 / x0 + 1, f"x.grad for y = 2 * log(x) + x at x = {x0}", hint)
    return "log's value and gradient at 3 points, with x used twice"


@exercise
def power_op(Value):
    """Exercise 2: a ** b with both a Value; d/da = b * a**(b-1), d/db = a**b * log(a)."""
    for a0, b0 in [(2.0, 3.0), (1.5, -0.5), (4.0, 0.5)]:
        a, b = Value(a0), Value(b0)
        what = f"Value({a0}) ** Value({b0})"
        out = _result(call(operator.pow, a, b, what=what), what)
        expect(number(out.data, what), a0**b0, f"({what}).data", "raise self.data to the power other.data")
        call(out.backward, what=f"({what}).backward()")
        ga, gb = number(a.grad, "a.grad"), number(b.grad, "b.grad")
        expect(ga, b0 * a0 ** (b0 - 1), f"a.grad for {what}",
               mistake(ga, [(b0 * a0**b0, "the power rule lowers the exponent by one"),
                            (0.0, "the base is an input: set its gradient in _backward")],
                       "the power rule, with the exponent's data"))
        expect(gb, a0**b0 * math.log(a0), f"b.grad for {what}",
               mistake(gb, [(0.0, "the exponent is an input too: how does a**b change when b moves?"),
                            (b0 * a0 ** (b0 - 1), "that is d/da; for d/db write a**b as exp(b * log a)"),
                            (a0**b0, "write a**b as exp(b * log a) and take the chain rule to the end")],
                       "write a**b as exp(b * log a) and differentiate with respect to b"))
    return "a ** b and both gradients at 3 points, a fractional and a negative exponent among them"


@exercise
def reversed_sub(Value):
    """Exercise 3 (find the bug): 5 - x (a number on the left) gives 5 - x, and d(5 - x)/dx = -1."""
    for k, x0 in [(5.0, 2.0), (1.0, 3.5), (-2.0, -1.0)]:
        x = Value(x0)
        what = f"{k} - Value({x0})"
        out = _result(call(operator.sub, k, x, what=what), what)
        got = number(out.data, what)
        expect(got, k - x0, f"({what}).data",
               mistake(got, [(x0 - k, "with the number on the left, Python calls x.__rsub__(number): "
                                      "the number comes first")], "the number minus x"))
        call(out.backward, what=f"({what}).backward()")
        expect(number(x.grad, "x.grad"), -1.0, f"x.grad for {what}",
               "x is subtracted: its gradient has a sign")
    return "the number first, and x.grad = -1"


@exercise
def torch_grads(grads):
    """Exercise 4: g(a, b) = tanh(a*b) + exp(a)/b and its gradients, with PyTorch, match ours."""
    for a0, b0 in [(0.5, -1.5), (1.0, 2.0), (-0.3, 0.7)]:
        what = f"grads({a0}, {b0})"
        got = call(grads, a0, b0, what=what)
        import torch  # only this check needs it; imported once your code has run
        if not hasattr(got, "__len__") or len(got) != 3:
            raise Wrong(f"{what} should return three numbers (g, dg/da, dg/db), yours is {got!r}")
        if any(isinstance(t, torch.Tensor) and t.dtype == torch.float32 for t in got):
            raise Wrong(f"{what} returned float32 tensors: make the inputs float64 "
                        "(.double() or dtype=torch.float64), as micrograd computes in float64")
        got = [number(float(t) if isinstance(t, torch.Tensor) else t, what) for t in got]
        a, b = PackageValue(a0), PackageValue(b0)
        g = (a * b).tanh() + a.exp() / b
        g.backward()
        wants = [("g", got[0], g.data), ("dg/da", got[1], a.grad), ("dg/db", got[2], b.grad)]
        for name, value, want in wants:
            hint = ("float32 keeps about 7 digits: make the inputs float64"
                    if close_float32(value, want)
                    else "build g from the tensors, call backward(), read .grad")
            expect(value, want, f"{name} at (a, b) = {(a0, b0)}", hint, rel=1e-12, abs_=1e-12)
    return "PyTorch's value and gradients equal micrograd's to 12 digits, at 3 points"


def close_float32(x, y):
    """Equal to about 7 digits but not 12: the sign of a float32 round trip."""
    return math.isclose(x, y, rel_tol=1e-5) and not math.isclose(x, y, rel_tol=1e-12)
