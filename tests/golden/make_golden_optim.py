"""Generate golden reference values for optimizers and learning-rate schedules from PyTorch.

Run from the repository root::

    pip install torch==2.13.0
    python tests/golden/make_golden_optim.py

It writes ``tests/golden/optim_schedules.npz`` (float64 arrays only, no pickles). torch is
imported only inside :func:`main`, so the tests can import the case tables below (the one
source of the workbench specs) without torch.

Key layout
----------
Optimizers: two parameters, ``W`` (4, 3) and ``b`` (3,), and 20 gradients, shared by all
cases (``b``'s gradient at step 8 is all zeros, and row 0 of ``W``'s gradient is zero from
step 15 on)::

    optim.init.W    (4, 3)      optim.init.b    (3,)
    optim.grads.W   (20, 4, 3)  optim.grads.b   (20, 3)
    optim.CASE.step1.{W,b}      parameters after step 1
    optim.CASE.step20.{W,b}     parameters after step 20
    optim.CASE.step10.{W,b}     (only the LR_CHANGES cases) after step 10

``CASE`` is a key of :data:`OPTIMIZER_CASES` (a workbench spec; the ``*_defaults`` cases
build the torch optimizer with no arguments but ``params``, checking the defaults) or of
:data:`LR_CHANGES` (the lr is set to a new value after step 10; state must survive).
torch runs with ``foreach=False`` (single-tensor code path).

Schedules, base lr 0.1, 30 epochs (``optimizer.step()`` then ``scheduler.step()`` per
epoch)::

    sched.metric      (30,)  the metric given to ReduceLROnPlateau at each epoch end
    sched.CASE.lr     (31,)  lr before epoch 1, then after each of the 30 steps

``CASE`` is a key of :data:`SCHEDULE_CASES`; in the ``*_set_lr`` cases the lr is set by hand
to ``SET_LR_VALUE`` after step ``SET_LR_EPOCH`` (the optimizer's param group is written, as
a user of torch would).
"""

from __future__ import annotations

import os
import sys
import tempfile

import numpy as np

OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim_schedules.npz")

STEPS = 20
SEED = 20240613

#: Case name -> workbench optimizer spec.
OPTIMIZER_CASES = {
    "sgd_defaults": {"type": "sgd"},
    "sgd_plain": {"type": "sgd", "lr": 0.1},
    "sgd_momentum": {"type": "sgd", "lr": 0.05, "momentum": 0.9},
    "sgd_momentum_dampening": {"type": "sgd", "lr": 0.05, "momentum": 0.9, "dampening": 0.3},
    "sgd_nesterov": {"type": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True},
    "sgd_weight_decay": {"type": "sgd", "lr": 0.1, "weight_decay": 0.05},
    "sgd_momentum_weight_decay": {"type": "sgd", "lr": 0.05, "momentum": 0.8,
                                  "weight_decay": 0.05},
    "sgd_nesterov_weight_decay": {"type": "sgd", "lr": 0.05, "momentum": 0.8,
                                  "nesterov": True, "weight_decay": 0.05},
    "rmsprop_defaults": {"type": "rmsprop"},
    "rmsprop_plain": {"type": "rmsprop", "lr": 0.02, "alpha": 0.9},
    "rmsprop_momentum": {"type": "rmsprop", "lr": 0.01, "momentum": 0.8},
    "rmsprop_centered": {"type": "rmsprop", "lr": 0.01, "centered": True},
    "rmsprop_centered_momentum": {"type": "rmsprop", "lr": 0.01, "alpha": 0.95,
                                  "centered": True, "momentum": 0.5},
    "rmsprop_weight_decay": {"type": "rmsprop", "lr": 0.01, "weight_decay": 0.1,
                             "eps": 1e-6},
    "adam_defaults": {"type": "adam"},
    "adam_plain": {"type": "adam", "lr": 0.01},
    "adam_betas_eps": {"type": "adam", "lr": 0.01, "betas": [0.8, 0.95], "eps": 1e-4},
    "adam_weight_decay": {"type": "adam", "lr": 0.01, "weight_decay": 0.1},
    "adam_amsgrad": {"type": "adam", "lr": 0.01, "amsgrad": True},
    "adamw_defaults": {"type": "adamw"},
    "adamw_plain": {"type": "adamw", "lr": 0.01, "weight_decay": 0.1},
    "adamw_amsgrad": {"type": "adamw", "lr": 0.01, "weight_decay": 0.1, "amsgrad": True},
    "adagrad_defaults": {"type": "adagrad"},
    "adagrad_plain": {"type": "adagrad", "lr": 0.1},
    "adagrad_lr_decay": {"type": "adagrad", "lr": 0.1, "lr_decay": 0.1},
    "adagrad_weight_decay": {"type": "adagrad", "lr": 0.1, "weight_decay": 0.1},
    "adagrad_initial_accumulator_value": {"type": "adagrad", "lr": 0.1,
                                          "initial_accumulator_value": 0.5},
}

#: Case name -> (workbench spec, lr set after step 10).
LR_CHANGES = {
    "adam_lr_change": ({"type": "adam", "lr": 0.01, "amsgrad": True}, 0.002),
    "sgd_momentum_lr_change": ({"type": "sgd", "lr": 0.05, "momentum": 0.9}, 0.2),
    "rmsprop_lr_change": ({"type": "rmsprop", "lr": 0.01, "centered": True,
                           "momentum": 0.5}, 0.03),
    "adagrad_lr_change": ({"type": "adagrad", "lr": 0.1, "lr_decay": 0.05}, 0.3),
}
LR_CHANGE_AFTER = 10

BASE_LR = 0.1
EPOCHS = 30
SET_LR_EPOCH = 12
SET_LR_VALUE = 0.07

#: Case name -> workbench schedule spec (``*_set_lr``: the lr is set by hand mid-run).
SCHEDULE_CASES = {
    "constant": {"type": "constant"},
    "step": {"type": "step", "step_size": 7, "gamma": 0.5},
    "step_defaults": {"type": "step", "step_size": 4},
    "exponential": {"type": "exponential", "gamma": 0.9},
    "cosine": {"type": "cosine", "T_max": 10, "eta_min": 0.001},
    "cosine_30": {"type": "cosine", "T_max": 30},
    "plateau": {"type": "reduce_on_plateau", "factor": 0.5, "patience": 2,
                "threshold": 0.01, "cooldown": 1, "min_lr": 0.004},
    "plateau_defaults": {"type": "reduce_on_plateau"},
    "plateau_patience0": {"type": "reduce_on_plateau", "patience": 0, "factor": 0.7},
    "plateau_max_abs": {"type": "reduce_on_plateau", "mode": "max", "threshold_mode": "abs",
                        "threshold": 0.02, "patience": 1, "factor": 0.5},
    "constant_set_lr": {"type": "constant"},
    "step_set_lr": {"type": "step", "step_size": 7, "gamma": 0.5},
    "exponential_set_lr": {"type": "exponential", "gamma": 0.9},
    "cosine_set_lr": {"type": "cosine", "T_max": 20, "eta_min": 0.001},
    "plateau_set_lr": {"type": "reduce_on_plateau", "factor": 0.5, "patience": 2,
                       "threshold": 0.01, "cooldown": 1},
}


def make_inputs() -> dict[str, np.ndarray]:
    """The shared initial parameters and gradients (float64)."""
    rng = np.random.default_rng(SEED)
    grads_w = rng.standard_normal((STEPS, 4, 3))
    grads_b = rng.standard_normal((STEPS, 3)) * np.linspace(2.0, 0.1, STEPS)[:, None]
    grads_b[7] = 0.0
    grads_w[14:, 0, :] = 0.0
    return {"optim.init.W": rng.uniform(-1, 1, (4, 3)), "optim.init.b": rng.uniform(-1, 1, 3),
            "optim.grads.W": grads_w, "optim.grads.b": grads_b}


def make_metric() -> np.ndarray:
    """A loss curve for ReduceLROnPlateau: falls, stalls (epochs 8-21), falls again, with
    noise and exact ties (a tie is not an improvement)."""
    rng = np.random.default_rng(SEED + 1)
    e = np.arange(EPOCHS)
    metric = 1.0 / (1.0 + 0.2 * e) + 0.003 * rng.standard_normal(EPOCHS)
    metric[8:22] = metric[7] + 0.004 * np.abs(rng.standard_normal(14))
    metric[22:] = metric[7] * (1.0 - 0.03 * np.arange(1, EPOCHS - 21))
    metric[[11, 12]] = metric[10]
    metric[25] = metric[24]
    return metric


def torch_optimizer(spec: dict, params):
    """The torch optimizer for a workbench spec (no defaults filled in: torch's own apply)."""
    import torch
    kind = spec["type"]
    kwargs = {k: (tuple(v) if isinstance(v, list) else v) for k, v in spec.items() if k != "type"}
    cls = {"sgd": torch.optim.SGD, "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam,
           "adamw": torch.optim.AdamW, "adagrad": torch.optim.Adagrad}[kind]
    return cls(params, foreach=False, **kwargs)


def torch_schedule(spec: dict, optimizer):
    import torch
    sch = torch.optim.lr_scheduler
    kind = spec["type"]
    kw = {k: v for k, v in spec.items() if k != "type"}
    if kind == "constant":
        return sch.MultiplicativeLR(optimizer, lambda epoch: 1.0)  # chainable, like ours
    if kind == "step":
        return sch.StepLR(optimizer, **kw)
    if kind == "exponential":
        return sch.ExponentialLR(optimizer, **kw)
    if kind == "cosine":
        return sch.CosineAnnealingLR(optimizer, **kw)
    return sch.ReduceLROnPlateau(optimizer, **kw)


def run_optimizer(spec, inputs, lr_change=None):
    """Parameters after steps 1, 10 and 20 as float64 arrays."""
    import torch
    w = torch.tensor(inputs["optim.init.W"], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(inputs["optim.init.b"], dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(spec, [w, b])
    out = {}
    for t in range(1, STEPS + 1):
        w.grad = torch.tensor(inputs["optim.grads.W"][t - 1], dtype=torch.float64)
        b.grad = torch.tensor(inputs["optim.grads.b"][t - 1], dtype=torch.float64)
        opt.step()
        if t in (1, LR_CHANGE_AFTER, STEPS):
            out[t] = (w.detach().numpy().copy(), b.detach().numpy().copy())
        if lr_change is not None and t == LR_CHANGE_AFTER:
            for group in opt.param_groups:
                group["lr"] = lr_change
    return out


def run_schedule(name, spec, metric):
    import torch
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=BASE_LR)
    sched = torch_schedule(spec, opt)
    lrs = [opt.param_groups[0]["lr"]]
    for epoch in range(1, EPOCHS + 1):
        opt.step()
        if spec["type"] == "reduce_on_plateau":
            sched.step(float(metric[epoch - 1]))
        else:
            sched.step()
        if name.endswith("_set_lr") and epoch == SET_LR_EPOCH:
            opt.param_groups[0]["lr"] = SET_LR_VALUE
        lrs.append(opt.param_groups[0]["lr"])
    return np.array(lrs, dtype=np.float64)


def main() -> int:
    import torch
    torch.use_deterministic_algorithms(True)
    print(f"torch {torch.__version__}, numpy {np.__version__}")
    arrays = dict(make_inputs())
    cases = {name: (spec, None) for name, spec in OPTIMIZER_CASES.items()}
    cases.update(LR_CHANGES)
    for name, (spec, lr_change) in cases.items():
        out = run_optimizer(spec, arrays, lr_change)
        steps = (1, LR_CHANGE_AFTER, STEPS) if lr_change is not None else (1, STEPS)
        for t in steps:
            arrays[f"optim.{name}.step{t}.W"], arrays[f"optim.{name}.step{t}.b"] = out[t]
    metric = make_metric()
    arrays["sched.metric"] = metric
    for name, spec in SCHEDULE_CASES.items():
        arrays[f"sched.{name}.lr"] = run_schedule(name, spec, metric)
    for key, value in arrays.items():
        value = np.asarray(value, dtype=np.float64)
        if not np.all(np.isfinite(value)):
            print(f"non-finite value in {key}", file=sys.stderr)
            return 1
        arrays[key] = value
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(OUT_PATH), suffix=".npz")
    os.close(fd)
    try:
        np.savez(tmp, **arrays)
        os.chmod(tmp, 0o644)  # mkstemp makes it private
        os.replace(tmp, OUT_PATH)
    except BaseException:
        os.unlink(tmp)
        raise
    print(f"wrote {len(arrays)} arrays to {OUT_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
