"""Regenerate the pictures in images/ that the README shows (`make images`).

    .venv/bin/python scripts/make_images.py      (with .venv/bin on the PATH, for Graphviz's `dot`)

- images/expression_graph.svg: the lecture's L = (a*b + c) * f after `backward()`, drawn by `drawdot`.
- images/moons_decision_boundary.png: micrograd's demo trained as in notebook 08 (demo.ipynb's data
  and initial weights, the same loss and loop, from `micrograd.demo`) and its decision boundary.
  Training takes tens of seconds.

The outputs are deterministic: the same code and package versions give the same bytes (the PNG carries
no software or date metadata). Other files in images/ (e.g. screenshots) are left alone.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402

from micrograd import MLP, Value, drawdot  # noqa: E402
from micrograd.demo import MODEL_SEED, MOONS_SEED, make_moons, plot_decision_boundary, svm_loss, train  # noqa: E402

IMAGES = Path(__file__).resolve().parent.parent / "images"


def expression_graph(path):
    """The lecture's first expression graph (00:19:09 onwards), with every gradient filled in."""
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    f = Value(-2.0, label="f")
    L = d * f
    L.label = "L"
    L.backward()
    path.write_bytes(drawdot(L).pipe(format="svg"))


def moons_decision_boundary(path):
    """Train the demo as notebook 08 does and save its decision boundary."""
    X, y = make_moons(100, noise=0.1, seed=MOONS_SEED)
    model = MLP(2, [16, 16, 1], nonlin="relu", linear_output=True, zero_bias=True, seed=MODEL_SEED)
    train(model, X, y)
    _, accuracy = svm_loss(model, X, y)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    plot_decision_boundary(model, X, y, ax=ax)
    ax.set_title(f"MLP(2, [16, 16, 1]) on two moons: {accuracy:.0%} training accuracy")
    fig.savefig(path, dpi=100, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)


def main():
    IMAGES.mkdir(exist_ok=True)
    for name, make in [("expression_graph.svg", expression_graph),
                       ("moons_decision_boundary.png", moons_decision_boundary)]:
        make(IMAGES / name)
        print(f"wrote images/{name}")


if __name__ == "__main__":
    main()
