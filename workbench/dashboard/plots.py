"""The plot card every dashboard panel is built on, and what all cards share.

A :class:`PlotPanel` is one titled pyqtgraph plot with labelled axes, a legend under the
plot (:class:`OutsideLegend`: legends never cover the data) and a help tooltip. Panels create their plot items once (in ``__init__`` or when a run
begins) and afterwards only call ``setData`` from :meth:`PlotPanel.refresh`, which the
view calls from its ~30 Hz timer while the panel is visible.

Also here: TensorBoard's debiased exponential moving average (:func:`ema`), the
crosshair hover readout (:class:`HoverReadout`) and image export (:func:`export_plot`).
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401  (registers the exporters)
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core.errors import WorkbenchError
from core.files.atomic_write import write_bytes_atomic
from workbench.dashboard import palette

EXPORT_FORMATS = ("png", "svg")
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


class TidyAxis(pg.AxisItem):
    """An axis whose tick labels never overlap.

    pyqtgraph labels the minor ticks of a log axis (2, 3 … 9 × 10ⁿ) as soon as there is
    some room, and neighbouring labels then overwrite each other. Here labels are kept
    greedily, powers of ten first, then the others in order, and a label that would
    touch one already kept is left out (its tick line stays).
    """

    GAP = 2.0    # pixels between two labels

    def generateDrawSpecs(self, p):  # pyqtgraph override
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return specs
        axis, ticks, texts = specs
        kept: list = []
        for spec in sorted(texts, key=lambda t: (not _is_decade(t[2]),)):
            rect = spec[0].adjusted(-self.GAP, -self.GAP, self.GAP, self.GAP)
            if not any(rect.intersects(other[0]) for other in kept):
                kept.append(spec)
        kept.sort(key=lambda t: texts.index(t))
        return axis, ticks, kept


def _is_decade(text: str) -> bool:
    """True for a tick label that reads as a power of ten (1, 0.01, 1e-05, 100 …)."""
    try:
        value = abs(float(text.replace("−", "-")))
    except ValueError:
        return False
    if value == 0 or not math.isfinite(value):
        return False
    exponent = math.log10(value)
    return abs(exponent - round(exponent)) < 1e-9


class TickGrid(pg.GraphicsObject):
    """Faint grid lines at the axes' major and minor ticks (lines only, no text)."""

    def __init__(self, plot: pg.PlotItem):
        super().__init__()
        self.plot = plot
        self.major = pg.mkPen(0, 0, 0, 30, width=0)
        self.minor = pg.mkPen(0, 0, 0, 12, width=0)
        self.setZValue(-100)
        plot.vb.sigRangeChanged.connect(self._range_changed)

    def _range_changed(self, *_args) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:  # Qt override
        return self.plot.vb.viewRect()

    def paint(self, painter, *_args) -> None:  # Qt override
        rect = self.plot.vb.viewRect()
        size = self.plot.vb.size()
        for name, horizontal in (("bottom", True), ("left", False)):
            axis = self.plot.getAxis(name)
            lo, hi = (rect.left(), rect.right()) if horizontal else (rect.top(), rect.bottom())
            pixels = size.width() if horizontal else size.height()
            if not (hi > lo) or pixels <= 0:
                continue
            try:
                levels = axis.tickValues(lo, hi, pixels)
            except Exception:  # an axis mid-update: no grid this frame
                continue
            for level, (_spacing, values) in enumerate(levels[:2]):
                painter.setPen(self.major if level == 0 else self.minor)
                for v in values:
                    if horizontal:
                        painter.drawLine(QPointF(v, rect.top()), QPointF(v, rect.bottom()))
                    else:
                        painter.drawLine(QPointF(rect.left(), v), QPointF(rect.right(), v))


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


class OutsideLegend(pg.LegendItem):
    """A legend in a row under the plot, never over the data.

    It sits in the plot item's layout below the x axis and packs its entries into as
    many columns as the view's width allows; an entry too long to share a row (a
    compared run's name) gets a row of its own. It takes no room at all while it has no
    entries or is switched off (:meth:`set_shown`), so there is never an empty box.
    Clicking an entry's sample hides or shows its curve (pyqtgraph's legend behaviour).
    """

    ROW = 4          # the PlotItem layout's row under the bottom axis

    def __init__(self, plot: pg.PlotItem, text_size: str = "8pt"):
        super().__init__(offset=None, labelTextColor=palette.TEXT, frame=False,
                         labelTextSize=text_size, horSpacing=4, verSpacing=-4, colCount=1)
        self.plot = plot
        self.shown = True
        self.layout.setContentsMargins(0, 0, 0, 0)
        plot.layout.addItem(self, self.ROW, 1)
        plot.layout.setRowStretchFactor(self.ROW, 0)
        plot.legend = self                 # plot(name=...) adds its entries here
        plot.vb.sigResized.connect(self.reflow)
        self._packing = None
        self.updateSize()

    def set_shown(self, shown: bool) -> None:
        """Show the entries, or take no room at all."""
        if shown != self.shown:
            self.shown = shown
            self.setVisible(shown)
            self.updateSize()

    def entry_widths(self) -> list[tuple[float, float]]:
        """(sample, label text) widths of the entries, in pixels."""
        return [(sample.boundingRect().width(), label.item.boundingRect().width())
                for sample, label in self.items]

    def columns_that_fit(self, widths, available: float) -> int:
        """The most columns whose grid (each column as wide as its widest entry) fits."""
        gap = self.layout.horizontalSpacing()
        for columns in range(len(widths), 1, -1):
            total = gap * (2 * columns - 1)
            for c in range(columns):
                group = widths[c::columns]
                total += max(w for w, _ in group) + max(w for _, w in group)
            if total <= available:
                return columns
        return 1

    def _available_width(self) -> float:
        """Pixels from the left edge of the data area to the right edge of the view."""
        views = self.plot.scene().views() if self.plot.scene() is not None else []
        if not views:
            return self.plot.vb.width()
        right = views[0].viewport().width()
        return right - self.plot.vb.geometry().left() - 4

    def reflow(self, *_args) -> None:
        """Pack the entries for the current width (short ones in columns, long ones alone)."""
        available = max(self._available_width(), 60.0)
        widths = self.entry_widths()
        gap = self.layout.horizontalSpacing()
        long = [i for i, (a, b) in enumerate(widths) if a + b + gap > available / 2]
        short = [i for i in range(len(widths)) if i not in long]
        columns = self.columns_that_fit([widths[i] for i in short], available) if short else 1
        packing = (tuple(short), tuple(long), columns, len(self.items))
        if packing != self._packing:
            self._packing = packing
            for i in range(self.layout.count() - 1, -1, -1):
                self.layout.removeAt(i)
            row = col = 0
            for i in short:
                sample, label = self.items[i]
                self.layout.addItem(sample, row, 2 * col,
                                    alignment=Qt.AlignmentFlag.AlignVCenter)
                self.layout.addItem(label, row, 2 * col + 1)
                col += 1
                if col == columns:
                    row, col = row + 1, 0
            row += 1 if col else 0
            for i in long:
                sample, label = self.items[i]
                self.layout.addItem(sample, row, 0, alignment=Qt.AlignmentFlag.AlignVCenter)
                self.layout.addItem(label, row, 1, 1, max(2 * columns - 1, 1))
                row += 1
            self.columnCount, self.rowCount = columns, max(row, 1)
        self.updateSize()

    def _addItemToLayout(self, sample, label):  # pyqtgraph override: placed by reflow
        self._packing = None
        self.reflow()

    def setColumnCount(self, columnCount):  # pyqtgraph override: the width decides
        self.reflow()

    def removeItem(self, item):  # pyqtgraph override
        super().removeItem(item)
        self._packing = None
        self.reflow()

    def clear(self):  # pyqtgraph override
        super().clear()
        self._packing = None
        self.reflow()

    def updateSize(self):  # pyqtgraph override: the layout row follows the entries
        if not getattr(self, "shown", True) or not self.items:
            height = 0.0
        else:
            rows = [max((self.layout.itemAt(row, col).preferredHeight()
                         for col in range(self.layout.columnCount())
                         if self.layout.itemAt(row, col) is not None), default=0.0)
                    for row in range(self.layout.rowCount())]
            rows = [h for h in rows if h > 0]
            height = sum(rows) + self.layout.verticalSpacing() * (len(rows) - 1)
        self.setMinimumWidth(0)            # never widen the plot beyond its view
        self.setMinimumHeight(height)
        self.setMaximumHeight(height)
        self.setPreferredHeight(height)
        self.updateGeometry()

    def mouseDragEvent(self, ev):  # pyqtgraph override: it stays in its row
        ev.ignore()

    def paint(self, p, *args):  # pyqtgraph override: no box
        pass


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
        self.label = pg.TextItem("", color=palette.TEXT, anchor=(0, 1),
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
            background=palette.BACKGROUND,
            axisItems={name: TidyAxis(name) for name in ("left", "bottom", "right")})
        self.plot_widget.setMinimumSize(220, 150)
        self.plot: pg.PlotItem = self.plot_widget.getPlotItem()
        self._shown_title = title
        self._set_title(title)
        self.plot.setLabel("bottom", x_label, color=palette.TEXT)
        self.plot.setLabel("left", y_label, color=palette.TEXT)
        # a grid item, not the axes' grid: an axis that draws the grid covers the whole
        # plot, so every curve update would repaint its tick labels too
        self.grid = TickGrid(self.plot)
        self.plot.addItem(self.grid, ignoreBounds=True)
        for name in ("bottom", "left", "right"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen("#666666"))
            axis.setTextPen(pg.mkPen(palette.TEXT))
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
        self.plot.setTitle(text, color=palette.TEXT, size=f"{TITLE_POINTS}pt")

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
        """The graphics item that :func:`export_plot` saves."""
        return self.plot


def _export_svg(item, filename: str) -> None:
    """Render ``item``'s part of its scene through Qt's SVG generator (vector output).

    pyqtgraph's own SVG exporter cannot parse the path syntax of current Qt SVG output
    (pyqtgraph issue #3485), so the scene is painted into a ``QSvgGenerator`` directly.
    """
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator
    source = item.sceneBoundingRect()
    size = source.size().toSize()
    generator = QSvgGenerator()
    generator.setFileName(filename)
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(getattr(item, "titleLabel", None).text
                       if getattr(item, "titleLabel", None) is not None else "plot")
    generator.setDescription("exported from the Neural Network Workbench")
    painter = QPainter(generator)
    try:
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), pg.mkColor("w"))
        item.scene().render(painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        painter.end()
    if not os.path.getsize(filename):
        raise OSError("the drawing could not be written")


def export_plot(item, path) -> None:
    """Save a pyqtgraph item (a PlotItem, an image view ...) as PNG or SVG, atomically.

    The format follows the file extension (``.png`` or ``.svg``).

    Raises
    ------
    WorkbenchError
        Unknown extension, or the file cannot be written.
    """
    path = Path(path)
    ext = path.suffix.lower().lstrip(".")
    if ext not in EXPORT_FORMATS:
        raise WorkbenchError(f"{path.name}: expected a .png or .svg file name, got "
                             f"{path.suffix or 'no extension'}.")
    try:
        with tempfile.TemporaryDirectory(prefix="nnwb-export-") as folder:
            tmp = os.path.join(folder, f"plot.{ext}")
            if ext == "svg":
                _export_svg(item, tmp)
            else:
                exporter = pg.exporters.ImageExporter(item)
                if int(exporter.parameters()["width"]) < 800:  # a readable resolution
                    exporter.parameters()["width"] = 800
                ok = exporter.export(tmp)
                if ok is False or not os.path.exists(tmp) or not os.path.getsize(tmp):
                    raise OSError("the image could not be encoded")
            with open(tmp, "rb") as fh:
                data = fh.read()
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise WorkbenchError(f"{path}: cannot write the file ({exc.strerror or exc}).") from None
