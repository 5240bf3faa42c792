"""ExperimentDocument: snapshot undo/redo, validation before any change, dirty flag."""

from __future__ import annotations

import copy

import pytest

from core import experiment as experiments
from core.errors import SpecError
from core.io import experiment_file
from workbench.document import ExperimentDocument


def layers_of(doc):
    return doc.experiment["model"]["layers"]


def test_edit_undo_redo_restore_snapshots(qtbot):
    doc = ExperimentDocument()
    before = copy.deepcopy(doc.experiment)
    new = copy.deepcopy(doc.experiment)
    new["model"]["layers"][0]["units"] = 7
    with qtbot.waitSignal(doc.changed):
        doc.edit("set units", new)
    assert layers_of(doc)[0]["units"] == 7
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "set units"
    with qtbot.waitSignal(doc.changed):
        doc.undo_stack.undo()
    assert doc.experiment == before
    with qtbot.waitSignal(doc.changed):
        doc.undo_stack.redo()
    assert layers_of(doc)[0]["units"] == 7


def test_edit_normalizes_and_fills_defaults(qtbot):
    doc = ExperimentDocument()
    doc.set_layers([{"type": "linear", "units": 3}], "one layer")
    assert layers_of(doc) == [{"type": "dense", "units": 3, "bias": True,
                               "init": "torch_default"}]


def test_invalid_edit_is_rejected_and_document_unchanged(qtbot):
    doc = ExperimentDocument()
    before = copy.deepcopy(doc.experiment)
    changes = []
    doc.changed.connect(lambda: changes.append(1))
    bad = copy.deepcopy(doc.experiment)
    bad["model"]["layers"][0]["units"] = -4
    with pytest.raises(SpecError, match=r"model\.layers\[0\]\.units"):
        doc.edit("bad units", bad)
    with pytest.raises(SpecError, match="at least one layer"):
        doc.set_layers([], "remove everything")
    with pytest.raises(SpecError, match="optimizer"):
        doc.set_section("optimizer", {"type": "adam", "lr": 0}, "zero lr")
    assert doc.experiment == before
    assert changes == []
    assert doc.undo_stack.count() == 0
    assert not doc.dirty


def test_edit_does_not_alias_the_callers_dict(qtbot):
    doc = ExperimentDocument()
    new = copy.deepcopy(doc.experiment)
    doc.edit("same", new)  # no change: no undo step
    assert doc.undo_stack.count() == 0
    new["model"]["layers"][0]["units"] = 5
    doc.edit("units", new)
    new["model"]["layers"][0]["units"] = 99  # mutating the caller's dict afterwards
    assert layers_of(doc)[0]["units"] == 5


def test_dirty_flag_follows_undo_stack_and_saving(qtbot, tmp_path):
    doc = ExperimentDocument()
    seen = []
    doc.dirty_changed.connect(seen.append)
    assert not doc.dirty
    doc.set_section("loss", {"type": "mse"}, "use MSE")
    assert doc.dirty and seen == [True]
    doc.undo_stack.undo()
    assert not doc.dirty and seen == [True, False]
    doc.undo_stack.redo()
    assert doc.dirty
    path = tmp_path / "run.json"
    experiment_file.save(doc.experiment, path)
    with qtbot.waitSignal(doc.path_changed):
        doc.mark_saved(path)
    assert not doc.dirty
    assert doc.path == path and doc.base_dir == tmp_path
    doc.undo_stack.undo()  # back past the saved state: differs from the file again
    assert doc.dirty


def test_replace_clears_history_and_sets_path(qtbot, tmp_path):
    doc = ExperimentDocument()
    doc.set_section("loss", {"type": "mse"}, "use MSE")
    other = experiments.default_experiment()
    other["name"] = "other"
    with qtbot.waitSignal(doc.changed):
        doc.replace(other, tmp_path / "other.json")
    assert doc.experiment["name"] == "other"
    assert doc.undo_stack.count() == 0 and not doc.dirty
    assert doc.path == tmp_path / "other.json"
    with pytest.raises(SpecError):
        doc.replace({"format": 1})
    assert doc.experiment["name"] == "other"


def test_file_stems_are_clean():
    from workbench.document import file_stem
    assert file_stem("Spiral (3 classes)") == "spiral_3_classes"
    assert file_stem("Handwritten digits (8×8)") == "handwritten_digits_8_8"
    assert file_stem("  --  ") == "experiment" and file_stem(None, "model") == "model"
    assert file_stem("Spiral \ud800 study") == "spiral_study"
    assert file_stem("螺旋 数据") == "螺旋_数据"
    assert len(file_stem("x" * 500)) == 60


def test_the_name_follows_the_data_it_describes():
    from workbench.document import data_name, name_after_data_edit
    exp = experiments.default_experiment()
    spiral5 = dict(exp["data"], classes=5)
    assert data_name(exp["data"]) == "Spiral (3 classes)"
    assert name_after_data_edit(exp, spiral5) == "Spiral (5 classes)"
    assert name_after_data_edit(exp, dict(exp["data"], samples=900)) == "Spiral (3 classes)"
    own = dict(exp, name="My study")
    assert name_after_data_edit(own, spiral5) == "My study"
    csv = {"source": "csv", "path": "/data/churn_2024.csv", "target": None, "task": "auto",
           "header": "auto", "test_fraction": 0.2, "standardize": True, "seed": 0}
    assert name_after_data_edit(own, csv) == "churn_2024"
    assert name_after_data_edit({k: v for k, v in exp.items() if k != "name"}, csv) is None


def test_savable_text_replaces_lone_surrogates_and_says_where():
    from workbench.document import savable_text
    exp = experiments.default_experiment()
    assert savable_text(exp) == (exp, [])
    odd = dict(exp, name="a\ud800b", description="fine")
    fixed, where = savable_text(odd)
    assert fixed["name"] == "a\ufffdb" and fixed["description"] == "fine"
    assert where == ["name"]
    assert odd["name"] == "a\ud800b"  # the input is left alone
