"""The autograd engine: `Value`, a scalar that remembers how it was made.

Every operation below builds a new `Value` and records, right beside the forward
computation, the *local derivative* of its output with respect to each input.
`backward()` then walks the graph from the output back to the inputs and applies
the chain rule with those numbers:

    child.grad += local_derivative * node.grad

Every operation here has one or two inputs, so a value keeps them in two slots,
`_a` and `_b`, each with its local derivative, `_da` and `_db`:

    c = a * b   ->   c._a = a, c._da = b.data     (dc/da = b)
                     c._b = b, c._db = a.data     (dc/db = a)

Why not a `_backward` closure per node, as in the lecture? A closure that refers to
its own node makes a reference cycle, so every graph has to wait for Python's cyclic
garbage collector: on micrograd's moons demo the collector takes 88% of a training
step, and a step costs 880 ms. Plain numbers make no cycle, so reference counting
frees a graph the moment it is dropped.

Why four slots rather than a `_prev` tuple and a `_local_grads` tuple? Measured with
`make bench` (README, "Speed and memory"): a Value plus two tuples per node still left
the collector 40% of a step, 0.15x of the closure engine's time, because the collector
scans every tuple too. One object per node, with no tuple, set or dict of its own,
brings a step to 0.075x and a node to 119 bytes (the closure version: 699 bytes).
"""

import math
from numbers import Real


def _check_number(data):
    """Return `data` as a float, or raise an error that says what went wrong.

    Any real number: int, float, Fraction, bool (True is 1.0, as True + 1 == 2 in Python), and
    numpy's bools, ints and floats, 0-d arrays included; np.bool_ too, though unlike Python's
    bool it is not a `numbers.Real`.
    """
    if not (isinstance(data, Real) or _is_numpy_real(data)):
        raise TypeError(
            f"Value() needs a real number (int or float), got {type(data).__name__}: {data!r}. "
            "Convert it first, e.g. Value(float(x))."
        )
    try:
        return float(data)
    except OverflowError:
        raise OverflowError(
            f"Value() got {_short(data)}, too large for a float (at most about 1.8e308). "
            "Scale it down first, or write float('inf') if you mean infinity."
        ) from None


_NUMPY_REAL_KINDS = ("b", "i", "u", "f")   # numpy's dtype kinds: bool, int, unsigned int, float


def _is_numpy_real(data):
    """Whether `data` is a numpy scalar or 0-d array of bools, ints or floats (without importing numpy)."""
    kind = getattr(getattr(data, "dtype", None), "kind", None)
    return getattr(data, "shape", None) == () and kind in _NUMPY_REAL_KINDS


def _short(number):
    """A huge number as text; an int as 'an int of about 10**400' (its digits can be too many to print)."""
    if isinstance(number, int):
        return f"an int of about 10**{int(math.log10(abs(number)))}"
    return f"{type(number).__name__} {number!r}"


class Value:
    """A scalar in a computation graph, with the gradient of the final output.

    Attributes:
        data: the number itself (a float).
        grad: d(output)/d(this value), filled in by `backward()`; starts at 0.0.
        label: an optional name, shown by `drawdot`.
        _op: the operation that produced this value ("" for a leaf).
        _a, _da: the operation's first input and d(this value)/d(_a); None and 0.0 for a leaf.
        _b, _db: its second input and d(this value)/d(_b); None and 0.0 for one-input operations.
        _prev, _local_grads: the same inputs and derivatives as tuples, in order (read-only).

    Make a value from a number: `Value(2.0, label="a")`. The other arguments are
    filled in by the operations below.
    """

    __slots__ = ("data", "grad", "label", "_op", "_a", "_da", "_b", "_db")

    def __init__(self, data, _op="", _a=None, _da=0.0, _b=None, _db=0.0, label=""):
        self.data = data if type(data) is float else _check_number(data)
        self.grad = 0.0
        self.label = label
        self._op = _op
        self._a, self._da = _a, _da
        self._b, self._db = _b, _db

    def __repr__(self):
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    @property
    def _prev(self):
        """The inputs of the operation that made this value, in a fixed order (a tuple)."""
        if self._a is None:
            return ()
        return (self._a,) if self._b is None else (self._a, self._b)

    @property
    def _local_grads(self):
        """d(this value)/d(input) for each input in `_prev`, in the same order."""
        if self._a is None:
            return ()
        return (self._da,) if self._b is None else (self._da, self._db)

    # ------------------------------------------------------------------ arithmetic
    # Each method first makes the other operand a Value, the same way every time: a plain
    # number is wrapped, anything else gives NotImplemented (Python then raises its usual
    # TypeError, naming both types in the order they were written). Then one line: the
    # forward value and each input with its local derivative,
    #     Value(output, op, first input, d(output)/d(first), second input, d(output)/d(second))

    def __add__(self, other):
        other = other if isinstance(other, Value) else _as_value(other)
        if other is NotImplemented:
            return other
        return Value(self.data + other.data, "+", self, 1.0, other, 1.0)   # d/da = 1, d/db = 1

    def __mul__(self, other):
        other = other if isinstance(other, Value) else _as_value(other)
        if other is NotImplemented:
            return other
        return Value(self.data * other.data, "*", self, other.data, other, self.data)   # d/da = b, d/db = a

    def __sub__(self, other):
        other = other if isinstance(other, Value) else _as_value(other)
        if other is NotImplemented:
            return other
        return Value(self.data - other.data, "-", self, 1.0, other, -1.0)   # d/da = 1, d/db = -1

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else _as_value(other)
        if other is NotImplemented:
            return other
        if other.data == 0.0:
            raise ZeroDivisionError(f"division by zero: {self!r} / {other!r}")
        inv = 1.0 / other.data
        return Value(self.data * inv, "/", self, inv, other, -self.data * inv * inv)   # 1/b, -a/b**2

    # A number on the left (2 + a, 2 * a, 2 - a, 2 / a): Python calls these on the Value.
    __radd__ = __add__      # 2 + a is a + 2
    __rmul__ = __mul__      # 2 * a is a * 2

    def __rsub__(self, other):
        other = other if isinstance(other, Value) else _as_value(other)
        return other if other is NotImplemented else other - self

    def __rtruediv__(self, other):
        other = other if isinstance(other, Value) else _as_value(other)
        return other if other is NotImplemented else other / self

    def __pow__(self, exponent):
        if isinstance(exponent, Value) or not isinstance(exponent, Real):
            raise TypeError(
                f"only numeric exponents (int or float) are supported, got {type(exponent).__name__}; "
                "for a Value exponent write (b * a.log()).exp() instead of a ** b"
            )
        n = float(exponent)
        if self.data == 0.0 and n < 1.0:
            raise ValueError(f"{self!r} ** {exponent}: the derivative is undefined at 0")
        if self.data < 0.0 and not n.is_integer():
            raise ValueError(f"{self!r} ** {exponent}: a negative base needs a whole-number exponent")
        try:
            out, local = self.data**n, n * self.data ** (n - 1.0)   # d(a**n)/da = n * a**(n-1)
        except OverflowError:
            raise OverflowError(f"{self.data} ** {exponent} is too large for a float") from None
        return Value(out, f"**{exponent}", self, local)

    def __neg__(self):
        return Value(-self.data, "neg", self, -1.0)   # d(-a)/da = -1

    # ------------------------------------------------------------------ functions

    def exp(self):
        """e**x; its derivative is e**x itself."""
        try:
            out = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp({self.data}) is too large for a float") from None
        return Value(out, "exp", self, out)

    def log(self):
        """Natural logarithm, for positive values; d(log x)/dx = 1/x."""
        if self.data <= 0.0:
            raise ValueError(f"log needs a positive value, got {self.data}")
        return Value(math.log(self.data), "log", self, 1.0 / self.data)

    def tanh(self):
        """Hyperbolic tangent; d(tanh x)/dx = 1 - tanh(x)**2."""
        t = math.tanh(self.data)
        return Value(t, "tanh", self, 1.0 - t * t)

    def relu(self):
        """max(0, x); its derivative is 1 where x > 0 and 0 where x <= 0.

        NaN stays NaN (with derivative 1), as in PyTorch: a network whose numbers have
        diverged shows NaN instead of a finite loss. Below 0 the output is 0 but still
        made from x (`_a` is x), so `trace` and `drawdot` see everything upstream.
        """
        if self.data <= 0.0:                # False for NaN
            return Value(0.0, "ReLU", self, 0.0)
        return Value(self.data, "ReLU", self, 1.0)

    def sigmoid(self):
        """1 / (1 + e**-x); d(sigmoid x)/dx = s * (1 - s)."""
        if self.data >= 0.0:
            s = 1.0 / (1.0 + math.exp(-self.data))
        else:  # the same number, written so that exp cannot overflow
            z = math.exp(self.data)
            s = z / (1.0 + z)
        return Value(s, "sigmoid", self, s * (1.0 - s))

    # ------------------------------------------------------------------ backprop

    def topological_order(self):
        """Every value this one depends on, each after all of its inputs.

        The same order as the lecture's recursive `build_topo` (with `_prev` as a tuple):

            def build_topo(v):
                if v not in visited:
                    visited.add(v)
                    for child in v._prev:
                        build_topo(child)
                    topo.append(v)          # waits until every child is done

        Recursion stops near 1,000 levels, so here the waiting happens on a list instead of
        Python's call stack: for each new node we push the node, a `None` marker, then its
        inputs. The inputs (and their inputs, ...) come off first; when the marker comes off,
        the node under it is appended. The marker is the line `topo.append(v)` waiting its turn.
        """
        order, visited = [], set()
        stack = [self]
        while stack:
            node = stack.pop()
            if node is None:                # the marker: the node under it has all inputs in order
                order.append(stack.pop())
            elif node not in visited:
                visited.add(node)
                stack.append(node)
                stack.append(None)
                if node._b is not None and node._b not in visited:
                    stack.append(node._b)
                if node._a is not None and node._a not in visited:
                    stack.append(node._a)   # pushed last, so the first input is visited first
        return order

    def backward(self):
        """Fill in `grad` on every value this one depends on: d(self)/d(value).

        Gradients *accumulate* (`+=`): a value used twice gets both contributions, and
        calling `backward()` a second time adds the same gradients again. Reset them
        to zero first (`Module.zero_grad()`, or `v.grad = 0.0`) when that is not wanted.
        """
        order = self.topological_order()
        earlier = _set_aside_earlier_gradients(order)
        self.grad = 1.0                     # d(self)/d(self)
        for node in reversed(order):        # outputs before inputs
            if node._a is not None:         # the chain rule, for each input:
                node._a.grad += node._da * node.grad
                if node._b is not None:
                    node._b.grad += node._db * node.grad
        for v, g in earlier.items():        # add back what earlier calls had found
            v.grad += g


def _set_aside_earlier_gradients(values):
    """Set each nonzero grad among `values` to 0 and return them, {value: grad}, to add back later.

    So only this call's gradients flow through the graph. Without it, an inner node's old grad
    would be passed on again: for z = (x*2)*3, a second backward() would take x.grad to 18
    instead of 12. Tests that fail without it, in tests/test_engine.py:
    test_backward_twice_doubles_every_gradient_exactly and
    test_backward_of_two_outputs_sharing_a_subgraph_adds_their_gradients.
    """
    earlier = {v: v.grad for v in values if v.grad}   # usually none: zero_grad() came first
    for v in earlier:
        v.grad = 0.0
    return earlier


def _as_value(x):
    """Wrap a plain number in a Value; anything else gets NotImplemented (Python then raises TypeError)."""
    if isinstance(x, Real) or _is_numpy_real(x):
        return Value(x)
    return NotImplemented
