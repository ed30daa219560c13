"""Checks for exercises/08_moons_classifier: accuracy, minibatches, a 3-class loss and its training."""

import math
import random

from ..engine import Value
from ..nn import MLP
from . import Wrong, call, exercise, expect, mistake, number, stub


@exercise
def accuracy(acc):
    """Exercise 1: the fraction of points whose score has the sign of their label (+1 or -1)."""
    for scores, ys in [([0.5, -2.0, 0.1, 3.0], [1, -1, -1, 1]), ([-0.2, -0.1], [1, 1]),
                       ([1.5, -0.5, 0.3], [1, -1, 1])]:
        what = f"accuracy({scores}, {ys})"
        got = number(call(acc, list(scores), list(ys), what=what), what)
        right = sum((s > 0) == (y > 0) for s, y in zip(scores, ys, strict=True))
        want = right / len(ys)
        hint = mistake(got, [
            (100 * want, "return a fraction between 0 and 1, not a percentage"),
            (float(right), "divide the number of right answers by the number of points"),
            (sum(s == y for s, y in zip(scores, ys, strict=True)) / len(ys),
             "a score is right when its sign matches the label, not when it equals it"),
        ], "count the points where score > 0 agrees with y > 0")
        expect(got, want, what, hint)
    return "the fraction right on 3 small sets"


@exercise
def minibatch(batch):
    """Exercise 2: batch(X, y, size, rng) picks `size` different points at random, each with its own label."""
    X = [[float(i), float(-i)] for i in range(20)]
    y = [1 if i % 3 else -1 for i in range(20)]
    pairs = {(tuple(x), t) for x, t in zip(X, y, strict=True)}
    seen = []
    for seed, size in [(0, 5), (1, 5), (2, 8)]:
        what = f"batch(X, y, {size}, random.Random({seed}))"
        got = call(batch, X, y, size, random.Random(seed), what=what)
        if not isinstance(got, tuple) or len(got) != 2:
            raise Wrong(f"{what} should return two lists (points, labels), yours is {got!r}")
        xb, yb = list(got[0]), list(got[1])
        if len(xb) != size or len(yb) != size:
            raise Wrong(f"{what} should give {size} points and {size} labels, "
                        f"yours gives {len(xb)} and {len(yb)}")
        chosen = [(tuple(x), t) for x, t in zip(xb, yb, strict=True)]
        if not all(c in pairs for c in chosen):
            raise Wrong(f"{what} gives points with labels that are not theirs: "
                        "choose indices once and take both X and y at those indices")
        if len(set(chosen)) < size:
            raise Wrong(f"{what} gives the same point twice: sample indices without replacement")
        seen.append(chosen)
    if [c[0][0] for c in seen[0]] == [0.0, 1.0, 2.0, 3.0, 4.0]:
        raise Wrong("batch(X, y, 5, random.Random(0)) gives the first 5 points: "
                    "choose them at random with rng")
    if seen[0] == seen[1]:
        raise Wrong("batch(X, y, 5, rng) gives the same points for random.Random(0) and random.Random(1): "
                    "draw the indices with rng")
    return "different points each time, each with its own label"


def _softmax_ce(logits, target):
    m = max(logits)
    exps = [math.exp(v - m) for v in logits]
    return -math.log(exps[target] / sum(exps))


@exercise
def cross_entropy(loss):
    """Exercise 3: -log(softmax(logits)[target]), built from Value operations, for any logits."""
    for logits, target in [([2.0, 1.0, 0.1], 0), ([0.5, -1.0, 3.0], 1), ([0.0, 0.0, 0.0], 2),
                           ([1000.0, 0.0, -5.0], 0)]:
        vals = [Value(v) for v in logits]
        what = f"loss({logits}, {target})"
        try:
            out = loss(vals, target)
        except NotImplementedError as e:
            raise stub(e) from None
        except OverflowError as e:
            raise Wrong(f"{what} raised OverflowError: {e}: subtract the largest logit from every logit "
                        "first; softmax does not change") from None
        except Exception as e:
            raise Wrong(f"{what} raised {type(e).__name__}: {e}") from None
        if not isinstance(out, Value):
            raise Wrong(f"{what} should be a Value, so that backward() can run through it; yours is {out!r}")
        want = _softmax_ce(logits, target)
        exps = [math.exp(v - max(logits)) for v in logits]
        p = exps[target] / sum(exps)
        hint = mistake(out.data, [
            (-want, "the loss is minus the log of the probability, so it is never negative"),
            (-logits[target], "turn the logits into probabilities with softmax first"),
            (1 - p, "take minus the log of the probability"),
            (-math.log(exps[target] / others) if (others := sum(exps) - exps[target]) > 0 else math.nan,
             "divide by the sum of all the exponentials, the target's included"),
        ], "softmax: exp of each logit over their sum; then -log of the target's")
        expect(out.data, want, what, hint)
        out.backward()
        for i, v in enumerate(vals):
            want_g = exps[i] / sum(exps) - (i == target)
            expect(number(v.grad, "grad"), want_g, f"d loss / d logit {i} for {what}",
                   "build the loss from Value operations only, so that backward() reaches every logit",
                   abs_=1e-7)
    return "the value and the gradient of every logit, large logits too"


def blobs(n=20, seed=0):
    """Three clusters of `n` points around (0, 2), (-2, -1), (2, -1): a 3-class toy set."""
    rng = random.Random(seed)
    X, y = [], []
    for label, (cx, cy) in enumerate([(0.0, 2.0), (-2.0, -1.0), (2.0, -1.0)]):
        for _ in range(n):
            X.append([rng.gauss(cx, 0.6), rng.gauss(cy, 0.6)])
            y.append(label)
    return X, y


def _full_loss(model, X, y):
    total = 0.0
    right = 0
    for x, t in zip(X, y, strict=True):
        scores = [s.data for s in model(x)]
        total += _softmax_ce(scores, t)
        right += max(range(3), key=lambda i: scores[i]) == t
    return total / len(X), right / len(X)


@exercise
def three_classes(train):
    """Exercise 4: a training loop with minibatches and a decaying learning rate, on 3 classes."""
    X, y = blobs()
    model = MLP(2, [8, 3], nonlin="relu", linear_output=True, seed=3)
    before, _ = _full_loss(model, X, y)
    what = "train(model, X, y, steps=40, batch_size=10, rng=random.Random(0))"
    call(train, model, X, y, 40, 10, random.Random(0), what=what)
    after, acc = _full_loss(model, X, y)
    if after > before:
        raise Wrong(f"after {what} the mean loss should go down from {before:.4f}, "
                    f"yours rose to {after:.4f}: "
                    "step against the gradient")
    if after == before:
        raise Wrong(f"after {what} the loss is still {before:.4f}: update every parameter's data")
    if acc < 0.9:
        raise Wrong(f"after {what} the accuracy should be at least 90%, "
                    f"yours is {acc:.0%} (loss {after:.4f}): "
                    "check zero_grad before backward, and the size of the learning rate")
    return f"mean loss {before:.3f} -> {after:.3f}, accuracy {acc:.0%} on 60 points"
