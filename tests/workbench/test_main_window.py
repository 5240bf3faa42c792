"""The main window as a person uses it: files, prompts, menus, shortcuts, settings."""

from __future__ import annotations

import copy
import json
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core import experiment as experiments
from core.io import experiment_file
from tests.workbench.waiting import wait_for_data
from workbench.designer.designer import DataContext


class Recorder:
    """Stands in for the window's dialogs and message boxes."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []
        self.prompts = 0
        self.answer = QMessageBox.StandardButton.Cancel
        self.open_path = None
        self.save_path = None
        self.save_suggestions: list[str] = []


@pytest.fixture
def make_window(qtbot, settings, monkeypatch):
    from workbench.main_window import MainWindow
    windows = []

    def make(document=None, restore_layout=False, the_settings=None):
        window = MainWindow(document, the_settings or settings, restore_layout=restore_layout)
        rec = Recorder()
        window.recorder = rec
        window._show_error = lambda title, message: rec.errors.append((title, message))

        def ask_save_changes():
            rec.prompts += 1
            return rec.answer
        window._ask_save_changes = ask_save_changes
        window._ask_open_path = lambda: rec.open_path

        def ask_save_path(suggested):
            rec.save_suggestions.append(suggested)
            return rec.save_path
        window._ask_save_path = ask_save_path
        qtbot.addWidget(window)
        windows.append(window)
        wait_for_data(window)
        return window

    yield make
    for window in windows:
        window._discarding = True  # never a real prompt while tearing down


@pytest.fixture
def window(make_window):
    return make_window()


def set_epochs(window, epochs: int) -> None:
    """Type a number of epochs into the Training form, as a person would."""
    spin = window.training_panel.training_form.widget("epochs")
    spin.setValue(epochs)


def test_default_window_size_title_and_dirty_marker(window):
    assert window.windowTitle() == "Neural Network Workbench — Spiral (3 classes) [*]"
    assert not window.isWindowModified()
    set_epochs(window, 17)
    assert window.document.experiment["training"]["epochs"] == 17
    assert window.isWindowModified()
    window.undo_action.trigger()
    assert window.document.experiment["training"]["epochs"] == 200
    assert not window.isWindowModified()


def test_save_then_open_round_trips_the_json(window, tmp_path):
    path = tmp_path / "run.json"
    set_epochs(window, 42)
    window.recorder.save_path = str(path)
    window.save_action.trigger()  # a new experiment: Save asks for a name
    assert path.is_file()
    saved_text = path.read_text(encoding="utf-8")
    assert saved_text == experiment_file.dumps(window.document.experiment)
    assert window.document.path == path and not window.document.dirty
    assert window.windowTitle() == "Neural Network Workbench — run.json [*]"
    saved = copy.deepcopy(window.document.experiment)

    window.recorder.answer = QMessageBox.StandardButton.Discard
    window.new_action.trigger()
    assert window.document.experiment == experiments.default_experiment()
    assert window.document.path is None

    window.recorder.open_path = str(path)
    window.open_action.trigger()
    assert window.document.experiment == saved
    assert window.document.path == path and not window.document.dirty
    window.recorder.save_path = None
    window.save_action.trigger()  # has a path now: saves in place without asking
    assert window.recorder.save_suggestions == [window.recorder.save_suggestions[0]]
    assert path.read_text(encoding="utf-8") == saved_text
    assert window.recorder.errors == []
    assert window.settings.recent_files()[0] == str(path.resolve())
    assert window.settings.last_directory() == str(tmp_path.resolve())


@pytest.mark.parametrize("content, expected", [
    (b'{"format": 1, "data": ', "not valid JSON"),
    (b'{"hello": "world"}', "hello"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "not a text file"),
    (b'[1, 2, 3]', "JSON object"),
], ids=["bad-json", "foreign-json", "png", "json-list"])
def test_opening_a_broken_file_shows_one_message_and_keeps_the_experiment(
        window, tmp_path, content, expected):
    set_epochs(window, 33)
    before = copy.deepcopy(window.document.experiment)
    bad = tmp_path / "broken.json"
    bad.write_bytes(content)
    window.recorder.answer = QMessageBox.StandardButton.Discard
    window.recorder.open_path = str(bad)
    window.open_action.trigger()
    assert len(window.recorder.errors) == 1
    title, message = window.recorder.errors[0]
    assert "broken.json" in message and expected in message
    assert "\n" not in message and "Traceback" not in message
    assert window.document.experiment == before
    assert window.document.path is None
    assert window.settings.recent_files() == []


def test_new_with_unsaved_changes_asks_first(window, tmp_path):
    set_epochs(window, 5)
    window.recorder.answer = QMessageBox.StandardButton.Cancel
    window.new_action.trigger()
    assert window.recorder.prompts == 1
    assert window.document.experiment["training"]["epochs"] == 5  # cancelled: nothing lost

    window.recorder.answer = QMessageBox.StandardButton.Save
    window.recorder.save_path = str(tmp_path / "kept")  # no suffix: .json is added
    window.new_action.trigger()
    assert window.recorder.prompts == 2
    kept = tmp_path / "kept.json"
    assert experiment_file.load(kept)["training"]["epochs"] == 5
    assert window.document.experiment == experiments.default_experiment()
    assert not window.document.dirty

    window.new_action.trigger()  # nothing to lose: no question
    assert window.recorder.prompts == 2


def test_save_cancelled_in_the_prompt_keeps_the_changes(window):
    set_epochs(window, 6)
    window.recorder.answer = QMessageBox.StandardButton.Save
    window.recorder.save_path = None  # the user cancels the file dialog
    window.new_action.trigger()
    assert window.document.experiment["training"]["epochs"] == 6
    assert window.document.dirty


def test_closing_with_unsaved_changes_can_be_cancelled(window, qtbot):
    window.show()
    set_epochs(window, 7)
    window.recorder.answer = QMessageBox.StandardButton.Cancel
    window.close()
    assert window.isVisible()
    assert window.recorder.prompts == 1
    window.recorder.answer = QMessageBox.StandardButton.Discard
    window.close()
    assert not window.isVisible()


def test_window_geometry_is_kept_in_the_settings(make_window, settings, qtbot, monkeypatch):
    from workbench.main_window import MainWindow
    first = make_window()
    first.show()
    first.resize(1201, 701)
    qtbot.waitUntil(lambda: first.width() == 1201)
    geometry = bytes(first.saveGeometry())
    first.close()
    assert bytes(settings.qsettings.value("window/geometry")) == geometry
    restored = []
    monkeypatch.setattr(MainWindow, "restoreGeometry",
                        lambda self, data: restored.append(bytes(data)) or True)
    make_window(restore_layout=True)
    assert restored == [geometry]  # (the offscreen screen is too small to check the size)


def test_shortcuts_save_and_undo(window, qtbot, tmp_path):
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    set_epochs(window, 9)
    window.recorder.save_path = str(tmp_path / "keys.json")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (tmp_path / "keys.json").is_file()
    set_epochs(window, 10)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.experiment["training"]["epochs"] == 9
    assert not window.document.dirty


def test_recent_files_menu_reopens_a_file(window, tmp_path):
    path = tmp_path / "recent.json"
    experiment_file.save(experiments.default_experiment() | {"name": "Recent one"}, path)
    window.recorder.open_path = str(path)
    window.open_action.trigger()
    window.recorder.answer = QMessageBox.StandardButton.Discard
    window.new_action.trigger()
    window.file_actions.fill_recent_menu()
    actions = [a for a in window.recent_menu.actions() if a.text().endswith("recent.json")]
    assert len(actions) == 1
    actions[0].trigger()
    assert window.document.path == path
    assert window.document.experiment["name"] == "Recent one"

    path.unlink()  # a file that has gone: a message, and it leaves the list
    window.file_actions.fill_recent_menu()
    [a for a in window.recent_menu.actions() if a.text().endswith("recent.json")][0].trigger()
    assert "no longer exists" in window.recorder.errors[-1][1]
    assert str(path.resolve()) not in window.settings.recent_files()


def test_recent_list_holds_at_most_ten_newest_first(settings, tmp_path):
    for i in range(12):
        settings.add_recent_file(tmp_path / f"f{i}.json")
    files = settings.recent_files()
    assert len(files) == 10
    assert files[0].endswith("f11.json") and files[-1].endswith("f2.json")
    settings.add_recent_file(tmp_path / "f5.json")
    assert settings.recent_files()[0].endswith("f5.json") and len(settings.recent_files()) == 10


def test_examples_menu_lists_every_example_and_opens_it_as_untitled(window, tmp_path,
                                                                     monkeypatch):
    import workbench.experiment_file_actions as file_actions
    folder = tmp_path / "examples"
    folder.mkdir()
    moons = experiments.default_experiment() | {"name": "Two moons demo"}
    moons["data"] = {"source": "moons", "samples": 300}
    experiment_file.save(moons, folder / "moons.json")
    experiment_file.save(experiments.default_experiment() | {"name": "Spiral demo"},
                     folder / "spiral.json")
    monkeypatch.setattr(file_actions, "EXAMPLES_DIR", folder)
    window.file_actions.fill_examples_menu()
    titles = [a.text() for a in window.examples_menu.actions()]
    assert titles == ["Two moons demo", "Spiral demo"]
    window.examples_menu.actions()[0].trigger()
    wait_for_data(window)
    assert window.document.experiment["data"]["source"] == "moons"
    assert "(example)" in window.windowTitle()
    assert window.designer.context == DataContext(2, 2, "classification")
    # saving an example asks for a new file instead of overwriting the shipped one
    window.recorder.save_path = str(tmp_path / "mine.json")
    window.save_action.trigger()
    assert (tmp_path / "mine.json").is_file()
    assert "(example)" not in window.windowTitle()


def test_shipped_examples_are_listed(window):
    from workbench.experiment_file_actions import EXAMPLES_DIR
    shipped = sorted(EXAMPLES_DIR.glob("*.json"))
    window.file_actions.fill_examples_menu()
    actions = window.examples_menu.actions()
    if shipped:
        assert len(actions) == len(shipped)
    else:
        assert len(actions) == 1 and not actions[0].isEnabled()


def test_menus_have_the_standard_actions(window):
    bar = window.menuBar()
    menus = {a.text().replace("&", ""): a.menu() for a in bar.actions()}
    assert list(menus) == ["File", "Edit", "Lessons", "Settings", "Help"]   # Settings: the language
    file_items = [a.text().replace("&", "") for a in menus["File"].actions() if a.text()]
    assert file_items == ["New", "Open…", "Open Model…", "Open Recent", "Examples", "Save",
                          "Save As…", "Export Weights…", "Predict on CSV…", "Quit"]
    assert window.undo_action in menus["Edit"].actions()
    assert window.redo_action in menus["Edit"].actions()
    assert window.save_action.shortcut().toString() == "Ctrl+S"
    assert window.open_action.shortcut().toString() == "Ctrl+O"
    assert window.new_action.shortcut().toString() == "Ctrl+N"


def test_concepts_dialog_explains_the_primer_terms(window):
    window.concepts_action.trigger()
    text = window._concepts_dialog.browser.toPlainText().lower()
    for term in ("neuron", "weight and bias", "layer", "activation", "loss", "gradient descent",
                 "mini-batch", "stochastic", "iteration", "epoch", "forward propagation",
                 "back propagation", "learning rate"):
        assert term in text, term
    window._concepts_dialog.close()


def test_status_bar_names_the_device(window):
    from workbench.panels.training_panel import backend_description
    assert window.device_label.text() == backend_description("auto")
    assert window.device_label.text().startswith(("CPU", "GPU"))


def test_an_impossible_network_disables_training(window):
    assert window.train_enabled, window.train_disabled_reason
    layers = copy.deepcopy(window.document.experiment["model"]["layers"])
    layers[4]["units"] = 5  # the spiral has 3 classes
    window.document.set_layers(layers, "break the output")
    assert not window.train_enabled
    assert "3 classes" in window.train_disabled_reason
    assert window.train_status_label.isVisibleTo(window)
    assert "Cannot train" in window.train_status_label.toolTip()
    view = window.training_view
    if view is not None:
        buttons = [getattr(view, n) for n in ("train_button", "train_action") if hasattr(view, n)]
        assert buttons and all(not b.isEnabled() for b in buttons)
    window.undo_action.trigger()
    assert window.train_enabled
    assert not window.train_status_label.isVisibleTo(window)
    if view is not None:
        assert all(b.isEnabled() for b in buttons)


def test_train_tab_is_there(window):
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Design", "Train",
                                                                         "Runs", "Sweep"]
    window.show_train_tab()
    assert window.tabs.currentIndex() == 1


def test_run_gui_without_a_display_says_so_in_one_line(monkeypatch, capsys):
    from workbench import app
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")

    def no_second_application(*_a, **_k):
        raise AssertionError("run_gui must not start Qt without a display")
    monkeypatch.setattr(app, "ensure_application", no_second_application)
    assert app.run_gui(None) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no display" in err and "QT_QPA_PLATFORM=offscreen" in err
    assert "nn-workbench train" in err


@pytest.mark.parametrize("environ, platform, blocked", [
    ({}, "linux", True),
    ({"DISPLAY": ":0"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "linux", False),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({}, "win32", False),
    ({}, "darwin", False),
])
def test_display_problem(environ, platform, blocked):
    from workbench.app import display_problem
    assert (display_problem(environ, platform, lambda name: f"lib{name}.so") is not None) \
        == blocked


def test_missing_x11_libraries_are_named_instead_of_an_abort():
    """Qt aborts (exit 134) without libxcb-cursor0 and friends; say so in one sentence."""
    from workbench.app import display_problem
    absent = {"xcb-cursor", "xcb-keysyms"}
    problem = display_problem({"DISPLAY": ":0"}, "linux",
                              lambda name: None if name in absent else f"lib{name}.so")
    assert problem == (
        "nn-workbench: Qt's X11 window plugin needs system libraries that are not installed "
        "(libxcb-cursor0, libxcb-keysyms1); install them (Debian/Ubuntu: sudo apt-get install "
        "libxcb-cursor0 libxcb-keysyms1), or set QT_QPA_PLATFORM=offscreen to render without "
        "a screen.")
    # Wayland needs none of them; offscreen neither
    assert display_problem({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w-0"}, "linux",
                           lambda name: None) is None
    assert display_problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux",
                           lambda name: None) is None


def test_settings_keep_the_last_directory(settings, tmp_path):
    from pathlib import Path
    assert settings.last_directory() == str(Path.home())
    settings.set_last_directory(tmp_path)
    assert settings.last_directory() == str(tmp_path)
    settings.set_last_directory(tmp_path / "gone")
    assert settings.last_directory() == str(Path.home())


def test_saved_file_is_plain_json(window, tmp_path):
    window.recorder.save_path = str(tmp_path / "plain.json")
    window.save_as_action.trigger()
    doc = json.loads((tmp_path / "plain.json").read_text(encoding="utf-8"))
    assert doc["data"]["source"] == "spiral"


def test_save_as_elsewhere_keeps_a_relative_data_file_reachable(window, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "points.csv").write_text("x1,x2,label\n" + "".join(
        f"{i % 7},{i % 5},{i % 2}\n" for i in range(40)), encoding="utf-8")
    exp = experiments.default_experiment()
    exp["data"] = {"source": "csv", "path": "points.csv"}
    exp["model"]["layers"][4]["units"] = 2
    experiment_file.save(exp, project / "exp.json")
    assert window.open_file(project / "exp.json")
    wait_for_data(window)
    assert window.train_enabled, window.train_disabled_reason
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    window.recorder.save_path = str(elsewhere / "copy.json")
    window.save_as_action.trigger()
    saved = experiment_file.load(elsewhere / "copy.json")
    assert saved["data"]["path"] == str((project / "points.csv").resolve())
    assert window.open_file(elsewhere / "copy.json")
    wait_for_data(window)
    assert window.train_enabled and window.recorder.errors == []


def test_undo_shortcut_with_the_designer_focused_undoes_one_step(window, qtbot):
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    set_epochs(window, 5)
    set_epochs(window, 6)
    window.designer.editor.setFocus()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.experiment["training"]["epochs"] == 5


def test_run_gui_opens_the_file_given(monkeypatch, tmp_path, qapp):
    import workbench.main_window as main_window
    from workbench import app
    path = tmp_path / "start.json"
    experiment_file.save(experiments.default_experiment() | {"name": "Start here"}, path)
    shown = []

    class FakeApp:
        def exec(self):
            return 0
    monkeypatch.setattr(app, "display_problem", lambda: None)
    monkeypatch.setattr(app, "ensure_application", lambda: FakeApp())
    original = main_window.MainWindow

    class Recording(original):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, settings=main_window.WorkbenchSettings.at(
                tmp_path / "s.ini"), **kwargs)
            self._discarding = True
            shown.append(self)
    monkeypatch.setattr(main_window, "MainWindow", Recording)
    from workbench import error_reporting
    monkeypatch.setattr(error_reporting, "_reporter", None)
    try:
        assert app.run_gui(str(path)) == 0
    finally:  # run_gui installed the last-resort handler: not for the other tests
        error_reporting._reporter.uninstall()
    wait_for_data(shown[0])
    assert shown[0].document.path == path
    assert shown[0].document.experiment["name"] == "Start here"
    shown[0].close()


def choose_source(window, name: str) -> None:
    combo = window.dataset_panel.source_combo
    index = combo.findData(name, Qt.ItemDataRole.UserRole)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    wait_for_data(window)


def test_the_name_follows_new_data_into_title_save_as_export_and_script(window, qtbot,
                                                                         tmp_path):
    window.settings.set_last_directory(tmp_path)
    assert "Spiral (3 classes)" in window.windowTitle()
    choose_source(window, "digits")
    assert window.document.experiment["name"] == "Handwritten digits"
    assert "Spiral" not in window.windowTitle()
    assert "Handwritten digits" in window.windowTitle()
    # the network is replaced too: the check panel's fix gives 10 outputs
    row = next(r for r in window.designer.analysis_panel.rows
               if getattr(r, "fix_button", None) is not None)
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert window.train_enabled, window.train_disabled_reason
    window.recorder.save_path = None
    window.save_as_action.trigger()
    assert window.recorder.save_suggestions[-1] == str(tmp_path / "handwritten_digits.json")

    window.training_panel.training_form.widget("epochs").setValue(1)
    assert window.training_view.train_for_epochs(1, timeout_s=120)
    asked = []
    window.model_actions.ask_export_path = lambda suggested: (asked.append(suggested) or
                                                               (str(tmp_path / "net.py"), ""))
    window.export_weights_action.trigger()
    assert asked == [str(tmp_path / "handwritten_digits.npz")]
    script = (tmp_path / "net.py").read_text(encoding="utf-8")
    assert '"""Handwritten digits: a trained network in plain NumPy.' in script.splitlines()[:3]
    assert "Spiral" not in script

    window.undo_action.trigger()  # the epochs
    window.undo_action.trigger()  # the fix
    window.undo_action.trigger()  # the data, and with it the name
    wait_for_data(window)
    assert window.document.experiment["name"] == "Spiral (3 classes)"


def test_changing_the_class_count_renames_a_default_name_but_not_ones_own(window, qtbot):
    classes = window.dataset_panel.source_form.widget("classes")
    classes.setValue(5)
    wait_for_data(window)
    assert window.document.experiment["data"]["classes"] == 5
    assert window.document.experiment["name"] == "Spiral (5 classes)"
    window.document.set_section("name", "My spiral study", "rename")
    classes.setValue(4)
    wait_for_data(window)
    assert window.document.experiment["name"] == "My spiral study"
    choose_source(window, "moons")  # other data: the old name would mislead
    assert window.document.experiment["name"] == "Two moons"


def test_a_name_with_a_lone_surrogate_saves_and_closing_with_save_keeps_the_edits(
        window, tmp_path):
    odd = tmp_path / "odd.json"
    text = experiment_file.dumps(experiments.default_experiment()).replace(
        '"Spiral (3 classes)"', '"Spiral \\ud800 study"')
    odd.write_text(text, encoding="utf-8")
    assert window.open_file(odd)
    wait_for_data(window)
    assert window.document.experiment["name"] == "Spiral \ud800 study"
    window.recorder.save_path = None
    window.save_as_action.trigger()  # the suggestion drops what cannot be a file name
    assert window.recorder.save_suggestions[-1] == str(odd)
    window.file_actions.example_path = odd  # as for an example: Save asks for a new name
    window.recorder.save_path = None
    window.save_action.trigger()
    suggested = window.recorder.save_suggestions[-1]
    assert suggested.endswith("spiral_study.json") and "\ud800" not in suggested
    window.file_actions.example_path = None

    set_epochs(window, 21)
    copy_path = tmp_path / "copy.json"
    window.recorder.save_path = str(copy_path)
    window.save_as_action.trigger()  # used to raise UnicodeEncodeError
    assert window.recorder.errors == []
    saved = experiment_file.load(copy_path)
    assert saved["name"] == "Spiral \ufffd study" and saved["training"]["epochs"] == 21
    assert "replaced by �" in window.statusBar().currentMessage()

    set_epochs(window, 22)  # closing with unsaved edits: Save writes them, nothing is lost
    window.recorder.answer = QMessageBox.StandardButton.Save
    window.show()
    window.close()
    assert not window.isVisible()
    assert experiment_file.load(copy_path)["training"]["epochs"] == 22


def test_the_about_text_names_the_application_and_its_engine():
    from workbench.help_dialogs import about_html
    from workbench.panels.training_panel import backend_description
    text = about_html()
    assert text.startswith("<h3>Neural Network Workbench</h3>")
    assert text.endswith(f"<p>Engine: {backend_description('auto')}</p>")
