"""micrograd's own demo, the two-moons classifier, in four small functions.

Notebook 08 writes the demo's loss and loop out in full, as micrograd's demo.ipynb does; these
functions are the same recipe for the training playground and `scripts/make_images.py`:

    X, y = make_moons(100, noise=0.1, seed=MOONS_SEED)
    model = MLP(2, [16, 16, 1], nonlin="relu", linear_output=True, zero_bias=True, seed=MODEL_SEED)
    history = train(model, X, y)            # 100 steps of full-batch SGD
    plot_decision_boundary(model, X, y)

With these seeds the data and the initial weights are exactly those of demo.ipynb.
"""

MOONS_SEED = 1337  # demo.ipynb: np.random.seed(1337) before make_moons
MODEL_SEED = 1337  # demo.ipynb: random.seed(1337) before MLP(2, [16, 16, 1]); training reaches 100%


def make_moons(n_samples=100, noise=0.1, seed=MOONS_SEED):
    """scikit-learn's two moons as the demo uses them: (X, y) as plain lists, labels -1 and +1.

    `sklearn.datasets.make_moons(n_samples, noise=noise, random_state=seed)`, the labels
    turned from 0/1 into -1/+1 (`y*2 - 1`, the signs the max-margin loss wants). The
    default seed gives demo.ipynb's points. The first call imports scikit-learn, and a package
    it loads draws a number from Python's `random` while being imported: seed `random` after it.
    """
    from sklearn.datasets import make_moons as sklearn_moons  # here: importing micrograd stays quick

    X, y = sklearn_moons(n_samples=n_samples, noise=noise, random_state=seed)
    return X.tolist(), (y * 2 - 1).tolist()


def svm_loss(model, X, y, alpha=1e-4):
    """Max-margin loss with L2 regularization, and the accuracy, on all of (X, y).

    loss = mean_i relu(1 - y_i * score_i) + alpha * sum_p p**2
    A point costs nothing once it is on the right side with a margin of 1 (y_i * score_i >= 1).
    Returns (loss as a Value, accuracy as a fraction between 0 and 1).
    """
    scores = [model(x) for x in X]
    losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = alpha * sum(p * p for p in model.parameters())
    accuracy = sum((yi > 0) == (si.data > 0) for yi, si in zip(y, scores, strict=True)) / len(y)
    return data_loss + reg_loss, accuracy


def train(model, X, y, steps=100, learning_rate=1.0, on_step=None, decay=True, zero_grad=True):
    """Full-batch gradient descent on `svm_loss`, the rate decaying from `learning_rate` to a tenth of it.

    decay=False keeps the rate constant. zero_grad=False leaves out `model.zero_grad()`, so each
    step's gradients are added to all earlier ones (the bug the lecture finds). Calls
    `on_step(k, loss, accuracy)` after each step if given (loss as a float).
    Returns the history: a list of (loss, accuracy) pairs, one per step.
    """
    history = []
    for k in range(steps):
        loss, acc = svm_loss(model, X, y)
        if zero_grad:
            model.zero_grad()
        loss.backward()
        rate = learning_rate * (1.0 - 0.9 * k / steps) if decay else learning_rate
        for p in model.parameters():
            p.data -= rate * p.grad
        history.append((loss.data, acc))
        if on_step is not None:
            on_step(k, loss.data, acc)
    return history


def plot_decision_boundary(model, X, y, ax=None, h=0.25):
    """Colour the plane by the sign of the model's score, with the points on top.

    The model is evaluated on a grid with spacing `h` (0.25 as in micrograd's demo:
    coarse, so it takes well under a second); between grid points matplotlib
    interpolates the score, and the black line is where it crosses 0, the decision
    boundary. Blue: class -1, orange: class +1. Returns the matplotlib Axes.
    """
    import matplotlib.pyplot as plt  # here, so importing micrograd never needs matplotlib

    ax = ax or plt.gca()
    xs = [p[0] for p in X]
    ys = [p[1] for p in X]
    gx = _grid(min(xs) - 1, max(xs) + 1, h)
    gy = _grid(min(ys) - 1, max(ys) + 1, h)
    Z = [[model([a, b]).data for a in gx] for b in gy]   # the score; its sign is the class
    lo, hi = min(min(row) for row in Z), max(max(row) for row in Z)
    ax.contourf(gx, gy, Z, levels=[min(lo, -1.0), 0.0, max(hi, 1.0)], colors=["#9ecae1", "#fdae6b"])
    ax.contour(gx, gy, Z, levels=[0.0], colors="black", linewidths=1)
    colors = ["#08519c" if label < 0 else "#d94801" for label in y]
    ax.scatter(xs, ys, c=colors, s=25, edgecolors="black", linewidths=0.5)
    ax.set_xlim(gx[0], gx[-1])
    ax.set_ylim(gy[0], gy[-1])
    return ax


def _grid(lo, hi, h):
    """Points lo, lo + h, ... up to hi (inclusive of the first point past it)."""
    n = int((hi - lo) / h) + 2
    return [lo + i * h for i in range(n)]
