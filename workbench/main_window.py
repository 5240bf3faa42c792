# Why this module is long (~460 lines): the window wires its tabs (Design with Data and
# Training beside the designer, Train), the File/Edit/Help menus, the status bar and the
# train-enabled state together; the menus' actions and dialogs already live in
# experiment_file_actions, model_actions, help_dialogs and prediction_dialog.
"""The workbench's main window: menus, the Design and Train tabs, files and settings.

The window owns one :class:`~workbench.document.ExperimentDocument` for its whole life;
File › New/Open/Examples replace its contents (clearing the undo history), and every
panel refreshes from its ``changed`` signal. The Design tab holds the data and training
settings (left) and the network designer (right); the Train tab holds the live training
view. The File menu's experiment entries are :mod:`workbench.experiment_file_actions`, its
model entries :mod:`workbench.model_actions`, the Help menu :mod:`workbench.help_dialogs`.
File dialogs and message boxes go through small methods (``_ask_open_path``,
``_ask_save_path``, ``_ask_save_changes``, ``_show_error``) that tests replace.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QWidget,
)

from core.nn.analysis.report import analyze
from workbench.dashboard.training_view import TrainingView
from workbench.designer.designer import NetworkDesigner
from workbench.document import ExperimentDocument
from workbench.experiment_file_actions import FILE_FILTER, ExperimentFileActions
from workbench.help_dialogs import ConceptsDialog, about_html
from workbench.i18n import core_texts
from workbench.i18n.language_menu import install_language_menu
from workbench.identity import APPLICATION_DISPLAY_NAME
from workbench.lessons.lessons_panel import install_lessons
from workbench.model_actions import ModelActions
from workbench.panels.dataset_panel import DatasetPanel
from workbench.panels.training_panel import TrainingPanel, backend_description, device_status
from workbench.runs.runs_tab import install_runs_tab
from workbench.settings import WorkbenchSettings

DEFAULT_SIZE = (1280, 800)
#: Room left around the window on its screen for the title bar and frame.
FRAME_MARGIN = (16, 40)
#: The Data/Training column never gets narrower than this (its forms stay usable).
SETTINGS_MIN_WIDTH = 300


class TrainState(NamedTuple):
    """Whether the document can be trained now, and if not, why (one sentence)."""

    enabled: bool
    reason: str


def column_widths(window_width: int) -> tuple[int, int, int]:
    """Widths of the settings column, the layer palette and the properties column for a
    window ``window_width`` pixels wide (the network column takes the rest)."""
    def share(fraction, low, high):
        return int(min(max(round(window_width * fraction), low), high))
    return (share(0.25, SETTINGS_MIN_WIDTH, 380), share(0.12, 150, 200),
            share(0.2, 220, 330))


def fitting_size(wanted: tuple[int, int], available) -> tuple[int, int]:
    """``wanted`` (width, height) shrunk to fit ``available`` (a QRect of the screen's free
    area, or None), leaving a margin for the window frame."""
    w, h = wanted
    if available is None or available.width() <= 0 or available.height() <= 0:
        return w, h
    return (min(w, available.width() - FRAME_MARGIN[0]),
            min(h, available.height() - FRAME_MARGIN[1]))


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class MainWindow(QMainWindow):
    """The workbench window on one experiment document.

    Parameters
    ----------
    document : ExperimentDocument, optional
        Default: a new document on :func:`core.experiment.default_experiment`.
    settings : WorkbenchSettings, optional
        Recent files, last folder and window layout (default: the user's settings).
    restore_layout : bool
        Restore the window geometry saved by the last session.

    Signals
    -------
    train_state_changed(bool, str)
        Whether training is possible now, and if not, why.
    """

    train_state_changed = Signal(bool, str)

    def __init__(self, document: ExperimentDocument | None = None,
                 settings: WorkbenchSettings | None = None, parent: QWidget | None = None,
                 restore_layout: bool = True):
        super().__init__(parent)
        self.document = document if document is not None else ExperimentDocument(parent=self)
        if self.document.parent() is None:
            self.document.setParent(self)
        self.settings = settings if settings is not None else WorkbenchSettings()
        self._discarding = False
        self._train_enabled = False
        self._train_reason = self.tr("the data is not loaded yet")
        self._dataset = None
        self._data_error: str | None = None

        self.resize(*fitting_size(DEFAULT_SIZE, self._available_geometry()))
        self.model_actions = ModelActions(self)
        self.file_actions = ExperimentFileActions(self)
        self._build_tabs()
        self._build_menus()
        self._build_status_bar()

        self.document.changed.connect(self._document_changed)
        self.document.path_changed.connect(self._update_title)
        self.document.dirty_changed.connect(self.setWindowModified)
        self.dataset_panel.data_loaded.connect(self._data_loaded)
        self.dataset_panel.data_failed.connect(self._data_failed)
        self.dataset_panel.data_loading.connect(self._data_loading)
        self.training_panel.edit_failed.connect(lambda msg: self.statusBar().showMessage(msg,
                                                                                         8000))
        self._update_title()
        self.dataset_panel.emit_current()  # it loaded before these connections existed
        self._update_train_state()
        if restore_layout and self.settings.restore_window(self):
            # saved on a bigger screen (a monitor since unplugged): fit this one
            self.resize(*fitting_size((self.width(), self.height()), self._available_geometry()))

    def resizeEvent(self, event):  # Qt override
        super().resizeEvent(event)
        self._refit_columns()

    def _refit_columns(self) -> None:
        if not self._columns_moved:
            self._columns_timer.start(0)  # once the children have their new geometry

    def _columns_dragged(self, *_args) -> None:
        self._columns_moved = True

    def _fit_columns(self) -> None:
        """Share the Design tab's width: data/training settings, palette, network,
        properties (the network gets what the others leave)."""
        width = self.design_splitter.width()
        settings, palette, right = column_widths(self.tabs.width())  # the Lessons dock aside
        self.design_splitter.setSizes([settings, max(width - settings, 1)])
        inner = self.designer.splitter
        if inner.count() == 3:
            inner_width = max(inner.width(), 1)
            if width > 0:  # the designer's share after the outer split
                inner_width = max(width - settings - self.design_splitter.handleWidth()
                                  - (self.designer.width() - inner.width()), 1)
            inner.setSizes([palette, max(inner_width - palette - right, 1), right])

    def _available_geometry(self):
        """The free area of the screen the window opens on (None without a screen)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else None

    # ---------------------------------------------------------------- building
    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)

        self.dataset_panel = DatasetPanel(self.document)
        self.dataset_panel.set_file_dialog(self._ask_data_path)
        self.training_panel = TrainingPanel(self.document)
        self.settings_tabs = QTabWidget()
        self.settings_tabs.addTab(_scrolled(self.dataset_panel), self.tr("Data"))
        self.settings_tabs.addTab(_scrolled(self.training_panel), self.tr("Training"))
        self.settings_tabs.setTabToolTip(0, self.tr("where the samples come from, and a preview"))
        self.settings_tabs.setTabToolTip(
            1, self.tr("loss, optimizer, gradient descent, epochs, engine"))
        self.settings_tabs.setMinimumWidth(SETTINGS_MIN_WIDTH)

        self.designer = NetworkDesigner(self.document)
        self.design_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.design_splitter.addWidget(self.settings_tabs)
        self.design_splitter.addWidget(self.designer)
        self.design_splitter.setStretchFactor(0, 0)
        self.design_splitter.setStretchFactor(1, 1)
        self.design_splitter.setChildrenCollapsible(False)
        # the columns follow the window's width until the person drags a divider
        self._columns_moved = False
        self._columns_timer = QTimer(self)
        self._columns_timer.setSingleShot(True)
        self._columns_timer.timeout.connect(self._fit_columns)
        self.design_splitter.splitterMoved.connect(self._columns_dragged)
        self.designer.splitter.splitterMoved.connect(self._columns_dragged)
        self.tabs.addTab(self.design_splitter, self.tr("Design"))

        self.training_view = TrainingView(self.document, self)
        self.tabs.addTab(self.training_view, self.tr("Train"))
        self.runs_tab = install_runs_tab(self)   # records every run; the Runs browser

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_action = self._action(self.tr("&New"), QKeySequence.StandardKey.New,
                                       self.file_actions.new_experiment,
                                       self.tr("start again from the default experiment"))
        self.open_action = self._action(self.tr("&Open…"), QKeySequence.StandardKey.Open,
                                        lambda: self.file_actions.open_experiment(),
                                        self.tr("open an experiment file (JSON)"))
        self.save_action = self._action(self.tr("&Save"), QKeySequence.StandardKey.Save,
                                        self.file_actions.save,
                                        self.tr("save the experiment"))
        self.save_as_action = self._action(self.tr("Save &As…"),
                                           QKeySequence.StandardKey.SaveAs,
                                           self.file_actions.save_as,
                                           self.tr("save the experiment to a new file"))
        self.open_model_action = self._action(
            self.tr("Open &Model…"), QKeySequence("Ctrl+Shift+O"),
            lambda: self.model_actions.open_model(),
            self.tr("open trained weights (.npz or .safetensors) with the experiment that "
                    "made them"))
        self.export_weights_action = self._action(
            self.tr("&Export Weights…"), QKeySequence("Ctrl+E"),
            lambda: self.model_actions.export_weights(),
            self.tr("save the trained weights as NumPy .npz, safetensors, ONNX or a NumPy "
                    "script"))
        self.predict_action = self._action(
            self.tr("&Predict on CSV…"), None, lambda: self.model_actions.show_predict_dialog(),
            self.tr("run the trained network on the rows of a CSV file and save its "
                    "predictions"))
        self.quit_action = self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit,
                                        self.close, self.tr("close the workbench"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.open_model_action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self.file_actions.fill_recent_menu)
        self.examples_menu = file_menu.addMenu(self.tr("&Examples"))
        self.examples_menu.aboutToShow.connect(self.file_actions.fill_examples_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_weights_action)
        file_menu.addAction(self.predict_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.file_actions.fill_recent_menu()
        self.file_actions.fill_examples_menu()

        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self.document.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.document.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        self.lessons_menu = bar.addMenu(self.tr("&Lessons"))
        self.lessons = install_lessons(self, self.lessons_menu)   # the dock beside the window
        self.lessons.visibilityChanged.connect(lambda _shown: self._refit_columns())

        help_menu = bar.addMenu(self.tr("&Help"))
        self.concepts_action = self._action(
            self.tr("&Concepts…"), None, self.show_concepts,
            self.tr("neurons, weights, layers, loss, gradient descent…"))
        self.about_action = self._action(self.tr("&About"), None, self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.concepts_action)
        help_menu.addAction(self.about_action)
        self.settings_menu = install_language_menu(self, self.settings, help_menu.menuAction())

    def _action(self, text: str, shortcut, slot, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work whatever has focus
        return action

    def _build_status_bar(self) -> None:
        self.train_status_label = QLabel()
        self.train_status_label.setObjectName("train_status")
        self.train_status_label.setStyleSheet("color: #b3261e;")
        self.train_status_label.setMaximumWidth(560)
        self.statusBar().addPermanentWidget(self.train_status_label)
        self.device_label = QLabel()
        self.device_label.setObjectName("device_status")
        self.statusBar().addPermanentWidget(self.device_label)
        self._update_device_label()

    # ---------------------------------------------------------------- state shown
    @property
    def train_enabled(self) -> bool:
        """True when the data loads and the network can be trained on it."""
        return self._train_enabled

    @property
    def dataset(self):
        """The current experiment's data as loaded by the Data panel (a
        :class:`~workbench.panels.data_loader.LoadedData`: prepared data, preview, summary,
        ``feature_names``, ``n_features`` ...), or None while it loads or fails."""
        return self._dataset

    def wait_for_data(self, timeout_s: float = 60.0) -> bool:
        """Process events until the Data panel has finished loading (screenshots, scripts);
        True when it has."""
        deadline = QDeadlineTimer(int(timeout_s * 1000))
        while self.dataset_panel.loading and not deadline.hasExpired():
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QApplication.processEvents()
        return not self.dataset_panel.loading

    @property
    def train_disabled_reason(self) -> str:
        return "" if self._train_enabled else self._train_reason

    def window_name(self) -> str:
        """What the title calls the experiment: the file name, else its name."""
        example = self.file_actions.example_path
        if example is not None:
            name = self.document.experiment.get("name") or example.stem
            return self.tr("{} (example)").format(name)
        if self.document.path is not None:
            return self.document.path.name
        return self.document.experiment.get("name") or self.tr("Untitled")

    def _update_title(self) -> None:
        name = QCoreApplication.translate("About", APPLICATION_DISPLAY_NAME)   # (help_dialogs)
        self.setWindowTitle(f"{name} — {self.window_name()} [*]")
        self.setWindowModified(self.document.dirty)

    def _update_device_label(self) -> None:
        name = self.document.experiment["training"]["backend"]
        self.device_label.setText(backend_description(name))
        status = device_status()
        self.device_label.setToolTip(
            self.tr("the engine runs here") if status.gpu_available else
            self.tr("GPU unavailable: {}").format(core_texts.device_text(status.gpu_text)))

    def _document_changed(self) -> None:
        self._update_title()
        self._update_device_label()
        self._update_train_state()

    def _data_loaded(self, data) -> None:
        self._dataset = data
        self._data_error = None
        self.designer.set_context(data.prepared.train.sample_shape, data.n_outputs, data.task)
        self.training_panel.set_training_size(data.summary.get("train_rows"))
        # the next run starts from these arrays: one copy in memory
        self.training_view.use_prepared(data.spec, self.document.base_dir, data.prepared)
        self._update_train_state()

    def _data_loading(self, _text: str) -> None:
        self._dataset = None
        self._data_error = None
        self.training_panel.set_training_size(None)
        self._update_train_state()

    def _data_failed(self, message: str) -> None:
        self._dataset = None
        self._data_error = message
        self.designer.set_context(None, None, None)  # no stale shapes from the last data
        self.training_panel.set_training_size(None)
        self._update_train_state()

    def _update_train_state(self) -> None:
        enabled, reason = self._compute_train_state()
        changed = (enabled, reason) != (self._train_enabled, self._train_reason)
        self._train_enabled, self._train_reason = enabled, reason
        text = "" if enabled else self.tr("Cannot train: {}").format(reason)
        metrics = self.train_status_label.fontMetrics()
        self.train_status_label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                           self.train_status_label.maximumWidth()))
        self.train_status_label.setToolTip(text)
        self.train_status_label.setVisible(not enabled)
        self.training_view.set_train_enabled(enabled, reason)
        if changed:
            self.train_state_changed.emit(enabled, reason)

    def _compute_train_state(self) -> TrainState:
        if self._data_error is not None:
            return TrainState(False, self.tr("The data cannot be loaded: {}")
                              .format(self._data_error))
        if self._dataset is None:
            if self.dataset_panel.loading:
                return TrainState(False, self.tr("The data is still loading."))
            return TrainState(False, self.tr("The data is not loaded yet."))
        exp = self.document.experiment
        ds = self._dataset
        analysis = analyze(exp["model"]["layers"], ds.prepared.train.sample_shape, ds.n_outputs,
                           ds.task, exp["loss"])
        if not analysis.ok:
            return TrainState(False, core_texts.finding_message(analysis.errors[0].message))
        if exp["training"]["backend"] == "gpu":
            status = device_status()
            if not status.gpu_available:
                return TrainState(False, self.tr("The GPU backend is not available: {}.")
                                  .format(core_texts.device_text(status.gpu_text)))
        return TrainState(True, "")

    def show_train_tab(self) -> None:
        self.tabs.setCurrentIndex(1)

    # ---------------------------------------------------------------- file actions
    def open_file(self, path, ask_to_save: bool = True, example: bool = False) -> bool:
        """Load the experiment at ``path``; on any problem show it and keep the current one."""
        return self.file_actions.open_file(path, ask_to_save, example)

    def _maybe_save(self) -> bool:
        """Before losing unsaved changes: Save / Discard / Cancel. True to go on."""
        return self.file_actions.maybe_save()

    # ---------------------------------------------------------------- Help menu
    def show_concepts(self) -> None:
        dialog = ConceptsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self._concepts_dialog = dialog

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About {}").format(
            QCoreApplication.translate("About", APPLICATION_DISPLAY_NAME)),
                          about_html())

    # ---------------------------------------------------------------- dialogs (tests replace)
    def _ask_open_path(self) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Open experiment"),
                                                    self.settings.last_directory(), FILE_FILTER)
        return path or None

    def _ask_save_path(self, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save experiment as"),
                                                    suggested,
                                                    FILE_FILTER)
        return path or None

    def _ask_data_path(self) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Open a data file"), self.settings.last_directory(),
            self.tr("Data files (*.csv *.tsv *.txt *.npz);;All files (*)"))
        if path:
            self.settings.set_last_directory(Path(path).resolve().parent)
        return path or None

    def _ask_save_changes(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("“{}” has unsaved changes. Save them first?").format(self.window_name()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)

    def _show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    # ---------------------------------------------------------------- closing
    def closeEvent(self, event) -> None:  # Qt override
        if not self._maybe_save():
            event.ignore()
            return
        # a trained run whose weights were never exported: offer to export them
        if not self._discarding and not self.training_view.confirm_close():
            event.ignore()
            return
        self.settings.save_window(self)
        self.settings.sync()
        self.dataset_panel.shutdown()  # cancel a load in progress and wait for its thread
        self.training_view.shutdown()
        self.runs_tab.shutdown()  # the run set aside just now is written before we go
        event.accept()

    def discard_and_close(self) -> None:
        """Close without asking about unsaved changes (screenshots, tests)."""
        self._discarding = True
        self.close()
