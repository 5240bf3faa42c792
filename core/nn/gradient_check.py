"""Finite-difference gradient checks: is back propagation right?

Central differences in float64, ``(f(θ + ε) − f(θ − ε)) / 2ε`` with ε ≈ 1e-6, compared
with the analytical gradient by the relative error
``‖g_num − g_ana‖ / max(‖g_num‖ + ‖g_ana‖, 1e-12)``. Below 1e-6 the two agree (away
from kinks such as ReLU at 0). Dropout layers reuse one fixed mask during a check.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.backend.devices import get_backend
from core.nn.model import Model, Objective

TOLERANCE = 1e-6
#: Training rows and entries per parameter of a quick check (the dashboard's button).
ROWS = 8
MAX_COORDS = 30


#: Below this gradient norm both gradients count as zero and the error is absolute: a
#: parameter whose true gradient is 0 (a dense bias before batch norm) has only
#: round-off noise on both sides, and noise over noise is no relative error.
ZERO_GRADIENT = 1e-7


def relative_error(numeric, analytic) -> float:
    numeric, analytic = np.asarray(numeric, np.float64), np.asarray(analytic, np.float64)
    total = np.linalg.norm(numeric) + np.linalg.norm(analytic)
    diff = np.linalg.norm(numeric - analytic)
    return float(diff if total < ZERO_GRADIENT else diff / total)


def numeric_gradient(f, array: np.ndarray, eps: float = 1e-6, indices=None) -> np.ndarray:
    """Central-difference gradient of scalar ``f()`` w.r.t. ``array``, perturbed in place.

    Only the flat ``indices`` are perturbed when given (the rest stay 0).
    """
    flat = array.reshape(-1)
    grad = np.zeros(flat.shape, dtype=np.float64)
    for i in (range(flat.size) if indices is None else indices):
        old = flat[i]
        flat[i] = old + eps
        plus = f()
        flat[i] = old - eps
        minus = f()
        flat[i] = old
        grad[i] = (plus - minus) / (2 * eps)
    return grad.reshape(array.shape)


@dataclass(frozen=True)
class GradCheckResult:
    """Relative errors by parameter name (and ``"input"``), and the worst one."""

    errors: dict
    tolerance: float

    @property
    def max_error(self) -> float:
        return max(self.errors.values()) if self.errors else 0.0

    @property
    def passed(self) -> bool:
        return self.max_error < self.tolerance


def _freeze(model: Model, frozen: bool):
    for layer in model.layers:
        layer.freeze_randomness(frozen)


def check_objective(objective: Objective, x, target, eps: float = 1e-6,
                    max_coords: int = 40, seed: int = 0,
                    tolerance: float = TOLERANCE) -> GradCheckResult:
    """Check every parameter's gradient of ``objective`` on one batch (float64 CPU model).

    At most ``max_coords`` randomly chosen entries of each parameter are perturbed, so
    large networks check in seconds.
    """
    model = objective.model
    rng = np.random.default_rng(seed)
    _freeze(model, False)
    objective.loss_and_grad(x, target)  # draws the dropout masks
    _freeze(model, True)
    try:
        objective.loss_and_grad(x, target)
        analytic = {n: np.array(g, copy=True) for n, g in model.gradients().items()}

        def f():
            return float(objective.loss_value(x, target, training=True))

        errors = {}
        for name, p in model.parameters().items():
            idx = None if p.size <= max_coords else rng.choice(p.size, max_coords, replace=False)
            num = numeric_gradient(f, p, eps, idx).reshape(-1)
            ana = analytic[name].reshape(-1)
            if idx is not None:
                num, ana = num[idx], ana[idx]
            errors[name] = relative_error(num, ana)
    finally:
        _freeze(model, False)
    return GradCheckResult(errors, tolerance)


def check_layer(layer, x: np.ndarray, seed: int = 0, eps: float = 1e-6,
                tolerance: float = TOLERANCE) -> GradCheckResult:
    """Check one built layer (float64) with the scalar ``sum(forward(x) * w)``, w random."""
    rng = np.random.default_rng(seed)
    x = np.array(x, dtype=np.float64)
    layer.freeze_randomness(False)
    layer.forward(x, training=True)  # draws the random mask, if the layer has one
    layer.freeze_randomness(True)
    w = rng.standard_normal(layer.forward(x, training=True).shape)

    def f():
        return float((layer.forward(x, training=True) * w).sum())

    layer.forward(x, training=True)
    grad_in = layer.backward(w.copy())
    analytic = {n: np.array(g, copy=True) for n, g in layer.grads.items()}
    errors = {}
    if grad_in is not None:
        errors["input"] = relative_error(numeric_gradient(f, x, eps), grad_in)
    for name, p in layer.params.items():
        errors[name] = relative_error(numeric_gradient(f, p, eps), analytic[name])
    layer.freeze_randomness(False)
    return GradCheckResult(errors, tolerance)


def check_network(layers, loss, x: np.ndarray, y: np.ndarray, seed: int = 0,
                  max_coords: int = 40, input_shape=None) -> GradCheckResult:
    """Build ``layers`` in float64 on the CPU and check the whole network on ``(x, y)``.

    ``input_shape`` is the per-sample shape (default ``x.shape[1:]``: flat rows, or images
    when ``x`` is ``(N, C, H, W)``).
    """
    backend = get_backend("cpu", "float64")
    model = Model(layers, tuple(x.shape[1:]) if input_shape is None else input_shape,
                  backend, seed=seed)
    objective = Objective(model, loss)
    target = objective.prepare_target(y)
    return check_objective(objective, backend.asarray(x), target, max_coords=max_coords, seed=seed)


def check_experiment(experiment: dict, x, y, rows: int = ROWS, max_coords: int = MAX_COORDS,
                     random_rows: bool = False, input_shape=None) -> GradCheckResult:
    """Check the network of a normalized ``experiment`` as initialized from its seed.

    Parameters
    ----------
    experiment : dict
        Its layers, loss and ``training.seed`` are used.
    x, y : array
        Training inputs ``(N, F)`` and targets (host arrays).
    rows : int
        Rows checked: the first ones, or with ``random_rows`` a choice drawn with seed 0.
    max_coords : int
        Entries perturbed per parameter.
    input_shape : tuple, optional
        The per-sample shape of the rows of ``x`` (images: ``(C, H, W)``).
    """
    x, y = _rows(x, y, rows, random_rows)
    return check_network(experiment["model"]["layers"], experiment["loss"],
                         np.asarray(x, dtype=np.float64), y,
                         seed=experiment["training"]["seed"], max_coords=max_coords,
                         input_shape=input_shape)


def check_with_weights(experiment: dict, weights: dict, x, y, rows: int = ROWS,
                       max_coords: int = MAX_COORDS, input_shape=None) -> GradCheckResult:
    """Check the network of ``experiment`` with ``weights`` (a state dict, e.g. the latest of
    a run) on its first ``rows`` rows of ``x, y``, in float64 on the CPU."""
    x, y = _rows(x, y, rows, False)
    backend = get_backend("cpu", "float64")
    model = Model(experiment["model"]["layers"],
                  tuple(x.shape[1:]) if input_shape is None else input_shape, backend,
                  seed=experiment["training"]["seed"])
    model.load_state_dict({k: np.asarray(v, dtype=np.float64) if np.asarray(v).dtype.kind == "f"
                           else v for k, v in weights.items()})
    objective = Objective(model, experiment["loss"])
    return check_objective(objective, backend.asarray(x), objective.prepare_target(y),
                           max_coords=max_coords)


def _rows(x, y, rows: int, random_rows: bool):
    x, y = np.asarray(x), np.asarray(y)
    if random_rows:
        pick = np.random.default_rng(0).choice(len(x), min(rows, len(x)), replace=False)
        return x[pick], y[pick]
    return x[:rows], y[:rows]
