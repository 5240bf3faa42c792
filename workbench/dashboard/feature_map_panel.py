"""What each convolution makes of one validation image: its output channels as a grid.

The user picks a validation image (a spin box) and a convolution (a combo box); after each
epoch the panel runs that one image through the network's first layers with the run's
latest weights and tiles the convolution's output channels (its feature maps) like the
filter grid (:func:`~workbench.dashboard.filter_grid.filter_grid`): one tile per channel,
one pixel of gap. One image through a few layers takes well under a millisecond for the
example networks, so it runs when the panel redraws, keyed on (run, epoch, image, layer).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtWidgets import QComboBox, QSpinBox

from core.nn.layers.base import layer_class
from core.nn.model import Model
from workbench import plot_colours
from workbench.dashboard.filter_grid import filter_grid
from workbench.dashboard.plot_panel import PlotPanel


def convolution_layers(specs) -> list[int]:
    """Indices of the layers that work on images and are trained (convolutions)."""
    found = []
    for i, spec in enumerate(specs):
        cls = layer_class(spec["type"])
        if cls.needs_images and cls.trainable:
            found.append(i)
    return found


def feature_maps(model: Model, image: np.ndarray, layer: int) -> np.ndarray:
    """The output (channels, H, W) of layer ``layer`` for one flattened input ``image``,
    in inference mode (dropout off), as host float64."""
    x = model.backend.asarray(np.asarray(image)[None, :])
    out = model.forward(x, training=False, stop=layer + 1)
    return np.asarray(model.backend.to_host(out), dtype=np.float64)[0]


class FeatureMapPanel(PlotPanel):
    """The feature maps of a chosen validation image at a chosen convolution."""

    key = "feature_maps"

    def __init__(self, parent=None):
        super().__init__(
            QCoreApplication.translate("FeatureMapPanel", "Feature maps"),
            QCoreApplication.translate("FeatureMapPanel", "one tile per channel"),
            QCoreApplication.translate("FeatureMapPanel", "rows"),
            QCoreApplication.translate(
                "FeatureMapPanel",
                "What the chosen convolution outputs for the chosen validation image "
                "after the latest epoch: one tile per output channel (before the "
                "activation), blue for positive, orange for negative values, white "
                "near 0. Early convolutions keep the image's shape and light up "
                "where their filter's stroke is; later ones are coarser.",
            ),
            legend=False,
            parent=parent,
        )
        self.image_spin = QSpinBox()
        self.image_spin.setToolTip(self.tr("Which validation image to run through the network"))
        self.image_spin.setAccessibleName(self.tr("validation image"))
        self.image_spin.setRange(0, 0)
        self.image_spin.valueChanged.connect(self._chosen)
        self.add_header_widget(self.tr("Image:"), self.image_spin)
        self.layer_chooser = QComboBox()
        self.layer_chooser.setToolTip(self.tr("Which convolution's output to show"))
        self.layer_chooser.setAccessibleName(self.tr("convolution"))
        self.layer_chooser.currentIndexChanged.connect(self._chosen)
        self.add_header_widget(self.tr("Layer:"), self.layer_chooser)
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.plot.invertY(True)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.removeItem(self.grid)
        self.bar = pg.ColorBarItem(values=(-1, 1), colorMap=plot_colours.diverging_map(),
                                   interactive=False, width=12)
        self.bar.setImageItem(self.image, insert_in=self.plot)
        self.maps: np.ndarray | None = None
        self.shape = None
        self._model: Model | None = None
        self._run = None
        self._key = None

    def has_data(self) -> bool:
        return self.maps is not None

    def begin(self, run) -> None:
        self._run = run
        self._key = None
        self._model = None
        self.maps = None
        self.shape = None
        self.image.clear()
        info = run.info
        convs = convolution_layers(info.layer_specs) if info is not None else []
        for widget in (self.image_spin, self.layer_chooser):
            widget.blockSignals(True)
        chosen = self.layer_chooser.currentData()
        self.layer_chooser.clear()
        for i in convs:
            spec = info.layer_specs[i]
            self.layer_chooser.addItem(self.tr("{}: {} ({} maps)").format(
                i, spec["type"], spec.get("filters", "?")), i)
        index = self.layer_chooser.findData(chosen)
        self.layer_chooser.setCurrentIndex(max(index, 0))
        n_val = len(info.val_x) if info is not None else 0
        self.image_spin.setRange(0, max(n_val - 1, 0))
        for widget in (self.image_spin, self.layer_chooser):
            widget.blockSignals(False)
        if info is None:
            return
        if not convs:
            self.set_message(self.tr("Feature maps are for convolutional networks;\nthis one has "
                             "no convolution."))
        elif not n_val:
            self.set_message(self.tr("No validation set (test fraction 0)."))
        else:
            self.set_message("")

    def _chosen(self, _value) -> None:
        self._key = None
        if self._run is not None:
            self.refresh(self._run, None)

    def refresh(self, run, context) -> None:
        self._run = run
        info = run.info
        layer = self.layer_chooser.currentData()
        if info is None or layer is None or not len(info.val_x):
            return
        index = min(self.image_spin.value(), len(info.val_x) - 1)
        key = (run.number, run.epoch, index, layer)
        if key == self._key:
            return
        self._key = key
        if self._model is None:
            shape = info.prepared.val.sample_shape if info.prepared is not None \
                else (info.val_x.shape[1],)
            self._model = Model(list(info.layer_specs), shape)
        self._model.load_state_dict(run.weights)
        maps = feature_maps(self._model, info.val_x[index], int(layer))
        self.maps = maps
        grid = filter_grid(maps[:, None])
        label = self.tr("image #{}").format(index)
        if len(info.val_y) and info.class_names:
            label += self.tr(" (class {})").format(info.class_names[int(info.val_y[index])])
        self.plot.setLabel("bottom", self.tr("{}: one tile per channel").format(label))
        finite = np.abs(grid[np.isfinite(grid)])
        bound = float(finite.max(initial=0.0)) or 1.0
        self.image.setImage(grid.T, levels=(-bound, bound))
        self.image.setRect(QRectF(-0.5, -0.5, grid.shape[1], grid.shape[0]))
        self.bar.setLevels((-bound, bound))
        if self.shape != grid.shape:
            self.shape = grid.shape
            self.plot.setRange(xRange=(-0.5, grid.shape[1] - 0.5),
                               yRange=(-0.5, grid.shape[0] - 0.5), padding=0.02)
