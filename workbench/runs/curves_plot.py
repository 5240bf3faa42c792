"""The curves of the selected recorded runs in one plot: a metric against the epoch.

The person picks the metric (loss or accuracy/RMSE, training or validation); each run is
one line in its own colour, named in the legend by its date and what sets it apart.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench import plot_colours

#: (history column, label) the person can plot.
METRICS = (("val_loss", QT_TRANSLATE_NOOP("CurvesPlot", "Validation loss")),
           ("train_loss", QT_TRANSLATE_NOOP("CurvesPlot", "Training loss")),
           ("val_accuracy", QT_TRANSLATE_NOOP("CurvesPlot", "Validation accuracy")),
           ("train_accuracy", QT_TRANSLATE_NOOP("CurvesPlot", "Training accuracy")),
           ("val_rmse", QT_TRANSLATE_NOOP("CurvesPlot", "Validation RMSE")),
           ("train_rmse", QT_TRANSLATE_NOOP("CurvesPlot", "Training RMSE")),
           ("lr", QT_TRANSLATE_NOOP("CurvesPlot", "Learning rate")))


def curve(rows: list[dict], column: str) -> tuple[np.ndarray, np.ndarray]:
    """(epochs, values) of ``column`` over the history ``rows``, missing values left out."""
    points = [(row["epoch"], row[column]) for row in rows
              if isinstance(row.get(column), float) and math.isfinite(row[column])
              and row.get("epoch") is not None]
    if not points:
        return np.zeros(0), np.zeros(0)
    epochs, values = zip(*points)
    return np.asarray(epochs, dtype=float), np.asarray(values, dtype=float)


class CurvesPlot(QWidget):
    """One plot of a chosen metric for several runs (:meth:`show_runs`)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.runs: list[tuple[str, str, list]] = []   # (run id, legend, history rows)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = QLabel(self.tr("Select runs in the table to compare their curves."))
        self.title.setWordWrap(True)
        self.metric = QComboBox()
        for column, label in METRICS:
            self.metric.addItem(self.tr(label), column)
        self.metric.setToolTip(self.tr("what the plot shows for each selected run"))
        self.metric.currentIndexChanged.connect(self._redraw)
        top.addWidget(self.title, 1)
        top.addWidget(self.metric)
        layout.addLayout(top)
        self.plot = pg.PlotWidget(background=plot_colours.BACKGROUND)
        self.plot.setMinimumSize(200, 150)
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.plot.setLabel("bottom", self.tr("epoch"))
        self.legend = self.plot.addLegend(offset=(-10, 10))
        layout.addWidget(self.plot, 1)
        self.items: dict[str, pg.PlotDataItem] = {}

    @property
    def column(self) -> str:
        return self.metric.currentData()

    def choose(self, column: str) -> None:
        """Show ``column`` (as the person would pick it in the list)."""
        self.metric.setCurrentIndex(self.metric.findData(column))

    def show_runs(self, runs: list[tuple[str, str, list]]) -> None:
        """Plot these runs: ``(run id, legend text, history rows)`` each."""
        self.runs = list(runs)
        columns = {k for _id, _name, rows in self.runs for row in rows for k, v in row.items()
                   if v is not None}
        if self.runs and self.column not in columns:   # e.g. RMSE for classifiers
            for column, _label in METRICS:
                if column in columns:
                    self.choose(column)   # redraws
                    return
        self._redraw()

    def _redraw(self) -> None:
        self.plot.clear()
        self.legend.clear()
        self.items = {}
        label = self.metric.currentText()
        self.plot.setLabel("left", label)
        drawn = 0
        for i, (run_id, name, rows) in enumerate(self.runs):
            x, y = curve(rows, self.column)
            if not len(x):
                continue
            pen = pg.mkPen(plot_colours.run_colour(i), width=2)
            item = self.plot.plot(x, y, pen=pen, name=name, symbol="o" if len(x) == 1 else None,
                                  symbolBrush=plot_colours.run_colour(i))
            self.items[run_id] = item
            drawn += 1
        if not self.runs:
            self.title.setText(self.tr("Select runs in the table to compare their curves."))
        elif drawn < len(self.runs):
            self.title.setText(self.tr("{shown} of {runs} runs have {metric}.").format(
                shown=drawn, runs=len(self.runs), metric=label.lower()))
        else:
            self.title.setText(self.tr("{metric} of {runs} run(s), by epoch.").format(
                metric=label, runs=len(self.runs)))
        self.plot.enableAutoRange()
