"""Checks for exercises/07_training_loop: losses and the training loop."""

from ..engine import Value
from ..lecture import XS, YS
from ..nn import MLP
from . import Wrong, call, exercise, expect, mistake, number

CASES = [([0.8, -0.5, -0.9, 1.2], [1.0, -1.0, -1.0, 1.0]), ([0.0, 2.0], [1.0, -1.0]), ([-0.3], [1.0])]


def _loss(fn, preds, ys, name):
    what = f"{name}(scores {preds}, ys {ys})"
    out = call(fn, [Value(p) for p in preds], list(ys), what=what)
    if out is None:
        raise Wrong(f"{what} returned None: is a `return` missing?")
    if not isinstance(out, Value):
        raise Wrong(f"{what} should be a Value, so that backward() can run through it; yours is {out!r}")
    return what, out.data


@exercise
def mse(loss):
    """Exercise 1: the lecture's loss, the sum of squared differences between prediction and target."""
    for preds, ys in CASES:
        what, got = _loss(loss, preds, ys, "loss")
        diffs = [p - y for p, y in zip(preds, ys, strict=True)]
        want = sum(d * d for d in diffs)
        hint = mistake(got, [
            (sum(diffs), "square each difference, so that too high and too low both cost"),
            (sum(abs(d) for d in diffs), "square each difference instead of taking its size"),
            (want / len(diffs), "the lecture sums the squares; this is their mean"),
            (sum(diffs) ** 2, "square each difference, then add them up"),
        ], "add up (prediction - target)**2 over all examples")
        expect(got, want, what, hint)
    return "the sum of squared errors on 3 small sets"


@exercise
def hinge(loss):
    """Exercise 2: the max-margin loss of micrograd's demo, sum of relu(1 - y * score)."""
    for preds, ys in CASES:
        what, got = _loss(loss, preds, ys, "loss")
        want = sum(max(0.0, 1 - y * p) for p, y in zip(preds, ys, strict=True))
        hint = mistake(got, [
            (sum(max(0.0, -y * p) for p, y in zip(preds, ys, strict=True)),
             "a score must clear the margin 1, not just 0"),
            (sum(1 - y * p for p, y in zip(preds, ys, strict=True)),
             "a point beyond the margin should cost 0: clip at 0 with relu"),
            (sum(max(0.0, 1 + y * p) for p, y in zip(preds, ys, strict=True)),
             "a score with the right sign should cost less, not more"),
        ], "add up relu(1 - y * score) over all examples")
        expect(got, want, what, hint)
    return "the hinge loss on 3 small sets, points inside and beyond the margin"


SEED = 4


def _reference(steps, lr=0.1, decay=0.9, zero_grad=True, sign=-1.0, fresh=True):
    """The loop the exercise asks for, and its classic mistakes (each a switch)."""
    model = MLP(3, [4, 4, 1], seed=SEED)
    losses = []
    ypred = [model(x) for x in XS]
    for k in range(steps):
        if fresh:
            ypred = [model(x) for x in XS]
        loss = sum((yout - ygt) ** 2 for ygt, yout in zip(YS, ypred, strict=True))
        if zero_grad:
            model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data += sign * lr * decay**k * p.grad
        losses.append(loss.data)
    return losses


def _same(xs, ys):
    return all(abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a, b in zip(xs, ys, strict=True))


def _compare(got, want, what, known):
    if got is None:
        raise Wrong(f"{what} returned None: is a `return` missing?")
    got = [number(g, what) for g in got]
    if len(got) != len(want):
        raise Wrong(f"{what} should return {len(want)} losses (one per step), yours returned {len(got)}")
    for k, (g, w) in enumerate(zip(got, want, strict=True)):
        if abs(g - w) > 1e-9 * max(1.0, abs(w)):
            hint = next((h for losses, h in known if _same(got, losses)),
                        "compare your loop with the task, step by step")
            raise Wrong(f"{what}: the loss at step {k} should be {w:.6f}, yours is {g:.6f}: {hint}")


@exercise
def schedule_loop(train):
    """Exercise 4: zero_grad, backward, a decaying learning rate 0.1 * 0.9**k."""
    steps = 20
    what = f"train(MLP(3, [4, 4, 1], seed={SEED}), xs, ys, {steps})"
    got = call(train, MLP(3, [4, 4, 1], seed=SEED), XS, YS, steps, what=what)
    _compare(got, _reference(steps), what, [
        (_reference(steps, zero_grad=False),
         "gradients pile up from step to step: reset them before backward()"),
        (_reference(steps, decay=1.0), "the learning rate should shrink: 0.1 * 0.9**k at step k"),
        (_reference(steps, sign=1.0), "the loss goes up: step against the gradient"),
    ])
    return f"your loop gives the expected loss at every one of {steps} steps"


@exercise
def stale_forward(fit):
    """Exercise 3 (find the bug): a loop whose loss goes down."""
    steps = 10
    what = f"fit(MLP(3, [4, 4, 1], seed={SEED}), xs, ys, {steps})"
    got = call(fit, MLP(3, [4, 4, 1], seed=SEED), XS, YS, steps, what=what)
    _compare(got, _reference(steps, lr=0.05, decay=1.0), what, [
        (_reference(steps, lr=0.05, decay=1.0, fresh=False),
         "the loss never changes: the predictions must be computed again, with the new weights, every step"),
        (_reference(steps, lr=0.05, decay=1.0, zero_grad=False),
         "gradients pile up from step to step: reset them before backward()"),
    ])
    return f"the loss falls at every one of {steps} steps"
