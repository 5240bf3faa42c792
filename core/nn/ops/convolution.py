"""Two-dimensional convolution of image batches: im2col into one matrix product per pass.

Arrays are ``(batch, channels, height, width)`` (PyTorch's NCHW) in float32 or float64;
the weight is ``(filters, in_channels, kh, kw)`` and the bias ``(filters,)``, as in
``torch.nn.Conv2d`` (cross-correlation, no kernel flip). Array work goes through the
injected module ``xp`` (numpy or cupy). Results are laid out batch-last
(:mod:`core.nn.ops.batch_last`): index them as NCHW, never assume C order.

How
---
With ``K = C·kh·kw`` rows and ``M = Ho·Wo·N`` columns:

* forward: the padded input is viewed through ``as_strided`` as its ``(C, kh, kw, Ho, Wo,
  N)`` windows and copied once into ``cols`` ``(K, M)``; then ``Y = W·cols + b`` with ``W``
  as ``(F, K)``. ``Y`` ``(F, M)`` is the batch-last output ``(F, Ho, Wo, N)`` as it stands;
* backward, with ``dY`` as ``(F, M)``: ``dWᵀ = cols·dYᵀ``, ``db = dY·1``,
  ``dcols = Wᵀ·dY``, then *col2im*: for each of the kh·kw kernel offsets, one strided
  addition of the matching ``(C, Ho, Wo, N)`` slice of ``dcols`` into the padded input
  gradient (no loop over pixels or images).

One matrix product per pass. On the CPU it is issued as one stacked ``matmul`` over column
blocks when that is faster (:func:`gemm_blocks`): OpenBLAS runs products of at most ~10⁶
multiply-adds on kernels that skip its packing step, 1.3–3× faster on LeNet's thin shapes
(its first layer at batch 64, ``(6, 25)·(25, 50176)``: 0.71 ms as one product, 0.23 ms in
8 blocks; ``benchmarks/conv.py``, one thread). Results are written into the blocks of one
output matrix, so the blocking changes nothing else. On CuPy it is always one product.

Padding
-------
An integer ``p`` pads every side by ``p``; ``(ph, pw)`` pads top and bottom by ``ph``,
left and right by ``pw``; ``(top, bottom, left, right)`` gives each side. ``"valid"`` is
no padding. ``"same"`` keeps the output as large as the input and needs stride 1: it pads
``k − 1`` in each direction, ``(k − 1) // 2`` before and the rest after (an even kernel
pads one more at the bottom and right), exactly as ``torch.nn.Conv2d(padding="same")``.
For stride > 1 "same" is refused, as PyTorch refuses it (TensorFlow would pad so that the
output is ``ceil(input / stride)``; give that padding as numbers if you want it).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from functools import lru_cache

from core.backend.gpu_kernels import is_cupy
from core.errors import SpecError
from core.nn.ops.batch_last import padded_batch_last, work_buffer

#: OpenBLAS's small-matrix kernels take products of at most this many multiply-adds
#: (measured here: blocks of 0.69·10⁶ ran 3× faster per multiply-add than of 1.38·10⁶).
SMALL_GEMM_MACS = 1_000_000
#: Blocks narrower than this many columns are not worth the per-block overhead.
MIN_BLOCK_COLUMNS = 128


# ---------------------------------------------------------------- shapes and checks

def int_pair(value, field: str, where: str, minimum: int) -> tuple[int, int]:
    """``value`` (an integer or a pair of integers) as a pair, each at least ``minimum``."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        pair = (int(value), int(value))
    elif (isinstance(value, (tuple, list)) and len(value) == 2
          and all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value)):
        pair = (int(value[0]), int(value[1]))
    else:
        raise SpecError(f"{where}.{field}: expected an integer or a pair of integers, "
                        f"got {value!r}")
    if min(pair) < minimum:
        raise SpecError(f"{where}.{field}: expected integers of at least {minimum}, "
                        f"got {value!r}")
    return pair


def conv2d_padding(padding, kernel, stride=1, where: str = "conv2d") -> tuple[int, int, int, int]:
    """The padding of a convolution as ``(top, bottom, left, right)`` integers.

    Parameters
    ----------
    padding : int, pair, 4-tuple, ``"same"`` or ``"valid"``
        See the module notes; ``"same"`` needs ``stride`` 1.
    kernel, stride : int or (int, int)
    where : str
        JSON path of the layer, starts every error message (``model.layers[2]``).
    """
    kh, kw = int_pair(kernel, "kernel_size", where, 1)
    sh, sw = int_pair(stride, "stride", where, 1)
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0, 0, 0)
        if padding == "same":
            if (sh, sw) != (1, 1):
                raise SpecError(f"{where}.padding: \"same\" needs stride 1, got stride "
                                f"{sh}×{sw}; give the padding as a number for a strided "
                                "convolution (PyTorch refuses \"same\" there too)")
            return ((kh - 1) // 2, kh - 1 - (kh - 1) // 2, (kw - 1) // 2, kw - 1 - (kw - 1) // 2)
        raise SpecError(f"{where}.padding: expected an integer, \"same\" or \"valid\", "
                        f"got {padding!r}")
    if isinstance(padding, (tuple, list)) and len(padding) == 4:
        if all(isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= 0
               for v in padding):
            return tuple(int(v) for v in padding)
        raise SpecError(f"{where}.padding: expected four integers of at least 0 (top, bottom, "
                        f"left, right), got {padding!r}")
    ph, pw = int_pair(padding, "padding", where, 0)
    return (ph, ph, pw, pw)


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def spatial_output(size: tuple[int, int], window: tuple[int, int], stride: tuple[int, int],
                   pads: tuple[int, int, int, int], where: str, field: str) -> tuple[int, int]:
    """Output height and width of a sliding window; a clear error when nothing fits."""
    h, w = size
    if h < 1 or w < 1:
        raise SpecError(f"{where}: its input is {h}×{w} pixels; expected an image of at least "
                        "1×1 (the layers before it shrink the image to nothing)")
    hp, wp = h + pads[0] + pads[1], w + pads[2] + pads[3]
    kh, kw = window
    if kh > hp or kw > wp:
        padded = f" ({h}×{w} padded to {hp}×{wp})" if (hp, wp) != (h, w) else ""
        raise SpecError(f"{where}.{field}: the {kh}×{kw} window is larger than its "
                        f"{hp}×{wp} input{padded}, so the output would have no pixels; "
                        f"expected at most {hp}×{wp}: use a smaller {field}, more padding, "
                        "or fewer shrinking layers before it")
    return (hp - kh) // stride[0] + 1, (wp - kw) // stride[1] + 1


@dataclass(frozen=True)
class Conv2dGeometry:
    """Sizes of one convolution call: input ``(n, c, h, w)``, ``f`` filters of
    ``kh × kw``, strides, paddings and the output ``(n, f, ho, wo)``."""

    n: int
    c: int
    h: int
    w: int
    f: int
    kh: int
    kw: int
    sh: int
    sw: int
    pads: tuple  # (top, bottom, left, right)
    ho: int
    wo: int

    @property
    def rows(self) -> int:
        """Rows of the column matrix, ``C·kh·kw``."""
        return self.c * self.kh * self.kw

    @property
    def columns(self) -> int:
        """Columns of the column matrix, ``Ho·Wo·N``."""
        return self.ho * self.wo * self.n

    @property
    def padded(self) -> tuple[int, int]:
        return self.h + self.pads[0] + self.pads[1], self.w + self.pads[2] + self.pads[3]


@lru_cache(maxsize=256)
def conv2d_geometry(x_shape: tuple, weight_shape: tuple, stride=1, padding=0,
                    where: str = "conv2d") -> Conv2dGeometry:
    """Geometry of a convolution of an ``x_shape`` batch by a ``weight_shape`` kernel."""
    if len(x_shape) != 4 or len(weight_shape) != 4:
        raise ValueError(f"{where}: expected a (batch, channels, height, width) input and a "
                         f"(filters, channels, kh, kw) weight, got {x_shape} and {weight_shape}")
    n, c, h, w = x_shape
    f, wc, kh, kw = weight_shape
    if wc != c:
        raise ValueError(f"{where}: the weight expects {wc} input channels, the input has {c}")
    pads = conv2d_padding(padding, (kh, kw), stride, where)
    sh, sw = int_pair(stride, "stride", where, 1)
    ho, wo = spatial_output((h, w), (kh, kw), (sh, sw), pads, where, "kernel_size")
    return Conv2dGeometry(n, c, h, w, f, kh, kw, sh, sw, pads, ho, wo)


def conv2d_output_shape(in_shape: tuple, filters: int, kernel, stride=1, padding=0,
                        where: str = "conv2d") -> tuple[int, int, int]:
    """``(filters, Ho, Wo)`` for a ``(C, H, W)`` input, or a :class:`SpecError` sentence.

    ``Ho = (H + top + bottom − kh) // sh + 1`` (likewise ``Wo``), as in PyTorch. Refuses a
    kernel larger than the padded input (the output would have no pixels) and an input
    that already has none.
    """
    if not isinstance(filters, numbers.Integral) or isinstance(filters, bool) or filters < 1:
        raise SpecError(f"{where}.filters: expected a positive integer, got {filters!r}")
    c, h, w = in_shape
    kh, kw = int_pair(kernel, "kernel_size", where, 1)
    g = conv2d_geometry((1, c, h, w), (filters, c, kh, kw), _hashable(stride),
                        _hashable(padding), where)
    return (filters, g.ho, g.wo)


@dataclass(frozen=True)
class OpFlops:
    """Floating-point operations of one layer call on a batch.

    ``forward``; ``backward_params``: the weight and bias gradients; ``backward_input``:
    the input gradient, which the first layer of a network does not need.
    """

    forward: int
    backward_params: int = 0
    backward_input: int = 0

    def step(self, input_grad: bool = True) -> int:
        """Forward plus backward, with or without the input gradient."""
        return self.forward + self.backward_params + (self.backward_input if input_grad else 0)


def conv2d_flops(in_shape: tuple, filters: int, kernel, stride=1, padding=0, batch: int = 1,
                 bias: bool = True) -> OpFlops:
    """FLOPs of a convolution: each matrix product ``2·N·F·Ho·Wo·C·kh·kw`` (forward, weight
    gradient, column gradient), the bias ``N·F·Ho·Wo`` each way, col2im ``N·C·kh·kw·Ho·Wo``.
    """
    f, ho, wo = conv2d_output_shape(in_shape, filters, kernel, stride, padding)
    kh, kw = int_pair(kernel, "kernel_size", "conv2d", 1)
    outputs = batch * f * ho * wo
    products = 2 * outputs * in_shape[0] * kh * kw
    with_bias = outputs if bias else 0
    return OpFlops(products + with_bias, products + with_bias,
                   products + batch * in_shape[0] * kh * kw * ho * wo)


@lru_cache(maxsize=256)
def _blocks(rows: int, inner: int, columns: int) -> int:
    if rows * inner * MIN_BLOCK_COLUMNS > SMALL_GEMM_MACS:
        return 1
    widest = SMALL_GEMM_MACS // (rows * inner)
    if columns <= widest:
        return 1
    for blocks in range(-(-columns // widest), columns // MIN_BLOCK_COLUMNS + 1):
        if columns % blocks == 0:
            return blocks
    return 1


def gemm_blocks(xp, rows: int, inner: int, columns: int) -> int:
    """How many equal column blocks to issue a ``(rows, inner)·(inner, columns)`` product in.

    1 on CuPy, and whenever one block could not be both under :data:`SMALL_GEMM_MACS`
    and at least :data:`MIN_BLOCK_COLUMNS` wide; else the fewest blocks that divide
    ``columns`` and are small enough.
    """
    return 1 if is_cupy(xp) else _blocks(rows, inner, columns)


def _column_blocks(a, blocks: int):
    """``a`` ``(r, m)`` as ``(blocks, r, m / blocks)`` views of its column blocks."""
    r, m = a.shape
    return a.reshape(r, blocks, m // blocks).transpose(1, 0, 2)


def _matmul_into_columns(xp, a, b, out, blocks: int):
    """``out[:] = a · b``, with ``b`` and ``out`` (C-ordered) split into column blocks."""
    if blocks == 1:
        xp.matmul(a, b, out=out)
    else:
        xp.matmul(a, _column_blocks(b, blocks), out=_column_blocks(out, blocks))


# ---------------------------------------------------------------- forward and backward

@dataclass(frozen=True)
class Conv2dCache:
    """What :func:`conv2d_backward` needs from its forward call."""

    geometry: Conv2dGeometry
    cols: object  # (C·kh·kw, Ho·Wo·N) column matrix
    blocks: int
    has_bias: bool


def conv2d_forward(xp, x, weight, bias=None, stride=1, padding=0, workspace: dict | None = None,
                   where: str = "conv2d"):
    """Convolution forward: ``y[n, f] = Σ_c x[n, c] ⋆ weight[f, c] + bias[f]``.

    Parameters
    ----------
    xp : module
        numpy or cupy.
    x : array (N, C, H, W)
        Any strides; float32 or float64 (the weight's dtype).
    weight : array (F, C, kh, kw)
    bias : array (F,), optional
    stride : int or (int, int)
    padding : int, pair, (top, bottom, left, right), "same" or "valid"
    workspace : dict, optional
        Keeps the padded input, column matrix and output for reuse (see
        :mod:`core.nn.ops.batch_last`); the returned ``y`` and the cache then live in it until
        the next call with the same workspace. Do not share it between layers, nor between
        a training pass and an evaluation in between.

    Returns
    -------
    y : array (N, F, Ho, Wo), batch-last
    cache : Conv2dCache
        For :func:`conv2d_backward`.
    """
    g = conv2d_geometry(tuple(x.shape), tuple(weight.shape), _hashable(stride),
                        _hashable(padding), where)
    src = padded_batch_last(xp, x, g.pads, 0, workspace, "conv.x")
    cols = work_buffer(xp, workspace, "conv.cols", (g.rows, g.columns), x.dtype)
    tc, th, tw, tn = src.strides
    windows = xp.lib.stride_tricks.as_strided(
        src, shape=(g.c, g.kh, g.kw, g.ho, g.wo, g.n),
        strides=(tc, th, tw, th * g.sh, tw * g.sw, tn))
    xp.copyto(cols.reshape(g.c, g.kh, g.kw, g.ho, g.wo, g.n), windows)
    y = work_buffer(xp, workspace, "conv.y", (g.f, g.ho, g.wo, g.n), x.dtype)
    y2 = y.reshape(g.f, g.columns)
    blocks = gemm_blocks(xp, g.f, g.rows, g.columns)
    _matmul_into_columns(xp, weight.reshape(g.f, g.rows), cols, y2, blocks)
    if bias is not None:
        xp.add(y2, bias.reshape(g.f, 1), out=y2)
    return y.transpose(3, 0, 1, 2), Conv2dCache(g, cols, blocks, bias is not None)


def conv2d_backward(xp, grad_y, cache: Conv2dCache, weight, grad_weight=None, grad_bias=None,
                    need_input_grad: bool = True, workspace: dict | None = None):
    """Convolution backward: the gradients with respect to input, weight and bias.

    Parameters
    ----------
    grad_y : array (N, F, Ho, Wo)
        d loss / d y, any strides; not modified.
    cache : Conv2dCache
        From the matching :func:`conv2d_forward` (its column matrix must not have been
        overwritten by a later forward call with the same workspace).
    weight : array (F, C, kh, kw)
    grad_weight : array (F, C, kh, kw), optional
        C-ordered; overwritten with ``dW = Σ dY ⋆ x`` (a new array when not given).
    grad_bias : array (F,), optional
        Overwritten with ``db = Σ_{n,ho,wo} dY`` when the forward call had a bias.
    need_input_grad : bool
        False skips ``dcols`` and col2im (the first layer of a network).
    workspace : dict, optional
        As for the forward call (the same dict may be passed).

    Returns
    -------
    grad_x : array (N, C, H, W) batch-last, or None
    grad_weight : array (F, C, kh, kw)
    grad_bias : array (F,) or None
    """
    g = cache.geometry
    dtype = cache.cols.dtype
    dy = _grad_matrix(xp, grad_y, g, workspace)
    blocks = cache.blocks
    if grad_weight is None:
        grad_weight = xp.empty((g.f, g.c, g.kh, g.kw), dtype=dtype)
    elif not grad_weight.flags.c_contiguous:
        raise ValueError("conv2d_backward: grad_weight must be C-ordered (it is written "
                         "through a reshaped view)")
    # dWᵀ = cols · dYᵀ: this orientation ran ~2× faster than dY · colsᵀ on OpenBLAS for
    # LeNet's shapes; blocks give partial sums over column ranges.
    partial = work_buffer(xp, workspace, "conv.dwt", (blocks, g.rows, g.f), dtype)
    if blocks == 1:
        xp.matmul(cache.cols, dy.T, out=partial[0])
        xp.copyto(grad_weight.reshape(g.f, g.rows), partial[0].T)
    else:
        xp.matmul(_column_blocks(cache.cols, blocks), _column_blocks(dy, blocks).transpose(0, 2, 1),
                  out=partial)
        xp.sum(partial, axis=0, out=grad_weight.reshape(g.f, g.rows).T)
    if cache.has_bias:
        if grad_bias is None:
            grad_bias = xp.empty((g.f,), dtype=dtype)
        ones = work_buffer(xp, workspace, "conv.ones", (g.columns,), dtype, initial=1)
        xp.matmul(dy, ones, out=grad_bias)
    else:
        grad_bias = None
    if not need_input_grad:
        return None, grad_weight, grad_bias
    dcols = work_buffer(xp, workspace, "conv.dcols", (g.rows, g.columns), dtype)
    _matmul_into_columns(xp, weight.reshape(g.f, g.rows).T, dy, dcols, blocks)
    return _col2im(xp, dcols, g, workspace), grad_weight, grad_bias


def _grad_matrix(xp, grad_y, g: Conv2dGeometry, workspace):
    """``grad_y`` as the ``(F, Ho·Wo·N)`` matrix: a view when it is batch-last, else a copy."""
    if tuple(grad_y.shape) != (g.n, g.f, g.ho, g.wo):
        raise ValueError(f"conv2d_backward: expected a gradient of shape "
                         f"{(g.n, g.f, g.ho, g.wo)}, got {tuple(grad_y.shape)}")
    memory = grad_y.transpose(1, 2, 3, 0)
    if not memory.flags.c_contiguous:
        buf = work_buffer(xp, workspace, "conv.dy", (g.f, g.ho, g.wo, g.n), grad_y.dtype)
        xp.copyto(buf, memory)
        memory = buf
    return memory.reshape(g.f, g.columns)


def _col2im(xp, dcols, g: Conv2dGeometry, workspace):
    """Add every kernel offset's slice of ``dcols`` into the padded input gradient."""
    hp, wp = g.padded
    dx = work_buffer(xp, workspace, "conv.dx", (g.c, hp, wp, g.n), dcols.dtype)
    dx.fill(0)
    slices = dcols.reshape(g.c, g.kh, g.kw, g.ho, g.wo, g.n)
    h_span, w_span = g.sh * (g.ho - 1) + 1, g.sw * (g.wo - 1) + 1
    for i in range(g.kh):
        for j in range(g.kw):
            dest = dx[:, i:i + h_span:g.sh, j:j + w_span:g.sw, :]
            xp.add(dest, slices[:, i, j], out=dest)
    top, _, left, _ = g.pads
    return dx[:, top:top + g.h, left:left + g.w, :].transpose(3, 0, 1, 2)


def workspace_bytes(in_shape: tuple, filters: int, kernel, stride=1, padding=0, batch: int = 1,
                    itemsize: int = 4) -> int:
    """Bytes a training pass keeps in its workspace at most (column matrix and its
    gradient, padded input and its gradient, output, gradient copy): for memory budgets."""
    f, ho, wo = conv2d_output_shape(in_shape, filters, kernel, stride, padding)
    kh, kw = int_pair(kernel, "kernel_size", "conv2d", 1)
    top, bottom, left, right = conv2d_padding(padding, kernel, stride)
    c, h, w = in_shape
    cols = c * kh * kw * ho * wo * batch
    image = c * (h + top + bottom) * (w + left + right) * batch
    return itemsize * (2 * cols + 2 * image + 2 * f * ho * wo * batch)
