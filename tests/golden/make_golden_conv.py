"""Generate golden reference values for convolution and pooling from PyTorch.

Run from the repository root (torch in its own environment; the workbench never needs it)::

    python3 -m venv /work/torchenv && /work/torchenv/bin/pip install torch==2.13.0 numpy
    /work/torchenv/bin/python tests/golden/make_golden_conv.py

It writes ``tests/golden/conv.npz`` (float64 arrays only, no pickles). torch is imported
only inside :func:`main`, so the tests import the case tables below without torch.

Key layout
----------
Convolutions (``CASE`` a key of :data:`CONV_CASES`; ``torch.nn.functional.conv2d`` in
float64; the upstream gradient ``grad_y`` is random, the gradients are of
``sum(y · grad_y)``)::

    conv.CASE.x            (N, C, H, W)
    conv.CASE.weight       (F, C, kh, kw)
    conv.CASE.bias         (F,)      (absent when the case has "bias": False)
    conv.CASE.grad_y       (N, F, Ho, Wo)
    conv.CASE.y            (N, F, Ho, Wo)
    conv.CASE.grad_x       (N, C, H, W)
    conv.CASE.grad_weight  (F, C, kh, kw)
    conv.CASE.grad_bias    (F,)      (absent without bias)

Poolings (``CASE`` a key of :data:`POOL_CASES`; ``max_pool2d``, ``avg_pool2d`` or
``adaptive_avg_pool2d(·, 1)``)::

    pool.CASE.x  pool.CASE.grad_y  pool.CASE.y  pool.CASE.grad_x

Whole layers (``CASE`` a key of :data:`NET_CASES`: a list of workbench layer specs and an
input shape; the equivalent ``torch.nn.Sequential`` in float64, its parameters drawn
standard normal, one pass in training mode, then one in evaluation mode; the gradients
are of ``sum(y · grad_y)``; ``NAME`` a state_dict name such as ``0.weight``)::

    net.CASE.x  net.CASE.grad_y  net.CASE.y_train  net.CASE.grad_x  net.CASE.y_eval
    net.CASE.state.NAME   (the parameters and buffers before the passes)
    net.CASE.grad.NAME    (parameter gradients of the training pass)
    net.CASE.after.NAME   (buffers after the training pass: running statistics)

Inputs: standard normal, except the ``ties`` cases (small integers, so most windows hold
equal maxima; PyTorch keeps the first, row by row) and the ``negative`` cases (all values
below −1, so a max pooling that padded with zeros instead of −∞ would differ). Each case
draws from its own ``numpy.random.default_rng`` seeded by the CRC32 of its name, so adding
a case never changes the others. The script cross-checks every torch result against a
direct loop over output pixels in NumPy before it writes anything, writes atomically,
and gives a byte-identical file when rerun with the same torch and NumPy.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
import zlib

import numpy as np

OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv.npz")

BATCH = 2
SIZE = (5, 7)            # non-square input
KERNEL = (3, 2)          # non-square kernel


def _conv_grid() -> dict[str, dict]:
    cases = {}
    for stride in (1, 2):
        for padding in (0, 1, 2):
            for channels in (1, 3):
                for filters in (2, 4):
                    cases[f"s{stride}_p{padding}_c{channels}_f{filters}"] = {
                        "channels": channels, "filters": filters, "kernel": KERNEL,
                        "stride": stride, "padding": padding}
    return cases


#: Case name -> convolution: input channels, filters, kernel, stride, padding (as the
#: workbench ops take it), optional "size" (H, W) and "bias" (default True).
CONV_CASES = {
    **_conv_grid(),
    "same_k3x3": {"channels": 3, "filters": 2, "kernel": (3, 3), "stride": 1, "padding": "same"},
    "same_k3x2": {"channels": 3, "filters": 2, "kernel": (3, 2), "stride": 1, "padding": "same"},
    "same_k4x4": {"channels": 1, "filters": 2, "kernel": (4, 4), "stride": 1, "padding": "same"},
    "valid_k3x2": {"channels": 3, "filters": 4, "kernel": (3, 2), "stride": 1,
                   "padding": "valid"},
    "asymmetric_pad": {"channels": 3, "filters": 2, "kernel": (3, 2), "stride": 1,
                       "padding": (0, 1, 2, 0)},
    "pair_pad": {"channels": 3, "filters": 2, "kernel": (3, 2), "stride": 1, "padding": (2, 1)},
    "stride_1x2": {"channels": 3, "filters": 4, "kernel": (3, 2), "stride": (1, 2), "padding": 1},
    "kernel_2x3_s2": {"channels": 3, "filters": 2, "kernel": (2, 3), "stride": 2, "padding": 1},
    "kernel_full": {"channels": 3, "filters": 2, "kernel": (5, 7), "stride": 1, "padding": 0},
    "no_bias": {"channels": 3, "filters": 4, "kernel": (3, 2), "stride": 1, "padding": 1,
                "bias": False},
    "lenet_like": {"channels": 2, "filters": 3, "kernel": (5, 5), "stride": 1, "padding": 0,
                   "size": (12, 12)},
}

#: Case name -> pooling: kind ("max", "avg", "global"), input channels, pool_size,
#: stride (None = pool_size), padding, and the input ("normal", "ties", "negative").
POOL_CASES = {
    "max_k2": {"kind": "max", "channels": 3, "pool_size": 2, "stride": None, "padding": 0,
               "input": "normal"},
    "max_k3x2": {"kind": "max", "channels": 1, "pool_size": (3, 2), "stride": None,
                 "padding": 0, "input": "normal"},
    "max_k3_s1": {"kind": "max", "channels": 3, "pool_size": 3, "stride": 1, "padding": 0,
                  "input": "normal"},
    "max_k3_s2_p1": {"kind": "max", "channels": 3, "pool_size": 3, "stride": 2, "padding": 1,
                     "input": "normal"},
    "max_k2_s1_p1": {"kind": "max", "channels": 1, "pool_size": 2, "stride": 1, "padding": 1,
                     "input": "normal"},
    "max_k3x2_p1x1": {"kind": "max", "channels": 3, "pool_size": (3, 2), "stride": (2, 1),
                      "padding": (1, 1), "input": "normal"},
    "max_ties_k2": {"kind": "max", "channels": 3, "pool_size": 2, "stride": None,
                    "padding": 0, "input": "ties"},
    "max_ties_k3_s1": {"kind": "max", "channels": 3, "pool_size": 3, "stride": 1,
                       "padding": 0, "input": "ties"},
    "max_ties_k3_s2_p1": {"kind": "max", "channels": 1, "pool_size": 3, "stride": 2,
                          "padding": 1, "input": "ties"},
    "max_negative_p1": {"kind": "max", "channels": 3, "pool_size": 3, "stride": 2,
                        "padding": 1, "input": "negative"},
    "max_negative_ties_p1": {"kind": "max", "channels": 1, "pool_size": 2, "stride": 1,
                             "padding": 1, "input": "negative_ties"},
    "avg_k2": {"kind": "avg", "channels": 3, "pool_size": 2, "stride": None, "padding": 0,
               "input": "normal"},
    "avg_k3x2": {"kind": "avg", "channels": 1, "pool_size": (3, 2), "stride": None,
                 "padding": 0, "input": "normal"},
    "avg_k3_s1": {"kind": "avg", "channels": 3, "pool_size": 3, "stride": 1, "padding": 0,
                  "input": "normal"},
    "avg_k3_s2_p1": {"kind": "avg", "channels": 3, "pool_size": 3, "stride": 2, "padding": 1,
                     "input": "normal"},
    "avg_k2_s1_p1": {"kind": "avg", "channels": 1, "pool_size": 2, "stride": 1, "padding": 1,
                     "input": "negative"},
    "global": {"kind": "global", "channels": 3, "input": "normal"},
    "global_1x1": {"kind": "global", "channels": 3, "input": "normal", "size": (1, 1)},
}


#: Case name -> whole layers as the workbench writes them, on an (N, C, H, W) input.
NET_CASES = {
    "conv_s2_p1_relu_maxpool_dense": {
        "input": (2, 3, 7, 9),
        "layers": [{"type": "conv2d", "filters": 4, "kernel_size": 3, "stride": 2,
                    "padding": 1},
                   {"type": "relu"}, {"type": "max_pool2d", "pool_size": 2},
                   {"type": "flatten"}, {"type": "dense", "units": 5}]},
    "conv_same_batchnorm_avgpool_global": {
        "input": (3, 2, 6, 5),
        "layers": [{"type": "conv2d", "filters": 3, "kernel_size": 3, "padding": "same"},
                   {"type": "batch_norm", "momentum": 0.2},
                   {"type": "tanh"}, {"type": "avg_pool2d", "pool_size": 2, "stride": 1},
                   {"type": "global_avg_pool2d"}, {"type": "flatten"}]},
    "conv_valid_nobias_k2_s3": {
        "input": (2, 1, 8, 7),
        "layers": [{"type": "conv2d", "filters": 3, "kernel_size": 2, "stride": 3,
                    "padding": "valid", "bias": False},
                   {"type": "sigmoid"}, {"type": "avg_pool2d", "pool_size": 2},
                   {"type": "flatten"}, {"type": "dense", "units": 2}]},
}


def rng_for(name: str) -> np.random.Generator:
    """A generator seeded from the case name (stable across runs and platforms)."""
    return np.random.default_rng(zlib.crc32(name.encode("ascii")))


def pair(v) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def conv_pads(spec: dict) -> tuple[int, int, int, int]:
    """(top, bottom, left, right), with "same" as torch pads it (the extra row/column last)."""
    kh, kw = spec["kernel"]
    p = spec["padding"]
    if p == "valid":
        return (0, 0, 0, 0)
    if p == "same":
        return ((kh - 1) // 2, kh - 1 - (kh - 1) // 2, (kw - 1) // 2, kw - 1 - (kw - 1) // 2)
    if isinstance(p, tuple) and len(p) == 4:
        return p
    ph, pw = pair(p)
    return (ph, ph, pw, pw)


def pool_input(kind: str, rng, shape) -> np.ndarray:
    if kind == "normal":
        return rng.standard_normal(shape)
    if kind == "ties":
        return rng.integers(-2, 3, shape).astype(np.float64)
    if kind == "negative":
        return -1.0 - np.abs(rng.standard_normal(shape))
    if kind == "negative_ties":
        return rng.integers(-4, -1, shape).astype(np.float64)
    raise ValueError(kind)


# ---------------------------------------------------------------- NumPy cross-checks

def loop_conv(x, w, b, stride, pads):
    """Direct convolution: one output pixel at a time."""
    t, bo, l, r = pads
    xp = np.pad(x, ((0, 0), (0, 0), (t, bo), (l, r)))
    sh, sw = pair(stride)
    f, _, kh, kw = w.shape
    ho, wo = (xp.shape[2] - kh) // sh + 1, (xp.shape[3] - kw) // sw + 1
    y = np.zeros((x.shape[0], f, ho, wo))
    for i in range(ho):
        for j in range(wo):
            patch = xp[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw]
            y[:, :, i, j] = np.einsum("nchw,fchw->nf", patch, w)
    return y if b is None else y + b[None, :, None, None]


def loop_pool(x, kind, k, s, p):
    """Direct max/avg pooling, first maximum row by row; returns (y, argmax one-hot map)."""
    kh, kw = k
    sh, sw = s
    ph, pw = p
    fill = -np.inf if kind == "max" else 0.0
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=fill)
    ho, wo = (xp.shape[2] - kh) // sh + 1, (xp.shape[3] - kw) // sw + 1
    y = np.zeros(x.shape[:2] + (ho, wo))
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            for i in range(ho):
                for j in range(wo):
                    win = xp[n, c, i * sh:i * sh + kh, j * sw:j * sw + kw]
                    y[n, c, i, j] = win.max() if kind == "max" else win.mean()
    return y


# ---------------------------------------------------------------- torch

def run_conv(torch, name: str, spec: dict) -> dict[str, np.ndarray]:
    import torch.nn.functional as F
    rng = rng_for("conv." + name)
    h, w = spec.get("size", SIZE)
    kh, kw = spec["kernel"]
    x = rng.standard_normal((BATCH, spec["channels"], h, w))
    weight = rng.standard_normal((spec["filters"], spec["channels"], kh, kw))
    bias = rng.standard_normal(spec["filters"]) if spec.get("bias", True) else None
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(weight, requires_grad=True)
    bt = None if bias is None else torch.tensor(bias, requires_grad=True)
    p = spec["padding"]
    if isinstance(p, tuple) and len(p) == 4:   # torch pads asymmetrically only through F.pad
        top, bottom, left, right = p
        y = F.conv2d(F.pad(xt, (left, right, top, bottom)), wt, bt, stride=spec["stride"])
    else:
        with warnings.catch_warnings():  # "same" with an even kernel: torch pads a copy
            warnings.filterwarnings("ignore", message="Using padding='same'")
            y = F.conv2d(xt, wt, bt, stride=spec["stride"], padding=p)
    grad_y = rng.standard_normal(tuple(y.shape))
    (y * torch.tensor(grad_y)).sum().backward()
    out = {"x": x, "weight": weight, "grad_y": grad_y, "y": y.detach().numpy(),
           "grad_x": xt.grad.numpy(), "grad_weight": wt.grad.numpy()}
    if bias is not None:
        out["bias"] = bias
        out["grad_bias"] = bt.grad.numpy()
    ref = loop_conv(x, weight, bias, spec["stride"], conv_pads(spec))
    assert np.allclose(out["y"], ref, rtol=1e-12, atol=1e-12), f"conv.{name}: torch vs loop"
    return {f"conv.{name}.{k}": np.array(v, dtype=np.float64) for k, v in out.items()}


def run_pool(torch, name: str, spec: dict) -> dict[str, np.ndarray]:
    import torch.nn.functional as F
    rng = rng_for("pool." + name)
    h, w = spec.get("size", SIZE)
    x = pool_input(spec["input"], rng, (BATCH, spec["channels"], h, w))
    xt = torch.tensor(x, requires_grad=True)
    if spec["kind"] == "global":
        y = F.adaptive_avg_pool2d(xt, 1)
        ref = x.mean(axis=(2, 3), keepdims=True)
    else:
        k = pair(spec["pool_size"])
        s = k if spec["stride"] is None else pair(spec["stride"])
        p = pair(spec["padding"])
        if spec["kind"] == "max":
            y = F.max_pool2d(xt, k, s, p)
        else:
            y = F.avg_pool2d(xt, k, s, p)   # count_include_pad=True, ceil_mode=False
        ref = loop_pool(x, spec["kind"], k, s, p)
    grad_y = rng.standard_normal(tuple(y.shape))
    (y * torch.tensor(grad_y)).sum().backward()
    assert np.allclose(y.detach().numpy(), ref, rtol=1e-12, atol=1e-12), f"pool.{name}"
    out = {"x": x, "grad_y": grad_y, "y": y.detach().numpy(), "grad_x": xt.grad.numpy()}
    return {f"pool.{name}.{k}": np.array(v, dtype=np.float64) for k, v in out.items()}


def torch_layer(torch, spec: dict, in_shape: tuple):
    """The torch module of a workbench layer spec and its per-sample output shape."""
    nn = torch.nn
    t = spec["type"]
    if t == "conv2d":
        pad = spec.get("padding", 0)
        module = nn.Conv2d(in_shape[0], spec["filters"], spec["kernel_size"],
                           spec.get("stride", 1), pad, bias=spec.get("bias", True))
    elif t == "max_pool2d":
        module = nn.MaxPool2d(spec["pool_size"], spec.get("stride"))
    elif t == "avg_pool2d":
        module = nn.AvgPool2d(spec["pool_size"], spec.get("stride"))
    elif t == "global_avg_pool2d":
        module = nn.AdaptiveAvgPool2d(1)
    elif t == "flatten":
        module = nn.Flatten()
    elif t == "dense":
        module = nn.Linear(in_shape[0], spec["units"])
    elif t == "batch_norm":
        bn = nn.BatchNorm2d if len(in_shape) == 3 else nn.BatchNorm1d
        module = bn(in_shape[0], momentum=spec.get("momentum", 0.1))
    else:
        module = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[t]()
    module = module.double()
    with torch.no_grad():
        out = module(torch.zeros((2, *in_shape), dtype=torch.float64))
    return module, tuple(out.shape[1:])


def run_net(torch, name: str, case: dict) -> dict[str, np.ndarray]:
    rng = rng_for("net." + name)
    shape = case["input"][1:]
    modules = []
    for spec in case["layers"]:
        module, shape = torch_layer(torch, spec, shape)
        modules.append(module)
    net = torch.nn.Sequential(*modules)
    with torch.no_grad():
        for pname, p in net.named_parameters():
            p.copy_(torch.tensor(rng.standard_normal(tuple(p.shape))))
        for bname, b in net.named_buffers():
            if bname.endswith("running_mean"):
                b.copy_(torch.tensor(rng.standard_normal(tuple(b.shape))))
            elif bname.endswith("running_var"):
                b.copy_(torch.tensor(0.5 + rng.random(tuple(b.shape))))
    state = {k: v.detach().numpy().copy() for k, v in net.state_dict().items()
             if not k.endswith("num_batches_tracked")}
    x = rng.standard_normal(case["input"])
    xt = torch.tensor(x, requires_grad=True)
    net.train()
    y = net(xt)
    grad_y = rng.standard_normal(tuple(y.shape))
    (y * torch.tensor(grad_y)).sum().backward()
    out = {"x": x, "grad_y": grad_y, "y_train": y.detach().numpy(), "grad_x": xt.grad.numpy()}
    out.update({f"state.{k}": v for k, v in state.items()})
    out.update({f"grad.{k}": p.grad.numpy() for k, p in net.named_parameters()})
    out.update({f"after.{k}": b.numpy() for k, b in net.named_buffers()
                if not k.endswith("num_batches_tracked")})
    net.eval()
    with torch.no_grad():
        out["y_eval"] = net(torch.tensor(x)).numpy()
    return {f"net.{name}.{k}": np.array(v, dtype=np.float64) for k, v in out.items()}


def check_first_maximum(data: dict) -> None:
    """In the tie cases torch sends each window's gradient to its first maximum."""
    x = data["pool.max_ties_k2.x"]
    g = data["pool.max_ties_k2.grad_y"]
    gx = data["pool.max_ties_k2.grad_x"]
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            for i in range(g.shape[2]):
                for j in range(g.shape[3]):
                    win = x[n, c, 2 * i:2 * i + 2, 2 * j:2 * j + 2].reshape(-1)
                    first = int(np.argmax(win))   # NumPy's argmax: the first maximum
                    got = gx[n, c, 2 * i:2 * i + 2, 2 * j:2 * j + 2].reshape(-1)
                    assert got[first] == g[n, c, i, j], "torch routed a tie elsewhere"
    ties = sum(int((x[n, c, 2 * i:2 * i + 2, 2 * j:2 * j + 2]
                    == x[n, c, 2 * i:2 * i + 2, 2 * j:2 * j + 2].max()).sum() > 1)
               for n in range(x.shape[0]) for c in range(x.shape[1])
               for i in range(g.shape[2]) for j in range(g.shape[3]))
    assert ties >= 5, f"only {ties} windows with tied maxima"


def main() -> int:
    import torch
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}, numpy {np.__version__}")
    data: dict[str, np.ndarray] = {}
    for name, spec in CONV_CASES.items():
        data.update(run_conv(torch, name, spec))
    for name, spec in POOL_CASES.items():
        data.update(run_pool(torch, name, spec))
    check_first_maximum(data)
    for name, case in NET_CASES.items():
        data.update(run_net(torch, name, case))
    for key, value in data.items():
        if value.dtype != np.float64 or not np.all(np.isfinite(value)):
            print(f"{key}: not a finite float64 array", file=sys.stderr)
            return 1
    fd, tmp = tempfile.mkstemp(prefix=".conv.", suffix=".npz", dir=os.path.dirname(OUT_PATH))
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez_compressed(fh, **dict(sorted(data.items())))
        os.chmod(tmp, 0o644)  # mkstemp creates 0600
        os.replace(tmp, OUT_PATH)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    print(f"wrote {OUT_PATH}: {len(data)} arrays, {os.path.getsize(OUT_PATH)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
