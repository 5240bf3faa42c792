"""The validation samples behind one cell of the confusion matrix, in a non-modal window.

Clicking a cell of :class:`~workbench.dashboard.confusion_panel.ConfusionPanel` opens
:class:`ConfusionSamplesDialog` with the samples of that (true, predicted) pair after the
latest epoch: image data (digits, IDX, image folders) as a grid of small images, other
data as a list of sample numbers and feature values.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from workbench import plot_colours

#: images shown at most in the grid, rows listed at most for other data
MAX_SHOWN = 200


def cell_samples(true_labels, predicted, true_class: int, predicted_class: int) -> np.ndarray:
    """Indices (ascending) of the samples with label ``true_class`` predicted as
    ``predicted_class``."""
    true_labels = np.asarray(true_labels).astype(np.int64).ravel()
    predicted = np.asarray(predicted).astype(np.int64).ravel()
    return np.flatnonzero((true_labels == true_class) & (predicted == predicted_class))


def sample_image_shape(prepared) -> tuple | None:
    """``(C, H, W)`` of a validation row seen as an image, or None for other data."""
    val = getattr(prepared, "val", None)
    if val is None:
        return None
    if val.input_shape is not None:
        return tuple(int(v) for v in val.input_shape)
    if val.image_shape is not None:
        return (1, *(int(v) for v in val.image_shape))
    return None


def image_tiles(rows: np.ndarray, shape: tuple) -> np.ndarray:
    """Flattened images ``rows`` (n, C·H·W) tiled row by row in a near-square grid.

    Each tile is the channel mean scaled to [0, 1] on its own (so a faint image still
    shows); one pixel of NaN (drawn transparent) separates the tiles, and unused tiles are
    NaN. Shape ``(rows·(H+1)−1, cols·(W+1)−1)``.
    """
    c, h, w = shape
    images = np.asarray(rows, dtype=np.float64).reshape(len(rows), c, h, w).mean(axis=1)
    n = len(images)
    cols = max(1, math.ceil(math.sqrt(n)))
    grid_rows = max(1, math.ceil(n / cols))
    grid = np.full((grid_rows * (h + 1) - 1, cols * (w + 1) - 1), np.nan)
    for k, image in enumerate(images):
        lo, hi = np.nanmin(image), np.nanmax(image)
        scaled = (image - lo) / (hi - lo) if hi > lo else np.zeros_like(image)
        r, col = divmod(k, cols)
        grid[r * (h + 1):r * (h + 1) + h, col * (w + 1):col * (w + 1) + w] = scaled
    return grid


class ConfusionSamplesDialog(QDialog):
    """The samples of one confusion cell: images in a grid, or a list of rows."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModal(False)
        self.setWindowTitle(self.tr("Samples of a confusion cell"))
        self.resize(520, 560)
        self.indices = np.zeros(0, dtype=np.int64)
        layout = QVBoxLayout(self)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        self.images = pg.GraphicsLayoutWidget()
        self.images.setBackground(plot_colours.BACKGROUND)
        self.view_box = self.images.addViewBox(lockAspect=True, invertY=True)
        self.view_box.setMouseEnabled(x=False, y=False)
        self.image = pg.ImageItem()
        self.image.setColorMap(pg.ColorMap([0.0, 1.0], [(255, 255, 255), (20, 20, 20)]))
        self.view_box.addItem(self.image)
        layout.addWidget(self.images, 1)
        self.rows = QPlainTextEdit()
        self.rows.setReadOnly(True)
        self.rows.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.rows, 1)
        self.indices_label = QLabel()
        self.indices_label.setWordWrap(True)
        self.indices_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.indices_label.setStyleSheet("color: #6b7682;")
        layout.addWidget(self.indices_label)

    def show_cell(self, true_name: str, predicted_name: str, epoch: int, indices,
                  val_x: np.ndarray, image_shape: tuple | None, feature_names=()) -> None:
        """Show the validation samples ``indices`` of the cell (true, predicted)."""
        self.indices = np.asarray(indices, dtype=np.int64)
        n = len(self.indices)
        shown = self.indices[:MAX_SHOWN]
        more = self.tr(" (the first {0} shown)").format(MAX_SHOWN) if n > MAX_SHOWN else ""
        self.caption.setText(self.tr("True class {0}, predicted {1}, after epoch {2}: "
                                     "{3} validation sample(s){4}.").format(
            true_name, predicted_name, epoch, n, more))
        self.indices_label.setText(self.tr("Validation sample numbers: {0}").format(
            ", ".join(str(int(i)) for i in shown) or self.tr("none")))
        as_images = image_shape is not None
        self.images.setVisible(as_images)
        self.rows.setVisible(not as_images)
        if as_images:
            if n:
                grid = image_tiles(val_x[shown], image_shape)
                self.image.setImage(grid.T, levels=(0.0, 1.0))
                self.view_box.autoRange(padding=0.02)
            else:
                self.image.clear()
        else:
            names = list(feature_names) or [f"x{i + 1}" for i in range(val_x.shape[1])]
            lines = []
            for i in shown:
                values = ", ".join(f"{name}={v:.4g}" for name, v in
                                   zip(names[:8], val_x[i][:8], strict=False))
                lines.append(f"#{int(i)}: {values}")
            self.rows.setPlainText("\n".join(lines))
        self.show()
        self.raise_()
