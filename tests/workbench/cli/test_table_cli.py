"""A table with text categories and gaps trains untouched and predicts on raw rows."""

import json

import numpy as np

from core.experiment import default_experiment
from tests.core.data.table_files import penguin_rows, write_table
from tests.workbench.cli.test_cli import cli, summary

NEW_ROWS = ("island,sex,bill,mass,year,note,id,colony\n"      # columns in another order
            "Biscoe,male,38.2,3550,2008,a,1,Palmer\n"
            "Atlantis,,NA,?,2010,b,2,Palmer\n"
            "Torgersen,female,50.3,4350,2007,c,3,Palmer\n")


def test_a_real_table_trains_untouched_and_predicts_on_raw_rows(tmp_path):
    data = write_table(tmp_path / "penguins.csv", penguin_rows(300, seed=1))
    exp = default_experiment()
    exp["data"] = {"source": "csv", "path": str(data)}
    (tmp_path / "e.json").write_text(json.dumps(exp))
    done = cli("train", tmp_path / "e.json", "--out", tmp_path / "run", "--quiet")
    assert done.returncode == 0, done.stderr
    assert summary(done)["val_accuracy"] >= 0.9
    (tmp_path / "new.csv").write_text(NEW_ROWS)
    done = cli("predict", tmp_path / "run" / "model.npz", tmp_path / "new.csv")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ("warning: 2 cells held a category not seen in training (island "
                           "'Atlantis', year '2010'), encoded as all zeros; 2 missing numbers "
                           "were filled in as in training.\n")
    lines = done.stdout.splitlines()
    assert lines[0] == "p_Adelie,p_Chinstrap,p_Gentoo,predicted" and len(lines) == 4
    assert lines[1].endswith(",Adelie") and lines[3].endswith(",Gentoo")
    probs = np.array([[float(v) for v in line.split(",")[:3]] for line in lines[1:]])
    np.testing.assert_allclose(probs.sum(axis=1), 1, rtol=1e-5)


def test_a_table_model_refuses_a_file_without_its_columns(tmp_path):
    data = write_table(tmp_path / "penguins.csv", penguin_rows(60))
    exp = default_experiment()
    exp["data"] = {"source": "csv", "path": str(data), "columns": {"year": "ignore"}}
    (tmp_path / "e.json").write_text(json.dumps(exp))
    assert cli("train", tmp_path / "e.json", "--out", tmp_path / "run", "--quiet",
               "--epochs", "1").returncode == 0
    (tmp_path / "new.csv").write_text("island,bill\nBiscoe,40\n")
    done = cli("predict", tmp_path / "run" / "model.npz", tmp_path / "new.csv")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "has no column 'sex', 'mass'" in done.stderr
