"""The data and training panels, used through their controls, inside the main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from core import experiment as experiments
from core.io import experiment_file
from tests.workbench.waiting import wait_for_data


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    folder = tmp_path / "qsettings"
    folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))


@pytest.fixture
def window(qtbot, tmp_path):
    from workbench.main_window import MainWindow
    from workbench.settings import WorkbenchSettings
    win = MainWindow(settings=WorkbenchSettings.at(tmp_path / "settings.ini"),
                     restore_layout=False)
    win.errors = []
    win._show_error = lambda title, message: win.errors.append(message)
    win._ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    win.dataset_panel.errors = []
    win.dataset_panel._show_error_box = lambda message: win.dataset_panel.errors.append(message)
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    wait_for_data(win)
    return win


def choose(combo, data, role=Qt.ItemDataRole.UserRole):
    """Pick the item whose data is ``data`` as a user does: select it, then 'activated'."""
    index = next(i for i in range(combo.count()) if combo.itemData(i, role) == data)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    wait_for_data(combo)  # the data loads in the background


def type_into(qtbot, widget, text: str) -> None:
    """Replace a spin box's or line edit's text and press Enter."""
    widget.setFocus()
    line = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    if hasattr(widget.window(), "dataset_panel"):
        wait_for_data(widget)


# ------------------------------------------------------------------ data panel

def test_sources_are_grouped_synthetic_bundled_file(window):
    combo = window.dataset_panel.source_combo
    texts = [combo.itemText(i).strip() for i in range(combo.count())]
    assert texts[0] == "Synthetic"
    assert texts.index("Synthetic") < texts.index("Bundled") < texts.index("File")
    model = combo.model()
    headers = [i for i in range(combo.count()) if not model.item(i).isEnabled()]
    assert [texts[i] for i in headers] == ["Synthetic", "Bundled", "File"]
    assert "Spiral" in texts and "Handwritten digits" in texts and "CSV file" in texts


def test_choosing_a_source_and_typing_samples_updates_document_and_designer(window, qtbot):
    panel = window.dataset_panel
    choose(panel.source_combo, "moons")
    data = window.document.experiment["data"]
    assert data["source"] == "moons"
    assert data["test_fraction"] == 0.2  # the common fields are kept
    assert window.designer.context == (2, 2, "classification")
    type_into(qtbot, panel.source_form.widget("samples"), "800")
    assert window.document.experiment["data"]["samples"] == 800
    assert "800 samples" in panel.summary_label.text()
    assert panel.preview_stack.currentWidget() is panel.scatter
    assert window.document.undo_stack.count() == 2

    choose(panel.source_combo, "gauss")
    type_into(qtbot, panel.source_form.widget("classes"), "5")
    assert window.designer.context == (2, 5, "classification")
    assert not window.train_enabled  # the default network has 3 outputs
    assert "5 classes" in window.train_disabled_reason

    window.undo_action.trigger()
    assert window.designer.context == (2, 2, "classification")  # back to gauss' 2 classes
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.document.experiment["data"]["source"] == "moons"
    assert panel.source_combo.currentData(Qt.ItemDataRole.UserRole) == "moons"


def test_digits_preview_shows_images(window):
    panel = window.dataset_panel
    choose(panel.source_combo, "digits")
    assert window.designer.context == (64, 10, "classification")
    assert panel.preview_stack.currentWidget() is panel.images
    assert not panel.images.pixmap().isNull()
    assert "1797 samples" in panel.summary_label.text()
    assert window.training_panel.mode_explanation.text().count("1438 training samples") == 1


def test_table_preview_for_many_features(window):
    panel = window.dataset_panel
    choose(panel.source_combo, "wine")
    assert panel.preview_stack.currentWidget() is panel.table
    cells = {panel.table.item(r, 0).text().strip(): panel.table.item(r, 1).text()
             for r in range(panel.table.rowCount())}
    assert cells["Rows"] == "178" and cells["Features"] == "13"
    assert cells["class_0"] == "59"


def test_regression_source_sets_the_task(window):
    choose(window.dataset_panel.source_combo, "sine")
    assert window.designer.context == (1, 1, "regression")
    assert window.dataset_panel.preview_stack.currentWidget() is window.dataset_panel.scatter


def test_validation_fraction_is_an_edit(window, qtbot):
    panel = window.dataset_panel
    type_into(qtbot, panel.common_form.widget("test_fraction"), "0.5")
    assert window.document.experiment["data"]["test_fraction"] == 0.5
    assert "300 training, 300 validation" in panel.summary_label.text()


@pytest.fixture
def people_csv(tmp_path):
    path = tmp_path / "people.csv"
    rows = ["height,weight,age,buys"]
    for i in range(60):
        rows.append(f"{150 + i},{50 + (i * 7) % 40},{20 + i % 30},{1 if i % 3 else 0}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_open_csv_pick_target_and_task(window, qtbot, people_csv):
    panel = window.dataset_panel
    panel._ask_data_path = lambda: str(people_csv)
    choose(panel.source_combo, "csv")  # asks for the file straight away
    data = window.document.experiment["data"]
    assert data["source"] == "csv" and data["path"] == str(people_csv.resolve())
    assert data["target"] is None
    assert window.designer.context == (3, 2, "classification")
    assert panel.file_box.isVisible()
    names = [panel.target_combo.itemText(i) for i in range(panel.target_combo.count())]
    assert names == ["last column (buys)", "height", "weight", "age", "buys"]

    choose(panel.target_combo, '"age"')
    assert panel.errors == []
    assert window.document.experiment["data"]["target"] == "age"
    choose(panel.task_combo, "regression")
    assert window.document.experiment["data"]["task"] == "regression"
    assert window.designer.context[2] == "regression"
    assert panel.errors == []


def test_choosing_csv_in_the_source_list_opens_a_file(window, people_csv):
    panel = window.dataset_panel
    panel._ask_data_path = lambda: None  # cancelled: nothing changes
    choose(panel.source_combo, "csv")
    assert window.document.experiment["data"]["source"] == "spiral"
    assert panel.source_combo.currentData(Qt.ItemDataRole.UserRole) == "spiral"
    panel._ask_data_path = lambda: str(people_csv)
    choose(panel.source_combo, "csv")
    assert window.document.experiment["data"]["source"] == "csv"


def test_bad_csv_gives_a_message_and_leaves_the_document(window, tmp_path):
    bad = tmp_path / "ragged.csv"
    bad.write_text("a,b,label\n1,2,x\n3,4\n5,6,y\n", encoding="utf-8")
    panel = window.dataset_panel
    before = window.document.experiment
    panel._ask_data_path = lambda: str(bad)
    panel.choose_file()
    wait_for_data(panel)
    assert len(panel.errors) == 1
    assert "ragged.csv" in panel.errors[0] and "Traceback" not in panel.errors[0]
    assert window.document.experiment is before
    assert window.document.undo_stack.count() == 0
    assert panel.source_combo.currentData(Qt.ItemDataRole.UserRole) == "spiral"


def test_experiment_with_a_missing_data_file_disables_training(window, tmp_path):
    exp = experiments.default_experiment()
    exp["data"] = {"source": "csv", "path": str(tmp_path / "gone.csv")}
    path = tmp_path / "missing.json"
    experiment_file.save(exp, path)
    assert window.open_file(path)
    wait_for_data(window)
    assert not window.train_enabled
    assert "gone.csv" in window.train_disabled_reason
    assert window.dataset_panel.error_label.isVisibleTo(window.dataset_panel)


# ------------------------------------------------------------------ training panel

def test_gradient_descent_radio_buttons_set_the_batch_size(window, qtbot):
    window.settings_tabs.setCurrentIndex(1)  # the Training tab
    panel = window.training_panel
    buttons = panel.mode_buttons
    training = lambda: window.document.experiment["training"]  # noqa: E731
    assert buttons["minibatch"].isChecked() and training()["batch_size"] == 32

    qtbot.mouseClick(buttons["batch"], Qt.MouseButton.LeftButton)
    assert training()["batch_size"] == "full"
    assert not panel.batch_size_spin.isEnabled()
    assert "every training sample" in panel.mode_explanation.text()
    assert "1 iteration per epoch" in panel.mode_explanation.text()

    qtbot.mouseClick(buttons["stochastic"], Qt.MouseButton.LeftButton)
    assert training()["batch_size"] == 1
    assert "480 iterations per epoch" in panel.mode_explanation.text()

    qtbot.mouseClick(buttons["minibatch"], Qt.MouseButton.LeftButton)
    assert training()["batch_size"] == 32  # the last mini-batch size comes back
    type_into(qtbot, panel.batch_size_spin, "64")
    assert training()["batch_size"] == 64
    assert "8 iterations per epoch" in panel.mode_explanation.text()
    for button in buttons.values():
        assert button.toolTip()  # the primer's explanation

    window.undo_action.trigger()
    assert training()["batch_size"] == 32 and buttons["minibatch"].isChecked()
    window.undo_action.trigger()
    assert training()["batch_size"] == 1 and buttons["stochastic"].isChecked()


def test_gpu_item_is_disabled_with_the_reason(qtbot, monkeypatch, document):
    from workbench.panels import training_panel
    monkeypatch.setenv("NNWB_DISABLE_GPU", "1")
    training_panel.device_status.cache_clear()
    try:
        panel = training_panel.TrainingPanel(document)
        qtbot.addWidget(panel)
        combo = panel.backend_combo
        assert [combo.itemData(i) for i in range(combo.count())] == ["auto", "cpu", "gpu"]
        assert not combo.model().item(2).isEnabled()
        assert combo.model().item(1).isEnabled()
        reason = combo.itemData(2, Qt.ItemDataRole.ToolTipRole)
        assert "NNWB_DISABLE_GPU" in reason
        from core.backend.devices import describe_cpu
        assert panel.device_label.text() == (f"{describe_cpu()}\nGPU unavailable: the GPU is "
                                             "disabled by the NNWB_DISABLE_GPU environment "
                                             "variable")
    finally:
        training_panel.device_status.cache_clear()


def test_gpu_unavailable_here_blocks_training_on_gpu(window):
    from core.backend.devices import gpu_status
    if gpu_status()[0] is not None:
        pytest.skip("a GPU answers on this machine")
    training = dict(window.document.experiment["training"], backend="gpu")
    window.document.set_section("training", training)
    assert not window.train_enabled
    assert "GPU backend is not available" in window.train_disabled_reason


def test_choosing_an_optimizer_and_its_learning_rate(window, qtbot):
    panel = window.training_panel
    choose(panel.optimizer_section.combo, "sgd")
    assert window.document.experiment["optimizer"]["type"] == "sgd"
    form = panel.optimizer_section.form
    assert set(form.values()) >= {"lr", "momentum", "nesterov"}
    type_into(qtbot, form.widget("lr"), "3e-3")
    assert window.document.experiment["optimizer"]["lr"] == pytest.approx(0.003)
    window.undo_action.trigger()
    assert window.document.experiment["optimizer"]["lr"] != pytest.approx(0.003)


def test_loss_and_schedule_choices_are_edits(window, qtbot):
    panel = window.training_panel
    choose(panel.loss_section.combo, "mse")
    assert window.document.experiment["loss"] == {"type": "mse"}
    choose(panel.schedule_section.combo, "step")
    form = panel.schedule_section.form
    type_into(qtbot, form.widget("step_size"), "25")
    assert window.document.experiment["schedule"]["step_size"] == 25
    assert window.document.undo_stack.count() == 3


def test_training_fields_are_edits(window, qtbot):
    window.settings_tabs.setCurrentIndex(1)
    form = window.training_panel.training_form
    type_into(qtbot, form.widget("epochs"), "75")
    type_into(qtbot, form.widget("l2"), "1e-4")
    type_into(qtbot, form.widget("early_stopping"), "10")
    form.widget("restore_best").setFocus()
    qtbot.keyClick(form.widget("restore_best"), Qt.Key.Key_Space)
    training = window.document.experiment["training"]
    assert training["epochs"] == 75
    assert training["l2"] == pytest.approx(1e-4)
    assert training["early_stopping"] == 10
    assert training["restore_best"] is False
    choose(window.training_panel.dtype_combo, "float64")
    assert window.document.experiment["training"]["dtype"] == "float64"


def test_an_out_of_range_penalty_is_refused_with_a_message(window, qtbot):
    form = window.training_panel.training_form
    type_into(qtbot, form.widget("l1"), "50")
    assert window.document.experiment["training"]["l1"] == 0
    assert "training.l1" in window.training_panel.message.text()
    assert window.training_panel.message.isVisibleTo(window.training_panel)


def test_panels_follow_open_and_new(window, tmp_path):
    exp = experiments.default_experiment()
    exp["data"] = {"source": "iris"}
    exp["model"]["layers"][4]["units"] = 3
    exp["optimizer"] = {"type": "rmsprop", "lr": 0.005}
    exp["training"]["batch_size"] = "full"
    path = tmp_path / "iris.json"
    experiment_file.save(exp, path)
    assert window.open_file(path)
    wait_for_data(window)
    assert window.dataset_panel.source_combo.currentData(Qt.ItemDataRole.UserRole) == "iris"
    assert window.training_panel.optimizer_section.combo.currentData() == "rmsprop"
    assert window.training_panel.mode_buttons["batch"].isChecked()
    assert window.designer.context == (4, 3, "classification")
    assert window.train_enabled
    QApplication.processEvents()


def test_switching_optimizer_keeps_the_learning_rate_and_says_so(window, qtbot):
    window.settings_tabs.setCurrentIndex(1)
    section = window.training_panel.optimizer_section
    optimizer = lambda: window.document.experiment["optimizer"]  # noqa: E731
    type_into(qtbot, section.form.widget("lr"), "0.05")
    assert optimizer()["type"] == "adam" and optimizer()["lr"] == 0.05
    choose(section.combo, "sgd", Qt.ItemDataRole.UserRole)
    assert optimizer()["type"] == "sgd"
    assert optimizer()["lr"] == 0.05  # the person's rate, not SGD's default 0.001
    assert section.form.values()["lr"] == 0.05
    assert section.note.isVisible()
    assert section.note.text() == ("Learning rate kept at 0.05 (the default of SGD is "
                                   "0.001).")
    type_into(qtbot, section.form.widget("lr"), "0.02")  # a new rate: the note has had its say
    assert optimizer()["lr"] == 0.02 and not section.note.isVisible()
    choose(section.combo, "rmsprop", Qt.ItemDataRole.UserRole)
    assert optimizer()["lr"] == 0.02 and "default of RMSprop is 0.01" in section.note.text()
    window.undo_action.trigger()  # one undo step brings SGD back
    assert optimizer()["type"] == "sgd" and optimizer()["lr"] == 0.02
    assert not section.note.isVisible()
