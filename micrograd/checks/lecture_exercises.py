"""Checks for exercises/09_lecture_exercises: the lecture's own exercise set, written anew."""

import math

from ..engine import Value
from . import Wrong, call, exercise, expect, given, mistake, number

POINTS = [(2.0, 3.0, 4.0), (1.0, 0.5, -2.0), (3.5, 1.2, 0.8)]


def f(a, b, c):
    """The lecture's function: -a**3 + sin(3b) - 1/c + b**2.5 - a**0.5."""
    return -(a**3) + math.sin(3 * b) - 1.0 / c + b**2.5 - a**0.5


def exact(a, b, c):
    """Its gradient, worked out by calculus."""
    return [-3 * a**2 - 0.5 * a**-0.5, 3 * math.cos(3 * b) + 2.5 * b**1.5, 1 / c**2]


HINTS = {
    "a": lambda a, b, c: [(-3 * a**2 + 0.5 * a**-0.5, "check the sign of the derivative of -a**0.5"),
                          (-3 * a**2, "a**0.5 depends on a too"),
                          (-3 * a**2 - 0.5 * a**0.5, "the power rule lowers 0.5 by one"),
                          (3 * a**2 - 0.5 * a**-0.5, "check the sign of the derivative of -a**3")],
    "b": lambda a, b, c: [(math.cos(3 * b) + 2.5 * b**1.5, "check the derivative of sin(3b)"),
                          (3 * math.cos(3 * b) + 2.5 * b**2.5, "the power rule lowers 2.5 by one"),
                          (-3 * math.cos(3 * b) + 2.5 * b**1.5, "the derivative of sin is +cos"),
                          (3 * math.cos(3 * b), "b**2.5 depends on b too")],
    "c": lambda a, b, c: [(-1 / c**2, "check the sign of the derivative of -1/c"),
                          (1 / c, "1/c = c**-1: use the power rule")],
}


def _three(got, what):
    if not hasattr(got, "__len__") or len(got) != 3:
        raise Wrong(f"{what} should return three numbers [df/da, df/db, df/dc], yours is {got!r}")
    return [number(g, what) for g in got]


@exercise
def analytical(grad):
    """Exercise 1: the gradient of f worked out by hand, at several points."""
    for a, b, c in POINTS:
        what = f"grad{(a, b, c)}"
        got = _three(call(grad, a, b, c, what=what), what)
        for i, name in enumerate("abc"):
            hint = mistake(got[i], HINTS[name](a, b, c), f"differentiate each term of f that holds {name}")
            expect(got[i], exact(a, b, c)[i], f"df/d{name} at {(a, b, c)}", hint)
    return "all three derivatives at 3 points, the lecture's (2, 3, 4) among them"


def _nudged(a, b, c, h, both):
    base = f(a, b, c)
    out = []
    for i in range(3):
        up, down = [a, b, c], [a, b, c]
        up[i] += h
        down[i] -= h
        out.append((f(*up) - f(*down)) / (2 * h) if both else (f(*up) - base) / h)
    return out


def _numeric(grad, tol, both):
    h = 1e-6
    for a, b, c in POINTS:
        what = f"grad(f, {a}, {b}, {c})"
        got = _three(call(grad, f, a, b, c, what=what), what)
        together = (f(a + h, b + h, c + h) - f(a, b, c)) / h
        for i, name in enumerate("abc"):
            want = exact(a, b, c)[i]
            one_way = _nudged(a, b, c, h, both=False)[i]
            hint = mistake(got[i], [
                (together, "you nudged every input at once: nudge one, keep the others"),
                (one_way * h, "divide the change of f by the step"),
                (2 * one_way * h, "divide the change of f by the distance between the two points, 2h"),
            ] + ([(one_way, "you stepped one way only: step to x + h and to x - h")] if both else []),
                "nudge this input alone by h = 0.000001 and take rise over run")
            if abs(got[i] - want) > tol * max(1.0, abs(want)):
                raise Wrong(f"df/d{name} at {(a, b, c)} should be within {tol:g} of {want:.10f}, "
                            f"yours is {got[i]:.10f}: {hint}")


@exercise
def numerical(grad):
    """Exercise 2: the gradient of f by nudging each input forward by h = 0.000001."""
    _numeric(grad, 1e-4, both=False)
    return "within 0.0001 of the exact gradient at 3 points"


@exercise
def symmetric(grad):
    """Exercise 3: the symmetric (central) difference, (f(x + h) - f(x - h)) / 2h, with h = 0.000001."""
    _numeric(grad, 1e-8, both=True)
    return "within 0.00000001 of the exact gradient at 3 points: a hundred times closer than one-sided"


WHY = {
    "A": "no: both use the same h; the step is not smaller",
    "B": None,
    "C": "no: both compute in the same floats, with the same number of digits",
    "D": "no: rounding is not what shrinks; look at what happens to the h-terms of the Taylor series",
}


@exercise
def why_symmetric(answer):
    """Exercise 4: why is the symmetric difference more exact? One letter."""
    answer = given(answer, "answer")
    letter = str(answer).strip().upper()
    if letter not in WHY:
        raise Wrong(f"answer should be one of the letters A, B, C, D, yours is {answer!r}")
    if WHY[letter]:
        raise Wrong(f"answer {letter!r}: {WHY[letter]}")
    return "the h**2 terms cancel, so the error shrinks like h**2 instead of h"


LOGITS, TARGET = [0.0, 3.0, -2.0, 1.0], 3


def _probs(logits):
    exps = [math.exp(v) for v in logits]
    return [e / sum(exps) for e in exps]


@exercise
def softmax_nll(softmax):
    """Exercise 5: softmax from Value operations; the loss -log(probs[target]) and its gradients."""
    for logits, target in [(LOGITS, TARGET), ([1.0, -1.0, 0.5], 0), ([2.0, 2.0], 1)]:
        vals = [Value(v) for v in logits]
        what = f"softmax({logits})"
        probs = call(softmax, vals, what=what)
        if not hasattr(probs, "__len__") or len(probs) != len(logits):
            raise Wrong(f"{what} should return {len(logits)} probabilities (Values), yours is {probs!r}")
        if not all(isinstance(p, Value) for p in probs):
            raise Wrong(f"{what} should return Values, so the loss can be backpropagated; yours is {probs!r}")
        want = _probs(logits)
        for i, p in enumerate(probs):
            hint = mistake(p.data, [
                (math.exp(logits[i]), "divide each exponential by the sum of all of them"),
                (logits[i] / sum(logits) if sum(logits) else math.nan, "exponentiate the logits first"),
            ], "exp of each logit, over the sum of the exponentials")
            expect(p.data, want[i], f"probability {i} of {what}", hint)
        loss = -probs[target].log()
        loss.backward()
        for i, v in enumerate(vals):
            expect(number(v.grad, "grad"), want[i] - (i == target),
                   f"d loss / d logit {i} for loss = -log(probs[{target}]) of {what}",
                   "build the probabilities from Value operations only (exp, sum, /) so backward() reaches "
                   "every logit", abs_=1e-9)
    return "probabilities and all gradients, the lecture's logits [0, 3, -2, 1] with target 3 among them"


@exercise
def torch_nll(nll):
    """Exercise 6: the same loss and gradients with PyTorch, in float64."""
    for logits, target in [(LOGITS, TARGET), ([1.0, -1.0, 0.5], 0)]:
        what = f"nll({logits}, {target})"
        got = call(nll, list(logits), target, what=what)
        import torch  # only this check needs it; imported once your code has run
        if not isinstance(got, tuple) or len(got) != 2:
            raise Wrong(f"{what} should return (loss, gradients), yours is {got!r}")
        loss, grads = got
        if isinstance(loss, torch.Tensor) and loss.dtype == torch.float32:
            raise Wrong(f"{what} is float32: make the logits float64 (.double() or dtype=torch.float64)")
        if grads is None:
            raise Wrong(f"{what} gave no gradients: make the logits with requires_grad=True, "
                        "then call backward()")
        grads = [float(g) for g in grads]
        want = _probs(logits)
        expect(number(float(loss), what), -math.log(want[target]), f"the loss of {what}",
               "-log of the target's softmax probability", rel=1e-12)
        for i, g in enumerate(grads):
            expect(g, want[i] - (i == target), f"d loss / d logit {i} for {what}",
                   "read logits.grad after loss.backward()", rel=1e-9, abs_=1e-12)
    return "PyTorch agrees with micrograd, the lecture's loss 2.1755 among them"
