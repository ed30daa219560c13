"""The same numbers as PyTorch (float64), as the lecture checks at 01:39:31.

PyTorch is part of the environment (requirements.lock), so these tests always run: without it
they fail, none of them skips.
"""

import math

import pytest

from micrograd import MLP, Value
from micrograd.lecture import NEURON


@pytest.fixture(scope="module")
def torch():
    """PyTorch, imported when the first test here runs rather than at the top of the file: every
    pytest worker imports every test file while collecting, and importing torch takes seconds."""
    import torch

    return torch


def tensor(torch, x):
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)


def compare(torch, expression, inputs, rel=1e-12):
    """Run `expression` on Values and on float64 tensors; compare the output and every gradient."""
    values = [Value(x) for x in inputs]
    tensors = [tensor(torch, x) for x in inputs]
    out, expected = expression(*values), expression(*tensors)
    out.backward()
    expected.backward()
    assert out.data == pytest.approx(expected.item(), rel=rel, abs=1e-15)
    for v, t in zip(values, tensors, strict=True):
        assert v.grad == pytest.approx(t.grad.item(), rel=rel, abs=1e-15)


def lecture_neuron(x1, x2, w1, w2, b):
    return (x1 * w1 + x2 * w2 + b).tanh()


def test_lecture_neuron(torch):
    compare(torch, lecture_neuron, [2.0, 0.0, -3.0, 1.0, 6.8813735870195432])


def test_lecture_neuron_with_tanh_written_with_exp(torch):
    def neuron(x1, x2, w1, w2, b):
        e = (2 * (x1 * w1 + x2 * w2 + b)).exp()
        return (e - 1) / (e + 1)

    compare(torch, neuron, [2.0, 0.0, -3.0, 1.0, 6.8813735870195432])


def test_the_lectures_torch_digits_come_from_float32_inputs(torch):
    """The video's cell: torch.Tensor([...]) is float32, and .double() widens the rounded number."""
    t = {k: torch.Tensor([v]).double().requires_grad_() for k, v in NEURON.items()}
    o = torch.tanh(t["x1"] * t["w1"] + t["x2"] * t["w2"] + t["b"])
    o.backward()
    assert (o.item(), t["x1"].grad.item(), t["w1"].grad.item(), t["x2"].grad.item()) == (
        0.7071066904050358, -1.5000003851533106, 1.0000002567688737, 0.5000001283844369)
    # the same output from our Value, given the bias rounded to float32 as torch.Tensor rounds it
    b32 = torch.tensor(NEURON["b"], dtype=torch.float32).item()
    assert b32 == 6.881373405456543 != NEURON["b"]
    assert (Value(2.0) * -3.0 + b32).tanh().data == o.item()


def test_lecture_expression_L(torch):
    compare(torch, lambda a, b, c, f: (a * b + c) * f, [2.0, -3.0, 10.0, -2.0])


def every_op(a, b):
    """Each operation at least once, numbers on either side, a and b used several times."""
    s = (2 + a * b) / (b - 3) - a**2 + (-a).exp() + (b * b).log()
    s = s + a.tanh() * b.relu() + (a - b).sigmoid() + 3 / a - 1.5 * b + (b**3) ** 0.5
    return s * (1 - a) + 0.5 / (s * s + 1) - b**-1.5


@pytest.mark.parametrize(("a", "b"), [(0.7, 1.3), (-1.2, 2.5), (2.0, 0.4)])
def test_every_operation(torch, a, b):
    compare(torch, every_op, [a, b])


def test_mlp_forward_and_backward_match_torch(torch):
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    model = MLP(3, [4, 4, 1], seed=0)
    loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True))
    loss.backward()

    # The same network in torch: one weight matrix and bias vector per layer.
    layers = []
    for layer in model.layers:
        w = tensor(torch, [[wi.data for wi in n.w] for n in layer.neurons])
        b = tensor(torch, [n.b.data for n in layer.neurons])
        layers.append((w, b))
    h = torch.tensor(xs, dtype=torch.float64)
    for w, b in layers:
        h = torch.tanh(h @ w.T + b)
    expected = ((h[:, 0] - torch.tensor(ys, dtype=torch.float64)) ** 2).sum()
    expected.backward()

    assert loss.data == pytest.approx(expected.item(), rel=1e-12)
    for layer, (w, b) in zip(model.layers, layers, strict=True):
        for i, n in enumerate(layer.neurons):
            assert [wi.grad for wi in n.w] == pytest.approx(w.grad[i].tolist(), rel=1e-10, abs=1e-14)
            assert n.b.grad == pytest.approx(b.grad[i].item(), rel=1e-10, abs=1e-14)


# --------------------------------------------------------------------------- NaN, as PyTorch has it
# (a diverged network shows NaN, not a finite loss: see also test_errors.py)

# Value and torch.Tensor share these method names, so one expression serves both.
UNARY_OPS = {
    "relu": lambda x: x.relu(),
    "tanh": lambda x: x.tanh(),
    "exp": lambda x: x.exp(),
    "log": lambda x: x.log(),
    "sigmoid": lambda x: x.sigmoid(),
    "neg": lambda x: -x,
    "square": lambda x: x**2,
    "sqrt": lambda x: x**0.5,
    "inverse": lambda x: 1 / x,
    "add": lambda x: x + 1,
    "sub": lambda x: 1 - x,
    "mul": lambda x: x * 3,
    "div": lambda x: x / 3,
}


def same_float(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.mark.parametrize("name", UNARY_OPS)
def test_nan_stays_nan_and_the_gradient_is_pytorchs(torch, name):
    op = UNARY_OPS[name]
    v = Value(math.nan)
    out = op(v)
    out.backward()
    t = tensor(torch, math.nan)
    reference = op(t)
    reference.backward()
    assert math.isnan(out.data)
    assert same_float(v.grad, t.grad.item()), (v.grad, t.grad.item())


def test_relu_below_and_above_zero_is_pytorchs(torch):
    for x in (-2.0, -0.0, 0.0, 3.0, math.inf, -math.inf):
        v = Value(x)
        out = v.relu()
        out.backward()
        t = tensor(torch, x)
        torch.relu(t).backward()
        assert out.data == torch.relu(t).item() and v.grad == t.grad.item(), x
