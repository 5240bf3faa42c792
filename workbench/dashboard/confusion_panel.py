"""The confusion matrix of the validation set after the latest epoch (classification).

Clicking a cell opens :class:`~workbench.dashboard.confusion_samples.ConfusionSamplesDialog`
with that cell's validation samples (the predicted class of every validation sample comes
with each epoch event).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt

from workbench import plot_colours
from workbench.dashboard.confusion_samples import (
    ConfusionSamplesDialog,
    cell_samples,
    sample_image_shape,
)
from workbench.dashboard.plot_panel import PlotPanel

MAX_LABELLED = 12   # classes up to which every cell shows its count


class ConfusionPanel(PlotPanel):
    """Rows: true class; columns: predicted class; shade: share of the row (recall)."""

    key = "confusion_matrix"

    def __init__(self, parent=None):
        super().__init__(
            QCoreApplication.translate("ConfusionPanel", "Confusion matrix (validation)"),
            QCoreApplication.translate("ConfusionPanel", "predicted class"),
            QCoreApplication.translate("ConfusionPanel", "true class"),
            QCoreApplication.translate(
                "ConfusionPanel",
                "How the validation samples of each true class (row) were classified "
                "(column) after the latest epoch. The diagonal holds the correct "
                "predictions; a dark off-diagonal cell shows two classes the network "
                "mixes up. Shade: share of the row. Click a cell to see its "
                "samples.",
            ),
            legend=False,
            parent=parent,
        )
        self.image = pg.ImageItem()
        self.image.setColorMap(plot_colours.density_map())
        self.plot.addItem(self.image)
        self.plot.invertY(True)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.removeItem(self.grid)
        self.texts: list[pg.TextItem] = []
        self.k = 0
        self.matrix = None
        self._key = None
        self._run = None
        self.samples_dialog: ConfusionSamplesDialog | None = None
        self.plot_widget.scene().sigMouseClicked.connect(self._clicked)

    def has_data(self) -> bool:
        return self.matrix is not None

    def begin(self, run) -> None:
        self._key = None
        self._run = run
        self.matrix = None
        self.image.clear()
        for text in self.texts:
            text.setText("")
        info = run.info
        if info is None:
            return
        if info.task != "classification":
            self.k = 0
            self.set_message(self.tr("Confusion matrices are for classification;\nthis is a "
                             "regression task."))
            return
        if not len(info.val_y):
            self.k = 0
            self.set_message(self.tr("No validation set (test fraction 0)."))
            return
        self.set_message("")
        self.k = k = max(len(info.class_names), info.n_outputs, 2)
        names = list(info.class_names) or [str(i) for i in range(k)]
        names = [str(n) for n in names[:k]] + [str(i) for i in range(len(names), k)]
        ticks = [list(enumerate(names))]
        for axis in ("bottom", "left"):
            self.plot.getAxis(axis).setTicks(ticks if k <= 30 else None)
        if len(self.texts) != (k * k if k <= MAX_LABELLED else 0):
            for text in self.texts:
                self.plot.removeItem(text)
            self.texts = []
        if k <= MAX_LABELLED and not self.texts:
            for i in range(k):
                for j in range(k):
                    text = pg.TextItem("", color=plot_colours.TEXT, anchor=(0.5, 0.5))
                    text.setPos(j, i)
                    self.plot.addItem(text)
                    self.texts.append(text)
        self.plot.setRange(xRange=(-0.5, k - 0.5), yRange=(-0.5, k - 0.5), padding=0.02)
        self.set_message(self.tr("Waiting for the first epoch…"))

    def refresh(self, run, context) -> None:
        if not self.k or run.latest is None or run.latest.confusion is None:
            return
        key = (run.number, run.latest.epoch)
        if key == self._key:
            return
        self._key = key
        self._run = run
        self.set_message("")
        m = np.asarray(run.latest.confusion, dtype=np.float64)
        self.matrix = m
        rows = m.sum(axis=1, keepdims=True)
        share = np.divide(m, rows, out=np.zeros_like(m), where=rows > 0)
        # ImageItem is column-major: image[x = predicted, y = true]
        self.image.setImage(share.T, levels=(0.0, 1.0))
        self.image.setRect(QRectF(-0.5, -0.5, m.shape[1], m.shape[0]))
        if self.texts:
            for idx, text in enumerate(self.texts):
                i, j = divmod(idx, self.k)
                if i < m.shape[0] and j < m.shape[1]:
                    text.setText(str(int(m[i, j])))
                    text.setColor("w" if share[i, j] > 0.6 else plot_colours.TEXT)

    def _clicked(self, event) -> None:
        """Show the validation samples of the clicked (true, predicted) cell."""
        if event.button() != Qt.MouseButton.LeftButton or self.matrix is None:
            return
        point = self.plot.vb.mapSceneToView(event.scenePos())
        true_class, predicted_class = round(point.y()), round(point.x())
        if not (0 <= true_class < self.matrix.shape[0]
                and 0 <= predicted_class < self.matrix.shape[1]):
            return
        self.show_cell(true_class, predicted_class)

    def show_cell(self, true_class: int, predicted_class: int) -> None:
        """Open (or update) the samples window for one cell of the latest matrix."""
        run = self._run
        if run is None or run.info is None or run.latest is None \
                or run.latest.val_predicted is None:
            return
        info = run.info
        indices = cell_samples(info.val_y, run.latest.val_predicted, true_class,
                               predicted_class)
        names = [str(n) for n in info.class_names]

        def name(k: int) -> str:
            return names[k] if k < len(names) else str(k)

        if self.samples_dialog is None:
            self.samples_dialog = ConfusionSamplesDialog(self)
        self.samples_dialog.show_cell(name(true_class), name(predicted_class),
                                      run.latest.epoch, indices, info.val_x,
                                      sample_image_shape(info.prepared), info.feature_names)
