"""A layer type's small picture, described without Qt: what the palette and the cards draw.

Coordinates are units of the glyph's frame: x from 0 (left) to 1 (right), y from 0
(bottom) to 1 (top). The front end paints every part in the colour of the layer's
palette group, in this order: the axes, the connectors, the areas, the curves, the guides,
the dots, then the text; it chooses line widths and the size of the dots.
"""

from __future__ import annotations

from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Glyph:
    """A layer type's icon.

    Attributes
    ----------
    curves : tuple of polylines
        Each a tuple of points, drawn as one line (an activation's curve, a bell).
    lines : tuple of (x0, y0, x1, y1)
        Thin connectors (the weights of a dense layer), drawn lighter.
    areas : tuple of polygons
        Each a tuple of points, filled faintly (the area under a bell).
    guides : tuple of (x0, y0, x1, y1)
        Thin marks drawn over the curves (the mean of a bell), lighter still.
    dots : tuple of (x, y, filled)
        Neurons: filled, or only outlined (a dropped unit).
    axes : (x, y) or None
        Where the zero axes cross, drawn first and grey, across the whole frame.
    text : str
        Drawn in the middle when there is nothing else: the title's first letters.
    inset : (left, top, right, bottom)
        Margins in pixels between the icon's box and the frame the coordinates refer to.
    """

    curves: tuple[tuple[Point, ...], ...] = ()
    lines: tuple[tuple[float, float, float, float], ...] = ()
    areas: tuple[tuple[Point, ...], ...] = ()
    guides: tuple[tuple[float, float, float, float], ...] = ()
    dots: tuple[tuple[float, float, bool], ...] = ()
    axes: Point | None = None
    text: str = ""
    inset: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
