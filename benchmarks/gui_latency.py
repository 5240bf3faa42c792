"""Does live training starve the GUI? Timer latency and throughput with the Train tab open.

A 10 ms QTimer runs in the GUI thread while the default experiment (3-class spiral,
32-32-3 ReLU network, Adam, batch 32) trains at full speed (the Train tab's speed control
at "max"; by default it paces small synthetic sets) in the worker thread and the
dashboards redraw at ~30 Hz. Each timeout records how late it fired. The same run is
timed headless (the trainer alone, with the same per-epoch extras the GUI asks for:
layer statistics, weight snapshots, a 60×60 decision-boundary grid), so the table shows
what the GUI costs in throughput, and what the worker's GIL policy costs in latency.

Usage::

    QT_QPA_PLATFORM=offscreen python benchmarks/gui_latency.py [--epochs 600] [--repeat 1] [--all]
    QT_QPA_PLATFORM=offscreen python benchmarks/gui_latency.py --maps [--repeat 5]

``--maps`` measures only what the neuron maps cost (issue 14: at most 10 % of the
GUI-attached throughput): the Train tab shown, the run trained with the maps off (the
trainer's ``neuron_maps=False``: decision boundary only, no thumbnails in the diagram)
and on, taking turns repeat by repeat; it prints both medians and their ratio.

Qt renders offscreen here, so painting is done by the CPU as on a desktop without GPU
compositing. Not run by CI; prints a table.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

import workbench.app  # noqa: E402,F401  (guards against the PySide6 6.12 refcount bug)
from core.experiment import default_experiment, normalize  # noqa: E402
from core.training.trainer import Trainer  # noqa: E402

TICK_MS = 10


def experiment(epochs: int) -> dict:
    exp = copy.deepcopy(default_experiment())
    exp["training"]["epochs"] = epochs
    return normalize(exp)


def headless(epochs: int, extras: bool, blas_threads: int | None = None) -> dict:
    """Samples per second of the trainer alone (wall clock, epoch-end work included)."""
    from threadpoolctl import threadpool_limits
    exp = experiment(epochs)
    trainer = Trainer(exp, grid=60 if extras else 0, snapshots=extras, layer_stats=extras)
    with threadpool_limits(limits=blas_threads, user_api="blas"):
        t0 = time.perf_counter()
        trainer.run()
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "samples_per_s": trainer.n_train * trainer.epoch / seconds}


class TickProbe:
    """A 10 ms timer in the GUI thread that records how late each timeout fires."""

    def __init__(self):
        from PySide6.QtCore import Qt, QTimer
        self.late_ms: list[float] = []
        self.at: list[float] = []
        self._last = None
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def start(self):
        self.late_ms.clear()
        self.at.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self):
        self.timer.stop()

    def _tick(self):
        now = time.perf_counter()
        self.late_ms.append(max((now - self._last) * 1000.0 - TICK_MS, 0.0))
        self.at.append(now)
        self._last = now


def summarize(late_ms: list[float]) -> dict:
    """Percentiles of the lateness; ``worst_at``: where in the run (0–1) the worst tick was."""
    a = np.asarray(late_ms) if late_ms else np.zeros(1)
    return {"ticks": len(late_ms), "p50": float(np.percentile(a, 50)),
            "p99": float(np.percentile(a, 99)), "max": float(a.max()),
            "over50": int((a > 50).sum())}


def idle_latency(app, seconds: float = 1.5) -> dict:
    from PySide6.QtCore import QEventLoop, QTimer
    probe = TickProbe()
    probe.start()
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    probe.stop()
    return summarize(probe.late_ms)


def gui_run(app, epochs: int, view_shown: bool, options: dict, gate: bool = True) -> dict:
    """Train through the worker (with or without the dashboards); latency and throughput."""
    from PySide6.QtCore import QEventLoop, QTimer

    from workbench.training.run_records import FAILED, FINISHED
    from workbench.training.session import TrainingSession
    exp = experiment(epochs)
    probe = TickProbe()
    loop = QEventLoop()
    marks = {}
    if view_shown:
        from workbench.dashboard.training_view import TrainingView
        from workbench.document import ExperimentDocument
        view = TrainingView(ExperimentDocument(exp))
        view.worker_options = dict(options)
        view.hold_worker_while_painting = gate
        view.set_pace(None)        # the speed control at "max": measure the full speed
        view.resize(1280, 800)
        view.show()
        settle = QEventLoop()      # the window is drawn once before Train is pressed
        QTimer.singleShot(300, settle.quit)
        settle.exec()
        view.reset()
        session = view.session
    else:
        view = None
        session = TrainingSession(exp, **options)
        counters = {"it": 0, "ep": 0}
        session.iterations_done.connect(lambda ev: counters.__setitem__("it", counters["it"]
                                                                        + len(ev)))
        session.epoch_finished.connect(lambda ev: counters.__setitem__("ep", counters["ep"] + 1))

    def state(s):
        if s == "ready" and "ready" not in marks:
            marks["ready"] = time.perf_counter()
            probe.start()
            marks["cpu_start"] = time.process_time()
            marks["start"] = time.perf_counter()
            session.start()
        elif s in (FINISHED, FAILED):
            marks["end"] = time.perf_counter()
            marks["cpu_end"] = time.process_time()
            probe.stop()
            loop.quit()

    session.state_changed.connect(state)
    if session.state == "ready":
        state("ready")
    QTimer.singleShot(600_000, loop.quit)
    loop.exec()
    seconds = marks["end"] - marks["start"]
    n_train = session.info.n_train
    result = summarize(probe.late_ms)
    result.update(seconds=seconds, samples_per_s=n_train * epochs / seconds,
                  samples_per_cpu_s=n_train * epochs / (marks["cpu_end"] - marks["cpu_start"]))
    if probe.late_ms:
        worst = int(np.argmax(probe.late_ms))
        result["worst_at"] = (probe.at[worst] - marks["start"]) / seconds
    if view is not None:
        frames = np.asarray(view.frame_times) * 1000 if view.frame_times else np.zeros((1, 2))
        result["frames"] = (len(view.frame_times), float(np.median(frames[:, 0])),
                            float(frames[:, 0].max()), float(np.median(frames[:, 1])))
        view.shutdown()
        view.close()
        view.deleteLater()
    else:
        session.shutdown()
    for _ in range(5):
        app.processEvents()
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=600,
                        help="epochs of the default experiment per run (15 iterations each)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per configuration")
    parser.add_argument("--all", action="store_true",
                        help="also switch the mitigations off one at a time")
    parser.add_argument("--maps", action="store_true",
                        help="only the neuron maps' cost: the Train tab with maps off vs on")
    args = parser.parse_args(argv)

    from workbench.app import ensure_application
    app = ensure_application()  # as the application: the cyclic GC runs on the GUI thread
    if args.maps:
        return maps_cost(app, args.epochs, args.repeat)

    rows = []
    bare = [headless(args.epochs, extras=False) for _ in range(args.repeat)]
    full = [headless(args.epochs, extras=True) for _ in range(args.repeat)]
    one = [headless(args.epochs, extras=True, blas_threads=1) for _ in range(args.repeat)]
    full_rate = statistics.median(r["samples_per_s"] for r in full)
    one_rate = statistics.median(r["samples_per_s"] for r in one)
    ref = max(full_rate, one_rate)   # compare the GUI with the better headless setting
    rows.append(("headless trainer, no extras", None,
                 statistics.median(r["samples_per_s"] for r in bare)))
    rows.append(("headless trainer + stats/snapshots/grid", None, full_rate))
    rows.append(("  same, 1 BLAS thread", None, one_rate))
    rows.append(("GUI idle (no training)", idle_latency(app), None))
    configs = [
        ("worker only (no dashboards)", False, {}, True),
        ("Train tab shown (defaults)", True, {}, True),
    ]
    if args.all:
        configs += [
            ("  GIL switch interval 5 ms (Python's)", True, {"switch_interval_s": None}, True),
            ("  BLAS threads left alone", True, {"blas_threads": None}, True),
            ("  no yield after bursts", True, {"yield_s": None}, True),
        ]
    configs += [
        ("  no paint gate (Qt paints when it likes)", True, {}, False),
        ("  none of these (plain worker)", True, {"switch_interval_s": None,
                                                  "blas_threads": None, "yield_s": None},
         False),
    ]
    for name, shown, options, gate in configs:
        runs = [gui_run(app, args.epochs, shown, options, gate) for _ in range(args.repeat)]
        worst = max(runs, key=lambda r: r["max"])
        rows.append((name, worst, statistics.median(r["samples_per_s"] for r in runs)))

    print(f"\nDefault experiment, {args.epochs} epochs × 15 iterations (batch 32); "
          f"{os.cpu_count()} CPUs; Qt platform {os.environ.get('QT_QPA_PLATFORM')}; "
          f"10 ms GUI timer lateness in ms.\n")
    header = f"{'configuration':42s} {'ticks':>6s} {'p50':>6s} {'p99':>6s} {'max':>6s} " \
             f"{'>50ms':>6s} {'worst@':>6s} {'samples/s':>10s} {'vs headless':>11s}"
    print(header)
    print("-" * len(header))
    frame_rows = []
    for name, lat, rate in rows:
        if lat and "frames" in lat:
            frame_rows.append((name, lat["frames"]))
        at = f"{lat['worst_at']:6.0%}" if lat and "worst_at" in lat else f"{'':6s}"
        lat_text = (f"{lat['ticks']:6d} {lat['p50']:6.2f} {lat['p99']:6.2f} {lat['max']:6.1f} "
                    f"{lat['over50']:6d} {at}") if lat else f"{'':6s} " * 6
        rate_text = f"{rate:10.0f} {rate / ref:10.2f}×" if rate else f"{'':10s} {'':11s}"
        print(f"{name:42s} {lat_text} {rate_text}")
    if frame_rows:
        print("\nDashboard redraws while training (refresh + paint, worker held back):")
        for name, (count, median, worst, cpu) in frame_rows:
            print(f"  {name:42s} {count:5d} frames, median {median:5.1f} ms (GUI thread CPU "
                  f"{cpu:4.1f} ms), max {worst:5.1f} ms")
    return 0


def maps_cost(app, epochs: int, repeat: int) -> int:
    """The Train tab's throughput with the neuron maps off and on, taking turns."""
    rates: dict[bool, list] = {False: [], True: []}
    cpu: dict[bool, list] = {False: [], True: []}
    frames: dict[bool, list] = {False: [], True: []}
    gui_run(app, max(epochs // 10, 20), True, {})       # warm-up (imports, first paint)
    for _ in range(repeat):
        for on in (False, True):
            result = gui_run(app, epochs, True, {"neuron_maps": on})
            rates[on].append(result["samples_per_s"])
            cpu[on].append(result["samples_per_cpu_s"])
            frames[on].append(result["frames"][1])
    off, on = statistics.median(rates[False]), statistics.median(rates[True])
    paired = statistics.median(b / a for a, b in zip(rates[False], rates[True]))
    cpu_ratio = statistics.median(cpu[True]) / statistics.median(cpu[False])
    print(f"\nDefault experiment (spiral, 32-32-3), {epochs} epochs × 15 iterations, Train tab "
          f"shown at 1280×800, speed 'max'; {os.cpu_count()} CPUs; load average "
          f"{os.getloadavg()[0]:.1f}; median of {repeat} runs each, taking turns.\n")
    print(f"{'neuron maps':12s} {'samples/s (each run)':50s} {'median':>8s} "
          f"{'per CPU s':>9s} {'redraw ms':>9s}")
    for flag, name in ((False, "off"), (True, "on")):
        each = " ".join(f"{r:7.0f}" for r in rates[flag])
        print(f"{name:12s} {each:50s} {statistics.median(rates[flag]):8.0f} "
              f"{statistics.median(cpu[flag]):9.0f} {statistics.median(frames[flag]):9.1f}")
    print(f"\nwith maps / without: {on / off:.3f} (medians), {paired:.3f} (median of the "
          f"run-by-run ratios), {cpu_ratio:.3f} (samples per CPU second of the process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
