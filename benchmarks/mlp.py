#!/usr/bin/env python3
"""Training speed of the workbench engine beside its peers, all measured in one run.

For each network (ReLU hidden layers, softmax cross-entropy fused into the loss, Adam
lr 1e-3, float32, shuffled mini-batches) this script measures samples per second of:

* ``engine``: :class:`core.training.trainer.Trainer` on the CPU backend with the per-epoch
  statistics the dashboards use switched on (``layer_stats=True``), and ``stats off``
  with them off, to report their cost;
* ``torch``: PyTorch CPU, when importable: the same ``nn.Sequential``, the same initial
  weights, ``nn.CrossEntropyLoss`` on the logits, ``torch.optim.Adam`` (``fused=True``,
  the fastest of torch's CPU Adam variants here), the same batches in the same order,
  and ``loss.item()`` each iteration, as the engine reports each iteration's loss;
* ``sklearn``: scikit-learn's ``MLPClassifier``, when importable: same hidden sizes,
  ``solver="adam"``, ``alpha=0``, the same batch size, float32 data and a fixed number of
  epochs (``max_iter``, ``tol=0``, ``n_iter_no_change`` huge, no early stopping);
* ``ceiling``: the bare float32 matrix products of the same sizes into preallocated
  arrays: per layer the forward product and the two backward products (weights and
  input). Nothing else: no bias, activation, loss, optimizer or data gather. The note
  under the table also gives ``engine/strict``, against the same products without the
  first layer's input gradient, which no trainer computes (nobody needs d loss / d data;
  the engine and torch skip it): the stricter bound.

The ratios ``engine/torch``, ``engine/sklearn`` and ``engine/ceiling`` compare figures
from this same run. Each figure is the median of ``--repeat`` timed repeats after a
warm-up; every repeat trains the same number of whole epochs (calibrated from the
engine's warm-up epoch), so per-epoch work (statistics, shuffling) counts at its natural
rate. The engine and its peers alternate repeat by repeat, so a slow spell on the
machine hits all of them alike.

A second part trains the bundled digits data set (8×8 images, 64-128-10, ReLU, no
dropout, the workbench's stratified 80/20 split, standardized) with the engine and with
``MLPClassifier`` for the same epochs and reports validation accuracy and samples/s.

The full run (no ``--threads``) prints, in this order: the table at one thread for
everybody; the table at the command line's thread policy
(:func:`core.backend.threads.recommended_blas_threads` with ``gui=False``, measured per
network, torch on as many threads); the targets of issue 19 as ratios from those two
tables; the largest network beside a busy loop that holds one core (``--contention``);
the optimizer step alone (NumPy calls against the fused Numba kernel, threads, the first
step cold and warm: ``benchmarks/optimizer_step.py``); and, for every network that misses
a target, where the time of one iteration goes, call by call
(``benchmarks/step_profile.py``).

Usage::

    python3 benchmarks/mlp.py                 # full run (~10 minutes on 2 cores)
    PYTHONPATH=. /work/torchenv/bin/python benchmarks/mlp.py   # with torch in its venv
    python3 benchmarks/mlp.py --quick         # smaller, for a smoke test
    python3 benchmarks/mlp.py --threads 1     # only the table, at 1 BLAS/torch thread
    python3 benchmarks/mlp.py --contention    # only the busy-loop comparison
    python3 benchmarks/mlp.py --thread-sweep  # engine only, 1 vs N threads per network

Not run by CI; it never asserts a speed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import optimizer_step  # noqa: E402
import step_profile  # noqa: E402

from core import experiment as experiment_module  # noqa: E402
from core.backend.devices import describe_cpu  # noqa: E402
from core.backend.threads import blas_threads, recommended_blas_threads  # noqa: E402
from core.data.dataset import Dataset  # noqa: E402
from core.data.spec import PreparedData, prepare  # noqa: E402
from core.training.trainer import Trainer  # noqa: E402

LR = 1e-3
SEED = 0


@dataclass(frozen=True)
class Net:
    name: str
    sizes: tuple[int, ...]
    batch: int
    rows: int          # training rows (a multiple of the batch size)

    @property
    def hidden(self) -> tuple[int, ...]:
        return self.sizes[1:-1]


NETWORKS = (
    Net("2-8-8-2", (2, 8, 8, 2), 32, 2048),
    Net("64-128-64-10", (64, 128, 64, 10), 64, 4096),
    Net("784-256-128-10", (784, 256, 128, 10), 128, 8192),
    Net("784-1024-1024-10", (784, 1024, 1024, 10), 256, 8192),
)


# ---------------------------------------------------------------------------- data

def synthetic(net: Net, rows: int) -> PreparedData:
    """Learnable classes with 10% label noise (the loss never reaches 0), no validation.

    Inputs are standard normal float64 (as the data layer delivers them); labels are the
    arg-max of a fixed random linear map, 10% of them replaced at random.
    """
    rng = np.random.default_rng(SEED)
    d, k = net.sizes[0], net.sizes[-1]
    x = rng.standard_normal((rows, d))
    y = (x @ rng.standard_normal((d, k))).argmax(axis=1)
    noisy = rng.random(rows) < 0.1
    y[noisy] = rng.integers(0, k, int(noisy.sum()))
    y = y.astype(np.int64)
    for c in range(k):  # every class present
        y[c] = c
    classes = [str(c) for c in range(k)]
    features = [f"x{i}" for i in range(d)]
    train = Dataset(x, y, "classification", features, classes, net.name)
    val = Dataset(np.zeros((0, d)), np.zeros(0, dtype=np.int64), "classification", features,
                  classes, net.name)
    spec = {"source": "synthetic benchmark", "test_fraction": 0.0}
    return PreparedData(train, val, None, spec, {"rows": rows})


def layer_specs(sizes, init="torch_default") -> list[dict]:
    layers = []
    for units in sizes[1:-1]:
        layers += [{"type": "dense", "units": units, "init": init}, {"type": "relu"}]
    return layers + [{"type": "dense", "units": sizes[-1], "init": init}, {"type": "softmax"}]


def experiment(sizes, batch: int, epochs: int = 1_000_000, init="torch_default") -> dict:
    return experiment_module.normalize({
        "data": {"source": "spiral"},  # unused: the trainer gets prepared data
        "model": {"layers": layer_specs(sizes, init)},
        "loss": {"type": "cross_entropy"},
        "optimizer": {"type": "adam", "lr": LR},
        "training": {"epochs": epochs, "batch_size": batch, "seed": SEED, "backend": "cpu",
                     "dtype": "float32", "shuffle": True}})


# ---------------------------------------------------------------------------- runners

class EngineRunner:
    """The workbench Trainer, stepped epoch by epoch."""

    def __init__(self, net: Net, prepared: PreparedData, layer_stats: bool, backend="cpu"):
        self.trainer = Trainer(experiment(net.sizes, net.batch), prepared=prepared,
                               backend=backend, layer_stats=layer_stats)
        self.rows = len(prepared.train)

    def run(self, epochs: int) -> float:
        trainer, target = self.trainer, self.trainer.epoch + epochs
        t0 = time.perf_counter()
        while trainer.epoch < target:
            trainer.step()
        return time.perf_counter() - t0

    def initial_state(self) -> dict:
        return self.trainer.model.state_dict()


class TorchRunner:
    """The same network in PyTorch, fed the same batches as the engine."""

    def __init__(self, net: Net, prepared: PreparedData, state: dict, device: str = "cpu"):
        import torch
        self.torch = torch
        self.device = torch.device(device)
        layers = []
        for i, (a, b) in enumerate(zip(net.sizes[:-1], net.sizes[1:])):
            layers.append(torch.nn.Linear(a, b))
            if i < len(net.sizes) - 2:
                layers.append(torch.nn.ReLU())
        self.model = torch.nn.Sequential(*layers).to(self.device)
        dense = [i for i, m in enumerate(self.model) if isinstance(m, torch.nn.Linear)]
        engine_dense = [2 * i for i in range(len(dense))]  # dense, relu, dense, ... in the engine
        with torch.no_grad():
            for ti, ei in zip(dense, engine_dense):
                self.model[ti].weight.copy_(torch.from_numpy(state[f"{ei}.weight"]))
                self.model[ti].bias.copy_(torch.from_numpy(state[f"{ei}.bias"]))
        try:
            self.opt = torch.optim.Adam(self.model.parameters(), lr=LR, fused=True)
            self.variant = "fused"
        except (RuntimeError, TypeError, ValueError):
            self.opt = torch.optim.Adam(self.model.parameters(), lr=LR)
            self.variant = "default"
        self.loss = torch.nn.CrossEntropyLoss()
        self.x = torch.from_numpy(prepared.train.X.astype(np.float32)).to(self.device)
        self.y = torch.from_numpy(prepared.train.y).to(self.device)
        self.rows, self.batch = len(prepared.train), net.batch
        self.rng = np.random.default_rng([SEED, 1])  # the engine's shuffle generator

    def run(self, epochs: int) -> float:
        torch, model, opt, loss_fn = self.torch, self.model, self.opt, self.loss
        t0 = time.perf_counter()
        for _ in range(epochs):
            order = torch.from_numpy(self.rng.permutation(self.rows)).to(self.device)
            total = 0.0
            for start in range(0, self.rows, self.batch):
                idx = order[start:start + self.batch]
                xb, yb = self.x[idx], self.y[idx]
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(model(xb), yb)
                loss.backward()
                opt.step()
                total += loss.item() * len(idx)
        return time.perf_counter() - t0


class SklearnRunner:
    """scikit-learn's MLPClassifier for a fixed number of epochs (a fresh fit each run)."""

    def __init__(self, net: Net, prepared: PreparedData):
        self.x = prepared.train.X.astype(np.float32)
        self.y = prepared.train.y
        self.net = net

    def make(self, epochs: int):
        from sklearn.neural_network import MLPClassifier
        return MLPClassifier(hidden_layer_sizes=self.net.hidden, activation="relu",
                             solver="adam", alpha=0.0, batch_size=self.net.batch,
                             learning_rate_init=LR, max_iter=epochs, shuffle=True,
                             random_state=SEED, tol=0.0, n_iter_no_change=10**9,
                             early_stopping=False)

    def run(self, epochs: int) -> float:
        model = self.make(epochs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning: max_iter reached on purpose
            t0 = time.perf_counter()
            model.fit(self.x, self.y)
            return time.perf_counter() - t0


class CeilingRunner:
    """Only the matrix products of one training iteration, into preallocated arrays."""

    def __init__(self, net: Net, first_input_grad: bool = True):
        self.first = 0 if first_input_grad else 1
        rng = np.random.default_rng(SEED)
        b, s = net.batch, net.sizes
        self.w = [rng.standard_normal((o, i)).astype(np.float32) * 0.05
                  for i, o in zip(s[:-1], s[1:])]
        self.gw = [np.empty_like(w) for w in self.w]
        self.h = [rng.standard_normal((b, n)).astype(np.float32) for n in s]
        self.g = [np.empty((b, n), dtype=np.float32) for n in s]
        self.iterations = net.rows // net.batch

    def step(self):
        h, g, w, gw = self.h, self.g, self.w, self.gw
        for i, wi in enumerate(w):
            np.matmul(h[i], wi.T, out=h[i + 1])
        g[-1][...] = h[-1]
        for i in reversed(range(len(w))):
            np.matmul(g[i + 1].T, h[i], out=gw[i])
            if i >= self.first:
                np.matmul(g[i + 1], w[i], out=g[i])

    def run(self, epochs: int) -> float:
        t0 = time.perf_counter()
        for _ in range(epochs * self.iterations):
            self.step()
        return time.perf_counter() - t0


# ---------------------------------------------------------------------------- measuring

def available(module: str) -> bool:
    try:
        __import__(module)
        return True
    except Exception:  # not installed, or broken: the column says so
        return False


def measure(runners: dict, epochs: int, repeat: int, rows: int) -> dict:
    """Median samples/s of each runner; the runners take turns, repeat by repeat."""
    times = {name: [] for name in runners}
    for runner in runners.values():  # warm-up (allocations, caches, lazy state)
        runner.run(1)
    for _ in range(repeat):
        for name, runner in runners.items():
            times[name].append(runner.run(epochs))
    return {name: rows * epochs / statistics.median(ts) for name, ts in times.items()}


def calibrate(runner, seconds: float) -> int:
    """Whole epochs that take about ``seconds`` for ``runner`` (at least 1)."""
    runner.run(1)
    elapsed = runner.run(1)
    return max(1, round(seconds / max(elapsed, 1e-9)))


def bench_network(net: Net, args, peers: set) -> dict:
    prepared = synthetic(net, net.rows)
    runners = {"engine": EngineRunner(net, prepared, layer_stats=True),
               "stats off": EngineRunner(net, prepared, layer_stats=False)}
    state = runners["engine"].initial_state()
    epochs = calibrate(runners["engine"], args.seconds)
    if "torch" in peers:
        runners["torch"] = TorchRunner(net, prepared, state)
    if "sklearn" in peers:
        runners["sklearn"] = SklearnRunner(net, prepared)
    runners["ceiling"] = CeilingRunner(net)
    runners["strict"] = CeilingRunner(net, first_input_grad=False)
    result = measure(runners, epochs, args.repeat, net.rows)
    result["epochs"] = epochs
    if "torch" in runners:
        result["torch variant"] = runners["torch"].variant
    return result


def bench_digits(args, peers: set) -> dict:
    """Engine vs MLPClassifier on the bundled digits, same split, architecture, epochs."""
    epochs, batch = args.digits_epochs, 32
    prepared = prepare({"source": "digits", "test_fraction": 0.2, "seed": SEED,
                        "standardize": True})
    n = len(prepared.train)
    out = {"rows": n, "val rows": len(prepared.val), "epochs": epochs, "batch": batch}
    doc = experiment((64, 128, 10), batch, epochs)
    warm = Trainer(experiment((64, 128, 10), batch, 1), prepared=prepared, backend="cpu")
    warm.run()
    # 1. The dashboard's epoch: validation loss/accuracy/confusion and statistics each epoch.
    trainer = Trainer(doc, prepared=prepared, backend="cpu", layer_stats=True)
    last = []
    t0 = time.perf_counter()
    trainer.run(lambda e: last.append(e) if hasattr(e, "val_metrics") else None)
    seconds = time.perf_counter() - t0
    out["engine dashboard"] = (last[-1].val_metrics["accuracy"], n * epochs / seconds)
    # 2. What MLPClassifier.fit does: training only, the validation set scored once after.
    val = prepared.val
    no_val = PreparedData(prepared.train, val.take(np.zeros(0, dtype=np.int64)), None,
                          prepared.spec, prepared.summary)
    trainer = Trainer(doc, prepared=no_val, backend="cpu", layer_stats=False)
    t0 = time.perf_counter()
    trainer.run()
    seconds = time.perf_counter() - t0
    accuracy = float((trainer.model.predict(val.X).argmax(axis=1) == val.y).mean())
    out["engine"] = (accuracy, n * epochs / seconds)
    if "sklearn" in peers:
        from sklearn.neural_network import MLPClassifier
        x, y = prepared.train.X.astype(np.float32), prepared.train.y
        xv, yv = prepared.val.X.astype(np.float32), prepared.val.y

        def make(iters):
            return MLPClassifier(hidden_layer_sizes=(128,), activation="relu", solver="adam",
                                 alpha=0.0, batch_size=batch, learning_rate_init=LR,
                                 max_iter=iters, shuffle=True, random_state=SEED, tol=0.0,
                                 n_iter_no_change=10**9, early_stopping=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            make(1).fit(x, y)
            model = make(epochs)
            t0 = time.perf_counter()
            model.fit(x, y)
            seconds = time.perf_counter() - t0
        out["sklearn"] = (float((model.predict(xv) == yv).mean()), n * epochs / seconds)
    return out


# ---------------------------------------------------------------------------- report

def load_average() -> str:
    """The 1-minute load average (other programs competing for the cores), or '?'."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def machine_lines(threads: int, peers: set) -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    lines = [f"date: {datetime.datetime.now().astimezone().isoformat(timespec='minutes')}",
             f"machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"{platform.system()} {platform.release()}"]
    blas = ""
    try:
        from threadpoolctl import threadpool_info
        pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
        pools.sort(key=lambda p: "numpy" not in str(p.get("filepath", "")))  # NumPy's first
        if pools:
            pool = pools[0]
            blas = (f"{pool.get('internal_api')} {pool.get('version')} "
                    f"({pool.get('architecture', '?')})")
    except ImportError:
        pass
    lines.append(f"engine: NumPy {np.__version__}, BLAS {blas or 'unknown'}; "
                 f"status bar: {describe_cpu()}")
    peer = []
    if "torch" in peers:
        import torch
        peer.append(f"PyTorch {torch.__version__} ({torch.get_num_threads()} threads)")
    if "sklearn" in peers:
        import sklearn
        peer.append(f"scikit-learn {sklearn.__version__}")
    lines.append("peers: " + (", ".join(peer) or "none importable"))
    lines.append(f"threads: {threads} (BLAS and OpenMP via threadpoolctl, "
                 f"torch.set_num_threads({threads}))")
    return lines


def fmt_rate(x) -> str:
    if x is None:
        return "—"
    if x >= 1e6:
        return f"{x / 1e6:.2f} M"
    if x >= 1e3:
        return f"{x / 1e3:.1f} k"
    return f"{x:.0f}"


def fmt_ratio(a, b) -> str:
    return f"{a / b:.2f}×" if a and b else "—"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(c.rjust(w) if i else c.ljust(w)  # noqa: E731
                                       for i, (c, w) in enumerate(zip(r, widths))) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep] + [line(r) for r in rows])


def report(results: dict, digits: dict | None) -> str:
    header = ["network", "batch", "engine", "stats off", "stats cost", "torch", "sklearn",
              "ceiling", "engine/torch", "engine/sklearn", "engine/ceiling"]
    rows = []
    for net, r in results.items():
        e, off = r["engine"], r["stats off"]
        rows.append([net.name, str(net.batch), fmt_rate(e), fmt_rate(off),
                     f"{(off / e - 1) * 100:+.1f}%", fmt_rate(r.get("torch")),
                     fmt_rate(r.get("sklearn")), fmt_rate(r["ceiling"]),
                     fmt_ratio(e, r.get("torch")), fmt_ratio(e, r.get("sklearn")),
                     fmt_ratio(e, r["ceiling"])])
    text = ["samples/s (median of repeats; higher is better); stats cost = how much slower "
            "the engine runs with the dashboard statistics on", "",
            table(rows, header)]
    text.append("")
    text.append("epochs per repeat: " + ", ".join(f"{n.name} {r['epochs']} × {n.rows} rows"
                                                  for n, r in results.items()))
    text.append("engine/strict (ceiling without the first layer's input gradient): " + ", ".join(
        f"{n.name} {fmt_ratio(r['engine'], r['strict'])}" for n, r in results.items()))
    variants = sorted({r.get("torch variant") for r in results.values()} - {None})
    if variants:
        text.append("torch optimizer: " + ", ".join(
            "Adam(fused=True)" if v == "fused" else "Adam (default)" for v in variants))
    if digits:
        text += ["", f"digits (bundled, {digits['rows']} training / {digits['val rows']} "
                 f"validation rows, 64-128-10 ReLU, Adam lr {LR:g}, batch {digits['batch']}, "
                 f"{digits['epochs']} epochs, one run):", ""]
        drows = []
        acc_s, rate_s = digits.get("sklearn", (None, None))
        for key, label in (("engine", "engine, training only (as MLPClassifier.fit)"),
                           ("engine dashboard", "engine, dashboard epoch (validation + "
                                                "statistics every epoch)")):
            acc, rate = digits[key]
            drows.append([label, f"{acc:.3f}", fmt_rate(rate), fmt_ratio(rate, rate_s)])
        if rate_s:
            drows.append(["sklearn MLPClassifier", f"{acc_s:.3f}", fmt_rate(rate_s), "1.00×"])
        text.append(table(drows, ["", "val accuracy", "samples/s", "vs sklearn"]))
    return "\n".join(text)


def gui_probe(runner, seconds: float, frame_s: float = 1 / 60, work_s: float = 0.003):
    """Train in a worker thread while this thread plays a GUI drawing 60 frames a second.

    Each frame does ``work_s`` of Python and small NumPy calls (as redrawing plots does).
    Returns (training samples/s, frame lateness in ms: median, 95th percentile, max);
    lateness is how long after its due time a frame started.
    """
    import threading
    stop, done = threading.Event(), []

    def train():
        trainer, rows, t0 = runner.trainer, 0, time.perf_counter()
        while not stop.is_set():
            for event in trainer.step():
                rows += getattr(event, "batch_size", 0) if hasattr(event, "iteration") else 0
        done.append(rows / (time.perf_counter() - t0))

    worker = threading.Thread(target=train)
    worker.start()
    small = np.linspace(0, 1, 256)
    late, due = [], time.perf_counter() + frame_s
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        late.append(max(0.0, time.perf_counter() - due) * 1e3)
        busy = time.perf_counter() + work_s
        while time.perf_counter() < busy:
            np.sin(small, out=small)
        due = max(due + frame_s, time.perf_counter())
    stop.set()
    worker.join()
    late.sort()
    return done[0], statistics.median(late), late[int(0.95 * (len(late) - 1))], late[-1]


def thread_sweep(args, nets) -> str:
    """Engine throughput at 1 and N BLAS threads, alone and beside a simulated GUI."""
    counts = sorted({1, os.cpu_count() or 1})
    rows = []
    for net in nets:
        print(f"… {net.name}", file=sys.stderr, flush=True)
        prepared = synthetic(net, net.rows)
        runner = EngineRunner(net, prepared, layer_stats=True)
        epochs = calibrate(runner, args.seconds)
        samples = {c: [] for c in counts}
        for _ in range(args.repeat):
            for c in counts:
                with blas_threads(c):
                    runner.run(1)  # let the pool settle at this size
                    samples[c].append(runner.run(epochs))
        rates = {c: net.rows * epochs / statistics.median(samples[c]) for c in counts}
        probes = {}
        for c in counts:
            with blas_threads(c):
                probes[c] = gui_probe(runner, 3.0 if not args.quick else 1.0)
        row = [net.name, str(net.batch), f"{runner.trainer.flops_per_step / 1e6:.3g}"]
        row += [fmt_rate(rates[c]) for c in counts]
        row.append(fmt_ratio(rates[counts[-1]], rates[counts[0]]))
        for c in counts:
            rate, median, p95, worst = probes[c]
            row += [fmt_rate(rate), f"{median:.1f} / {p95:.1f} / {worst:.1f}"]
        rows.append(row)
    header = ["network", "batch", "MFLOP/iter"] + [f"{c} thr" for c in counts] \
        + [f"{counts[-1]} vs 1"]
    for c in counts:
        header += [f"{c} thr + GUI", f"GUI late ms ({c} thr)"]
    return ("engine samples/s by BLAS thread count (stats on, median of repeats); "
            "'+ GUI': training in a worker thread while the main thread draws 60 frames/s "
            "of 3 ms each; GUI late = frame start lateness, median / 95th percentile / max"
            "\n\n" + table(rows, header))


def gpu_table(args, nets, dry_run: bool) -> str:
    """CuPy engine vs NumPy engine vs PyTorch CUDA, same networks and batches."""
    from core.backend.devices import get_backend
    gpu = get_backend("cpu" if dry_run else "gpu")
    torch_device = None
    if available("torch"):
        import torch
        if dry_run:
            torch_device = "cpu"
        elif torch.cuda.is_available():
            torch_device = "cuda"
            torch.backends.cuda.matmul.allow_tf32 = False  # CuPy does not use TF32 either
    rows = []
    for net in nets:
        print(f"… {net.name}", file=sys.stderr, flush=True)
        prepared = synthetic(net, net.rows)
        runners = {"gpu engine": EngineRunner(net, prepared, True, backend=gpu),
                   "cpu engine": EngineRunner(net, prepared, True, backend="cpu")}
        if torch_device:
            runners["torch cuda"] = TorchRunner(net, prepared,
                                                runners["cpu engine"].initial_state(),
                                                torch_device)
        epochs = calibrate(runners["gpu engine"], args.seconds)
        r = measure(runners, epochs, args.repeat, net.rows)
        trainer = runners["gpu engine"].trainer
        rows.append([net.name, str(net.batch), f"{trainer.flops_per_step / 1e6:.3g}",
                     fmt_rate(r["gpu engine"]), fmt_rate(r["cpu engine"]),
                     fmt_rate(r.get("torch cuda")),
                     fmt_ratio(r["gpu engine"], r["cpu engine"]),
                     fmt_ratio(r["gpu engine"], r.get("torch cuda"))])
    header = ["network", "batch", "MFLOP/iter", "engine GPU", "engine CPU", "torch CUDA",
              "GPU/CPU", "engine/torch"]
    return (f"samples/s (median of repeats, stats on, float32; torch: Adam(fused=True), "
            f"no TF32); GPU: {gpu.describe()}\n\n" + table(rows, header))


def flops(net: Net) -> float:
    """``Trainer.flops_per_step`` of ``net``: 3 products of 2·batch·in·out per layer."""
    return 6.0 * net.batch * sum(a * b for a, b in zip(net.sizes[:-1], net.sizes[1:]))


def policy_threads(net: Net) -> int:
    """BLAS threads the command line gives ``net`` now (``nn-workbench train``)."""
    return recommended_blas_threads(flops(net), gui=False)


def run_tables(args, nets, peers: set, threads_for) -> dict:
    """The network table with ``threads_for(net)`` threads for everybody, per network."""
    results = {}
    for net in nets:
        n = threads_for(net)
        print(f"… {net.name} ({n} thread{'s' if n > 1 else ''})", file=sys.stderr, flush=True)
        if "torch" in peers:
            import torch
            torch.set_num_threads(n)
        with blas_threads(n, user_api=None):
            results[net] = bench_network(net, args, peers)
        results[net]["threads"] = n
    return results


def targets_report(one: dict, policy: dict) -> tuple[str, list]:
    """Issue 19's targets as ratios from the 1-thread and the policy tables; also the
    networks that miss one (for the per-call profile)."""
    rows, missed = [], []
    for label, results in (("1 thread", one), ("CLI policy", policy)):
        for net, r in results.items():
            e, off, strict = r["engine"], r["stats off"], r["strict"]
            cost = (off / e - 1) * 100
            row = [net.name, f"{label} ({r['threads']})", f"{e / strict:.1%}",
                   f"{off / strict:.1%}", fmt_ratio(e, r.get("torch")), f"{cost:+.1f}%"]
            if net.sizes[0] == 784:
                goal, ok = "≥ 95 % of strict", e / strict >= 0.95
            else:
                need = 5.0 if net.sizes == (2, 8, 8, 2) else 2.5
                goal = f"≥ {need:g}× torch"
                if not r.get("torch"):     # no torch in this interpreter: not measured
                    rows.append(row + [goal + ", stats < 10 %", "no torch"])
                    continue
                ok = e / r["torch"] >= need
            ok = ok and cost < 10
            rows.append(row + [goal + ", stats < 10 %", "met" if ok else "NOT met"])
            if not ok and net not in missed:
                missed.append(net)
    return ("targets (issue 19), engine with the dashboard statistics on; engine/strict = "
            "samples/s against the strict matrix-product ceiling\n\n"
            + table(rows, ["network", "threads", "engine/strict", "stats off/strict",
                           "engine/torch", "stats cost", "target", ""]), missed)


@contextlib.contextmanager
def busy_core():
    """Another program holding one core: a Python busy loop in a child process."""
    loop = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)  # running before anything is measured
        yield loop
    finally:
        loop.kill()
        loop.wait()


def contention(args, peers: set) -> str:
    """784-1024-1024-10 beside a busy loop: the engine at the policy's choice (measured
    beside the loop), at 1 and at all threads, and torch at 1 and at all threads."""
    net = NETWORKS[-1]
    repeat = args.repeat
    if args.quick:   # a smoke test: two batches per epoch, one repeat
        net, repeat = Net(net.name, net.sizes, net.batch, 2 * net.batch), 1
    cores = os.cpu_count() or 1
    prepared = synthetic(net, net.rows)
    with busy_core():
        chosen = policy_threads(net)
        runners = {f"engine, policy ({chosen})": (chosen, EngineRunner(net, prepared, True))}
        runners["engine, 1 thread"] = (1, EngineRunner(net, prepared, True))
        runners[f"engine, {cores} threads"] = (cores, EngineRunner(net, prepared, True))
        state = runners["engine, 1 thread"][1].initial_state()
        if "torch" in peers:
            import torch
            runners["torch, 1 thread"] = (1, TorchRunner(net, prepared, state))
            runners[f"torch, {cores} threads"] = (cores, TorchRunner(net, prepared, state))
        epochs = max(1, calibrate(runners["engine, 1 thread"][1], args.seconds))
        times = {name: [] for name in runners}
        for _ in range(repeat):
            for name, (n, runner) in runners.items():
                if "torch" in peers:
                    torch.set_num_threads(n)
                with blas_threads(n, user_api=None):
                    if not times[name]:
                        runner.run(1)  # warm-up
                    times[name].append(runner.run(epochs))
    rates = {name: net.rows * epochs / statistics.median(ts) for name, ts in times.items()}
    policy = rates[f"engine, policy ({chosen})"]
    best_torch = max((r for name, r in rates.items() if name.startswith("torch")), default=None)
    rows = [[name, fmt_rate(rate), fmt_ratio(rate, best_torch),
             fmt_ratio(rate, rates["engine, 1 thread"])] for name, rate in rates.items()]
    text = (f"{net.name}, batch {net.batch}, beside a busy loop holding one core (a Python "
            f"'while True: pass' in a child process), samples/s, median of {repeat}, "
            f"stats on; the policy chose {chosen} thread{'s' if chosen > 1 else ''} beside "
            "the loop\n\n"
            + table(rows, ["", "samples/s", "vs best torch", "vs engine 1 thread"]))
    if best_torch:
        text += (f"\n\npolicy: {policy / best_torch:.2f}× the faster torch setting (target "
                 f"≥ 0.90×), {policy / rates['engine, 1 thread']:.2f}× the engine's own "
                 "single-thread rate beside the loop (target ≥ 1.00×)")
    return text


def profiles(nets, seconds: float) -> str:
    """Per-call profile (``step_profile.py``) of each network at 1 thread."""
    parts = []
    with blas_threads(1):
        for net in nets:
            print(f"… profile {net.name}", file=sys.stderr, flush=True)
            trainer = Trainer(experiment(net.sizes, net.batch),
                              prepared=synthetic(net, net.rows), backend="cpu",
                              layer_stats=True)
            rows, per_step, steps = step_profile.profile(trainer, seconds)
            parts.append(f"{net.name}, batch {net.batch}, 1 thread: "
                         + step_profile.report(rows, per_step, steps, table))
    return "\n\n".join(parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer rows, shorter repeats, for a smoke test")
    parser.add_argument("--repeat", type=int, default=None, help="timed repeats (median)")
    parser.add_argument("--threads", type=int, default=None,
                        help="only the network table, with this many BLAS/OpenMP/torch "
                             "threads for everybody (default: the full run)")
    parser.add_argument("--contention", action="store_true",
                        help="only the largest network beside a busy loop on one core")
    parser.add_argument("--thread-sweep", action="store_true",
                        help="only the engine, at 1 thread and at all cores")
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--no-sklearn", action="store_true")
    parser.add_argument("--networks", default="",
                        help="comma-separated network names to run (default: all)")
    parser.add_argument("--gpu", action="store_true",
                        help="CuPy engine vs NumPy engine vs PyTorch CUDA (needs a GPU)")
    parser.add_argument("--gpu-dry-run", action="store_true",
                        help="the --gpu table with the CPU standing in for the GPU "
                             "(checks the script on a machine without one)")
    args = parser.parse_args(argv)
    args.repeat = args.repeat or (3 if args.quick else 5)
    args.seconds = 0.15 if args.quick else 0.6
    args.digits_epochs = 10 if args.quick else 40
    nets = [n for n in NETWORKS if not args.networks or n.name in args.networks.split(",")]
    if args.quick:
        nets = [Net(n.name, n.sizes, n.batch, max(n.batch * 4, n.rows // 8)) for n in nets]
    peers = set()
    if not args.no_torch and available("torch"):
        peers.add("torch")
    if not args.no_sklearn and available("sklearn"):
        peers.add("sklearn")

    if args.gpu or args.gpu_dry_run:
        from core.backend.devices import gpu_status
        if args.gpu and gpu_status()[0] is None:
            print(f"benchmarks/mlp.py --gpu: no usable GPU: {gpu_status()[1]}", file=sys.stderr)
            return 2
        print("\n".join(machine_lines(args.threads or 0, peers)[:3]))
        print(" ".join(["command: python3 benchmarks/mlp.py"] + (argv or sys.argv[1:])))
        print()
        print(gpu_table(args, nets, dry_run=not args.gpu))
        return 0

    if args.thread_sweep:
        load_before = load_average()
        sweep = thread_sweep(args, nets)
        print("\n".join(machine_lines(0, set())[:3]))
        print(f"load average (1 min) before: {load_before}, after: {load_average()}")
        print(" ".join(["command: python3 benchmarks/mlp.py"] + (argv or sys.argv[1:])))
        print()
        print(sweep)
        return 0

    command = " ".join(["command: python3 benchmarks/mlp.py"] + (argv or sys.argv[1:]))
    load_before = load_average()
    if args.contention:
        text = contention(args, peers)
        print("\n".join(machine_lines(0, peers)[:4]))
        print(f"load average (1 min) before: {load_before} (the busy loop adds 1), after: "
              f"{load_average()}")
        print(command, end="\n\n")
        print(text)
        return 0
    if args.threads is not None:
        if "torch" in peers:
            import torch
            torch.set_num_threads(args.threads)
        with blas_threads(args.threads, user_api=None):
            results = {}
            for net in nets:
                print(f"… {net.name}", file=sys.stderr, flush=True)
                results[net] = bench_network(net, args, peers)
            print("… digits", file=sys.stderr, flush=True)
            digits = bench_digits(args, peers) if not args.networks else None
            print("\n".join(machine_lines(args.threads, peers)))
        print(f"load average (1 min) before: {load_before}, after: {load_average()} "
              f"(anything above 0 is another program competing for the {os.cpu_count()} cores)")
        print(command, end="\n\n")
        print(report(results, digits))
        return 0

    # The full run: everything issue 19 asks for, in one process.
    one = run_tables(args, nets, peers, lambda net: 1)
    with blas_threads(1, user_api=None):
        print("… digits", file=sys.stderr, flush=True)
        digits = bench_digits(args, peers) if not args.networks else None
    policy = run_tables(args, nets, peers, policy_threads)
    load_tables = load_average()
    print("… contention", file=sys.stderr, flush=True)
    contended = contention(args, peers) if any(n.sizes[1] == 1024 for n in nets) else None
    load_contention = load_average()
    print("… optimizer step", file=sys.stderr, flush=True)
    seconds = 0.1 if args.quick else 1.0
    with blas_threads(1):
        kernels = optimizer_step.kernel_table(nets, seconds, table)
    step_threads = optimizer_step.thread_table(
        optimizer_step.parameter_count(NETWORKS[-1].sizes), 2 * seconds, table)
    first = optimizer_step.first_step_table(table, repeat=1 if args.quick else 3)
    targets, missed = targets_report(one, policy)
    where = profiles(missed, 0.5 if args.quick else 3.0) if missed else ""
    print("\n".join(machine_lines(1, peers)[:-1]))
    print("threads: 1 for everybody, then the command line's policy per network "
          "(recommended_blas_threads(flops, gui=False), measured now), torch on as many")
    print(f"load average (1 min) before: {load_before}, after the tables: {load_tables}, "
          f"after the busy-loop part: {load_contention}, at the end: {load_average()}")
    print(command, end="\n\n")
    print("## One thread for everybody\n")
    print(report(one, digits), end="\n\n")
    print("## The command line's thread policy\n")
    print(report(policy, None))
    print("threads: " + ", ".join(f"{n.name} {r['threads']}" for n, r in policy.items()),
          end="\n\n")
    print("## Targets\n")
    print(targets, end="\n\n")
    if contended:
        print("## Under load\n")
        print(contended, end="\n\n")
    print("## The optimizer step\n")
    print(kernels, end="\n\n")
    print(step_threads, end="\n\n")
    print(first, end="\n\n")
    if where:
        print("## Where the time goes (networks that miss a target)\n")
        print(where)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
