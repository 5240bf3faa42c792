"""Image batches laid out batch-last, and the reusable work buffers of the image ops.

The convolution and pooling ops (:mod:`core.nn.ops.convolution`,
:mod:`core.nn.ops.pooling`) take and return arrays of logical shape ``(batch, channels,
height, width)`` — PyTorch's NCHW, indexed as such everywhere — but the arrays they create
are laid out *batch-last*: the memory holds ``(channels, height, width, batch)`` and the
array handed out is its transposed view (``strides`` permuted, as PyTorch's
``channels_last`` memory format permutes them). Why: in this layout every window of a
convolution or a pooling, for all images of the batch at once, is a strided view whose
innermost run is the whole batch (and for stride 1 whole rows times the batch), so each
NumPy call streams long contiguous runs; in NCHW the innermost run is one output row (8
values for LeNet's second convolution), and a call spends most of its time stepping
between rows. The column matrix of the convolution, ``(C·kh·kw, Ho·Wo·N)``, is in the same
order, so the output of its one matrix product *is* the batch-last output and needs no
transposition.

Every op accepts any strides (a C-ordered NCHW batch from a data set, a batch-last one
from the previous op); code that needs C order (``reshape`` for a flatten, a file
writer) gets it from ``reshape``/``ascontiguousarray`` as usual. Element-wise layers keep
the layout when they allocate their results with ``xp.empty_like(x)`` (order ``"K"``).

Work buffers: an op given a ``workspace`` dict keeps its temporaries (padded input,
column matrix, results) there under fixed keys and reuses them while the shape and dtype
stay the same, as the dense layers reuse theirs. A result taken from the workspace stays
valid until the next call with the same workspace; without a workspace every array is new.
"""

from __future__ import annotations


def batch_last_empty(xp, shape: tuple, dtype):
    """A new ``(N, C, H, W)`` array whose memory is ``(C, H, W, N)``; contents undefined."""
    n, c, h, w = shape
    return xp.empty((c, h, w, n), dtype=dtype).transpose(3, 0, 1, 2)


def is_batch_last(x) -> bool:
    """True when the ``(N, C, H, W)`` array ``x`` is a transposed C-ordered ``(C, H, W, N)``."""
    return x.ndim == 4 and bool(x.transpose(1, 2, 3, 0).flags.c_contiguous)


def work_buffer(xp, workspace: dict | None, key: str, shape: tuple, dtype, initial=None):
    """The buffer ``workspace[key]`` when it has ``shape`` and ``dtype``, else a new one.

    A new buffer is filled with ``initial`` when given (the borders of a padded input are
    written once, at allocation, and never again), otherwise its contents are undefined.
    With ``workspace=None`` a new buffer is returned and nothing is kept.
    """
    if workspace is not None:
        buf = workspace.get(key)
        if buf is not None and buf.shape == shape and buf.dtype == dtype:
            return buf
    buf = xp.empty(shape, dtype=dtype) if initial is None else \
        xp.full(shape, initial, dtype=dtype)
    if workspace is not None:
        workspace[key] = buf
    return buf


def padded_batch_last(xp, x, pads: tuple, border: float, workspace: dict | None, key: str):
    """``x`` (N, C, H, W) as a batch-last ``(C, H+top+bottom, W+left+right, N)`` array.

    ``pads`` is ``(top, bottom, left, right)``; the border holds ``border``. ``x``'s own
    memory is returned (transposed) when it is already batch-last and nothing is padded;
    otherwise ``x`` is copied, with one call, into the interior of a work buffer.
    """
    top, bottom, left, right = pads
    if not (top or bottom or left or right) and is_batch_last(x):
        return x.transpose(1, 2, 3, 0)
    n, c, h, w = x.shape
    buf = work_buffer(xp, workspace, key, (c, h + top + bottom, w + left + right, n), x.dtype,
                      initial=border)
    xp.copyto(buf[:, top:top + h, left:left + w, :], x.transpose(1, 2, 3, 0))
    return buf
