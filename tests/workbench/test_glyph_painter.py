"""Layer icons painted from each layer class's own Glyph description."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from core import registry
from workbench.designer import glyph_painter, palette


def pixels(pixmap) -> list[int]:
    image = pixmap.toImage()
    return [image.pixel(x, y) for y in range(image.height()) for x in range(image.width())]


@pytest.mark.parametrize("size", [QSize(30, 24), QSize(48, 40)])
@pytest.mark.parametrize("name", [e.name for e in registry.entries("layer")])
def test_every_built_in_glyph_equals_the_hand_drawn_one_pixel_for_pixel(qapp, name, size):
    entry = registry.get("layer", name)
    old, new = palette.layer_glyph(entry, size), glyph_painter.layer_glyph(entry, size)
    assert (new.width(), new.height()) == (old.width(), old.height())
    assert pixels(new) == pixels(old)
