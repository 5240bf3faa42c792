"""Saving a dashboard plot as PNG or SVG (the Export menu's plot entries)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters  # registers the exporters (pg.exporters.ImageExporter …)
from PySide6.QtCore import QCoreApplication, QRectF

from core.errors import WorkbenchError
from core.files.atomic_write import write_bytes_atomic

EXPORT_FORMATS = ("png", "svg")


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
    generator.setDescription(
        QCoreApplication.translate("plot_export", "exported from the Neural Network Workbench")
    )
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
