"""Waiting for the Data panel's background loads in GUI tests."""

from __future__ import annotations

import time

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication


def wait_for_data(widget, timeout_s: float = 20.0) -> None:
    """Process events until the Data panel of ``widget``'s window (or ``widget`` itself,
    a DatasetPanel) has no load in progress; fail after ``timeout_s``."""
    window = widget.window() if hasattr(widget, "window") else widget
    panel = getattr(window, "dataset_panel", None) or getattr(widget, "dataset_panel", None) \
        or widget
    deadline = time.monotonic() + timeout_s
    while panel.loading:
        assert time.monotonic() < deadline, "the data did not finish loading"
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)
    QApplication.processEvents()
