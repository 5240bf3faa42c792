"""The plot card every dashboard panel is built on, and what all cards share.

A :class:`PlotPanel` is one titled pyqtgraph plot with labelled axes
(:mod:`~workbench.dashboard.plot_axes`), a legend under the plot
(:class:`~workbench.dashboard.plot_legend.OutsideLegend`: legends never cover the data) and
a help tooltip. Panels create their plot items once (in ``__init__`` or when a run begins)
and afterwards only call ``setData`` from :meth:`PlotPanel.refresh`, which the view calls
from its ~30 Hz timer while the panel is visible.

Also here: TensorBoard's debiased exponential moving average (:func:`ema`), the axis-range
keeper (:class:`RangeKeeper`) and the crosshair hover readout (:class:`HoverReadout`).
Images are saved by :func:`workbench.dashboard.plot_export.export_plot`.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench import plot_colours
from workbench.dashboard.plot_axes import TickGrid, TidyAxis
from workbench.dashboard.plot_legend import OutsideLegend

#: point size of a card's title, and the room it leaves beside the plot's axes (pixels)
TITLE_POINTS = 10
TITLE_MARGIN = 12


def ema(values: np.ndarray, weight: float) -> np.ndarray:
    """TensorBoard's smoothing: a debiased exponential moving average.

    ``s_t = w·s_{t−1} + (1−w)·v_t`` with ``s_0 = 0``, shown as ``s_t / (1 − w^n)``
    where ``n`` counts the finite values so far (so the curve starts at the first value
    instead of at 0). Non-finite values pass through unsmoothed.

    Parameters
    ----------
    values : ndarray, shape (n,)
    weight : float
        Smoothing in [0, 1); 0 returns the values unchanged.
    """
    values = np.asarray(values, dtype=np.float64)
    if weight <= 0 or len(values) == 0:
        return values.copy()
    weight = min(float(weight), 0.999)
    out = np.empty_like(values)
    last, n, keep = 0.0, 0, 1.0 - weight
    for i, v in enumerate(values.tolist()):
        if not math.isfinite(v):
            out[i] = v
            continue
        last = last * weight + keep * v
        n += 1
        out[i] = last / (1.0 - weight ** n)
    return out


def nearest_index(xs: np.ndarray, x: float) -> int | None:
    """Index of the element of sorted ``xs`` closest to ``x`` (None when empty)."""
    if xs is None or len(xs) == 0:
        return None
    i = int(np.searchsorted(xs, x))
    if i <= 0:
        return 0
    if i >= len(xs):
        return len(xs) - 1
    return i if xs[i] - x < x - xs[i - 1] else i - 1


def format_value(v: float) -> str:
    """Compact, exact-enough text for a readout: 4 significant digits."""
    if v is None or not math.isfinite(v):
        return "—"
    return f"{v:.4g}"


def positive_for_log(values: np.ndarray, floor: float = 1e-12) -> np.ndarray:
    """``values`` with zeros and negatives replaced by ``floor`` (for log axes)."""
    values = np.asarray(values, dtype=np.float64)
    return np.where(values > floor, values, floor)


class RangeKeeper:
    """Sets a plot's visible range from its data, but only when it has to.

    pyqtgraph's auto-range refits the view after every ``setData``, which re-lays out
    and repaints both axes at every frame. Here the range changes only when the data
    leave it or fill less than half of it (a fixed x extent, e.g. the run's planned
    iterations, never changes at all), so most frames repaint the curves only.
    When the user zooms or pans, the keeper stands back until the next run.

    Parameters
    ----------
    plot : pyqtgraph.PlotItem
    pad : float
        Margin added around the data, as a share of its span.
    """

    def __init__(self, plot: pg.PlotItem, pad: float = 0.06):
        self.plot, self.pad = plot, pad
        self.active = True
        self.x = None
        self.y = None
        plot.vb.disableAutoRange()
        plot.vb.sigRangeChangedManually.connect(self._user_moved)

    def _user_moved(self, *_args) -> None:
        self.active = False

    def reset(self) -> None:
        """A new run: manage the range again (the user's zoom belonged to the old run)."""
        self.active = True
        self.x = self.y = None
        self.plot.vb.disableAutoRange()

    def fit(self, x: tuple | None = None, y: tuple | None = None,
            x_limit: float | None = None) -> None:
        """Make sure ``x = (lo, hi)`` and ``y = (lo, hi)`` (view coordinates) are visible.

        With ``x_limit`` (e.g. the iterations the run will take) x grows in steps of
        half its extent, up to the limit, instead of following every new point.
        """
        if not self.active or self.plot.vb.autoRangeEnabled()[0] or \
                self.plot.vb.autoRangeEnabled()[1]:
            return
        if x is not None and x_limit is not None:
            lo, hi = x
            if self.x is None or hi > self.x[1] or lo < self.x[0]:
                hi = min(max(hi, lo + 1) * 1.5, max(x_limit, hi))
            elif self.x is not None:
                hi = self.x[1] - (self.x[1] - self.x[0]) * self.pad / (1 + 2 * self.pad)
            x = (lo, hi)
        new_x = self._needed(self.x, x)
        new_y = self._needed(self.y, y)
        if new_x is not None:
            self.x = new_x
            self.plot.setXRange(*new_x, padding=0)
        if new_y is not None:
            self.y = new_y
            self.plot.setYRange(*new_y, padding=0)

    def _needed(self, current, data):
        if data is None:
            return None
        lo, hi = float(data[0]), float(data[1])
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return None
        if hi <= lo:
            half = abs(lo) * 0.05 or 0.5
            lo, hi = lo - half, hi + half
        if current is not None:
            c_lo, c_hi = current
            inside = c_lo <= lo and hi <= c_hi
            if inside and (hi - lo) >= 0.5 * (c_hi - c_lo):
                return None
        margin = (hi - lo) * self.pad
        return lo - margin, hi + margin


def finite_bounds(*arrays, log: bool = False) -> tuple | None:
    """``(min, max)`` over the finite values of ``arrays`` (log10 of positives when ``log``)."""
    lo, hi = math.inf, -math.inf
    for a in arrays:
        a = np.asarray(a, dtype=np.float64)
        if log:
            a = a[a > 0]
            if a.size:
                a = np.log10(a)
        a = a[np.isfinite(a)]
        if a.size:
            lo, hi = min(lo, float(a.min())), max(hi, float(a.max()))
    return (lo, hi) if lo <= hi else None


class HoverReadout:
    """A crosshair and a label with exact values under the mouse.

    Parameters
    ----------
    plot : pyqtgraph.PlotItem
    describe : callable
        ``describe(x) -> (x_snap, y_snap, text) | None`` for a data-space x (log10 already
        undone); the crosshair snaps to ``(x_snap, y_snap)``.
    """

    def __init__(self, plot: pg.PlotItem, describe):
        self.plot, self.describe = plot, describe
        pen = pg.mkPen("#888888", width=1, style=Qt.PenStyle.DashLine)
        self.vline = pg.InfiniteLine(angle=90, movable=False, pen=pen)
        self.hline = pg.InfiniteLine(angle=0, movable=False, pen=pen)
        self.label = pg.TextItem("", color=plot_colours.TEXT, anchor=(0, 1),
                                 fill=pg.mkBrush(255, 255, 255, 225),
                                 border=pg.mkPen("#999999"))
        for item in (self.vline, self.hline, self.label):
            item.setZValue(1000)
            item.hide()
            plot.addItem(item, ignoreBounds=True)
        self.text = ""
        plot.scene().sigMouseMoved.connect(self._mouse_moved)

    def _log(self) -> tuple[bool, bool]:
        ctrl = self.plot.ctrl
        return bool(ctrl.logXCheck.isChecked()), bool(ctrl.logYCheck.isChecked())

    def _mouse_moved(self, scene_pos) -> None:
        vb = self.plot.vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            self.hide()
            return
        p = vb.mapSceneToView(scene_pos)
        log_x, _ = self._log()
        self.show_at(10 ** p.x() if log_x else p.x())

    def show_at(self, x: float) -> bool:
        """Show the readout for data-space ``x``; False when there is nothing there."""
        found = self.describe(x)
        if not found:
            self.hide()
            return False
        xs, ys, text = found
        log_x, log_y = self._log()
        vx = math.log10(xs) if log_x and xs > 0 else xs
        vy = math.log10(ys) if log_y and ys is not None and ys > 0 else ys
        self.vline.setPos(vx)
        if vy is not None and math.isfinite(vy):
            self.hline.setPos(vy)
            self.hline.show()
        else:
            self.hline.hide()
        self.text = text
        self.label.setText(text)
        (x0, x1), (y0, y1) = self.plot.vb.viewRange()
        anchor_x = 1 if vx > (x0 + x1) / 2 else 0   # keep the label inside the plot
        self.label.setAnchor((anchor_x, 0))
        self.label.setPos(QPointF(vx, y1))
        self.vline.show()
        self.label.show()
        return True

    def hide(self) -> None:
        for item in (self.vline, self.hline, self.label):
            item.hide()


class PlotPanel(QFrame):
    """One dashboard card: a titled pyqtgraph plot with labelled axes and a legend.

    Parameters
    ----------
    title : str
    x_label, y_label : str
    help_text : str
        What the plot shows and how to read it (the card's tooltip).
    legend : bool
        Add a legend (in a row under the plot).
    """

    #: a short identifier used in file names when exporting
    key = "plot"

    def __init__(self, title: str, x_label: str, y_label: str, help_text: str = "",
                 legend: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(help_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(4, 0, 4, 0)
        layout.addLayout(self.header)
        self.header_widgets: list[QWidget] = []
        self.plot_widget = pg.PlotWidget(
            background=plot_colours.BACKGROUND,
            axisItems={name: TidyAxis(name) for name in ("left", "bottom", "right")})
        self.plot_widget.setMinimumSize(220, 150)
        self.plot: pg.PlotItem = self.plot_widget.getPlotItem()
        self._shown_title = title
        self._set_title(title)
        self.plot.setLabel("bottom", x_label, color=plot_colours.TEXT)
        self.plot.setLabel("left", y_label, color=plot_colours.TEXT)
        # a grid item, not the axes' grid: an axis that draws the grid covers the whole
        # plot, so every curve update would repaint its tick labels too
        self.grid = TickGrid(self.plot)
        self.plot.addItem(self.grid, ignoreBounds=True)
        for name in ("bottom", "left", "right"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen("#666666"))
            axis.setTextPen(pg.mkPen(plot_colours.TEXT))
            axis.enableAutoSIPrefix(False)  # "accuracy (x0.001)" reads badly
        self.plot.hideAxis("right")    # shown only by a panel with a second y axis
        self.plot.setMenuEnabled(True)
        self.legend: OutsideLegend | None = None
        if legend:
            self.legend = OutsideLegend(self.plot)
        layout.addWidget(self.plot_widget, 1)
        self.ranges = RangeKeeper(self.plot)
        # an axis that widens with its tick labels narrows the title's room too
        self.plot.geometryChanged.connect(self._fit_title)
        self.plot.vb.sigResized.connect(lambda _vb: self._fit_title())
        self.placeholder = pg.TextItem("", color="#777777", anchor=(0.5, 0.5))
        self.placeholder.setZValue(500)
        self.plot.addItem(self.placeholder, ignoreBounds=True)
        self._message = ""

    def _set_title(self, text: str) -> None:
        self._shown_title = text
        self.plot.setTitle(text, color=plot_colours.TEXT, size=f"{TITLE_POINTS}pt")

    def resizeEvent(self, event):  # Qt override
        super().resizeEvent(event)
        self._fit_title()

    def _fit_title(self) -> None:
        """Shorten the title with "…" when the card is narrower than it (a 1024-pixel
        window): pyqtgraph would otherwise widen the plot past the card's right edge."""
        font = self.plot_widget.font()
        font.setPointSizeF(TITLE_POINTS)
        metrics = QFontMetricsF(font)
        axes = sum(self.plot.getAxis(name).width() for name in ("left", "right")
                   if self.plot.getAxis(name).isVisible())
        room = self.plot_widget.width() - axes - TITLE_MARGIN
        text = self.title if metrics.horizontalAdvance(self.title) <= room else \
            metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, max(room, 20.0))
        if text != self._shown_title:
            self._set_title(text)
            # the plot was laid out for the old title's width: fit it to the card again
            self.plot.setGeometry(QRectF(self.plot_widget.rect()))

    def show_legend(self, shown: bool) -> None:
        """Show the legend under the plot (the view hides it until a run is prepared)."""
        if self.legend is not None:
            self.legend.set_shown(shown)

    def add_header_widget(self, label: str, widget: QWidget) -> None:
        """Put a small labelled control (e.g. a layer chooser) above the plot."""
        if label:
            text = QLabel(label)
            text.setBuddy(widget)
            self.header.addWidget(text)
        self.header.addWidget(widget)
        self.header.addStretch(1)
        self.header_widgets.append(widget)

    def set_message(self, text: str) -> None:
        """A grey note in the middle of the plot (e.g. "needs 2-D data"); "" hides it."""
        self._message = text
        self.placeholder.setText(text)
        self.placeholder.setVisible(bool(text))
        if text:
            (x0, x1), (y0, y1) = self.plot.vb.viewRange()
            self.placeholder.setPos((x0 + x1) / 2, (y0 + y1) / 2)

    # ------------------------------------------------------------ interface
    def begin(self, run) -> None:
        """A new current run starts: clear what belongs to the previous one."""

    def refresh(self, run, context) -> None:
        """Redraw from ``run`` (a :class:`RunRecord`); ``context`` has the display options."""

    def has_data(self) -> bool:
        """True when the plot shows something of the current run."""
        for item in self.plot.listDataItems():
            if hasattr(item, "xData") and item.xData is not None and len(item.xData):
                return True
        return False

    def export_item(self):
        """The graphics item that :func:`~workbench.dashboard.plot_export.export_plot` saves."""
        return self.plot
