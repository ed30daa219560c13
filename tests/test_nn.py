"""Tests of the neural-net library: Neuron, Layer, MLP."""

import math
import random

import pytest

from micrograd import MLP, Layer, Module, Neuron, Value

XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]   # the lecture's data
YS = [1.0, -1.0, -1.0, 1.0]


def weights(model):
    return [p.data for p in model.parameters()]


def squared_error(model):
    return sum((model(x) - y) ** 2 for x, y in zip(XS, YS, strict=True))


# --------------------------------------------------------------------------- seeds and random state

def test_same_seed_same_weights_whatever_the_global_random_state():
    random.seed(1)
    first = MLP(3, [4, 4, 1], seed=42)
    random.seed(2)
    random.random()
    second = MLP(3, [4, 4, 1], seed=42)
    assert weights(first) == weights(second)


def test_seed_does_not_touch_the_global_random_state():
    random.seed(7)
    state = random.getstate()
    MLP(3, [4, 4, 1], seed=42)
    assert random.getstate() == state


def test_different_seeds_give_different_weights():
    assert weights(MLP(3, [4, 4, 1], seed=1)) != weights(MLP(3, [4, 4, 1], seed=2))


def test_without_a_seed_the_global_random_module_is_used_as_in_the_lecture():
    random.seed(3)
    first = MLP(3, [4, 4, 1])
    random.seed(3)
    second = MLP(3, [4, 4, 1])
    assert weights(first) == weights(second)


def test_initial_weights_are_between_minus_one_and_one():
    assert all(-1.0 <= w <= 1.0 for w in weights(MLP(2, [16, 16, 1], seed=0)))


# --------------------------------------------------------------------------- shapes and parameters

@pytest.mark.parametrize(("module", "count"), [
    (Neuron(3), 4),
    (Layer(3, 4), 16),
    (MLP(3, [4, 4, 1]), 41),                  # the lecture's network
    (MLP(2, [16, 16, 1]), 337),               # micrograd's demo network
])
def test_parameter_counts(module, count):
    params = module.parameters()
    assert len(params) == count
    assert len({id(p) for p in params}) == count
    assert all(isinstance(p, Value) for p in params)


def test_parameters_come_in_a_fixed_order():
    n = Neuron(3, rng=random.Random(0))
    assert n.parameters() == n.w + [n.b]
    model = MLP(3, [4, 1], seed=0)
    assert model.parameters() == model.layers[0].parameters() + model.layers[1].parameters()


def test_module_base_class_has_no_parameters():
    assert Module().parameters() == []
    Module().zero_grad()


def test_mlp_returns_one_value_for_one_output_and_a_list_otherwise():
    assert isinstance(MLP(3, [4, 1], seed=0)([1.0, 2.0, 3.0]), Value)
    out = MLP(3, [4, 2], seed=0)([1.0, 2.0, 3.0])
    assert isinstance(out, list) and len(out) == 2
    assert len(Layer(3, 5)([1.0, 2.0, 3.0])) == 5


def test_mlp_accepts_values_as_inputs():
    model = MLP(2, [3, 1], seed=0)
    x = [Value(0.5), Value(-1.0)]
    model(x).backward()
    assert all(xi.grad != 0.0 for xi in x)


def test_zero_grad():
    model = MLP(3, [4, 4, 1], seed=0)
    squared_error(model).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


# --------------------------------------------------------------------------- nonlinearities

def neuron_with(nonlin, w, b):
    n = Neuron(len(w), nonlin=nonlin)
    for wi, value in zip(n.w, w, strict=True):
        wi.data = value
    n.b.data = b
    return n


@pytest.mark.parametrize(("nonlin", "f"), [("tanh", math.tanh), ("relu", lambda x: max(x, 0.0)),
                                           ("linear", lambda x: x)])
@pytest.mark.parametrize("b", [-2.0, 0.5])
def test_neuron_nonlinearities(nonlin, f, b):
    n = neuron_with(nonlin, [-3.0, 1.0], b)
    assert n([2.0, 0.5]).data == pytest.approx(f(-6.0 + 0.5 + b), rel=1e-15)


def test_lecture_neuron():
    n = neuron_with("tanh", [-3.0, 1.0], 6.8813735870195432)
    assert round(n([2.0, 0.0]).data, 4) == 0.7071


def test_nonlin_is_used_in_every_layer():
    model = MLP(2, [3, 3, 1], nonlin="relu", seed=0)
    assert [n.nonlin for layer in model.layers for n in layer.neurons] == ["relu"] * 7


def test_linear_output_only_changes_the_last_layer():
    model = MLP(2, [16, 16, 1], nonlin="relu", linear_output=True, seed=0)
    assert [layer.neurons[0].nonlin for layer in model.layers] == ["relu", "relu", "linear"]
    assert all(n.nonlin == "linear" for n in model.layers[-1].neurons)


def test_linear_output_can_be_any_real_score():
    model = MLP(1, [1], linear_output=True, seed=0)
    model.layers[0].neurons[0].w[0].data = 10.0
    assert model([5.0]).data > 1.0       # a tanh output could never pass 1


# --------------------------------------------------------------------------- gradients through a network

def test_mlp_gradients_match_finite_differences():
    model = MLP(3, [4, 4, 1], seed=5)
    squared_error(model).backward()
    for p in model.parameters()[::5]:
        original, h = p.data, 1e-5
        p.data = original + h
        up = squared_error(model).data
        p.data = original - h
        down = squared_error(model).data
        p.data = original
        assert p.grad == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-7)


def test_lecture_training_loop_lowers_the_loss():
    model = MLP(3, [4, 4, 1], seed=0)
    losses = []
    for _ in range(20):
        loss = squared_error(model)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.05 * p.grad
        losses.append(loss.data)
    assert losses[-1] < losses[0] / 2


# --------------------------------------------------------------------------- reprs

def test_reprs():
    assert repr(Neuron(3)) == "Neuron(3, nonlin='tanh')"
    assert repr(Neuron(2, nonlin="relu")) == "Neuron(2, nonlin='relu')"
    assert repr(Layer(3, 4)) == "Layer(3, 4, nonlin='tanh')"
    assert repr(MLP(3, [4, 4, 1])) == "MLP(3, [4, 4, 1], nonlin='tanh'): 41 parameters"
    assert (repr(MLP(2, [16, 16, 1], nonlin="relu", linear_output=True))
            == "MLP(2, [16, 16, 1], nonlin='relu', linear_output=True): 337 parameters")


def test_demo_make_moons_gives_the_points_of_micrograds_demo():
    """demo.ipynb: np.random.seed(1337); X, y = make_moons(n_samples=100, noise=0.1); y = y*2 - 1."""
    import numpy as np
    from sklearn.datasets import make_moons as sklearn_moons

    from micrograd.demo import make_moons

    state = np.random.get_state()
    np.random.seed(1337)
    X_demo, y_demo = sklearn_moons(n_samples=100, noise=0.1)
    np.random.set_state(state)
    X, y = make_moons()
    assert X == X_demo.tolist() and y == (y_demo * 2 - 1).tolist()
    assert all(type(c) is float for point in X for c in point) and sorted(set(y)) == [-1, 1]


# --------------------------------------------------------------------------- initialization

def test_a_neuron_draws_its_weights_then_its_bias_from_minus_one_to_one():
    rng, reference = random.Random(4), random.Random(4)
    n = Neuron(3, rng=rng)
    expected = [reference.uniform(-1, 1) for _ in range(4)]
    assert [w.data for w in n.w] + [n.b.data] == expected
    assert rng.getstate() == reference.getstate()


def test_zero_bias_starts_every_bias_at_zero_and_draws_nothing_for_it():
    rng, reference = random.Random(4), random.Random(4)
    n = Neuron(3, rng=rng, zero_bias=True)
    assert [w.data for w in n.w] == [reference.uniform(-1, 1) for _ in range(3)]
    assert n.b.data == 0.0 and type(n.b.data) is float
    assert rng.getstate() == reference.getstate()
    layer = Layer(2, 3, rng=random.Random(0), zero_bias=True)
    assert [neuron.b.data for neuron in layer.neurons] == [0.0, 0.0, 0.0]
    model = MLP(2, [4, 4, 1], seed=0, zero_bias=True)
    assert all(neuron.b.data == 0.0 for layer in model.layers for neuron in layer.neurons)


def test_biases_are_drawn_by_default():
    layer = Layer(2, 3, rng=random.Random(0))
    model = MLP(2, [4, 1], seed=0)
    biases = [n.b.data for n in layer.neurons] + [n.b.data for layer in model.layers for n in layer.neurons]
    assert all(b != 0.0 and -1.0 <= b <= 1.0 for b in biases)


def test_repr_of_every_shape():
    assert repr(Layer(2, 1)) == "Layer(2, 1, nonlin='tanh')"
    assert repr(Layer(5, 2, nonlin="relu")) == "Layer(5, 2, nonlin='relu')"
    assert (repr(MLP(2, [16, 16, 1], nonlin="relu", linear_output=True, zero_bias=True))
            == "MLP(2, [16, 16, 1], nonlin='relu', linear_output=True, zero_bias=True): 337 parameters")
    assert repr(MLP(2, [3], zero_bias=True)) == "MLP(2, [3], nonlin='tanh', zero_bias=True): 9 parameters"
