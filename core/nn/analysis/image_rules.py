"""Rules about images: the shapes that flow through convolutions, poolings and flatten.

:func:`shape_problem` turns the sentence a layer class raises when its input does not fit
(:meth:`~core.nn.layers.base.Layer.output_shape`: a kernel larger than its input, an image
shrunk to nothing, dense on images, a convolution on flat data) into a finding with the
obvious one-click fix: insert a flatten layer before a dense layer that gets images, or
switch the data to images where the data source can give them. :func:`image_output` finds a
network whose output is still an image.
"""

from __future__ import annotations

import re

from core import registry
from core.nn.analysis.findings import Finding, StackContext
from core.nn.layers.base import Shape, layer_class, shape_text
from core.wording import plural


def images_possible(data_spec: dict | None) -> bool:
    """Whether the data source of ``data_spec`` can give images but is not asked to
    (it has an ``as_images`` field, now false)."""
    if not isinstance(data_spec, dict) or not isinstance(data_spec.get("source"), str):
        return False
    try:
        entry = registry.get("dataset", data_spec["source"])
    except Exception:  # an unknown source is reported by the data section's own checks
        return False
    return any(p.name == "as_images" for p in entry.params) and not data_spec.get("as_images")


def shape_problem(index: int, spec: dict, in_shape: Shape, message: str,
                  data_spec: dict | None = None) -> Finding:
    """The finding for layer ``index`` (normalized ``spec``) whose input ``in_shape`` does
    not fit, with ``message`` the layer class's sentence."""
    cls = layer_class(spec["type"])
    name = spec["type"]
    if len(in_shape) > 1 and not cls.needs_images and cls.mixes_features:
        return Finding("error", f"Layer {index} ({name}) gets images of shape "
                       f"{shape_text(in_shape)} but works on flat feature vectors: insert a "
                       "flatten layer before it.", index,
                       {"action": "insert", "label": "insert flatten", "index": index,
                        "spec": {"type": "flatten"}})
    if len(in_shape) == 1 and cls.needs_images:
        fix = None
        if index == 0 and images_possible(data_spec):
            fix = {"action": "set_data", "field": "as_images", "value": True,
                   "label": "switch the data to images"}
        where = "the data are" if index == 0 else "its input is"
        return Finding("error", f"Layer {index} ({name}) works on images (channels × height × "
                       f"width), but {where} flat vectors of {plural(in_shape[0], 'feature')}"
                       + ("; switch the data to images." if fix else
                          ": use image data, or move it before any flatten or dense layer."),
                       index, fix)
    return Finding("error", f"Layer {index} ({name}) gets images of {shape_text(in_shape)}: "
                   + _sentence(message), index)


def image_output(ctx: StackContext) -> list[Finding]:
    """A network whose last layer gives images: losses need one row of outputs per sample."""
    if not ctx.complete or not ctx.layers or len(ctx.shape) < 2:
        return []
    last = ctx.last.index
    return [Finding("error", f"The network ends in images of shape {shape_text(ctx.shape)}; "
                    "add flatten and a dense output layer after them.", last,
                    {"action": "append", "label": "add flatten", "spec": {"type": "flatten"}})]


def _sentence(message: str) -> str:
    """A layer class's message as the end of a finding: its own words without the
    ``conv2d.kernel_size:`` it starts with, one full stop."""
    text = _WHERE.sub("", message.strip(), count=1)
    return text if text.endswith(".") else text + "."


_WHERE = re.compile(r"^[a-z0-9_]+(\.[a-z_]+)?: ")
