"""The references the engine's tests compare against, kept apart from the tests themselves.

- `slope`: the derivative by central finite differences (the lecture's "nudge it a little").
- `UNARY`, `BINARY`: every operation on `Value`s beside the same operation on floats, and
  the domain where its derivative exists (as a point test and as a Hypothesis strategy
  that draws only such points, so no test case has to be skipped).
- `Dual`: forward-mode automatic differentiation with dual numbers, written from scratch.
- `GENERIC`, `resolve`, `build` and the strategies `inputs`, `program_steps`: random
  expression graphs, run on floats, on `Value`s and on `Dual`s.
"""

import math
from collections.abc import Callable
from typing import NamedTuple

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from micrograd import Value


def slope(f, x, h=1e-4):
    """d f / d x at x by the five-point central difference (error of order h**4)."""
    h *= max(1.0, abs(x))
    return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h)


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


# --------------------------------------------------------------------------- every op, one at a time

class Domain(NamedTuple):
    """Where an operation has a derivative: a test for one point, and a strategy drawing only such points."""

    contains: Callable[[float], bool]
    points: SearchStrategy


def _floats(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


ANYWHERE = Domain(lambda x: True, _floats(-6.0, 6.0))
POSITIVE = Domain(lambda x: x >= 0.1, _floats(0.1, 6.0))
NONZERO = Domain(lambda x: abs(x) >= 0.2, _floats(0.2, 6.0) | _floats(-6.0, -0.2))
AWAY_FROM_KINK = Domain(lambda x: abs(x) >= 1e-2, _floats(1e-2, 6.0) | _floats(-6.0, -1e-2))


class UnaryOp(NamedTuple):
    """An operation with one Value operand (the other side, if any, is a plain number)."""

    on_values: Callable
    on_floats: Callable
    domain: Domain


class BinaryOp(NamedTuple):
    """An operation on two Values; `second` is where the second operand may be."""

    on_values: Callable
    on_floats: Callable
    second: Domain


# Numbers appear on either side of + - * /, so __radd__, __rsub__, ... are covered.
UNARY = {
    "a + 2.5": UnaryOp(lambda a: a + 2.5, lambda x: x + 2.5, ANYWHERE),
    "2.5 + a": UnaryOp(lambda a: 2.5 + a, lambda x: 2.5 + x, ANYWHERE),
    "a - 2.5": UnaryOp(lambda a: a - 2.5, lambda x: x - 2.5, ANYWHERE),
    "2.5 - a": UnaryOp(lambda a: 2.5 - a, lambda x: 2.5 - x, ANYWHERE),
    "a * -1.5": UnaryOp(lambda a: a * -1.5, lambda x: x * -1.5, ANYWHERE),
    "-1.5 * a": UnaryOp(lambda a: -1.5 * a, lambda x: -1.5 * x, ANYWHERE),
    "a / 4": UnaryOp(lambda a: a / 4, lambda x: x / 4, ANYWHERE),
    "3 / a": UnaryOp(lambda a: 3 / a, lambda x: 3 / x, NONZERO),
    "-a": UnaryOp(lambda a: -a, lambda x: -x, ANYWHERE),
    "a ** 2": UnaryOp(lambda a: a**2, lambda x: x**2, ANYWHERE),
    "a ** 3": UnaryOp(lambda a: a**3, lambda x: x**3, ANYWHERE),
    "a ** -1": UnaryOp(lambda a: a**-1, lambda x: x**-1, NONZERO),
    "a ** 0.5": UnaryOp(lambda a: a**0.5, lambda x: x**0.5, POSITIVE),
    "a ** -1.5": UnaryOp(lambda a: a**-1.5, lambda x: x**-1.5, POSITIVE),
    "exp": UnaryOp(lambda a: a.exp(), math.exp, ANYWHERE),
    "log": UnaryOp(lambda a: a.log(), math.log, POSITIVE),
    "tanh": UnaryOp(lambda a: a.tanh(), math.tanh, ANYWHERE),
    "relu": UnaryOp(lambda a: a.relu(), lambda x: max(x, 0.0), AWAY_FROM_KINK),
    "sigmoid": UnaryOp(lambda a: a.sigmoid(), lambda x: sigmoid(x), ANYWHERE),
}

BINARY = {
    "a + b": BinaryOp(lambda a, b: a + b, lambda x, y: x + y, ANYWHERE),
    "a - b": BinaryOp(lambda a, b: a - b, lambda x, y: x - y, ANYWHERE),
    "a * b": BinaryOp(lambda a, b: a * b, lambda x, y: x * y, ANYWHERE),
    "a / b": BinaryOp(lambda a, b: a / b, lambda x, y: x / y, NONZERO),
}

POINTS = (-2.7, -0.6, 0.3, 1.9)
# (operation, point) for every point of POINTS where the operation has a derivative.
UNARY_CASES = [(name, x) for name, op in UNARY.items() for x in POINTS if op.domain.contains(x)]


def unary_case():
    """A Hypothesis strategy: (name of a unary op, a point where it has a derivative)."""
    return st.sampled_from(sorted(UNARY)).flatmap(
        lambda name: st.tuples(st.just(name), UNARY[name].domain.points))


def binary_case():
    """A Hypothesis strategy: (name of a binary op, first operand, second operand)."""
    return st.sampled_from(sorted(BINARY)).flatmap(
        lambda name: st.tuples(st.just(name), ANYWHERE.points, BINARY[name].second.points))


# --------------------------------------------------------------------------- random expression graphs

# One step of a random program: (kind, i, j, c). Operands a and b are earlier nodes, counted from
# the newest (so small numbers make deep graphs), and may be the same node (a + a, a * a).
# c is a plain number for the steps that take one.
GENERIC = {
    "a+b": lambda a, b, c: a + b,
    "a-b": lambda a, b, c: a - b,
    "a*b": lambda a, b, c: a * b,
    "a/b": lambda a, b, c: a / b,
    "a+c": lambda a, b, c: a + c,
    "c+a": lambda a, b, c: c + a,
    "a-c": lambda a, b, c: a - c,
    "c-a": lambda a, b, c: c - a,
    "a*c": lambda a, b, c: a * c,
    "c*a": lambda a, b, c: c * a,
    "a/c": lambda a, b, c: a / c,
    "c/a": lambda a, b, c: c / a,
    "-a": lambda a, b, c: -a,
    "a**2": lambda a, b, c: a**2,
    "a**3": lambda a, b, c: a**3,
    "a**-1": lambda a, b, c: a**-1,
    "a**0.5": lambda a, b, c: a**0.5,
    "a**1.5": lambda a, b, c: a**1.5,
    "exp": lambda a, b, c: a.exp(),
    "log": lambda a, b, c: a.log(),
    "tanh": lambda a, b, c: a.tanh(),
    "relu": lambda a, b, c: a.relu(),
    "sigmoid": lambda a, b, c: a.sigmoid(),
}
# The same steps on plain floats, with the math module.
FLOAT = dict(
    GENERIC,
    exp=lambda a, b, c: math.exp(a),
    log=lambda a, b, c: math.log(a),
    tanh=lambda a, b, c: math.tanh(a),
    relu=lambda a, b, c: a if a > 0 else 0.0,
    sigmoid=lambda a, b, c: sigmoid(a),
)


def allowed(kind, a, b, c):
    """Whether a step is well away from where it or its derivative is undefined (or kinked)."""
    if kind == "a/b":
        return abs(b) >= 0.25
    if kind == "a/c":
        return abs(c) >= 0.25
    if kind in ("c/a", "a**-1"):
        return abs(a) >= 0.25
    if kind in ("log", "a**0.5", "a**1.5"):
        return a >= 0.1
    if kind == "exp":
        return a <= 4.0
    if kind == "relu":
        return abs(a) >= 0.01
    return True


def resolve(program, xs):
    """Run `program` on floats; return its concrete steps and the value of the last node.

    A step that is not allowed at these numbers, or whose result is larger than 100, becomes
    tanh of its first operand. Each concrete step is (kind, i, j, c, relu_side); two runs took
    the same smooth branch everywhere exactly when their steps are equal.
    """
    values = list(xs)
    steps = []
    for kind, i, j, c in program:
        i, j = len(values) - 1 - i % len(values), len(values) - 1 - j % len(values)
        a, b = values[i], values[j]
        out = FLOAT[kind](a, b, c) if allowed(kind, a, b, c) else None
        if out is None or abs(out) > 100.0:
            kind, out = "tanh", math.tanh(a)
        steps.append((kind, i, j, c, a > 0 if kind == "relu" else None))
        values.append(out)
    return steps, values[-1]


def build(steps, leaves):
    """Run concrete steps on Values (or Duals); return every node, the output last."""
    nodes = list(leaves)
    for kind, i, j, c, _ in steps:
        nodes.append(GENERIC[kind](nodes[i], nodes[j], c))
    return nodes


class Dual:
    """Forward-mode reference: a number, its derivatives w.r.t. each input, and a bound for them.

    `bound` is the same derivative computed with |local derivative| + 1e-5 everywhere: the size
    of the sums behind each derivative, which sets how much rounding error is fair to expect.
    (The + 1e-5 allows for local derivatives that are only right to about 1e-16 in absolute
    terms, such as the engine's 1 - tanh(x)**2 for large x, next to this class's 1 / cosh(x)**2.)
    """

    __slots__ = ("val", "dot", "bound")

    def __init__(self, val, dot, bound):
        self.val, self.dot, self.bound = val, dot, bound

    @classmethod
    def variable(cls, val, k, n):
        dot = [0.0] * n
        dot[k] = 1.0
        return cls(val, dot, list(dot))

    @staticmethod
    def chain(val, *parts):
        """A new Dual from its value and (input Dual, local derivative) pairs."""
        n = len(parts[0][0].dot)
        dot = [sum(local * d.dot[k] for d, local in parts) for k in range(n)]
        bound = [sum((abs(local) + 1e-5) * d.bound[k] for d, local in parts) for k in range(n)]
        return Dual(val, dot, bound)

    def __add__(self, other):
        if isinstance(other, Dual):
            return Dual.chain(self.val + other.val, (self, 1.0), (other, 1.0))
        return Dual.chain(self.val + other, (self, 1.0))

    __radd__ = __add__

    def __neg__(self):
        return Dual.chain(-self.val, (self, -1.0))

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __mul__(self, other):
        if isinstance(other, Dual):
            return Dual.chain(self.val * other.val, (self, other.val), (other, self.val))
        return Dual.chain(self.val * other, (self, other))

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, Dual):
            q = self.val / other.val
            return Dual.chain(q, (self, 1.0 / other.val), (other, -q / other.val))
        return Dual.chain(self.val / other, (self, 1.0 / other))

    def __rtruediv__(self, other):
        return Dual.chain(other / self.val, (self, -other / self.val**2))

    def __pow__(self, n):
        return Dual.chain(self.val**n, (self, n * self.val ** (n - 1)))

    def exp(self):
        e = math.exp(self.val)
        return Dual.chain(e, (self, e))

    def log(self):
        return Dual.chain(math.log(self.val), (self, 1.0 / self.val))

    def tanh(self):
        return Dual.chain(math.tanh(self.val), (self, 1.0 / math.cosh(self.val) ** 2))

    def relu(self):
        return Dual.chain(max(self.val, 0.0), (self, 1.0 if self.val > 0 else 0.0))

    def sigmoid(self):
        e = math.exp(-abs(self.val))   # sigmoid'(x) = e**-|x| / (1 + e**-|x|)**2, for either sign
        return Dual.chain(sigmoid(self.val), (self, e / (1.0 + e) ** 2))


inputs = st.lists(st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False), min_size=1, max_size=4)
step = st.tuples(st.sampled_from(sorted(GENERIC)), st.integers(0, 40), st.integers(0, 40),
                 st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False))
program_steps = st.lists(step, min_size=1, max_size=20)


def backprop(steps, xs):
    leaves = [Value(x) for x in xs]
    out = build(steps, leaves)[-1]
    out.backward()
    return out, [v.grad for v in leaves]


def duals(steps, xs):
    return build(steps, [Dual.variable(x, k, len(xs)) for k, x in enumerate(xs)])[-1]
