"""The fused CPU kernels (core.optim.cpu_kernels) against the NumPy path, and the fallback.

Stated tolerance: none. The kernels do the NumPy path's operations in the same order and
precision, so parameters and state must be bit-identical (``assert_array_equal``) on every
option combination, in float32 and float64, through learning-rate changes, the denormal
flush, the flat mode, the per-parameter mode and the threaded split. The golden tests in
test_optimizers.py run both paths against torch.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.backend import threads
from core.optim import base as optim
from core.optim import cpu_kernels, flat_parameters

needs_numba = pytest.mark.skipif(not cpu_kernels.AVAILABLE,
                                 reason="Numba is not installed: only the NumPy path exists")
ROOT = Path(__file__).resolve().parents[3]


def _combinations() -> list[dict]:
    """Every option combination of every optimizer (valid ones), lr chosen per type."""
    specs = []
    for momentum, dampening, nesterov, wd in itertools.product(
            (0.0, 0.9), (0.0, 0.3), (False, True), (0.0, 0.05)):
        if nesterov and (not momentum or dampening):
            continue
        specs.append({"type": "sgd", "lr": 0.05, "momentum": momentum, "dampening": dampening,
                      "nesterov": nesterov, "weight_decay": wd})
    for momentum, centered, wd in itertools.product((0.0, 0.5), (False, True), (0.0, 0.05)):
        specs.append({"type": "rmsprop", "lr": 0.01, "momentum": momentum,
                      "centered": centered, "weight_decay": wd})
    for kind, amsgrad, wd in itertools.product(("adam", "adamw"), (False, True), (0.0, 0.05)):
        specs.append({"type": kind, "lr": 0.01, "amsgrad": amsgrad, "weight_decay": wd})
    for wd, lr_decay, initial in itertools.product((0.0, 0.05), (0.0, 0.1), (0.0, 0.1)):
        specs.append({"type": "adagrad", "lr": 0.05, "weight_decay": wd, "lr_decay": lr_decay,
                      "initial_accumulator_value": initial})
    return specs


COMBINATIONS = _combinations()
STEPS = 2 * optim.FLUSH_EVERY + 5   # two denormal flushes


def _ident(spec: dict) -> str:
    return "-".join(f"{k}={v}" for k, v in spec.items() if k != "lr")


def _flat_views(sizes, dtype, fill):
    flat = fill(sum(int(np.prod(s)) for s in sizes)).astype(dtype)
    views, offset = {}, 0
    for i, shape in enumerate(sizes):
        n = int(np.prod(shape))
        views[f"p{i}"] = flat[offset:offset + n].reshape(shape)
        offset += n
    return views


def _gradient(rng, t: int, size: int, dtype) -> np.ndarray:
    """Noisy gradients; after step 40 the first quarter is exactly 0 (its decaying state
    passes through the denormal range, which the flush clears), and some entries are tiny
    (their squares are denormal)."""
    g = rng.standard_normal(size) * 0.1
    g[size // 2: size // 2 + 8] *= 1e-20
    if t > 40:
        g[: size // 4] = 0.0
    return g.astype(dtype)


def _run_both(spec, dtype, sizes=((40, 30), (30,), (10, 30), (10,)), flat=True):
    rng = np.random.default_rng(5)
    fill = lambda n: rng.uniform(-1, 1, n)  # noqa: E731
    first = _flat_views(sizes, dtype, fill)
    params = {"compiled": first, "numpy": {k: v.copy() for k, v in first.items()}}
    if flat:
        params["numpy"] = _flat_views(sizes, dtype, lambda n: np.concatenate(
            [v.ravel() for v in first.values()]))
    grads = {name: _flat_views(sizes, dtype, np.zeros) for name in params}
    fused = optim.make_optimizer(spec, params["compiled"])
    plain = optim.make_optimizer(spec, params["numpy"], compiled=False)
    assert fused.compiled is cpu_kernels and plain.compiled is None
    size = sum(v.size for v in first.values())
    for t in range(1, STEPS + 1):
        g = _gradient(rng, t, size, dtype)
        for name, opt in (("compiled", fused), ("numpy", plain)):
            offset = 0
            for view in grads[name].values():
                view.reshape(-1)[...] = g[offset:offset + view.size]
                offset += view.size
            given = grads[name] if flat else {k: v.copy() for k, v in grads[name].items()}
            opt.step(given)
        if t in (20, 90):  # a schedule's change, and a change to 0 (cosine's eta_min)
            fused.lr = plain.lr = spec["lr"] / 3 if t == 20 else 0.0
        if t == 95:
            fused.lr = plain.lr = spec["lr"]
    return fused, plain, params


def _assert_identical(fused, plain, params):
    for name in params["numpy"]:
        np.testing.assert_array_equal(params["compiled"][name], params["numpy"][name],
                                      err_msg=name, strict=True)
        for key, value in plain.state[name].items():
            if key not in ("s", "gw"):  # the NumPy path's scratch buffers
                np.testing.assert_array_equal(fused.state[name][key], value,
                                              err_msg=f"{name} {key}", strict=True)


@needs_numba
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("spec", COMBINATIONS, ids=_ident)
def test_fused_and_numpy_paths_are_bit_identical(spec, dtype):
    fused, plain, params = _run_both(spec, dtype)
    assert fused._flat is not None and plain._flat is not None  # both in the flat mode
    _assert_identical(fused, plain, params)
    start = np.random.default_rng(5).uniform(-1, 1, 1540).astype(dtype)
    assert np.count_nonzero(params["compiled"]["p0"].reshape(-1) != start[:1200]) > 1000


@needs_numba
@pytest.mark.parametrize("spec", [s for s in COMBINATIONS
                                  if s.get("momentum") or s["type"] != "sgd"][::3],
                         ids=_ident)
def test_per_parameter_steps_are_bit_identical_too(spec):
    """Separate arrays (no flat layout): each parameter goes through the kernel alone."""
    fused, plain, params = _run_both(spec, np.float32, flat=False)
    assert fused._flat is None
    _assert_identical(fused, plain, params)


@needs_numba
def test_the_denormal_flush_leaves_the_same_zeros():
    """SGD momentum 0.5 on a gradient that stops: the buffer decays through the denormal
    range in both paths and both flushes clear the same entries at the same step."""
    spec = {"type": "sgd", "lr": 0.1, "momentum": 0.5}
    params = {"w": np.ones(64, np.float32)}
    twin = {"w": np.ones(64, np.float32)}
    fused, plain = optim.make_optimizer(spec, params), optim.make_optimizer(spec, twin,
                                                                          compiled=False)
    g = np.geomspace(1e-30, 1.0, 64).astype(np.float32)
    zero = np.zeros(64, np.float32)
    tiny = np.finfo(np.float32).tiny
    denormal_seen = False
    for t in range(1, 2 * optim.FLUSH_EVERY + 1):
        for opt in (fused, plain):
            opt.step({"w": g if t == 1 else zero})
        buf = fused.state["w"]["buf"]
        denormal_seen |= bool(np.any((buf != 0) & (np.abs(buf) < tiny)))
        np.testing.assert_array_equal(buf, plain.state["w"]["buf"])
    assert denormal_seen and np.count_nonzero(fused.state["w"]["buf"]) < 64


@needs_numba
@pytest.mark.parametrize("spec", [{"type": "adam", "amsgrad": True},
                                  {"type": "rmsprop", "centered": True, "momentum": 0.5},
                                  {"type": "sgd", "momentum": 0.9, "nesterov": True},
                                  {"type": "adagrad"}], ids=lambda s: s["type"])
def test_nan_and_inf_spread_the_same_way(spec):
    """A gradient with inf and NaN: np.maximum's NaN rule, inf/inf and 0·inf agree."""
    a = {"w": np.linspace(-1, 1, 16)}
    b = {"w": a["w"].copy()}
    fused, plain = optim.make_optimizer(spec, a), optim.make_optimizer(spec, b, compiled=False)
    rng = np.random.default_rng(1)
    with np.errstate(all="ignore"):
        for t in range(6):
            g = rng.standard_normal(16)
            if t == 2:
                g[[3, 4, 5]] = [np.inf, -np.inf, np.nan]
            fused.step({"w": g})
            plain.step({"w": g.copy()})
    np.testing.assert_array_equal(a["w"], b["w"])
    assert np.isnan(a["w"]).any()


@needs_numba
def test_threaded_slices_use_the_kernel_and_stay_identical(monkeypatch):
    monkeypatch.setattr(flat_parameters, "PARALLEL_MIN_SIZE", 64)
    calls = []
    real = cpu_kernels.adam
    monkeypatch.setattr(cpu_kernels, "adam",
                        lambda p, *rest: (calls.append(p.size), real(p, *rest))[1])
    with threads.blas_threads(2):
        fused, plain, params = _run_both({"type": "adam", "lr": 0.01, "amsgrad": True},
                                         np.float32)
    _assert_identical(fused, plain, params)
    assert calls[0] == 1540 and set(calls[1:]) == {768, 772}  # whole first step, then halves


@needs_numba
@pytest.mark.parametrize("spec", COMBINATIONS[::2] + [
    {"type": "sgd", "lr": 1, "momentum": 1, "weight_decay": 0},   # whole numbers in JSON
    {"type": "adam", "lr": 1, "betas": [0, 0], "eps": 1, "weight_decay": 1},
    {"type": "rmsprop", "lr": 1, "alpha": 0, "momentum": 1, "eps": 1},
    {"type": "adagrad", "lr": 1, "lr_decay": 1, "eps": 1, "weight_decay": 1}], ids=_ident)
def test_the_kernel_is_ready_before_the_first_step(spec):
    """Building the optimizer compiles (or loads) its kernel; the steps then call exactly
    that machine code: no step compiles anything, whatever the options."""
    params = {"w": np.zeros((3, 4), np.float64), "b": np.zeros(3, np.float64)}
    opt = optim.make_optimizer(spec, params)
    kernel = cpu_kernels.kernel(opt.cpu_kernel)
    ready = list(kernel.signatures)
    assert any(str(sig[0].dtype) == "float64" for sig in ready)
    for _ in range(3):
        opt.step({"w": np.ones((3, 4)), "b": np.ones(3)})
    assert list(kernel.signatures) == ready


@needs_numba
def test_arrays_the_kernel_cannot_take_go_the_numpy_way():
    """A Fortran-ordered parameter cannot be viewed as 1-D: the NumPy path updates it."""
    p = {"w": np.asfortranarray(np.arange(12.0).reshape(3, 4))}
    q = {"w": p["w"].copy(order="F")}
    fused, plain = optim.make_optimizer("adam", p), optim.make_optimizer("adam", q,
                                                                        compiled=False)
    assert not cpu_kernels.usable(p["w"], p["w"])
    for _ in range(3):
        fused.step({"w": np.ones((3, 4))})
        plain.step({"w": np.ones((3, 4))})
    np.testing.assert_array_equal(p["w"], q["w"])
    assert np.all(p["w"] != np.arange(12.0).reshape(3, 4))


def _run_without_numba(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    prelude = "import sys; sys.modules['numba'] = None\n"  # makes 'import numba' fail
    return subprocess.run([sys.executable, "-c", prelude + code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_without_numba_the_numpy_path_runs_and_matches_the_golden_values():
    code = """
import numpy as np
import core.optim.base as base
import core.optim.cpu_kernels as cpu_kernels
from tests.core import golden
from tests.core.golden import golden_cases
assert not cpu_kernels.AVAILABLE and cpu_kernels.adam is None
cases, g = golden_cases("make_golden_optim"), golden.load("optim_schedules.npz")
for case in ("adam_amsgrad", "rmsprop_centered_momentum", "sgd_nesterov"):
    if case not in cases.OPTIMIZER_CASES:
        continue
    params = {"W": g["optim.init.W"].copy(), "b": g["optim.init.b"].copy()}
    opt = base.make_optimizer(cases.OPTIMIZER_CASES[case], params)
    assert opt.compiled is None
    for t in range(1, cases.STEPS + 1):
        opt.step({"W": g["optim.grads.W"][t - 1], "b": g["optim.grads.b"][t - 1]})
    np.testing.assert_allclose(params["W"], g[f"optim.{case}.step{cases.STEPS}.W"],
                               rtol=1e-10, atol=1e-12)
    print("ok", case)
try:
    base.make_optimizer("adam", params, compiled=True)
except ValueError as exc:
    print("refused:", exc)
"""
    done = _run_without_numba(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("ok ") >= 2, done.stdout
    assert "refused: compiled optimizer kernels need Numba, which is not installed" \
        in done.stdout


@needs_numba
def test_a_training_run_without_numba_equals_one_with_it():
    """The whole trainer, fallback against fused: bit-identical weights after two epochs."""
    run = """
from core import experiment as exp
from core.training.trainer import Trainer
doc = exp.default_experiment()
doc["data"]["samples"] = 120
doc["training"].update(epochs=2, batch_size=16, backend="cpu")
trainer = Trainer(exp.normalize(doc))
trainer.run()
"""
    namespace: dict = {}
    exec(run, namespace)  # the same text in both interpreters
    assert namespace["trainer"].optimizer.compiled is cpu_kernels
    done = _run_without_numba(run + "assert trainer.optimizer.compiled is None\n"
                              "print(trainer.model.flat_parameters.tobytes().hex())")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == namespace["trainer"].model.flat_parameters.tobytes().hex()
