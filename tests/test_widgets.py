"""Tests of the widgets, driven from Python as the browser drives them: set a slider, click a button.

Each widget's text and picture must change when it is used, and a failure inside a handler must
be shown in the widget (not lost in the browser's log) without leaving a button disabled.
"""

import shutil
import sys
from pathlib import Path

import ipywidgets as widgets
import pytest

import micrograd.widgets as mw
from micrograd import MLP, lecture
from micrograd.demo import svm_loss, train


@pytest.fixture(autouse=True)
def dot_on_path(monkeypatch):
    if shutil.which("dot") is None:
        monkeypatch.setenv("PATH", str(Path(sys.executable).parent), prepend=":")


def find(box, kind, description=None):
    """The first widget of class `kind` (with this description, if given) anywhere inside `box`."""
    for child in box.children:
        if isinstance(child, kind) and description in (None, child.description):
            return child
        if isinstance(child, widgets.Box):
            found = find(child, kind, description)
            if found is not None:
                return found
    return None


def shown(box):
    """What the learner sees: (texts, pictures); a picture is PNG bytes or an SVG graph."""
    texts, pictures = [], []
    for child in box.children:
        if isinstance(child, widgets.Box):
            more_texts, more_pictures = shown(child)
            texts += more_texts
            pictures += more_pictures
        elif isinstance(child, widgets.Image):
            pictures.append(bytes(child.value))
        elif isinstance(child, widgets.HTML):
            (pictures if "<svg" in child.value else texts).append(child.value)
    return texts, pictures


def text_of(box):
    return " ".join(shown(box)[0])


def pictures_of(box):
    pictures = shown(box)[1]
    assert pictures and all(pictures)
    return pictures


def assert_text_and_picture_changed(box, before_text, before_pictures):
    assert text_of(box) != before_text
    assert pictures_of(box) != before_pictures


# --------------------------------------------------------------------------- derivative explorer

def test_derivative_explorer_follows_its_sliders():
    w = mw.derivative_explorer(x=3.0, h=0.5)
    assert "= 15.500000" in text_of(w) and "= 14.000000" in text_of(w)
    for description, value in (("x", 1.0), ("h", 0.01)):
        text, pictures = text_of(w), pictures_of(w)
        find(w, widgets.widget_float._Float, description).value = value
        assert_text_and_picture_changed(w, text, pictures)
    assert "6x - 4 = 2.000000" in text_of(w)                      # exact slope at x = 1
    assert "(f(x+h) - f(x)) / h = 2.030000" in text_of(w)         # 2 + 3h
    assert repr(w) == ("derivative explorer at x = 1.0, h = 0.01: numeric slope 2.0300, "
                       "exact slope 2.0000")


def test_derivative_explorer_uses_the_lectures_f():
    assert not hasattr(mw, "f_prime") and not hasattr(mw, "f")
    w = mw.derivative_explorer(x=-3.0, h=1e-4)
    assert "6x - 4 = -22.000000" in text_of(w)


# --------------------------------------------------------------------------- backprop stepper

def test_backprop_stepper_steps_to_the_end_and_resets():
    o = lecture.neuron()
    w = mw.backprop_stepper(o)
    step, reset = find(w, widgets.Button, "step"), find(w, widgets.Button, "reset")
    assert "Every grad is 0" in text_of(w) and "5 steps" in text_of(w)
    for i in range(5):
        text, pictures = text_of(w), pictures_of(w)
        step.click()
        assert_text_and_picture_changed(w, text, pictures)
        assert f"Step {i + 1} of 5" in text_of(w)
    assert step.disabled and "Done" in text_of(w)
    expected = {v.label: v.grad for v in o.topological_order()}
    fresh = lecture.neuron()
    fresh.backward()
    assert expected == {v.label: v.grad for v in fresh.topological_order()}   # the same as backward()
    text, pictures = text_of(w), pictures_of(w)
    reset.click()
    assert_text_and_picture_changed(w, text, pictures)
    assert not step.disabled and all(v.grad == 0.0 for v in o.topological_order())


def test_backprop_stepper_shows_a_failure_and_keeps_its_button(monkeypatch):
    w = mw.backprop_stepper(lecture.expression())
    step = find(w, widgets.Button, "step")

    def broken(*args, **kwargs):
        raise RuntimeError("Graphviz crashed")

    monkeypatch.setattr(mw, "drawdot", broken)
    step.click()
    assert "RuntimeError" in text_of(w) and "Graphviz crashed" in text_of(w)
    assert not step.disabled


# --------------------------------------------------------------------------- neuron explorer

def test_neuron_explorer_follows_its_sliders():
    w = mw.neuron_explorer()
    assert "<b>0.7071</b>" in text_of(w)
    text, pictures = text_of(w), pictures_of(w)
    find(w, widgets.FloatSlider, "b").value = 0.0
    assert_text_and_picture_changed(w, text, pictures)
    assert "tanh(-6.0000)" in text_of(w)
    assert repr(w).startswith("neuron explorer: o = -1.0000")


def test_neuron_explorer_starts_from_the_lectures_numbers():
    assert not hasattr(mw, "LECTURE_NEURON") and not hasattr(mw, "lecture_neuron")
    w = mw.neuron_explorer(w1=1.0)
    assert find(w, widgets.FloatSlider, "w1").value == 1.0
    assert find(w, widgets.FloatSlider, "b").value == lecture.NEURON["b"]


def test_a_failure_while_a_slider_moves_is_shown(monkeypatch):
    w = mw.neuron_explorer()
    monkeypatch.setattr(mw, "drawdot", lambda *a, **k: 1 / 0)
    find(w, widgets.FloatSlider, "x1").value = 1.0
    assert "ZeroDivisionError" in text_of(w)


# --------------------------------------------------------------------------- training playground

@pytest.fixture
def playground():
    w = mw.training_playground(n_samples=20, seed=1, redraw_every=5)
    find(w, widgets.IntSlider, "steps").value = 5
    find(w, widgets.Dropdown, "hidden sizes").value = "4"
    return w


def test_playground_trains_and_keeps_earlier_runs_until_cleared(playground):
    w = playground
    train_button, clear = find(w, widgets.Button, "train"), find(w, widgets.Button, "clear runs")
    untrained = pictures_of(w)
    assert "untrained" in text_of(w)
    train_button.click()
    assert "step 5/5" in text_of(w) and "done in" in text_of(w)
    assert pictures_of(w) != untrained
    assert not train_button.disabled
    first_run = pictures_of(w)
    find(w, widgets.ToggleButtons, "rate").value = "constant"
    train_button.click()
    two_runs = pictures_of(w)
    assert two_runs != first_run                # the first run's curve is still drawn, in grey
    clear.click()
    assert pictures_of(w) != two_runs and "untrained" in text_of(w)
    find(w, widgets.ToggleButtons, "rate").value = "decaying"
    train_button.click()
    assert pictures_of(w) == first_run          # nothing left of the earlier runs


def test_playground_passes_its_settings_to_train(playground, monkeypatch):
    calls = []
    monkeypatch.setattr(mw, "train_moons", lambda *args, **kwargs: calls.append(kwargs))
    find(playground, widgets.Checkbox).value = False
    find(playground, widgets.ToggleButtons, "rate").value = "constant"
    find(playground, widgets.FloatSlider, "learning rate").value = 0.5
    find(playground, widgets.Button, "train").click()
    assert len(calls) == 1
    assert {k: calls[0][k] for k in ("steps", "learning_rate", "decay", "zero_grad")} == {
        "steps": 5, "learning_rate": 0.5, "decay": False, "zero_grad": False}


def test_playground_shows_a_failure_and_keeps_its_button(playground, monkeypatch):
    def diverged(*args, **kwargs):
        raise OverflowError("the loss went to infinity")

    monkeypatch.setattr(mw, "train_moons", diverged)
    train_button = find(playground, widgets.Button, "train")
    train_button.click()
    assert "OverflowError" in text_of(playground) and "the loss went to infinity" in text_of(playground)
    assert not train_button.disabled


def test_playground_data_are_scikit_learns_moons_with_labels_minus_one_and_one(monkeypatch):
    from sklearn.datasets import make_moons  # here, not at the top: every pytest worker imports this file

    seen = {}
    monkeypatch.setattr(mw, "train_moons", lambda model, X, y, **kwargs: seen.update(X=X, y=y))
    w = mw.training_playground(n_samples=20, seed=3)
    find(w, widgets.IntSlider, "steps").value = 5
    find(w, widgets.Button, "train").click()
    X, y = make_moons(n_samples=20, noise=0.1, random_state=3)
    assert (seen["X"] == X).all() and list(seen["y"]) == [2 * label - 1 for label in y]


# --------------------------------------------------------------------------- demo.train's options

def small_problem():
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=10, noise=0.1, random_state=0)
    return MLP(2, [4, 1], nonlin="relu", linear_output=True, seed=0), X, y * 2 - 1


def by_hand(steps, decay, zero_grad):
    """The training loop written out, to compare `train` with."""
    model, X, y = small_problem()
    losses = []
    for k in range(steps):
        loss, _ = svm_loss(model, X, y)
        if zero_grad:
            model.zero_grad()
        loss.backward()
        rate = 0.5 * (1.0 - 0.9 * k / steps) if decay else 0.5
        for p in model.parameters():
            p.data -= rate * p.grad
        losses.append(loss.data)
    return losses, [p.data for p in model.parameters()]


@pytest.mark.parametrize("decay", [True, False])
@pytest.mark.parametrize("zero_grad", [True, False])
def test_train_options_match_the_loop_written_out(decay, zero_grad):
    model, X, y = small_problem()
    history = train(model, X, y, steps=4, learning_rate=0.5, decay=decay, zero_grad=zero_grad)
    losses, weights = [loss for loss, _ in history], [p.data for p in model.parameters()]
    assert (losses, weights) == by_hand(4, decay, zero_grad)


def test_the_four_train_settings_differ():
    results = {by_hand(4, d, z)[0][-1] for d in (True, False) for z in (True, False)}
    assert len(results) == 4


@pytest.mark.parametrize(("x", "h"), [(-4.0, 0.5), (5.0, 0.5), (1.0, 0.0), (1.0, 3.0)])
def test_derivative_explorer_refuses_a_start_its_sliders_cannot_show(x, h):
    with pytest.raises(ValueError, match=r"derivative_explorer shows x from -3 to 4 and h from 0\.0001 to 2"):
        mw.derivative_explorer(x=x, h=h)
