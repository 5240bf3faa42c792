"""A PyTorch ``nn.Sequential`` MLP (iris-shaped: 4 inputs, 3 classes) exported with
``torch.onnx.export``, and torch's outputs.

Run from the repository root, with torch (and onnx) in a separate environment::

    /work/torchenv/bin/python tests/golden/make_golden_onnx_import.py

It builds the MLP below with a fixed seed, trains its batch norm's running statistics on
a few random batches (so they are not the initial 0 and 1), exports it in evaluation mode
with ``torch.onnx.export(..., dynamo=False)`` (the TorchScript exporter, opset 17, dynamic
batch size), and writes, atomically:

``torch_mlp.onnx``
    the exported model (its initializers carry the ``nn.Sequential`` names: ``0.weight``
    ... ``10.bias``; the Dropout at index 3 is not in the graph, as in any evaluation-mode
    export);
``torch_mlp_outputs.npz``
    ``x`` (25, 4) float32 inputs, ``y`` (25, 3) torch's outputs for them (float32), and
    ``state.<name>`` every entry of the model's ``state_dict`` (float32; without
    ``num_batches_tracked``).

``tests/core/io/test_onnx_import.py`` opens the ONNX file in the workbench and checks its
predictions, its layers and its weights' names against these.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ONNX_PATH = HERE / "torch_mlp.onnx"
OUTPUTS_PATH = HERE / "torch_mlp_outputs.npz"


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)  # noqa: TID251  (torch's environment has no workbench)


def main() -> int:
    import io

    import torch
    from torch import nn

    torch.manual_seed(17)
    model = nn.Sequential(
        nn.Linear(4, 16), nn.ReLU(), nn.BatchNorm1d(16), nn.Dropout(0.3),
        nn.Linear(16, 12), nn.LeakyReLU(0.1), nn.Linear(12, 8), nn.ELU(alpha=0.7),
        nn.PReLU(), nn.Tanh(), nn.Linear(8, 3), nn.Softmax(dim=1))
    model.train()
    with torch.no_grad():
        for _ in range(5):
            model(torch.randn(32, 4) * 2 + 0.5)  # running statistics move
    model.eval()
    x = torch.randn(25, 4) * 2
    with torch.no_grad():
        y = model(x)
    buffer = io.BytesIO()
    torch.onnx.export(model, (x,), buffer, dynamo=False, opset_version=17,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    _write_atomically(ONNX_PATH, buffer.getvalue())
    arrays = {"x": x.numpy(), "y": y.numpy()}
    arrays.update({f"state.{k}": v.numpy() for k, v in model.state_dict().items()
                   if not k.endswith("num_batches_tracked")})
    out = io.BytesIO()
    np.savez(out, **arrays)
    _write_atomically(OUTPUTS_PATH, out.getvalue())
    print(f"torch {torch.__version__}: wrote {ONNX_PATH.name} ({len(buffer.getvalue())} bytes) "
          f"and {OUTPUTS_PATH.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
