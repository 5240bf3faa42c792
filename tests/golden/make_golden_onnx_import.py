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

``torch_cnn.onnx``, ``torch_cnn_outputs.npz``
    the same for a small CNN on ``[batch, 1, 8, 8]`` images (digits-shaped): Conv2d,
    ReLU, BatchNorm2d (after the ReLU, so the exporter cannot fold it into the
    convolution), MaxPool2d, Dropout, a strided Conv2d without bias, AvgPool2d,
    AdaptiveAvgPool2d(1), Flatten, Linear, Softmax; ``x`` is (25, 1, 8, 8).

``tests/core/io/test_onnx_import.py`` and ``test_onnx_image_import.py`` open the ONNX files
in the workbench and check their predictions, layers and weights' names against these.
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
    import torch
    from torch import nn

    torch.manual_seed(17)
    mlp = nn.Sequential(
        nn.Linear(4, 16), nn.ReLU(), nn.BatchNorm1d(16), nn.Dropout(0.3),
        nn.Linear(16, 12), nn.LeakyReLU(0.1), nn.Linear(12, 8), nn.ELU(alpha=0.7),
        nn.PReLU(), nn.Tanh(), nn.Linear(8, 3), nn.Softmax(dim=1))
    export(torch, mlp, (4,), ONNX_PATH, OUTPUTS_PATH)
    torch.manual_seed(13)
    cnn = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(4), nn.MaxPool2d(2),
        nn.Dropout(0.25), nn.Conv2d(4, 6, 3, stride=2, padding=1, bias=False),
        nn.AvgPool2d(2, stride=1), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 10),
        nn.Softmax(dim=1))
    export(torch, cnn, (1, 8, 8), HERE / "torch_cnn.onnx", HERE / "torch_cnn_outputs.npz")
    return 0


def export(torch, model, shape: tuple, onnx_path: Path, outputs_path: Path) -> None:
    """Move the batch norm's statistics, export ``model`` in evaluation mode, write both."""
    import io

    model.train()
    with torch.no_grad():
        for _ in range(5):
            model(torch.randn(32, *shape) * 2 + 0.5)  # running statistics move
    model.eval()
    x = torch.randn(25, *shape) * 2
    with torch.no_grad():
        y = model(x)
    buffer = io.BytesIO()
    torch.onnx.export(model, (x,), buffer, dynamo=False, opset_version=17,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    _write_atomically(onnx_path, buffer.getvalue())
    arrays = {"x": x.numpy(), "y": y.numpy()}
    arrays.update({f"state.{k}": v.numpy() for k, v in model.state_dict().items()
                   if not k.endswith("num_batches_tracked")})
    out = io.BytesIO()
    np.savez(out, **arrays)
    _write_atomically(outputs_path, out.getvalue())
    print(f"torch {torch.__version__}: wrote {onnx_path.name} ({len(buffer.getvalue())} bytes) "
          f"and {outputs_path.name}")


if __name__ == "__main__":
    sys.exit(main())
