"""A tiny neural-network library on top of `Value`: Neuron, Layer, MLP.

Everything is a `Module`: something with parameters (`Value`s we want to learn)
that can reset their gradients. The shapes follow the lecture: a Neuron takes
`nin` numbers and returns one, a Layer is a list of Neurons that all see the same
inputs, and an MLP is a chain of Layers.
"""

import random
from numbers import Integral, Real

from .engine import Value

NONLINEARITIES = ("tanh", "relu", "linear")


class Module:
    """Base class: a collection of learnable `Value`s."""

    def parameters(self):
        """All learnable values, in a fixed order."""
        return []

    def zero_grad(self):
        """Set every parameter's gradient back to 0 (do this before each `backward()`)."""
        for p in self.parameters():
            p.grad = 0.0


def _check_size(size, name):
    """Raise a TypeError/ValueError naming `name` unless `size` is a whole number of at least 1."""
    if isinstance(size, bool) or not isinstance(size, Integral):
        raise TypeError(f"{name} must be a whole number of at least 1, got {type(size).__name__}: {size!r}")
    if size < 1:
        raise ValueError(f"{name} must be at least 1, got {size}")


def _check_inputs(x, nin, describe):
    """Raise an error naming the module the learner called unless `x` is one example of `nin` numbers.

    One example is a list or tuple (or a 1-D numpy array, such as a row of a data set) of
    numbers or Values. Everything else would fail deep inside the engine, or worse, run:
    a dict's keys would be used as the inputs. `describe()` names the module; it is only
    called to write an error message.
    """
    ndim = getattr(x, "ndim", None)     # numpy arrays have one
    if ndim is not None and ndim >= 2:
        raise TypeError(f"{describe()} takes one example at a time (a list of {nin} numbers), got an "
                        f"array of shape {x.shape}; for a batch, call it once per row: [model(x) for x in X]")
    if not (isinstance(x, (list, tuple)) or ndim == 1):
        raise TypeError(f"{describe()} expects a list of {nin} numbers, got {type(x).__name__}: {x!r:.80}")
    if len(x) != nin:
        raise ValueError(f"{describe()} expects {nin} inputs, got {len(x)}")
    for i, xi in enumerate(x):
        if not isinstance(xi, (Value, Real)):
            raise TypeError(f"{describe()} expects numbers or Values as inputs, got {type(xi).__name__} "
                            f"{xi!r:.40} at position {i}")


class Neuron(Module):
    """One neuron: nonlin(w . x + b), with `nin` weights and a bias.

    Args:
        nin: how many inputs the neuron takes.
        nonlin: "tanh" (as in the lecture), "relu" (as in micrograd's demo) or "linear" (none).
        rng: a `random.Random` for the initial weights; the `random` module if omitted.
        zero_bias: start the bias at 0 (micrograd's repository) instead of drawing it
            from [-1, 1] like the weights (the lecture). With 0, no number is drawn for it.
    """

    def __init__(self, nin, nonlin="tanh", rng=None, zero_bias=False):
        _check_size(nin, "nin")
        if nonlin not in NONLINEARITIES:
            raise ValueError(f"nonlin must be one of {NONLINEARITIES}, got {nonlin!r}")
        rng = rng or random
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0) if zero_bias else Value(rng.uniform(-1, 1))
        self.nonlin = nonlin

    def __call__(self, x):
        _check_inputs(x, len(self.w), self.__repr__)
        return self._forward(x)

    def _forward(self, x):
        """nonlin(w . x + b) for inputs already checked (a Layer or an MLP checks them once, at the top)."""
        act = sum((wi * xi for wi, xi in zip(self.w, x, strict=True)), self.b)
        if self.nonlin == "tanh":
            return act.tanh()
        if self.nonlin == "relu":
            return act.relu()
        return act

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"Neuron({len(self.w)}, nonlin={self.nonlin!r})"


class Layer(Module):
    """`nout` neurons that each see the same `nin` inputs; returns a list of `nout` values."""

    def __init__(self, nin, nout, nonlin="tanh", rng=None, zero_bias=False):
        _check_size(nout, "nout")
        self.neurons = [Neuron(nin, nonlin, rng, zero_bias) for _ in range(nout)]

    def __call__(self, x):
        _check_inputs(x, len(self.neurons[0].w), self.__repr__)
        return self._forward(x)

    def _forward(self, x):
        return [n._forward(x) for n in self.neurons]

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self):
        n = self.neurons[0]
        return f"Layer({len(n.w)}, {len(self.neurons)}, nonlin={n.nonlin!r})"


class MLP(Module):
    """A multi-layer perceptron: layers of sizes `nouts`, fed `nin` inputs.

    Args:
        nin: number of inputs.
        nouts: size of each layer, e.g. [4, 4, 1].
        nonlin: "tanh" (the lecture's choice) or "relu" (micrograd's demo), used in every layer.
        linear_output: if True, the last layer has no nonlinearity (the demo uses this,
            so its output can be any real score).
        seed: an int makes the initial weights reproducible without touching the global
            `random` state; None draws from the `random` module, as the lecture does.
        zero_bias: every bias starts at 0, as in micrograd's repository and its demo;
            False (the default) draws biases like weights, as in the lecture.

    Calling the MLP returns a single `Value` when the last layer has one neuron, else a list.
    """

    def __init__(self, nin, nouts, nonlin="tanh", linear_output=False, seed=None, zero_bias=False):
        _check_size(nin, "nin")
        if not isinstance(nouts, (list, tuple)):
            raise TypeError(f"nouts must be a list of layer sizes, e.g. [4, 4, 1], got {nouts!r}")
        if not nouts:
            raise ValueError("nouts must list at least one layer size, e.g. [4, 4, 1], got []")
        for i, size in enumerate(nouts):
            _check_size(size, f"nouts[{i}]")
        rng = random.Random(seed) if seed is not None else None
        sizes = [nin] + list(nouts)
        self.layers = []
        for i in range(len(nouts)):
            last = i == len(nouts) - 1
            layer_nonlin = "linear" if (last and linear_output) else nonlin
            self.layers.append(Layer(sizes[i], sizes[i + 1], layer_nonlin, rng, zero_bias))
        self.nin, self.nouts = int(nin), [int(n) for n in nouts]
        self.nonlin, self.linear_output, self.zero_bias = nonlin, linear_output, zero_bias

    def __call__(self, x):
        _check_inputs(x, self.nin, lambda: f"MLP({self.nin}, {self.nouts})")
        for layer in self.layers:
            x = layer._forward(x)
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):
        extra = ", linear_output=True" if self.linear_output else ""
        extra += ", zero_bias=True" if self.zero_bias else ""
        return (f"MLP({self.nin}, {self.nouts}, nonlin={self.nonlin!r}{extra}): "
                f"{len(self.parameters())} parameters")
