"""The Lessons panel beside the window: a lesson's pages, its experiments and its checks.

:class:`LessonsPanel` shows one lesson (:mod:`core.lessons.lesson_format`) page by page
with Back and Next. A page's "Set up this experiment" button loads the page's experiment
into the window's document, as File › Open does (asking first to save unsaved changes);
the person then trains it on the Train tab. Every run that finishes while the lesson is
open is remembered, labelled with the page shown when it finished, and the page's checks
(:func:`core.lessons.checks.evaluate`) are measured on those runs and shown in words
with their numbers (:mod:`workbench.lessons.outcome_words`).

:func:`install_lessons` adds the panel to a main window as a dock widget, and the
Lessons menu that opens one of the bundled lessons (a broken file listed, marked) or
any lesson file (Open lesson file…).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.errors import WorkbenchError
from core.lessons.checks import ObservedRun, evaluate, runs_for_page
from core.lessons.lesson_format import (
    LESSONS_DIR,
    bundled_lesson_files,
    load_lesson,
    localized,
)
from workbench.lessons.language import lesson_language
from workbench.lessons.lesson_markup import lesson_html, lesson_tooltip
from workbench.lessons.outcome_words import PASSED, outcome_sentence

if TYPE_CHECKING:
    from workbench.main_window import MainWindow

#: The dock's width when it first opens (the window keeps the rest).
PANEL_WIDTH = 300


class LessonsPanel(QWidget):
    """One lesson's pages, for ``window`` (a :class:`~workbench.main_window.MainWindow`).

    Attributes
    ----------
    lesson : Lesson or None
    page_index : int
    runs : list of ObservedRun
        The runs finished since the lesson was opened, oldest first.
    page_runs : dict of int to list of ObservedRun
        The same runs by the page shown when each finished: a page's checks are measured
        on its own runs (:func:`core.lessons.checks.runs_for_page`), so going Back shows
        the outcome the earlier page had, not the latest run's.

    Signals
    -------
    page_changed(int)
    outcomes_changed()
        The shown checks were measured again (a run finished, the page changed).
    """

    page_changed = Signal(int)
    outcomes_changed = Signal()

    def __init__(self, window: MainWindow, parent: QWidget | None = None):
        super().__init__(parent)
        self.main_window = window
        self.lesson = None
        self.page_index = 0
        self.runs: list[ObservedRun] = []
        self.page_runs: dict[int, list[ObservedRun]] = {}
        self._records: list = []   # the Train tab's RunRecords already counted
        self.outcomes = []
        self._build()
        window.training_view.state_changed.connect(self._training_state_changed)
        self.show_page(0)

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("lesson_title")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)   # a lesson's text: never HTML
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.page_label = QLabel()
        self.page_label.setObjectName("lesson_page_number")
        self.page_label.setStyleSheet("color: palette(mid);")

        self.text_label = QLabel()
        self.text_label.setObjectName("lesson_text")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.RichText)   # only lesson_html()'s output
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.action_label = QLabel()
        self.action_label.setObjectName("lesson_action")
        self.action_label.setWordWrap(True)
        self.action_label.setTextFormat(Qt.TextFormat.RichText)   # only lesson_html()'s output
        self.action_label.setStyleSheet("font-style: italic;")
        self.setup_button = QPushButton(self.tr("Set up this experiment"))
        self.setup_button.setToolTip(self.tr("Load this page's experiment into the designer "
                                             "(as File › Open does)."))
        self.setup_button.clicked.connect(self.set_up_experiment)
        self.checks_title = QLabel(self.tr("What the run shows"))
        self.checks_title.setStyleSheet("font-weight: bold;")
        self.checks_label = QLabel()
        self.checks_label.setObjectName("lesson_checks")
        self.checks_label.setWordWrap(True)
        self.checks_label.setTextFormat(Qt.TextFormat.PlainText)
        self.checks_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 4, 0)
        for widget in (self.text_label, self.action_label, self.setup_button,
                       self.checks_title, self.checks_label):
            column.addWidget(widget)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(body)

        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.clicked.connect(lambda: self.show_page(self.page_index - 1))
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.clicked.connect(lambda: self.show_page(self.page_index + 1))
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.page_label)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)

    def changeEvent(self, event) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:   # the interface language changed
            self._retranslate()

    def _retranslate(self) -> None:
        self.setup_button.setText(self.tr("Set up this experiment"))
        self.checks_title.setText(self.tr("What the run shows"))
        self.back_button.setText(self.tr("Back"))
        self.next_button.setText(self.tr("Next"))
        self.show_page(self.page_index)

    # ---------------------------------------------------------------- lessons
    @property
    def page(self):
        """The page shown, or None without a lesson."""
        return self.lesson.pages[self.page_index] if self.lesson is not None else None

    def open_lesson(self, path) -> bool:
        """Read the lesson at ``path`` and show its first page; on a problem say so and keep
        the lesson shown."""
        try:
            lesson = load_lesson(path)
        except WorkbenchError as exc:
            self.main_window._show_error(self.tr("Cannot open the lesson"), str(exc))
            return False
        except OSError as exc:
            self.main_window._show_error(self.tr("Cannot open the lesson"),
                                    f"{path}: {exc.strerror or exc}")
            return False
        self.lesson = lesson
        self.runs.clear()
        self.page_runs.clear()
        self._records.clear()
        self.show_page(0)
        return True

    def show_page(self, index: int) -> None:
        """Show page ``index`` (clamped to the lesson's pages) and measure its checks."""
        language = lesson_language()
        if self.lesson is None:
            self.title_label.setText(self.tr("Lessons"))
            self.text_label.setText(self.tr("Choose a lesson from the Lessons menu: each one "
                                            "sets up experiments, says what to do and where "
                                            "to look, and checks what the run shows."))
            for widget in (self.action_label, self.setup_button, self.checks_title,
                           self.checks_label):
                widget.hide()
            self.back_button.setEnabled(False)
            self.next_button.setEnabled(False)
            self.page_label.setText("")
            return
        pages = self.lesson.pages
        self.page_index = max(0, min(index, len(pages) - 1))
        page = pages[self.page_index]
        self.title_label.setText(localized(self.lesson.title, language))
        self.page_label.setText(self.tr("Page {} of {}").format(self.page_index + 1,
                                                               len(pages)))
        self.text_label.setText(lesson_html(localized(page.text, language)))
        self.action_label.setText(lesson_html(localized(page.action, language)))
        self.action_label.setVisible(page.action is not None)
        self.setup_button.setVisible(page.experiment is not None)
        self.back_button.setEnabled(self.page_index > 0)
        self.next_button.setEnabled(self.page_index < len(pages) - 1)
        self.scroll.verticalScrollBar().setValue(0)
        self.measure()
        self.page_changed.emit(self.page_index)

    def set_up_experiment(self) -> bool:
        """Load the page's experiment into the window (asking to save changes first)."""
        page = self.page
        if page is None or page.experiment is None:
            return False
        if not self._stop_running_run():
            return False
        actions = self.main_window.file_actions
        if not actions.maybe_save():
            return False
        try:
            self.main_window.document.replace(copy.deepcopy(page.experiment), None)
        except WorkbenchError as exc:
            self.main_window._show_error(self.tr("Cannot set up the experiment"), str(exc))
            return False
        actions.example_path = None
        self.main_window._update_title()
        name = page.experiment.get("name") or ""
        self.main_window.statusBar().showMessage(
            self.tr("Lesson experiment set up: {}").format(name), 4000)
        return True

    def _stop_running_run(self) -> bool:
        """With a run in progress (running or paused), ask before stopping it; True: go on
        setting up (nothing runs now)."""
        controller = self.main_window.training_view.controller
        if not controller.active():
            return True
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("A run is in progress"),
                          self.tr("Setting up this experiment stops the training run in "
                                  "progress (it is kept in Compare runs)."),
                          QMessageBox.StandardButton.NoButton, self)
        stop = box.addButton(self.tr("Stop the run and set up"),
                             QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        self.stop_run_box = box
        box.exec()
        self.stop_run_box = None
        if box.clickedButton() is not stop:
            return False
        controller.discard_session(self.tr("You set up a lesson's experiment."))
        return True

    # ---------------------------------------------------------------- runs and checks
    def _training_state_changed(self, state: str) -> None:
        if state != "finished" or self.lesson is None:
            return
        run = self.main_window.training_view.run
        if run is None or run.info is None or any(r is run for r in self._records):
            return
        self._records.append(run)
        page = self.page
        observed = ObservedRun(run.experiment, run.history, run.info.n_train,
                               page.run_label if page is not None else None)
        self.runs.append(observed)
        self.page_runs.setdefault(self.page_index, []).append(observed)
        self.measure()

    def measure(self) -> None:
        """Measure the page's checks on the runs made on it and show the outcomes."""
        page = self.page
        runs = runs_for_page(self.page_runs, self.page_index)
        self.outcomes = [evaluate(c, runs) for c in page.checks] if page else []
        language = lesson_language()
        lines = [outcome_sentence(o, language) for o in self.outcomes]
        self.checks_label.setText("\n".join(lines))
        self.checks_title.setVisible(bool(lines))
        self.checks_label.setVisible(bool(lines))
        done = bool(self.outcomes) and all(o.passed for o in self.outcomes)
        self.checks_label.setStyleSheet("color: #1b6e20;" if done else "")
        self.outcomes_changed.emit()

    @property
    def outcome_lines(self) -> list[str]:
        """The outcome sentences shown."""
        text = self.checks_label.text()
        return text.split("\n") if text else []

    @property
    def all_passed(self) -> bool:
        """Every check of the page holds (✔) on the runs made."""
        return bool(self.outcomes) and all(line.endswith(PASSED) for line in self.outcome_lines)


class LessonsDock(QDockWidget):
    """The Lessons panel in a dock on the window's right, hidden until a lesson opens."""

    def __init__(self, window: MainWindow, menu: QMenu):
        super().__init__(window)
        self.setObjectName("lessons_dock")
        self.setWindowTitle(self.tr("Lesson"))
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea
                             | Qt.DockWidgetArea.RightDockWidgetArea)
        self.panel = LessonsPanel(window)
        self.panel.setMinimumWidth(260)
        self.panel.page_changed.connect(self._update_title)
        self.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        self.hide()
        self.main_window = window
        self.menu = menu
        self.lessons_dir = LESSONS_DIR
        self.lesson_actions = {}
        self.broken_actions = {}
        self._fill_menu()
        menu.aboutToShow.connect(self._refill_if_language_changed)

    def _update_title(self) -> None:
        """"Lesson: <its title>" on the dock and its toggle in the Lessons menu."""
        lesson = self.panel.lesson
        if lesson is None:
            self.setWindowTitle(self.tr("Lesson"))
        else:
            self.setWindowTitle(self.tr("Lesson: {}").format(
                localized(lesson.title, lesson_language())))

    def changeEvent(self, event) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._update_title()

    def _menu_key(self) -> tuple:
        """What the menu shows depends on: the language and the folder's files."""
        files = []
        for path in bundled_lesson_files(self.lessons_dir):
            try:
                stat = path.stat()
            except OSError:
                continue
            files.append((path.name, stat.st_mtime_ns, stat.st_size))
        return lesson_language(), tuple(files)

    def _refill_if_language_changed(self) -> None:
        """Before the menu shows: refill it when the language or the lesson files changed
        (a teacher may drop a new file into the folder while the workbench runs)."""
        if self._menu_key() != self._menu_state:
            self._fill_menu()

    def _fill_menu(self) -> None:
        self.menu.clear()
        self.lesson_actions.clear()
        self.broken_actions.clear()
        self._menu_state = self._menu_key()
        language = lesson_language()
        self.menu.setToolTipsVisible(True)
        for path in bundled_lesson_files(self.lessons_dir):
            try:
                lesson = load_lesson(path)
            except (WorkbenchError, OSError) as exc:
                # listed, marked, and choosing it says what is wrong
                problem = str(exc) if isinstance(exc, WorkbenchError) \
                    else f"{path.name}: {exc.strerror or exc}"
                action = self.menu.addAction(
                    self.tr("⚠ {} (cannot be read)").format(path.name))
                action.setToolTip(lesson_tooltip(problem))
                action.setStatusTip(problem)
                action.triggered.connect(lambda _c=False, p=path: self.open_lesson(p))
                self.broken_actions[path.stem] = action
                continue
            action = self.menu.addAction(localized(lesson.title, language))
            tip = localized(lesson.summary, language)
            action.setToolTip(lesson_tooltip(tip))
            action.setStatusTip(tip)
            action.triggered.connect(lambda _c=False, p=path: self.open_lesson(p))
            self.lesson_actions[path.stem] = action
        if not self.lesson_actions and not self.broken_actions:
            empty = self.menu.addAction(self.tr("(no lessons installed)"))
            empty.setEnabled(False)
        self.menu.addSeparator()
        self.open_file_action = self.menu.addAction(self.tr("Open lesson file…"))
        tip = self.tr("Open a lesson file from any folder.")
        self.open_file_action.setStatusTip(tip)
        self.open_file_action.setToolTip(tip)
        self.open_file_action.triggered.connect(self.open_lesson_file)
        self.menu.addAction(self.toggleViewAction())

    def open_lesson_file(self) -> bool:
        """Ask for a lesson file anywhere and open it."""
        path = self._ask_lesson_path()
        return self.open_lesson(Path(path)) if path else False

    def _ask_lesson_path(self) -> str | None:
        settings = self.main_window.settings
        path, _filter = QFileDialog.getOpenFileName(
            self.main_window, self.tr("Open a lesson file"), settings.last_directory(),
            self.tr("Lesson files (*.json);;All files (*)"))
        if path:
            settings.set_last_directory(Path(path).resolve().parent)
        return path or None

    def open_lesson(self, path: Path) -> bool:
        """Open the lesson at ``path`` in the panel and show the dock beside the window."""
        if not self.panel.open_lesson(path):
            return False
        if not self.isVisible():
            self.show()
            self.main_window.resizeDocks([self], [PANEL_WIDTH], Qt.Orientation.Horizontal)
        self.raise_()
        return True


def install_lessons(window: MainWindow, menu: QMenu) -> LessonsDock:
    """Give ``window`` the Lessons dock, and ``menu`` one entry per bundled lesson."""
    return LessonsDock(window, menu)
