"""The numbers behind the Data panel's per-column sparklines: histograms and top categories."""

from __future__ import annotations

import numpy as np

from core.data import spec as data_spec
from core.data.column_profile import categories, histogram


def test_a_histogram_counts_the_finite_values_in_twelve_equal_bins():
    values = np.array([0.0, 0.5, 1.0, 5.9, 6.0, 11.99, 12.0, np.nan, np.inf])
    got = histogram(values)
    assert got == {"kind": "histogram", "counts": [2, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 2],
                   "low": 0.0, "high": 12.0}
    assert histogram(np.array([3.0, 3.0]))["counts"] == [0] * 6 + [2] + [0] * 5
    assert histogram(np.array([np.nan])) is None


def test_the_top_five_categories_then_the_rest_as_one_bar():
    keys = ["a", "b", "c", "d", "e", "f", "g"]
    codes = np.array([0, 1, 1, 2, 2, 2, 3, 4, 5, 6, 6, 6, 6, np.nan])
    got = categories(codes, keys)
    assert got == {"kind": "categories", "counts": [4, 3, 2, 1, 1, 2],
                   "labels": ["g", "c", "b", "a", "d", "other (2)"]}
    assert categories(np.array([np.nan]), ["a"]) is None


def test_a_mixed_table_carries_each_columns_profile(tmp_path):
    rows = ["size,colour,label"]
    sizes = [1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 13]
    colours = ["red"] * 5 + ["blue"] * 4 + ["green", "NA", "pink"]
    for k, (s, c) in enumerate(zip(sizes, colours)):
        rows.append(f"{s if k != 3 else 'NA'},{c},{'yes' if k % 3 else 'no'}")
    path = tmp_path / "t.csv"
    path.write_text("\n".join(rows) + "\n")
    summary = data_spec.prepare({"source": "csv", "path": str(path), "seed": 1}).summary
    profiles = {c["name"]: c["profile"] for c in summary["columns"]}
    assert profiles["size"] == {"kind": "histogram",
                                "counts": [1, 2, 2, 4, 1, 0, 0, 0, 0, 0, 0, 1],
                                "low": 1.0, "high": 13.0}
    assert profiles["colour"] == {"kind": "categories", "counts": [5, 4, 1, 1],
                                  "labels": ["red", "blue", "green", "pink"]}
    assert profiles["label"] == {"kind": "categories", "counts": [8, 4],
                                 "labels": ["yes", "no"]}


def test_a_table_of_numbers_only_carries_histograms_and_class_counts(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("x,y\n" + "".join(f"{v},{v % 2}\n" for v in range(24)))
    summary = data_spec.prepare({"source": "csv", "path": str(path), "seed": 1,
                                 "task": "classification"}).summary
    profiles = {c["name"]: c["profile"] for c in summary["columns"]}
    assert profiles["x"]["counts"] == [2] * 12
    assert profiles["y"] == {"kind": "categories", "counts": [12, 12], "labels": ["0", "1"]}
