"""The legend of the dashboard plots: a row under the plot, never over the data."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from workbench import plot_colours


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
        super().__init__(offset=None, labelTextColor=plot_colours.TEXT, frame=False,
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
