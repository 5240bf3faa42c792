"""Where the run stands: preparation, epoch x/y, iteration, samples per second, elapsed
time, ETA, and where the engine runs (with the threads it uses while the window is open)."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from workbench.i18n.core_texts import device_text, progress_text

#: the engine line never asks for more than this when the row is short of room
BACKEND_MIN_WIDTH = 90
#: room left of and right of the progress bar's text (pixels)
BAR_TEXT_PADDING = 6


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProgressPanel", text)


def format_duration(seconds: float | None) -> str:
    """``"1:02:03"`` or ``"2:03"``; ``"—"`` when unknown."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return "—"
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_rate(per_second: float | None) -> str:
    """``"12.3k samples/s"``."""
    if per_second is None or not math.isfinite(per_second) or per_second <= 0:
        return _tr("{} samples/s").format("—")
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if per_second >= limit:
            return _tr("{} samples/s").format(f"{per_second / limit:.3g}{suffix}")
    return _tr("{} samples/s").format(f"{per_second:.3g}")


class _MiddleElidedLabel(QLabel):
    """A one-line label that gives up room when its row is narrow: it is drawn shortened in
    the middle ("CPU · NumPy…1 of 2 threads"), keeping where the engine runs and its thread
    count; :meth:`text` stays whole and the tooltip explains it."""

    def minimumSizeHint(self):  # Qt override
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), BACKEND_MIN_WIDTH))
        return hint

    def paintEvent(self, event):  # Qt override
        room = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle,
                                             room.width())
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(room, int(self.alignment()), text)
        painter.end()


class _TextBar(QProgressBar):
    """A progress bar whose text fits on one line: when the bar is narrow, the middle
    parts of "epoch 14/200 · iteration 203/3000 · ETA 0:10" go first (the epoch and the
    ETA stay), then the rest is shortened with "…". :meth:`format` stays whole."""

    def text(self) -> str:  # Qt override: what the style draws
        full = super().text()
        metrics = self.fontMetrics()
        room = self.contentsRect().width() - 2 * BAR_TEXT_PADDING
        if metrics.horizontalAdvance(full) <= room:
            return full
        parts = full.split(" · ")
        while len(parts) > 2:
            del parts[len(parts) // 2]
            if metrics.horizontalAdvance(" · ".join(parts)) <= room:
                return " · ".join(parts)
        return metrics.elidedText(" · ".join(parts), Qt.TextElideMode.ElideMiddle,
                                  max(room, 20))


class ProgressPanel(QWidget):
    """A progress bar over all iterations of the run, and the figures beside it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = _TextBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setTextVisible(True)
        self.bar.setFormat(self.tr("not started"))
        self.bar.setToolTip(self.tr(
            "Progress of the run over all its iterations (one iteration = one batch: forward "
            "pass, backward pass, update; one epoch = one pass over the training set). ETA "
            "assumes the current speed."))
        self.bar.setMinimumWidth(260)
        layout.addWidget(self.bar, 3)
        self.rate = QLabel(self.tr("— samples/s"))
        self.rate.setToolTip(self.tr("Training samples processed per second (forward + backward + "
                             "update), measured over the last epoch"))
        self.elapsed = QLabel(self.tr("elapsed —"))
        self.elapsed.setToolTip(self.tr("Time spent training in this run (pauses excluded)"))
        self.backend = _MiddleElidedLabel("")
        self.backend.setToolTip(self.tr("Where the engine runs: NumPy on the CPU or CuPy on a "
                                        "GPU, and the BLAS library"))
        for label in (self.rate, self.elapsed, self.backend):
            layout.addWidget(label)

    def clear(self) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("not started"))
        self.rate.setText(self.tr("— samples/s"))
        self.elapsed.setText(self.tr("elapsed —"))
        self._preparing = False

    def show_preparation(self, progress) -> None:
        """While the data loads: the loader's fraction and what it does (Stop cancels)."""
        self._preparing = True
        fraction = progress.fraction
        if math.isfinite(fraction):
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(round(min(max(fraction, 0.0), 1.0) * 1000)))
            self.bar.setFormat(self.tr("Preparing: {}… {} (Stop cancels)").format(
                progress_text(progress.text), f"{fraction:.0%}"))
        else:
            self.bar.setRange(0, 0)          # busy: the loader cannot tell how far it is
            self.bar.setFormat(self.tr("Preparing: {}… (Stop cancels)").format(
                progress_text(progress.text)))

    def update_from(self, run) -> None:
        """Show the figures of ``run`` (a :class:`RunRecord`)."""
        info = run.info
        if info is None:
            if not getattr(self, "_preparing", False):
                self.bar.setFormat(self.tr("preparing the data and the network…"))
            return
        self._preparing = False
        total = max(info.epochs * info.iterations_per_epoch, 1)
        branch = getattr(run, "branched_from", None)     # a branch counts on from its moment
        steps = run.steps + (branch[1].step if branch is not None else 0)
        epoch_now = min(run.epoch + (0 if steps % info.iterations_per_epoch == 0 or
                                     steps == 0 else 1), info.epochs)
        self.bar.setRange(0, total)
        self.bar.setValue(min(steps, total))
        rate = run.latest.samples_per_second if run.latest is not None else None
        iter_rate = run.steps / run.running_seconds if run.running_seconds > 0 and run.steps \
            else None
        if run.finish is not None:
            eta = self.tr("done") if run.finish.reason == "completed" else \
                run.finish.reason.replace("_", " ")
        elif iter_rate:
            eta = self.tr("ETA {}").format(format_duration((total - steps) / iter_rate))
        else:
            eta = self.tr("ETA {}").format("—")
        self.bar.setFormat(self.tr("epoch {}/{} · iteration {}/{} · {}").format(
            max(epoch_now, run.epoch), info.epochs, steps, total, eta))
        self.rate.setText(format_rate(rate))
        self.elapsed.setText(self.tr("elapsed {}").format(format_duration(run.running_seconds)))
        text, tip = backend_text(info)
        if self.backend.text() != text:
            self.backend.setText(text)
            self.backend.setToolTip(tip)


def backend_text(info) -> tuple[str, str]:
    """The engine line of the Train tab and its tooltip.

    While the window is open, a CPU run uses one BLAS thread fewer than the machine has,
    so that the window stays responsive: ``"… · 1 of 2 threads"``, where the status bar
    (which describes the engine in general) says ``"2 threads"``.
    """
    tip = _tr("Where the engine runs: NumPy on the CPU or CuPy on a GPU, and the BLAS "
              "library doing the matrix products.")
    threads = getattr(info, "blas_threads", None)
    text = info.backend
    if threads is None:
        return text, tip
    used, available = threads
    parts = text.split(" · ")
    if parts and parts[-1].endswith(("thread", "threads")):
        parts = parts[:-1]
    parts.append(_tr("{} of {} threads").format(used, available) if available != 1
                 else _tr("{} of {} thread").format(used, available))
    if used < available:
        tip += " " + _tr("While the window is open, training uses {0} of the {1} BLAS "
                         "threads and leaves a core to the window so that it stays "
                         "responsive; the status bar and the command line use all {1}.") \
            .format(used, available)
    return device_text(" · ".join(parts)), tip
