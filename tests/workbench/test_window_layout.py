"""The window on a laptop screen: its minimum size never follows its content, the columns
and cards stay legible, the status bar stays on screen, legends never cover the data."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEventLoop, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from tests.workbench.conftest import choose
from tests.workbench.waiting import wait_for_data

LONG_NAME = "customer_churn_dataset_2024_final_version_cleaned_export_from_crm_system.csv"
LAPTOP = 1024


@pytest.fixture
def window(window):
    """The shared window; the data must load without a single error box."""
    yield window
    assert window.dataset_panel.errors == []


@pytest.fixture
def long_csv(tmp_path):
    path = tmp_path / LONG_NAME
    lines = ["tenure_months,monthly_charges,total_charges,support_calls,churned"]
    lines += [f"{i % 40},{20 + i % 50},{i * 3 % 900},{i % 6},{i % 2}" for i in range(200)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def settle(window, size=None):
    if size is not None:
        window.resize(*size)
    for _ in range(5):
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def test_long_undo_texts_and_file_names_never_widen_the_window(window, qtbot, long_csv):
    undo = window.designer.toolbar_buttons["undo"]
    assert undo.text() == "Undo" and not undo.isEnabled()
    widths = [window.minimumSizeHint().width()]
    choose(window.dataset_panel.source_combo, "digits")
    widths.append(window.minimumSizeHint().width())
    window.dataset_panel.set_file_dialog(lambda: str(long_csv))
    csv_row = window.dataset_panel.source_combo.findData("csv", Qt.ItemDataRole.UserRole)
    window.dataset_panel.source_combo.setCurrentIndex(csv_row)
    window.dataset_panel.source_combo.activated.emit(csv_row)
    wait_for_data(window)
    assert window.document.experiment["data"]["path"].endswith(LONG_NAME)
    settle(window)
    widths.append(window.minimumSizeHint().width())
    # the buttons keep their texts; what they would undo is in the tooltip
    assert undo.text() == "Undo" and undo.isEnabled()
    assert f"open the data file {LONG_NAME}" in undo.toolTip()
    assert "Ctrl+Z" in undo.toolTip()
    assert window.designer.toolbar_buttons["redo"].text() == "Redo"
    assert max(widths) <= LAPTOP, widths
    assert window.minimumWidth() <= LAPTOP
    # the Data column shows everything without sideways clipping at that width
    settle(window, (LAPTOP, 700))
    assert window.width() == LAPTOP
    for panel, tab in ((window.dataset_panel, 0), (window.training_panel, 1)):
        window.settings_tabs.setCurrentIndex(tab)
        settle(window)
        area = panel.parentWidget().parentWidget()  # the scroll area
        assert panel.width() <= area.viewport().width(), type(panel).__name__
    window.settings_tabs.setCurrentIndex(0)
    # a long fix fits the Check pane: its button shortens, the layer link stays whole
    window.designer.editor.select_layer(-1)
    row = next(r for r in window.designer.analysis_panel.rows
               if getattr(r, "fix_button", None) is not None)
    settle(window)
    scroll = window.designer.analysis_panel.scroll.viewport()
    link = row.layer_button
    assert link.mapTo(scroll, link.rect().topRight()).x() <= scroll.width()
    assert row.fix_button.full_text() == "Fix: set output units to 2 for 2 classes"
    settle(window, (1920, 1080))  # with room, the whole text
    assert row.fix_button.text() == row.fix_button.full_text()
    settle(window, (LAPTOP, 700))
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)  # the short button still undoes
    wait_for_data(window)
    assert window.document.experiment["data"]["source"] == "digits"


def test_cards_stay_legible_at_1024_pixels(window):
    from workbench.designer.layer_cards import CardDelegate
    settle(window, (LAPTOP, 700))
    assert window.width() == LAPTOP  # nothing in either tab holds the window wider
    editor = window.designer.editor
    bold_font = editor.font()
    bold_font.setBold(True)
    bold = QFontMetrics(bold_font)
    assert editor.viewport().width() < 400  # the network column is narrow here
    for row in range(editor.count()):
        card = editor.card(row)
        rect = editor.visualItemRect(editor.item(row))
        title = card.title if card.kind == "layer" else f"{card.title}  ·  {card.summary}"
        room = CardDelegate.title_room(rect, card, editor.font())
        assert bold.horizontalAdvance(card.title) <= room, (card.title, room)
        if card.kind == "input":
            assert bold.horizontalAdvance(title) <= room, (title, room)


def test_the_train_tab_fits_1024_pixels_before_during_and_after_a_run(window):
    view = window.training_view
    window.show_train_tab()
    settle(window, (LAPTOP, 700))
    widths = [window.minimumSizeHint().width()]
    assert view.train_for_epochs(2, timeout_s=60)       # paused after 2 of 200 epochs
    settle(window)
    widths.append(window.minimumSizeHint().width())
    assert view.train_for_epochs(198, timeout_s=60)     # the run completes
    settle(window, (LAPTOP, 700))
    widths.append(window.minimumSizeHint().width())
    assert max(widths) <= LAPTOP, widths
    assert window.width() == LAPTOP
    # every control and figure of the two rows above the plots is on screen, none covered
    row = [view.train_button, view.reset_button, view.lr_field, view.gradcheck_button,
           view.export_button, view.status, view.speed, view.progress.bar,
           view.progress.rate, view.progress.elapsed, view.progress.backend]
    rects = [QRect(w.mapTo(view, w.rect().topLeft()), w.size()) for w in row]
    for widget, rect in zip(row, rects):
        assert widget.isVisible() and view.rect().contains(rect), (widget, rect)
    for i, a in enumerate(rects):
        assert not any(a.intersects(b) for b in rects[i + 1:]), (row[i], a)
    # the engine line gives up room first, but keeps what it says
    assert view.progress.backend.text().startswith(("CPU", "GPU"))
    bar = view.progress.bar                  # its text on one line: the epoch and "done" stay
    assert bar.format() == "epoch 200/200 · iteration 3000/3000 · done"
    assert bar.text() in (bar.format(), "epoch 200/200 · done")
    assert bar.fontMetrics().horizontalAdvance(bar.text()) <= bar.contentsRect().width()
    # no plot reaches past its card; a title too long for the card is shortened
    for page, panels in enumerate(view.page_panels):
        view.pages.setCurrentIndex(page)
        settle(window)
        for panel in panels:
            assert panel.plot.sceneBoundingRect().width() <= panel.plot_widget.width(), \
                panel.title
    view.pages.setCurrentIndex(0)
    settle(window)
    confusion = view.confusion_panel.plot.titleLabel
    assert confusion.text == "Confusion matrix (valida…"
    settle(window, (1920, 1080))
    assert confusion.text == "Confusion matrix (validation)"


def test_the_default_size_fits_the_screen_it_opens_on(qtbot, tmp_path, monkeypatch):
    from workbench.main_window import FRAME_MARGIN, MainWindow
    from workbench.settings import WorkbenchSettings
    laptop = QRect(0, 0, 1366, 728)  # 1366×768 less a 40 px task bar
    monkeypatch.setattr(MainWindow, "_available_geometry", lambda self: laptop)
    win = MainWindow(settings=WorkbenchSettings.at(tmp_path / "a.ini"), restore_layout=False)
    qtbot.addWidget(win)
    assert (win.width(), win.height()) == (1280, 728 - FRAME_MARGIN[1])
    big = QRect(0, 0, 2560, 1400)
    monkeypatch.setattr(MainWindow, "_available_geometry", lambda self: big)
    roomy = MainWindow(settings=WorkbenchSettings.at(tmp_path / "b.ini"), restore_layout=False)
    qtbot.addWidget(roomy)
    assert (roomy.width(), roomy.height()) == (1280, 800)
    # a size saved on a big monitor shrinks to the laptop's screen
    roomy.resize(2400, 1300)
    roomy.settings.save_window(roomy)
    monkeypatch.setattr(MainWindow, "_available_geometry", lambda self: laptop)
    monkeypatch.setattr(MainWindow, "restoreGeometry",
                        lambda self, data: self.resize(2400, 1300) or True)
    again = MainWindow(settings=roomy.settings, restore_layout=True)
    qtbot.addWidget(again)
    assert again.width() <= laptop.width() and again.height() <= laptop.height()
    for w in (win, roomy, again):
        w._discarding = True


def test_at_1366x768_the_cannot_train_reason_and_the_properties_are_on_screen(window):
    settle(window, (1366, 768))
    choose(window.dataset_panel.source_combo, "digits")  # 10 classes, a 3-output network
    window.designer.editor.select_layer(2)
    settle(window)
    assert (window.width(), window.height()) == (1366, 768)
    label = window.train_status_label
    assert label.isVisible()
    assert label.text().startswith("Cannot train: The network outputs 3 values")
    where = QRect(label.mapTo(window, label.rect().topLeft()), label.size())
    assert window.rect().contains(where), (where, window.rect())
    props = window.designer.properties
    right_edge = props.mapTo(window, props.rect().topRight()).x()
    assert right_edge < window.width()
    assert props.heading.text() == "Layer 2 · Dense"


def test_the_preview_key_sits_above_the_points(window):
    panel = window.dataset_panel  # the default spiral: three arms
    scatter = panel.scatter
    assert panel.preview_stack.currentWidget() is scatter
    settle(window, (1280, 800))
    text = scatter.legend.text()
    assert all(f"arm {k}" in text for k in (1, 2, 3))
    assert scatter.legend.isVisible()
    assert scatter.legend.geometry().bottom() < scatter.plot_widget.geometry().top()
    assert scatter.plot_widget.getPlotItem().legend is None  # no box over the points
