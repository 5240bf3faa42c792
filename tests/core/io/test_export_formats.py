"""Exports: the formats offered, file names from the save dialog, and the one writer."""

import subprocess
import sys

import numpy as np
import pytest

from core.errors import WeightsError
from core.io.export_formats import (
    EXPORT_FILTER,
    EXPORT_FORMATS,
    FORMAT_NAMES,
    export_target,
    format_of_suffix,
    write_export,
)
from core.io.model_file import ModelFile, predict
from core.io.model_file_reading import load_model_file
from tests.core.io.test_model_file import (
    CLASSES,
    LAYERS,
    PRE,
    experiment,
    inputs,
    save,
    trained_model,
)


@pytest.fixture
def model_file():
    return ModelFile.from_model(trained_model(), experiment(), PRE, CLASSES, source="run")


def test_the_formats_in_the_order_the_save_dialog_offers_them():
    assert FORMAT_NAMES == ("npz", "safetensors", "onnx", "py")
    assert [f.suffix for f in EXPORT_FORMATS] == [".npz", ".safetensors", ".onnx", ".py"]
    assert EXPORT_FILTER == ("NumPy model (*.npz);;safetensors (*.safetensors);;"
                             "ONNX (*.onnx);;NumPy inference script (*.py)")
    name, file_filter, suffix = EXPORT_FORMATS[2]  # a record that still unpacks
    assert (name, file_filter, suffix) == ("onnx", "ONNX (*.onnx)", ".onnx")


def test_export_target_takes_the_suffix_else_the_file_type(tmp_path):
    assert export_target(tmp_path / "a.onnx", "NumPy model (*.npz)") == (tmp_path / "a.onnx",
                                                                          "onnx")
    assert export_target(tmp_path / "a", "ONNX (*.onnx)") == (tmp_path / "a.onnx", "onnx")
    assert export_target(tmp_path / "a.v2", "") == (tmp_path / "a.v2.npz", "npz")
    assert export_target(tmp_path / "A.SAFETENSORS")[1] == "safetensors"
    assert format_of_suffix("x.PY") == "py" and format_of_suffix("x.pt") is None


@pytest.mark.parametrize("fmt", ["npz", "safetensors"])
def test_weight_formats_read_back_to_the_same_outputs(tmp_path, model_file, fmt):
    path = tmp_path / f"m.{fmt}"
    assert write_export(model_file, path, fmt) == [path]
    again = load_model_file(path)
    assert again.class_names == CLASSES and again.experiment == model_file.experiment
    np.testing.assert_array_equal(predict(again, inputs()), predict(model_file, inputs()))


def test_onnx_runs_in_onnxruntime(tmp_path, model_file):
    ort = pytest.importorskip("onnxruntime")
    path = tmp_path / "m.onnx"
    assert write_export(model_file, path, "onnx") == [path]
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    X = inputs()
    got = session.run(["output"], {"input": X.astype(np.float32)})[0]
    np.testing.assert_allclose(got, predict(model_file, X), atol=1e-5)


def test_a_script_comes_with_its_weights_unless_it_is_given_a_file(tmp_path, model_file):
    script = tmp_path / "predict.py"
    weights = tmp_path / "predict_weights.npz"
    assert write_export(model_file, script, "py") == [script, weights]
    assert load_model_file(weights).class_names == CLASSES
    X = inputs(5)
    rows = [",".join(repr(float(v)) for v in row) for row in X]
    (tmp_path / "in.csv").write_text("\n".join(rows) + "\n")
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "in.csv")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert rows[0] == "p_cat,p_dog,p_emu"
    np.testing.assert_allclose([[float(v) for v in r.split(",")] for r in rows[1:]],
                               predict(model_file, X), atol=1e-6)

    save(tmp_path / "model.npz")
    other = tmp_path / "other" / "run.py"
    other.parent.mkdir()
    assert write_export(model_file, other, "py", script_weights=tmp_path / "model.npz") \
        == [other]
    assert sorted(p.name for p in other.parent.iterdir()) == ["run.py"]
    assert repr(str((tmp_path / "model.npz").resolve())) in other.read_text()


def test_weights_that_do_not_fit_their_network_are_refused_before_writing(tmp_path,
                                                                           model_file):
    model_file.state["4.weight"] = model_file.state["4.weight"][:, :5]
    for fmt in FORMAT_NAMES:
        path = tmp_path / f"m.{fmt}"
        with pytest.raises(WeightsError, match=r"4\.weight"):
            write_export(model_file, path, fmt)
        assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_weights_only_file_converts_between_weight_formats(tmp_path, model_file):
    bare = ModelFile(dict(model_file.state), source="torch")
    write_export(bare, tmp_path / "w.safetensors", "safetensors")
    assert set(load_model_file(tmp_path / "w.safetensors").state) == set(model_file.state)
    with pytest.raises(WeightsError, match="holds weights only"):
        write_export(bare, tmp_path / "w.onnx", "onnx")


def test_a_folder_or_an_unknown_format_is_one_sentence(tmp_path, model_file):
    with pytest.raises(WeightsError, match=r"is a folder; choose a file name$"):
        write_export(model_file, tmp_path, "npz")
    with pytest.raises(WeightsError, match=r"m\.bin: unknown export format 'bin'; expected one "
                                           r"of npz, safetensors, onnx, py$"):
        write_export(model_file, tmp_path / "m.bin", "bin")
    assert LAYERS[0]["units"] == 6  # the shared stack was not changed by these tests
