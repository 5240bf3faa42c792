"""The Data panel's preview of a loaded data set: a scatter plot, sample images or a table.

:class:`ScatterPreview` draws the samples as points (two features, or x against y for a
1-D regression), coloured by class or target; :class:`ImagePreview` shows a few images
per class for image data; :class:`TablePreview` lists the columns' statistics.
:func:`describe_summary` is the one line about a data set the panel and the status bar
show.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPixmap
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.i18n import counted
from workbench.plot_colours import class_colours

MAX_SCATTER_POINTS = 5000
IMAGE_SAMPLES_PER_CLASS = 3


#: The tasks as the summary table names them.
TASK_NAMES = (QT_TRANSLATE_NOOP("DatasetSummary", "classification"),
              QT_TRANSLATE_NOOP("DatasetSummary", "regression"))


def describe_summary(summary: dict, title: str | None = None) -> str:
    """One or two lines about a loaded data set, e.g. for the panel and the status bar."""
    parts = [QCoreApplication.translate("DatasetSummary", "{} samples").format(summary["rows"])]
    if "train_rows" in summary:
        parts[0] += QCoreApplication.translate("DatasetSummary",
                                             " ({} training, {} validation)") \
            .format(summary["train_rows"], summary["val_rows"])
    features = summary["features"]
    parts.append(counted(QCoreApplication.translate("DatasetSummary", "{} feature(s)"),
                         f"{features} feature{'s' if features != 1 else ''}", features))
    if summary["task"] == "classification":
        parts.append(QCoreApplication.translate("DatasetSummary", "{} classes")
                     .format(len(summary["classes"])))
    else:
        outputs = summary.get("outputs", 1)
        parts.append(QCoreApplication.translate("DatasetSummary", "regression") if outputs == 1
                     else QCoreApplication.translate("DatasetSummary",
                                                     "regression with {} targets").format(outputs))
    if summary.get("image_shape"):
        h, w = summary["image_shape"]
        parts.append(QCoreApplication.translate("DatasetSummary", "{}×{} images").format(h, w))
    return f"{title or summary['name']}: " + " · ".join(parts)



class ScatterPreview(QWidget):
    """Samples as points: x1 against x2 (or x against y for 1-D regression).

    The key (class colours, or the colour scale of a regression target) is a line of text
    above the plot, never a box over the points.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.legend = QLabel()
        self.legend.setObjectName("preview_legend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setMinimumWidth(40)
        self.legend.setStyleSheet("font-size: 11px; color: #404040;")
        self.plot_widget = pg.PlotWidget(background="w")
        self.plot_widget.setFixedHeight(260)
        self.plot_widget.setMinimumWidth(60)
        self.plot_widget.setMenuEnabled(False)
        self.plot_widget.getPlotItem().showGrid(x=True, y=True, alpha=0.2)
        self.plot_widget.setAspectLocked(False)
        layout.addWidget(self.legend)
        layout.addWidget(self.plot_widget)

    def show_dataset(self, ds, columns: tuple[int, int] | None = None) -> None:
        """Plot ``ds``: inputs ``columns`` (x, y), by default the first two."""
        plot = self.plot_widget.getPlotItem()
        plot.clear()
        plot.setTitle(None)
        X, y = ds.X, ds.y
        names = ds.feature_names
        if columns is not None and ds.n_features >= 2:
            picked = list(columns)
            X, names = X[:, picked], [names[j] for j in picked]
        if len(X) > MAX_SCATTER_POINTS:
            idx = np.random.default_rng(0).choice(len(X), MAX_SCATTER_POINTS, replace=False)
            X, y = X[idx], y[idx]
        one_d = ds.n_features == 1
        plot.setLabel("bottom", names[0])
        if ds.task == "classification":
            plot.setLabel("left", names[1] if not one_d else self.tr("class"))
            colours = class_colours(len(ds.class_names))
            keys = []
            for c, cname in enumerate(ds.class_names):
                mask = y == c
                colour = QColor(*colours[c])
                ys = X[mask, 1] if not one_d else np.full(mask.sum(), c, float)
                item = pg.ScatterPlotItem(X[mask, 0], ys, size=5, pen=None,
                                          brush=pg.mkBrush(colour), name=str(cname))
                plot.addItem(item)
                keys.append(f"<span style='color:{colour.name()}; font-size:13px'>●</span>"
                            f"&nbsp;{html.escape(str(cname), quote=False)}")
            self.legend.setText("&nbsp;&nbsp; ".join(keys) if len(keys) <= 12 else
                                self.tr("{} classes, one colour each").format(len(keys)))
        else:
            target = y if y.ndim == 1 else y[:, 0]
            lo, hi = float(target.min()), float(target.max())
            cmap = pg.colormap.get("viridis")
            t = (target - lo) / (hi - lo) if hi > lo else np.zeros_like(target)
            brushes = [pg.mkBrush(c) for c in cmap.map(t, mode="qcolor")]
            if one_d:
                plot.setLabel("left", self.tr("target"))
                item = pg.ScatterPlotItem(X[:, 0], target, size=5, pen=None, brush=brushes)
            else:
                plot.setLabel("left", names[1])
                item = pg.ScatterPlotItem(X[:, 0], X[:, 1], size=5, pen=None, brush=brushes)
            plot.addItem(item)
            dark, light = (cmap.map(v, mode="qcolor").name() for v in (0.0, 1.0))
            self.legend.setText(self.tr("colour: target value, {} → {}").format(
                f"<span style='color:{dark}'>■</span> {lo:.3g}",
                f"<span style='color:{light}'>■</span> {hi:.3g}"))
        plot.autoRange()


class ImagePreview(QLabel):
    """A few sample images per class (rows of the grid are classes)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setMinimumHeight(160)
        self.setToolTip(self.tr("sample images: one row per class"))

    def show_dataset(self, ds) -> None:
        h, w = ds.image_shape
        classes = list(range(ds.n_classes)) if ds.task == "classification" else [None]
        per_row = IMAGE_SAMPLES_PER_CLASS if ds.task == "classification" else 10
        pad = 1
        picks: list[list[int]] = []
        for c in classes:
            rows = np.flatnonzero(ds.y == c) if c is not None else np.arange(len(ds))
            picks.append(list(rows[:per_row]))
        # lay the classes out in two blocks side by side when there are many of them
        blocks = 2 if len(classes) > 5 else 1
        per_block = -(-len(classes) // blocks)
        grid_h = per_block * (h + pad) + pad
        grid_w = blocks * (per_row * (w + pad) + pad) + (blocks - 1) * 3
        canvas = np.full((grid_h, grid_w), 255, np.uint8)
        X = ds.X
        lo, hi = float(X.min()), float(X.max())
        scale = 255.0 / (hi - lo) if hi > lo else 1.0
        for k, rows in enumerate(picks):
            b, r = divmod(k, per_block)
            top = pad + r * (h + pad)
            left0 = b * (per_row * (w + pad) + pad + 3) + pad
            for j, i in enumerate(rows):
                img = 255 - np.clip((X[i].reshape(h, w) - lo) * scale, 0, 255)
                left = left0 + j * (w + pad)
                canvas[top:top + h, left:left + w] = img.astype(np.uint8)
        image = QImage(canvas.data, grid_w, grid_h, grid_w, QImage.Format.Format_Grayscale8)
        zoom = max(1, min(6, 340 // grid_w, 260 // grid_h))
        self._full = QPixmap.fromImage(image.copy()).scaled(
            grid_w * zoom, grid_h * zoom, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation)
        self._fit()

    def minimumSizeHint(self):  # Qt override: the grid shrinks to the width it gets
        return QSize(80, 80)

    def resizeEvent(self, event):  # Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        full = getattr(self, "_full", None)
        if full is None:
            return
        width = max(self.width(), 1)
        if full.width() <= width:
            pixmap = full
        else:
            pixmap = full.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        if self.pixmap().cacheKey() != pixmap.cacheKey():
            self.setPixmap(pixmap)


class TablePreview(QTableWidget):
    """Rows, features and class counts (or target statistics) as a two-column table."""

    def __init__(self, parent=None):
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels(["", ""])
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setMinimumHeight(200)
        self.setAlternatingRowColors(True)

    def show_summary(self, summary: dict) -> None:
        rows: list[tuple[str, str, bool]] = [
            (self.tr("Rows"), str(summary["rows"]), False),
            (self.tr("Features"), str(summary["features"]), False),
            (self.tr("Task"), QCoreApplication.translate("DatasetSummary", summary["task"]),
             False)]
        if summary["task"] == "classification":
            rows.append((self.tr("Classes ({})").format(len(summary["classes"])),
                         self.tr("rows"), True))
            rows += [(f"  {name}", str(count), False)
                     for name, count in summary["classes"].items()]
        elif "target" in summary:
            t = summary["target"]
            rows.append((self.tr("Target"), "", True))
            rows += [(f"  {k}", f"{t[k]:.4g}", False) for k in ("min", "max", "mean", "std")]
        names = summary.get("feature_names") or []
        if names:
            shown = ", ".join(names[:12]) + (self.tr(", … ({} more)").format(len(names) - 12)
                                              if len(names) > 12 else "")
            rows.append((self.tr("Feature names"), shown, False))
        self.setRowCount(len(rows))
        bold = QFont()
        bold.setBold(True)
        for r, (key, value, heading) in enumerate(rows):
            a, b = QTableWidgetItem(key), QTableWidgetItem(value)
            b.setToolTip(value)
            if heading:
                a.setFont(bold)
                b.setFont(bold)
            self.setItem(r, 0, a)
            self.setItem(r, 1, b)
        self.resizeRowsToContents()
