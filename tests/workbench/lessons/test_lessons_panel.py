"""The Lessons panel (issue 15, item 2): each bundled lesson, opened from the Lessons menu
and followed page by page as a person would (Next, "Set up this experiment", Train on the
Train tab), ends with every check ✔ and the numbers measured on the runs shown."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from core.lessons.lesson_format import bundled_lesson_files, load_lesson
from tests.workbench.conftest import click
from tests.workbench.waiting import wait_for_data
from workbench.lessons.lesson_markup import lesson_html
from workbench.lessons.outcome_words import FAILED, PASSED, PENDING
from workbench.training.run_records import FINISHED

LESSONS = [p.stem for p in bundled_lesson_files()]


def open_from_menu(window, stem: str):
    """Open the lesson ``stem`` by its entry in the Lessons menu; return the panel."""
    action = window.lessons.lesson_actions[stem]
    assert action in window.lessons_menu.actions()
    action.trigger()
    assert window.lessons.isVisible()
    return window.lessons.panel


def train(qtbot, window):
    """Open the Train tab, press Train and wait until the run has finished."""
    wait_for_data(window)
    window.show_train_tab()
    view = window.training_view
    before = view.run
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: view.run is not before and view.session is not None
                    and view.session.state == FINISHED, timeout=60_000)
    assert view.run.error is None and window.errors == []


def follow(qtbot, window, panel):
    """Go through every page: set up its experiment and train it; return the outcome lines
    of every page that has checks, by page number."""
    seen = {}
    while True:
        page = panel.page
        if page.experiment is not None:
            click(qtbot, panel.setup_button)
            assert window.document.experiment == page.experiment
            before = list(panel.outcome_lines)
            train(qtbot, window)
            assert panel.runs[-1].experiment == page.experiment
            if page.checks:
                assert panel.outcome_lines != before
        if page.checks:
            seen[panel.page_index] = list(panel.outcome_lines)
        if not panel.next_button.isEnabled():
            return seen
        click(qtbot, panel.next_button)


@pytest.mark.parametrize("stem", LESSONS)
def test_each_lesson_followed_page_by_page_ends_with_every_check_passed(qtbot, window, stem):
    lesson = load_lesson(next(p for p in bundled_lesson_files() if p.stem == stem))
    panel = open_from_menu(window, stem)
    assert panel.title_label.text() == lesson.title["en"]
    assert panel.page_label.text() == f"Page 1 of {len(lesson.pages)}"
    assert not panel.back_button.isEnabled()
    seen = follow(qtbot, window, panel)
    assert set(seen) == {i for i, p in enumerate(lesson.pages) if p.checks}
    for index, lines in seen.items():
        assert len(lines) == len(lesson.pages[index].checks)
        for line in lines:
            assert line.endswith(PASSED), line
            assert re.search(r"\d", line), line     # the measured number is shown
    assert panel.page_index == len(lesson.pages) - 1


def test_vanishing_gradients_names_both_runs_and_the_factor(qtbot, window):
    panel = open_from_menu(window, "03_vanishing_gradients")
    assert panel.outcome_lines == []     # the first page only trains the ReLU network
    click(qtbot, panel.setup_button)
    train(qtbot, window)
    click(qtbot, panel.next_button)
    assert panel.outcome_lines[0].startswith(PENDING)   # no sigmoid run yet
    click(qtbot, panel.setup_button)
    assert [spec["type"] for spec in window.document.layers][1] == "sigmoid"
    train(qtbot, window)
    outcome = panel.outcomes[0]
    relu, sigmoid = panel.runs
    first = "grad_norm[0.weight]"
    assert outcome.value == sigmoid.history.epochs[-1][first]
    assert outcome.reference == relu.history.epochs[-1][first]
    assert outcome.reference / outcome.value >= 100
    line = panel.outcome_lines[0]
    match = re.fullmatch(r"first-layer gradient norm: sigmoid (\S+), ReLU (\S+) — ([\d,.]+)× "
                         r"smaller \(expected at least 100× smaller\) ✔", line)
    assert match, line
    assert float(match.group(1)) == pytest.approx(outcome.value, rel=5e-3)
    assert float(match.group(2)) == pytest.approx(outcome.reference, rel=5e-3)
    assert float(match.group(3).replace(",", "")) == pytest.approx(
        outcome.reference / outcome.value, rel=5e-3)
    assert panel.all_passed

    # a second sigmoid run compared with the first: no 100× difference, marked ✘
    train(qtbot, window)
    line = panel.outcome_lines[0]
    assert line.startswith("first-layer gradient norm: sigmoid ") and ", sigmoid " in line
    assert line.endswith(FAILED)
    assert not panel.all_passed


def test_setting_up_asks_to_save_unsaved_changes_and_cancel_keeps_the_work(qtbot, window):
    from PySide6.QtWidgets import QMessageBox
    window.document.set_section("training", {**window.document.experiment["training"],
                                             "epochs": 7})
    assert window.document.dirty
    window._ask_save_changes = lambda: QMessageBox.StandardButton.Cancel
    panel = open_from_menu(window, "10_batch_iteration_epoch")
    click(qtbot, panel.setup_button)
    assert window.document.experiment["training"]["epochs"] == 7


def test_pages_files_language_and_place(qtbot, window, tmp_path, monkeypatch):
    """Back and Next walk the pages; a broken lesson file is one sentence and the panel
    keeps its lesson; the dock sits right of the window; Chinese follows the locale."""
    panel = open_from_menu(window, "07_learning_rate")
    texts = [panel.text_label.text()]
    for _ in range(3):
        click(qtbot, panel.next_button)
        texts.append(panel.text_label.text())
    assert not panel.next_button.isEnabled()
    assert panel.page_label.text() == "Page 4 of 4"
    click(qtbot, panel.back_button)
    assert panel.text_label.text() == texts[2]
    assert len(set(texts)) == 4

    assert window.dockWidgetArea(window.lessons) == Qt.DockWidgetArea.RightDockWidgetArea
    qtbot.waitUntil(lambda: window.lessons.width() >= 260)
    assert window.lessons.geometry().left() >= window.centralWidget().geometry().right()

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1, "title": {"en": "x", "zh_CN": "x"}, "pages": '
                   '[{"text": {"en": "a", "zh_CN": "b"}, "checks": [{"metric": "accuracy", '
                   '"op": ">", "value": 1}]}]}', encoding="utf-8")
    assert not window.lessons.open_lesson(bad)
    assert window.errors == ["bad.json: pages[0].checks[0].metric: expected one of "
                             "train_loss, val_loss, train_accuracy, val_accuracy, train_rmse, "
                             "val_rmse, train_r2, val_r2, lr, layer_grad_norm, weight_norm, "
                             "update_ratio, dead_fraction, iterations_per_epoch, iterations, "
                             "epochs, stop_reason, got \"accuracy\""]
    assert panel.lesson.path.stem == "07_learning_rate"
    assert panel.page_label.text() == "Page 3 of 4"

    from PySide6.QtCore import QEvent, QLocale
    from PySide6.QtWidgets import QApplication
    monkeypatch.setattr(QLocale, "name", lambda self: "zh_CN")
    QApplication.sendEvent(panel, QEvent(QEvent.Type.LanguageChange))  # switched at run time
    assert panel.title_label.text() == "学习率：过大、过小与衰减"
    assert panel.page_label.text() == "Page 3 of 4"
    window.lessons_menu.aboutToShow.emit()
    assert window.lessons.lesson_actions["03_vanishing_gradients"].text() == "sigmoid 的梯度消失"
    window.lessons.lesson_actions["03_vanishing_gradients"].trigger()
    lesson = panel.lesson
    assert panel.title_label.text() == lesson.title["zh_CN"] == "sigmoid 的梯度消失"
    assert panel.text_label.text() == lesson_html(lesson.pages[0].text["zh_CN"])


def test_going_back_shows_the_outcome_of_the_runs_made_on_that_page(qtbot, window):
    """Pages 1-3 of the learning-rate lesson each trained (all ✔), then Back: each page
    keeps the outcome of its own runs, not the latest run's."""
    panel = open_from_menu(window, "07_learning_rate")
    shown = []
    for page in range(3):
        if page:
            click(qtbot, panel.next_button)
        click(qtbot, panel.setup_button)
        train(qtbot, window)
        assert panel.all_passed, panel.outcome_lines
        shown.append(list(panel.outcome_lines))
    assert [len(v) for v in panel.page_runs.values()] == [1, 1, 1]
    click(qtbot, panel.back_button)
    assert panel.page_index == 1
    assert panel.outcome_lines == shown[1] and panel.all_passed
    assert panel.outcome_lines[0].startswith("training loss: α = 20 ")
    assert ", α = 0.5 " in panel.outcome_lines[0]
    click(qtbot, panel.back_button)
    assert panel.outcome_lines == shown[0] and panel.all_passed
    click(qtbot, panel.next_button)
    click(qtbot, panel.next_button)
    click(qtbot, panel.next_button)
    assert panel.outcome_lines[0].startswith("…")     # page 4: nothing trained on it yet


def test_setting_up_during_a_run_asks_first_and_cancel_keeps_it_running(qtbot, window,
                                                                       monkeypatch):
    """Set up this experiment with a run in progress asks (Stop the run and set up /
    Cancel); the tests click the box's buttons as a person would."""
    from PySide6.QtWidgets import QMessageBox
    answers, asked = [], []

    def exec_clicking(box):
        asked.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        answer = answers.pop(0)
        button = next(b for b in box.buttons() if b.text() == answer)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return 0
    monkeypatch.setattr(QMessageBox, "exec", exec_clicking)

    panel = open_from_menu(window, "10_batch_iteration_epoch")
    click(qtbot, panel.setup_button)
    window.document.set_section("training", {**window.document.experiment["training"],
                                             "epochs": 10_000})
    window._ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    wait_for_data(window)
    window.show_train_tab()
    view = window.training_view
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: view.run is not None and view.run.steps > 0, timeout=60_000)
    click(qtbot, view.pause_button)
    qtbot.waitUntil(lambda: view.session.state == "paused", timeout=10_000)
    run = view.run

    answers.append("Cancel")
    click(qtbot, panel.setup_button)
    assert asked == [("A run is in progress",
                      "Setting up this experiment stops the training run in progress (it is "
                      "kept in Compare runs).", ["Stop the run and set up", "Cancel"])]
    assert view.controller.active() and view.run is run
    assert window.document.experiment["training"]["epochs"] == 10_000

    answers.append("Stop the run and set up")
    click(qtbot, panel.setup_button)
    assert len(asked) == 2
    assert not view.controller.active()
    assert window.document.experiment == panel.page.experiment
    assert run.history.finish.reason == "interrupted"
    assert run.history.finish.message.endswith("You set up a lesson's experiment.")
    assert "because you changed" not in view.banner.text()


def test_a_broken_lesson_file_is_listed_marked_and_says_what_is_wrong(qtbot, window,
                                                                      tmp_path):
    import json
    import shutil
    source = next(p for p in bundled_lesson_files() if p.stem == "10_batch_iteration_epoch")
    shutil.copy(source, tmp_path / "10_batch_iteration_epoch.json")
    text = source.read_text(encoding="utf-8")
    (tmp_path / "11_trunc.json").write_text(text[:len(text) // 2], encoding="utf-8")
    doc = json.loads(text)
    del doc["title"]["zh_CN"]
    (tmp_path / "12_no_chinese_title.json").write_text(json.dumps(doc), encoding="utf-8")

    dock = window.lessons
    dock.lessons_dir = tmp_path
    window.lessons_menu.aboutToShow.emit()      # the menu is read again before it shows
    menu_texts = [a.text() for a in window.lessons_menu.actions() if not a.isSeparator()]
    assert menu_texts == ["Batch, iteration and epoch, counted on a real run",
                          "⚠ 11_trunc.json (cannot be read)",
                          "⚠ 12_no_chinese_title.json (cannot be read)",
                          "Open lesson file…", "Lesson"]
    broken = dock.broken_actions["11_trunc"]
    assert broken.isEnabled() and broken.statusTip().startswith("11_trunc.json: not valid JSON")
    broken.trigger()
    assert window.errors[-1] == broken.statusTip()
    dock.broken_actions["12_no_chinese_title"].trigger()
    assert window.errors[-1] == ("12_no_chinese_title.json: title.zh_CN: missing; every text "
                                 "is given in English (en) and Simplified Chinese (zh_CN)")
    assert dock.panel.lesson is None

    # Open lesson file…: a lesson from any folder
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(source, elsewhere / "mine.json")
    dock._ask_lesson_path = lambda: str(elsewhere / "mine.json")
    dock.open_file_action.trigger()
    assert dock.isVisible() and dock.panel.lesson.path == elsewhere / "mine.json"
    assert dock.panel.title_label.text() == "Batch, iteration and epoch, counted on a real run"
    dock._ask_lesson_path = lambda: None          # the dialog cancelled: nothing changes
    dock.open_file_action.trigger()
    assert dock.panel.lesson.path == elsewhere / "mine.json"


def test_lesson_texts_show_html_as_text_and_only_bold_as_markup(qtbot, window, tmp_path):
    """A lesson from anywhere must not make the panel load images or follow links."""
    from PySide6.QtGui import QTextDocument
    hostile = '<img src=/etc/x> see <a href="file:///etc">this</a> & **the weighted sum**'
    texts = {"en": hostile, "zh_CN": hostile}
    lesson = {"format": 1, "title": {"en": "<b>T</b>", "zh_CN": "<b>T</b>"},
              "summary": {"en": "<img src=/etc/y>", "zh_CN": "<img src=/etc/y>"},
              "pages": [{"text": texts, "action": texts}]}
    import json
    (tmp_path / "01_hostile.json").write_text(json.dumps(lesson), encoding="utf-8")
    dock = window.lessons
    dock.lessons_dir = tmp_path
    window.lessons_menu.aboutToShow.emit()
    dock.lesson_actions["01_hostile"].trigger()
    panel = dock.panel
    assert panel.title_label.textFormat() == Qt.TextFormat.PlainText
    assert panel.title_label.text() == "<b>T</b>"         # shown as the characters it is
    for label in (panel.text_label, panel.action_label):
        assert "<img" not in label.text() and "<a " not in label.text()
        shown = QTextDocument()
        shown.setHtml(label.text())
        assert shown.toPlainText() == ('<img src=/etc/x> see <a href="file:///etc">this</a> '
                                       '& the weighted sum')
        assert "<b>the weighted sum</b>" in label.text()
    tip = QTextDocument()
    tip.setHtml(dock.lesson_actions["01_hostile"].toolTip())
    assert tip.toPlainText() == "<img src=/etc/y>"
    assert lesson_html("a\n**b** 2**3 ** c **") == "a<br><b>b</b> 2**3 ** c **"


def test_the_dock_and_its_menu_toggle_name_the_open_lesson(qtbot, window, monkeypatch):
    dock = window.lessons
    assert dock.windowTitle() == dock.toggleViewAction().text() == "Lesson"
    open_from_menu(window, "07_learning_rate")
    title = "Lesson: The learning rate: too big, too small, and decay"
    assert dock.windowTitle() == title
    assert dock.toggleViewAction().text() == title
    assert dock.toggleViewAction() in window.lessons_menu.actions()

    from PySide6.QtCore import QEvent, QLocale
    from PySide6.QtWidgets import QApplication
    monkeypatch.setattr(QLocale, "name", lambda self: "zh_CN")
    QApplication.sendEvent(dock, QEvent(QEvent.Type.LanguageChange))
    assert dock.windowTitle().endswith("学习率：过大、过小与衰减")
