"""Column roles of real tables: detection, choices in data.columns, missing markers."""

import numpy as np
import pytest

import core.catalog  # noqa: F401  (registers the sources)
from core.data import spec as data_spec
from core.data.csvfile import load_csv
from core.errors import DataError, SpecError
from tests.core.data.table_files import HEADER, penguin_rows, write_table


def roles(ds) -> dict:
    return {c["name"]: c["role"] for c in ds.columns}


def test_each_column_gets_its_role_and_the_last_is_the_target(tmp_path):
    ds = load_csv(write_table(tmp_path / "p.csv", penguin_rows()))
    assert roles(ds) == {"id": "ignore", "island": "categorical", "sex": "categorical",
                         "bill": "numeric", "mass": "numeric", "year": "categorical",
                         "colony": "ignore", "note": "ignore", "species": "target"}
    reasons = {c["name"]: c["reason"] for c in ds.columns}
    assert reasons["id"] == "an ID (row numbers)" and reasons["colony"] == "constant"
    assert reasons["note"] == "an ID (all values distinct)"
    assert reasons["year"] == "whole numbers, 3 values"
    info = {c["name"]: c for c in ds.columns}
    assert info["bill"]["missing"] == pytest.approx(12 / 150)   # NA in rows 0, 13, …, 143
    assert info["mass"]["missing"] == pytest.approx(9 / 150)    # "?"
    assert info["sex"]["missing"] == pytest.approx(14 / 150)    # ""
    assert ds.table.names == ["island", "sex", "bill", "mass", "year"]
    assert ds.table.categories[0] == ["Biscoe", "Dream", "Torgersen"]
    assert ds.table.categories[4] == ["2007", "2008", "2009"]
    assert ds.class_names == ["Adelie", "Chinstrap", "Gentoo"] and len(ds) == 150
    assert ds.X.shape == (150, 5)
    assert np.isnan(ds.X[0, 2]) and np.isnan(ds.X[0, 1])  # bill "NA", sex ""


def test_the_target_is_chosen_by_name_and_rows_without_one_are_left_out(tmp_path):
    rows = penguin_rows(60)
    rows[4][1] = "NA"
    ds = load_csv(write_table(tmp_path / "p.csv", rows), target="island")
    assert ds.class_names == ["Biscoe", "Dream", "Torgersen"] and len(ds) == 59
    assert ds.table.dropped_rows == 1
    assert roles(ds)["species"] == "categorical" and roles(ds)["island"] == "target"


def test_chosen_roles_override_the_detected_ones(tmp_path):
    path = write_table(tmp_path / "p.csv", penguin_rows())
    ds = load_csv(path, columns={"year": "ignore", "id": "numeric", "island": "ignore"})
    assert ds.table.names == ["id", "sex", "bill", "mass"]
    info = {c["name"]: c for c in ds.columns}
    assert info["year"]["role"] == "ignore" and info["year"]["detected"] == "categorical"
    assert info["year"]["chosen"] and not info["sex"]["chosen"]


def test_missing_markers_are_configurable(tmp_path):
    rows = penguin_rows(60)
    for r in rows:
        r[2] = "-" if r[2] == "" else r[2]
    path = write_table(tmp_path / "p.csv", rows)
    ds = load_csv(path, missing_values=["-", "NA", "?"])
    info = {c["name"]: c for c in ds.columns}
    assert info["sex"]["missing"] == pytest.approx(6 / 60) and info["sex"]["distinct"] == 2
    plain = load_csv(path, missing_values=["NA", "?"])  # "-" is then a category of its own
    assert plain.table.categories[1] == ["-", "female", "male"]


def test_a_table_of_numbers_keeps_every_column_as_before(tmp_path):
    """No automatic roles in a table of numbers only: an image table keeps its blank pixels."""
    lines = ["a,b,zero,y"] + [f"{i},{(i * 7) % 5},0,{i % 2}" for i in range(40)]
    (tmp_path / "n.csv").write_text("\n".join(lines) + "\n")
    ds = load_csv(tmp_path / "n.csv")
    assert ds.table is None and ds.feature_names == ["a", "b", "zero"]
    assert [c["role"] for c in ds.columns] == ["numeric", "numeric", "numeric", "target"]
    assert ds.columns[1]["low"] == 0 and ds.columns[1]["high"] == 4
    chosen = load_csv(tmp_path / "n.csv", columns={"zero": "ignore", "b": "categorical"})
    assert chosen.table.names == ["a", "b"] and chosen.table.categories[1] == list("01234")


def test_columns_without_a_header_are_named_by_number(tmp_path):
    rows = penguin_rows(60)
    ds = load_csv(write_table(tmp_path / "p.csv", rows, header=None),
                  columns={"column 6": "numeric"})
    assert ds.table.names == ["column 2", "column 3", "column 4", "column 5", "column 6"]
    assert ds.table.roles[-1] == "numeric"


def test_mixed_tables_read_the_same_in_tiny_chunks(tmp_path, monkeypatch):
    path = write_table(tmp_path / "p.csv", penguin_rows(90))
    whole = load_csv(path)
    import core.data.csvchunks
    monkeypatch.setattr(core.data.csvchunks, "CHUNK_BYTES", 64)
    chunked = load_csv(path)
    np.testing.assert_array_equal(whole.X, chunked.X)
    assert whole.y.tolist() == chunked.y.tolist() and repr(whole.columns) == repr(chunked.columns)


def test_a_column_with_too_many_categories_is_refused_by_name(tmp_path, monkeypatch):
    import core.data.mixed_table
    monkeypatch.setattr(core.data.mixed_table, "MAX_ONE_HOT", 20)
    path = write_table(tmp_path / "p.csv", penguin_rows(60))
    with pytest.raises(DataError) as info:
        load_csv(path, columns={"note": "categorical"})
    assert str(info.value) == (f"{path}: column 'note' has 60 distinct values; one-hot "
                               "encoding makes one input per value, at most 20 (mark it "
                               "numeric or ignore)")


def test_every_feature_ignored_is_one_sentence(tmp_path):
    path = write_table(tmp_path / "p.csv", penguin_rows(30))
    with pytest.raises(DataError) as info:
        load_csv(path, columns=dict.fromkeys(HEADER[:-1], "ignore"))
    assert str(info.value) == (f"{path}: every column besides the target is set to ignore; "
                               "expected at least one numeric or categorical column")


@pytest.mark.parametrize("field, value, message", [
    ("columns", {"island": "cat"},
     'data.columns.island: expected "numeric", "categorical" or "ignore", got "cat"'),
    ("columns", ["island"], 'data.columns: expected an object mapping column names to roles '
     '("numeric", "categorical" or "ignore"), got ["island"]'),
    ("missing_values", ["NA", 3], "data.missing_values[1]: expected a text of at most 100 "
     "characters, got 3"),
    ("missing_values", "NA", 'data.missing_values: expected a list of texts that mark a '
     'missing cell, such as ["", "NA", "?"], got "NA"'),
    ("impute", "zero", 'data.impute: expected one of "median", "mean", "drop", got "zero"'),
])
def test_the_data_spec_checks_columns_with_json_paths(field, value, message):
    with pytest.raises(SpecError) as info:
        data_spec.normalize_spec({"source": "csv", "path": "p.csv", field: value})
    assert str(info.value) == message


def test_the_data_spec_records_the_choices(tmp_path):
    norm = data_spec.normalize_spec({"source": "csv", "path": "p.csv",
                                     "columns": {"year": "ignore"}})
    assert norm["columns"] == {"year": "ignore"} and norm["impute"] == "median"
    assert norm["missing_values"] == ["", "NA", "N/A", "NaN", "null", "?"]
    path = write_table(tmp_path / "p.csv", penguin_rows(30))
    with pytest.raises(DataError) as info:
        data_spec.prepare({"source": "csv", "path": str(path), "columns": {"wings": "ignore"}})
    assert str(info.value).startswith(f"data.columns.wings: {path} has no such column; the "
                                      "columns are 'id', 'island', 'sex'")


def test_the_experiment_file_keeps_the_column_choices(tmp_path):
    from core.experiment import default_experiment
    from core.io import experiment_file
    doc = default_experiment()
    doc["data"] = {"source": "csv", "path": "p.csv", "columns": {"island": "categorical",
                                                                  "year": "ignore"},
                   "missing_values": ["", "NA"], "impute": "mean"}
    experiment_file.save(doc, tmp_path / "e.json")
    data = experiment_file.load(tmp_path / "e.json")["data"]
    assert data["columns"] == {"island": "categorical", "year": "ignore"}
    assert data["missing_values"] == ["", "NA"] and data["impute"] == "mean"
    (tmp_path / "bad.json").write_text((tmp_path / "e.json").read_text().replace(
        '"year": "ignore"', '"year": "drop"'))
    with pytest.raises(SpecError) as info:
        experiment_file.load(tmp_path / "bad.json")
    assert 'data.columns.year: expected "numeric", "categorical" or "ignore", got "drop"' \
        in str(info.value)


def test_quoted_categories_with_the_delimiter_inside(tmp_path):
    rows = ['city,size,y'] + [f'"{c}",{i % 7},{i % 2}' for i, c in
                              enumerate(["New York, NY", "Paris", "NA", "Paris"] * 5)]
    (tmp_path / "q.csv").write_text("\n".join(rows) + "\n")
    ds = load_csv(tmp_path / "q.csv")
    assert ds.table.categories[0] == ["New York, NY", "Paris"]
    assert np.isnan(ds.X[2, 0]) and ds.X[:2, 0].tolist() == [0, 1]
    (tmp_path / "r.csv").write_text("\n".join(rows[:5] + ['"Rome",1', *rows[5:]]) + "\n")
    with pytest.raises(DataError) as info:
        load_csv(tmp_path / "r.csv")
    assert str(info.value) == f"{tmp_path / 'r.csv'}: row 6 has 2 cells, expected 3 as in row 1"


def test_rows_of_the_wrong_width_are_found_even_when_they_even_out(tmp_path):
    """One row short and one row long: the cell count of the chunk is right, a row is not."""
    lines = ["a,kind,y"] + [f"{i},{'cat' if i % 2 else 'dog'},{i % 2}" for i in range(12)]
    lines[4], lines[7] = "3,cat", "6,dog,0,extra"
    (tmp_path / "w.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as info:
        load_csv(tmp_path / "w.csv", columns={"a": "numeric"})  # read as mixed columns
    assert str(info.value) == f"{tmp_path / 'w.csv'}: row 5 has 2 cells, expected 3 as in row 1"
