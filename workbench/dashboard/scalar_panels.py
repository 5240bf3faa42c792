"""Scalar curves over training time: loss, accuracy (or RMSE and R²), learning rate.

The loss card is TensorBoard's: every batch loss drawn faintly, an exponential moving
average drawn boldly (the smoothing slider sets its weight), with the epoch means of
the training loss and the validation loss on top; a shaded band shows the min–max
envelope where old iterations were merged to bound memory. Vertical dashed lines mark
where the user changed the learning rate or the schedule.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from workbench import plot_colours
from workbench.dashboard.plot_panel import (
    HoverReadout,
    PlotPanel,
    ema,
    finite_bounds,
    format_value,
    nearest_index,
    positive_for_log,
)
from workbench.dashboard.timeline_bar import MomentLine

MAX_POINTS = 1500
MARKER_PEN = pg.mkPen("#7b1fa2", width=1, style=Qt.PenStyle.DashLine)


def planned_iterations(run) -> int:
    """Iterations the run will take if it goes to the end (the x extent of its plots)."""
    info = run.info
    return max(info.epochs * info.iterations_per_epoch, 1) if info is not None else 1


def planned_epochs(run) -> int:
    return max(run.info.epochs, 1) if run.info is not None else 1


def _rename(legend, item, name: str) -> None:
    """Give ``item``'s legend entry the text ``name`` (when it changed)."""
    if legend is None:
        return
    label = legend.getLabel(item)
    if label is not None and label.text != name:
        label.setText(name)
        legend.reflow()


def _set(item, x, y) -> None:
    """``setData`` that accepts empty arrays (hides the item's old data)."""
    if len(x):
        item.setData(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))
    else:
        item.setData([], [])


class _Markers:
    """Vertical lines for lr/schedule changes, created once per marker and reused."""

    def __init__(self, plot: pg.PlotItem):
        self.plot = plot
        self.lines: list[pg.InfiniteLine] = []
        self.shown = 0

    def update(self, markers, log_x: bool = False) -> None:
        for i, marker in enumerate(markers):
            if i >= len(self.lines):
                line = pg.InfiniteLine(angle=90, movable=False, pen=MARKER_PEN,
                                       label=marker.label,
                                       labelOpts={"position": 0.95, "color": "#7b1fa2",
                                                  "fill": pg.mkBrush(255, 255, 255, 200),
                                                  # along the line, left of it, from the top
                                                  "rotateAxis": (1, 0),
                                                  "anchors": [(1, 1), (1, 1)]})
                self.plot.addItem(line, ignoreBounds=True)
                self.lines.append(line)
            line = self.lines[i]
            line.setPos(marker.step)
            line.label.setFormat(marker.label)
            line.show()
        for line in self.lines[len(markers):]:
            line.hide()
        self.shown = len(markers)

    def clear(self) -> None:
        for line in self.lines:
            line.hide()
        self.shown = 0


class LossPanel(PlotPanel):
    """Loss per iteration (raw and smoothed) and per epoch (train and validation)."""

    key = "loss"

    def __init__(self, parent=None):
        super().__init__(
            QCoreApplication.translate("LossPanel", "Loss"),
            QCoreApplication.translate("LossPanel", "iteration"),
            QCoreApplication.translate("LossPanel", "loss"),
            QCoreApplication.translate(
                "LossPanel",
                "The loss after every iteration (faint), its moving average (bold; set the "
                "smoothing with the slider), and per epoch the mean training loss (dots) and the "
                "validation loss (dashed). The loss should fall; a validation loss that rises "
                "while the training loss falls means overfitting. Dashed purple lines mark "
                "learning-rate changes.",
            ),
            parent=parent,
        )
        self.low = pg.PlotDataItem(pen=None)
        self.high = pg.PlotDataItem(pen=None)
        self.band = pg.FillBetweenItem(self.low, self.high, brush=pg.mkBrush(31, 119, 180, 40))
        self.plot.addItem(self.band)
        self.raw = self.plot.plot(name=self.tr("batch"), pen=pg.mkPen(31, 119, 180, 90, width=1))
        self.smooth = self.plot.plot(name=self.tr("smoothed"), pen=pg.mkPen("#1f77b4", width=2))
        self.train = self.plot.plot(name=self.tr("train (epoch)"), pen=None, symbol="o",
                                    symbolSize=4, symbolBrush="#ff7f0e", symbolPen=None)
        self.val = self.plot.plot(name=self.tr("validation"), pen=pg.mkPen("#d62728", width=2,
                                                                  style=Qt.PenStyle.DashLine))
        self.markers = _Markers(self.plot)
        self.moment_line = MomentLine(self.plot, "step")   # the timeline's moment
        self.overlays: dict[int, tuple] = {}
        self.readout = HoverReadout(self.plot, self._describe)
        self._log = False
        self._shown = None   # (x, mean, low, high, smoothed) as drawn
        self._epochs = None  # (steps, train, val)
        self._key = None

    def begin(self, run) -> None:
        for item in (self.raw, self.smooth, self.train, self.val, self.low, self.high):
            item.setData([], [])
        # the current run is drawn in its own colour, as in the run list; the line style
        # tells the series apart (faint: batch, bold: smoothed, dots: epoch, dashed: val)
        c = pg.mkColor(run.colour)
        faint, band = pg.mkColor(c), pg.mkColor(c)
        faint.setAlpha(90)
        band.setAlpha(40)
        self.raw.setPen(pg.mkPen(faint, width=1))
        self.smooth.setPen(pg.mkPen(c, width=2))
        self.train.setSymbolBrush(pg.mkBrush(c.darker(140)))
        self.val.setPen(pg.mkPen(c.darker(140), width=2, style=Qt.PenStyle.DashLine))
        self.band.setBrush(pg.mkBrush(band))
        self.markers.clear()
        self._shown, self._epochs, self._key = None, None, None
        self.readout.hide()

    def set_log(self, log: bool) -> None:
        if log != self._log:
            self._log = log
            self.plot.setLogMode(y=log)
            self.ranges.y = None
            self._key = None

    def refresh(self, run, context) -> None:
        self.moment_line.show_for(run)
        self.set_log(context.log_y)
        compared = tuple(r.number for r in context.compared)
        key = (run.number, run.version, context.smoothing, compared, self._log)
        if key == self._key:
            return
        self._key = key
        view = run.history.loss.view(MAX_POINTS)
        smoothed = ema(view.mean, context.smoothing)
        self._shown = (view.x, view.mean, view.low, view.high, smoothed)
        fix = positive_for_log if self._log else (lambda v: v)
        _set(self.raw, view.x, fix(view.mean))
        _set(self.smooth, view.x, fix(smoothed))
        decimated = run.history.loss.span > 1
        band = (lambda v: np.log10(positive_for_log(v))) if self._log else (lambda v: v)
        _set(self.low, view.x if decimated else [], band(view.low) if decimated else [])
        _set(self.high, view.x if decimated else [], band(view.high) if decimated else [])
        h = run.history
        steps = h.epoch_column("steps", MAX_POINTS)
        train = h.epoch_column("train_loss", MAX_POINTS)
        val = h.epoch_column("val_loss", MAX_POINTS)
        self._epochs = (steps, train, val)
        _set(self.train, steps, fix(train))
        ok = np.isfinite(val)
        _set(self.val, steps[ok], fix(val[ok]))
        self.markers.update(h.markers)
        extra = self._refresh_overlays(run, context, fix)
        last_x = float(view.x[-1]) if len(view) else 0.0
        self.ranges.fit(x=(0, max([last_x] + extra[0])), x_limit=planned_iterations(run),
                        y=finite_bounds(view.mean, train, val, *extra[1], log=self._log))

    def _refresh_overlays(self, run, context, fix):
        """Draw the compared runs; return their x extents and y arrays (for the range)."""
        extents, arrays = [], []
        wanted = {r.number: r for r in context.compared}
        for number in list(self.overlays):
            if number not in wanted:
                for item in self.overlays.pop(number):
                    if self.legend is not None and item.name():
                        self.legend.removeItem(item)
                    self.plot.removeItem(item)
        for number, other in wanted.items():
            name = other.legend_name(run)
            if number not in self.overlays:
                colour = pg.mkColor(other.colour)
                smooth = self.plot.plot(name=name, pen=pg.mkPen(colour, width=1.5))
                val = self.plot.plot(pen=pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DotLine))
                self.overlays[number] = (smooth, val)
            smooth, val = self.overlays[number]
            _rename(self.legend, smooth, name)
            view = other.history.loss.view(MAX_POINTS)
            smoothed = ema(view.mean, context.smoothing)
            _set(smooth, view.x, fix(smoothed))
            steps = other.history.epoch_column("steps", MAX_POINTS)
            v = other.history.epoch_column("val_loss", MAX_POINTS)
            ok = np.isfinite(v)
            _set(val, steps[ok], fix(v[ok]))
            if len(view):
                extents.append(float(view.x[-1]))
            arrays += [smoothed, v]
        return extents, arrays

    def _describe(self, x: float):
        if self._shown is None or not len(self._shown[0]):
            return None
        xs, mean, low, high, smoothed = self._shown
        i = nearest_index(xs, x)
        text = self.tr("iteration {}\nbatch loss {}").format(f"{xs[i]:.0f}",
                                                              format_value(mean[i]))
        if high[i] > low[i]:
            text += self.tr(" (min {}, max {})").format(format_value(low[i]),
                                                         format_value(high[i]))
        text += self.tr("\nsmoothed {}").format(format_value(smoothed[i]))
        steps, train, val = self._epochs if self._epochs is not None else ((), (), ())
        j = nearest_index(np.asarray(steps), x)
        if j is not None:
            text += self.tr("\nepoch {}: train {}").format(j + 1, format_value(train[j]))
            if math.isfinite(val[j]):
                text += self.tr(", validation {}").format(format_value(val[j]))
        return xs[i], smoothed[i], text


#: The words of the accuracy panel's hover text, translated one by one.
_METRIC_WORDS = (QT_TRANSLATE_NOOP("MetricPanel", "train"),
                 QT_TRANSLATE_NOOP("MetricPanel", "validation"),
                 QT_TRANSLATE_NOOP("MetricPanel", "accuracy"))


class MetricPanel(PlotPanel):
    """Accuracy per epoch (classification) or RMSE and R² per epoch (regression)."""

    key = "metrics"

    def __init__(self, parent=None):
        super().__init__(
            QCoreApplication.translate("MetricPanel", "Accuracy"),
            QCoreApplication.translate("MetricPanel", "epoch"),
            QCoreApplication.translate("MetricPanel", "accuracy"),
            QCoreApplication.translate(
                "MetricPanel",
                "Share of correctly classified samples after each epoch, on the "
                "training set (solid) and on the validation set (dashed). For "
                "regression: the root-mean-square error (left axis) and R², the "
                "share of the target's variance explained (right axis, 1 is "
                "perfect).",
            ),
            parent=parent,
        )
        self.task = None
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.overlays: dict[int, pg.PlotDataItem] = {}
        self.r2_box = None
        self.moment_line = MomentLine(self.plot, "epoch")   # the timeline's moment
        self.readout = HoverReadout(self.plot, self._describe)
        self._data = None
        self._key = None

    def _build(self, task: str) -> None:
        """Create the curves for ``task`` (once per change of task, not per update)."""
        for item in list(self.curves.values()):
            if self.legend is not None:
                self.legend.removeItem(item)
            if item.getViewBox() is not None:
                item.getViewBox().removeItem(item)
        self.curves.clear()
        self.task = task
        solid, dashed = Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine
        if task == "classification":
            self.plot.setTitle(self.tr("Accuracy"), color=plot_colours.TEXT, size="10pt")
            self.plot.setLabel("left", self.tr("accuracy"))
            self.plot.hideAxis("right")
            self.curves["train_accuracy"] = self.plot.plot(
                name=self.tr("train"), pen=pg.mkPen("#ff7f0e", width=2, style=solid))
            self.curves["val_accuracy"] = self.plot.plot(
                name=self.tr("validation"), pen=pg.mkPen("#d62728", width=2, style=dashed))
            return
        self.plot.setTitle(self.tr("RMSE and R²"), color=plot_colours.TEXT, size="10pt")
        self.plot.setLabel("left", "RMSE")
        if self.r2_box is None:
            self.r2_box = pg.ViewBox()
            self.plot.showAxis("right")
            self.plot.scene().addItem(self.r2_box)
            self.plot.getAxis("right").linkToView(self.r2_box)
            self.r2_box.setXLink(self.plot)
            self.plot.vb.sigResized.connect(self._sync_r2_box)
            self._sync_r2_box()
        self.plot.showAxis("right")
        self.plot.setLabel("right", self.tr("R²"))
        self.curves["train_rmse"] = self.plot.plot(
            name=self.tr("RMSE train"), pen=pg.mkPen("#ff7f0e", width=2)
        )
        self.curves["val_rmse"] = self.plot.plot(name=self.tr("RMSE validation"),
                                                 pen=pg.mkPen("#d62728", width=2, style=dashed))
        for key, colour, style, label in (("train_r2", "#2ca02c", solid, "R² train"),
                                          ("val_r2", "#17becf", dashed, "R² validation")):
            item = pg.PlotDataItem(pen=pg.mkPen(colour, width=2, style=style))
            self.r2_box.addItem(item)
            if self.legend is not None:
                self.legend.addItem(item, label)
            self.curves[key] = item

    def _sync_r2_box(self) -> None:
        if self.r2_box is not None:
            self.r2_box.setGeometry(self.plot.vb.sceneBoundingRect())
            self.r2_box.linkedViewChanged(self.plot.vb, self.r2_box.XAxis)

    def begin(self, run) -> None:
        task = run.info.task if run.info is not None else "classification"
        if task != self.task:
            self._build(task)
        c = pg.mkColor(run.colour)
        for name, item in self.curves.items():
            item.setData([], [])
            if name.endswith("r2"):
                continue   # R² keeps its own colours (right axis)
            style = Qt.PenStyle.DashLine if name.startswith("val") else Qt.PenStyle.SolidLine
            item.setPen(pg.mkPen(c if name.startswith("train") else c.darker(140), width=2,
                                 style=style))
        self._data, self._key = None, None
        self.readout.hide()

    def refresh(self, run, context) -> None:
        self.moment_line.show_for(run)
        if run.info is not None and run.info.task != self.task:
            self._build(run.info.task)
        compared = tuple(r.number for r in context.compared)
        key = (run.number, run.version, compared)
        if key == self._key:
            return
        self._key = key
        h = run.history
        epochs = h.epoch_column("epoch", MAX_POINTS)
        self._data = {"epoch": epochs}
        for name, item in self.curves.items():
            values = h.epoch_column(name, MAX_POINTS)
            self._data[name] = values
            ok = np.isfinite(values)
            _set(item, epochs[ok], values[ok])
        last = self._refresh_overlays(run, context)
        if self.task == "classification":
            y = (0.0, 1.0)
        else:
            y = finite_bounds(self._data.get("train_rmse", ()), self._data.get("val_rmse", ()))
            y = (0.0, y[1]) if y is not None else None
        self.ranges.fit(x=(0, max(float(epochs[-1]) if len(epochs) else 0, last)), y=y,
                        x_limit=planned_epochs(run))

    def _refresh_overlays(self, run, context) -> int:
        metric = "accuracy" if self.task == "classification" else "rmse"
        wanted = {r.number: r for r in context.compared}
        for number in list(self.overlays):
            if number not in wanted:
                item = self.overlays.pop(number)
                if self.legend is not None:
                    self.legend.removeItem(item)
                self.plot.removeItem(item)
        last = 0
        for number, other in wanted.items():
            name = other.legend_name(run)
            if number not in self.overlays:
                self.overlays[number] = self.plot.plot(
                    name=name, pen=pg.mkPen(other.colour, width=1.5, style=Qt.PenStyle.DotLine))
            _rename(self.legend, self.overlays[number], name)
            h = other.history
            values = h.epoch_column(f"val_{metric}", MAX_POINTS)
            if not np.isfinite(values).any():
                values = h.epoch_column(f"train_{metric}", MAX_POINTS)
            epochs = h.epoch_column("epoch", MAX_POINTS)
            ok = np.isfinite(values)
            _set(self.overlays[number], epochs[ok], values[ok])
            last = max(last, float(epochs[-1]) if len(epochs) else 0)   # branches start late
        return last

    def _describe(self, x: float):
        if not self._data or not len(self._data["epoch"]):
            return None
        epochs = self._data["epoch"]
        i = nearest_index(epochs, x)
        lines = [self.tr("epoch {}").format(f"{epochs[i]:.0f}")]
        y = None
        for name in self.curves:
            value = self._data.get(name)
            if value is not None and i < len(value) and math.isfinite(value[i]):
                label = name.replace("_", " ").replace("val", "validation").replace(
                    "r2", "R²").replace("rmse", "RMSE")
                label = " ".join(self.tr(word) for word in label.split())   # _METRIC_WORDS
                lines.append(f"{label} {format_value(value[i])}")
                if y is None and name in ("train_accuracy", "train_rmse"):
                    y = value[i]
        return epochs[i], y, "\n".join(lines)


class LearningRatePanel(PlotPanel):
    """The learning rate used by every iteration, with the user's changes marked."""

    key = "learning_rate"

    def __init__(self, parent=None):
        super().__init__(
            QCoreApplication.translate("LearningRatePanel", "Learning rate"),
            QCoreApplication.translate("LearningRatePanel", "iteration"),
            QCoreApplication.translate("LearningRatePanel", "learning rate"),
            QCoreApplication.translate(
                "LearningRatePanel",
                "The step size of gradient descent used at each iteration, as the "
                "schedule sets it. Dashed purple lines mark where you changed the "
                "learning rate or the schedule while training.",
            ),
            legend=False,
            parent=parent,
        )
        self.curve = self.plot.plot(pen=pg.mkPen("#9467bd", width=2))
        self.markers = _Markers(self.plot)
        self.moment_line = MomentLine(self.plot, "step")   # the timeline's moment
        self.readout = HoverReadout(self.plot, self._describe)
        self._data = None
        self._key = None
        self._log = False

    def begin(self, run) -> None:
        """A new run: linear axis and a fresh range (the last run's log axis does not stay)."""
        self.curve.setData([], [])
        self.markers.clear()
        self._data, self._key = None, None
        if self._log:
            self._log = False
            self.plot.setLogMode(y=False)
        self.ranges.reset()
        if run.info is not None:
            lr = float(run.experiment.get("optimizer", {}).get("lr", 0) or 0)
            if math.isfinite(lr) and lr > 0:
                self.ranges.fit(x=(0, 1), y=(0.0, lr), x_limit=planned_iterations(run))

    def refresh(self, run, context) -> None:
        self.moment_line.show_for(run)
        key = (run.number, run.version)
        if key == self._key:
            return
        self._key = key
        view = run.history.lr.view(MAX_POINTS)
        self._data = (view.x, view.mean)
        _set(self.curve, view.x, view.mean)
        y = None
        if len(view):
            lo, hi = float(np.min(view.low)), float(np.max(view.high))
            log = lo > 0 and hi / lo > 20
            if log != self._log:
                self._log = log
                self.plot.setLogMode(y=log)
                self.ranges.y = None
            y = finite_bounds(view.low, view.high, log=True) if log else (min(lo, 0.0), hi)
        self.ranges.fit(x=(0, view.x[-1] if len(view) else 0), y=y,
                        x_limit=planned_iterations(run))
        self.markers.update(run.history.markers)

    def _describe(self, x: float):
        if self._data is None or not len(self._data[0]):
            return None
        xs, lr = self._data
        i = nearest_index(xs, x)
        return xs[i], lr[i], self.tr("iteration {}\nlearning rate {}").format(
            f"{xs[i]:.0f}", f"{lr[i]:.4g}")
