"""Generate golden reference values for activations and losses from PyTorch.

Run from the repository root::

    pip install torch==2.13.0
    python tests/golden/make_golden_activations_losses.py

It writes ``tests/golden/activations_losses.npz`` (float64 arrays only, no
pickles). torch is only needed to *regenerate* the file; the tests read the npz
with NumPy alone.

Key layout
----------
Activations (``NAME`` listed in ``ACTIVATIONS``, plus ``prelu`` and the
``NAME_huge`` cases listed in ``HUGE_ACTIVATIONS``)::

    act.NAME.x      (7, 5)  input
    act.NAME.y      (7, 5)  forward output
    act.NAME.w      (7, 5)  upstream gradient
    act.NAME.grad   (7, 5)  d(sum(y * w)) / dx
    act.prelu.weight       (1,)  slope (init 0.25)
    act.prelu.weight_grad  (1,)  d(sum(y * w)) / d slope

Losses (``CASE`` listed in ``LOSS_CASES``), reduction='mean'::

    loss.CASE.pred    prediction (logits for *_logits and ce_*, probabilities for bce_probs)
    loss.CASE.target  target (class indices as float64 of shape (N,) for ce_int/ce_smooth/ce_huge)
    loss.CASE.value   ()   the loss
    loss.CASE.grad    like pred: d value / d pred

Every case draws from its own ``numpy.random.default_rng`` seeded by the
CRC32 of its name, so adding a case never changes the others.
"""

from __future__ import annotations

import os
import sys
import tempfile
import zlib

import numpy as np
import torch
from torch import nn

OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "activations_losses.npz")

#: Activation name -> factory of the torch module.
ACTIVATIONS = {
    "sigmoid": lambda: nn.Sigmoid(),
    "tanh": lambda: nn.Tanh(),
    "relu": lambda: nn.ReLU(),
    "leaky_relu": lambda: nn.LeakyReLU(negative_slope=0.01),
    "elu": lambda: nn.ELU(alpha=1.0),
    "gelu": lambda: nn.GELU(approximate="none"),
    "gelu_tanh": lambda: nn.GELU(approximate="tanh"),
    "silu": lambda: nn.SiLU(),
    "softplus": lambda: nn.Softplus(beta=1.0, threshold=20.0),
    "mish": lambda: nn.Mish(),
    "softmax": lambda: nn.Softmax(dim=1),
    "identity": lambda: nn.Identity(),
}

#: Activations with a kink at 0: inputs are pushed at least this far from 0.
KINKED = {"relu", "leaky_relu", "elu", "prelu"}
KINK_MARGIN = 1e-2

#: Activations also evaluated on x * 1000 (must stay finite).
HUGE_ACTIVATIONS = ("sigmoid", "softplus", "softmax", "tanh", "silu", "gelu", "gelu_tanh", "elu", "mish")
HUGE_SCALE = 1000.0

ACT_SHAPE = (7, 5)
LOSS_SHAPE = (6, 4)
COL_SHAPE = (6, 1)
#: Regression losses keep |pred - target| at least this far from every kink.
LOSS_MARGIN = 5e-2


def rng_for(name: str) -> np.random.Generator:
    """Return a generator seeded from the case name (stable across runs and platforms)."""
    return np.random.default_rng(zlib.crc32(name.encode("ascii")))


def push_from(values: np.ndarray, points, margin: float) -> np.ndarray:
    """Move entries within ``margin`` of any of ``points`` to exactly ``margin`` away from it."""
    out = values.copy()
    for p in points:
        d = out - p
        near = np.abs(d) < margin
        out[near] = p + np.where(d[near] >= 0.0, margin, -margin)
    return out


def t64(a: np.ndarray, grad: bool = False) -> torch.Tensor:
    return torch.tensor(a, dtype=torch.float64, requires_grad=grad)


def np64(t: torch.Tensor) -> np.ndarray:
    return np.asarray(t.detach().cpu().numpy(), dtype=np.float64).copy()


# --------------------------------------------------------------------------- activations

def run_activation(module: nn.Module, x: np.ndarray, w: np.ndarray):
    module = module.double()
    xt = t64(x, grad=True)
    y = module(xt)
    (y * t64(w)).sum().backward()
    return np64(y), np64(xt.grad)


def activation_cases() -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name, factory in ACTIVATIONS.items():
        rng = rng_for("act." + name)
        x = rng.standard_normal(ACT_SHAPE) * 3.0
        w = rng.standard_normal(ACT_SHAPE)
        if name in KINKED:
            x = push_from(x, [0.0], KINK_MARGIN)
        y, g = run_activation(factory(), x, w)
        out.update({f"act.{name}.x": x, f"act.{name}.y": y, f"act.{name}.w": w, f"act.{name}.grad": g})

    # PReLU: one shared slope, also its gradient.
    rng = rng_for("act.prelu")
    x = push_from(rng.standard_normal(ACT_SHAPE) * 3.0, [0.0], KINK_MARGIN)
    w = rng.standard_normal(ACT_SHAPE)
    m = nn.PReLU(num_parameters=1, init=0.25).double()
    xt = t64(x, grad=True)
    y = m(xt)
    (y * t64(w)).sum().backward()
    out.update({
        "act.prelu.x": x, "act.prelu.y": np64(y), "act.prelu.w": w, "act.prelu.grad": np64(xt.grad),
        "act.prelu.weight": np64(m.weight), "act.prelu.weight_grad": np64(m.weight.grad),
    })

    # Huge inputs: same x and w as the plain case, x scaled by 1000.
    for name in HUGE_ACTIVATIONS:
        x = out[f"act.{name}.x"] * HUGE_SCALE
        w = out[f"act.{name}.w"]
        y, g = run_activation(ACTIVATIONS[name](), x, w)
        key = f"act.{name}_huge"
        out.update({f"{key}.x": x, f"{key}.y": y, f"{key}.w": w, f"{key}.grad": g})
    return out


def check_activations(d: dict[str, np.ndarray]) -> None:
    """Cross-check a few torch results against closed forms (documents the formulas)."""
    x, w = d["act.softplus.x"], d["act.softplus.w"]
    # softplus: log1p(exp(x)) for x <= threshold (20), else exactly x; grad sigmoid(x) / 1.
    ref = np.where(x > 20.0, x, np.log1p(np.exp(np.minimum(x, 20.0))))
    assert np.allclose(d["act.softplus.y"], ref, rtol=1e-14, atol=1e-15)
    xh = d["act.softplus_huge.x"]
    assert np.array_equal(d["act.softplus_huge.y"][xh > 20.0], xh[xh > 20.0])
    assert np.array_equal(d["act.softplus_huge.grad"][xh > 20.0], d["act.softplus_huge.w"][xh > 20.0])
    # gelu tanh approximation.
    x = d["act.gelu_tanh.x"]
    ref = 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)))
    assert np.allclose(d["act.gelu_tanh.y"], ref, rtol=1e-13, atol=1e-15)
    # softmax vector-Jacobian product: y * (w - sum(y*w, row)).
    y, w = d["act.softmax.y"], d["act.softmax.w"]
    assert np.allclose(d["act.softmax.grad"], y * (w - (y * w).sum(axis=1, keepdims=True)), rtol=1e-12, atol=1e-15)
    # prelu slope gradient: sum over x < 0 of x * w.
    x, w = d["act.prelu.x"], d["act.prelu.w"]
    assert np.allclose(d["act.prelu.weight_grad"], [np.sum(np.where(x < 0, x * w, 0.0))], rtol=1e-12)
    # mish = x * tanh(softplus(x)).
    x = d["act.mish.x"]
    assert np.allclose(d["act.mish.y"], x * np.tanh(np.logaddexp(0.0, x)), rtol=1e-13, atol=1e-15)


# --------------------------------------------------------------------------- losses

def run_loss(module: nn.Module, pred: np.ndarray, target_t: torch.Tensor):
    pt = t64(pred, grad=True)
    v = module(pt, target_t)
    v.backward()
    return np64(v).reshape(()), np64(pt.grad)


def store(out, case, pred, target, value, grad):
    out.update({f"loss.{case}.pred": pred, f"loss.{case}.target": np.asarray(target, dtype=np.float64),
                f"loss.{case}.value": value, f"loss.{case}.grad": grad})


def regression_case(out, case, module, shape, kinks):
    rng = rng_for("loss." + case)
    pred = rng.standard_normal(shape)
    target = rng.standard_normal(shape)
    if kinks:
        diff = push_from(pred - target, kinks, LOSS_MARGIN)
        target = pred - diff
    value, grad = run_loss(module, pred, t64(target))
    store(out, case, pred, target, value, grad)


def loss_cases() -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for suffix, shape in (("", LOSS_SHAPE), ("_col", COL_SHAPE)):
        regression_case(out, "mse" + suffix, nn.MSELoss(), shape, [])
        regression_case(out, "mae" + suffix, nn.L1Loss(), shape, [0.0])
        regression_case(out, "huber_1" + suffix, nn.HuberLoss(delta=1.0), shape, [0.0, -1.0, 1.0])
        regression_case(out, "huber_0_5" + suffix, nn.HuberLoss(delta=0.5), shape, [0.0, -0.5, 0.5])

    # Binary cross-entropy on logits (and on a single output column), plus huge logits.
    for case, shape, scale in (("bce_logits", LOSS_SHAPE, 1.0), ("bce_logits_col", COL_SHAPE, 1.0),
                               ("bce_logits_huge", LOSS_SHAPE, HUGE_SCALE)):
        rng = rng_for("loss." + case.replace("_huge", ""))
        pred = rng.standard_normal(shape) * 2.0 * scale
        target = (rng.random(shape) < 0.5).astype(np.float64)
        value, grad = run_loss(nn.BCEWithLogitsLoss(), pred, t64(target))
        store(out, case, pred, target, value, grad)

    # Binary cross-entropy on probabilities in (0.05, 0.95).
    rng = rng_for("loss.bce_probs")
    z = rng.standard_normal(LOSS_SHAPE)
    pred = 0.05 + 0.9 / (1.0 + np.exp(-z))
    target = (rng.random(LOSS_SHAPE) < 0.5).astype(np.float64)
    value, grad = run_loss(nn.BCELoss(), pred, t64(target))
    store(out, "bce_probs", pred, target, value, grad)

    n, c = LOSS_SHAPE
    # Cross-entropy with integer class targets (stored as float64 indices, shape (N,)).
    for case, module, scale in (("ce_int", nn.CrossEntropyLoss(), 1.0),
                                ("ce_smooth", nn.CrossEntropyLoss(label_smoothing=0.1), 1.0),
                                ("ce_huge", nn.CrossEntropyLoss(), HUGE_SCALE)):
        rng = rng_for("loss." + case)
        pred = rng.standard_normal(LOSS_SHAPE) * 2.0 * scale
        labels = rng.integers(0, c, size=n)
        labels[:c] = rng.permutation(c)  # every class appears at least once
        value, grad = run_loss(module, pred, torch.tensor(labels, dtype=torch.int64))
        store(out, case, pred, labels.astype(np.float64), value, grad)

    # Cross-entropy with probability targets: one-hot rows, and general soft rows.
    rng = rng_for("loss.ce_onehot")
    pred = rng.standard_normal(LOSS_SHAPE) * 2.0
    target = np.eye(c)[rng.integers(0, c, size=n)]
    value, grad = run_loss(nn.CrossEntropyLoss(), pred, t64(target))
    store(out, "ce_onehot", pred, target, value, grad)

    rng = rng_for("loss.ce_soft")
    pred = rng.standard_normal(LOSS_SHAPE) * 2.0
    target = rng.dirichlet(np.ones(c), size=n)
    value, grad = run_loss(nn.CrossEntropyLoss(), pred, t64(target))
    store(out, "ce_soft", pred, target, value, grad)
    return out


def log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def check_losses(d: dict[str, np.ndarray]) -> None:
    """Cross-check torch against closed forms (documents the formulas used)."""
    # Huber: 0.5 d^2 if |d| < delta else delta (|d| - 0.5 delta); mean over all elements.
    for case, delta in (("huber_1", 1.0), ("huber_0_5", 0.5), ("huber_0_5_col", 0.5)):
        r = d[f"loss.{case}.pred"] - d[f"loss.{case}.target"]
        a = np.abs(r)
        ref = np.where(a < delta, 0.5 * r * r, delta * (a - 0.5 * delta)).mean()
        assert np.isclose(d[f"loss.{case}.value"], ref, rtol=1e-13)
        assert np.allclose(d[f"loss.{case}.grad"], np.clip(r, -delta, delta) / r.size, rtol=1e-13)
    # BCE with logits: max(x,0) - x z + log1p(exp(-|x|)); grad (sigmoid(x) - z)/numel.
    for case in ("bce_logits", "bce_logits_huge"):
        x, z = d[f"loss.{case}.pred"], d[f"loss.{case}.target"]
        ref = (np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))).mean()
        assert np.isclose(d[f"loss.{case}.value"], ref, rtol=1e-13)
    # Label smoothing: (1-eps) * CE(onehot) + eps * mean_k(-log p_k), averaged over rows.
    eps = 0.1
    z, y = d["loss.ce_smooth.pred"], d["loss.ce_smooth.target"].astype(np.int64)
    lp = log_softmax(z)
    n, c = z.shape
    ref = ((1 - eps) * -lp[np.arange(n), y] + eps * (-lp).mean(axis=1)).mean()
    assert np.isclose(d["loss.ce_smooth.value"], ref, rtol=1e-13)
    q = (1 - eps) * np.eye(c)[y] + eps / c
    assert np.allclose(d["loss.ce_smooth.grad"], (np.exp(lp) - q) / n, rtol=1e-12, atol=1e-16)
    # Probability targets: mean over rows of -sum_k t_k log p_k; grad (p - t)/N.
    for case in ("ce_onehot", "ce_soft"):
        z, t = d[f"loss.{case}.pred"], d[f"loss.{case}.target"]
        lp = log_softmax(z)
        assert np.isclose(d[f"loss.{case}.value"], -(t * lp).sum(axis=1).mean(), rtol=1e-13)
        assert np.allclose(d[f"loss.{case}.grad"], (np.exp(lp) - t) / z.shape[0], rtol=1e-12, atol=1e-16)


# --------------------------------------------------------------------------- main

def main() -> int:
    torch.manual_seed(0)  # nothing here is random in torch; kept for safety
    data = {**activation_cases(), **loss_cases()}
    for key, arr in data.items():
        assert arr.dtype == np.float64, key
        assert np.all(np.isfinite(arr)), f"{key} is not finite"
    check_activations(data)
    check_losses(data)

    fd, tmp = tempfile.mkstemp(prefix=".activations_losses.", suffix=".npz", dir=os.path.dirname(OUT_PATH))
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez_compressed(fh, **dict(sorted(data.items())))
        os.chmod(tmp, 0o644)  # mkstemp creates 0600
        os.replace(tmp, OUT_PATH)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    print(f"wrote {OUT_PATH}: {len(data)} arrays, {os.path.getsize(OUT_PATH)} bytes, torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
