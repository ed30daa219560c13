"""Checks for exercises/06_neural_net_library: neurons, layers, MLPs and their parameters."""

import math

from ..engine import Value
from . import Wrong, call, exercise, expect, mistake, number


@exercise
def relu_neuron(Neuron):
    """Exercise 1: a neuron whose output is relu(w . x + b) instead of tanh."""
    for w, b, x in [([1.0, -2.0], 0.5, [3.0, 1.0]), ([0.5, 0.5, 0.5], -1.0, [1.0, 2.0, -4.0]),
                    ([-1.0, 2.0], 0.25, [0.5, 1.0]), ([2.0], -3.0, [1.0])]:
        n = Neuron(len(w))
        n.w = [Value(wi) for wi in w]
        n.b = Value(b)
        what = f"the neuron with w = {w}, b = {b} on x = {x}"
        got = number(call(n, x, what=what), what)
        act = sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b
        no_bias = sum(wi * xi for wi, xi in zip(w, x, strict=True))
        hint = mistake(got, [
            (math.tanh(act), "that is tanh: use relu"),
            (act, "apply the nonlinearity to w . x + b"),
            (max(0.0, no_bias), "add the bias b"),
            (sum(max(0.0, wi * xi) for wi, xi in zip(w, x, strict=True)) + b,
             "apply relu once, to the whole sum, not to each product"),
        ], "relu(w . x + b)")
        expect(got, max(0.0, act), what, hint)
    return "relu(w . x + b) at 4 inputs, positive and negative sums"


def _all_values(model):
    return [p for layer in model.layers for n in layer.neurons for p in [*n.w, n.b]]


@exercise
def parameters(MLP):
    """Exercise 3: model.parameters() lists every weight and bias once, as Values, in a flat list."""
    for nin, nouts in [(3, [4, 4, 1]), (2, [3, 1]), (1, [1])]:
        model = MLP(nin, nouts)
        what = f"MLP({nin}, {nouts}).parameters()"
        got = call(model.parameters, what=what)
        if got is None:
            raise Wrong(f"{what} returned None: is a `return` missing?")
        got = list(got)
        want = _all_values(model)
        if any(isinstance(p, list) for p in got):
            raise Wrong(f"{what} holds lists inside the list: flatten it, one Value per entry")
        if not all(isinstance(p, Value) for p in got):
            raise Wrong(f"{what} should hold Values (so training can change them), "
                        f"yours holds {type(next(p for p in got if not isinstance(p, Value))).__name__}")
        if len(got) != len(want):
            neurons = sum(nouts)
            hint = ("each neuron has a bias too" if len(got) == len(want) - neurons
                    else "go through every layer, every neuron, its weights and its bias")
            raise Wrong(f"{what} should list {len(want)} parameters, yours lists {len(got)}: {hint}")
        if {id(p) for p in got} != {id(p) for p in want}:
            raise Wrong(f"{what} should list the model's own Values, not copies: "
                        "return n.w and n.b themselves")
    return "every weight and bias once, for 3 model sizes"


@exercise
def count_parameters(count):
    """Exercise 2: count(nin, nouts), the number of parameters of MLP(nin, nouts), by arithmetic."""
    for nin, nouts in [(3, [4, 4, 1]), (2, [16, 16, 1]), (1, [1]), (10, [5])]:
        what = f"count({nin}, {nouts})"
        got = call(count, nin, nouts, what=what)
        sizes = [nin, *nouts]
        want = sum((sizes[i] + 1) * sizes[i + 1] for i in range(len(nouts)))
        if got != want:
            no_bias = sum(sizes[i] * sizes[i + 1] for i in range(len(nouts)))
            hint = ("each neuron has a bias as well as its weights" if got == no_bias
                    else "a neuron in a layer has one weight per output of the layer before it, plus a bias")
            raise Wrong(f"{what} should be {want}, yours is {got!r}: {hint}")
    return "the count for 4 shapes, the lecture's 41 and the demo's 337 among them"


@exercise
def distinct_neurons(Layer):
    """Exercise 4 (find the bug): every neuron of a layer has weights of its own."""
    layer = Layer(3, 4)
    what = "Layer(3, 4)"
    neurons = list(layer.neurons)
    if len(neurons) != 4:
        raise Wrong(f"{what} should have 4 neurons, yours has {len(neurons)}")
    if len({id(n) for n in neurons}) < 4:
        raise Wrong(f"{what} holds the same neuron several times: [x] * 4 repeats one object; "
                    "make a new Neuron for each place")
    weights = [id(w) for n in neurons for w in n.w]
    if len(set(weights)) < len(weights):
        raise Wrong(f"{what}: neurons share weight Values: each neuron needs its own")
    outs = [number(o, "an output") for o in call(layer, [1.0, 2.0, -1.0], what=f"{what}([1.0, 2.0, -1.0])")]
    if len(set(outs)) < 4:
        raise Wrong(f"{what}: two neurons give the same output {outs}: "
                    "each should start from its own random weights")
    return "4 neurons, each with its own weights and its own output"
