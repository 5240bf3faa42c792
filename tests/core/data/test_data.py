"""Tests of the data layer: sources, splitting, standardization, CSV/NPZ reading, errors."""

import gzip
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from core import registry
from core.data import dataset
from core.data import spec as data_spec
from core.data.csvfile import load_csv
from core.data.dataset import Dataset, Standardizer, split
from core.data.npzfile import load_npz
from core.data.numtext import parse_decimal_text
from core.errors import DataError, SpecError

CLASSIFIERS = ["circle", "xor", "gauss", "spiral", "moons"]
BUNDLED = {  # name: (rows, features, class counts or None)
    "iris": (150, 4, {"setosa": 50, "versicolor": 50, "virginica": 50}),
    "wine": (178, 13, {"class_0": 59, "class_1": 71, "class_2": 48}),
    "breast_cancer": (569, 30, {"malignant": 212, "benign": 357}),
    "digits": (1797, 64, None),
    "diabetes": (442, 10, None),
}


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def data_error(fn, *args, **kwargs) -> str:
    with pytest.raises(DataError) as info:
        fn(*args, **kwargs)
    return str(info.value)


# ------------------------------------------------------------------ synthetic sources
@pytest.mark.parametrize("name", CLASSIFIERS)
def test_synthetic_classification_shapes_balance_and_seed(name):
    ds = data_spec.load_dataset({"source": name, "samples": 301, "seed": 3})
    assert ds.X.shape == (301, 2) and ds.X.dtype == np.float64
    assert ds.y.dtype == np.int64 and ds.task == "classification"
    counts = np.bincount(ds.y)
    assert counts.size == 2 == ds.n_classes == ds.n_outputs and counts.max() - counts.min() <= 1
    assert ds.feature_names == ["x1", "x2"] and len(ds.class_names) == 2
    again = data_spec.load_dataset({"source": name, "samples": 301, "seed": 3})
    other = data_spec.load_dataset({"source": name, "samples": 301, "seed": 4})
    assert np.array_equal(ds.X, again.X) and np.array_equal(ds.y, again.y)
    assert not np.array_equal(ds.X, other.X)
    assert np.all(np.abs(ds.X) < 10)
    assert 0 < ds.y[:20].sum() < 20  # shuffled, not one class after the other


@pytest.mark.parametrize("name,k", [("spiral", 3), ("spiral", 10), ("gauss", 4)])
def test_multiclass_synthetic(name, k):
    ds = data_spec.load_dataset({"source": name, "classes": k, "samples": 600})
    assert ds.n_classes == k and sorted(set(ds.y.tolist())) == list(range(k))
    counts = np.bincount(ds.y)
    assert counts.max() - counts.min() <= 1


def test_synthetic_geometry_without_noise():
    c = data_spec.load_dataset({"source": "circle", "noise": 0})
    r = np.hypot(c.X[:, 0], c.X[:, 1])
    assert r[c.y == 0].max() <= 2.5 and r[c.y == 1].min() >= 3.5
    x = data_spec.load_dataset({"source": "xor", "noise": 0})
    assert np.all((x.X[:, 0] * x.X[:, 1] < 0) == (x.y == 1))
    g = data_spec.load_dataset({"source": "gauss", "noise": 0, "samples": 2000})
    assert np.allclose(g.X[g.y == 0].mean(0), [2, 2], atol=0.1)
    assert np.allclose(g.X[g.y == 1].mean(0), [-2, -2], atol=0.1)


def test_regression_sources():
    p = data_spec.load_dataset({"source": "plane", "noise": 0, "a": 2, "b": -0.5, "samples": 50})
    assert p.task == "regression" and p.X.shape == (50, 2) and p.y.shape == (50,)
    assert p.n_classes == 0 and p.n_outputs == 1 and p.class_names is None
    assert np.allclose(p.y, 2 * p.X[:, 0] - 0.5 * p.X[:, 1])
    s = data_spec.load_dataset({"source": "sine", "noise": 0})
    assert s.X.shape == (500, 1) and np.allclose(s.y, np.sin(s.X[:, 0]))
    noisy = data_spec.load_dataset({"source": "sine", "noise": 0.3, "samples": 4000})
    assert 0.25 < np.std(noisy.y - np.sin(noisy.X[:, 0])) < 0.35


# ------------------------------------------------------------------ bundled sources
@pytest.mark.parametrize("name", list(BUNDLED))
def test_bundled_datasets(name):
    rows, features, classes = BUNDLED[name]
    ds = data_spec.load_dataset({"source": name})
    assert ds.X.shape == (rows, features) and len(ds.feature_names) == features
    assert ds.name == name and np.all(np.isfinite(ds.X))
    entry = registry.get("dataset", name)
    assert entry.group == "bundled" and entry.extra["task"] == ds.task
    if classes:
        assert dataset.summarize(ds)["classes"] == classes
    if name == "digits":
        assert ds.image_shape == (8, 8) and ds.class_names == [str(d) for d in range(10)]
        assert ds.X.min() == 0 and ds.X.max() == 16 and ds.feature_names[9] == "pixel_1_1"
    if name == "iris":
        assert ds.X[0].tolist() == [5.1, 3.5, 1.4, 0.2]
        assert ds.feature_names[0] == "sepal length (cm)"
    if name == "diabetes":
        assert ds.task == "regression" and ds.y.dtype == np.float64
        assert ds.feature_names[:3] == ["age", "sex", "bmi"] and ds.y[0] == 151.0


def test_bundled_sources_need_no_scikit_learn():
    code = ("import sys, core.data.spec as d; [d.load_dataset({'source': n}) for n in "
            "('iris', 'digits', 'diabetes')]; assert 'sklearn' not in sys.modules")
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)
    sources = (root / "resources" / "datasets" / "SOURCES.md").read_text()
    for name in BUNDLED:
        assert name in sources


# ------------------------------------------------------------------ the registry and specs
def test_every_source_is_registered_with_group_and_help():
    names = registry.names("dataset")
    assert set(CLASSIFIERS + ["plane", "sine", "csv", "npz"] + list(BUNDLED)) <= set(names)
    for entry in registry.entries("dataset"):
        assert entry.group in ("synthetic", "bundled", "file") and entry.help
        assert "task" in entry.extra


def test_normalize_spec_fills_defaults():
    spec = data_spec.normalize_spec({"source": "spiral", "classes": 3})
    assert spec == {"source": "spiral", "samples": 500, "noise": 0.1, "classes": 3,
                    "test_fraction": 0.2, "standardize": True, "seed": 0}
    csv_spec = data_spec.normalize_spec({"source": "csv", "path": "a.csv", "target": -1})
    assert csv_spec["target"] == -1 and csv_spec["task"] == "auto" and csv_spec["header"] == "auto"
    for full in (spec, csv_spec, data_spec.normalize_spec({"source": "npz", "path": "x.npz"})):
        assert data_spec.normalize_spec(full) == full  # a normalized spec is a valid spec


@pytest.mark.parametrize("spec,words", [
    ({"source": "spiral", "noise": 2}, "data.noise: expected a number between 0 and 1, got 2"),
    ({"source": "spiral", "classes": 11}, "data.classes"),
    ({"source": "spiral", "samples": 2.5}, "data.samples"),
    ({"source": "mnist"}, "data.source: expected one of"),
    ({"noise": 0.1}, "data.source: missing"),
    ({"source": "iris", "noise": 0.1}, "data.noise: unknown field for iris"),
    ({"source": "iris", "type": "iris"}, "data.type: unknown field"),
    ({"source": "iris", "test_fraction": 1}, "data.test_fraction"),
    ({"source": "iris", "test_fraction": -0.1}, "data.test_fraction"),
    ({"source": "iris", "standardize": "yes"}, "data.standardize: expected true or false"),
    ({"source": "iris", "seed": -1}, "data.seed"),
    ({"source": "csv"}, "data.path: missing"),
    ({"source": "csv", "path": "a.csv", "target": 1.5}, "data.target: expected a column"),
    ({"source": "csv", "path": "a.csv", "task": "clustering"}, "data.task"),
    ("iris", "data: expected an object"),
])
def test_bad_specs(spec, words):
    with pytest.raises(SpecError) as info:
        data_spec.normalize_spec(spec)
    assert words in str(info.value)


# ------------------------------------------------------------------ split and standardize
def _imbalanced(n0=90, n1=10, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n0 + n1, 3))
    y = np.array([0] * n0 + [1] * n1, dtype=np.int64)
    return Dataset(X, y, "classification", ["a", "b", "c"], ["big", "small"], "toy")


def test_stratified_split_keeps_proportions_and_partitions_rows():
    ds = _imbalanced()
    train, val = split(ds, 0.2, seed=5)
    assert np.bincount(val.y).tolist() == [18, 2] and np.bincount(train.y).tolist() == [72, 8]
    rows = np.concatenate([train.X, val.X])
    assert sorted(map(tuple, rows.tolist())) == sorted(map(tuple, ds.X.tolist()))
    again_train, again_val = split(ds, 0.2, seed=5)
    assert np.array_equal(again_val.X, val.X) and np.array_equal(again_train.y, train.y)
    _, other_val = split(ds, 0.2, seed=6)
    assert not np.array_equal(other_val.X, val.X)


def test_split_with_zero_fraction_and_regression():
    ds = _imbalanced()
    train, val = split(ds, 0.0, seed=0)
    assert len(train) == 100 and len(val) == 0 and val.X.shape == (0, 3) and val.n_features == 3
    reg = data_spec.load_dataset({"source": "sine", "samples": 101})
    train, val = split(reg, 0.3, seed=0)
    assert (len(train), len(val)) == (71, 30) and val.y.dtype == np.float64


def test_split_errors():
    lonely = Dataset(np.zeros((5, 1)), np.array([0, 0, 0, 0, 1]), "classification", ["a"],
                     ["many", "alone"], "toy")
    msg = data_error(split, lonely, 0.2, 0)
    assert "class 'alone'" in msg and "1 row" in msg and "test_fraction" in msg
    assert len(split(lonely, 0.0, 0)[0]) == 5
    tiny = Dataset(np.zeros((1, 1)), np.zeros(1), "regression", ["a"], None, "tiny")
    assert "too few" in data_error(split, tiny, 0.5, 0)


def test_prepare_standardizes_with_training_statistics_only():
    spec = {"source": "wine", "test_fraction": 0.25, "seed": 2}
    prepared = data_spec.prepare(spec)
    raw_train, raw_val = split(data_spec.load_dataset(spec), 0.25, 2)
    st = prepared.standardizer
    assert np.allclose(st.mean, raw_train.X.mean(0)) and np.allclose(st.std, raw_train.X.std(0))
    assert np.allclose(prepared.train.X.mean(0), 0, atol=1e-12)
    assert np.allclose(prepared.train.X.std(0), 1)
    assert np.allclose(prepared.val.X, (raw_val.X - raw_train.X.mean(0)) / raw_train.X.std(0))
    assert not np.allclose(prepared.val.X.mean(0), 0, atol=1e-6)
    s = prepared.summary
    assert (s["rows"], s["train_rows"], s["val_rows"], s["source"]) == (178, 133, 45, "wine")
    assert s["features"] == 13 and s["task"] == "classification"
    assert sum(s["classes"].values()) == 178
    raw = data_spec.prepare({**spec, "standardize": False})
    assert raw.standardizer is None and np.array_equal(raw.train.X, raw_train.X)


def test_standardizer_constant_feature_and_round_trip():
    X = np.array([[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]])
    st = Standardizer.fit(X)
    assert st.std[1] == 1.0 and np.allclose(st.transform(X)[:, 1], 0)
    back = Standardizer.from_arrays(st.to_arrays())
    assert np.array_equal(back.mean, st.mean) and np.array_equal(back.std, st.std)
    assert "std" in str(pytest.raises(DataError, Standardizer.from_arrays,
                                      {"mean": np.zeros(2), "std": np.zeros(2)}).value)
    assert "2 features" in data_error(st.transform, np.zeros((4, 3)))


def test_a_value_that_overflows_standardization_is_refused_naming_column_and_value(tmp_path):
    """A cell of 1e300 gave std = inf: the run trained on zeros and could not be saved."""
    rows = ["a,b,label"] + [f"{i},{1e300 if i == 3 else 2 * i},{i % 2}" for i in range(20)]
    path = write(tmp_path / "big.csv", "\n".join(rows) + "\n")
    message = data_error(data_spec.prepare, {"source": "csv", "path": str(path), "target": "label"})
    assert message == ("big.csv: column 'b' holds the value 1e+300, which cannot be "
                       "standardized (its squared deviation overflows); expected finite values "
                       "up to 1e150 in magnitude: rescale the column or turn standardization "
                       "off")
    raw = data_spec.prepare({"source": "csv", "path": str(path), "target": "label",
                        "standardize": False})
    assert raw.standardizer is None
    assert max(np.abs(raw.train.X).max(), np.abs(raw.val.X).max()) == 1e300


def test_a_huge_value_in_the_validation_rows_is_refused_too():
    X = np.arange(40.0).reshape(20, 2)
    X[5, 1] = -3e200
    ds = Dataset(X, np.arange(20) % 2, "classification", ["u", "v"], ["0", "1"], "table")
    assert data_error(Standardizer.check_range, ds.X, ds.feature_names, ds.name).startswith(
        "table: column 'v' holds the value -3e+200, which cannot be standardized")
    assert data_error(Standardizer.fit, X).startswith("data: column '#1' holds the value -3e+200")
    X[5, 1] = np.nan
    assert data_error(Standardizer.fit, X) == ("data: column '#1' holds a missing value (NaN); "
                                               "expected a number in every cell")


def test_data_with_no_input_features_is_one_sentence(tmp_path):
    """An .npz whose X has 0 columns used to end in ZeroDivisionError."""
    path = tmp_path / "empty_x.npz"
    np.savez(path, X=np.zeros((20, 0)), y=np.arange(20) % 2)
    spec = {"source": "npz", "path": str(path)}
    expected = ("empty_x.npz: the data have no input features (0 columns besides the target); "
                "expected at least one feature column")
    assert data_error(data_spec.prepare, spec) == expected
    assert data_error(data_spec.load_dataset, spec) == expected


# ------------------------------------------------------------------ CSV files
def test_csv_with_header_and_string_labels(tmp_path):
    f = write(tmp_path / "pets.csv", "weight,height,kind\n1,2,dog\n3,4,cat\n5,6.5,dog\n7,8,cat\n")
    ds = load_csv(f)
    assert ds.feature_names == ["weight", "height"] and ds.class_names == ["cat", "dog"]
    assert ds.y.tolist() == [1, 0, 1, 0] and ds.X[2].tolist() == [5, 6.5] and ds.name == "pets.csv"
    msg = data_error(load_csv, f, target="height")  # now the text column is a feature
    assert "column 'kind'" in msg and "row 2" in msg and "not a number" in msg


def test_csv_without_header_and_target_by_index(tmp_path):
    f = write(tmp_path / "plain.csv", "0,1.5,2\n1,2.5,3\n0,3.5,4\n1,4.5,5\n")
    ds = load_csv(f)
    assert ds.feature_names == ["x1", "x2"] and ds.X.shape == (4, 2)
    first = load_csv(f, target=0)
    assert first.task == "classification" and first.y.tolist() == [0, 1, 0, 1]
    assert first.X[:, 0].tolist() == [1.5, 2.5, 3.5, 4.5]
    assert np.array_equal(load_csv(f, target=-3).X, first.X)
    assert np.array_equal(load_csv(f, target="0").X, first.X)
    middle = load_csv(f, target=1, task="regression")
    assert middle.y.tolist() == [1.5, 2.5, 3.5, 4.5] and middle.X[:, 1].tolist() == [2, 3, 4, 5]
    with_header = load_csv(f, header=True, target="1.5", task="regression")
    assert len(with_header) == 3 and with_header.feature_names == ["0", "2"]


def test_csv_task_inference(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    def table(y, fmt):
        lines = [f"{a:.6f},{b:.6f},{fmt(t)}" for (a, b), t in zip(X, y)]
        return write(tmp_path / "t.csv", "a,b,y\n" + "\n".join(lines) + "\n")
    assert load_csv(table(rng.integers(0, 3, 50), str)).task == "classification"
    assert load_csv(table(rng.normal(size=50), lambda v: f"{v:.4f}")).task == "regression"
    assert load_csv(table(np.arange(50), str)).task == "regression"  # 50 distinct integers
    assert load_csv(table(np.arange(50) % 2, lambda v: f"{v}.0")).task == "classification"
    f = table(np.arange(50) % 3 + 7, str)
    ds = load_csv(f)
    assert ds.class_names == ["7", "8", "9"] and set(ds.y.tolist()) == {0, 1, 2}
    assert load_csv(f, task="regression").y[:3].tolist() == [7.0, 8.0, 9.0]
    msg = data_error(load_csv, table(rng.normal(size=50), lambda v: f"{v:.4f}"),
                     task="classification")
    assert "non-whole value" in msg and "row 2" in msg


def test_csv_dialects(tmp_path):
    semi = write(tmp_path / "semi.csv", "a;b;y\r\n1.5;-2;0\r\n\r\n-1e3;+4;1\r\n 7 ; 8 ;0\r\n")
    ds = load_csv(semi)
    assert ds.X.tolist() == [[1.5, -2.0], [-1000.0, 4.0], [7.0, 8.0]] and ds.y.tolist() == [0, 1, 0]
    quoted = write(tmp_path / "q.csv", '"a","b","label"\n"1","2","x y"\n"3","4","z"\n')
    q = load_csv(quoted)
    assert q.feature_names == ["a", "b"] and q.class_names == ["x y", "z"]
    gz = tmp_path / "g.csv.gz"
    gz.write_bytes(gzip.compress(b"a\tb\tc\n1\t2\t0\n3\t4\t1\n"))
    assert load_csv(gz).X.tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize("text,words", [
    ("", ["empty"]),
    ("\n  \n\n", ["empty"]),
    ("a,b,c,d\n1,2,3,4\n5,6,7,8\n1,2,3,4\n1,2,3\n", ["row 5 has 3 cells", "expected 4"]),
    ("a,b,y\n1,2,0\n3,oops,1\n", ["row 3", "column 'b'", "'oops'", "not a number"]),
    ("1,2,0\n3,oops,1\n", ["row 2", "column 2", "not a number"]),
    ("a,b,y\n1,2,0\n3,,1\n", ["row 3", "column 'b'", "empty"]),
    ("a,b,y\n1,2,0\n3,nan,1\n", ["row 3", "column 'b'", "NaN"]),
    ("a,b,y\n1,2,0\n3,4,1\n-inf,4,1\n", ["row 4", "column 'a'", "infinite"]),
    ("a,b,y\n", ["header", "no data rows"]),
    ("y\n1\n2\n", ["single column"]),
    ("a,b,y\n1,2,\n3,4,1\n", ["row 2", "target", "empty"]),
    ("a,b,y\n1,2,0\n3,4,inf\n", ["row 3", "target", "inf"]),
])
def test_csv_bad_data(tmp_path, text, words):
    f = write(tmp_path / "bad.csv", text)
    msg = data_error(load_csv, f)
    assert str(f) in msg
    for w in words:
        assert w in msg


def test_csv_missing_file_target_and_labels(tmp_path):
    assert "no such file" in data_error(load_csv, tmp_path / "nope.csv")
    assert "folder" in data_error(load_csv, tmp_path)
    f = write(tmp_path / "d.csv", "a,b,label\n1,2,x\n3,4,y\n")
    msg = data_error(load_csv, f, target="class")
    assert "no column named 'class'" in msg and "'a', 'b', 'label'" in msg
    assert "out of range" in data_error(load_csv, f, target=3)
    assert "regression needs numbers" in data_error(load_csv, f, task="regression")
    plain = write(tmp_path / "p.csv", "1,2,0\n3,4,1\n")
    assert "no header row" in data_error(load_csv, plain, target="label")
    (tmp_path / "latin.csv").write_bytes("a,b,y\n1,2,caf\xe9\n".encode("latin-1"))
    assert "UTF-8" in data_error(load_csv, tmp_path / "latin.csv")


def test_prepare_reports_too_few_rows_for_the_split(tmp_path):
    write(tmp_path / "few.csv", "a,y\n1,x\n2,x\n3,x\n4,y\n")
    spec = {"source": "csv", "path": "few.csv"}
    msg = data_error(data_spec.prepare, spec, tmp_path)
    assert "class 'y'" in msg and "1 row" in msg
    ok = data_spec.prepare({**spec, "test_fraction": 0}, tmp_path)
    assert len(ok.train) == 4 and len(ok.val) == 0 and ok.summary["path"].endswith("few.csv")
    one = write(tmp_path / "one.csv", "a,y\n1,x\n2,x\n")
    assert "at least 2 classes" in data_error(data_spec.prepare,
                                              {"source": "csv", "path": str(one)})


def test_prepare_csv_relative_to_base_dir(tmp_path):
    lines = [f"{i % 7},{(i * 3) % 5},{'ab'[i % 2]}" for i in range(40)]
    write(tmp_path / "d.csv", "u,v,c\n" + "\n".join(lines) + "\n")
    p = data_spec.prepare({"source": "csv", "path": "d.csv", "target": "c"}, base_dir=tmp_path)
    assert p.train.n_features == 2 and p.summary["classes"] == {"a": 20, "b": 20}
    assert (len(p.train), len(p.val)) == (32, 8) and np.bincount(p.val.y).tolist() == [4, 4]
    assert "no such file" in data_error(data_spec.prepare, {"source": "csv", "path": "d.csv"},
                                          tmp_path / "elsewhere")


def test_prediction_inputs_drop_the_target_and_follow_the_header(tmp_path):
    from core.data.prediction_inputs import read_inputs
    X, note = read_inputs(write(tmp_path / "in.csv", "b,label,a\n1,x,2\n3,y,4\n"), 2, ["a", "b"])
    assert X.tolist() == [[2, 1], [4, 3]]
    assert note == "2 rows of in.csv; inputs: a, b; column 'label' ignored (the target)."
    plain = write(tmp_path / "plain.csv", "1,2\n3,4\n")
    assert read_inputs(plain, 2)[0].tolist() == [[1, 2], [3, 4]]
    assert data_error(read_inputs, plain, 3) == (f"{plain}: has 2 columns, expected 3 (one per "
                                                 "network input), or one more holding the target")
    X, note = read_inputs(write(tmp_path / "extra.csv", "1,2,0\n3,4,1\n"), 2, target=0)
    assert X.tolist() == [[2, 0], [4, 1]]
    assert note == "2 rows of extra.csv; inputs: 2 columns (no header row); column 1 ignored " \
                   "(the target)."
    assert "not a number" in data_error(read_inputs, write(tmp_path / "t.csv", "a,b\n1,x\n2,3\n"),
                                        2, ["a", "b"])


def test_header_names_are_the_columns_load_csv_reads(tmp_path):
    from core.data.csvfile import header_names
    path = write(tmp_path / "h.csv", "width, ,kind\n1,2,a\n3,4,b\n")
    assert header_names(path) == ["width", "column 2", "kind"]
    assert load_csv(path).feature_names == ["width", "column 2"]
    assert header_names(path, "no") is None
    numbers = write(tmp_path / "n.csv", "1,2,3\n4,5,6\n")
    assert header_names(numbers) is None
    assert header_names(numbers, "yes") == ["1", "2", "3"]
    assert data_error(header_names, tmp_path / "missing.csv").endswith("missing.csv: no such file")


def test_a_relative_data_path_is_rebased_onto_its_folder(tmp_path):
    from core.data.spec import rebase_data_path
    (tmp_path / "d.csv").write_text("1,2\n")
    data = {"source": "csv", "path": "d.csv", "target": None}
    moved = rebase_data_path(data, tmp_path)
    assert moved == {"source": "csv", "path": str((tmp_path / "d.csv").resolve()),
                     "target": None} and data["path"] == "d.csv"
    assert rebase_data_path(moved, tmp_path / "elsewhere") is moved  # absolute already
    assert rebase_data_path({"source": "spiral"}, tmp_path) == {"source": "spiral"}
    gone = {"source": "csv", "path": "gone.csv"}
    assert rebase_data_path(gone, tmp_path, must_exist=True) is gone
    assert rebase_data_path(gone, tmp_path)["path"] == str((tmp_path / "gone.csv").resolve())


def test_mnist_sized_csv_loads_fast(tmp_path):
    rng = np.random.default_rng(0)
    base = rng.integers(0, 256, size=(600, 785))
    base[:, 1:][rng.random((600, 784)) < 0.8] = 0
    base[:, 0] = np.arange(600) % 10
    block = "\n".join(",".join(map(str, row)) for row in base.tolist()) + "\n"
    header = "label," + ",".join(f"pixel{i}" for i in range(784)) + "\n"
    f = tmp_path / "mnist.csv"
    f.write_text(header + block * 100)
    start = time.perf_counter()
    ds = load_csv(f, target="label")
    print(f"\n60,000 x 785 CSV loaded in {time.perf_counter() - start:.2f} s")
    assert ds.X.shape == (60000, 784) and ds.task == "classification" and ds.n_classes == 10
    assert np.array_equal(ds.X[:600], base[:, 1:]) and np.array_equal(ds.X[-600:], base[:, 1:])
    assert np.array_equal(ds.y[:600], base[:, 0]) and ds.feature_names[0] == "pixel0"


# ------------------------------------------------------------------ the decimal fast path
def test_decimal_parser_matches_python_float():
    rng = np.random.default_rng(1)
    values = rng.normal(size=5000) * 10.0 ** rng.integers(-4, 6, 5000)
    cells = [f"{v:.6f}".rstrip("0") for v in values] + ["-0", "+7", ".5", "8.", "007"]
    cells += ["0"] * (-len(cells) % 5)
    text = "\n".join(",".join(cells[i:i + 5]) for i in range(0, len(cells), 5)) + "\n"
    parsed = parse_decimal_text(text.encode(), ",", len(cells))
    assert parsed is not None and np.array_equal(parsed, [float(c) for c in cells])
    for bad in ["1-2", "1..2", "-", ".", "1e5", "nan", "1,,2", " 1", "1234567890123456"]:
        assert parse_decimal_text((bad + "\n").encode(), ",", bad.count(",") + 1) is None
    assert parse_decimal_text(b"1,2\n", ",", 3) is None


# ------------------------------------------------------------------ NPZ files
def test_npz_variants(tmp_path):
    X = np.arange(24, dtype=np.float32).reshape(6, 4)
    np.savez(tmp_path / "c.npz", X=X, y=np.array([2, 0, 1, 2, 0, 1]))
    ds = load_npz(tmp_path / "c.npz")
    assert ds.X.dtype == np.float64 and ds.X.shape == (6, 4) and ds.y.tolist() == [2, 0, 1, 2, 0, 1]
    assert ds.task == "classification" and ds.class_names == ["0", "1", "2"]
    np.savez(tmp_path / "s.npz", X=X, y=np.array(["b", "a", "b", "a", "b", "a"]),
             feature_names=np.array(["p", "q", "r", "s"]))
    s = load_npz(tmp_path / "s.npz")
    assert s.class_names == ["a", "b"] and s.y[0] == 1 and s.feature_names == ["p", "q", "r", "s"]
    np.savez(tmp_path / "r.npz", X=X, y=np.linspace(0, 1, 12).reshape(6, 2))
    r = load_npz(tmp_path / "r.npz")
    assert r.task == "regression" and r.n_outputs == 2
    np.savez(tmp_path / "i.npz", X=np.zeros((6, 3, 2)), y=np.eye(3)[[0, 1, 2, 0, 1, 2]])
    im = load_npz(tmp_path / "i.npz")
    assert im.image_shape == (3, 2) and im.X.shape == (6, 6) and im.y.tolist() == [0, 1, 2] * 2
    p = data_spec.prepare({"source": "npz", "path": "c.npz", "test_fraction": 0.5}, tmp_path)
    assert len(p.train) == 3 and sorted(p.val.y.tolist()) == [0, 1, 2]


def test_npz_errors(tmp_path):
    X = np.zeros((3, 2))
    np.savez(tmp_path / "obj.npz", X=X, y=np.array([1, "a", None], dtype=object))
    msg = data_error(load_npz, tmp_path / "obj.npz")
    assert "'y'" in msg and "Python objects" in msg
    np.savez(tmp_path / "noy.npz", X=X, labels=np.zeros(3))
    msg = data_error(load_npz, tmp_path / "noy.npz")
    assert "no array 'y'" in msg and "'labels'" in msg
    np.savez(tmp_path / "len.npz", X=X, y=np.zeros(4))
    assert "one target per row" in data_error(load_npz, tmp_path / "len.npz")
    np.savez(tmp_path / "nan.npz", X=np.array([[0, 1], [np.nan, 2], [3, 4]]), y=np.zeros(3))
    assert "NaN at row 1, column 0" in data_error(load_npz, tmp_path / "nan.npz")
    np.save(tmp_path / "single.npy", X)
    assert ".npz archive" in data_error(load_npz, tmp_path / "single.npy")
    write(tmp_path / "text.npz", "not a zip")
    assert "not an .npz archive" in data_error(load_npz, tmp_path / "text.npz")
    (tmp_path / "cut.npz").write_bytes((tmp_path / "len.npz").read_bytes()[:40])
    assert "cut.npz" in data_error(load_npz, tmp_path / "cut.npz")
    assert "no such file" in data_error(load_npz, tmp_path / "missing.npz")
    np.savez(tmp_path / "few.npz", X=X[:2], y=np.array([0, 1]),
             class_names=np.array(["a", "b", "c"]))
    msg = data_error(data_spec.prepare, {"source": "npz", "path": str(tmp_path / "few.npz")})
    assert "2 rows are fewer than the 3 classes" in msg


def test_first_non_finite_names_the_first_bad_cell_row_by_row():
    from core.data.dataset import first_non_finite
    a = np.zeros((3, 4))
    assert first_non_finite(a) is None
    a[2, 0] = np.nan
    a[1, 3] = -np.inf
    assert first_non_finite(a) == (1, 3, False)
    a[1, 3] = 0.0
    assert first_non_finite(a) == (2, 0, True)
