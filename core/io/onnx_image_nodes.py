"""The image operators of an ONNX graph, as the workbench's image layers: a leading
``Reshape`` to ``[-1, C, H, W]``, ``Conv``, ``MaxPool`` and ``AveragePool`` (a mixin of the
graph walk in :mod:`core.io.onnx_import`).

The workbench's convolutions and pools have square windows and strides, no dilation, one
group and no ``ceil_mode``; a convolution pads all sides equally or as PyTorch's "same"
(the extra row and column of an even kernel at the end), a pool not at all. Anything else
is refused in one sentence naming the node.
"""

from __future__ import annotations

import numpy as np

from core.nn.ops.convolution import conv2d_padding

#: The operators that need images (an image batch (N, C, H, W)) as their input.
IMAGE_OPS = ("Conv", "MaxPool", "AveragePool", "GlobalAveragePool")


def image_shape(value_info) -> tuple | None:
    """``(C, H, W)`` of a graph input declared ``[batch, C, H, W]``; else None."""
    dims = value_info.type.tensor_type.shape.dim
    values = [d.dim_value for d in dims[1:]]
    return tuple(int(v) for v in values) if len(dims) == 4 and all(v > 0 for v in values) \
        else None


class ImageNodes:
    """Turns image nodes into layers; the walk provides ``_const``, ``_attr``, ``_add``,
    ``refusal``, ``input_width``, ``input_shape`` and ``images``."""

    def _reshape(self, node, after: int) -> int:
        """A leading ``Reshape(x, [-1, C, H, W])``: the rows are images of shape (C, H, W)."""
        shape = self._const(node, 1).reshape(-1)
        if shape.dtype.kind != "i" or len(shape) != 4 or shape[0] not in (-1, 0) or \
                (shape[1:] < 1).any() or (shape[1:] > 1_000_000).any():
            raise self.refusal(node, f"a Reshape to {shape.tolist()!r:.60}; expected "
                               "[-1, channels, height, width] at the start")
        image = tuple(int(v) for v in shape[1:])
        if self.input_width is not None and int(np.prod(image)) != self.input_width:
            raise self.refusal(node, f"a Reshape of {self.input_width} inputs to "
                               f"images of {'×'.join(map(str, image))}")
        self.input_shape, self.images = image, True
        return after

    def _square(self, node, name: str, values, default: int) -> int:
        values = list(values) if values is not None else [default, default]
        if len(values) != 2 or values[0] != values[1]:
            raise self.refusal(node, f"a 2-D operator with {name} {values}; the "
                               f"workbench's are square (equal {name})")
        return int(values[0])

    def _plain(self, node, what: str, pads_allowed: bool) -> None:
        """Refuse the attributes the workbench's image layers do not have."""
        checks = [("dilations", lambda v: all(d == 1 for d in v), "dilations 1"),
                  ("group", lambda v: v == 1, "group 1"),
                  ("ceil_mode", lambda v: v == 0, "ceil_mode 0")]
        for name, ok, expected in checks:
            value = self._attr(node, name, None)
            if value is not None and not ok(value):
                raise self.refusal(node, f"a {what} with {name}={value!r}; expected "
                                   f"{expected}")
        auto_pad = self._attr(node, "auto_pad", b"NOTSET")
        auto_pad = auto_pad.decode("utf-8", "replace") if isinstance(auto_pad, bytes) \
            else str(auto_pad)
        if auto_pad not in ("NOTSET", "VALID"):
            raise self.refusal(node, f"a {what} with auto_pad={auto_pad}; expected "
                               "explicit pads")
        if not pads_allowed and any(self._attr(node, "pads", [0])):
            raise self.refusal(node, f"a {what} with pads "
                               f"{list(self._attr(node, 'pads', []))}; the "
                               "workbench's pooling has no padding")

    def _conv(self, node, after: int) -> int:
        weight = self._const(node, 1)
        if weight.ndim != 4:
            raise self.refusal(node, f"a Conv with a weight of shape {weight.shape}; "
                               "expected (filters, channels, height, width)")
        self._plain(node, "Conv", pads_allowed=True)
        k = self._square(node, "kernel_shape", self._attr(node, "kernel_shape", None)
                         or weight.shape[2:], 1)
        if tuple(weight.shape[2:]) != (k, k):
            raise self.refusal(node, f"a Conv whose kernel_shape {k}×{k} does not fit "
                               f"its weight of shape {weight.shape}")
        stride = self._square(node, "strides", self._attr(node, "strides", None), 1)
        top, left, bottom, right = [int(v) for v in self._attr(node, "pads", [0, 0, 0, 0])]
        if top == left == bottom == right == 0:
            padding = 0
        elif stride == 1 and (top, bottom, left, right) == conv2d_padding("same", k):
            padding = "same"
        elif top == left == bottom == right:
            padding = top
        else:
            raise self.refusal(node, f"a Conv with pads {[top, left, bottom, right]}; "
                               "the workbench pads all sides equally (or as "
                               "\"same\")")
        bias = self._const(node, 2) if len(node.input) > 2 and node.input[2] else None
        arrays = {"weight": weight}
        if bias is not None:
            arrays["bias"] = bias.reshape(-1)
            if arrays["bias"].shape != (weight.shape[0],):
                raise self.refusal(node, f"adding a bias of {bias.size} values to "
                                   f"{weight.shape[0]} filters")
        self._add({"type": "conv2d", "filters": int(weight.shape[0]), "kernel_size": k,
                   "stride": stride, "padding": padding, "bias": bias is not None},
                  node, arrays, node.input[1])
        return after

    def _pool(self, node, after: int) -> int:
        self._plain(node, node.op_type, pads_allowed=False)
        k = self._square(node, "kernel_shape", self._attr(node, "kernel_shape", None), 0)
        stride = self._square(node, "strides", self._attr(node, "strides", None), 1)
        if k < 1:
            raise self.refusal(node, f"a {node.op_type} without a kernel_shape")
        kind = "max_pool2d" if node.op_type == "MaxPool" else "avg_pool2d"
        self._add({"type": kind, "pool_size": k, "stride": None if stride == k else stride},
                  node)
        return after
