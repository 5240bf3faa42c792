"""Convolution and pooling arrays: PyTorch's values (golden file), float64 gradient checks,
layouts and buffers, shapes and their errors, FLOP counts."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from core.backend.devices import get_backend
from core.errors import SpecError
from core.nn.gradient_check import numeric_gradient, relative_error
from core.nn.ops import convolution
from core.nn.ops.batch_last import batch_last_empty, is_batch_last
from core.nn.ops.convolution import (
    conv2d_backward,
    conv2d_flops,
    conv2d_forward,
    conv2d_output_shape,
    conv2d_padding,
    gemm_blocks,
    workspace_bytes,
)
from core.nn.ops.pooling import (
    avg_pool2d_backward,
    avg_pool2d_forward,
    global_avg_pool2d_backward,
    global_avg_pool2d_flops,
    global_avg_pool2d_forward,
    global_avg_pool2d_output_shape,
    max_pool2d_backward,
    max_pool2d_forward,
    pool2d_flops,
    pool2d_output_shape,
)
from tests.core.golden import golden_cases, load

CASES = golden_cases("make_golden_conv")
GOLDEN = load("conv.npz")


def _close(actual, expected, what):
    np.testing.assert_allclose(actual, expected, rtol=1e-10, atol=1e-12, err_msg=what)


def _layouts(x: np.ndarray):
    """``x`` as C-ordered NCHW, as batch-last, and as a non-contiguous slice of a bigger array."""
    last = batch_last_empty(np, x.shape, x.dtype)
    last[...] = x
    n, c, h, w = x.shape
    big = np.zeros((n, c + 1, h + 2, w + 3), dtype=x.dtype)
    big[:, 1:, 1:h + 1, 2:w + 2] = x
    return {"nchw": x.copy(), "batch_last": last, "strided": big[:, 1:, 1:h + 1, 2:w + 2]}


# ---------------------------------------------------------------- PyTorch golden values

def test_every_golden_case_is_tested():
    keys = {k.split(".")[1] for k in GOLDEN if k.startswith("conv.")}
    assert keys == set(CASES.CONV_CASES)
    keys = {k.split(".")[1] for k in GOLDEN if k.startswith("pool.")}
    assert keys == set(CASES.POOL_CASES)
    assert len(CASES.CONV_CASES) >= 24 + 10


@pytest.mark.parametrize("case", sorted(CASES.CONV_CASES))
def test_conv2d_matches_pytorch(case, backend):
    be = get_backend(backend, "float64")
    spec, key = CASES.CONV_CASES[case], f"conv.{case}."
    has_bias = spec.get("bias", True)
    weight = be.asarray(GOLDEN[key + "weight"])
    bias = be.asarray(GOLDEN[key + "bias"]) if has_bias else None
    y, cache = conv2d_forward(be.xp, be.asarray(GOLDEN[key + "x"]), weight, bias,
                              stride=spec["stride"], padding=spec["padding"])
    _close(be.to_host(y), GOLDEN[key + "y"], case + " y")
    gx, gw, gb = conv2d_backward(be.xp, be.asarray(GOLDEN[key + "grad_y"]), cache, weight)
    _close(be.to_host(gx), GOLDEN[key + "grad_x"], case + " grad_x")
    _close(be.to_host(gw), GOLDEN[key + "grad_weight"], case + " grad_weight")
    if has_bias:
        _close(be.to_host(gb), GOLDEN[key + "grad_bias"], case + " grad_bias")
    else:
        assert gb is None


def _pool(xp, spec, x, workspace=None):
    if spec["kind"] == "global":
        return global_avg_pool2d_forward(xp, x, workspace), None
    forward = max_pool2d_forward if spec["kind"] == "max" else avg_pool2d_forward
    return forward(xp, x, spec["pool_size"], spec["stride"], spec["padding"], workspace)


def _pool_backward(xp, spec, grad_y, cache, x_shape, workspace=None):
    if spec["kind"] == "global":
        return global_avg_pool2d_backward(xp, grad_y, x_shape, workspace)
    backward = max_pool2d_backward if spec["kind"] == "max" else avg_pool2d_backward
    return backward(xp, grad_y, cache, workspace)


@pytest.mark.parametrize("case", sorted(CASES.POOL_CASES))
def test_pooling_matches_pytorch(case, backend):
    be = get_backend(backend, "float64")
    spec, key = CASES.POOL_CASES[case], f"pool.{case}."
    x = GOLDEN[key + "x"]
    y, cache = _pool(be.xp, spec, be.asarray(x))
    _close(be.to_host(y), GOLDEN[key + "y"], case + " y")
    gx = _pool_backward(be.xp, spec, be.asarray(GOLDEN[key + "grad_y"]), cache, x.shape)
    _close(be.to_host(gx), GOLDEN[key + "grad_x"], case + " grad_x")


def test_max_pool_ties_go_to_the_first_maximum_row_by_row():
    x = np.array([[[[1., 3., 3., 0.],
                    [3., 2., 3., 3.]]]])
    y, cache = max_pool2d_forward(np, x, 2)
    assert y.tolist() == [[[[3., 3.]]]]
    gx = max_pool2d_backward(np, np.array([[[[10., 20.]]]]), cache)
    assert gx.tolist() == [[[[0., 10., 20., 0.], [0., 0., 0., 0.]]]]
    # overlapping windows: the first two both pick pixel (0, 1), their gradients add up
    y, cache = max_pool2d_forward(np, x, 2, stride=1)
    assert y.tolist() == [[[[3., 3., 3.]]]]
    gx = max_pool2d_backward(np, np.array([[[[1., 2., 4.]]]]), cache)
    assert gx.tolist() == [[[[0., 3., 4., 0.], [0., 0., 0., 0.]]]]


def test_max_pool_pads_with_minus_infinity_and_propagates_nan():
    x = -np.ones((1, 1, 2, 2))
    y, _ = max_pool2d_forward(np, x, 2, stride=1, padding=1)
    assert y.tolist() == [[[[-1.] * 3] * 3]]
    x = np.array([[[[1., np.nan], [2., 0.]]]])
    y, _ = max_pool2d_forward(np, x, 2)
    assert np.isnan(y).all()


# ---------------------------------------------------------------- gradient checks (float64)

def _sum_product(f, weights):
    return lambda: float(np.sum(f() * weights))


CONV_GRID = list(itertools.product((1, 2), (0, 1, 2), (1, 3), (2, 4)))


@pytest.mark.parametrize("stride,padding,channels,filters", CONV_GRID)
def test_conv2d_gradients_match_central_differences(stride, padding, channels, filters):
    rng = np.random.default_rng([stride, padding, channels, filters])
    x = rng.standard_normal((2, channels, 5, 7))
    weight = rng.standard_normal((filters, channels, 3, 2))
    bias = rng.standard_normal(filters)
    y, cache = conv2d_forward(np, x, weight, bias, stride, padding)
    r = rng.standard_normal(y.shape)
    gx, gw, gb = conv2d_backward(np, r, cache, weight)

    def loss():
        return float(np.sum(conv2d_forward(np, x, weight, bias, stride, padding)[0] * r))

    for name, array, analytic in (("x", x, gx), ("weight", weight, gw), ("bias", bias, gb)):
        err = relative_error(numeric_gradient(loss, array), analytic)
        assert err < 1e-6, f"{name}: relative error {err:.2e}"


@pytest.mark.parametrize("options", [
    {"stride": 1, "padding": "same", "kernel": (3, 2)},
    {"stride": 1, "padding": "same", "kernel": (4, 4)},
    {"stride": (1, 2), "padding": (0, 1, 2, 0), "kernel": (3, 2)},
    {"stride": (2, 1), "padding": (2, 1), "kernel": (2, 3)},
])
def test_conv2d_gradients_other_paddings_and_strides(options):
    rng = np.random.default_rng(7)
    kh, kw = options["kernel"]
    x = rng.standard_normal((2, 3, 5, 7))
    weight = rng.standard_normal((4, 3, kh, kw))
    args = (options["stride"], options["padding"])
    y, cache = conv2d_forward(np, x, weight, None, *args)
    r = rng.standard_normal(y.shape)
    gx, gw, gb = conv2d_backward(np, r, cache, weight)
    assert gb is None

    def loss():
        return float(np.sum(conv2d_forward(np, x, weight, None, *args)[0] * r))

    assert relative_error(numeric_gradient(loss, x), gx) < 1e-6
    assert relative_error(numeric_gradient(loss, weight), gw) < 1e-6


def _distinct(rng, shape):
    """Values at least 0.01 apart, so no finite-difference step changes a window's maximum."""
    size = int(np.prod(shape))
    return (rng.permutation(size) * 0.01 - size * 0.005).reshape(shape)


POOL_GRID = [(k, s, p) for k in (2, 3, (3, 2)) for s in (None, 1, 2) for p in (0, 1)]


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("pool_size,stride,padding", POOL_GRID)
@pytest.mark.parametrize("channels", [1, 3])
def test_pooling_gradients_match_central_differences(kind, pool_size, stride, padding, channels):
    rng = np.random.default_rng(11)
    x = _distinct(rng, (2, channels, 5, 7))
    spec = {"kind": kind, "pool_size": pool_size, "stride": stride, "padding": padding}
    y, cache = _pool(np, spec, x)
    r = rng.standard_normal(y.shape)
    gx = _pool_backward(np, spec, r, cache, x.shape)
    err = relative_error(numeric_gradient(lambda: float(np.sum(_pool(np, spec, x)[0] * r)), x),
                         gx)
    assert err < 1e-6, f"relative error {err:.2e}"


def test_global_avg_pool_gradient_matches_central_differences():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 5, 7))
    y = global_avg_pool2d_forward(np, x)
    assert y.shape == (2, 3, 1, 1)
    r = rng.standard_normal(y.shape)
    gx = global_avg_pool2d_backward(np, r, x.shape)
    numeric = numeric_gradient(lambda: float(np.sum(global_avg_pool2d_forward(np, x) * r)), x)
    assert relative_error(numeric, gx) < 1e-6
    np.testing.assert_allclose(gx, np.broadcast_to(r / 35.0, x.shape), rtol=1e-14)


# ---------------------------------------------------------------- layouts and work buffers

def test_results_are_batch_last_and_inputs_may_have_any_layout():
    spec = CASES.CONV_CASES["s2_p1_c3_f4"]
    key = "conv.s2_p1_c3_f4."
    w, b = GOLDEN[key + "weight"], GOLDEN[key + "bias"]
    for name, x in _layouts(GOLDEN[key + "x"]).items():
        for gname, g in _layouts(GOLDEN[key + "grad_y"]).items():
            y, cache = conv2d_forward(np, x, w, b, spec["stride"], spec["padding"])
            assert is_batch_last(y)
            _close(y, GOLDEN[key + "y"], name)
            gx, _, _ = conv2d_backward(np, g, cache, w)
            _close(gx, GOLDEN[key + "grad_x"], f"{name}, gradient {gname}")
    for case in ("max_k3_s2_p1", "avg_k3_s1"):
        spec, key = CASES.POOL_CASES[case], f"pool.{case}."
        for name, x in _layouts(GOLDEN[key + "x"]).items():
            y, cache = _pool(np, spec, x)
            assert is_batch_last(y)
            _close(y, GOLDEN[key + "y"], f"{case} {name}")
            for gname, g in _layouts(GOLDEN[key + "grad_y"]).items():
                _close(_pool_backward(np, spec, g, cache, x.shape), GOLDEN[key + "grad_x"],
                       f"{case} {name}, gradient {gname}")


def test_workspace_buffers_are_reused_and_keep_padding_zero():
    rng = np.random.default_rng(5)
    w, b = rng.standard_normal((4, 3, 3, 2)), rng.standard_normal(4)
    ws: dict = {}
    x1 = rng.standard_normal((2, 3, 5, 7))
    y1, cache1 = conv2d_forward(np, x1, w, b, 1, 2, workspace=ws)
    buffers = {k: id(v) for k, v in ws.items()}
    assert {"conv.x", "conv.cols", "conv.y"} <= set(ws)
    x2 = rng.standard_normal((2, 3, 5, 7)) * 100
    y2, cache2 = conv2d_forward(np, x2, w, b, 1, 2, workspace=ws)
    assert {k: id(v) for k, v in ws.items()} == buffers
    assert np.shares_memory(y1, y2)   # the same output buffer, overwritten
    assert cache2.cols is cache1.cols  # and the same column matrix
    expected, cache_fresh = conv2d_forward(np, x2, w, b, 1, 2)
    np.testing.assert_array_equal(y2, expected)
    r = rng.standard_normal(y2.shape)
    got = conv2d_backward(np, r, cache2, w, workspace=ws)
    want = conv2d_backward(np, r, cache_fresh, w)
    for a, e in zip(got, want):
        np.testing.assert_array_equal(a, e)
    # a new batch size gets new buffers with the right contents
    x3 = rng.standard_normal((3, 3, 5, 7))
    y3, _ = conv2d_forward(np, x3, w, b, 1, 2, workspace=ws)
    np.testing.assert_array_equal(y3, conv2d_forward(np, x3, w, b, 1, 2)[0])
    # max pooling's -inf border survives reuse too
    pool_ws: dict = {}
    for scale in (1.0, -5.0):
        x = rng.standard_normal((2, 3, 5, 7)) * scale - 10
        y, _ = max_pool2d_forward(np, x, 3, 2, 1, workspace=pool_ws)
        np.testing.assert_array_equal(y, max_pool2d_forward(np, x, 3, 2, 1)[0])


def test_backward_writes_into_given_gradient_arrays_and_can_skip_the_input():
    rng = np.random.default_rng(6)
    x, w, b = (rng.standard_normal((2, 3, 6, 6)), rng.standard_normal((2, 3, 3, 3)),
               rng.standard_normal(2))
    flat = np.zeros(w.size + b.size)          # a model's flat gradient array
    gw, gb = flat[:w.size].reshape(w.shape), flat[w.size:]
    y, cache = conv2d_forward(np, x, w, b)
    r = rng.standard_normal(y.shape)
    gx, gw_out, gb_out = conv2d_backward(np, r, cache, w, grad_weight=gw, grad_bias=gb,
                                         need_input_grad=False)
    assert gx is None and gw_out is gw and gb_out is gb
    _, gw_ref, gb_ref = conv2d_backward(np, r, cache, w)
    np.testing.assert_array_equal(flat, np.concatenate([gw_ref.ravel(), gb_ref]))
    with pytest.raises(ValueError, match="C-ordered"):
        conv2d_backward(np, r, cache, w, grad_weight=np.zeros((3, 3, 3, 2)).transpose(3, 2, 1, 0))


def test_blocked_products_equal_one_product(monkeypatch):
    """LeNet-sized layers are issued in column blocks; the results are those of one product."""
    rng = np.random.default_rng(8)
    x = rng.standard_normal((64, 6, 12, 12))
    w, b = rng.standard_normal((16, 6, 5, 5)), rng.standard_normal(16)
    y, cache = conv2d_forward(np, x, w, b)
    assert cache.blocks > 1
    r = rng.standard_normal(y.shape)
    blocked = conv2d_backward(np, r, cache, w)
    monkeypatch.setattr(convolution, "gemm_blocks", lambda xp, rows, inner, columns: 1)
    y1, cache1 = conv2d_forward(np, x, w, b)
    assert cache1.blocks == 1
    np.testing.assert_allclose(y, y1, rtol=1e-12, atol=1e-12)
    for a, e in zip(blocked, conv2d_backward(np, r, cache1, w)):
        np.testing.assert_allclose(a, e, rtol=1e-11, atol=1e-11)
    # and the first column of the output is the direct sum
    np.testing.assert_allclose(y[3, 5, 2, 1], np.sum(x[3, :, 2:7, 1:6] * w[5]) + b[5], rtol=1e-12)


def test_gemm_blocks_for_lenet():
    assert gemm_blocks(np, 6, 25, 28 * 28 * 64) == 8      # 6·25·6272 = 940,800 ≤ 10⁶
    assert gemm_blocks(np, 16, 150, 10 * 10 * 64) == 16   # 16·150·400 = 960,000
    assert gemm_blocks(np, 6, 25, 24 * 24 * 64) == 6      # 6·25·6144 (no padding)
    assert gemm_blocks(np, 64, 576, 12 * 12 * 128) == 1   # already efficient as one
    assert gemm_blocks(np, 6, 25, 100) == 1               # small enough as one


def test_float32_matches_float64():
    rng = np.random.default_rng(9)
    x, w, b = rng.standard_normal((4, 3, 9, 8)), rng.standard_normal((5, 3, 3, 3)), \
        rng.standard_normal(5)
    y64, c64 = conv2d_forward(np, x, w, b, 1, 1)
    y32, c32 = conv2d_forward(np, x.astype(np.float32), w.astype(np.float32),
                              b.astype(np.float32), 1, 1)
    assert y32.dtype == np.float32
    np.testing.assert_allclose(y32, y64, rtol=1e-4, atol=1e-4)
    r = rng.standard_normal(y64.shape)
    for a, e in zip(conv2d_backward(np, r.astype(np.float32), c32, w.astype(np.float32)),
                    conv2d_backward(np, r, c64, w)):
        assert a.dtype == np.float32
        np.testing.assert_allclose(a, e, rtol=1e-4, atol=1e-4)


# ---------------------------------------------------------------- shapes, errors, FLOPs

def test_output_shapes():
    assert conv2d_output_shape((1, 28, 28), 6, 5) == (6, 24, 24)
    assert conv2d_output_shape((6, 12, 12), 16, 5) == (16, 8, 8)
    assert conv2d_output_shape((3, 5, 7), 4, (3, 2), stride=2, padding=1) == (4, 3, 4)
    assert conv2d_output_shape((3, 5, 7), 4, (3, 2), padding="same") == (4, 5, 7)
    assert conv2d_output_shape((3, 5, 7), 4, (3, 2), padding="valid") == (4, 3, 6)
    assert conv2d_output_shape((3, 5, 7), 4, 3, padding=(0, 1, 2, 0)) == (4, 4, 7)
    assert pool2d_output_shape((6, 24, 24), 2) == (6, 12, 12)
    assert pool2d_output_shape((3, 5, 7), 2) == (3, 2, 3)
    assert pool2d_output_shape((3, 5, 7), 3, 2, 1) == (3, 3, 4)
    assert global_avg_pool2d_output_shape((16, 4, 4)) == (16, 1, 1)


def test_same_padding_puts_the_odd_pixel_last_and_refuses_strides():
    assert conv2d_padding("same", 3) == (1, 1, 1, 1)
    assert conv2d_padding("same", (4, 2)) == (1, 2, 0, 1)
    assert conv2d_padding("valid", 5) == (0, 0, 0, 0)
    assert conv2d_padding((2, 1), 3) == (2, 2, 1, 1)
    with pytest.raises(SpecError, match=r"^model\.layers\[0\]\.padding: \"same\" needs stride 1"):
        conv2d_padding("same", 3, stride=2, where="model.layers[0]")
    with pytest.raises(SpecError, match="expected an integer, \"same\" or \"valid\""):
        conv2d_padding("full", 3)


def test_shape_errors_are_one_clear_sentence():
    with pytest.raises(SpecError) as info:
        conv2d_output_shape((16, 4, 4), 8, 5, where="model.layers[3]")
    message = str(info.value)
    assert message == ("model.layers[3].kernel_size: the 5×5 window is larger than its 4×4 "
                       "input, so the output would have no pixels; expected at most 4×4: use a "
                       "smaller kernel_size, more padding, or fewer shrinking layers before it")
    with pytest.raises(SpecError, match=r"4×4 input \(2×2 padded to 4×4\)"):
        conv2d_output_shape((1, 2, 2), 1, 5, padding=1)
    with pytest.raises(SpecError, match=r"^conv2d: its input is 0×3 pixels; expected an image"):
        conv2d_output_shape((1, 0, 3), 1, 1)
    with pytest.raises(SpecError, match=r"^max_pool2d\.pool_size: the 3×3 window is larger"):
        pool2d_output_shape((4, 2, 2), 3, where="max_pool2d")
    with pytest.raises(SpecError, match=r"padding: expected at most half the 2×2 pool size"):
        pool2d_output_shape((4, 8, 8), 2, padding=2)
    with pytest.raises(SpecError, match=r"filters: expected a positive integer, got 0"):
        conv2d_output_shape((1, 8, 8), 0, 3)
    with pytest.raises(SpecError, match=r"stride: expected integers of at least 1, got 0"):
        conv2d_output_shape((1, 8, 8), 2, 3, stride=0)
    with pytest.raises(SpecError, match=r"kernel_size: expected an integer or a pair"):
        conv2d_output_shape((1, 8, 8), 2, 2.5)
    with pytest.raises(SpecError, match=r"global_avg_pool2d: its input is 0×0 pixels"):
        global_avg_pool2d_output_shape((3, 0, 0))
    with pytest.raises(ValueError, match="the weight expects 2 input channels, the input has 3"):
        conv2d_forward(np, np.zeros((1, 3, 5, 5)), np.zeros((4, 2, 3, 3)))


def test_flop_counts():
    conv1 = conv2d_flops((1, 28, 28), 6, 5, batch=64)
    products = 2 * 64 * 6 * 24 * 24 * 25
    assert conv1.forward == products + 64 * 6 * 24 * 24
    assert conv1.backward_params == products + 64 * 6 * 24 * 24
    assert conv1.backward_input == products + 64 * 1 * 25 * 24 * 24
    assert conv1.step(input_grad=False) == 2 * (products + 64 * 6 * 24 * 24)
    nobias = conv2d_flops((6, 12, 12), 16, 5, batch=64, bias=False)
    assert nobias.forward == 2 * 64 * 16 * 8 * 8 * 150
    pool = pool2d_flops((6, 24, 24), 2, batch=64)
    assert (pool.forward, pool.backward_params, pool.backward_input) == (64 * 6 * 144 * 4, 0,
                                                                         64 * 6 * 144 * 4)
    assert global_avg_pool2d_flops((16, 4, 4), batch=2).forward == 2 * 16 * 16


def test_workspace_bytes_counts_what_a_training_pass_keeps():
    cols, image, out = 25 * 28 * 28 * 64, 32 * 32 * 64, 6 * 28 * 28 * 64
    assert workspace_bytes((1, 28, 28), 6, 5, padding=2, batch=64) == 4 * 2 * (cols + image + out)
    ws: dict = {}
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 1, 28, 28)).astype(np.float32)
    w = rng.standard_normal((6, 1, 5, 5)).astype(np.float32)
    y, cache = conv2d_forward(np, x, w, np.zeros(6, np.float32), padding=2, workspace=ws)
    conv2d_backward(np, np.ones(y.shape, np.float32), cache, w, workspace=ws)
    kept = sum(a.nbytes for k, a in ws.items() if k not in ("conv.dwt", "conv.ones"))
    assert kept <= workspace_bytes((1, 28, 28), 6, 5, padding=2, batch=64)
