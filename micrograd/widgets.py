"""Interactive widgets for the notebooks: move a slider or press a button, watch the numbers.

    derivative_explorer()       notebook 01: secant and tangent of f(x) = 3x**2 - 4x + 5
    backprop_stepper(root)      notebook 04: `backward()` one node at a time
    neuron_explorer()           notebook 06: the lecture's neuron, every gradient live
    training_playground()       notebook 08: train an MLP on the two moons, watch the boundary

Each function returns an ipywidgets box; make it the last line of a cell to show it.
Everything is computed in Python and sent to the page as a picture (PNG for plots, SVG
for graphs), so the first picture is part of the widget state saved with the notebook:
JupyterLab shows it as soon as the notebook is open, before any cell has run. The saved
output also carries a still PNG, shown where widgets cannot be (GitHub, an untrusted
notebook), and a one-line text summary.
"""

import base64
import html
import io
import time

import ipywidgets as widgets
from matplotlib.figure import Figure

from . import browser, lecture
from .demo import make_moons, plot_decision_boundary, svm_loss
from .demo import train as train_moons
from .graph import drawdot
from .nn import MLP


class Explorer(widgets.VBox):
    """A VBox whose saved output also holds a still picture and a short text.

    JupyterLab shows the live widget (or, before the cell has run, its saved state).
    Viewers that cannot show widgets fall back to the PNG; `repr` gives the text.
    """

    def __init__(self, children, summary, picture):
        super().__init__(children)
        self._summary = summary    # () -> str: what the widget shows right now
        self._picture = picture    # () -> PNG bytes of the same

    def __repr__(self):
        return self._summary()

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        # In the browser edition the live widget always shows, and Graphviz there draws SVG only.
        if not browser.IN_BROWSER:
            bundle["image/png"] = base64.b64encode(self._picture()).decode("ascii")
        return bundle


def _png(fig):
    """PNG bytes of a matplotlib figure (no 'Software' tag, so the bytes depend only on the picture)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


def _shows_errors(handler, message, buttons=()):
    """Wrap a widget's handler so that a failure is shown to the learner in `message` (an HTML
    widget) instead of vanishing into the browser's log, and `buttons` are enabled again
    however the handler ends."""
    def run(*args):
        try:
            handler(*args)
        except Exception as e:  # noqa: BLE001 (any failure is shown, none is hidden)
            message.value = (f'<span style="color: #b71c1c"><b>{type(e).__name__}</b>: '
                             f"{html.escape(str(e))}</span>")
        finally:
            for button in buttons:
                button.disabled = False
    run.__name__ = handler.__name__
    return run


def _svg(graph):
    """The SVG text of a drawdot picture, without the XML header, ready to put inside HTML."""
    text = graph.pipe(format="svg").decode("utf-8")
    text = text[text.index("<svg"):]
    # Shrink a wide graph to the cell's width instead of cutting it off.
    return text.replace("<svg ", '<svg style="max-width: 100%; height: auto" ', 1)


# ---------------------------------------------------------------------------------- notebook 01


def derivative_explorer(x=3.0, h=0.5):
    """Sliders for x and h; the curve, the secant over [x, x + h] and the tangent at x.

    The secant's slope (f(x + h) - f(x)) / h is the numeric estimate of the derivative;
    the tangent's slope f'(x) is the exact one. Make h small and watch them meet.
    """
    if not -3.0 <= x <= 4.0 or not 1e-4 <= h <= 10**0.3:
        raise ValueError(f"derivative_explorer shows x from -3 to 4 and h from 0.0001 to 2, got x={x}, h={h}")
    x_slider = widgets.FloatSlider(value=x, min=-3.0, max=4.0, step=0.05, description="x")
    # step=None: no grid to snap to, so h starts exactly at the value given.
    h_slider = widgets.FloatLogSlider(value=h, base=10, min=-4, max=0.3, step=None,
                                      description="h", readout_format=".4f")
    image = widgets.Image(format="png", layout=widgets.Layout(align_self="flex-start"))
    text = widgets.HTML()
    xs = [-3.5 + 0.05 * i for i in range(161)]   # the curve from -3.5 to 4.5

    f = lecture.f

    def slopes():
        x, h = x_slider.value, h_slider.value
        return x, h, (f(x + h) - f(x)) / h, 6 * x - 4     # numeric, and exact: f'(x) = 6x - 4

    def picture():
        x, h, numeric, exact = slopes()
        fig = Figure(figsize=(6, 3.6))
        ax = fig.add_subplot()
        ax.plot(xs, [f(t) for t in xs], color="black", label="f(x) = 3x² - 4x + 5")
        ax.plot(xs, [f(x) + numeric * (t - x) for t in xs], color="tab:orange",
                label=f"secant, slope {numeric:.4f}")
        ax.plot(xs, [f(x) + exact * (t - x) for t in xs], color="tab:blue", linestyle="--",
                label=f"tangent, slope {exact:.4f}")
        ax.plot([x, x + h], [f(x), f(x + h)], "o", color="tab:orange")
        ax.set_xlim(-3.5, 4.5)
        ax.set_ylim(-5, 50)
        ax.set_xlabel("x")
        ax.legend(loc="upper center")
        return _png(fig)

    def show_slopes(change=None):
        x, h, numeric, exact = slopes()
        image.value = picture()
        text.value = (
            f"<b>numeric</b> (f(x+h) - f(x)) / h = {numeric:.6f} &nbsp; | &nbsp; "
            f"<b>exact</b> f'(x) = 6x - 4 = {exact:.6f} &nbsp; | &nbsp; "
            f"difference {numeric - exact:.6f}"
        )

    def summary():
        x, h, numeric, exact = slopes()
        return (f"derivative explorer at x = {x}, h = {h}: numeric slope {numeric:.4f}, "
                f"exact slope {exact:.4f}")

    show_slopes = _shows_errors(show_slopes, text)
    x_slider.observe(show_slopes, names="value")
    h_slider.observe(show_slopes, names="value")
    show_slopes()
    return Explorer([x_slider, h_slider, text, image], summary, picture)


# ---------------------------------------------------------------------------------- notebook 04


def _name(v):
    """How the stepper's text refers to a value: its label, or its data when it has none."""
    return v.label or f"[{v.data:.4f}]"


def backprop_stepper(root):
    """Step through `root.backward()` one node at a time, with the graph redrawn each step.

    Starts by setting every grad in `root`'s graph to 0 (the graph is changed in place).
    Each press of "step" takes the next node in reverse topological order (outputs
    before inputs) and passes its gradient to its inputs with the chain rule:
    child.grad += local derivative * node.grad. "reset" sets the grads back to 0.
    """
    nodes = root.topological_order()
    # Leaves have no inputs to pass a gradient to, so only nodes made by an operation get a step.
    steps = [v for v in reversed(nodes) if v._prev]
    position = [0]                                      # index of the next step
    graph = widgets.HTML()
    text = widgets.HTML()
    step_button = widgets.Button(description="step", icon="step-forward", button_style="primary")
    reset_button = widgets.Button(description="reset", icon="undo")

    def show(highlight, message):
        graph.value = _svg(drawdot(root, highlight=highlight))
        text.value = message

    def set_every_grad_to_zero(_button=None):
        for v in nodes:
            v.grad = 0.0
        position[0] = 0
        step_button.disabled = not steps
        show((), f"Every grad is 0. Press <b>step</b> to run backward one node at a time "
                 f"({len(steps)} steps, starting at {_name(root)}).")

    def pass_one_gradient_back(_button=None):
        i = position[0]
        node = steps[i]
        if i == 0:
            node.grad = 1.0   # the output: d(root)/d(root) = 1
        lines = [f"<b>Step {i + 1} of {len(steps)}</b>: node <b>{_name(node)}</b> "
                 f"(made by <code>{node._op}</code>), its grad is {node.grad:.4f}"
                 + (" (the output: its own derivative is 1)." if i == 0 else "."),
                 "Chain rule for each input: input.grad += local derivative × node.grad"]
        for child, local in zip(node._prev, node._local_grads, strict=True):
            before = child.grad
            child.grad += local * node.grad
            lines.append(f"&nbsp; <b>{_name(child)}</b>: {before:.4f} + {local:.4f} × {node.grad:.4f}"
                         f" = <b>{child.grad:.4f}</b>")
        position[0] = i + 1
        if position[0] == len(steps):
            step_button.disabled = True
            lines.append("Done: every grad is filled in, the same numbers <code>backward()</code> gives.")
        show([node], "<br>".join(lines))

    def summary():
        return (f"backprop stepper: {len(nodes)} values, {len(steps)} steps "
                f"(press step in a running notebook)")

    def picture():
        return drawdot(root, fmt="png").pipe()

    step_button.on_click(_shows_errors(pass_one_gradient_back, text))
    reset_button.on_click(_shows_errors(set_every_grad_to_zero, text))
    set_every_grad_to_zero()
    buttons = widgets.HBox([step_button, reset_button])
    return Explorer([buttons, text, graph], summary, picture)


# ---------------------------------------------------------------------------------- notebook 06


def neuron_explorer(**start):
    """Sliders for the lecture neuron's inputs, weights and bias; o and every grad update live.

    Keyword arguments (x1, x2, w1, w2, b) change the starting values; the defaults are
    the lecture's, which give o = 0.7071.
    """
    values = {**lecture.NEURON, **start}
    sliders = {}
    for name, value in values.items():
        low = -4.0 if name != "b" else -2.0
        high = 4.0 if name != "b" else 10.0
        # b = 6.8813735870195432 is on no grid: step=None keeps it exact (a grid would snap it to 6.88).
        step = 0.01 if name != "b" else None
        sliders[name] = widgets.FloatSlider(value=value, min=low, max=high, step=step,
                                            description=name, readout_format=".4f")
    graph = widgets.HTML()
    text = widgets.HTML()

    def neuron():
        o = lecture.neuron(**{name: s.value for name, s in sliders.items()})
        o.backward()
        return o

    def leaves(o):
        return {v.label: v for v in o.topological_order() if not v._prev}

    def show_neuron(change=None):
        o = neuron()
        n = o._prev[0]
        grads = " &nbsp; ".join(f"d<i>o</i>/d{name} = <b>{v.grad:.4f}</b>"
                                for name, v in leaves(o).items())
        text.value = (f"<i>o</i> = tanh(<i>n</i>) = tanh({n.data:.4f}) = <b>{o.data:.4f}</b> &nbsp; | "
                      f"&nbsp; d<i>o</i>/d<i>n</i> = 1 - o² = {n.grad:.4f}<br>{grads}")
        graph.value = _svg(drawdot(o))

    def summary():
        o = neuron()
        grads = ", ".join(f"{name} {v.grad:.4f}" for name, v in leaves(o).items())
        return f"neuron explorer: o = {o.data:.4f}; grads {grads}"

    def picture():
        return drawdot(neuron(), fmt="png").pipe()

    show_neuron = _shows_errors(show_neuron, text)
    for s in sliders.values():
        s.observe(show_neuron, names="value")
    show_neuron()
    controls = widgets.HBox([widgets.VBox(list(sliders.values())[:3]),
                             widgets.VBox(list(sliders.values())[3:])])
    return Explorer([controls, text, graph], summary, picture)


# ---------------------------------------------------------------------------------- notebook 08


def training_playground(n_samples=50, seed=1, redraw_every=5):
    """Train an MLP on the two moons with the settings you choose, and compare runs.

    Each press of "train" starts again from the same initial weights (MLP(seed=seed)) and
    runs `micrograd.demo.train`, micrograd's demo recipe: ReLU hidden layers, a linear
    output, max-margin loss + L2. The settings are the experiments of the series: the
    learning rate, constant or decaying (from lr to 0.1 * lr), `zero_grad()` before each
    `backward()` or not (then gradients pile up from step to step), the number of steps and
    the hidden sizes. The loss curve and the decision boundary are redrawn every
    `redraw_every` steps; the loss curves of earlier runs stay, in grey, until "clear runs".
    The data: scikit-learn's make_moons(n_samples, noise=0.1, random_state=seed), labels -1 and +1
    (`micrograd.demo.make_moons`: it imports scikit-learn when called, so other widgets never wait for it).
    """
    X, y = make_moons(n_samples, noise=0.1, seed=seed)
    wide = {"description_width": "initial"}
    lr = widgets.FloatSlider(value=1.0, min=0.05, max=2.0, step=0.05, description="learning rate", style=wide)
    schedule = widgets.ToggleButtons(options=["decaying", "constant"], value="decaying",
                                     description="rate", style=wide)
    zero_grad = widgets.Checkbox(value=True, description="zero_grad() before backward()", indent=False)
    steps = widgets.IntSlider(value=30, min=5, max=100, step=5, description="steps")
    hidden = widgets.Dropdown(options=["4", "8", "8, 8", "16, 16"], value="8, 8",
                              description="hidden sizes", style=wide)
    train_button = widgets.Button(description="train", icon="play", button_style="primary")
    clear_button = widgets.Button(description="clear runs", icon="trash")
    progress = widgets.IntProgress(value=0, min=0, max=steps.value, description="step 0")
    status = widgets.HTML()
    image = widgets.Image(format="png", layout=widgets.Layout(align_self="flex-start"))
    earlier_runs = []    # (name, losses) of every finished run since the last "clear runs"

    def settings():
        return (f"lr {lr.value:g} {schedule.value}, zero_grad {'on' if zero_grad.value else 'off'}, "
                f"hidden [{hidden.value}]")

    def new_model():
        sizes = [int(s) for s in hidden.value.split(",")]
        return MLP(2, sizes + [1], nonlin="relu", linear_output=True, seed=seed)

    def picture(model, losses):
        fig = Figure(figsize=(9, 3.6))
        loss_ax, data_ax = fig.subplots(1, 2)
        for name, old in earlier_runs:
            loss_ax.plot(range(1, len(old) + 1), old, color="0.6", linewidth=1, label=name)
        loss_ax.plot(range(1, len(losses) + 1), losses, color="tab:blue", linewidth=2,
                     label=settings() + " (now)")
        loss_ax.set_xlim(0, max([steps.value] + [len(old) for _, old in earlier_runs]))
        loss_ax.set_xlabel("step")
        loss_ax.set_title("loss" if losses or earlier_runs else "loss (press train)")
        if earlier_runs:
            loss_ax.legend(fontsize="x-small")
        plot_decision_boundary(model, X, y, ax=data_ax)
        data_ax.set_title("decision boundary")
        fig.tight_layout()
        return _png(fig)

    def show(model, losses, step, accuracy):
        status.value = (f"step {step}/{steps.value} &nbsp; loss <b>{losses[-1]:.4f}</b> &nbsp; "
                        f"accuracy <b>{accuracy:.0%}</b>" if losses else
                        f"untrained: accuracy <b>{accuracy:.0%}</b>; choose settings and press <b>train</b>")
        image.value = picture(model, losses)

    def train_from_scratch(_button=None):
        train_button.disabled = True
        start = time.perf_counter()
        model, losses = new_model(), []
        progress.max, progress.value = steps.value, 0

        def on_step(k, loss, accuracy):
            losses.append(loss)
            progress.value, progress.description = k + 1, f"step {k + 1}"
            if (k + 1) % redraw_every == 0 or k + 1 == steps.value:
                show(model, losses, k + 1, accuracy)

        train_moons(model, X, y, steps=steps.value, learning_rate=lr.value,
                    decay=schedule.value == "decaying", zero_grad=zero_grad.value, on_step=on_step)
        status.value += f" &nbsp; (done in {time.perf_counter() - start:.1f} s)"
        earlier_runs.append((settings(), losses))

    def clear_runs(_button=None):
        earlier_runs.clear()
        show(first_model, [], 0, first_accuracy)

    def summary():
        return (f"training playground: {n_samples} moons points, MLP(2, [{hidden.value}, 1]), "
                f"lr {lr.value}, {steps.value} steps (press train in a running notebook)")

    train_button.on_click(_shows_errors(train_from_scratch, status, buttons=[train_button]))
    clear_button.on_click(_shows_errors(clear_runs, status))
    first_model = new_model()
    first_accuracy = svm_loss(first_model, X, y)[1]
    show(first_model, [], 0, first_accuracy)
    controls = widgets.HBox([widgets.VBox([lr, schedule, zero_grad, steps, hidden]),
                             widgets.VBox([train_button, clear_button, progress])])
    return Explorer([controls, status, image], summary, lambda: picture(first_model, []))
