"""File › Open Model…, Export Weights… and Predict on CSV… as a person uses them."""

from __future__ import annotations

import copy
import csv
import subprocess
import sys
import zipfile

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from core import experiment as experiments
from core.backend.devices import get_backend
from core.io import model_file as weights_io
from core.io import model_file_reading, model_file_writing
from core.nn.model import Model
from tests.workbench.waiting import wait_for_data
from workbench.model_actions import NO_MODEL_MESSAGE

CLASSES = ["arm 1", "arm 2", "arm 3"]
MEAN, STD = np.array([0.25, -0.5]), np.array([2.0, 0.5])


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    """Point every QSettings at a temporary folder, so no test touches the user's settings."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))


class Recorder:
    """Stands in for the dialogs and message boxes."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []
        self.model_path = None
        self.export = (None, "")
        self.export_asked = 0
        self.model_asked = 0
        self.answer = QMessageBox.StandardButton.Cancel


@pytest.fixture
def window(qtbot, tmp_path):
    from workbench.main_window import MainWindow
    from workbench.settings import WorkbenchSettings
    win = MainWindow(None, WorkbenchSettings.at(tmp_path / "settings.ini"), restore_layout=False)
    rec = Recorder()
    win.recorder = rec
    win._show_error = lambda title, message: rec.errors.append((title, message))
    win._ask_save_changes = lambda: rec.answer

    def ask_model_path():
        rec.model_asked += 1
        return rec.model_path

    def ask_export_path(suggested):
        rec.export_asked += 1
        return rec.export
    win.model_actions.ask_model_path = ask_model_path
    win.model_actions.ask_export_path = ask_export_path
    qtbot.addWidget(win)
    wait_for_data(win)
    yield win
    win._discarding = True
    win.close()


def saved_experiment() -> dict:
    exp = experiments.default_experiment()
    exp["name"] = "Saved spiral"
    exp["training"]["epochs"] = 17
    exp["optimizer"]["lr"] = 0.003
    return experiments.normalize(exp)


@pytest.fixture
def model_path(tmp_path):
    """A model file from a seeded (untrained) network, as ``train`` would write it."""
    exp = saved_experiment()
    model = Model(exp["model"]["layers"], 2, get_backend("cpu", "float32"), seed=7)
    path = tmp_path / "saved.npz"
    model_file_writing.save_model_npz(path, model, exp, {"mean": MEAN, "std": STD}, CLASSES)
    return path


def open_model(window, path):
    window.recorder.model_path = str(path)
    window.open_model_action.trigger()


def assert_same_state(a: dict, b: dict) -> None:
    assert sorted(a) == sorted(b)
    for name in a:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)


# ---------------------------------------------------------------- Open Model…

def test_open_model_brings_back_experiment_and_weights(window, model_path):
    open_model(window, model_path)
    assert window.recorder.errors == []
    doc = window.document
    assert doc.experiment == saved_experiment()
    assert doc.experiment["training"]["epochs"] == 17
    assert_same_state(doc.init_state, model_file_reading.load_model_file(model_path).state)
    assert not doc.dirty and doc.undo_stack.count() == 0
    assert "Saved spiral" in window.windowTitle()
    assert "saved.npz" in window.statusBar().currentMessage()
    # ready to train: the data of the stored experiment loads and fits the network
    assert window.train_enabled, window.train_disabled_reason


def test_open_model_asks_to_save_unsaved_changes_first(window, model_path):
    window.document.set_section("name", "edited", "rename")
    assert window.document.dirty
    window.recorder.answer = QMessageBox.StandardButton.Cancel
    open_model(window, model_path)
    assert window.recorder.model_asked == 0
    assert window.document.experiment["name"] == "edited"
    assert window.document.init_state is None
    window.recorder.answer = QMessageBox.StandardButton.Discard
    open_model(window, model_path)
    assert window.document.experiment["name"] == "Saved spiral"


def _mismatched(path):
    exp = saved_experiment()          # hidden layers of 32 units...
    layers = copy.deepcopy(exp["model"]["layers"])
    layers[0]["units"] = layers[2]["units"] = 16
    model = Model(layers, 2, get_backend("cpu", "float32"), seed=1)
    model_file_writing.save_model_npz(path, model, exp)  # ...but weights of 16
    return ("0.weight has shape (16, 2), expected (32, 2)", "0.bias", "2.weight", "4.weight")


def _object_array(path):
    np.savez(path, **{"0.weight": np.array([{"a": 1}, None], dtype=object)})
    return ("Python objects",)


def _truncated(path, model_path):
    data = model_path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return ("truncated",)


def _weights_only(path):
    np.savez(path, **{"0.weight": np.zeros((32, 2), np.float32)})
    return ("weights only",)


@pytest.mark.parametrize("make", [_mismatched, _object_array, _truncated, _weights_only])
def test_a_bad_model_file_gives_one_message_and_keeps_the_experiment(window, model_path,
                                                                     tmp_path, make):
    window.document.set_section("name", "mine", "rename")
    window.recorder.answer = QMessageBox.StandardButton.Discard
    before = copy.deepcopy(window.document.experiment)
    bad = tmp_path / "bad.npz"
    expected = make(bad, model_path) if make is _truncated else make(bad)
    open_model(window, bad)
    assert len(window.recorder.errors) == 1
    title, message = window.recorder.errors[0]
    assert title == "Cannot open the model"
    assert str(bad) in message
    for part in expected:
        assert part in message, message
    assert window.document.experiment == before
    assert window.document.dirty and window.document.init_state is None


def test_init_state_belongs_to_the_layers_it_was_opened_with(window, model_path):
    open_model(window, model_path)
    doc = window.document
    layers = copy.deepcopy(doc.layers)
    layers[0]["units"] = 8
    doc.set_layers(layers, "narrower")
    assert doc.init_state is None                      # the weights no longer fit
    window.undo_action.trigger()
    assert doc.init_state is not None                  # undo brings them back
    doc.set_section("optimizer", dict(doc.experiment["optimizer"], lr=0.5), "faster")
    assert doc.init_state is not None                  # other sections do not matter
    window.new_action.trigger()                        # "save changes?" cancelled
    assert doc.init_state is not None
    window.recorder.answer = QMessageBox.StandardButton.Discard
    window.new_action.trigger()
    assert doc.init_state is None


# ---------------------------------------------------------------- Export Weights…

def test_export_with_nothing_trained_says_train_first(window):
    window.export_weights_action.trigger()
    assert window.recorder.export_asked == 0
    assert len(window.recorder.errors) == 1
    assert window.recorder.errors[0][1] == NO_MODEL_MESSAGE


@pytest.mark.parametrize("fmt, file_type", [
    ("npz", "NumPy model (*.npz)"), ("safetensors", "safetensors (*.safetensors)")])
def test_exported_weights_reopen_with_the_same_weights(window, model_path, tmp_path, fmt,
                                                       file_type):
    open_model(window, model_path)
    original = model_file_reading.load_model_file(model_path)
    window.recorder.export = (str(tmp_path / "exported"), file_type)  # suffix from the type
    window.export_weights_action.trigger()
    assert window.recorder.errors == []
    out = tmp_path / f"exported.{fmt}"
    assert out.is_file() and not list(tmp_path.glob("*.tmp"))
    back = model_file_reading.load_model_file(out)
    assert_same_state(back.state, original.state)
    assert back.class_names == CLASSES
    np.testing.assert_allclose(back.preprocess["mean"], MEAN)
    np.testing.assert_allclose(back.preprocess["std"], STD)
    window.document.set_section("name", "changed", "rename")
    window.recorder.answer = QMessageBox.StandardButton.Discard
    open_model(window, out)
    assert window.recorder.errors == []
    assert window.document.experiment == saved_experiment()
    assert_same_state(window.document.init_state, original.state)


def test_export_onnx_passes_the_checker(window, model_path, tmp_path):
    onnx = pytest.importorskip("onnx")
    open_model(window, model_path)
    window.recorder.export = (str(tmp_path / "net.onnx"), "NumPy model (*.npz)")  # suffix wins
    window.export_weights_action.trigger()
    assert window.recorder.errors == []
    proto = onnx.load(str(tmp_path / "net.onnx"))
    onnx.checker.check_model(proto, full_check=True)
    assert {i.name for i in proto.graph.initializer} >= {"0.weight", "4.bias"}
    ort = pytest.importorskip("onnxruntime")
    X = np.random.default_rng(0).normal(size=(7, 2)).astype(np.float32)
    session = ort.InferenceSession(str(tmp_path / "net.onnx"))
    got = session.run(None, {session.get_inputs()[0].name: X})[0]
    want = weights_io.predict(model_file_reading.load_model_file(model_path), X)
    np.testing.assert_allclose(got, want, atol=1e-5)


def test_export_numpy_script_runs_on_a_csv(window, model_path, tmp_path):
    open_model(window, model_path)
    window.recorder.export = (str(tmp_path / "predict"), "NumPy inference script (*.py)")
    window.export_weights_action.trigger()
    assert window.recorder.errors == []
    script, weights = tmp_path / "predict.py", tmp_path / "predict_weights.npz"
    assert script.is_file() and weights.is_file()
    X = np.random.default_rng(1).normal(size=(6, 2))
    np.savetxt(tmp_path / "x.csv", X, delimiter=",")
    out = subprocess.run([sys.executable, str(script), str(tmp_path / "x.csv")],
                         capture_output=True, text=True, check=True).stdout
    rows = list(csv.reader(out.splitlines()))
    assert rows[0] == [f"p_{c}" for c in CLASSES]
    want = weights_io.predict(model_file_reading.load_model_file(model_path), X)
    np.testing.assert_allclose(np.array(rows[1:], float), want, rtol=1e-5, atol=1e-6)


def test_ctrl_e_exports(window, model_path, tmp_path, qtbot):
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    open_model(window, model_path)
    window.recorder.export = (str(tmp_path / "keys.safetensors"), "NumPy model (*.npz)")
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.recorder.export_asked == 1
    assert (tmp_path / "keys.safetensors").is_file()
    assert "keys.safetensors" in window.statusBar().currentMessage()


def test_an_unwritable_export_gives_one_message(window, model_path, tmp_path):
    open_model(window, model_path)
    window.recorder.export = (str(tmp_path / "no" / "such" / "folder" / "m.npz"), "")
    window.export_weights_action.trigger()
    assert len(window.recorder.errors) == 1
    assert "m.npz" in window.recorder.errors[0][1]


def test_after_training_export_holds_the_runs_weights(window, tmp_path):
    view = window.training_view
    assert view is not None, "the Train tab must hold the live training view"
    doc = window.document
    small = copy.deepcopy(doc.experiment)
    small["data"]["samples"] = 120
    doc.edit("smaller data", small)
    wait_for_data(window)
    assert view.train_for_epochs(1, timeout_s=60)
    window.recorder.export = (str(tmp_path / "trained.npz"), "")
    window.export_weights_action.trigger()
    assert window.recorder.errors == []
    back = model_file_reading.load_model_file(tmp_path / "trained.npz")
    assert_same_state(back.state, view.run.weights)
    assert not np.array_equal(back.state["0.weight"], view.run.initial_weights["0.weight"])
    assert back.class_names == list(view.run.info.class_names)
    np.testing.assert_allclose(back.preprocess["mean"],
                               view.run.info.prepared.standardizer.mean)
    assert back.experiment["data"]["samples"] == 120


def test_the_train_tabs_own_model_is_preferred_when_it_offers_one(window, model_path,
                                                                  tmp_path, monkeypatch):
    view = window.training_view
    assert view is not None, "the Train tab must hold the live training view"
    offered = model_file_reading.load_model_file(model_path)
    offered.source = "the view's model"
    monkeypatch.setattr(view, "current_model_file", lambda: offered)
    window.recorder.export = (str(tmp_path / "from_view.npz"), "")
    window.export_weights_action.trigger()
    assert window.recorder.errors == []
    assert_same_state(model_file_reading.load_model_file(tmp_path / "from_view.npz").state,
                      offered.state)


# ---------------------------------------------------------------- Predict on CSV…

def write_inputs(path, n=40, seed=2):
    X = np.random.default_rng(seed).normal(size=(n, 2))
    y = np.arange(n) % 3
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["label", "x2", "x1"])          # target first, features out of order
        for (a, b), t in zip(X, y):
            w.writerow([t, b, a])
    return X


def test_predict_dialog_shows_rows_and_saves_probabilities(window, model_path, tmp_path, qtbot):
    open_model(window, model_path)
    window.predict_action.trigger()
    dialog = window.model_actions.predict_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.save_button.isEnabled()
    X = write_inputs(tmp_path / "inputs.csv")
    dialog.ask_csv_path = lambda: str(tmp_path / "inputs.csv")
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert window.recorder.errors == []
    model = dialog.table_model
    # the inputs of each row (in the network's order) beside what the network made of them
    assert model.rowCount() == 40 and model.columnCount() == 6
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["x1", "x2", "P(arm 1)", "P(arm 2)", "P(arm 3)", "predicted"]
    for row in (0, 17, 39):
        assert model.data(model.index(row, 0)) == f"{X[row, 0]:.6g}"
        assert model.data(model.index(row, 1)) == f"{X[row, 1]:.6g}"
    assert "'label' ignored" in dialog.info_label.text()
    dialog.grab().save(str(tmp_path / "predict_dialog.png"))

    dialog.ask_save_path = lambda suggested: str(tmp_path / "out")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with open(tmp_path / "out.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [f"p_{c}" for c in CLASSES] + ["predicted"]
    probs = np.array([r[:3] for r in rows[1:]], float)
    assert probs.shape == (40, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-6)
    want = weights_io.predict(model_file_reading.load_model_file(model_path), X)  # columns reordered
    np.testing.assert_allclose(probs, want, rtol=1e-6, atol=1e-7)
    assert [r[3] for r in rows[1:]] == [CLASSES[i] for i in want.argmax(axis=1)]
    assert model.data(model.index(0, 5)) == rows[1][3]
    assert float(model.data(model.index(0, 2))) == pytest.approx(probs[0, 0], abs=1e-4)


def test_predict_on_a_bad_csv_shows_one_message(window, model_path, tmp_path, qtbot):
    open_model(window, model_path)
    window.predict_action.trigger()
    dialog = window.model_actions.predict_dialog
    (tmp_path / "wide.csv").write_text("1,2,3,4\n5,6,7,8\n")
    dialog.ask_csv_path = lambda: str(tmp_path / "wide.csv")
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert len(window.recorder.errors) == 1
    assert "has 4 columns, expected 2" in window.recorder.errors[0][1]
    assert dialog.table_model.rowCount() == 0 and not dialog.save_button.isEnabled()


def test_predict_without_a_model_says_train_first(window):
    window.predict_action.trigger()
    assert window.model_actions.predict_dialog is None
    assert window.recorder.errors[0][1] == NO_MODEL_MESSAGE


def test_binary_sigmoid_output_gives_two_probabilities():
    from core.training.predictions import predictions_of
    exp = experiments.default_experiment()
    exp["model"]["layers"] = [{"type": "dense", "units": 1}, {"type": "sigmoid"}]
    exp["loss"] = {"type": "binary_cross_entropy"}
    mf = weights_io.ModelFile({}, experiments.normalize(exp), None, ["no", "yes"])
    p = predictions_of(mf, np.array([[0.2], [0.9]]))
    np.testing.assert_allclose(p.values, [[0.8, 0.2], [0.1, 0.9]])
    assert p.labels == ["no", "yes"]
    assert p.to_csv().splitlines()[0] == "p_no,p_yes,predicted"


# ---------------------------------------------------------------- the menu

def test_file_menu_offers_the_model_actions(window, tmp_path):
    file_menu = window.menuBar().actions()[0].menu()
    items = [a.text().replace("&", "") for a in file_menu.actions() if a.text()]
    assert items[:3] == ["New", "Open…", "Open Model…"]
    assert items.index("Save As…") < items.index("Export Weights…") \
        < items.index("Predict on CSV…") < items.index("Quit")
    assert window.export_weights_action.shortcut().toString() == "Ctrl+E"
    assert window.export_weights_action.statusTip()
    file_menu.adjustSize()
    file_menu.grab().save(str(tmp_path / "file_menu.png"))


def test_export_target_takes_the_suffix_else_the_file_type(tmp_path):
    from workbench.model_actions import export_target
    assert export_target(tmp_path / "a.onnx", "NumPy model (*.npz)") == (tmp_path / "a.onnx",
                                                                          "onnx")
    assert export_target(tmp_path / "a", "ONNX (*.onnx)") == (tmp_path / "a.onnx", "onnx")
    assert export_target(tmp_path / "a.v2", "") == (tmp_path / "a.v2.npz", "npz")
    assert export_target(tmp_path / "A.SAFETENSORS")[1] == "safetensors"


def test_exported_npz_is_a_plain_zip_of_arrays(window, model_path, tmp_path):
    open_model(window, model_path)
    window.recorder.export = (str(tmp_path / "plain.npz"), "")
    window.export_weights_action.trigger()
    with zipfile.ZipFile(tmp_path / "plain.npz") as z:
        names = set(z.namelist())
    assert {"0.weight.npy", "experiment.npy", "classes.npy", "preprocess.mean.npy"} <= names
    with np.load(tmp_path / "plain.npz", allow_pickle=False) as data:  # no pickles inside
        assert data["0.weight"].shape == (32, 2)


def test_predict_on_a_csv_with_an_oversized_cell_is_one_sentence(window, model_path, tmp_path,
                                                                  qtbot):
    open_model(window, model_path)
    window.predict_action.trigger()
    dialog = window.model_actions.predict_dialog
    huge = tmp_path / "huge_cell.csv"
    huge.write_text('x1,x2\n"1' + "0" * 300_000 + '",2\n3,4\n', encoding="utf-8")
    dialog.ask_csv_path = lambda: str(huge)
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert len(window.recorder.errors) == 1
    title, message = window.recorder.errors[0]
    assert title == "Cannot predict"
    assert "huge_cell.csv" in message and "\n" not in message and "Traceback" not in message
    assert dialog.table_model.rowCount() == 0 and not dialog.save_button.isEnabled()
