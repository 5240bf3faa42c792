"""Per-layer health over training: gradients and weights.

Gradients page: the gradient norm of every weight matrix per epoch (log scale, with the
vanishing/exploding limits), a histogram of the latest gradients of each layer, and the
share of dead ReLU units. Weights page: the distribution of a layer's weights over the
epochs as an image (TensorBoard's histograms, seen from above), the current weight
matrix as a heatmap, and the update/weight ratio ‖ΔW‖/‖W‖ per epoch.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtWidgets import QComboBox

from core.errors import SpecError
from core.nn.layers.base import layer_class
from core.training.health_alerts import DEAD_LIMIT, EXPLODING, VANISHING
from workbench import plot_colours
from workbench.dashboard.filter_grid import filter_grid, first_conv_weight
from workbench.dashboard.plot_panel import (
    HoverReadout,
    PlotPanel,
    finite_bounds,
    format_value,
    nearest_index,
    positive_for_log,
)
from workbench.dashboard.scalar_panels import MAX_POINTS, planned_epochs
from workbench.dashboard.timeline_bar import MomentLine
from workbench.i18n import core_texts

LIMIT_PEN = pg.mkPen("#c62828", width=1, style=Qt.PenStyle.DashLine)
HIST_BINS = 40


def weight_names(run) -> list[str]:
    """Names of the weight matrices of the run (``"0.weight"``, ...), in layer order."""
    if run.info is None:
        return []
    return [n for n in run.info.weights if n.endswith(".weight")]


def layer_label(name: str, specs, short: bool = False) -> str:
    """``"0.weight · Dense 32"``: the parameter and the layer it belongs to (its title and
    size); ``short``: ``"0: Dense 32"``, the layer alone (legends: weights implied). The
    bare name when it names no layer of ``specs``."""
    try:
        index = int(name.split(".")[0])
        spec = specs[index]
        cls = layer_class(spec["type"])
    except (ValueError, IndexError, KeyError, SpecError):
        return name
    size = cls.size_text(spec)
    title = core_texts.entry_title(cls.entry)
    layer = f"{title} {size}" if size else title
    return f"{index}: {layer}" if short else f"{name} · {layer}"


def feeds_dying_units(specs, index: int) -> bool:
    """Whether layer ``index``'s output reaches a layer whose units can die (ReLU) before
    another layer mixes the features: the engine then reports its dead-unit share."""
    for spec in specs[index + 1:]:
        cls = layer_class(spec["type"])
        if cls.mixes_features:
            return False
        if cls.can_die:
            return True
    return False


def _limit_line(plot, value: float, label: str) -> pg.InfiniteLine:
    line = pg.InfiniteLine(pos=np.log10(value), angle=0, movable=False, pen=LIMIT_PEN,
                           label=label, labelOpts={"position": 0.02, "color": "#c62828",
                                                   "anchors": [(0, 1), (0, 1)]})
    plot.addItem(line, ignoreBounds=True)
    return line


class _PerParamPanel(PlotPanel):
    """A curve per weight matrix against the epoch, created when a run begins."""

    column = "grad_norm"
    log_y = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.log_y:
            self.plot.setLogMode(y=True)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self._labels: list = []
        self.readout = HoverReadout(self.plot, self._describe)
        self._key = None
        self._data = {}

    def begin(self, run) -> None:
        self._key, self._data = None, {}
        specs = run.info.layer_specs if run.info is not None else ()
        wanted = [(name, layer_label(name, specs, short=True)) for name in weight_names(run)]
        if wanted == self._labels:       # same network as the last run: reuse the curves
            for item in self.curves.values():
                item.setData([], [])
            return
        for item in self.curves.values():
            self.legend.removeItem(item)
            self.plot.removeItem(item)
        self.curves = {}
        self._labels = wanted
        for i, (name, label) in enumerate(wanted):
            self.curves[name] = self.plot.plot(name=label,
                                               pen=pg.mkPen(plot_colours.layer_colour(i), width=2))

    def refresh(self, run, context) -> None:
        key = (run.number, run.history.n_epochs)
        if key == self._key:
            return
        self._key = key
        epochs = run.history.epoch_column("epoch", MAX_POINTS)
        self._data = {"epoch": epochs}
        for name, item in self.curves.items():
            values = run.history.epoch_column(f"{self.column}[{name}]", MAX_POINTS)
            self._data[name] = values
            ok = np.isfinite(values)
            y = positive_for_log(values[ok]) if self.log_y else values[ok]
            if ok.any():
                item.setData(epochs[ok], y)
            else:
                item.setData([], [])
        values = [self._data[n] for n in self.curves]
        y = (0.0, 1.0) if not self.log_y else finite_bounds(
            *[positive_for_log(v[np.isfinite(v)]) for v in values], log=True)
        self.ranges.fit(x=(0, float(epochs[-1]) if len(epochs) else 0), y=y,
                        x_limit=planned_epochs(run))

    def _describe(self, x: float):
        epochs = self._data.get("epoch")
        if epochs is None or not len(epochs):
            return None
        i = nearest_index(epochs, x)
        lines = [self.tr("epoch {}").format(f"{epochs[i]:.0f}")]
        first = None
        for name in self.curves:
            v = self._data[name][i]
            if np.isfinite(v):
                lines.append(f"{name}: {format_value(v)}")
                first = v if first is None else first
        return epochs[i], first, "\n".join(lines)


class GradientNormPanel(_PerParamPanel):
    key = "gradient_norms"
    column = "grad_norm"

    def __init__(self, parent=None):
        super().__init__(
            QCoreApplication.translate("GradientNormPanel", "Gradient norm per layer"),
            QCoreApplication.translate("GradientNormPanel", "epoch"),
            QCoreApplication.translate("GradientNormPanel", "‖∂L/∂W‖"),
            QCoreApplication.translate(
                "GradientNormPanel",
                "The size of the gradient of the loss with respect to each weight "
                "matrix (last batch of each epoch), on a log scale. Below 1e-7 the "
                "layer has stopped learning (vanishing gradient); above 1e3 the "
                "updates blow up (exploding gradient).",
            ),
            parent=parent,
        )
        _limit_line(self.plot, VANISHING, self.tr("vanishing"))
        _limit_line(self.plot, EXPLODING, self.tr("exploding"))


class UpdateRatioPanel(_PerParamPanel):
    key = "update_ratio"
    column = "update_ratio"

    def __init__(self, parent=None):
        super().__init__(
            QCoreApplication.translate("UpdateRatioPanel", "Update / weight ratio"),
            QCoreApplication.translate("UpdateRatioPanel", "epoch"),
            "‖ΔW‖ / ‖W‖",
            QCoreApplication.translate(
                "UpdateRatioPanel",
                "How much the last update of each epoch changed each weight matrix, "
                "relative to its size (log scale). Around 1e-3 is a healthy rule of "
                "thumb; much smaller means the learning rate is too low, much larger "
                "means it is too high.",
            ),
            parent=parent,
        )
        line = pg.InfiniteLine(pos=-3, angle=0, movable=False,
                               pen=pg.mkPen("#888888", style=Qt.PenStyle.DotLine),
                               label="1e-3", labelOpts={"position": 0.02, "color": "#666666",
                                                        "anchors": [(0, 1), (0, 1)]})
        self.plot.addItem(line, ignoreBounds=True)


class DeadUnitsPanel(_PerParamPanel):
    key = "dead_units"
    column = "dead_fraction"
    log_y = False

    def __init__(self, parent=None):
        super().__init__(
            QCoreApplication.translate("DeadUnitsPanel", "Dead ReLU units"),
            QCoreApplication.translate("DeadUnitsPanel", "epoch"),
            QCoreApplication.translate("DeadUnitsPanel", "share of dead units"),
            QCoreApplication.translate(
                "DeadUnitsPanel",
                "The share of ReLU units after each dense layer that output 0 for "
                "every validation sample: they pass no gradient and no longer learn. "
                "Above 50% (red line) the layer is mostly dead: lower the learning "
                "rate, use He initialization or Leaky ReLU.",
            ),
            parent=parent,
        )
        self.plot.setYRange(0, 1)
        line = pg.InfiniteLine(pos=DEAD_LIMIT, angle=0, movable=False, pen=LIMIT_PEN)
        self.plot.addItem(line, ignoreBounds=True)

    def begin(self, run) -> None:
        super().begin(run)
        specs = run.info.layer_specs if run.info is not None else ()
        can_die = any(layer_class(s["type"]).can_die for s in specs)
        self.set_message("" if can_die or run.info is None else
                         self.tr("The network has no ReLU layer."))
        for name in list(self.curves):
            if not feeds_dying_units(specs, int(name.split(".")[0])):
                # only layers that feed a ReLU can have dead units
                item = self.curves.pop(name)
                self.legend.removeItem(item)
                self.plot.removeItem(item)


class _LayerChooserPanel(PlotPanel):
    """A panel showing one weight matrix at a time, picked from a combo box."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chooser = QComboBox()
        self.chooser.setToolTip(self.tr("Which layer's weights to show"))
        self.chooser.setAccessibleName(self.tr("layer"))
        self.chooser.currentIndexChanged.connect(self._chosen)
        self.add_header_widget(self.tr("Layer:"), self.chooser)
        self._key = None
        self._run = None

    def begin(self, run) -> None:
        self._key = None
        self._run = run
        current = self.chooser.currentData()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        specs = run.info.layer_specs if run.info is not None else ()
        names = weight_names(run)
        for name in names:
            self.chooser.addItem(layer_label(name, specs), name)
        index = self.chooser.findData(current)
        if index < 0 and names:   # by default the largest matrix: the most to see
            sizes = [np.asarray(run.info.weights[n]).size for n in names]
            index = int(np.argmax(sizes))
        self.chooser.setCurrentIndex(max(index, 0))
        self.chooser.blockSignals(False)

    def selected(self) -> str | None:
        return self.chooser.currentData()

    def _chosen(self, _index) -> None:
        self._key = None
        if self._run is not None:
            self.refresh(self._run, None)


class GradientHistogramPanel(_LayerChooserPanel):
    """Histogram of the latest gradients of the chosen weight matrix."""

    key = "gradient_histograms"

    def __init__(self, parent=None):
        super().__init__(
            QCoreApplication.translate("GradientHistogramPanel", "Gradient histogram (latest)"),
            QCoreApplication.translate("GradientHistogramPanel", "∂L/∂w"),
            QCoreApplication.translate("GradientHistogramPanel", "share of weights"),
            QCoreApplication.translate(
                "GradientHistogramPanel",
                "The distribution of the gradient of every weight of the chosen layer "
                "(last batch of the latest epoch; the x range ends at the 99th "
                "percentile of |∂L/∂w|). A narrow spike at 0 means the layer hardly "
                "learns; a very wide one means unstable updates.",
            ),
            legend=False,
            parent=parent,
        )
        self.curve = self.plot.plot(stepMode="center", pen=pg.mkPen("#1f77b4", width=1.5),
                                    fillLevel=0, brush=pg.mkBrush(31, 119, 180, 60))
        self.zero = pg.InfiniteLine(pos=0, angle=90, movable=False,
                                    pen=pg.mkPen("#888888", style=Qt.PenStyle.DotLine))
        self.plot.addItem(self.zero, ignoreBounds=True)

    def begin(self, run) -> None:
        super().begin(run)
        self.curve.setData([], [])

    def refresh(self, run, context) -> None:
        self._run = run
        name = self.selected()
        g = run.gradients.get(name) if name and run.gradients else None
        if g is None or not np.size(g):
            return
        key = (run.number, name, run.epoch)
        if key == self._key:
            return
        self._key = key
        colour = pg.mkColor(plot_colours.layer_colour(max(self.chooser.currentIndex(), 0)))
        fill = pg.mkColor(colour)
        fill.setAlpha(60)
        self.curve.setPen(pg.mkPen(colour, width=1.5))
        self.curve.setBrush(pg.mkBrush(fill))
        g = np.asarray(g, dtype=np.float64).ravel()
        g = g[np.isfinite(g)]
        if not g.size:
            return
        # the 99th percentile, not the maximum: one outlier would squash the rest
        bound = float(np.percentile(np.abs(g), 99)) or float(np.max(np.abs(g))) or 1e-12
        counts, edges = np.histogram(np.clip(g, -bound, bound), bins=HIST_BINS,
                                     range=(-bound, bound))
        share = counts / g.size
        self.curve.setData(edges, share)
        self.ranges.fit(x=(-bound, bound), y=(0.0, float(share.max())))


class WeightHistoryPanel(_LayerChooserPanel):
    """TensorBoard-style histograms over time: epoch → weight value, shade = density."""

    key = "weight_histograms"
    BINS = 48

    def __init__(self, parent=None):
        super().__init__(
            QCoreApplication.translate("WeightHistoryPanel", "Weight distribution over time"),
            QCoreApplication.translate("WeightHistoryPanel", "epoch"),
            QCoreApplication.translate("WeightHistoryPanel", "weight value"),
            QCoreApplication.translate(
                "WeightHistoryPanel",
                "How the values of the chosen layer's weights are distributed after "
                "each epoch (epoch 0: the initial weights): each column is a "
                "smoothed histogram seen from above, darker where more weights lie; "
                "the lines are the median and the 16th/84th percentiles. A fan that "
                "opens up means the weights grow; a column collapsed to 0 means the "
                "layer died.",
            ),
            parent=parent,
        )
        self.image = pg.ImageItem()
        self.image.setColorMap(plot_colours.density_map())
        self.plot.addItem(self.image)
        band = pg.mkPen("#d62728", width=1, style=Qt.PenStyle.DashLine)
        self.low = self.plot.plot(name=self.tr("16th / 84th percentile"), pen=band)
        self.median = self.plot.plot(name=self.tr("median"), pen=pg.mkPen("#d62728", width=1.5))
        self.high = self.plot.plot(pen=band)
        self.moment_line = MomentLine(self.plot, "epoch")   # the timeline's moment
        self.columns = 0
        self._range = None   # value range of the image, widened only when needed

    def has_data(self) -> bool:
        return self.columns > 0

    def begin(self, run) -> None:
        super().begin(run)
        self._range = None
        self.columns = 0

    def _chosen(self, _index) -> None:
        self._range = None
        super()._chosen(_index)

    def refresh(self, run, context) -> None:
        self._run = run
        self.moment_line.show_for(run)
        name = self.selected()
        history = run.weight_samples.get(name) if name else None
        if history is None or not len(history):
            return
        key = (run.number, name, len(history), history.epochs()[-1])
        if key == self._key:
            return
        self._key = key
        lo, hi = history.value_range()
        if self._range is None or lo < self._range[0] or hi > self._range[1] or \
                (hi - lo) < 0.5 * (self._range[1] - self._range[0]):
            margin = 0.1 * (hi - lo)
            self._range = (lo - margin, hi + margin)
        epochs, edges, density = history.density(self.BINS, self._range)
        self.columns = len(epochs)
        step = epochs[1] - epochs[0] if len(epochs) > 1 else 1.0
        peak = float(density.max()) or 1.0
        self.image.setImage(density, levels=(0.0, peak))
        self.image.setRect(QRectF(epochs[0] - step / 2, edges[0], step * len(epochs),
                                  edges[-1] - edges[0]))
        q = history.percentiles((16, 50, 84))
        self.low.setData(epochs, q[:, 0])
        self.median.setData(epochs, q[:, 1])
        self.high.setData(epochs, q[:, 2])
        self.ranges.fit(x=(-0.5, epochs[-1] + 0.5), y=(edges[0], edges[-1]),
                        x_limit=planned_epochs(run) + 0.5)


class WeightMatrixPanel(_LayerChooserPanel):
    """The chosen layer's current weight matrix as a heatmap (blue +, orange −)."""

    key = "weight_matrix"

    def __init__(self, parent=None):
        super().__init__(
            QCoreApplication.translate("WeightMatrixPanel", "Weight matrix"),
            QCoreApplication.translate("WeightMatrixPanel", "input (neuron of the previous layer)"),
            QCoreApplication.translate("WeightMatrixPanel", "neuron of this layer"),
            QCoreApplication.translate(
                "WeightMatrixPanel",
                "The chosen layer's weights after the latest epoch: row = neuron of "
                "this layer, column = input it reads; blue for positive, orange for "
                "negative weights, white near 0 (the colour scale ends at the 99th "
                "percentile of |w|). A convolution's filters are shown as a grid of "
                "small images, one tile per filter (the first convolution is chosen "
                "by default).",
            ),
            legend=False,
            parent=parent,
        )
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.plot.invertY(True)
        self.plot.removeItem(self.grid)
        self.bar = pg.ColorBarItem(values=(-1, 1), colorMap=plot_colours.diverging_map(),
                                   interactive=False, width=12)
        self.bar.setImageItem(self.image, insert_in=self.plot)
        self.shape = None

    def has_data(self) -> bool:
        return self.shape is not None

    def begin(self, run) -> None:
        chosen = self.chooser.currentData()
        super().begin(run)
        conv = first_conv_weight(run.info.layer_specs) if run.info is not None else None
        if conv is not None and self.chooser.findData(chosen) < 0:  # filters by default
            self.chooser.blockSignals(True)
            self.chooser.setCurrentIndex(self.chooser.findData(conv))
            self.chooser.blockSignals(False)

    def refresh(self, run, context) -> None:
        self._run = run
        name = self.selected()
        w = run.weights.get(name) if name else None
        if w is None:
            return
        key = (run.number, name, run.epoch)
        if key == self._key:
            return
        self._key = key
        w = np.asarray(w, dtype=np.float64)
        filters = w.ndim == 4  # a convolution's (filters, channels, kh, kw): a grid of them
        if filters:
            w = filter_grid(w)
        elif w.ndim > 2:
            w = w.reshape(w.shape[0], -1)
        self.plot.setLabel("bottom", self.tr("filters, one tile each (kernel columns)")
                           if filters else self.tr("input (neuron of the previous layer)"))
        self.plot.setLabel("left", self.tr("kernel rows") if filters
                           else self.tr("neuron of this layer"))
        finite = np.abs(w[np.isfinite(w)])
        # the 99th percentile: a few large weights should not wash out all the others
        bound = float(np.percentile(finite, 99)) if finite.size else 1.0
        bound = bound or float(finite.max(initial=0.0)) or 1.0
        self.image.setImage(w.T, levels=(-bound, bound))   # image[x = input, y = neuron]
        self.image.setRect(QRectF(-0.5, -0.5, w.shape[1], w.shape[0]))
        self.bar.setLevels((-bound, bound))
        if self.shape != w.shape:
            self.shape = w.shape
            self.plot.setRange(xRange=(-0.5, w.shape[1] - 0.5), yRange=(-0.5, w.shape[0] - 0.5),
                               padding=0.02)
