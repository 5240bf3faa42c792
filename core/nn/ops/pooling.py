"""Pooling of image batches: max, average and global average, forward and backward.

Arrays are ``(batch, channels, height, width)`` (PyTorch's NCHW), float32 or float64, any
strides; results are laid out batch-last (:mod:`core.nn.ops.batch_last`), and a ``workspace``
dict keeps the temporaries and results for reuse as in :mod:`core.nn.ops.convolution`. Array work
goes through the injected module ``xp`` (numpy or cupy), one call per window offset
(``kh·kw`` of them), never per pixel.

Semantics are PyTorch's (``nn.MaxPool2d``, ``nn.AvgPool2d``, ``nn.AdaptiveAvgPool2d(1)``),
with ``ceil_mode=False`` and ``dilation=1``:

* the stride defaults to the pool size; padding (an integer or a pair) is at most half the
  pool size; ``Ho = (H + 2·ph − kh) // sh + 1``;
* max: padding counts as −∞; of equal values the first in the window, row by row, is the
  maximum (its position is kept for backward, which sends each output's gradient there
  alone); a NaN in a window makes its output NaN;
* average: padding counts as zeros and in the divisor, ``kh·kw`` (PyTorch's default
  ``count_include_pad=True``; ONNX's AveragePool needs ``count_include_pad=1`` to match);
* global average: the mean over height and width, shape ``(N, C, 1, 1)`` like PyTorch's
  ``AdaptiveAvgPool2d(1)`` and ONNX's GlobalAveragePool.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from core.errors import SpecError
from core.nn.ops.batch_last import batch_last_empty, padded_batch_last, work_buffer
from core.nn.ops.convolution import OpFlops, int_pair, spatial_output


@dataclass(frozen=True)
class Pool2dGeometry:
    """Sizes of one pooling call: input ``(n, c, h, w)``, window ``kh × kw``, strides,
    symmetric padding ``ph``/``pw`` and output ``(n, c, ho, wo)``."""

    n: int
    c: int
    h: int
    w: int
    kh: int
    kw: int
    sh: int
    sw: int
    ph: int
    pw: int
    ho: int
    wo: int

    @property
    def pads(self) -> tuple[int, int, int, int]:
        return (self.ph, self.ph, self.pw, self.pw)

    @property
    def overlapping(self) -> bool:
        """Windows share input pixels (stride smaller than the window)."""
        return self.sh < self.kh or self.sw < self.kw

    @property
    def tiling(self) -> bool:
        """Windows cover the padded input exactly once."""
        return (self.sh == self.kh and self.sw == self.kw
                and self.ho * self.kh == self.h + 2 * self.ph
                and self.wo * self.kw == self.w + 2 * self.pw)

    def windows(self, src):
        """The ``kh·kw`` strided views ``(C, Ho, Wo, N)`` of batch-last ``src``, row by row."""
        h_span, w_span = self.sh * (self.ho - 1) + 1, self.sw * (self.wo - 1) + 1
        return [src[:, i:i + h_span:self.sh, j:j + w_span:self.sw, :]
                for i in range(self.kh) for j in range(self.kw)]


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


@lru_cache(maxsize=256)
def pool2d_geometry(x_shape: tuple, pool_size, stride=None, padding=0,
                    where: str = "pool2d") -> Pool2dGeometry:
    """Geometry of a pooling of an ``x_shape`` ``(N, C, H, W)`` batch (see the module notes)."""
    if len(x_shape) != 4:
        raise ValueError(f"{where}: expected a (batch, channels, height, width) input, "
                         f"got shape {x_shape}")
    n, c, h, w = x_shape
    kh, kw = int_pair(pool_size, "pool_size", where, 1)
    sh, sw = (kh, kw) if stride is None else int_pair(stride, "stride", where, 1)
    ph, pw = int_pair(padding, "padding", where, 0)
    if 2 * ph > kh or 2 * pw > kw:
        raise SpecError(f"{where}.padding: expected at most half the {kh}×{kw} pool size "
                        f"({kh // 2}×{kw // 2}), got {ph}×{pw} (as PyTorch requires)")
    ho, wo = spatial_output((h, w), (kh, kw), (sh, sw), (ph, ph, pw, pw), where, "pool_size")
    return Pool2dGeometry(n, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo)


def pool2d_output_shape(in_shape: tuple, pool_size, stride=None, padding=0,
                        where: str = "pool2d") -> tuple[int, int, int]:
    """``(C, Ho, Wo)`` of a max or average pooling of a ``(C, H, W)`` input, or a
    :class:`SpecError` sentence (window larger than the padded input, padding over half
    the window, an input with no pixels)."""
    c, h, w = in_shape
    g = pool2d_geometry((1, c, h, w), _hashable(pool_size), _hashable(stride),
                        _hashable(padding), where)
    return (c, g.ho, g.wo)


def global_avg_pool2d_output_shape(in_shape: tuple, where: str = "global_avg_pool2d"):
    """``(C, 1, 1)`` for a ``(C, H, W)`` input with at least one pixel."""
    c, h, w = in_shape
    if h < 1 or w < 1:
        raise SpecError(f"{where}: its input is {h}×{w} pixels; expected an image of at least "
                        "1×1 (the layers before it shrink the image to nothing)")
    return (c, 1, 1)


def pool2d_flops(in_shape: tuple, pool_size, stride=None, padding=0, batch: int = 1) -> OpFlops:
    """Operations of a max or average pooling: one per window element and output
    forward (comparisons or additions), one per window element backward."""
    c, ho, wo = pool2d_output_shape(in_shape, pool_size, stride, padding)
    kh, kw = int_pair(pool_size, "pool_size", "pool2d", 1)
    work = batch * c * ho * wo * kh * kw
    return OpFlops(work, 0, work)


def global_avg_pool2d_flops(in_shape: tuple, batch: int = 1) -> OpFlops:
    """One addition per input pixel forward, one multiplication per pixel backward."""
    size = batch * math.prod(in_shape)
    return OpFlops(size, 0, size)


# ---------------------------------------------------------------- max

@dataclass(frozen=True)
class MaxPool2dCache:
    """The geometry and, per output, the window offset of its maximum (``(C, Ho, Wo, N)``)."""

    geometry: Pool2dGeometry
    argmax: object


def max_pool2d_forward(xp, x, pool_size, stride=None, padding=0, workspace: dict | None = None,
                       where: str = "max_pool2d"):
    """Max pooling: ``y[n, c, i, j]`` = the largest value in its window.

    Parameters
    ----------
    x : array (N, C, H, W)
    pool_size, stride, padding : int or (int, int)
        ``stride`` defaults to ``pool_size``.
    workspace : dict, optional
        See :mod:`core.nn.ops.batch_last`.

    Returns
    -------
    y : array (N, C, Ho, Wo), batch-last
    cache : MaxPool2dCache
        The offset (0 … kh·kw−1, row by row) of the first maximum of each window.
    """
    g = pool2d_geometry(tuple(x.shape), _hashable(pool_size), _hashable(stride),
                        _hashable(padding), where)
    src = padded_batch_last(xp, x, g.pads, -math.inf, workspace, "maxpool.x")
    shape = (g.c, g.ho, g.wo, g.n)
    y = work_buffer(xp, workspace, "maxpool.y", shape, x.dtype)
    argmax = work_buffer(xp, workspace, "maxpool.argmax", shape,
                         xp.int8 if g.kh * g.kw <= 127 else xp.int32)
    larger = work_buffer(xp, workspace, "maxpool.mask", shape, xp.bool_)
    step = work_buffer(xp, workspace, "maxpool.step", shape, argmax.dtype)
    as_int = larger.view(xp.int8)
    windows = g.windows(src)
    xp.copyto(y, windows[0])
    argmax.fill(0)
    for offset, window in enumerate(windows[1:], start=1):
        xp.greater(window, y, out=larger)      # strictly larger: the first maximum stays
        xp.maximum(y, window, out=y)           # (and a NaN propagates)
        # argmax = offset where larger: offsets only grow, so the latest is the largest
        # (two fast integer calls; a masked copy of a scalar took 15× as long here).
        xp.multiply(as_int, argmax.dtype.type(offset), out=step)
        xp.maximum(argmax, step, out=argmax)
    return y.transpose(3, 0, 1, 2), MaxPool2dCache(g, argmax)


def max_pool2d_backward(xp, grad_y, cache: MaxPool2dCache, workspace: dict | None = None):
    """Max pooling backward: each output's gradient goes to its window's first maximum.

    Returns ``grad_x`` (N, C, H, W), batch-last; ``grad_y`` is not modified.
    """
    g = cache.geometry
    g_mem = _grad_memory(grad_y, g)
    hit = work_buffer(xp, workspace, "maxpool.mask", g_mem.shape, xp.bool_)
    dx = _padded_grad_buffer(xp, g, grad_y.dtype, workspace, "maxpool.dx")
    spare = (work_buffer(xp, workspace, "maxpool.tmp", g_mem.shape, grad_y.dtype)
             if g.overlapping else None)
    for offset, dest in enumerate(g.windows(dx)):
        xp.equal(cache.argmax, offset, out=hit)
        if spare is None:                      # each input pixel is in one window at most
            xp.multiply(g_mem, hit, out=dest)
        else:
            xp.multiply(g_mem, hit, out=spare)
            xp.add(dest, spare, out=dest)
    return _interior(dx, g)


# ---------------------------------------------------------------- average

@dataclass(frozen=True)
class AvgPool2dCache:
    """The geometry of the forward call."""

    geometry: Pool2dGeometry


def avg_pool2d_forward(xp, x, pool_size, stride=None, padding=0, workspace: dict | None = None,
                       where: str = "avg_pool2d"):
    """Average pooling: ``y[n, c, i, j]`` = the sum of its window / ``kh·kw``.

    Same parameters and batch-last result as :func:`max_pool2d_forward`; padding counts
    as zeros.
    """
    g = pool2d_geometry(tuple(x.shape), _hashable(pool_size), _hashable(stride),
                        _hashable(padding), where)
    src = padded_batch_last(xp, x, g.pads, 0, workspace, "avgpool.x")
    y = work_buffer(xp, workspace, "avgpool.y", (g.c, g.ho, g.wo, g.n), x.dtype)
    windows = g.windows(src)
    xp.copyto(y, windows[0])
    for window in windows[1:]:
        xp.add(y, window, out=y)
    xp.multiply(y, 1.0 / (g.kh * g.kw), out=y)
    return y.transpose(3, 0, 1, 2), AvgPool2dCache(g)


def avg_pool2d_backward(xp, grad_y, cache: AvgPool2dCache, workspace: dict | None = None):
    """Average pooling backward: each output's gradient / ``kh·kw`` to every pixel of its
    window. Returns ``grad_x`` (N, C, H, W), batch-last."""
    g = cache.geometry
    g_mem = _grad_memory(grad_y, g)
    share = work_buffer(xp, workspace, "avgpool.share", g_mem.shape, grad_y.dtype)
    xp.multiply(g_mem, 1.0 / (g.kh * g.kw), out=share)
    dx = _padded_grad_buffer(xp, g, grad_y.dtype, workspace, "avgpool.dx")
    for dest in g.windows(dx):
        if g.overlapping:
            xp.add(dest, share, out=dest)
        else:
            xp.copyto(dest, share)
    return _interior(dx, g)


# ---------------------------------------------------------------- global average

def global_avg_pool2d_forward(xp, x, workspace: dict | None = None):
    """The mean of each channel over height and width: ``(N, C, H, W) → (N, C, 1, 1)``."""
    n, c, h, w = x.shape
    if h < 1 or w < 1:
        raise ValueError(f"global_avg_pool2d: the input {tuple(x.shape)} has no pixels")
    y = work_buffer(xp, workspace, "gap.y", (c, 1, 1, n), x.dtype).transpose(3, 0, 1, 2)
    xp.mean(x, axis=(2, 3), keepdims=True, out=y)
    return y


def global_avg_pool2d_backward(xp, grad_y, in_shape: tuple, workspace: dict | None = None):
    """``grad_x[n, c, :, :] = grad_y[n, c, 0, 0] / (H·W)`` for an ``in_shape`` (N, C, H, W)
    input. Returns ``grad_x``, batch-last."""
    n, c, h, w = in_shape
    if workspace is None:
        dx = batch_last_empty(xp, (n, c, h, w), grad_y.dtype)
    else:
        dx = work_buffer(xp, workspace, "gap.dx", (c, h, w, n),
                         grad_y.dtype).transpose(3, 0, 1, 2)
    xp.multiply(grad_y.reshape(n, c, 1, 1), 1.0 / (h * w), out=dx)
    return dx


# ---------------------------------------------------------------- shared

def _grad_memory(grad_y, g: Pool2dGeometry):
    """``grad_y`` as a ``(C, Ho, Wo, N)`` view (any strides), after a shape check."""
    if tuple(grad_y.shape) != (g.n, g.c, g.ho, g.wo):
        raise ValueError(f"pool2d backward: expected a gradient of shape "
                         f"{(g.n, g.c, g.ho, g.wo)}, got {tuple(grad_y.shape)}")
    return grad_y.transpose(1, 2, 3, 0)


def _padded_grad_buffer(xp, g: Pool2dGeometry, dtype, workspace, key: str):
    """The padded batch-last input gradient, zeroed unless the windows will write every
    pixel of it exactly once."""
    dx = work_buffer(xp, workspace, key, (g.c, g.h + 2 * g.ph, g.w + 2 * g.pw, g.n), dtype)
    if not g.tiling:
        dx.fill(0)
    return dx


def _interior(dx, g: Pool2dGeometry):
    """The unpadded part of a padded batch-last gradient, as (N, C, H, W)."""
    return dx[:, g.ph:g.ph + g.h, g.pw:g.pw + g.w, :].transpose(3, 0, 1, 2)
