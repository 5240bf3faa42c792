"""A run whose weights overflow while its loss still looks finite is saved, not lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from core import experiment as experiments
from core.training.trainer import Trainer

ROOT = Path(__file__).resolve().parents[3]


def test_train_saves_the_last_finite_weights_when_an_update_overflows(tmp_path):
    """sgd at lr 1e300, full batch, 1 epoch: before, the run 'completed' and then the
    model could not be saved (non-finite weights)."""
    doc = experiments.default_experiment()
    doc["data"].update(samples=150, test_fraction=0)
    doc["optimizer"] = {"type": "sgd", "lr": 1e300}
    doc["training"].update(batch_size="full", epochs=1, backend="cpu")
    doc = experiments.normalize(doc)
    path = tmp_path / "overflow.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "run"
    done = subprocess.run([sys.executable, "-m", "workbench.cli", "train", str(path), "--out",
                           str(out), "--quiet"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "Training diverged at iteration 1 (epoch 1): the weights became NaN or infinite (the "
        "loss was still finite). The last finite weights are kept; try a lower learning rate.\n")
    assert json.loads(done.stdout.splitlines()[-1])["stopped"] == "diverged"
    initial = Trainer(doc).model.state_dict()  # same seed: the weights before the update
    with np.load(out / "model.npz", allow_pickle=False) as saved:
        for name, value in initial.items():
            np.testing.assert_array_equal(saved[name], value, err_msg=name)
