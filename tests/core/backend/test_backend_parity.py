"""Fast paths against reference paths; CPU against GPU where a GPU exists.

Always run (NumPy): the fused CUDA kernel bodies, executed statement by statement on
NumPy arrays through the very code paths that call them on CuPy, give what the NumPy
calls give; the flat-array optimizer step equals the per-parameter step bit for bit;
reused layer buffers change no result; ``auto`` picks the CPU for small networks and
says why. With a GPU (the ``backend`` fixture then also yields ``"gpu"``): a short
training run and every optimizer agree with the CPU within float tolerance.
"""

from __future__ import annotations

import copy
import re

import numpy as np
import pytest

from core import experiment as exp
from core.backend import devices as backend_module
from core.backend import threads
from core.backend.devices import GPU_MIN_FLOPS_PER_STEP, GpuStatus, choose_backend, get_backend
from core.backend.gpu_kernels import ElementwiseSpec
from core.backend.threads import recommended_blas_threads
from core.nn.analysis.counting import flops_per_step
from core.nn.layers import activations as layers_module
from core.nn.model import Model, Objective
from core.optim import base as optim
from core.optim import flat_parameters
from core.optim import kernels as kernels_module
from core.training.events import EpochEvent
from core.training.trainer import Trainer
from tests.core.conftest import AVAILABLE_BACKENDS

# ---------------------------------------------------------------- kernel emulation

_FUNCTIONS = {"sqrt": np.sqrt, "tanh": np.tanh, "exp": np.exp, "max": np.maximum}


def _names(params: str) -> list[str]:
    return [p.split()[-1] for p in params.split(",")]


def emulate(spec: ElementwiseSpec):
    """A NumPy stand-in for ``cupy.ElementwiseKernel(spec...)``: same call convention.

    Inputs first, then (optional) output arrays, updated in place; returns the output
    (or a tuple of them). The body is run statement by statement on whole arrays, which
    is what an element-wise kernel computes element by element.
    """
    ins, outs = _names(spec.in_params), _names(spec.out_params)
    statements = [re.sub(r"^T\s+", "", st.strip())
                  for st in re.sub(r"\(T\)", "", spec.body).split(";") if st.strip()]

    def kernel(*args):
        assert len(args) in (len(ins), len(ins) + len(outs)), spec.name
        env = dict(_FUNCTIONS)
        env.update(zip(ins, args))
        like = next(a for a in args if isinstance(a, np.ndarray))
        given = list(args[len(ins):]) or [np.empty_like(like) for _ in outs]
        env.update(zip(outs, given))
        for statement in statements:
            name, expr = (s.strip() for s in statement.split("=", 1))
            env[name] = np.asarray(eval(expr, {"__builtins__": {}}, env), dtype=like.dtype)
        for name, array in zip(outs, given):
            array[...] = env[name]
        return given[0] if len(given) == 1 else tuple(given)

    return kernel


ALL_SPECS = {**{f"layers.{k}": v for k, v in layers_module.GPU_KERNELS.items()},
             **{f"optim.{k}": v for k, v in kernels_module.GPU_KERNELS.items()}}


@pytest.mark.parametrize("key", sorted(ALL_SPECS))
def test_kernel_bodies_use_only_what_cuda_and_the_emulator_share(key):
    spec = ALL_SPECS[key]
    declared = set(_names(spec.in_params)) | set(_names(spec.out_params))
    temps = set(re.findall(r"\bT\s+(\w+)\s*=", spec.body))
    words = set(re.findall(r"[A-Za-z_]\w*", spec.body)) - {"T"}
    assert words <= declared | temps | set(_FUNCTIONS), words - declared - temps
    assert not declared & {"i", "n"} and not any(w.startswith("_") for w in declared)
    assert spec.body.rstrip().endswith(";") and spec.name.startswith("nnwb_")
    for st in spec.body.split(";")[:-1]:  # every statement assigns something
        assert "=" in st, st


def _gpu_mode(obj, kernels):
    """Make a NumPy-built layer or optimizer take its CuPy code path, on emulated kernels."""
    obj.gpu = True
    obj.kernel = lambda name: emulate(kernels[name])
    return obj


ACTIVATIONS = [{"type": "relu"}, {"type": "leaky_relu", "alpha": 0.2}, {"type": "sigmoid"},
               {"type": "tanh"}]


@pytest.mark.parametrize("spec", ACTIVATIONS, ids=lambda s: s["type"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_fused_activation_kernels_equal_the_numpy_calls(spec, dtype):
    be = get_backend("cpu", dtype)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((7, 5)).astype(dtype) * 3
    x[0, :3] = [0.0, -0.0, 50.0]
    g = rng.standard_normal((7, 5)).astype(dtype)
    plain = Model([spec], 5, be).layers[0]
    fused = _gpu_mode(Model([spec], 5, be).layers[0], layers_module.GPU_KERNELS)
    y_plain, y_fused = plain.forward(x.copy(), training=True), fused.forward(x.copy(), True)
    np.testing.assert_allclose(y_fused, y_plain, rtol=2e-7 if dtype == "float32" else 1e-15)
    grad_plain, grad_fused = plain.backward(g.copy()), fused.backward(g.copy())
    np.testing.assert_allclose(grad_fused, grad_plain,
                               rtol=2e-7 if dtype == "float32" else 1e-15, atol=1e-30)


OPTIMIZERS = [
    {"type": "sgd", "lr": 0.1},
    {"type": "sgd", "lr": 0.1, "weight_decay": 0.01},
    {"type": "sgd", "lr": 0.05, "momentum": 0.9},
    {"type": "sgd", "lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01},
    {"type": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True},
    {"type": "rmsprop", "lr": 0.01},
    {"type": "rmsprop", "lr": 0.01, "momentum": 0.5, "weight_decay": 0.1},
    {"type": "rmsprop", "lr": 0.01, "centered": True},
    {"type": "adam", "lr": 0.01},
    {"type": "adam", "lr": 0.01, "weight_decay": 0.1, "amsgrad": True},
    {"type": "adamw", "lr": 0.01},
    {"type": "adamw", "lr": 0.01, "amsgrad": True},
    {"type": "adagrad", "lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.1,
     "initial_accumulator_value": 0.1},
]


def _problem(dtype, seed=0, shape=(4, 3)):
    rng = np.random.default_rng(seed)
    params = {"W": rng.standard_normal(shape).astype(dtype),
              "b": rng.standard_normal(shape[1]).astype(dtype)}
    grads = [{k: rng.standard_normal(v.shape).astype(dtype) for k, v in params.items()}
             for _ in range(12)]
    return params, grads


@pytest.mark.parametrize("spec", OPTIMIZERS, ids=lambda s: "-".join(map(str, s.values())))
def test_fused_optimizer_kernels_equal_the_numpy_calls(spec):
    params, grads = _problem(np.float64)
    reference = {k: v.copy() for k, v in params.items()}
    fused = _gpu_mode(optim.make_optimizer(spec, params), kernels_module.GPU_KERNELS)
    plain = optim.make_optimizer(spec, reference)
    for t, g in enumerate(grads, 1):
        fused.step(g)
        plain.step(g)
        if t == 6:
            fused.lr = plain.lr = spec["lr"] / 2  # a mid-run change reaches the kernel too
    for k in params:
        np.testing.assert_allclose(params[k], reference[k], rtol=1e-12, atol=1e-14)
    for key, value in plain.state["W"].items():
        if key not in ("s", "gw"):  # scratch buffers are not used by the kernels
            np.testing.assert_allclose(fused.state["W"][key], value, rtol=1e-12, atol=1e-14)


def _flat_problem(dtype, seed=0, shape=(4, 3)):
    """Parameters and gradients laid out as Model lays them out: views of flat arrays."""
    params, grads = _problem(dtype, seed, shape)
    flat_p = np.concatenate([p.ravel() for p in params.values()])
    views, offset = {}, 0
    for k, p in params.items():
        views[k] = flat_p[offset:offset + p.size].reshape(p.shape)
        offset += p.size
    flat_g = np.empty_like(flat_p)
    gviews, offset = {}, 0
    for k, p in params.items():
        gviews[k] = flat_g[offset:offset + p.size].reshape(p.shape)
        offset += p.size
    return views, gviews, grads


@pytest.mark.parametrize("spec", OPTIMIZERS, ids=lambda s: "-".join(map(str, s.values())))
def test_flat_optimizer_step_equals_per_parameter_steps_bit_for_bit(spec):
    views, gviews, grads = _flat_problem(np.float32)
    separate = {k: v.copy() for k, v in views.items()}
    shared = optim.make_optimizer(spec, views)
    single = optim.make_optimizer(spec, separate)
    for t, g in enumerate(grads, 1):
        for k in gviews:
            gviews[k][...] = g[k]
        shared.step(gviews)
        single.step({k: v.copy() for k, v in g.items()})
        if t == 1:
            assert shared._flat is not None, "the flat layout was not recognized"
    for k in views:
        np.testing.assert_array_equal(views[k], separate[k])
        for key, value in single.state[k].items():
            if key != "s":
                np.testing.assert_array_equal(shared.state[k][key], value, err_msg=key)
    assert shared.state["W"]["t"] == single.state["W"]["t"] == len(grads)


@pytest.mark.parametrize("spec", OPTIMIZERS, ids=lambda s: "-".join(map(str, s.values())))
def test_flat_optimizer_split_across_threads_is_bit_identical(spec, monkeypatch):
    monkeypatch.setattr(flat_parameters, "PARALLEL_MIN_SIZE", 64)  # the 1230 numbers get split
    views, gviews, grads = _flat_problem(np.float32, seed=2, shape=(40, 30))
    separate = {k: v.copy() for k, v in views.items()}
    threaded, single = optim.make_optimizer(spec, views), optim.make_optimizer(spec, separate)
    with threads.blas_threads(3):
        assert threads.engine_threads() == 3
        for g in grads:
            for k in gviews:
                gviews[k][...] = g[k]
            threaded.step(gviews)
            single.step({k: v.copy() for k, v in g.items()})
    assert threads.engine_threads() == 1  # restored
    parts = threaded._flat._slices  # made by the threaded steps, not here
    assert parts is not None and [part.params.size for part in parts] == [400, 416, 414]
    for k in views:
        np.testing.assert_array_equal(views[k], separate[k])


def test_flat_optimizer_falls_back_when_a_gradient_is_missing_and_stays_correct():
    spec = {"type": "adam", "lr": 0.01}
    views, gviews, grads = _flat_problem(np.float64)
    separate = {k: v.copy() for k, v in views.items()}
    shared, single = optim.make_optimizer(spec, views), optim.make_optimizer(spec, separate)
    for t, g in enumerate(grads, 1):
        for k in gviews:
            gviews[k][...] = g[k]
        given = {"W": gviews["W"]} if t == 4 else gviews
        shared.step(given)
        single.step({k: g[k].copy() for k in given})
    for k in views:
        np.testing.assert_array_equal(views[k], separate[k])
    assert shared.state["b"]["t"] == len(grads) - 1 and shared.state["W"]["t"] == len(grads)


def test_model_packs_parameters_and_gradients_into_flat_arrays():
    model = Model([{"type": "dense", "units": 4}, {"type": "prelu"},
                   {"type": "dense", "units": 2}], 3)
    params, grads = model.parameters(), model.gradients()
    total = sum(p.size for p in params.values())
    assert model.flat_parameters.size == total == 4 * 3 + 4 + 1 + 2 * 4 + 2
    assert all(np.shares_memory(p, model.flat_parameters) for p in params.values())
    assert all(np.shares_memory(g, model.flat_gradients) for g in grads.values())
    state = {k: v + 1 for k, v in model.state_dict().items()}
    model.load_state_dict(state)  # in place: the views stay views
    assert all(np.shares_memory(p, model.flat_parameters) for p in model.parameters().values())
    np.testing.assert_array_equal(model.parameters()["2.bias"], state["2.bias"])


def test_reused_buffers_change_no_result():
    layers = [{"type": "dense", "units": 16}, {"type": "relu"}, {"type": "dense", "units": 8},
              {"type": "tanh"}, {"type": "dense", "units": 3}, {"type": "softmax"}]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((10, 5)).astype(np.float32)
    y = rng.integers(0, 3, 10)
    results, x_before = [], x.copy()
    for reuse in (False, True):
        model = Model(layers, 5, seed=1)
        model.reuse_buffers = reuse
        objective = Objective(model, "cross_entropy")
        target = objective.prepare_target(y)
        values = []
        for _ in range(3):  # buffers are reused from the second pass on
            value, out = objective.loss_and_grad(x, target)
            values.append(float(value))
        results.append((values, out.copy(), {k: g.copy() for k, g in model.gradients().items()}))
        assert np.array_equal(x, x_before)  # no layer writes into its input
    assert results[0][0] == results[1][0]
    np.testing.assert_array_equal(results[0][1], results[1][1])
    for k in results[0][2]:
        np.testing.assert_array_equal(results[0][2][k], results[1][2][k])


def test_evaluation_outputs_are_fresh_arrays_even_with_reused_buffers():
    model = Model([{"type": "dense", "units": 4}, {"type": "relu"}], 3)
    model.reuse_buffers = True
    a = model.forward(np.ones((2, 3), np.float32), training=False)
    b = model.forward(np.full((2, 3), 2.0, np.float32), training=False)
    assert not np.shares_memory(a, b)


# ---------------------------------------------------------------- choosing the device

def test_flops_estimate_counts_three_products_per_dense_layer():
    layers = [{"type": "dense", "units": 1024}, {"type": "relu"}, {"type": "dense", "units": 1024},
              {"type": "relu"}, {"type": "dense", "units": 10}, {"type": "softmax"}]
    flops = flops_per_step(layers, 784, 256)
    assert flops == 2 * 256 * (784 * 1024 + 1024 * 1024 + 1024 * 10) * 3
    assert flops >= GPU_MIN_FLOPS_PER_STEP  # big enough for the GPU
    assert flops_per_step(layers[:1], 2, 32) < GPU_MIN_FLOPS_PER_STEP


class _FakeCupy:
    __name__ = "cupy"

    @staticmethod
    def dtype(name):
        return np.dtype(name)


def test_auto_keeps_small_networks_on_the_cpu_and_says_why(monkeypatch):
    monkeypatch.setattr(backend_module, "gpu_status", lambda: GpuStatus(_FakeCupy, ""))
    name, reason = choose_backend("auto", 2 * 32 * (2 * 8 + 8 * 8 + 8 * 2) * 3)
    assert name == "cpu" and "too small to gain from the GPU" in reason and "MFLOP" in reason
    be = get_backend("auto", "float32", flops_per_step=1e6)
    assert be.name == "cpu" and "too small to gain from the GPU" in be.reason
    big = get_backend("auto", "float32", flops_per_step=5e9)
    assert big.name == "gpu" and big.xp is _FakeCupy and "GPU chosen" in big.reason
    assert get_backend("gpu", "float32", flops_per_step=1.0).name == "gpu"  # asked for: obeyed
    assert get_backend("cpu", "float32", flops_per_step=5e9).reason == ""


def test_auto_without_a_gpu_names_what_is_missing(monkeypatch):
    monkeypatch.setattr(backend_module, "gpu_status",
                        lambda: GpuStatus(None, "CuPy is not installed"))
    choice = choose_backend("auto", 5e9)
    assert choice.name == "cpu" and choice.reason == "CPU chosen because CuPy is not installed"


def test_trainer_passes_its_flops_estimate_to_auto(monkeypatch):
    seen = {}

    def fake(name, dtype, flops_per_step=None):
        seen.update(name=name, flops=flops_per_step)
        return get_backend("cpu", dtype)
    monkeypatch.setattr("core.training.trainer.get_backend", fake)
    doc = exp.default_experiment()
    doc["data"]["samples"] = 100
    doc["training"].update(epochs=1, backend="auto", batch_size=10)
    trainer = Trainer(exp.normalize(doc))
    assert seen["name"] == "auto" and seen["flops"] == trainer.flops_per_step
    assert trainer.flops_per_step == 2 * 10 * (2 * 32 + 32 * 32 + 32 * 3) * 3


def test_blas_thread_policy():
    assert recommended_blas_threads(1e6, cores=2) == 1          # small: one thread
    assert recommended_blas_threads(None, cores=8) == 1
    assert recommended_blas_threads(3e9, cores=2) == 2          # large: every core
    assert recommended_blas_threads(3e9, cores=8) == 7          # ... but one for the GUI
    assert recommended_blas_threads(3e9, gui=False, cores=8) == 8
    assert recommended_blas_threads(3e9, cores=1) == 1


def test_set_blas_threads_returns_the_previous_size():
    previous = threads.set_blas_threads(1)
    try:
        assert previous is not None and previous >= 1
        assert threads.set_blas_threads(None) == 1  # None changes nothing
    finally:
        threads.set_blas_threads(previous)


def test_blas_threads_context_limits_and_restores():
    import threadpoolctl
    blas = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
    before = blas[0]["num_threads"]  # NumPy always loads a BLAS library
    with threads.blas_threads(1):
        inside = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
        assert inside[0]["num_threads"] == 1
    after = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
    assert after[0]["num_threads"] == before


# ---------------------------------------------------------------- CPU against GPU

def _short_run(backend: str):
    doc = exp.default_experiment()
    doc["data"]["samples"] = 200
    doc["training"].update(epochs=3, batch_size=16, backend=backend, dtype="float64")
    trainer = Trainer(exp.normalize(doc), snapshots=True)
    events = []
    trainer.run(events.append)
    return trainer, [e for e in events if isinstance(e, EpochEvent)]


def test_short_training_run_on_every_backend(backend):
    trainer, epochs = _short_run(backend)
    assert trainer.backend.name == backend
    assert len(epochs) == 3 and epochs[-1].train_loss < epochs[0].train_loss
    assert all(np.isfinite(s.grad_norm) and s.weight_norm > 0 for s in epochs[-1].layer_stats)
    if backend != "cpu":
        reference, ref_epochs = _short_run("cpu")
        for a, b in zip(epochs, ref_epochs):
            assert a.train_loss == pytest.approx(b.train_loss, rel=1e-9)
            assert a.val_metrics["accuracy"] == b.val_metrics["accuracy"]
        for name, value in reference.model.state_dict().items():
            np.testing.assert_allclose(trainer.model.state_dict()[name], value, rtol=1e-8,
                                       atol=1e-10)


if "gpu" in AVAILABLE_BACKENDS:  # defined only where a CUDA device answers (no skips)
    @pytest.mark.parametrize("spec", OPTIMIZERS, ids=lambda s: "-".join(map(str, s.values())))
    def test_optimizers_on_the_gpu_equal_the_cpu(spec):
        be = get_backend("gpu", "float32")
        params, grads = _problem(np.float32)
        device = {k: be.asarray(v) for k, v in params.items()}
        gpu = optim.make_optimizer(spec, device, xp=be.xp)
        cpu = optim.make_optimizer(spec, params)
        for g in grads:
            gpu.step({k: be.asarray(v) for k, v in g.items()})
            cpu.step(g)
        for k in params:
            np.testing.assert_allclose(be.to_host(device[k]), params[k], rtol=2e-5, atol=1e-6)

    @pytest.mark.parametrize("spec", ACTIVATIONS, ids=lambda s: s["type"])
    def test_fused_activations_on_the_gpu_equal_the_cpu(spec):
        gpu_be, cpu_be = get_backend("gpu", "float32"), get_backend("cpu", "float32")
        rng = np.random.default_rng(0)
        x = rng.standard_normal((64, 33)).astype(np.float32) * 3
        g = rng.standard_normal((64, 33)).astype(np.float32)
        on_gpu, on_cpu = Model([spec], 33, gpu_be).layers[0], Model([spec], 33, cpu_be).layers[0]
        np.testing.assert_allclose(gpu_be.to_host(on_gpu.forward(gpu_be.asarray(x), True)),
                                   on_cpu.forward(x, True), rtol=1e-6, atol=1e-7)
        np.testing.assert_allclose(gpu_be.to_host(on_gpu.backward(gpu_be.asarray(g))),
                                   on_cpu.backward(g.copy()), rtol=1e-6, atol=1e-7)


def test_trainer_gpu_branches_run_on_a_numpy_stand_in():
    """The trainer's device-side branches (one transfer per epoch for the statistics)
    give the CPU's results when the "gpu" backend is NumPy in disguise."""
    from core.backend.devices import Backend
    doc = exp.default_experiment()
    doc["data"]["samples"] = 200
    doc["training"].update(epochs=2, batch_size=16, dtype="float64")
    doc = exp.normalize(doc)
    runs = []
    for be in (get_backend("cpu", "float64"), Backend("gpu", np, np.dtype("float64"))):
        trainer = Trainer(copy.deepcopy(doc), backend=be)
        events = []
        trainer.run(events.append)
        runs.append([e for e in events if isinstance(e, EpochEvent)])
    for a, b in zip(*runs):
        assert a.train_loss == b.train_loss and a.val_loss == b.val_loss
        assert [s.grad_norm for s in a.layer_stats] == [s.grad_norm for s in b.layer_stats]


def test_batch_by_batch_gather_equals_the_whole_epoch_gather(monkeypatch):
    """Training sets too big to copy per epoch are gathered batch by batch: same result."""
    from core.training import epoch_batches
    doc = exp.default_experiment()
    doc["data"]["samples"] = 150  # 120 training rows: batches of 32, 32, 32, 24
    doc["training"].update(epochs=3, batch_size=32)
    doc = exp.normalize(doc)
    whole = Trainer(copy.deepcopy(doc))
    whole.run()
    monkeypatch.setattr(epoch_batches, "EPOCH_GATHER_MAX_BYTES", 0)
    by_batch = Trainer(copy.deepcopy(doc))
    assert not by_batch.batches.gather_epoch
    events = []
    by_batch.run(events.append)
    for name, value in whole.model.state_dict().items():
        np.testing.assert_array_equal(by_batch.model.state_dict()[name], value)
    accuracy = [e.train_metrics["accuracy"] for e in events if isinstance(e, EpochEvent)]
    assert len(accuracy) == 3 and all(0 < a <= 1 for a in accuracy)
