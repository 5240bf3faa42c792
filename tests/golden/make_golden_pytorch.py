"""Golden weights of the exported PyTorch training scripts, run with real PyTorch.

Run from the repository root, with torch in a separate environment (torch is never a
dependency of the workbench or its tests)::

    /work/torchenv/bin/python tests/golden/make_golden_pytorch.py

For every case of :data:`CASES` (an experiment in float64) it writes the experiment to a
temporary folder, exports it with this checkout's command line run by the workbench's
interpreter (``nn-workbench export CASE.json --format pytorch -o train_torch.py``; the
interpreter is ``$NNWB_PYTHON``, default ``python3``), runs the generated script with
*this* interpreter (the one with torch) as a user would, ``python train_torch.py --epochs
N --save weights.npz``, and keeps the saved weights. It exports the notebook too
(``--format notebook -o train.ipynb``) and runs its code cells one after the other, as
Jupyter would, in the notebook's folder. It writes ``tests/golden/pytorch_export.npz``
atomically::

    CASE.<state_dict name>            the script's weights after the experiment's epochs
    CASE.notebook.<state_dict name>   the notebook's weights after the same epochs
    CASE.script_sha256                SHA-256 of the generated script and of the notebook
    CASE.notebook_sha256              (uint8 (32,)), so that the test knows the golden file
                                      was made by today's exporter

``tests/core/io/test_pytorch_script.py`` trains the same experiments in the workbench and
asserts equality to 1e-8. torch is imported only inside :func:`main`, so the tests import
the case table below without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT_PATH = Path(__file__).resolve().with_name("pytorch_export.npz")


def _experiment(data, layers, loss, optimizer, schedule, **training):
    return {"format": 1, "data": data, "model": {"layers": layers}, "loss": loss,
            "optimizer": optimizer, "schedule": schedule,
            "training": {"dtype": "float64", "backend": "cpu", "seed": 3, **training}}


#: Case name → a float64 experiment (each case changes several things; the last is a CNN).
CASES = {
    # binary, sigmoid fused into BCE, Adam, step decay, L2, mini-batches of 16
    "xor_adam_step_l2": _experiment(
        {"source": "xor", "samples": 200, "noise": 0.05},
        [{"type": "dense", "units": 8, "init": "glorot_uniform"}, {"type": "tanh"},
         {"type": "dense", "units": 1}, {"type": "sigmoid"}],
        {"type": "binary_cross_entropy"}, {"type": "adam", "lr": 0.03},
        {"type": "step", "step_size": 2, "gamma": 0.5}, epochs=4, batch_size=16, l2=0.001),
    # three classes, softmax fused into cross-entropy, SGD + Nesterov momentum, cosine, L1
    "spiral_sgd_momentum_cosine_l1": _experiment(
        {"source": "spiral", "samples": 300, "classes": 3, "noise": 0.1, "seed": 1},
        [{"type": "dense", "units": 16, "init": "he_uniform"}, {"type": "relu"},
         {"type": "dense", "units": 16}, {"type": "elu", "alpha": 0.7},
         {"type": "dense", "units": 3}, {"type": "softmax"}],
        {"type": "cross_entropy"},
        {"type": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": True},
        {"type": "cosine"}, epochs=5, batch_size=32, l1=0.0001),
    # batch norm (training and running statistics), dropout masks, label smoothing,
    # centered RMSprop with momentum, reduce-on-plateau watching the validation loss
    "iris_rmsprop_plateau_batchnorm_dropout": _experiment(
        {"source": "iris", "test_fraction": 0.3},
        [{"type": "dense", "units": 12}, {"type": "batch_norm", "momentum": 0.2},
         {"type": "leaky_relu", "alpha": 0.05}, {"type": "dropout", "p": 0.2},
         {"type": "dense", "units": 3}, {"type": "softmax"}],
        {"type": "cross_entropy", "label_smoothing": 0.1},
        {"type": "rmsprop", "lr": 0.01, "momentum": 0.5, "centered": True},
        {"type": "reduce_on_plateau", "patience": 0, "factor": 0.5}, epochs=4, batch_size=16),
    # 64 inputs, 10 classes, GELU, dropout, AdamW, exponential decay, a partial last batch
    "digits_adamw_exponential_dropout": _experiment(
        {"source": "digits"},
        [{"type": "dense", "units": 32, "init": "he_uniform"}, {"type": "gelu"},
         {"type": "dropout", "p": 0.3}, {"type": "dense", "units": 10},
         {"type": "softmax"}],
        {"type": "cross_entropy"}, {"type": "adamw", "lr": 0.003, "weight_decay": 0.01},
        {"type": "exponential", "gamma": 0.9}, epochs=3, batch_size=64),
    # regression, Huber loss, Adagrad, PReLU and Softplus, no shuffling
    "sine_adagrad_huber_noshuffle": _experiment(
        {"source": "sine", "samples": 150, "noise": 0.1},
        [{"type": "dense", "units": 16}, {"type": "prelu"}, {"type": "dense", "units": 8},
         {"type": "softplus", "beta": 2.0}, {"type": "dense", "units": 1}],
        {"type": "huber", "delta": 0.5}, {"type": "adagrad", "lr": 0.05},
        {"type": "constant"}, epochs=4, batch_size=10, shuffle=False),
    # a softmax output *not* fused (MSE on probabilities against one-hot rows),
    # full-batch plain SGD, Mish
    "circle_sgd_fullbatch_mse_softmax": _experiment(
        {"source": "circle", "samples": 120, "noise": 0.1},
        [{"type": "dense", "units": 6}, {"type": "mish"}, {"type": "dense", "units": 2},
         {"type": "softmax"}],
        {"type": "mse"}, {"type": "sgd", "lr": 0.5}, {"type": "constant"},
        epochs=6, batch_size="full"),
    # a CNN on the digits as 1×8×8 images (the data written as images): "same" and
    # unpadded convolutions, batch norm on channels, max and average pooling, flatten,
    # dropout after it, Adam
    "digits_images_cnn_adam": _experiment(
        {"source": "digits", "as_images": True},
        [{"type": "conv2d", "filters": 4, "kernel_size": 3, "padding": "same",
          "init": "he_uniform"},
         {"type": "batch_norm", "momentum": 0.2}, {"type": "relu"},
         {"type": "max_pool2d", "pool_size": 2},
         {"type": "conv2d", "filters": 6, "kernel_size": 2, "padding": 0, "bias": False},
         {"type": "avg_pool2d", "pool_size": 2, "stride": 1},
         {"type": "flatten"}, {"type": "dropout", "p": 0.2},
         {"type": "dense", "units": 10}, {"type": "softmax"}],
        {"type": "cross_entropy"}, {"type": "adam", "lr": 0.01}, {"type": "constant"},
        epochs=2, batch_size=64),
}


def export_and_run(name: str, experiment: dict, folder: Path, python: str) -> tuple[dict, str]:
    """Export ``experiment`` as a PyTorch script in ``folder``, run it; return the saved
    weights and the script's SHA-256 (hex)."""
    exp_path = folder / f"{name}.json"
    exp_path.write_text(json.dumps(experiment, indent=1), encoding="utf-8")
    script = folder / "train_torch.py"
    subprocess.run([os.environ.get("NNWB_PYTHON", "python3"), "-m", "workbench.cli", "export",
                    str(exp_path), "--format", "pytorch", "-o", str(script)],
                   cwd=ROOT, check=True)
    weights = folder / "weights.npz"
    epochs = experiment["training"]["epochs"]
    run = subprocess.run([python, script.name, "--epochs", str(epochs), "--save",
                          str(weights)], cwd=folder, check=True, capture_output=True, text=True)
    print(f"{name}:\n{run.stdout}", end="")
    with np.load(weights, allow_pickle=False) as archive:
        state = {k: archive[k] for k in archive.files}
    return state, hashlib.sha256(script.read_bytes()).hexdigest()


#: Runs a notebook's code cells in order (as "Run All" does), then saves the model's weights.
RUN_NOTEBOOK = """
import json, sys
import numpy as np
cells = json.load(open(sys.argv[1], encoding="utf-8"))["cells"]
namespace = {}
for cell in cells:
    if cell["cell_type"] == "code":
        exec("".join(cell["source"]), namespace)
state = namespace["model"].state_dict()
np.savez(sys.argv[2], **{k: v.detach().numpy() for k, v in state.items()})
"""


def export_and_run_notebook(name: str, folder: Path, python: str) -> tuple[dict, str]:
    """Export the notebook of ``folder/name.json`` and run it; weights and SHA-256."""
    notebook = folder / "train.ipynb"
    subprocess.run([os.environ.get("NNWB_PYTHON", "python3"), "-m", "workbench.cli", "export",
                    str(folder / f"{name}.json"), "--format", "notebook", "-o", str(notebook)],
                   cwd=ROOT, check=True)
    weights = folder / "notebook_weights.npz"
    subprocess.run([python, "-c", RUN_NOTEBOOK, notebook.name, str(weights)], cwd=folder,
                   check=True, capture_output=True, text=True)
    with np.load(weights, allow_pickle=False) as archive:
        state = {k: archive[k] for k in archive.files}
    return state, hashlib.sha256(notebook.read_bytes()).hexdigest()


def main() -> int:
    import torch  # only to say which torch made the file

    print(f"torch {torch.__version__}, numpy {np.__version__}")
    arrays = {}
    for name, experiment in CASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            state, digest = export_and_run(name, experiment, Path(tmp), sys.executable)
            nb_state, nb_digest = export_and_run_notebook(name, Path(tmp), sys.executable)
        for prefix, weights in ((name, state), (f"{name}.notebook", nb_state)):
            for key, value in weights.items():
                if value.dtype.kind == "f" and not np.isfinite(value).all():
                    raise SystemExit(f"{prefix}: {key} is not finite")
                arrays[f"{prefix}.{key}"] = value
        arrays[f"{name}.script_sha256"] = np.frombuffer(bytes.fromhex(digest), dtype=np.uint8)
        arrays[f"{name}.notebook_sha256"] = np.frombuffer(bytes.fromhex(nb_digest),
                                                          dtype=np.uint8)
    fd, tmp = tempfile.mkstemp(dir=OUT_PATH.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        np.savez(fh, **arrays)
    os.replace(tmp, OUT_PATH)  # noqa: TID251  (torch's environment has no workbench)
    print(f"wrote {OUT_PATH.relative_to(ROOT)} ({len(arrays)} arrays)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
