"""How the window behaves while the Data panel reads a large CSV.

Writes a numeric CSV of about ``--mb`` megabytes (10 features and a class column), opens
it through the Data panel as a person would (Source › CSV file), and records, while it
loads:

* the longest gap between ticks of a 10 ms timer on the GUI thread (how long the window
  could not answer a click),
* the time until the data is shown, and
* the process's peak resident memory, and the bytes of the arrays the panel and the Train
  tab hold afterwards (one copy: the Train tab reuses the panel's prepared data).

With ``--cancel-after S`` it presses Cancel S seconds into the load instead and reports
how long the thread took to stop and that the previous data stayed.

Run: ``QT_QPA_PLATFORM=offscreen python3 benchmarks/gui_data_loading.py --mb 100``.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def write_csv(path: Path, megabytes: float) -> int:
    import numpy as np
    rng = np.random.default_rng(0)
    row_bytes = 10 * 9 + 2  # ten "-0.12345," cells and a class
    rows = int(megabytes * 2**20 / row_bytes)
    with open(path, "w", encoding="ascii") as fh:
        fh.write(",".join(f"f{j}" for j in range(10)) + ",label\n")
        block = 100_000
        for start in range(0, rows, block):
            n = min(block, rows - start)
            X = rng.normal(size=(n, 10))
            y = (X[:, 0] > 0).astype(int)
            lines = "\n".join(",".join(f"{v:.5f}" for v in r) + f",{c}" for r, c in zip(X, y))
            fh.write(lines + "\n")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="size of the CSV (MB)")
    parser.add_argument("--cancel-after", type=float, default=None,
                        help="press Cancel this many seconds into the load")
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer

    from workbench.app import ensure_application
    app = ensure_application()
    from workbench.main_window import MainWindow
    from workbench.settings import WorkbenchSettings

    with tempfile.TemporaryDirectory(prefix="nnwb-bench-") as tmp:
        path = Path(tmp) / "big.csv"
        t0 = time.perf_counter()
        rows = write_csv(path, args.mb)
        size = path.stat().st_size / 2**20
        print(f"CSV: {rows:,} rows, {size:.0f} MB (written in {time.perf_counter() - t0:.1f} s)")

        window = MainWindow(settings=WorkbenchSettings.at(Path(tmp) / "s.ini"),
                            restore_layout=False)
        window.show()
        getattr(window, "wait_for_data", lambda: None)()  # (older versions load at once)
        panel = window.dataset_panel
        before = window.document.experiment["data"]["source"]

        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]

        texts: list[str] = []

        def tick():
            now = clock.elapsed()
            gaps.append(now - last[0])
            texts.append(getattr(panel, "progress_label", panel.summary_label).text())
            last[0] = now
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        timer.start()

        panel.set_file_dialog(lambda: str(path))
        row = panel.source_combo.findData("csv", Qt.ItemDataRole.UserRole)
        start = time.perf_counter()
        panel.source_combo.setCurrentIndex(row)
        panel.source_combo.activated.emit(row)
        cancelled_at = None
        while getattr(panel, "loading", False):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
            if args.cancel_after is not None and cancelled_at is None \
                    and time.perf_counter() - start >= args.cancel_after:
                cancelled_at = time.perf_counter()
                panel.cancel_button.click()
        end = time.perf_counter()
        settle = time.perf_counter()
        while time.perf_counter() - settle < 0.1:  # the tick after a stall, if any
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        timer.stop()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worst = max(range(len(gaps)), key=gaps.__getitem__)
        print(f"longest GUI-thread gap during the load: {gaps[worst]:.0f} ms, before "
              f"{texts[worst]!r} ({len(gaps)} ticks of 10 ms; median "
              f"{sorted(gaps)[len(gaps) // 2]:.0f} ms)")
        if cancelled_at is not None:
            print(f"Cancel pressed after {cancelled_at - start:.1f} s; the load stopped "
                  f"{(end - cancelled_at) * 1000:.0f} ms later; data source still "
                  f"{window.document.experiment['data']['source']!r} (was {before!r})")
        else:
            loaded = window.dataset
            if hasattr(loaded, "prepared"):
                arrays = loaded.nbytes / 2**20
                view = window.training_view
                reused = view is not None and view.controller._cached_prepared(
                    window.document.experiment, window.document.base_dir) is loaded.prepared
                print(f"loaded in {end - start:.1f} s: {loaded.summary['rows']:,} rows; "
                      f"arrays held {arrays:.0f} MB; the Train tab reuses them: {reused}")
            else:  # a version that read on the GUI thread
                print(f"loaded in {end - start:.1f} s (on the GUI thread)")
        print(f"peak resident memory of the process: {peak:.0f} MB")
        window.discard_and_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
