"""The training exported as a PyTorch script and notebook: the same weights as the workbench.

The proof runs in PyTorch: ``tests/golden/make_golden_pytorch.py`` (run with torch in a
separate environment) exported every case of its table with this exporter, ran the
script and the notebook with real PyTorch in float64, and kept their weights in
``tests/golden/pytorch_export.npz``. Here the workbench trains the same experiments and
must end at the same weights to 1e-8; and today's exporter must still write exactly the
script and notebook that made the golden file.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from core import experiment as experiment_schema
from core.errors import SpecError, WeightsError, WorkbenchError
from core.io.model_file import ModelFile
from core.io.model_file_reading import read_state
from core.io.model_file_writing import save_model_npz
from core.io.notebook import notebook_json, write_notebook_export
from core.io.pytorch_script import (
    generate_pytorch_script,
    training_export,
    write_pytorch_export,
)
from core.nn.model import Model
from core.training.trainer import Trainer
from tests.golden.make_golden_pytorch import CASES

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "pytorch_export.npz"


@pytest.fixture(scope="module")
def golden():
    with np.load(GOLDEN, allow_pickle=False) as archive:
        return {k: archive[k] for k in archive.files}


def _trained(experiment: dict) -> Trainer:
    trainer = Trainer(experiment_schema.normalize(copy.deepcopy(experiment)), layer_stats=False)
    assert trainer.run().reason == "completed"
    return trainer


@pytest.mark.parametrize("case", list(CASES))
def test_pytorch_script_and_notebook_end_at_the_workbenchs_weights(golden, case):
    trainer = _trained(CASES[case])
    state = trainer.model.state_dict()
    for prefix in (case, f"{case}.notebook"):
        names = {k[len(prefix) + 1:] for k in golden
                 if k.startswith(prefix + ".") and k.count(".") == prefix.count(".") + 2}
        assert names == set(state), prefix  # the same state_dict names, no more, no fewer
        for name, value in state.items():
            np.testing.assert_allclose(golden[f"{prefix}.{name}"], value, rtol=0, atol=1e-8,
                                       err_msg=f"{prefix}: {name}")
    initial = Model(trainer.experiment["model"]["layers"], trainer.prepared.train.sample_shape,
                    trainer.backend, seed=trainer.seed).state_dict()
    moved = max(float(np.abs(state[k] - initial[k]).max()) for k in initial)
    assert moved > 1e-3  # the comparison is of trained weights, not of the start


@pytest.mark.parametrize("case", list(CASES))
def test_the_golden_file_was_made_by_todays_exporter(tmp_path, golden, case):
    exp_path = tmp_path / f"{case}.json"
    exp_path.write_text(json.dumps(CASES[case], indent=1), encoding="utf-8")
    script = write_pytorch_export(exp_path, tmp_path / "train_torch.py")[0]
    notebook = write_notebook_export(exp_path, tmp_path / "train.ipynb")[0]
    for path, key in ((script, "script_sha256"), (notebook, "notebook_sha256")):
        digest = hashlib.sha256(path.read_bytes()).digest()
        assert digest == golden[f"{case}.{key}"].tobytes(), (
            f"{path.name} of {case} changed: rerun tests/golden/make_golden_pytorch.py with "
            "torch to check it and renew the golden weights")


def test_the_files_beside_the_script_hold_the_prepared_rows_and_initial_weights(tmp_path):
    case = CASES["iris_rmsprop_plateau_batchnorm_dropout"]
    exp_path = tmp_path / "iris.json"
    exp_path.write_text(json.dumps(case), encoding="utf-8")
    written = write_pytorch_export(exp_path, tmp_path / "t.py")
    assert written == [tmp_path / "t.py", tmp_path / "t_init.safetensors",
                       tmp_path / "t_data.npz"]
    trainer = Trainer(experiment_schema.normalize(copy.deepcopy(case)), layer_stats=False)
    train, val = trainer.prepared.train, trainer.prepared.val
    with np.load(tmp_path / "t_data.npz", allow_pickle=False) as data:
        np.testing.assert_array_equal(data["x_train"], train.X)
        np.testing.assert_array_equal(data["x_val"], val.X)
        np.testing.assert_array_equal(data["t_train"], train.y)  # class indices for F.cross_entropy
        assert data["t_train"].dtype == np.int64 and data["y_val"].tolist() == val.y.tolist()
        np.testing.assert_array_equal(data["preprocess_mean"], trainer.prepared.standardizer.mean)
        assert data["class_names"].tolist() == train.class_names
    initial = read_state(tmp_path / "t_init.safetensors")
    expected = trainer.model.state_dict()  # not trained yet: the workbench's start
    assert set(initial) == set(expected)
    for name, value in expected.items():
        np.testing.assert_array_equal(initial[name], value)
    text = (tmp_path / "t.py").read_text(encoding="utf-8")
    compile(text, "t.py", "exec")
    assert "nn.BatchNorm1d(12, eps=1e-05, momentum=0.2),  # 1: Batch norm" in text
    assert "F.cross_entropy(out, target, label_smoothing=0.1)" in text
    assert "ReduceLROnPlateau(optimizer, mode='min', factor=0.5,\n        patience=0," in text
    assert "rows_per_epoch = n - 1 if n > batch and n % batch == 1 else n" in text


def test_a_model_file_exports_a_training_that_starts_from_its_weights(tmp_path):
    doc = experiment_schema.normalize(copy.deepcopy(CASES["xor_adam_step_l2"]))
    trainer = _trained(doc)
    model_path = tmp_path / "model.npz"
    save_model_npz(model_path, trainer.model, trainer.experiment,
                   trainer.prepared.standardizer, trainer.prepared.train.class_names)
    write_pytorch_export(model_path, tmp_path / "more.py")
    start = read_state(tmp_path / "more_init.safetensors")
    for name, value in trainer.model.state_dict().items():
        np.testing.assert_array_equal(start[name], value)
    assert "from model.npz" in (tmp_path / "more.py").read_text(encoding="utf-8")


def test_the_notebook_is_nbformat_4_5_with_the_cells_a_reader_expects(tmp_path):
    exp_path = tmp_path / "digits.json"
    exp_path.write_text(json.dumps(CASES["digits_adamw_exponential_dropout"]), encoding="utf-8")
    export = training_export(exp_path)
    nb = notebook_json(export, "n_init.safetensors", "n_data.npz")
    assert (nb["nbformat"], nb["nbformat_minor"]) == (4, 5)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    ids = [c["id"] for c in nb["cells"]]
    assert ids == ["title", "setup", "data-title", "data", "model-title", "model",
                   "training-title", "training", "train", "plots-title", "plots"]
    for cell in nb["cells"]:
        assert set(cell) == ({"cell_type", "id", "metadata", "source", "execution_count",
                              "outputs"} if cell["cell_type"] == "code"
                             else {"cell_type", "id", "metadata", "source"})
        assert all(line.endswith("\n") for line in cell["source"][:-1])
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    compile(code, "notebook", "exec")
    assert 'HERE = Path.cwd()' in code and "model, history = train(EPOCHS, model, data)" in code
    script = generate_pytorch_script(export, "s.py", "n_init.safetensors", "n_data.npz")
    model_cell = "".join(nb["cells"][5]["source"])
    assert model_cell.split("\n\nmodel = build_model()")[0] in script  # the same code


def test_what_the_workbench_would_refuse_is_refused_in_one_sentence(tmp_path):
    bad = copy.deepcopy(CASES["circle_sgd_fullbatch_mse_softmax"])
    bad["model"]["layers"][2]["units"] = 1
    bad["model"]["layers"][3]["type"] = "sigmoid"
    exp_path = tmp_path / "bad.json"
    exp_path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(SpecError, match=r"^model: The network outputs 1 value through a "
                                        r"sigmoid with the MSE loss"):
        write_pytorch_export(exp_path, tmp_path / "t.py")
    bare = tmp_path / "bare.npz"
    np.savez(bare, **{"0.weight": np.zeros((2, 2))})
    with pytest.raises(WeightsError, match="holds weights only"):
        write_pytorch_export(bare, tmp_path / "t.py")
    (tmp_path / "net.pt").write_bytes(b"\x80\x04")
    with pytest.raises(WeightsError, match="Python pickles"):
        write_notebook_export(tmp_path / "net.pt", tmp_path / "t.ipynb")
    with pytest.raises(WorkbenchError):
        write_pytorch_export(tmp_path / "missing.json", tmp_path / "t.py")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "bare.npz", "net.pt"]


def test_a_loaded_model_file_exports_too(tmp_path):
    doc = experiment_schema.normalize(copy.deepcopy(CASES["sine_adagrad_huber_noshuffle"]))
    model = Model(doc["model"]["layers"], 1, seed=5)
    mf = ModelFile.from_model(model, doc, None, None, source=str(tmp_path / "live"))
    files = write_pytorch_export(mf, tmp_path / "live.py")
    start = read_state(files[1])
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(start[name], value)
