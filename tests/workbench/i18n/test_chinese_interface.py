"""Every text the Chinese interface shows is Chinese (or a name every language writes alike).

The main window is built in Simplified Chinese, each tab opened, every menu filled; its
widgets' texts (labels, buttons, group titles, tabs, menus and actions, combo items,
tooltips, table headers, palette items, window titles) and the Help › Concepts dialog are
collected by :func:`workbench.i18n.visible_texts.visible_texts`. A text with no Chinese
character that is not language-neutral fails the test, with where it is.

``untranslated_pending.json`` lists the texts allowed to stay as they are: a legend of the
data's own class names (the spiral's "arm 1"), which are data, not interface.
``NN_WORKBENCH_WRITE_PENDING=1`` rewrites the list from what is untranslated now (review
what it adds: only data may be there). The second test trains a run and walks the Train
tab's every page (the loss landscape computed), the timeline scrubbed back, the weight
editor, the Explain-step dialog's four stages and the Lessons dock.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import Qt

from workbench.help_dialogs import ConceptsDialog
from workbench.i18n import LANGUAGES
from workbench.i18n.visible_texts import (
    has_chinese,
    main_window_texts,
    report,
    untranslated,
    visible_texts,
)

PENDING = Path(__file__).with_name("untranslated_pending.json")


def _pending() -> set[str]:
    return set(json.loads(PENDING.read_text(encoding="utf-8"))["texts"])


def _shown_texts(window, qtbot):
    texts = main_window_texts(window)
    dialog = ConceptsDialog(window)
    qtbot.addWidget(dialog)
    texts += visible_texts(dialog)
    return texts


def test_every_text_of_the_chinese_window_is_translated(chinese, window, qtbot):
    texts = _shown_texts(window, qtbot)
    assert len(texts) > 300          # the walk reached the tabs, menus and forms
    missing = untranslated(texts, allowed=LANGUAGES.values())   # "English" names itself
    if os.environ.get("NN_WORKBENCH_WRITE_PENDING"):
        PENDING.write_text(json.dumps(
            {"why": "texts of decision_boundary_panel.py and network_diagram_panel.py (and "
                    "the Export menu's items named after their titles), wrapped by the lead "
                    "after merging the helper editing them; empty this list then",
             "texts": sorted({t.text for t in missing})}, ensure_ascii=False, indent=1)
            + "\n", encoding="utf-8")
    new = [t for t in missing if t.text not in _pending()]
    assert new == [], "untranslated texts:\n" + report(new)


def test_the_walk_finds_an_untranslated_text(chinese, window, qtbot):
    """The check above fails for the right reason: an English label is reported."""
    from PySide6.QtWidgets import QLabel
    label = QLabel("Gradient norms explode", window.designer)
    label.setObjectName("planted")
    missing = untranslated(_shown_texts(window, qtbot))
    assert [(t.where.split("/")[-1], t.kind) for t in missing
            if t.text == "Gradient norms explode"] == [("planted", "label")]


def test_qt_own_buttons_speak_chinese_too(chinese, qtbot):
    """Qt's standard buttons (Close, Cancel, Save...) come from Qt's own translation."""
    from PySide6.QtWidgets import QDialogButtonBox
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                           | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == ["关闭", "取消"]


def test_the_chinese_window_shows_the_primer_vocabulary(chinese, window, qtbot):
    shown = {t.text for t in _shown_texts(window, qtbot)}
    for term in ("全连接层", "激活函数", "损失函数", "小批量", "学习率调度", "随机种子",
                 "权重与偏置", "反向传播", "梯度下降"):
        assert term in shown, term


def _train_tab_texts(window, qtbot) -> list:
    """What the Train tab shows with a paused, trained run: every dashboard page (the loss
    landscape computed), the timeline scrubbed back, the run list."""
    import pyqtgraph as pg

    from workbench.dashboard.network_columns import neuron_y, shown_rows
    view = window.training_view
    window.show_train_tab()
    assert view.train_for_epochs(2)
    texts = []
    for index in range(view.pages.count()):
        view.pages.setCurrentIndex(index)
        view.refresh(force=True)
        texts += visible_texts(view)
    panel = view.landscape_panel
    view.pages.setCurrentWidget(panel.parentWidget())
    panel.resolution_box.setCurrentIndex(0)           # the coarsest grid: quick
    qtbot.mouseClick(panel.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.landscape is not None, timeout=60_000)
    texts += visible_texts(panel)
    view.timeline.slider.setValue(0)                  # back to the initial weights
    texts += visible_texts(view.timeline)
    assert has_chinese(view.timeline.position.text())
    # the weight editor over the network diagram, refusing a word
    editing, diagram = view.diagram_editing, view.network_panel
    view.pages.setCurrentIndex(0)
    view.refresh(force=True)
    first_hidden = len(shown_rows(diagram.columns[1]["width"]))
    scene = diagram.plot.vb.mapViewToScene(pg.Point(1, neuron_y(first_hidden)[0]))
    target = editing.target_at(scene)
    assert target is not None
    editing.edit(*target)
    editing.editor.field.setText("abc")
    qtbot.keyClick(editing.editor.field, Qt.Key.Key_Return)
    assert editing.editor.message.isVisible()
    texts += visible_texts(editing.editor)
    return texts


def _explainer_texts(window, qtbot) -> list:
    """The Explain-step dialog on the paused run, at each of its four stages."""
    view = window.training_view
    qtbot.mouseClick(view.explain_button, Qt.MouseButton.LeftButton)
    dialog = view.explainer
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.explanation is not None, timeout=20_000)
    texts = []
    for _stage in range(4):
        texts += visible_texts(dialog)
        if dialog.next_button.isEnabled():
            qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    return texts


def _lessons_texts(window) -> list:
    """The Lessons dock on the first lesson, every page of it."""
    lessons = window.lessons
    next(iter(lessons.lesson_actions.values())).trigger()
    panel = lessons.panel
    texts = visible_texts(lessons)
    while panel.next_button.isEnabled():
        panel.next_button.click()
        texts += visible_texts(lessons)
    return texts


def test_the_train_tab_explainer_weight_editor_and_lessons_speak_chinese(chinese, window,
                                                                         qtbot):
    texts = _train_tab_texts(window, qtbot)
    texts += _explainer_texts(window, qtbot)
    texts += _lessons_texts(window)
    assert len(texts) > 200
    shown = {t.text for t in texts}
    for chinese_text in ("概览", "梯度", "权重", "损失地形", "计算", "讲解一步", "实时",
                         "从这里分支", "下一页", "1/4 · 前向传播"):
        assert chinese_text in shown, chinese_text
    missing = [t for t in untranslated(texts, allowed=LANGUAGES.values())
               if t.text not in _pending()]
    assert missing == [], "untranslated texts:\n" + report(missing)
