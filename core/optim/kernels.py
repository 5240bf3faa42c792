"""The optimizers' fused CuPy kernels: one kernel per update instead of ~10 launches.

The scalars are those the NumPy path computes in Python (with the unscaled state described
in :mod:`core.optim.base`), and each body does, element by element, what the NumPy calls
do. ``tests/core/backend/test_backend_parity.py`` runs the same text on NumPy arrays.
"""

from __future__ import annotations

from core.backend.gpu_kernels import ElementwiseSpec

#: Used only when ``xp`` is cupy, by name (:meth:`core.optim.base.Optimizer.kernel`).
GPU_KERNELS = {
    # θ ← θ + nlr·(g + wd·θ)
    "sgd": ElementwiseSpec("nnwb_sgd", "T g, T wd, T nlr", "T p",
                           "p = p + (g + wd * p) * nlr;"),
    # b ← μ·b + damp·d;  θ ← θ + nd·d + nb·b  (first step: μ = 0, damp = 1)
    "sgd_momentum": ElementwiseSpec(
        "nnwb_sgd_momentum", "T g, T wd, T mu, T damp, T nd, T nb", "T p, T buf",
        "T d = g + wd * p; buf = buf * mu + d * damp; p = p + d * nd + buf * nb;"),
    # v' ← α·v' + g²;  s ← g/(√v' + eps');  (b' ← μ·b' + s; s ← b');  θ ← θ + nlr·s
    "rmsprop": ElementwiseSpec(
        "nnwb_rmsprop", "T g, T wd, T alpha, T eps, T nlr", "T p, T v",
        "T d = g + wd * p; v = v * alpha + d * d; p = p + d / (sqrt(v) + eps) * nlr;"),
    "rmsprop_momentum": ElementwiseSpec(
        "nnwb_rmsprop_momentum", "T g, T wd, T alpha, T eps, T mu, T nlr", "T p, T v, T buf",
        "T d = g + wd * p; v = v * alpha + d * d; buf = buf * mu + d / (sqrt(v) + eps); "
        "p = p + buf * nlr;"),
    # m' ← β1·m' + d;  v' ← β2·v' + d²;  θ ← decay·θ + step·m'/(√v' + eps')
    "adam": ElementwiseSpec(
        "nnwb_adam", "T g, T wd, T decay, T b1, T b2, T eps, T step", "T p, T m, T v",
        "T d = g + wd * p; p = p * decay; m = m * b1 + d; v = v * b2 + d * d; "
        "p = p + m / (sqrt(v) + eps) * step;"),
    "adam_amsgrad": ElementwiseSpec(
        "nnwb_adam_amsgrad", "T g, T wd, T decay, T b1, T b2, T eps, T step",
        "T p, T m, T v, T vmax",
        "T d = g + wd * p; p = p * decay; m = m * b1 + d; v = v * b2 + d * d; "
        "vmax = max(vmax, v); p = p + m / (sqrt(vmax) + eps) * step;"),
    # S ← S + d²;  θ ← θ + nclr·d/(√S + eps)
    "adagrad": ElementwiseSpec(
        "nnwb_adagrad", "T g, T wd, T eps, T nclr", "T p, T acc",
        "T d = g + wd * p; acc = acc + d * d; p = p + d / (sqrt(acc) + eps) * nclr;"),
}
