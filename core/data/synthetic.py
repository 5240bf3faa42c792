"""Synthetic toy data sets in the style of TensorFlow Playground.

Five 2-D classification sets (circle, xor, gauss, spiral, moons) and two regression
sets (plane, sine), small enough to train in seconds and to draw: the inputs of the
2-D sets lie roughly in [-6, 6]², so one picture shows the points and the network's
decision boundary. Each is drawn from ``np.random.default_rng(seed)`` — the same seed
gives the same points — with classes of equal size (within one row) in shuffled order.
``noise`` is a fraction (0 clean … 1 very noisy); what it scales is given per set.
"""

from __future__ import annotations

import math

import numpy as np

from core.data.dataset import Dataset
from core.registry import Param, register

_XY = ["x1", "x2"]

SAMPLES = Param("samples", "int", 500, "Number of points to generate.", min=10, max=1_000_000)
NOISE = Param("noise", "float", 0.1, "How much random jitter to add: 0 is clean, 1 is very "
              "noisy (TensorFlow Playground uses 0 to 0.5).", min=0, max=1)
CLASSES = Param("classes", "int", 2, "Number of classes (arms, blobs).", min=2, max=10)


def _counts(samples: int, k: int) -> list[int]:
    """Split ``samples`` into k class sizes that differ by at most one."""
    return [samples // k + (c < samples % k) for c in range(k)]


def _classified(name: str, parts: list[np.ndarray], class_names: list[str],
                rng: np.random.Generator) -> Dataset:
    X = np.concatenate(parts)
    y = np.concatenate([np.full(len(p), c, dtype=np.int64) for c, p in enumerate(parts)])
    order = rng.permutation(len(X))
    return Dataset(X[order], y[order], "classification", list(_XY), class_names, name)


def circle(samples: int = 500, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Points inside a disc (class 0) and on a ring around it (class 1).

    Radius R = 5: class 0 has r ~ U(0, 0.5R), class 1 r ~ U(0.7R, R), angle uniform;
    each coordinate then moves by ``noise · U(−R, R)``. Shape: X (samples, 2).
    """
    rng = np.random.default_rng(seed)
    R, parts = 5.0, []
    for (lo, hi), n in zip(((0.0, 0.5 * R), (0.7 * R, R)), _counts(samples, 2)):
        r = rng.uniform(lo, hi, n)
        a = rng.uniform(0, 2 * math.pi, n)
        xy = np.column_stack([r * np.sin(a), r * np.cos(a)])
        parts.append(xy + noise * rng.uniform(-R, R, (n, 2)))
    return _classified("circle", parts, ["inside", "outside"], rng)


def xor(samples: int = 500, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Exclusive or: class 0 where x1 and x2 have the same sign, class 1 where they differ.

    |x1|, |x2| ~ U(0.3, 5.3) (kept 0.3 off the axes), signs chosen by class;
    each coordinate then moves by ``noise · U(−5, 5)``.
    """
    rng = np.random.default_rng(seed)
    parts = []
    for c, n in enumerate(_counts(samples, 2)):
        mag = rng.uniform(0, 5, (n, 2)) + 0.3
        s1 = rng.choice([-1.0, 1.0], n)
        s2 = s1 if c == 0 else -s1
        xy = mag * np.column_stack([s1, s2])
        parts.append(xy + noise * rng.uniform(-5, 5, (n, 2)))
    return _classified("xor", parts, ["same sign", "different sign"], rng)


def gauss(samples: int = 500, noise: float = 0.1, seed: int = 0, classes: int = 2) -> Dataset:
    """Gaussian blobs, one per class, with centres on a circle.

    Two classes: centres (2, 2) and (−2, −2), as in Playground. k classes: centres at
    angles 45° + 360°·c/k on a circle of radius max(2√2, 1.6 / sin(π/k)). Spread:
    variance 0.5 + 7·noise per coordinate.
    """
    rng = np.random.default_rng(seed)
    radius = max(2 * math.sqrt(2), 1.6 / math.sin(math.pi / classes))
    sd = math.sqrt(0.5 + 7 * noise)
    parts = []
    for c, n in enumerate(_counts(samples, classes)):
        angle = math.pi / 4 + 2 * math.pi * c / classes
        centre = radius * np.array([math.cos(angle), math.sin(angle)])
        parts.append(centre + sd * rng.standard_normal((n, 2)))
    return _classified("gauss", parts, [f"blob {c + 1}" for c in range(classes)], rng)


def spiral(samples: int = 500, noise: float = 0.1, seed: int = 0, classes: int = 2) -> Dataset:
    """Interleaved spiral arms, one per class (the hardest Playground set).

    For point i of n on arm c: r = 5·i/n, θ = 3.5π·i/n + 2πc/k,
    x = (r sin θ, r cos θ) + noise · U(−1, 1)².
    """
    rng = np.random.default_rng(seed)
    parts = []
    for c, n in enumerate(_counts(samples, classes)):
        t = np.arange(n) / n
        r = 5 * t
        theta = 1.75 * 2 * math.pi * t + 2 * math.pi * c / classes
        xy = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
        parts.append(xy + noise * rng.uniform(-1, 1, (n, 2)))
    return _classified("spiral", parts, [f"arm {c + 1}" for c in range(classes)], rng)


def moons(samples: int = 500, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaving half circles (scikit-learn's ``make_moons``), scaled by 2.5.

    Upper moon (cos t, sin t), lower moon (1 − cos t, 0.5 − sin t), t evenly in [0, π];
    Gaussian jitter of standard deviation ``noise`` (in moon radii) per coordinate;
    then centred and scaled by 2.5 to fill about [−4, 4] × [−2, 2].
    """
    rng = np.random.default_rng(seed)
    parts = []
    for c, n in enumerate(_counts(samples, 2)):
        t = np.linspace(0, math.pi, n)
        xy = (np.column_stack([np.cos(t), np.sin(t)]) if c == 0
              else np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)]))
        xy = xy + noise * rng.standard_normal((n, 2))
        parts.append(2.5 * (xy - [0.5, 0.25]))
    return _classified("moons", parts, ["upper", "lower"], rng)


def plane(samples: int = 500, noise: float = 0.1, seed: int = 0, a: float = 1.0,
          b: float = 1.0) -> Dataset:
    """A tilted plane: y = a·x1 + b·x2 + ε with x ~ U(−6, 6)².

    ε ~ N(0, (noise · σ)²), where σ = 6·sqrt((a² + b²)/3) is the standard deviation of
    the clean target, so noise is a fraction of the signal. y has shape (samples,).
    """
    rng = np.random.default_rng(seed)
    X = rng.uniform(-6, 6, (samples, 2))
    sigma = 6 * math.sqrt((a * a + b * b) / 3)
    y = a * X[:, 0] + b * X[:, 1] + noise * sigma * rng.standard_normal(samples)
    return Dataset(X, y, "regression", list(_XY), None, "plane")


def sine(samples: int = 500, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Curve fitting in 1-D: y = sin(x) + ε, x ~ U(−2π, 2π), ε ~ N(0, noise²).

    Shapes: X (samples, 1), y (samples,).
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2 * math.pi, 2 * math.pi, samples)
    y = np.sin(x) + noise * rng.standard_normal(samples)
    return Dataset(x[:, None], y, "regression", ["x"], None, "sine")


# ----------------------------------------------------------------- registry entries
# A dataset entry's factory takes the normalized data spec and the base folder.
_CLS = {"group": "synthetic", "task": "classification", "dims": 2}

register("dataset", "circle", title="Circle", params=(SAMPLES, NOISE), **_CLS,
         help="Two classes: a disc of points inside a ring; a straight line cannot separate "
              "them, one hidden layer can.",
         formula="class 0: r ~ U(0, 2.5); class 1: r ~ U(3.5, 5); + noise·U(−5, 5)")(
    lambda spec, base_dir=None: circle(spec["samples"], spec["noise"], spec["seed"]))

register("dataset", "xor", title="Exclusive or", params=(SAMPLES, NOISE), **_CLS,
         help="Two classes by quadrant: same sign of x1 and x2, or different; the classic "
              "problem a single neuron cannot solve.",
         formula="class = [x1·x2 < 0]; |x| ~ U(0.3, 5.3); + noise·U(−5, 5)")(
    lambda spec, base_dir=None: xor(spec["samples"], spec["noise"], spec["seed"]))

register("dataset", "gauss", title="Gaussian blobs", params=(SAMPLES, NOISE, CLASSES),
         **_CLS,
         help="One Gaussian cloud of points per class; linearly separable when the noise "
              "is low.",
         formula="x ~ N(centre_c, (0.5 + 7·noise)·I)")(
    lambda spec, base_dir=None: gauss(spec["samples"], spec["noise"], spec["seed"],
                                      spec["classes"]))

register("dataset", "spiral", title="Spiral", params=(SAMPLES, NOISE, CLASSES), **_CLS,
         help="Interleaved spiral arms, one per class; needs several hidden layers or many "
              "neurons.",
         formula="r = 5t, θ = 3.5πt + 2πc/k, x = (r sin θ, r cos θ) + noise·U(−1, 1)")(
    lambda spec, base_dir=None: spiral(spec["samples"], spec["noise"], spec["seed"],
                                       spec["classes"]))

register("dataset", "moons", title="Two moons", params=(SAMPLES, NOISE), **_CLS,
         help="Two interleaving half circles; the boundary between them must curve.",
         formula="(cos t, sin t) and (1 − cos t, 0.5 − sin t) + N(0, noise²), scaled by 2.5")(
    lambda spec, base_dir=None: moons(spec["samples"], spec["noise"], spec["seed"]))

register("dataset", "plane", title="Plane (regression)", group="synthetic",
         task="regression", dims=2,
         params=(SAMPLES, NOISE,
                 Param("a", "float", 1.0, "Slope along x1.", min=-10, max=10),
                 Param("b", "float", 1.0, "Slope along x2.", min=-10, max=10)),
         help="Regression on a tilted plane: the output is a weighted sum of the two inputs, "
              "which one linear neuron can learn exactly.",
         formula="y = a·x1 + b·x2 + noise·σ·N(0, 1)")(
    lambda spec, base_dir=None: plane(spec["samples"], spec["noise"], spec["seed"],
                                      spec["a"], spec["b"]))

register("dataset", "sine", title="Sine curve (regression)", group="synthetic",
         task="regression", dims=1, params=(SAMPLES, NOISE),
         help="Curve fitting in one dimension: learn y = sin(x) from noisy samples; a "
              "nonlinear activation is required.",
         formula="y = sin(x) + noise·N(0, 1), x ~ U(−2π, 2π)")(
    lambda spec, base_dir=None: sine(spec["samples"], spec["noise"], spec["seed"]))
