"""ExperimentDocument: snapshot undo/redo, validation before any change, dirty flag."""

from __future__ import annotations

import copy

import pytest

from core import experiment as experiments
from core.errors import SpecError
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
    experiments.save(doc.experiment, path)
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
