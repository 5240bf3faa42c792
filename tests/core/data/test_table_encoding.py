"""Encoding a table's columns: learned on the training rows only, kept in the model file,
applied to raw rows at prediction time (text categories, gaps, unseen categories)."""

import json
import subprocess
import sys

import numpy as np
import pytest

import core.catalog  # noqa: F401  (registers the sources)
from core.backend.devices import get_backend
from core.data import spec as data_spec
from core.data.csvfile import load_csv
from core.data.dataset import split
from core.data.prediction_inputs import read_inputs
from core.data.table_encoding import RawTable, TableEncoding
from core.errors import DataError, WeightsError
from core.experiment import default_experiment
from core.io.model_file import ModelFile, predict
from core.io.model_file_reading import load_model_file
from core.io.model_file_writing import save_model_npz, save_model_safetensors
from core.io.numpy_script import generate_numpy_script
from core.nn.model import Model
from tests.core.data.table_files import penguin_rows, write_table

LAYERS = [{"type": "dense", "units": 6}, {"type": "tanh"}, {"type": "dense", "units": 3},
          {"type": "softmax"}]
NEW_ROWS = ("id,island,sex,bill,mass,year,colony,note\n"
            "1,Biscoe,male,40.5,3600,2008,Palmer,x\n"
            "2,Atlantis,,NA,?,2010,Palmer,y\n"       # unseen island and year; three gaps
            "3,Dream,female,51.0,4300,2007,Palmer,z\n")


def prepared_table(tmp_path, **fields):
    path = write_table(tmp_path / "p.csv", penguin_rows())
    return data_spec.prepare({"source": "csv", "path": str(path), "seed": 4, **fields}), path


def test_the_encoding_is_learned_on_the_training_rows_only(tmp_path):
    prepared, path = prepared_table(tmp_path)
    raw = load_csv(path)
    train, val = split(raw, 0.2, 4)
    enc = prepared.encoding
    bill = train.X[:, raw.table.names.index("bill")]
    assert enc.columns[2] == {"name": "bill", "role": "numeric", "file_index": 3,
                              "fill": float(np.median(bill[~np.isnan(bill)]))}
    assert enc.columns[2]["fill"] != float(np.nanmedian(raw.X[:, 2]))  # not all rows'
    assert enc.feature_names == ["island=Biscoe", "island=Dream", "island=Torgersen",
                                 "sex=female", "sex=male", "sex=(missing)", "bill", "mass",
                                 "year=2007", "year=2008", "year=2009"]
    assert prepared.train.n_features == 11 and prepared.summary["features"] == 11
    assert len(prepared.train) == 120 and len(prepared.val) == 30
    # standardized after encoding: each training column has mean 0
    np.testing.assert_allclose(prepared.train.X.mean(axis=0), 0, atol=1e-12)
    assert prepared.standardizer.encoding is enc


def test_mean_imputation_and_dropping_rows(tmp_path):
    mean, path = prepared_table(tmp_path, impute="mean")
    train, _ = split(load_csv(path), 0.2, 4)
    bill = train.X[:, 2]
    assert mean.encoding.columns[2]["fill"] == float(np.mean(bill[~np.isnan(bill)]))
    dropped, _ = prepared_table(tmp_path, impute="drop")
    # rows missing bill (12) or mass (9), 1 row misses both (i = 0 … every 221st)
    assert dropped.summary["dropped_rows"] == 20
    assert dropped.summary["train_rows"] + dropped.summary["val_rows"] == 130


def test_unknown_categories_become_zeros_and_are_counted():
    raw = RawTable(["c", "x"], ["categorical", "numeric"], [["a", "b", "z"], None])
    X_train = np.array([[0, 1.0], [1, np.nan], [0, 3.0]])
    enc = TableEncoding.fit(raw, X_train)
    assert enc.columns[0]["categories"] == ["a", "b"] and not enc.columns[0]["missing"]
    assert enc.columns[1]["fill"] == 2.0
    out, counts = enc.transform(raw, np.array([[2, 5.0], [np.nan, np.nan], [1, 0.0]]))
    assert out.tolist() == [[0, 0, 5], [0, 0, 2], [0, 1, 0]]
    assert (counts.unknown, counts.unknown_rows, counts.imputed) == (2, 2, 1)
    assert counts.sentence() == ("2 cells held a category not seen in training (c "
                                 "'(missing)', c 'z'), encoded as all zeros; 1 missing number was "
                                 "filled in as in training.")


def saved_model(tmp_path, prepared, suffix=".npz"):
    model = Model(LAYERS, prepared.train.n_features, get_backend("cpu", "float64"), seed=2)
    exp = default_experiment()
    exp["model"]["layers"] = LAYERS
    exp["training"]["dtype"] = "float64"
    exp["data"] = prepared.spec
    path = tmp_path / f"model{suffix}"
    save = save_model_npz if suffix == ".npz" else save_model_safetensors
    save(path, model, exp, prepared.standardizer, prepared.train.class_names)
    return model, path


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_a_saved_model_predicts_on_raw_rows_as_in_training(tmp_path, suffix):
    prepared, _ = prepared_table(tmp_path)
    model, path = saved_model(tmp_path, prepared, suffix)
    mf = load_model_file(path)
    assert mf.encoding.to_json() == prepared.encoding.to_json()
    (tmp_path / "new.csv").write_text(NEW_ROWS)
    X, note = read_inputs(tmp_path / "new.csv", 11, encoding=mf.encoding)
    assert X[:, :3].tolist() == [[1, 0, 0], [0, 0, 0], [0, 1, 0]]       # island
    assert X[:, 3:6].tolist() == [[0, 1, 0], [0, 0, 1], [1, 0, 0]]      # sex, (missing)
    fill = prepared.encoding.columns
    assert X[1, 6] == fill[2]["fill"] and X[1, 7] == fill[3]["fill"]
    assert X[:, 8:].tolist() == [[0, 1, 0], [0, 0, 0], [1, 0, 0]]       # year 2010 unseen
    assert note == ("3 rows of new.csv; columns used: island, sex, bill, mass, year. 2 cells "
                    "held a category not seen in training (island 'Atlantis', year '2010'), "
                    "encoded as all zeros; 2 missing numbers were filled in as in training.")
    # the prepared training rows are what the file's encoding makes of the training table
    expected = model.predict(prepared.standardizer.transform(X))
    np.testing.assert_allclose(predict(mf, X), expected, rtol=0, atol=1e-12)


def test_the_numpy_script_gives_the_same_answers_on_raw_rows(tmp_path):
    prepared, _ = prepared_table(tmp_path)
    model, path = saved_model(tmp_path, prepared)
    script = tmp_path / "predict.py"
    script.write_text(generate_numpy_script(path))
    (tmp_path / "new.csv").write_text(NEW_ROWS)
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "new.csv")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ("warning: 2 cells held a category not seen in training, encoded as "
                           "all zeros\n")
    lines = done.stdout.splitlines()
    assert lines[0] == "p_Adelie,p_Chinstrap,p_Gentoo"
    got = np.array([[float(v) for v in line.split(",")] for line in lines[1:]])
    mf = load_model_file(path)
    X, _ = read_inputs(tmp_path / "new.csv", 11, encoding=mf.encoding)
    np.testing.assert_allclose(got, predict(mf, X), rtol=0, atol=1e-15)
    # a file without the header, with the training file's columns (target included)
    rows = penguin_rows(5, seed=9)
    write_table(tmp_path / "plain.csv", rows, header=None)
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "plain.csv")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    X, _ = read_inputs(tmp_path / "plain.csv", 11, encoding=mf.encoding)
    got = np.array([[float(v) for v in line.split(",")] for line in done.stdout.splitlines()[1:]])
    np.testing.assert_allclose(got, predict(mf, X), rtol=0, atol=1e-15)


def test_a_prediction_file_without_a_needed_column_is_one_sentence(tmp_path):
    prepared, _ = prepared_table(tmp_path)
    (tmp_path / "short.csv").write_text("island,bill\nBiscoe,40\n")
    with pytest.raises(DataError) as info:
        read_inputs(tmp_path / "short.csv", 11, encoding=prepared.encoding)
    assert str(info.value) == (f"{tmp_path / 'short.csv'}: has no column 'sex', 'mass', "
                               "'year', which the model takes; expected a header naming the "
                               "columns island, sex, bill, mass, year (or the 9 columns of "
                               "the training file, in its order)")
    (tmp_path / "text.csv").write_text(NEW_ROWS.replace("40.5", "long"))
    with pytest.raises(DataError) as info:
        read_inputs(tmp_path / "text.csv", 11, encoding=prepared.encoding)
    assert str(info.value) == (f"{tmp_path / 'text.csv'}: row 2, column 'bill' holds 'long', "
                               "which is neither a number nor a missing marker; the model "
                               "takes numbers there")


def test_a_damaged_encoding_in_a_model_file_is_one_sentence(tmp_path):
    prepared, _ = prepared_table(tmp_path)
    _, path = saved_model(tmp_path, prepared)
    with np.load(path, allow_pickle=False) as archive:
        arrays = {k: archive[k] for k in archive.files}
    doc = json.loads(str(arrays["preprocess.encoding"][0]))
    doc["columns"][2]["fill"] = "median"
    arrays["preprocess.encoding"] = np.array([json.dumps(doc)])
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(WeightsError) as info:
        load_model_file(tmp_path / "bad.npz")
    assert str(info.value) == (f"{tmp_path / 'bad.npz'}: preprocess.encoding.columns[2].fill: "
                               "expected a finite number")
    doc["columns"][2]["fill"] = 1.0
    doc["columns"].pop()
    arrays["preprocess.encoding"] = np.array([json.dumps(doc)])
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(WeightsError) as info:
        load_model_file(tmp_path / "bad.npz")
    assert str(info.value) == (f"{tmp_path / 'bad.npz'}: the table encoding makes 8 inputs "
                               "but the standardization covers 11")


def test_without_standardization_the_encoding_is_still_recorded(tmp_path):
    prepared, _ = prepared_table(tmp_path, standardize=False)
    assert prepared.standardizer.mean.tolist() == [0.0] * 11
    assert prepared.train.X[:, :3].sum(axis=1).max() == 1.0  # one-hot, unscaled
    _, path = saved_model(tmp_path, prepared)
    mf = load_model_file(path)
    assert isinstance(mf, ModelFile) and mf.encoding.width == 11


def test_the_analysis_counts_the_one_hot_inputs(tmp_path):
    """The first dense layer takes one input per numeric column and per category."""
    from core.nn.analysis.report import analyze
    prepared, _ = prepared_table(tmp_path)
    train = prepared.train
    analysis = analyze(LAYERS, train.n_features, train.n_outputs, train.task)
    assert analysis.ok and train.n_features == 11
    assert analysis.layers[0].n_params == 11 * 6 + 6 and analysis.layers[0].out_width == 6
    model = Model(LAYERS, train.n_features, get_backend("cpu", "float64"), seed=0)
    assert model.state_dict()["0.weight"].shape == (6, 11)
