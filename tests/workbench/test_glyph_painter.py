"""Layer icons painted from each layer class's own Glyph description."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from core import registry
from core.nn.layers.glyph import Glyph
from workbench.designer.glyph_painter import ICON_SIZE, glyph_pixmap, group_color, layer_glyph

BLUE = QColor("#2f6fd0")


def colour_at(pixmap, glyph: Glyph, x: float, y: float) -> QColor:
    """The colour of the pixmap at the glyph's unit point (x, y) (y up)."""
    left, top, right, bottom = glyph.inset
    w, h = ICON_SIZE.width() - 1 - left - right, ICON_SIZE.height() - 1 - top - bottom
    px, py = 0.5 + left + x * w, 0.5 + top + (1 - y) * h
    dpr = pixmap.devicePixelRatio()
    return pixmap.toImage().pixelColor(int(px * dpr), int(py * dpr))


def test_an_empty_glyph_is_the_tinted_box_in_its_colour(qapp):
    pix = glyph_pixmap(Glyph(), ICON_SIZE, BLUE)
    assert (pix.width(), pix.height()) == (60, 48)          # drawn at twice the size
    image = pix.toImage()
    assert image.pixelColor(0, 0).alpha() == 0              # rounded corner: transparent
    middle = image.pixelColor(30, 24)   # the colour at alpha 28 (premultiplied: ±2 per channel)
    assert middle.alpha() == 28
    assert max(abs(middle.red() - 47), abs(middle.green() - 111), abs(middle.blue() - 208)) <= 2


def test_filled_dots_are_solid_and_open_dots_are_not(qapp):
    glyph = Glyph(dots=((0.25, 0.5, True), (0.75, 0.5, False)))
    pix = glyph_pixmap(glyph, ICON_SIZE, BLUE)
    assert colour_at(pix, glyph, 0.25, 0.5).name() == "#2f6fd0"
    assert colour_at(pix, glyph, 0.25, 0.5).alpha() == 255
    assert colour_at(pix, glyph, 0.75, 0.5).alpha() == 28   # only the box's tint inside


def test_text_is_drawn_when_a_type_has_no_picture(qapp):
    plain = glyph_pixmap(Glyph(), ICON_SIZE, BLUE).toImage()
    text = glyph_pixmap(Glyph(text="Ab"), ICON_SIZE, BLUE).toImage()
    changed = sum(plain.pixel(x, y) != text.pixel(x, y)
                  for y in range(text.height()) for x in range(text.width()))
    assert changed > 50


def test_a_dense_icon_shows_its_neurons_in_the_group_colour(qapp):
    entry = registry.get("layer", "dense")
    glyph = entry.factory.glyph()
    pix = layer_glyph(entry)
    for x, y, _filled in glyph.dots:
        assert colour_at(pix, glyph, x, y).name() == group_color("layers").name()


@pytest.mark.parametrize("name", [e.name for e in registry.entries("layer")])
def test_every_built_in_icon_draws_more_than_its_box(qapp, name):
    entry = registry.get("layer", name)
    colour = group_color(entry.group)
    box = glyph_pixmap(Glyph(), ICON_SIZE, colour).toImage()
    icon = layer_glyph(entry).toImage()
    changed = sum(box.pixel(x, y) != icon.pixel(x, y)
                  for y in range(icon.height()) for x in range(icon.width()))
    assert changed > 40, f"{name}: an empty icon"


def test_the_area_under_the_batch_norm_bell_is_tinted(qapp):
    entry = registry.get("layer", "batch_norm")
    glyph = entry.factory.glyph()
    pix = layer_glyph(entry)
    under, beside = colour_at(pix, glyph, 0.3, 0.15), colour_at(pix, glyph, 0.1, 0.8)
    assert under.alpha() > beside.alpha() == 28          # two tints over each other
