#!/usr/bin/env python3
"""Speed of the convolution and pooling arrays on LeNet, beside PyTorch CPU and the bare GEMMs.

The network (issue 13): 28×28 inputs, conv 6@5×5 (padding 2, as LeNet-5 on MNIST in
d2l.ai: 28×28 → 28×28) → ReLU → max-pool 2 → conv 16@5×5 → ReLU → max-pool 2 (16×5×5),
batch 64, float32; and the whole step with the dense tail 400 → 120 → 84 → 10 (ReLU,
softmax cross-entropy). Without the padding the tail would start at 256, not 400. One step is a forward and a backward pass: every
parameter gradient, no input gradient for the first layer, no optimizer update (the
dense part's optimizer is measured by ``benchmarks/mlp.py``). Columns, all from this run:

* ``engine``: :mod:`core.nn.ops.convolution` and :mod:`core.nn.ops.pooling` with a workspace per layer
  (as the layer classes will call them); ReLU as two NumPy calls each way into buffers
  made with ``empty_like`` (which keeps the ops' batch-last layout); flatten as
  ``reshape``; the dense tail as plain matrix products into preallocated arrays;
* ``torch``: PyTorch CPU (when importable) on the same weights and batch:
  ``nn.Conv2d``/``nn.MaxPool2d``/``nn.Linear``, ``backward()`` on the same upstream
  gradient (conv part) or on ``F.cross_entropy`` (whole step);
* ``ceiling``: only the matrix products these ops must do, into preallocated arrays, each
  timed in its best form (one product, or the engine's column blocks, or for weight
  gradients the transposed orientation): the strict bound on what im2col can reach.

A third row, ``training step (Adam)``, is what the trainer runs: the network built from the
layer classes (:class:`core.nn.model.Model`: conv2d, relu, max_pool2d, flatten, dense,
softmax fused into cross-entropy, ``reuse_buffers`` on) plus an Adam update of every
parameter (:mod:`core.optim.adam`), against ``torch.optim.Adam`` (``foreach``) after the same
forward and backward; its ceiling column is the whole step's products alone.

The figure of each column is the median of ``--repeat`` timings of ``--steps`` steps;
engine, torch and ceiling take turns, repeat by repeat, so a slow spell on the machine
hits all of them alike. ``engine/torch`` above 1 means the engine is faster. Then a table
says where the engine's time goes, call by call, with each convolution split into its
im2col copy, its products and the rest (bias, gradient layout, col2im), and, with torch,
torch's own operators (``torch.profiler``).

Usage (torch lives in its own environment; the engine runs in the same process)::

    PYTHONPATH=. /work/torchenv/bin/python benchmarks/conv.py     # engine, torch, ceiling
    python3 benchmarks/conv.py                  # without torch: engine and ceiling
    python3 benchmarks/conv.py --threads 2      # BLAS/torch threads (default 1)
    python3 benchmarks/conv.py --quick          # a smoke test

Not run by CI; it never asserts a speed. It checks that the engine and torch compute the
same gradients (float32 tolerance) before timing them.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.mlp import load_average, machine_lines, table  # noqa: E402
from core.backend.threads import blas_threads  # noqa: E402
from core.nn.ops import convolution as conv_ops  # noqa: E402
from core.nn.ops.batch_last import padded_batch_last  # noqa: E402
from core.nn.ops.convolution import (  # noqa: E402
    conv2d_backward,
    conv2d_flops,
    conv2d_forward,
    conv2d_geometry,
    conv2d_output_shape,
)
from core.nn.ops.pooling import max_pool2d_backward, max_pool2d_forward, pool2d_flops  # noqa: E402

BATCH, SEED = 64, 0
CONVS = (("conv1", 1, 6, 28, 2), ("conv2", 6, 16, 14, 0))  # name, in, filters, size, padding
DENSE = (400, 120, 84, 10)


def make_weights(rng) -> dict[str, np.ndarray]:
    """PyTorch's default initialization: U(±1/sqrt(fan_in)) for weights and biases."""
    w = {}
    for name, c, f, _, _ in CONVS:
        bound = 1 / np.sqrt(c * 25)
        w[name + ".weight"] = rng.uniform(-bound, bound, (f, c, 5, 5))
        w[name + ".bias"] = rng.uniform(-bound, bound, f)
    for i, (a, b) in enumerate(itertools.pairwise(DENSE)):
        bound = 1 / np.sqrt(a)
        w[f"fc{i + 1}.weight"] = rng.uniform(-bound, bound, (b, a))
        w[f"fc{i + 1}.bias"] = rng.uniform(-bound, bound, b)
    return {k: v.astype(np.float32) for k, v in w.items()}


# ---------------------------------------------------------------------------- engine

class Engine:
    """LeNet on the array ops, one workspace per layer, buffers kept between steps."""

    def __init__(self, weights, x, labels, upstream):
        self.w = weights
        self.x, self.labels, self.upstream = x, labels, upstream
        self.grads = {k: np.empty_like(v) for k, v in weights.items()}
        self.ws = {name: {} for name in ("conv1", "pool1", "conv2", "pool2")}
        self.buf: dict = {}
        self.onehot = np.zeros((BATCH, DENSE[-1]), np.float32)
        self.onehot[np.arange(BATCH), labels] = 1

    def _like(self, key, a, dtype=None):
        b = self.buf.get(key)
        if b is None:
            b = self.buf[key] = np.empty_like(a, dtype=dtype)
        return b

    def step(self, whole: bool, clock=None):
        """Forward and backward; ``clock(name)`` (a context manager) times each call."""
        t = clock or (lambda name: contextlib.nullcontext())
        w, g, ws = self.w, self.grads, self.ws
        relu = {}
        h = self.x
        for i, (name, _, _, _, padding) in enumerate(CONVS):
            with t(f"{name} forward"):
                y, cache = conv2d_forward(np, h, w[name + ".weight"], w[name + ".bias"],
                                          padding=padding, workspace=ws[name])
            with t(f"relu{i + 1} forward"):
                r = np.maximum(y, 0, out=self._like(f"relu{i}", y))
                relu[name] = (cache, r)
            with t(f"pool{i + 1} forward"):
                h, pcache = max_pool2d_forward(np, r, 2, workspace=ws[f"pool{i + 1}"])
                relu[name] += (pcache,)
        if whole:
            grad = self._dense(h, t)
        else:
            grad = self.upstream
        for i, (name, *_rest) in reversed(list(enumerate(CONVS))):
            cache, r, pcache = relu[name]
            with t(f"pool{i + 1} backward"):
                grad = max_pool2d_backward(np, grad, pcache, workspace=ws[f"pool{i + 1}"])
            with t(f"relu{i + 1} backward"):
                m = np.greater(r, 0, out=self._like(f"mask{i}", r, bool))
                grad = np.multiply(grad, m, out=grad)
            with t(f"{name} backward"):
                grad, _, _ = conv2d_backward(np, grad, cache, w[name + ".weight"],
                                             g[name + ".weight"], g[name + ".bias"],
                                             need_input_grad=i > 0, workspace=ws[name])
        return g

    def _dense(self, h, t):
        w, g, b = self.w, self.grads, self.buf
        with t("flatten + dense forward"):
            a = [h.reshape(BATCH, DENSE[0])]            # a copy: the pooling is batch-last
            for i in range(3):
                key = f"fc{i + 1}"
                z = np.matmul(a[-1], w[key + ".weight"].T,
                              out=b.setdefault(key, np.empty((BATCH, DENSE[i + 1]), np.float32)))
                z += w[key + ".bias"]
                if i < 2:
                    np.maximum(z, 0, out=z)
                a.append(z)
        with t("softmax cross-entropy"):
            z = a[-1]
            p = np.subtract(z, z.max(axis=1, keepdims=True), out=b.setdefault("p", np.empty_like(z)))
            np.exp(p, out=p)
            p /= p.sum(axis=1, keepdims=True)
            p -= self.onehot
            p *= 1.0 / BATCH
        with t("dense backward"):
            d = p
            ones = b.setdefault("ones", np.ones(BATCH, np.float32))
            for i in reversed(range(3)):
                key = f"fc{i + 1}"
                np.matmul(d.T, a[i], out=g[key + ".weight"])
                np.matmul(ones, d, out=g[key + ".bias"])
                dx = np.matmul(d, w[key + ".weight"],
                               out=b.setdefault(key + ".dx", np.empty((BATCH, DENSE[i]), np.float32)))
                if i > 0:
                    dx *= a[i] > 0
                d = dx
        return d.reshape(BATCH, 16, 5, 5)


# ---------------------------------------------------------------------------- torch

class Torch:
    """The same network in PyTorch on the same weights and batch."""

    def __init__(self, weights, x, labels, upstream):
        import torch
        from torch import nn
        self.torch = torch
        self.features = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2))
        self.tail = nn.Sequential(nn.Flatten(), nn.Linear(400, 120), nn.ReLU(),
                                  nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
        with torch.no_grad():
            for module, name in ((self.features[0], "conv1"), (self.features[3], "conv2"),
                                 (self.tail[1], "fc1"), (self.tail[3], "fc2"), (self.tail[5], "fc3")):
                module.weight.copy_(torch.from_numpy(weights[name + ".weight"]))
                module.bias.copy_(torch.from_numpy(weights[name + ".bias"]))
        self.x = torch.from_numpy(x)
        self.labels = torch.from_numpy(labels.astype(np.int64))
        self.upstream = torch.from_numpy(np.ascontiguousarray(upstream))
        self.params = list(self.features.parameters()) + list(self.tail.parameters())

    def step(self, whole: bool):
        for p in self.params:
            p.grad = None
        h = self.features(self.x)
        if whole:
            self.torch.nn.functional.cross_entropy(self.tail(h), self.labels).backward()
        else:
            h.backward(self.upstream)

    def grads(self) -> dict[str, np.ndarray]:
        names = ["conv1", "conv2", "fc1", "fc2", "fc3"]
        mods = [self.features[0], self.features[3], self.tail[1], self.tail[3], self.tail[5]]
        out = {}
        for name, m in zip(names, mods):
            if m.weight.grad is not None:
                out[name + ".weight"] = m.weight.grad.numpy().copy()
                out[name + ".bias"] = m.bias.grad.numpy().copy()
        return out


# ---------------------------------------------------------------------------- layer classes

#: The state_dict index of each of the benchmark's named layers in LAYER_SPECS.
LAYER_INDEX = {"conv1": 0, "conv2": 3, "fc1": 7, "fc2": 9, "fc3": 11}
LAYER_SPECS = [
    {"type": "conv2d", "filters": 6, "kernel_size": 5, "padding": 2}, {"type": "relu"},
    {"type": "max_pool2d", "pool_size": 2},
    {"type": "conv2d", "filters": 16, "kernel_size": 5}, {"type": "relu"},
    {"type": "max_pool2d", "pool_size": 2}, {"type": "flatten"},
    {"type": "dense", "units": 120}, {"type": "relu"}, {"type": "dense", "units": 84},
    {"type": "relu"}, {"type": "dense", "units": 10}, {"type": "softmax"}]


class Layers:
    """The network as the trainer runs it: the layer classes, fused loss, Adam."""

    def __init__(self, weights, x, labels):
        from core.backend.devices import get_backend
        from core.nn.model import Model, Objective
        from core.optim.base import make_optimizer
        self.model = Model(LAYER_SPECS, (1, 28, 28), get_backend("cpu", "float32"))
        self.model.load_state_dict({f"{LAYER_INDEX[k.split('.')[0]]}.{k.split('.')[1]}": v
                                    for k, v in weights.items()})
        self.model.reuse_buffers = True
        self.objective = Objective(self.model, "cross_entropy")
        self.optimizer = make_optimizer({"type": "adam"}, self.model.parameters(), xp=np)
        self.grads = self.model.gradients()
        self.x, self.target = x, self.objective.prepare_target(labels)

    def step(self, whole: bool = True):
        self.objective.loss_and_grad(self.x, self.target)
        self.optimizer.step(self.grads)


class TorchAdam:
    """PyTorch on the same weights and batch, with ``torch.optim.Adam``."""

    def __init__(self, weights, x, labels, upstream):
        self.inner = Torch(weights, x, labels, upstream)
        self.optimizer = self.inner.torch.optim.Adam(self.inner.params, lr=1e-3)

    def step(self, whole: bool = True):
        self.optimizer.zero_grad(set_to_none=True)
        self.inner.step(True)
        self.optimizer.step()


# ---------------------------------------------------------------------------- ceiling

def products() -> list[tuple[str, str, tuple, tuple, int]]:
    """(call, product, A shape, B shape, engine's column blocks) of one whole step."""
    out = []
    for name, c, f, size, padding in CONVS:
        g = conv2d_geometry((BATCH, c, size, size), (f, c, 5, 5), 1, padding)
        blocks = conv_ops.gemm_blocks(np, g.f, g.rows, g.columns)
        out.append((name, "forward W·cols", (g.f, g.rows), (g.rows, g.columns), blocks))
        out.append((name, "weight grad", (g.f, g.columns), (g.columns, g.rows), blocks))
        if name != "conv1":
            out.append((name, "cols grad Wᵀ·dY", (g.rows, g.f), (g.f, g.columns), blocks))
    for i, (a, b) in enumerate(itertools.pairwise(DENSE)):
        out.append((f"fc{i + 1}", "forward", (BATCH, a), (a, b), 1))
        out.append((f"fc{i + 1}", "weight grad", (b, BATCH), (BATCH, a), 1))
        out.append((f"fc{i + 1}", "input grad", (BATCH, b), (b, a), 1))
    return out


def product_forms(a_shape, b_shape, blocks, rng):
    """Callables computing the product in each form the ceiling may take."""
    a = rng.standard_normal(a_shape).astype(np.float32)
    b = rng.standard_normal(b_shape).astype(np.float32)
    out = np.empty((a_shape[0], b_shape[1]), np.float32)
    forms = {"one": lambda: np.matmul(a, b, out=out)}
    if blocks > 1 and b_shape[1] % blocks == 0:        # column blocks (forward, cols grad)
        bb = conv_ops._column_blocks(b, blocks)
        ob = conv_ops._column_blocks(out, blocks)
        forms["blocks"] = lambda: np.matmul(a, bb, out=ob)
    if blocks > 1 and a_shape[1] % blocks == 0 and b_shape[1] < a_shape[0] * 40:  # K blocks
        k = a_shape[1] // blocks
        ak = a.reshape(a_shape[0], blocks, k).transpose(1, 0, 2)
        bk = b.reshape(blocks, k, b_shape[1])
        part = np.empty((blocks,) + out.shape, np.float32)
        forms["K blocks"] = lambda: np.sum(np.matmul(ak, bk, out=part), axis=0, out=out)
    bt, at = np.ascontiguousarray(b.T), np.ascontiguousarray(a.T)
    out_t = np.empty(out.shape[::-1], np.float32)
    forms["transposed"] = lambda: np.matmul(bt, at, out=out_t)   # (AB)ᵀ = BᵀAᵀ
    return forms


def best_time(f, repeat=15, inner=5) -> float:
    f()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(inner):
            f()
        best = min(best, (time.perf_counter() - t0) / inner)
    return best


class Ceiling:
    """Every product of a step in its fastest form, run back to back."""

    def __init__(self, whole: bool, rng):
        self.calls = []
        self.report = []
        for call, what, a, b, blocks in products():
            if not whole and call.startswith("fc"):
                continue
            forms = product_forms(a, b, blocks, rng)
            times = {name: best_time(f) for name, f in forms.items()}
            best = min(times, key=times.get)
            self.calls.append(forms[best])
            self.report.append((call, what, a, b, times, best))

    def step(self, whole=None):
        for f in self.calls:
            f()


def step_flops(whole: bool) -> int:
    """Floating-point operations of one step (conv1 computes no input gradient)."""
    total = 0
    for i, (_, c, f, size, padding) in enumerate(CONVS):
        total += conv2d_flops((c, size, size), f, 5, 1, padding, BATCH).step(input_grad=i > 0)
        _, ho, wo = conv2d_output_shape((c, size, size), f, 5, 1, padding)
        total += pool2d_flops((f, ho, wo), 2, batch=BATCH).step()
    if whole:
        total += sum(3 * 2 * BATCH * a * b for a, b in itertools.pairwise(DENSE))
    return total


# ---------------------------------------------------------------------------- measuring

def run_steps(runner, whole, steps) -> float:
    t0 = time.perf_counter()
    for _ in range(steps):
        runner.step(whole)
    return (time.perf_counter() - t0) / steps


def measure(runners: dict, whole: bool, steps: int, repeat: int) -> dict:
    times = {name: [] for name in runners}
    for r in runners.values():
        run_steps(r, whole, 3)
    for _ in range(repeat):
        for name, r in runners.items():
            times[name].append(run_steps(r, whole, steps))
    return {name: statistics.median(ts) for name, ts in times.items()}


def breakdown(engine: Engine, steps: int) -> dict[str, float]:
    """Median time of each call of a whole step, in seconds."""
    acc: dict[str, list] = {}

    @contextlib.contextmanager
    def clock(name):
        t0 = time.perf_counter()
        yield
        acc.setdefault(name, []).append(time.perf_counter() - t0)

    for _ in range(steps):
        engine.step(True, clock)
    return {name: statistics.median(ts) for name, ts in acc.items()}


def conv_parts(engine: Engine) -> dict[str, dict[str, float]]:
    """Each convolution's im2col copy, products and col2im, timed alone on its shapes."""
    return {spec[0]: _conv_parts(engine, *spec) for spec in CONVS}


def _conv_parts(engine: Engine, name, c, f, size, padding) -> dict[str, float]:
    ws = engine.ws[name]
    g = conv2d_geometry((BATCH, c, size, size), (f, c, 5, 5), 1, padding)
    x = engine.x if name == "conv1" else ws_input(engine, name)
    cols = ws["conv.cols"]

    def im2col():
        src = padded_batch_last(np, x, g.pads, 0, ws, "conv.x")
        tc, th, tw, tn = src.strides
        win = np.lib.stride_tricks.as_strided(
            src, (g.c, g.kh, g.kw, g.ho, g.wo, g.n), (tc, th, tw, th, tw, tn))
        np.copyto(cols.reshape(win.shape), win)

    blocks = conv_ops.gemm_blocks(np, g.f, g.rows, g.columns)
    y2 = ws["conv.y"].reshape(g.f, g.columns)
    w2 = engine.w[name + ".weight"].reshape(g.f, g.rows)
    dy = np.full((g.f, g.columns), 0.5, np.float32)
    part = ws["conv.dwt"]
    col_blocks = conv_ops._column_blocks(cols, blocks)
    dy_blocks = conv_ops._column_blocks(dy, blocks).transpose(0, 2, 1)
    parts = {"im2col copy": best_time(im2col),
             "forward product": best_time(
                 lambda: conv_ops._matmul_into_columns(np, w2, cols, y2, blocks)),
             "weight-grad product": best_time(
                 lambda: np.matmul(col_blocks, dy_blocks, out=part))}
    if "conv.dcols" in ws:
        dcols = ws["conv.dcols"]
        parts["cols-grad product"] = best_time(
            lambda: conv_ops._matmul_into_columns(np, w2.T, dy, dcols, blocks))
        parts["col2im"] = best_time(lambda: conv_ops._col2im(np, dcols, g, ws))
    return parts


def ws_input(engine: Engine, name: str):
    """The input conv2 saw in the last step (pool1's batch-last output)."""
    return engine.ws["pool1"]["maxpool.y"].transpose(3, 0, 1, 2)


def torch_profile(runner: Torch, steps: int) -> list[tuple[str, float, int]]:
    from torch.profiler import ProfilerActivity, profile
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(steps):
            runner.step(True)
    rows = [(e.key, e.self_cpu_time_total / steps / 1e3, e.count // steps)
            for e in prof.key_averages()]
    rows.sort(key=lambda r: -r[1])
    return [r for r in rows if r[1] >= 0.01][:12]


def check_same(engine: Engine, torch_runner: Torch) -> float:
    """Largest relative difference of any parameter gradient, engine vs torch."""
    worst = 0.0
    for whole in (False, True):
        engine.step(whole)
        torch_runner.step(whole)
        for key, ref in torch_runner.grads().items():
            got = engine.grads[key]
            worst = max(worst, float(np.abs(got - ref).max() / (np.abs(ref).max() + 1e-30)))
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=20, help="steps per timing")
    parser.add_argument("--repeat", type=int, default=9, help="timings per figure")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.steps, args.repeat = 3, 3
    try:
        import torch
        torch.set_num_threads(args.threads)
        peers = {"torch"}
    except ImportError:
        peers = set()
    rng = np.random.default_rng(SEED)
    weights = make_weights(rng)
    x = rng.standard_normal((BATCH, 1, 28, 28)).astype(np.float32)
    labels = rng.integers(0, 10, BATCH)
    upstream = rng.standard_normal((BATCH, 16, 5, 5)).astype(np.float32)
    with blas_threads(args.threads, user_api=None):
        print("\n".join(machine_lines(args.threads, peers)))
        print(f"load average before: {load_average()}")
        engine = Engine(weights, x, labels, upstream)
        runners = {"engine": engine}
        if peers:
            runners["torch"] = Torch(weights, x, labels, upstream)
            print(f"largest gradient difference engine vs torch (relative to the largest "
                  f"value): {check_same(engine, runners['torch']):.1e}")
        results = {}
        for whole in (False, True):
            runners["ceiling"] = Ceiling(whole, rng)
            results[whole] = measure(runners, whole, args.steps, args.repeat)
        trained = {"engine": Layers(weights, x, labels), "ceiling": runners["ceiling"]}
        if peers:
            trained["torch"] = TorchAdam(weights, x, labels, upstream)
        results["adam"] = measure(trained, True, args.steps, args.repeat)
        rows = []
        for whole, label in ((False, "conv part"), (True, "whole step"),
                             ("adam", "training step (Adam)")):
            r = results[whole]
            tt = r.get("torch")
            flops = step_flops(bool(whole))
            rows.append([label, f"{flops / 1e6:.1f}", f"{r['engine'] * 1e3:.2f}",
                         f"{tt * 1e3:.2f}" if tt else "—", f"{r['ceiling'] * 1e3:.2f}",
                         f"{tt / r['engine']:.2f}×" if tt else "—",
                         f"{r['ceiling'] / r['engine']:.2f}×",
                         f"{flops / r['engine'] / 1e9:.1f}"])
        print(f"\nLeNet, batch {BATCH}, float32, {args.threads} thread(s): ms per step "
              "(forward + backward), median of "
              f"{args.repeat} × {args.steps} steps\n")
        print(table(rows, ["", "MFLOP", "engine", "torch", "ceiling", "engine/torch",
                           "engine/ceiling", "engine GFLOP/s"]))

        print("\nWhere the engine's time goes (whole step, median per call, ms):\n")
        calls = breakdown(engine, max(args.steps, 10))
        parts = conv_parts(engine)
        rows = [[name, f"{s * 1e3:.3f}"] for name, s in calls.items()]
        print(table(rows, ["call", "ms"]))
        total = sum(calls.values())
        print(f"sum of calls {total * 1e3:.2f} ms")
        for name, p in parts.items():
            inside = ", ".join(f"{k} {v * 1e3:.3f}" for k, v in p.items())
            print(f"{name} (alone, best of 15): {inside}")
        print("\nCeiling products (ms, each form; * = used):")
        for call, what, a, b, times, best in runners["ceiling"].report:
            forms = ", ".join(f"{'*' if k == best else ''}{k} {v * 1e3:.3f}"
                              for k, v in times.items())
            print(f"  {call} {what} {a}·{b}: {forms}")
        if peers:
            print("\nPyTorch's operators (self CPU ms per whole step, calls per step):")
            for key, ms, count in torch_profile(runners["torch"], max(args.steps, 10)):
                print(f"  {key:<48} {ms:7.3f}  ×{count}")
    print(f"\nload average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
