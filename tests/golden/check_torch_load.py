"""Check that PyTorch reads the workbench's model files as the README says (not run by CI).

For several networks covering every layer type, the script saves a model file in both
formats, rebuilds the equivalent ``torch.nn.Sequential`` with :func:`to_torch` (the same
code as in the README), loads the weights with ``load_state_dict(strict=True)`` and compares
PyTorch's outputs with :meth:`core.nn.model.Model.predict`. It also loads the .safetensors file
with ``safetensors.torch.load_file``. Exits 1 on any mismatch.

Run from the repository root (torch is never a dependency of the workbench itself)::

    pip install torch==2.13.0
    python tests/golden/check_torch_load.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


# ---- the README's code, verbatim --------------------------------------------------------

def read_model_file(path):
    """(arrays by name, experiment dict) of a workbench .npz or .safetensors model file."""
    path = str(path)
    if path.endswith(".safetensors"):
        from safetensors import safe_open
        with safe_open(path, framework="numpy") as f:
            arrays = {name: f.get_tensor(name) for name in f.keys()}
            experiment = json.loads(f.metadata()["experiment"])
    else:
        with np.load(path, allow_pickle=False) as f:
            arrays = {name: f[name] for name in f.files}
        experiment = json.loads(str(arrays.pop("experiment")[0]))
        arrays.pop("classes", None)
    return arrays, experiment


def to_torch(path):
    """(nn.Sequential in eval mode with the weights loaded, standardize function)."""
    arrays, experiment = read_model_file(path)
    mean, std = arrays.pop("preprocess.mean", None), arrays.pop("preprocess.std", None)

    def module(i, s):
        t = s["type"]
        if t == "dense":
            out_features, in_features = arrays[f"{i}.weight"].shape
            return nn.Linear(in_features, out_features, bias=s["bias"])
        if t == "batch_norm":
            return nn.BatchNorm1d(len(arrays[f"{i}.weight"]), eps=s["eps"],
                                  momentum=s["momentum"])
        return {"dropout": lambda: nn.Dropout(s["p"]), "identity": nn.Identity,
                "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU,
                "leaky_relu": lambda: nn.LeakyReLU(s["alpha"]),
                "prelu": lambda: nn.PReLU(1, s["init"]), "elu": lambda: nn.ELU(s["alpha"]),
                "gelu": lambda: nn.GELU(approximate=s["approximate"]), "silu": nn.SiLU,
                "softplus": lambda: nn.Softplus(s["beta"], s["threshold"]), "mish": nn.Mish,
                "softmax": lambda: nn.Softmax(dim=-1)}[t]()

    net = nn.Sequential(*(module(i, s) for i, s in enumerate(experiment["model"]["layers"])))
    if experiment["training"]["dtype"] == "float64":
        net = net.double()
    net.load_state_dict({k: torch.from_numpy(v) for k, v in arrays.items()}, strict=True)
    net.eval()

    def standardize(x):
        return x if mean is None else (x - mean) / std
    return net, standardize

# ------------------------------------------------------------------------------------------


def main() -> int:
    from safetensors.torch import load_file

    from core.io.model_file_writing import save_model_npz, save_model_safetensors
    from tests.core.io.test_model_file import experiment
    from tests.core.io.test_onnx_export import (
        STATS,
        WIDTH,
        every_layer_stack,
        lively_model,
        raw_inputs,
    )

    cases = {
        "every layer, softmax, float32": (every_layer_stack(), "float32", 1e-5),
        "every layer, linear head, float32": (every_layer_stack(None), "float32", 1e-5),
        "every layer, softmax, float64": (every_layer_stack(), "float64", 1e-12),
        "no bias, batch norm first": ([{"type": "batch_norm"},
                                       {"type": "dense", "units": 6, "bias": False},
                                       {"type": "mish"}, {"type": "dense", "units": 2}],
                                      "float32", 1e-5),
    }
    failures = 0
    X = raw_inputs(200)
    with tempfile.TemporaryDirectory() as tmp:
        for label, (layers, dtype, tol) in cases.items():
            model = lively_model(layers, WIDTH, dtype=dtype)
            ref = model.predict((X - STATS["mean"]) / STATS["std"])
            for suffix, save in ((".npz", save_model_npz),
                                 (".safetensors", save_model_safetensors)):
                path = Path(tmp) / f"model{suffix}"
                save(path, model, experiment(layers, dtype), STATS, None)
                net, standardize = to_torch(path)
                tdtype = torch.float64 if dtype == "float64" else torch.float32
                with torch.no_grad():
                    out = net(torch.as_tensor(standardize(X), dtype=tdtype)).double().numpy()
                diff = float(np.abs(out - ref).max())
                ok = diff <= tol
                failures += not ok
                print(f"{'ok  ' if ok else 'FAIL'} {label} via {suffix}: "
                      f"max |torch − workbench| = {diff:.3g} (tolerance {tol:g})")
                if suffix == ".safetensors":  # the shortest path: safetensors.torch
                    state = load_file(str(path))
                    state.pop("preprocess.mean"), state.pop("preprocess.std")
                    net.load_state_dict(state, strict=True)
                    print(f"ok   {label}: safetensors.torch.load_file + "
                          "load_state_dict(strict=True)")
    print(f"torch {torch.__version__}: {'all checks passed' if not failures else 'FAILED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
