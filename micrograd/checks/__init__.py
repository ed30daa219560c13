"""Checks for the exercise notebooks: each one prints a single line of feedback.

The line starts with one of three words:

    correct   your answer passed every test input
    wrong     it did not: the line says what was expected, what came back, for which
              input, and gives a hint (never the answer itself)
    not yet   the starting code is still there (a `...` or `raise NotImplementedError`)

One module per exercise notebook, one function per exercise:

    from micrograd.checks import derivatives as check
    check.forward_slope(slope)

This file holds the small shared part: calling your code safely, comparing numbers,
and printing the line.
"""

import functools
import math
from numbers import Real


class NotYet(Exception):
    """The exercise still holds its starting code."""


class Wrong(Exception):
    """The answer is wrong; the message says how."""


def exercise(check):
    """Turn a check that raises `Wrong`/`NotYet` into one that prints one status line.

    The check returns a short sentence for the `correct` line (or None). Whatever your code
    raises is caught by `call`, so a check never ends in a traceback.
    """

    @functools.wraps(check)
    def run(*args, **kwargs):
        try:
            note = check(*args, **kwargs)
        except NotYet as e:
            print(f"not yet: {e}")
        except Wrong as e:
            print(f"wrong: {e}")
        else:
            print(f"correct: {note}" if note else "correct")

    return run


def given(answer, name):
    """`answer` itself, or NotYet while it is still the `...` of the starting code."""
    if answer is Ellipsis:
        raise NotYet(f"fill in {name} (replace the ...)")
    return answer


def call(fn, *args, what):
    """fn(*args), where `what` names the call in messages, e.g. "slope(f, 3.0, 0.001)".

    NotImplementedError or a returned `...` mean "not yet"; any other exception becomes
    `wrong`, naming its type and message.
    """
    if fn is Ellipsis:
        raise NotYet(f"fill in the ... before {what}")
    try:
        out = fn(*args)
    except NotImplementedError as e:
        raise stub(e) from None
    except Exception as e:  # the learner's bug, reported instead of a traceback
        raise Wrong(f"{what} raised {type(e).__name__}: {e}") from None
    if out is Ellipsis:
        raise NotYet(f"{what} still returns ...: write your code there")
    return out


def stub(error):
    """The NotYet for a NotImplementedError: it names the function that raised it."""
    tb = error.__traceback__
    while tb.tb_next:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    name = getattr(code, "co_qualname", code.co_name)   # e.g. "ReluNeuron.__call__" (Python 3.11+)
    return NotYet(f"{name} still raises NotImplementedError: write your code there")


def number(x, what):
    """`x` as a float; `wrong` if it is not a plain number (a Value has its .data taken)."""
    if x is None:
        raise Wrong(f"{what} returned None: is a `return` missing?")
    if hasattr(x, "data") and isinstance(x.data, Real):
        return float(x.data)
    if isinstance(x, bool) or not isinstance(x, Real):
        raise Wrong(f"{what} should be a number, yours is {x!r}")
    return float(x)


def fmt(x):
    """A number for a feedback line: 4 decimals, or 4 significant digits when tiny or huge."""
    if x == 0 or 1e-3 <= abs(x) < 1e6:
        return f"{x:.4f}"
    return f"{x:.4g}"


def close(got, want, rel=1e-6, abs_=1e-9):
    """True when `got` is within rounding of `want`."""
    return math.isclose(got, want, rel_tol=rel, abs_tol=abs_)


def expect(got, want, what, hint, rel=1e-6, abs_=1e-9):
    """Raise `wrong` with "<what> should be about <want>, yours is <got>: <hint>" unless close."""
    if not close(got, want, rel, abs_):
        raise Wrong(f"{what} should be about {fmt(want)}, yours is {fmt(got)}: {hint}")


def mistake(got, known, default, rel=1e-6, abs_=1e-9):
    """The hint for `got`: the one whose wrong value (in `known`, {value: hint}) it matches, else `default`.

    This is how checks recognise classic mistakes: they compute what each mistake would
    give and look for your number among them.
    """
    for value, hint in known:
        if close(got, value, rel, abs_):
            return hint
    return default
