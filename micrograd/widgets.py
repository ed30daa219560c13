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
import io
import time

import ipywidgets as widgets
from matplotlib.figure import Figure

from .demo import make_moons, svm_loss
from .demo import train as train_moons
from .engine import Value
from .graph import drawdot
from .nn import MLP

# The lecture's neuron: o = tanh(x1*w1 + x2*w2 + b), with the numbers it uses.
LECTURE_NEURON = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.8813735870195432}


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
        bundle["image/png"] = base64.b64encode(self._picture()).decode("ascii")
        return bundle


def _png(fig):
    """PNG bytes of a matplotlib figure (no 'Software' tag, so the bytes depend only on the picture)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


def _svg(graph):
    """The SVG text of a drawdot picture, without the XML header, ready to put inside HTML."""
    text = graph.pipe(format="svg").decode("utf-8")
    text = text[text.index("<svg"):]
    # Shrink a wide graph to the cell's width instead of cutting it off.
    return text.replace("<svg ", '<svg style="max-width: 100%; height: auto" ', 1)


# ---------------------------------------------------------------------------------- notebook 01


def f(x):
    """The lecture's function, f(x) = 3x**2 - 4x + 5."""
    return 3 * x**2 - 4 * x + 5


def f_prime(x):
    """Its exact derivative, f'(x) = 6x - 4."""
    return 6 * x - 4


def derivative_explorer(x=3.0, h=0.5):
    """Sliders for x and h; the curve, the secant over [x, x + h] and the tangent at x.

    The secant's slope (f(x + h) - f(x)) / h is the numeric estimate of the derivative;
    the tangent's slope f'(x) is the exact one. Make h small and watch them meet.
    """
    x_slider = widgets.FloatSlider(value=x, min=-2.0, max=4.0, step=0.05, description="x")
    # step=None: no grid to snap to, so h starts exactly at the value given.
    h_slider = widgets.FloatLogSlider(value=h, base=10, min=-4, max=0.3, step=None,
                                      description="h", readout_format=".4f")
    image = widgets.Image(format="png", layout=widgets.Layout(align_self="flex-start"))
    text = widgets.HTML()
    xs = [-2.5 + 0.05 * i for i in range(141)]   # the curve from -2.5 to 4.5

    def slopes():
        x, h = x_slider.value, h_slider.value
        return x, h, (f(x + h) - f(x)) / h, f_prime(x)

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
        ax.set_xlim(-2.5, 4.5)
        ax.set_ylim(-5, 50)
        ax.set_xlabel("x")
        ax.legend(loc="upper center")
        return _png(fig)

    def update(change=None):
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

    x_slider.observe(update, names="value")
    h_slider.observe(update, names="value")
    update()
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

    def reset(_button=None):
        for v in nodes:
            v.grad = 0.0
        position[0] = 0
        step_button.disabled = not steps
        show((), f"Every grad is 0. Press <b>step</b> to run backward one node at a time "
                 f"({len(steps)} steps, starting at {_name(root)}).")

    def step(_button=None):
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

    step_button.on_click(step)
    reset_button.on_click(reset)
    reset()
    buttons = widgets.HBox([step_button, reset_button])
    return Explorer([buttons, text, graph], summary, picture)


# ---------------------------------------------------------------------------------- notebook 06


def lecture_neuron(x1=2.0, x2=0.0, w1=-3.0, w2=1.0, b=6.8813735870195432):
    """Build the lecture's neuron o = tanh(x1*w1 + x2*w2 + b), labelled as in the lecture."""
    x1, x2 = Value(x1, label="x1"), Value(x2, label="x2")
    w1, w2 = Value(w1, label="w1"), Value(w2, label="w2")
    b = Value(b, label="b")
    x1w1 = x1 * w1
    x1w1.label = "x1*w1"
    x2w2 = x2 * w2
    x2w2.label = "x2*w2"
    x1w1x2w2 = x1w1 + x2w2
    x1w1x2w2.label = "x1*w1 + x2*w2"
    n = x1w1x2w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def neuron_explorer(**start):
    """Sliders for the lecture neuron's inputs, weights and bias; o and every grad update live.

    Keyword arguments (x1, x2, w1, w2, b) change the starting values; the defaults are
    the lecture's, which give o = 0.7071.
    """
    values = {**LECTURE_NEURON, **start}
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
        o = lecture_neuron(**{name: s.value for name, s in sliders.items()})
        o.backward()
        return o

    def leaves(o):
        return {v.label: v for v in o.topological_order() if not v._prev}

    def update(change=None):
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

    for s in sliders.values():
        s.observe(update, names="value")
    update()
    controls = widgets.HBox([widgets.VBox(list(sliders.values())[:3]),
                             widgets.VBox(list(sliders.values())[3:])])
    return Explorer([controls, text, graph], summary, picture)


# ---------------------------------------------------------------------------------- notebook 08


def training_playground(n_samples=50, seed=1, grid=24, redraw_every=5):
    """Train an MLP on the two moons with the learning rate, steps and hidden sizes you choose.

    Each press of "train" starts again from the same initial weights (MLP(seed=seed)) and
    runs `micrograd.demo.train`, micrograd's demo recipe: ReLU hidden layers, a linear
    output, max-margin loss + L2, and a learning rate that decays from lr to 0.1 * lr. The loss
    curve and the decision boundary (sampled on a grid x grid mesh) are redrawn every
    `redraw_every` steps.
    """
    X, y = make_moons(n_samples=n_samples, noise=0.1, seed=seed)
    lr = widgets.FloatSlider(value=1.0, min=0.05, max=2.0, step=0.05, description="learning rate",
                             style={"description_width": "initial"})
    steps = widgets.IntSlider(value=30, min=5, max=100, step=5, description="steps")
    hidden = widgets.Dropdown(options=["4", "8", "8, 8", "16, 16"], value="8, 8",
                              description="hidden sizes", style={"description_width": "initial"})
    train_button = widgets.Button(description="train", icon="play", button_style="primary")
    progress = widgets.IntProgress(value=0, min=0, max=steps.value, description="step 0")
    status = widgets.HTML()
    image = widgets.Image(format="png", layout=widgets.Layout(align_self="flex-start"))
    xs = [-1.5 + 4.0 * i / (grid - 1) for i in range(grid)]
    ys = [-1.0 + 2.5 * j / (grid - 1) for j in range(grid)]

    def new_model():
        sizes = [int(s) for s in hidden.value.split(",")]
        return MLP(2, sizes + [1], nonlin="relu", linear_output=True, seed=seed)

    def picture(model, history):
        fig = Figure(figsize=(9, 3.6))
        loss_ax, data_ax = fig.subplots(1, 2)
        loss_ax.plot(range(1, len(history) + 1), history, color="tab:blue")
        loss_ax.set_xlim(0, steps.value)
        loss_ax.set_xlabel("step")
        loss_ax.set_title("loss" if history else "loss (press train)")
        scores = [[model([a, b]).data for a in xs] for b in ys]
        data_ax.contourf(xs, ys, scores, levels=[-1e9, 0.0, 1e9], colors=["#9ecae1", "#fdae6b"], alpha=0.8)
        colors = ["tab:blue" if label < 0 else "tab:orange" for label in y]
        data_ax.scatter([p[0] for p in X], [p[1] for p in X], c=colors, edgecolors="black", s=25)
        data_ax.set_title("decision boundary")
        fig.tight_layout()
        return _png(fig)

    def report(model, history, step, accuracy):
        status.value = (f"step {step}/{steps.value} &nbsp; loss <b>{history[-1]:.4f}</b> &nbsp; "
                        f"accuracy <b>{accuracy:.0%}</b>" if history else
                        f"untrained: accuracy <b>{accuracy:.0%}</b>; choose settings and press <b>train</b>")
        image.value = picture(model, history)

    def train(_button=None):
        train_button.disabled = True
        start = time.perf_counter()
        model, history = new_model(), []
        progress.max, progress.value = steps.value, 0

        def on_step(k, loss, accuracy):
            history.append(loss)
            progress.value, progress.description = k + 1, f"step {k + 1}"
            if (k + 1) % redraw_every == 0 or k + 1 == steps.value:
                report(model, history, k + 1, accuracy)

        train_moons(model, X, y, steps=steps.value, learning_rate=lr.value, on_step=on_step)
        status.value += f" &nbsp; (done in {time.perf_counter() - start:.1f} s)"
        train_button.disabled = False

    def summary():
        return (f"training playground: {n_samples} moons points, MLP(2, [{hidden.value}, 1]), "
                f"lr {lr.value}, {steps.value} steps (press train in a running notebook)")

    train_button.on_click(train)
    first_model = new_model()
    report(first_model, [], 0, svm_loss(first_model, X, y)[1])
    controls = widgets.HBox([widgets.VBox([lr, steps, hidden]), widgets.VBox([train_button, progress])])
    return Explorer([controls, status, image], summary, lambda: picture(first_model, []))
