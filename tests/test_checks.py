"""The exercise checks (micrograd/checks): each says `correct` to its solution, `not yet` to the
starting code, and `wrong`, with the specific hint, to the classic mistakes of its exercise.

The solutions and the starting code are taken from notebooks/solutions/*.ipynb itself (the
`solution` cells and their stubs), so these tests and the notebooks cannot disagree.
"""

import contextlib
import io
import math
import random
from pathlib import Path

import nbformat
import pytest

from micrograd import Value as PackageValue
from micrograd.checks import (
    backward,
    derivatives,
    lecture_exercises,
    manual_backprop,
    moons,
    more_ops,
    neural_net,
    training,
    value,
)

MODULES = [backward, derivatives, lecture_exercises, manual_backprop, moons, more_ops, neural_net, training,
           value]

SOLUTIONS = Path(__file__).resolve().parent.parent / "notebooks" / "solutions"
NAMES = sorted(p.stem for p in SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))


def say(check, *args):
    """The one line a check prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        check(*args)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _cells(name):
    cells = nbformat.read(SOLUTIONS / f"{name}.ipynb", as_version=4).cells
    return [c for c in cells if c.cell_type == "code"]


def notebook(name, stubs=False, until=None):
    """Run the notebook's code cells but the checks (solutions, or their stubs), in order, up to the
    cell that holds `until`; return its names."""
    ns = {}
    for cell in _cells(name):
        if until and until in cell.source:
            break
        if not cell.source.startswith("check."):
            exec(cell.metadata.get("stub", cell.source) if stubs else cell.source, ns)
    return ns


def check_lines(name, stubs):
    """Every check's line, each check run where it stands in the notebook."""
    ns, lines = {}, []
    for cell in _cells(name):
        if cell.source.startswith("check."):
            lines.append(say(lambda src=cell.source: exec(src, ns)))
        else:
            exec(cell.metadata.get("stub", cell.source) if stubs else cell.source, ns)
    return lines


@pytest.mark.parametrize("name", NAMES)
def test_every_solution_is_correct(name):
    lines = check_lines(name, stubs=False)
    assert len(lines) >= 3
    assert all(line.startswith("correct") for line in lines), lines


@pytest.mark.parametrize("name", NAMES)
def test_starting_code_is_not_yet_or_the_bug(name):
    """A stub says `not yet`; a find-the-bug exercise starts with its bug, so its check says `wrong`."""
    bugs = [c.metadata["stub"] for c in _cells(name) if "solution" in c.metadata.get("tags", [])
            and "NotImplementedError" not in c.metadata["stub"] and "..." not in c.metadata["stub"]]
    lines = check_lines(name, stubs=True)
    assert sum(line.startswith("wrong: ") for line in lines) == len(bugs), lines
    assert all(line.startswith(("not yet: ", "wrong: ")) for line in lines), lines
    assert "Traceback" not in "".join(lines)


def wrong(line, hint):
    assert line.startswith("wrong: "), line
    assert hint in line, line


# ---------------------------------------------------------------- the shared core


def test_exceptions_become_wrong_with_type_and_message():
    def slope(f, x, h):
        return {}["oops"]

    wrong(say(derivatives.forward_slope, slope), "raised KeyError: 'oops'")


def test_ellipsis_and_none():
    assert say(lecture_exercises.why_symmetric, ...).startswith("not yet: fill in answer")
    wrong(say(derivatives.calculus_derivative, lambda x: None), "is a `return` missing?")
    wrong(say(derivatives.calculus_derivative, lambda x: "6"), "should be a number, yours is '6'")
    assert say(derivatives.calculus_derivative, lambda x: ...).startswith("not yet")


def test_wrong_says_expected_got_input_and_hint():
    def grad(a, b, c):
        return [-3 * a**2 - 0.5 * a**-0.5, math.cos(3 * b) + 2.5 * b**1.5, 1 / c**2]

    line = say(lecture_exercises.analytical, grad)
    assert line == ("wrong: df/db at (2.0, 3.0, 4.0) should be about 10.2570, yours is 12.0793: "
                    "check the derivative of sin(3b)")


def test_right_at_one_point_is_not_enough():
    # df/dc = 1/c**2 and 1/16 happens to be right at the lecture's c = 4 only
    exact = lecture_exercises.exact
    line = say(lecture_exercises.analytical, lambda a, b, c: exact(a, b, c)[:2] + [1 / 16])
    wrong(line, "df/dc at (1.0, 0.5, -2.0)")


# ---------------------------------------------------------------- 01


@pytest.mark.parametrize("slope, hint", [
    (lambda f, x, h: f(x + h) - f(x), "divide it by the run h"),
    (lambda f, x, h: (f(x) - f(x + h)) / h, "the sign is flipped"),
    (lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h), "that is the central difference"),
    (lambda f, x, h: (f(x + h) - f(x)) / (2 * h), "divide by the step you took"),
    (lambda f, x, h: (f(x) + h - f(x)) / h, "nudge the input x"),
])
def test_forward_slope(slope, hint):
    wrong(say(derivatives.forward_slope, slope), hint)


@pytest.mark.parametrize("dg, hint", [
    (lambda x: 6 * x**2 - 5 + 1 / x**2, "sign of the derivative of 1/x"),
    (lambda x: 6 * x**3 - 5 - 1 / x**2, "lowers the exponent by one"),
    (lambda x: 3 * x**2 - 5 - 1 / x**2, "keep the factor 2"),
    (lambda x: 6 * x**2 - 1 / x**2, "-5x has a derivative too"),
    (lambda x: 6 * x**2 - 5 - 1 / x, "its derivative has x**-2"),
])
def test_calculus_derivative(dg, hint):
    wrong(say(derivatives.calculus_derivative, dg), hint)


def test_partial_slopes():
    def together(fn, inputs, h):
        slope = (fn(*[v + h for v in inputs]) - fn(*inputs)) / h
        return [slope] * len(inputs)

    wrong(say(derivatives.partial_slopes, together), "you nudged every input at once")
    wrong(say(derivatives.partial_slopes, lambda fn, inputs, h: [1.0]), "should return 3 slopes")


@pytest.mark.parametrize("h, hint", [(1e-15, "rounding"), (1e-2, "the step is too large")])
def test_fixed_step(h, hint):
    wrong(say(derivatives.fixed_step, lambda f, x: (f(x + h) - f(x)) / h), hint)


# ---------------------------------------------------------------- 02


def value02(**methods):
    ns = notebook("02_value_and_drawdot")
    for name, fn in methods.items():
        setattr(ns["Value"], name, fn)
    return ns["Value"]


@pytest.mark.parametrize("sub, hint", [
    (lambda s, o: type(s)(o.data - s.data, (s, o), "-"), "subtract other from self"),
    (lambda s, o: type(s)(s.data - o.data, (o, s), "-"), "yours is (b, a)"),
    (lambda s, o: type(s)(s.data - o.data, (s, o), "+"), "_op should be '-'"),
    (lambda s, o: type(s)(s.data - o.data), "yours holds 0 value(s)"),
    (lambda s, o: s.data - o.data, "should be a Value that remembers its inputs"),
])
def test_subtraction(sub, hint):
    wrong(say(value.subtraction, value02(__sub__=sub)), hint)


def test_numbers_on_both_sides():
    Value = notebook("02_value_and_drawdot", until="def value_add")["Value"]
    plain = Value.__add__
    wrong(say(value.numbers_on_both_sides, Value), "wrap a plain number")
    Value.__add__ = lambda s, o: plain(s, o if isinstance(o, Value) else Value(o))
    wrong(say(value.numbers_on_both_sides, Value), "Python calls __radd__")
    Value.__radd__ = lambda s, o: Value(s.data + o, (s,), "+")
    wrong(say(value.numbers_on_both_sides, Value), "should hold a and the number")


def test_count_nodes():
    def tree(root):
        return 1 + sum(tree(c) for c in root._prev)

    def no_root(root):
        seen, todo = set(), list(root._prev)
        while todo:
            v = todo.pop()
            if v not in seen:
                seen.add(v)
                todo.extend(v._prev)
        return len(seen)

    wrong(say(value.count_nodes, tree), "a Value used twice is one node")
    wrong(say(value.count_nodes, no_root), "count the root too")
    wrong(say(value.count_nodes, lambda root: 2.5), "should be a whole number")


def test_multiplication():
    wrong(say(value.multiplication, value02(__mul__=lambda s, o: type(s)(s.data * o.data, (s, s), "*"))),
          "holds the same Value twice")
    wrong(say(value.multiplication, value02(__mul__=lambda s, o: type(s)(s.data + o.data, (s, o), "*"))),
          "multiply self.data by other.data")


# ---------------------------------------------------------------- 03


def _expression(**override):
    def grads(a, b, c, f):
        d = a * b + c
        out = {"d": f, "e": f, "c": f, "f": d, "a": b * f, "b": a * f}
        out.update({k: fn(a, b, c, f) for k, fn in override.items()})
        return out
    return grads


@pytest.mark.parametrize("override, hint", [
    ({"a": lambda a, b, c, f: f}, "de/da is not 1"),
    ({"a": lambda a, b, c, f: b}, "multiply the local derivative de/da by dL/de"),
    ({"b": lambda a, b, c, f: b * f}, "de/db is the *other* factor"),
    ({"e": lambda a, b, c, f: 1.0}, "passes dL/dd on unchanged"),
    ({"f": lambda a, b, c, f: a * b}, "all of it"),
])
def test_expression_grads(override, hint):
    wrong(say(manual_backprop.expression_grads, _expression(**override)), hint)
    wrong(say(manual_backprop.expression_grads, lambda a, b, c, f: {"a": 1.0}), "should have a gradient for")


@pytest.mark.parametrize("update, hint", [
    (lambda v, lr: setattr(v, "data", v.data - lr * v.grad), "step along it"),
    (lambda v, lr: setattr(v, "data", v.data + v.grad), "scale the gradient by lr"),
    (lambda v, lr: setattr(v, "data", lr * v.grad), "do not replace the data"),
    (lambda v, lr: None, "the data did not change"),
])
def test_step_up(update, hint):
    def step(leaves, lr):
        for v in leaves:
            update(v, lr)

    wrong(say(manual_backprop.step_up, step), hint)


def _neuron(local):
    def grads(x1, w1, x2, w2, b):
        n = x1 * w1 + x2 * w2 + b
        d = local(n, math.tanh(n))
        return {"n": d, "b": d, "x1": w1 * d, "w1": x1 * d, "x2": w2 * d, "w2": x2 * d}
    return grads


@pytest.mark.parametrize("local, hint", [
    (lambda n, o: 1 - n**2, "with o its output, not n"),
    (lambda n, o: 1.0, "multiply by do/dn"),
    (lambda n, o: 1 - o, "the local derivative of tanh is 1 - o**2"),
])
def test_neuron_grads(local, hint):
    wrong(say(manual_backprop.neuron_grads, _neuron(local)), hint)


def test_neuron_grads_swapped():
    def swapped(x1, w1, x2, w2, b):
        d = 1 - math.tanh(x1 * w1 + x2 * w2 + b) ** 2
        return {"n": d, "b": d, "x1": x1 * d, "w1": w1 * d, "x2": x2 * d, "w2": w2 * d}

    wrong(say(manual_backprop.neuron_grads, swapped), "the other factor")


def test_two_paths():
    wrong(say(manual_backprop.two_paths, lambda x, y: (x - y, -2 * y)), "x reaches g along two paths")
    wrong(say(manual_backprop.two_paths, lambda x, y: (2 * x, 2 * x)), "d(x - y)/dy is -1")
    wrong(say(manual_backprop.two_paths, lambda x, y: 2 * x), "should return two numbers")


# ---------------------------------------------------------------- 04


def test_topological_order():
    ns = notebook("04_backward")
    Value, build_topo = ns["Value"], ns["build_topo"]

    def duplicates(root):
        out, todo = [], [root]
        while todo:
            v = todo.pop()
            out.append(v)
            todo.extend(v._prev)
        return out[::-1]

    def inputs_last(root):
        return build_topo(root)[::-1]

    wrong(say(backward.topological_order, build_topo, Value), "raised RecursionError: keep the Values")
    wrong(say(backward.topological_order, duplicates, Value), "more than once")
    wrong(say(backward.topological_order, inputs_last, Value), "should end with the root")
    wrong(say(backward.topological_order, lambda root: build_topo(root)[1:], Value), "yours lists 0")


def test_topological_order_input_after_use():
    ns = notebook("04_backward")

    def swapped(root):
        order = ns["build_topo"](root)
        if len(order) > 2:
            order[0], order[-2] = order[-2], order[0]
        return order

    wrong(say(backward.topological_order, swapped, ns["Value"]), "before one of its inputs")


def test_backward_function():
    ns = notebook("04_backward")
    Value, topo = ns["Value"], ns["topo"]

    def no_seed(root):
        for v in reversed(topo(root)):
            v._backward()

    def forwards(root):
        root.grad = 1.0
        for v in topo(root):
            v._backward()

    wrong(say(backward.backward_function, no_seed, Value), "start with d(o)/d(o) = 1")
    wrong(say(backward.backward_function, forwards, Value), "reversed topological order")


def _total(Value, assign, times_out=True):
    def total(values):
        out = Value(sum(v.data for v in values), tuple(values), "total")

        def _backward():
            for v in values:
                g = out.grad if times_out else 1.0
                v.grad = g if assign else v.grad + g

        out._backward = _backward
        return out
    return total


def test_total_op():
    Value = notebook("04_backward")["Value"]
    wrong(say(backward.total_op, _total(Value, assign=True), Value), "from each place it appears")
    wrong(say(backward.total_op, _total(Value, assign=False, times_out=False), Value), "multiply by out.grad")


def _sigmoid(local, accumulate=True, times_out=True, forward=lambda x: 1 / (1 + math.exp(-x))):
    def sigmoid(self):
        s = forward(self.data)
        out = type(self)(s, (self,), "sigmoid")

        def _backward():
            g = local(self.data, s) * (out.grad if times_out else 1.0)
            self.grad = self.grad + g if accumulate else g

        out._backward = _backward
        return out
    return sigmoid


@pytest.mark.parametrize("sigmoid, hint", [
    (_sigmoid(lambda x, s: x * (1 - x)), "uses the output s, not the input x"),
    (_sigmoid(lambda x, s: s * (1 - s), times_out=False), "multiply the local derivative by out.grad"),
    (_sigmoid(lambda x, s: s * (1 - s), accumulate=False), "accumulate with += instead of ="),
    (_sigmoid(lambda x, s: s), "the local derivative of sigmoid is s * (1 - s)"),
    (_sigmoid(lambda x, s: 0.0), "no gradient came through sigmoid"),
    (_sigmoid(lambda x, s: s, forward=lambda x: 1 / (1 + math.exp(x))), "exp(-x) in the denominator"),
])
def test_sigmoid_op(sigmoid, hint):
    Value = notebook("04_backward")["Value"]
    Value.sigmoid = sigmoid
    wrong(say(backward.sigmoid_op, Value), hint)


# ---------------------------------------------------------------- 05


def _unary(name, forward, local, accumulate=True, times_out=True):
    def op(self):
        out = type(self)(forward(self.data), (self,), name)

        def _backward():
            g = local(self.data) * (out.grad if times_out else 1.0)
            self.grad = self.grad + g if accumulate else g

        out._backward = _backward
        return out
    return op


@pytest.mark.parametrize("log, hint", [
    (_unary("log", math.log, math.log), "is not log x"),
    (_unary("log", math.log, lambda x: x), "is not x"),
    (_unary("log", math.log, lambda x: 1 / x, accumulate=False), "accumulate with += instead of ="),
    (_unary("log", math.log, lambda x: 1 / x, times_out=False), "multiply the local derivative by out.grad"),
    (_unary("log", math.log, lambda x: 0.0), "no gradient came through log"),
    (_unary("log", math.log10, lambda x: 1 / x), "math.log10 is base 10"),
])
def test_log_op(log, hint):
    ns = notebook("05_more_ops_and_pytorch")
    ns["Value"].log = log
    wrong(say(more_ops.log_op, ns["Value"]), hint)


def _pow(da, db):
    def value_pow(self, other):
        out = type(self)(self.data**other.data, (self, other), "**")

        def _backward():
            self.grad += da(self.data, other.data) * out.grad
            other.grad += db(self.data, other.data) * out.grad

        out._backward = _backward
        return out
    return value_pow


@pytest.mark.parametrize("value_pow, hint", [
    (_pow(lambda a, b: b * a ** (b - 1), lambda a, b: 0.0), "the exponent is an input too"),
    (_pow(lambda a, b: b * a**b, lambda a, b: a**b * math.log(a)), "lowers the exponent by one"),
    (_pow(lambda a, b: b * a ** (b - 1), lambda a, b: b * a ** (b - 1)), "that is d/da"),
    (_pow(lambda a, b: b * a ** (b - 1), lambda a, b: a**b), "take the chain rule to the end"),
    (_pow(lambda a, b: 0.0, lambda a, b: a**b * math.log(a)), "the base is an input"),
])
def test_power_op(value_pow, hint):
    ns = notebook("05_more_ops_and_pytorch")
    ns["Value"].__pow__ = value_pow
    wrong(say(more_ops.power_op, ns["Value"]), hint)


def test_reversed_sub():
    ns = notebook("05_more_ops_and_pytorch", stubs=True)   # the starting code has the bug
    wrong(say(more_ops.reversed_sub, ns["Value"]), "the number comes first")
    Value = notebook("05_more_ops_and_pytorch")["Value"]
    Value.__rsub__ = lambda s, o: Value(o - s.data)       # right number, but cut off from the graph
    wrong(say(more_ops.reversed_sub, Value), "x.grad for 5.0 - Value(2.0) should be about -1.0000")


def test_torch_grads():
    import torch

    def float32(a, b):
        a = torch.tensor(a, requires_grad=True)
        b = torch.tensor(b, requires_grad=True)
        g = torch.tanh(a * b) + torch.exp(a) / b
        g.backward()
        return g.detach(), a.grad, b.grad

    def round_trip(a, b):
        return [t.double().item() for t in float32(a, b)]

    wrong(say(more_ops.torch_grads, float32), "returned float32 tensors")
    wrong(say(more_ops.torch_grads, round_trip), "float32 keeps about 7 digits")
    wrong(say(more_ops.torch_grads, lambda a, b: (1.0, 2.0)), "should return three numbers")


# ---------------------------------------------------------------- 06


def _neuron_class(forward):
    Neuron = notebook("06_neural_net_library")["Neuron"]

    class Wrong(Neuron):
        def __call__(self, x):
            return forward(self.w, self.b, x)
    return Wrong


def _dot(w, x):
    return sum((wi * xi for wi, xi in zip(w, x, strict=True)), PackageValue(0.0))


@pytest.mark.parametrize("forward, hint", [
    (lambda w, b, x: (_dot(w, x) + b).tanh(), "that is tanh"),
    (lambda w, b, x: _dot(w, x) + b, "apply the nonlinearity"),
    (lambda w, b, x: _dot(w, x).relu(), "add the bias b"),
    (lambda w, b, x: sum(((wi * xi).relu() for wi, xi in zip(w, x, strict=True)), b), "to the whole sum"),
])
def test_relu_neuron(forward, hint):
    wrong(say(neural_net.relu_neuron, _neuron_class(forward)), hint)


def test_count_parameters():
    def no_bias(nin, nouts):
        sizes = [nin, *nouts]
        return sum(sizes[i] * sizes[i + 1] for i in range(len(nouts)))

    wrong(say(neural_net.count_parameters, no_bias), "each neuron has a bias")
    wrong(say(neural_net.count_parameters, lambda nin, nouts: nin * sum(nouts)), "one weight per output")


def test_parameters():
    MLP = notebook("06_neural_net_library", until="check.parameters")["MLP"]
    MLP.parameters = lambda self: [layer.parameters() for layer in self.layers]
    wrong(say(neural_net.parameters, MLP), "flatten it")
    MLP.parameters = lambda self: [w for layer in self.layers for n in layer.neurons for w in n.w]
    wrong(say(neural_net.parameters, MLP), "each neuron has a bias too")
    MLP.parameters = lambda self: [p.data for layer in self.layers for p in layer.parameters()]
    wrong(say(neural_net.parameters, MLP), "should hold Values")
    MLP.parameters = lambda self: [PackageValue(p.data) for layer in self.layers for p in layer.parameters()]
    wrong(say(neural_net.parameters, MLP), "not copies")


def test_distinct_neurons():
    ns = notebook("06_neural_net_library", stubs=True)
    wrong(say(neural_net.distinct_neurons, ns["Layer"]), "holds the same neuron several times")
    Neuron = ns["Neuron"]

    class SharedWeights:
        def __init__(self, nin, nout):
            first = Neuron(nin)
            self.neurons = [Neuron(nin) for _ in range(nout)]
            for n in self.neurons:
                n.w = first.w

        def __call__(self, x):
            return [n(x) for n in self.neurons]

    wrong(say(neural_net.distinct_neurons, SharedWeights), "neurons share weight Values")


# ---------------------------------------------------------------- 07


@pytest.mark.parametrize("loss, hint", [
    (lambda yp, ys: sum(p - y for p, y in zip(yp, ys, strict=True)), "square each difference, so that"),
    (lambda yp, ys: sum((p - y) ** 2 for p, y in zip(yp, ys, strict=True)) * (1 / len(ys)), "their mean"),
    (lambda yp, ys: sum(p - y for p, y in zip(yp, ys, strict=True)) ** 2, "then add them up"),
    (lambda yp, ys: sum((p.data - y) ** 2 for p, y in zip(yp, ys, strict=True)), "should be a Value"),
])
def test_mse(loss, hint):
    wrong(say(training.mse, loss), hint)


@pytest.mark.parametrize("loss, hint", [
    (lambda s, ys: sum((-y * p).relu() for p, y in zip(s, ys, strict=True)), "the margin 1"),
    (lambda s, ys: sum(1 - y * p for p, y in zip(s, ys, strict=True)), "clip at 0 with relu"),
    (lambda s, ys: sum((1 + y * p).relu() for p, y in zip(s, ys, strict=True)), "should cost less"),
])
def test_hinge(loss, hint):
    wrong(say(training.hinge, loss), hint)


def _loop(lr, zero_grad=True, fresh=True):
    def train(model, xs, ys, steps):
        losses = []
        ypred = [model(x) for x in xs]
        for k in range(steps):
            if fresh:
                ypred = [model(x) for x in xs]
            loss = sum((yp - y) ** 2 for yp, y in zip(ypred, ys, strict=True))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr(k) * p.grad
            losses.append(loss.data)
        return losses
    return train


@pytest.mark.parametrize("train, hint", [
    (_loop(lambda k: 0.1 * 0.9**k, zero_grad=False), "reset them before backward()"),
    (_loop(lambda k: 0.1), "the learning rate should shrink"),
    (_loop(lambda k: -0.1 * 0.9**k), "step against the gradient"),
    (_loop(lambda k: 0.2 * 0.9**k), "compare your loop with the task"),
])
def test_schedule_loop(train, hint):
    wrong(say(training.schedule_loop, train), hint)
    wrong(say(training.schedule_loop, lambda model, xs, ys, steps: [1.0]), "should return 20 losses")


def test_stale_forward():
    wrong(say(training.stale_forward, _loop(lambda k: 0.05, fresh=False)), "the predictions must be computed")
    wrong(say(training.stale_forward, _loop(lambda k: 0.05, zero_grad=False)), "reset them before backward()")


# ---------------------------------------------------------------- 08


def _right(scores, ys):
    return sum((a > 0) == (y > 0) for a, y in zip(scores, ys, strict=True))


@pytest.mark.parametrize("acc, hint", [
    (lambda s, ys: 100 * _right(s, ys) / len(ys), "not a percentage"),
    (lambda s, ys: _right(s, ys), "divide the number of right"),
    (lambda s, ys: sum(a == y for a, y in zip(s, ys, strict=True)) / len(ys), "its sign matches the label"),
])
def test_accuracy(acc, hint):
    wrong(say(moons.accuracy, acc), hint)


def test_minibatch():
    def separate(X, y, size, rng):
        xs = [X[i] for i in rng.sample(range(len(X)), size)]
        return xs, [y[i] for i in rng.sample(range(len(y)), size)]

    def replacement(X, y, size, rng):
        idx = [rng.randrange(len(X)) for _ in range(size)]
        idx[1] = idx[0]
        return [X[i] for i in idx], [y[i] for i in idx]

    def global_random(X, y, size, rng):
        idx = random.Random(7).sample(range(len(X)), size)
        return [X[i] for i in idx], [y[i] for i in idx]

    wrong(say(moons.minibatch, separate), "labels that are not theirs")
    wrong(say(moons.minibatch, replacement), "the same point twice")
    wrong(say(moons.minibatch, global_random), "draw the indices with rng")
    wrong(say(moons.minibatch, lambda X, y, size, rng: (X[:size], y[:size])), "gives the first 5 points")
    wrong(say(moons.minibatch, lambda X, y, size, rng: X[:size]), "should return two lists")


def _stable_softmax(logits):
    top = max(v.data for v in logits)
    counts = [(v - top).exp() for v in logits]
    return [c / sum(counts) for c in counts]


@pytest.mark.parametrize("loss, hint", [
    (lambda lg, t: (lg[t].exp() / sum(v.exp() for v in lg)).log(), "never negative"),
    (lambda lg, t: -lg[t], "with softmax first"),
    (lambda lg, t: -(lg[t].exp() / sum(v.exp() for v in lg)).log(), "subtract the largest logit"),
    (lambda lg, t: 1 - _stable_softmax(lg)[t], "take minus the log"),
    (lambda lg, t: PackageValue(moons._softmax_ce([v.data for v in lg], t)), "so that backward() reaches"),
])
def test_cross_entropy(loss, hint):
    wrong(say(moons.cross_entropy, loss), hint)


def test_three_classes():
    ns = notebook("08_moons_classifier")

    def trainer(lr):
        def train(model, X, y, steps, batch_size, rng):
            for _ in range(steps):
                xb, yb = ns["batch"](X, y, batch_size, rng)
                loss = sum(ns["cross_entropy"](model(x), t) for x, t in zip(xb, yb, strict=True)) / batch_size
                model.zero_grad()
                loss.backward()
                for p in model.parameters():
                    p.data -= lr * p.grad
        return train

    wrong(say(moons.three_classes, trainer(-0.05)), "step against the gradient")
    wrong(say(moons.three_classes, trainer(0.0)), "update every parameter's data")
    wrong(say(moons.three_classes, trainer(0.002)), "at least 90%")


# ---------------------------------------------------------------- 09


def _grad(**override):
    def grad(a, b, c):
        g = dict(zip("abc", lecture_exercises.exact(a, b, c), strict=True))
        g.update({k: fn(a, b, c) for k, fn in override.items()})
        return [g["a"], g["b"], g["c"]]
    return grad


@pytest.mark.parametrize("grad, hint", [
    (_grad(a=lambda a, b, c: -3 * a**2 + 0.5 * a**-0.5), "sign of the derivative of -a**0.5"),
    (_grad(a=lambda a, b, c: -3 * a**2), "a**0.5 depends on a too"),
    (_grad(a=lambda a, b, c: 3 * a**2 - 0.5 * a**-0.5), "sign of the derivative of -a**3"),
    (_grad(b=lambda a, b, c: math.cos(3 * b) + 2.5 * b**1.5), "derivative of sin(3b)"),
    (_grad(b=lambda a, b, c: 3 * math.cos(3 * b) + 2.5 * b**2.5), "lowers 2.5 by one"),
    (_grad(c=lambda a, b, c: -1 / c**2), "sign of the derivative of -1/c"),
    (lambda a, b, c: [1.0, 2.0], "should return three numbers"),
])
def test_analytical(grad, hint):
    wrong(say(lecture_exercises.analytical, grad), hint)


def _nudge(h, divide, both=False, together=False):
    def grad(f, a, b, c):
        out = []
        for i in range(3):
            up, down = [a, b, c], [a, b, c]
            for j in range(3):
                if j == i or together:
                    up[j] += h
                    down[j] -= h
            rise = f(*up) - (f(*down) if both else f(a, b, c))
            out.append(rise / divide(h))
        return out
    return grad


def test_numerical():
    numerical = lecture_exercises.numerical
    wrong(say(numerical, _nudge(1e-6, lambda h: h, together=True)), "you nudged every input at once")
    wrong(say(numerical, _nudge(1e-6, lambda h: 1.0)), "divide the change of f by the step")
    wrong(say(numerical, _nudge(1e-2, lambda h: h)), "nudge this input alone by h = 0.000001")


def test_symmetric():
    symmetric = lecture_exercises.symmetric
    wrong(say(symmetric, _nudge(1e-6, lambda h: h)), "you stepped one way only")
    wrong(say(symmetric, _nudge(1e-6, lambda h: 1.0, both=True)), "the distance between the two points, 2h")
    assert say(symmetric, _nudge(1e-6, lambda h: 2 * h, both=True)).startswith("correct")


@pytest.mark.parametrize("answer, hint", [("A", "the step is not smaller"), ("c", "same number of digits"),
                                          ("D", "Taylor series"), ("E", "one of the letters")])
def test_why_symmetric(answer, hint):
    wrong(say(lecture_exercises.why_symmetric, answer), hint)


@pytest.mark.parametrize("softmax, hint", [
    (lambda lg: [v.exp() for v in lg], "divide each exponential by the sum"),
    (lambda lg: [v / sum(lg) for v in lg], "exponentiate the logits first"),
    (lambda lg: [PackageValue(p) for p in lecture_exercises._probs([v.data for v in lg])], "reaches every"),
    (lambda lg: lecture_exercises._probs([v.data for v in lg]), "should return Values"),
])
def test_softmax_nll(softmax, hint):
    wrong(say(lecture_exercises.softmax_nll, softmax), hint)


def test_torch_nll():
    import torch

    def float32(logits, target):
        t = torch.tensor(logits, requires_grad=True)
        loss = -torch.softmax(t, dim=0)[target].log()
        loss.backward()
        return loss, t.grad.tolist()

    def no_grad(logits, target):
        t = torch.tensor(logits, dtype=torch.float64)
        return -torch.softmax(t, dim=0)[target].log(), None

    def log_prob(logits, target):
        t = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
        loss = torch.softmax(t, dim=0)[target].log()
        loss.backward()
        return loss.item(), t.grad.tolist()

    wrong(say(lecture_exercises.torch_nll, float32), "is float32")
    wrong(say(lecture_exercises.torch_nll, no_grad), "requires_grad=True")
    wrong(say(lecture_exercises.torch_nll, log_prob), "-log of the target's softmax probability")
    wrong(say(lecture_exercises.torch_nll, lambda logits, target: 2.0), "should return (loss, gradients)")


def test_every_check_has_a_test_of_its_mistakes():
    for module in MODULES:
        for name, fn in vars(module).items():
            if callable(fn) and getattr(fn, "__wrapped__", None) is not None:   # made by @exercise
                assert f"test_{name}" in globals(), f"{module.__name__}.{name} has no test_{name}"


def test_step_up_keeps_grads():
    def step(leaves, lr):
        for v in leaves:
            v.data += lr * v.grad
            v.grad = 0.0

    wrong(say(manual_backprop.step_up, step), "only .data should move")
