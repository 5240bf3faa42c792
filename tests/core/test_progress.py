"""Progress reports and cancellation of slow data loading (core.progress)."""

import threading

import numpy as np
import pytest

from core.data.spec import prepare
from core.progress import Cancelled, report, reporting


def write_csv(path, rows=20_000, cols=20):
    values = np.arange(rows * cols).reshape(rows, cols) % 97
    values[:, -1] %= 3
    path.write_text("\n".join(",".join(map(str, r)) for r in values) + "\n")
    return path


def test_report_reaches_only_this_threads_listener():
    here, there = [], []
    with reporting(lambda f, t: here.append(f)):
        worker = threading.Thread(target=lambda: report(0.25, "elsewhere"))
        worker.start()
        worker.join()
        report(0.5, "here")
    report(0.75, "nobody listens")
    assert here == [0.5] and there == []


def test_loading_a_csv_reports_rising_fractions_up_to_one(tmp_path):
    path = write_csv(tmp_path / "big.csv")
    seen = []
    with reporting(lambda f, t: seen.append((f, t))):
        prepared = prepare({"source": "csv", "path": str(path)})
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert len(fractions) >= 4 and any("Parsing" in t for _, t in seen)
    assert len(prepared.train) + len(prepared.val) == 20_000


def test_a_callback_that_raises_cancelled_abandons_the_load(tmp_path):
    path = write_csv(tmp_path / "big.csv")

    def cancel_while_parsing(fraction, text):
        if text.startswith("Parsing"):
            raise Cancelled("Loading big.csv was cancelled.")

    with reporting(cancel_while_parsing), pytest.raises(Cancelled, match="big.csv"):
        prepare({"source": "csv", "path": str(path)})
