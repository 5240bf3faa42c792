"""The decision boundary (or regression surface) behind the data, as in TensorFlow Playground.

For data with two input features the trainer evaluates the network on a grid covering
the data at every epoch end. Classification: each pixel takes the colour of the
predicted class, paler where the network is unsure. Regression: the prediction through a
colour map. The training points are drawn with a white rim, validation points with a
dark rim, coloured by their true class (or target value).

The network sees standardized inputs, but the plot is drawn in the data's own units (as
the data preview is): the points and the grid are mapped back through the run's
standardizer, ``x = x' · std + mean``, an affine map, so the grid stays a grid.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from core.nn.output_head import OutputHead
from workbench import plot_colours
from workbench.dashboard.plot_panel import PlotPanel


def class_image(outputs: np.ndarray, k: int, head: OutputHead) -> np.ndarray:
    """RGBA image ``(n, n, 4)`` uint8 of the network's ``outputs`` ``(n, n, outputs)`` on the
    grid: the predicted class's colour, faded to white by doubt. ``head`` says how the
    outputs read as class probabilities (through the activation the loss fuses, or as
    they are)."""
    outputs = np.asarray(outputs, dtype=np.float64)
    probs = head.probabilities(outputs.reshape(-1, outputs.shape[-1]))
    probs = probs.reshape(outputs.shape[:-1] + probs.shape[-1:])
    k = max(k, probs.shape[-1])
    colours = np.array(plot_colours.class_colours(k), dtype=np.float64)[:probs.shape[-1]]
    winner = probs.argmax(axis=-1)
    confidence = probs.max(axis=-1)
    chance = 1.0 / probs.shape[-1]
    strength = np.clip((confidence - chance) / (1.0 - chance), 0.0, 1.0)[..., None]
    strength = 0.15 + 0.55 * strength  # never fully saturated: the points stay visible
    rgb = 255.0 * (1.0 - strength) + colours[winner] * strength
    rgba = np.empty(rgb.shape[:-1] + (4,), dtype=np.ubyte)
    rgba[..., :3] = np.clip(rgb, 0, 255).astype(np.ubyte)
    rgba[..., 3] = 255
    return rgba


def data_units(info) -> tuple[np.ndarray, np.ndarray]:
    """``(std, mean)`` of the two features, mapping standardized inputs to data units
    (ones and zeros when the run does not standardize)."""
    standardizer = info.prepared.standardizer if info.prepared is not None else None
    if standardizer is None:
        return np.ones(2), np.zeros(2)
    return (np.asarray(standardizer.std, dtype=np.float64)[:2],
            np.asarray(standardizer.mean, dtype=np.float64)[:2])


class DecisionBoundaryPanel(PlotPanel):
    """The model's output over the input plane, with the training and validation points."""

    key = "decision_boundary"

    def __init__(self, parent=None):
        super().__init__("Decision boundary", "x₁", "x₂",
                         "The network's prediction at every point of the input plane (2-D "
                         "data only): the colour of the predicted class, paler where the "
                         "network is unsure (regression: the predicted value). Points: "
                         "training samples (white rim) and validation samples (dark rim) in "
                         "the colour of their true class.", parent=parent)
        self.image = pg.ImageItem()
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.rect = QRectF(0, 0, 1, 1)
        self.train_points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("w", width=1))
        self.val_points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("#222222", width=1.2))
        self.plot.addItem(self.train_points)
        self.plot.addItem(self.val_points)
        self.legend_items: list = []
        self._legend_labels: list = []
        self.colour_bar = None
        self.enabled = False
        self._grid = None
        self._key = None
        self.task = "classification"
        self.k = 2
        self.head: OutputHead | None = None
        self.levels = (0.0, 1.0)
        self.scale, self.shift = np.ones(2), np.zeros(2)   # standardized → data units

    def has_data(self) -> bool:
        return self.enabled and self.image.image is not None and len(self.train_points.data) > 0

    def begin(self, run) -> None:
        info = run.info
        self._key = None
        self._grid = None
        if info is None:
            return
        self.enabled = info.grid is not None and info.train_x.shape[1] == 2
        self.show_legend(self.enabled)
        if not self.enabled:
            self.image.clear()
            self.train_points.clear()
            self.val_points.clear()
            self.set_message(f"The decision boundary needs 2 input features;\nthis data has "
                             f"{info.train_x.shape[1]}.")
            return
        self.set_message("")
        self.scale, self.shift = data_units(info)
        names = info.feature_names or ("x₁", "x₂")
        self.plot.setLabel("bottom", names[0])
        self.plot.setLabel("left", names[1] if len(names) > 1 else "x₂")
        self.task = info.task
        self.head = info.output_head
        self.k = max(len(info.class_names), info.n_outputs, 2)
        if self.task == "classification":
            colours = plot_colours.class_colours(self.k)
            brushes = [pg.mkBrush(*c) for c in colours]   # shared: one symbol per class
            y_train = info.train_y.astype(np.int64)
            y_val = info.val_y.astype(np.int64)
            tx, vx = self._raw(info.train_x), self._raw(info.val_x)
            self.train_points.setData(tx[:, 0], tx[:, 1], brush=[brushes[c] for c in y_train])
            self.val_points.setData(vx[:, 0], vx[:, 1], brush=[brushes[c] for c in y_val])
            names = info.class_names or tuple(str(i) for i in range(self.k))
            entries = [(str(name), brushes[c]) for c, name in enumerate(names[:self.k])]
        else:
            y_train = info.train_y.reshape(len(info.train_y), -1)[:, 0]
            y_val = info.val_y.reshape(len(info.val_y), -1)[:, 0] if len(info.val_y) else \
                np.zeros(0)
            grid_values = info.grid[..., 0]
            lo = float(min(y_train.min(), grid_values.min()))
            hi = float(max(y_train.max(), grid_values.max()))
            self.levels = (lo, hi if hi > lo else lo + 1.0)
            cmap = plot_colours.sequential_map()
            tx, vx = self._raw(info.train_x), self._raw(info.val_x)
            self.train_points.setData(tx[:, 0], tx[:, 1],
                                      brush=[pg.mkBrush(c) for c in self._map(cmap, y_train)])
            self.val_points.setData(vx[:, 0], vx[:, 1],
                                    brush=[pg.mkBrush(c) for c in self._map(cmap, y_val)])
            self.image.setColorMap(cmap)
            entries = []
        self._set_legend(entries)
        x0, x1, y0, y1 = info.grid_extent
        (x0, y0), (x1, y1) = self._raw(np.array([[x0, y0], [x1, y1]], dtype=np.float64))
        n = info.grid.shape[0]
        dx, dy = (x1 - x0) / max(n - 1, 1), (y1 - y0) / max(n - 1, 1)
        self.rect = QRectF(x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy)
        self._draw(info.grid)
        self.plot.setRange(self.rect, padding=0)

    def _raw(self, x: np.ndarray) -> np.ndarray:
        """Standardized 2-D inputs ``(n, 2)`` in the data's own units."""
        return np.asarray(x, dtype=np.float64)[:, :2] * self.scale + self.shift

    def _set_legend(self, classes) -> None:
        """Legend: one entry per class, then train/validation (rebuilt only on change)."""
        labels = [name for name, _brush in classes]
        if labels == self._legend_labels and self.legend_items:
            return
        for item in self.legend_items:
            self.legend.removeItem(item)
        self.legend_items = []
        for name, brush in classes:
            item = pg.ScatterPlotItem(size=8, brush=brush, pen=None)
            self.legend.addItem(item, name)
            self.legend_items.append(item)
        for points, label in ((self.train_points, "train"), (self.val_points, "validation")):
            sample = pg.ScatterPlotItem(size=8, brush=pg.mkBrush("#bbbbbb"),
                                        pen=points.opts["pen"])
            self.legend.addItem(sample, label)
            self.legend_items.append(sample)
        self._legend_labels = labels

    def _map(self, cmap, values):
        lo, hi = self.levels
        return cmap.map((np.asarray(values, dtype=np.float64) - lo) / (hi - lo), mode="qcolor")

    def _draw(self, grid: np.ndarray) -> None:
        self._grid = grid
        if self.task == "classification":
            image = class_image(grid, self.k, self.head)
            self.image.setImage(image.transpose(1, 0, 2), autoLevels=False)
        else:
            self.image.setImage(grid[..., 0].T, levels=self.levels)
        self.image.setRect(self.rect)

    def refresh(self, run, context) -> None:
        if not self.enabled or run.latest is None or run.latest.grid is None:
            return
        key = (run.number, run.latest.epoch)
        if key == self._key:
            return
        self._key = key
        self._draw(run.latest.grid)

    def export_item(self):
        return self.plot
