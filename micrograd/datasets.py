"""Small toy data sets, made here so no extra library (such as scikit-learn) is needed."""

import math
import random


def make_moons(n_samples=100, noise=0.1, seed=0):
    """Two interleaving half circles, the data set of micrograd's demo.

    Returns (X, y): X is a list of [x1, x2] points, y a list of labels -1 or +1
    (the signs a max-margin loss wants). The first half of the points is the upper
    moon (label -1), the second half the lower one (label +1), each moved by Gaussian
    noise of standard deviation `noise`. The same `seed` always gives the same points.
    """
    if n_samples < 2:
        raise ValueError(f"make_moons needs at least 2 samples, got {n_samples}")
    rng = random.Random(seed)
    n_upper = n_samples // 2
    n_lower = n_samples - n_upper
    X, y = [], []
    for i in range(n_upper):
        t = math.pi * i / (n_upper - 1) if n_upper > 1 else 0.0
        X.append([math.cos(t), math.sin(t)])
        y.append(-1)
    for i in range(n_lower):
        t = math.pi * i / (n_lower - 1) if n_lower > 1 else 0.0
        X.append([1.0 - math.cos(t), 0.5 - math.sin(t)])
        y.append(1)
    X = [[a + rng.gauss(0.0, noise), b + rng.gauss(0.0, noise)] for a, b in X]
    return X, y
