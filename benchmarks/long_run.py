"""Does a long run slow the Train tab down? Frame time, memory and throughput against epochs.

A 10-sample exclusive-or (8 training rows, one iteration per epoch: the most epochs per
second the engine can produce) trains through the real Train tab, shown at 1280×800,
as fast as it can. At checkpoints the script prints, over the epochs since the previous
checkpoint: epochs per second, the median and the worst dashboard redraw (refresh +
paint, from ``TrainingView.frame_times``), the process's resident memory, and how many
rows the run's history holds (per-epoch rows + per-iteration rows). At the end the epoch
history is exported as CSV from the Export menu's code path while a 10 ms GUI timer
measures how long the GUI thread was blocked.

Usage::

    QT_QPA_PLATFORM=offscreen python benchmarks/long_run.py [--epochs 100000] [--checkpoints 8]

Not run by CI; prints a table. ~850 epochs/s here, so the default takes about 2 minutes.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

import workbench.app  # noqa: E402,F401
from core.experiment import default_experiment, normalize  # noqa: E402

TICK_MS = 10


def experiment(epochs: int) -> dict:
    exp = copy.deepcopy(default_experiment())
    exp["data"] = {"source": "xor", "samples": 10, "noise": 0.0, "seed": 0}
    exp["model"]["layers"] = [{"type": "dense", "units": 8}, {"type": "tanh"},
                              {"type": "dense", "units": 2}]
    exp["training"]["epochs"] = epochs
    return normalize(exp)


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux /proc; NaN elsewhere)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def history_rows(run) -> tuple[int, int]:
    """(per-epoch rows held, per-iteration rows held) of a run's history."""
    h = run.history
    stored = getattr(h, "stored_epoch_rows", None)
    epoch_rows = stored() if callable(stored) else h.n_epochs
    return epoch_rows, h.loss.stored + h.lr.stored


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=100_000)
    parser.add_argument("--checkpoints", type=int, default=8)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from workbench.app import ensure_application
    from workbench.dashboard.training_view import TrainingView
    from workbench.document import ExperimentDocument
    app = ensure_application()

    view = TrainingView(ExperimentDocument(experiment(args.epochs)))
    if hasattr(view, "set_pace"):
        view.set_pace(None)          # as fast as possible (the speed control's last stop)
    view.resize(1280, 800)
    view.show()
    loop = QEventLoop()
    QTimer.singleShot(300, loop.quit)
    loop.exec()

    marks = sorted({max(int(args.epochs * (i + 1) / args.checkpoints), 1)
                    for i in range(args.checkpoints)})
    print(f"\n10-sample xor, 8-tanh-2, 1 iteration per epoch, {args.epochs} epochs; "
          f"{os.cpu_count()} CPUs; Qt platform {os.environ.get('QT_QPA_PLATFORM')}\n")
    header = (f"{'epochs':>8s} {'epochs/s':>9s} {'frames':>7s} {'median ms':>10s} "
              f"{'max ms':>7s} {'RSS MB':>7s} {'epoch rows':>11s} {'iter rows':>10s}")
    print(header)
    print("-" * len(header))
    view.train()
    last_epoch, last_t = 0, time.perf_counter()
    view.frame_times.clear()
    for mark in marks:
        while view.run.epoch < mark and view.session is not None and view.session.active:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        now = time.perf_counter()
        frames = np.asarray(view.frame_times) * 1000 if view.frame_times else np.zeros((1, 2))
        view.frame_times.clear()
        rate = (view.run.epoch - last_epoch) / (now - last_t)
        epoch_rows, iter_rows = history_rows(view.run)
        print(f"{view.run.epoch:8d} {rate:9.0f} {len(frames):7d} "
              f"{float(np.median(frames[:, 0])):10.1f} {float(frames[:, 0].max()):7.1f} "
              f"{rss_mb():7.0f} {epoch_rows:11d} {iter_rows:10d}", flush=True)
        last_epoch, last_t = view.run.epoch, now
        if view.session is None or not view.session.active:
            break
    view.pause()
    for _ in range(20):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    # export the epoch history through the view, with a 10 ms timer watching the GUI thread
    late = []
    state = {"last": time.perf_counter()}

    def tick():
        now = time.perf_counter()
        late.append(max((now - state["last"]) * 1000.0 - TICK_MS, 0.0))
        state["last"] = now

    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(TICK_MS)
    probe.timeout.connect(tick)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "epochs.csv"
        view.ask_save_path = lambda *a: str(target)
        probe.start()
        state["last"] = time.perf_counter()
        t0 = time.perf_counter()
        view.export_history("epochs")
        call_s = time.perf_counter() - t0
        while not target.exists() or getattr(view, "exports_pending", lambda: 0)():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        done_s = time.perf_counter() - t0
        for _ in range(5):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        probe.stop()
        rows = sum(1 for _ in target.open()) - 1
        size = target.stat().st_size
    print(f"\nEpoch CSV export at {view.run.epoch} epochs: the call returned after "
          f"{call_s * 1000:.0f} ms, the file ({rows} rows, {size / 1e6:.1f} MB) was written "
          f"after {done_s * 1000:.0f} ms; the GUI thread's longest stall {max(late or [0]):.0f} ms.")
    view.shutdown()
    view.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
