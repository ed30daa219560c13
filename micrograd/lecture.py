"""The lecture's fixed examples, typed once: the widgets, the images, the notebooks and the tests use them.

    f(x)                    the first function, 3x**2 - 4x + 5 (slope 14 at x = 3)
    expression()            L = (a*b + c) * f with a = 2, b = -3, c = 10, f = -2 (L = -8)
    neuron()                o = tanh(x1*w1 + x2*w2 + b) with the lecture's numbers (o = 0.7071...)
    XS, YS                  the tiny data set of the training part: four inputs, four targets
"""

from .engine import Value

# b is chosen so that n = x1*w1 + x2*w2 + b = 0.8813735870195432 = atanh(1/sqrt(2)), hence o = 1/sqrt(2).
NEURON = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.8813735870195432}

XS = [
    [2.0, 3.0, -1.0],
    [3.0, -1.0, 0.5],
    [0.5, 1.0, 1.0],
    [1.0, 1.0, -1.0],
]
YS = [1.0, -1.0, -1.0, 1.0]  # the desired output for each row of XS


def f(x):
    """The lecture's first function, f(x) = 3x**2 - 4x + 5."""
    return 3 * x**2 - 4 * x + 5


def _named(value, label):
    value.label = label
    return value


def expression(a=2.0, b=-3.0, c=10.0, f=-2.0):
    """The lecture's first graph, L = (a*b + c) * f, every value labelled as in the video. Returns L."""
    a, b, c, f = (Value(x, label=name) for x, name in ((a, "a"), (b, "b"), (c, "c"), (f, "f")))
    e = _named(a * b, "e")
    d = _named(e + c, "d")
    return _named(d * f, "L")


def neuron(x1=NEURON["x1"], x2=NEURON["x2"], w1=NEURON["w1"], w2=NEURON["w2"], b=NEURON["b"]):
    """The lecture's neuron o = tanh(x1*w1 + x2*w2 + b), labelled as in the video. Returns o."""
    x1, x2 = Value(x1, label="x1"), Value(x2, label="x2")
    w1, w2, b = Value(w1, label="w1"), Value(w2, label="w2"), Value(b, label="b")
    x1w1 = _named(x1 * w1, "x1*w1")
    x2w2 = _named(x2 * w2, "x2*w2")
    x1w1x2w2 = _named(x1w1 + x2w2, "x1*w1 + x2*w2")
    n = _named(x1w1x2w2 + b, "n")
    return _named(n.tanh(), "o")
