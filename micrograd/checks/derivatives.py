"""Checks for exercises/01_derivatives: slopes by nudging and by calculus."""

import math

from . import Wrong, call, exercise, expect, mistake, number

# Test functions with a known derivative; none is a straight line, so a wrong step shows.
FUNCTIONS = [
    ("x**2", lambda x: x**2),
    ("3x**2 - 4x + 5", lambda x: 3 * x**2 - 4 * x + 5),
    ("sin(x)", math.sin),
    ("exp(x)", math.exp),
]


@exercise
def forward_slope(slope):
    """Exercise 1: slope(f, x, h) = (f(x + h) - f(x)) / h, the forward difference."""
    for name, f in FUNCTIONS:
        for x, h in [(3.0, 0.001), (-1.5, 0.01), (0.5, 0.1)]:
            what = f"slope(f, {x}, {h}) for f(x) = {name}"
            got = number(call(slope, f, x, h, what=what), what)
            want = (f(x + h) - f(x)) / h
            hint = mistake(got, [
                (f(x + h) - f(x), "that is the rise alone: divide it by the run h"),
                (-want, "the sign is flipped: subtract f(x) from f(x + h), not the other way round"),
                ((f(x + h) - f(x - h)) / (2 * h), "that is the central difference; here, step forward only"),
                ((f(x + h) - f(x)) / (2 * h), "divide by the step you took, h"),
                ((f(x) + h - f(x)) / h, "nudge the input x, not the output f(x)"),
            ], "compare with the rise over the run, (f(x + h) - f(x)) / h")
            expect(got, want, what, hint, rel=1e-9)
    return "your slope is the forward difference for 4 functions at 3 points each"


@exercise
def calculus_derivative(dg):
    """Exercise 2: g(x) = 2x**3 - 5x + 1/x, so g'(x) = 6x**2 - 5 - 1/x**2."""
    for x in [1.0, 2.0, -3.0, 0.5]:
        what = f"g'({x})"
        got = number(call(dg, x, what=what), what)
        want = 6 * x**2 - 5 - 1 / x**2
        hint = mistake(got, [
            (6 * x**2 - 5 + 1 / x**2, "check the sign of the derivative of 1/x"),
            (6 * x**3 - 5 - 1 / x**2, "the power rule lowers the exponent by one"),
            (3 * x**2 - 5 - 1 / x**2, "keep the factor 2 in front of x**3"),
            (6 * x**2 - 1 / x**2, "the term -5x has a derivative too"),
            (6 * x**2 - 5 + math.log(abs(x)), "1/x is x**-1: use the power rule, not the integral"),
            (6 * x**2 - 5 - 1 / x, "1/x = x**-1; its derivative has x**-2"),
        ], "differentiate each of the three terms and add them")
        expect(got, want, what, hint)
    return "g'(x) = 6x**2 - 5 - 1/x**2 at 4 points, positive and negative"


@exercise
def partial_slopes(partials):
    """Exercise 3: partials(fn, inputs, h) nudges one input at a time and returns every slope."""
    cases = [
        ("a*b + c", lambda a, b, c: a * b + c, [2.0, -3.0, 10.0]),
        ("a*b*c", lambda a, b, c: a * b * c, [1.5, 2.0, -1.0]),
        ("a**2 + sin(b)", lambda a, b: a**2 + math.sin(b), [0.5, 1.0]),
    ]
    h = 0.0001
    for name, fn, inputs in cases:
        what = f"partials(fn, {inputs}, {h}) for fn = {name}"
        got = call(partials, fn, list(inputs), h, what=what)
        if not hasattr(got, "__len__") or len(got) != len(inputs):
            raise Wrong(f"{what} should return {len(inputs)} slopes (one per input), yours is {got!r}")
        base = fn(*inputs)
        together = (fn(*[v + h for v in inputs]) - base) / h
        for i, name_i in enumerate("abc"[: len(inputs)]):
            nudged = list(inputs)
            nudged[i] += h
            want = (fn(*nudged) - base) / h
            g = number(got[i], what)
            hint = mistake(g, [
                (together, "you nudged every input at once: nudge one, keep the others as they were"),
                (want * h, "divide the change in the output by h"),
            ], "nudge only this input by h and divide the change of fn by h")
            expect(g, want, f"the slope for {name_i} in {what}", hint, rel=1e-6)
    return "one slope per input, each from nudging that input alone"


@exercise
def fixed_step(slope):
    """Exercise 4 (find the bug): a forward slope with a sensible default step."""
    worst = 0.0
    for name, f, x, exact in [
        ("3x**2 - 4x + 5", FUNCTIONS[1][1], 3.0, 14.0),
        ("sin(x)", math.sin, 1.0, math.cos(1.0)),
        ("exp(x)", math.exp, 2.0, math.exp(2.0)),
    ]:
        what = f"slope(f, {x}) for f(x) = {name}"
        got = number(call(slope, f, x, what=what), what)
        error = abs(got - exact)
        if error > 1e-5 * max(1.0, abs(exact)):
            # On a straight line every step size gives the exact slope, up to rounding: so an
            # error there means the step is so small that rounding takes over.
            line = number(call(slope, lambda t: 2.0 * t, 3.0, what="slope(f, 3.0) for f(x) = 2x"), "slope")
            hint = ("the step is so small that rounding in f(x + h) - f(x) takes over: make h larger"
                    if abs(line - 2.0) > 1e-6
                    else "the step is too large: the slope over a big step is not the slope at x")
            raise Wrong(f"{what} should be about {exact:.6f}, yours is {got:.6f}: {hint}")
        worst = max(worst, error)
    return f"the largest error over 3 functions is {worst:.1e}"

