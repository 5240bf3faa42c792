"""The workbench's main window: menus, the Design and Train tabs, files and settings.

The window owns one :class:`~workbench.document.ExperimentDocument` for its whole life;
File › New/Open/Examples replace its contents (clearing the undo history), and every
panel refreshes from its ``changed`` signal. The Design tab holds the data and training
settings (left) and the network designer (right); the Train tab holds the live training
view. File dialogs and message boxes go through small methods (``_ask_open_path``,
``_ask_save_path``, ``_ask_save_changes``, ``_show_error``) that tests replace.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTimer, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QMainWindow,
                               QMessageBox, QScrollArea, QSplitter, QTabWidget, QTextBrowser,
                               QVBoxLayout, QWidget)

import core
from core import experiment as experiments
from core.io import experiment_file
from core.errors import WorkbenchError
from core.nn.analysis.report import analyze
from workbench.app import APPLICATION_DISPLAY_NAME
from workbench.designer.designer import NetworkDesigner
from workbench.document import ExperimentDocument, file_stem, savable_text
from workbench.model_actions import ModelActions
from workbench.panels.dataset_panel import DatasetPanel
from workbench.panels.training_panel import TrainingPanel, backend_description, device_status
from workbench.regular_files import regular_file_problem
from workbench.settings import WorkbenchSettings

EXAMPLES_DIR = Path(core.__file__).resolve().parents[1] / "resources" / "examples"
FILE_FILTER = "Experiments (*.json);;All files (*)"
DEFAULT_SIZE = (1280, 800)
#: Room left around the window on its screen for the title bar and frame.
FRAME_MARGIN = (16, 40)
#: The Data/Training column never gets narrower than this (its forms stay usable).
SETTINGS_MIN_WIDTH = 300

#: The primer's glossary, in English, for Help › Concepts.
CONCEPTS = (
    ("Neuron", "Also called a node: the basic unit of a neural network. Each neuron receives "
     "inputs, forms their weighted sum, passes it through an activation function and sends "
     "the result on as its output."),
    ("Weight and bias", "Neurons pass information along connections. Each connection has a "
     "weight w, the strength of the connection: it decides how much an input signal "
     "influences the output. Each neuron adds a bias b to its weighted sum: z = w·x + b."),
    ("Layer", "Neurons are organized in layers. The input layer receives the data; hidden "
     "layers, between input and output, process and transform it (the “depth” of deep "
     "learning is their number); the output layer produces the result. In a fully connected "
     "network every neuron of layer N is connected to all neurons of layer N−1, neurons in "
     "the same layer are not connected, and the outputs of layer N−1 are the inputs of "
     "layer N."),
    ("Activation", "The weighted sum is always linear. An activation function transforms "
     "each layer's output and brings non-linearity into the network, so that it can fit "
     "curves and express complex patterns. ReLU is the first choice for hidden layers "
     "(try Leaky ReLU if it works badly, and watch for dead ReLUs); sigmoid for the output "
     "of a two-class problem; softmax for the output of a multi-class problem (the outputs "
     "become probabilities that sum to 1)."),
    ("Loss", "A function that measures the quality of the model's parameters by comparing "
     "the network's output with the true output: it tells how big a mistake the model "
     "made. Training minimizes the loss; it also evaluates the model on held-out data. "
     "Mean squared error (MSE) is the usual loss for regression, cross-entropy for "
     "classification (after a softmax)."),
    ("Gradient descent", "An optimization algorithm that searches for the minimum of the "
     "loss. Imagine standing on a mountain and wanting to reach the valley: find the "
     "steepest way down, take a step along it, and repeat until the lowest point. The "
     "gradient points where the loss grows fastest, so each iteration moves the "
     "parameters a small step the other way: θ_new = θ_old − α·∇J(θ)."),
    ("Batch, stochastic, mini-batch", "Kinds of gradient descent by how many samples each "
     "iteration uses. Batch gradient descent (BGD) uses all training samples: stable, but "
     "heavy and slow on large data. Stochastic gradient descent (SGD) uses one randomly "
     "chosen sample: fast and may escape local minima, but the training fluctuates. "
     "Mini-batch gradient descent (MBGD) uses a small random subset, a mini-batch: it "
     "combines the stability of the first with the speed of the second, at the price of "
     "choosing the mini-batch size."),
    ("Iteration", "One forward and back propagation on one batch: with batch size 128, one "
     "iteration processes 128 samples and updates the weights once."),
    ("Epoch", "One full round of training: all of the training data (say 100,000 images) "
     "has passed through the network once."),
    ("Forward propagation", "The input data is passed through the network layer by layer, "
     "computing the output of every neuron, until the final output is produced."),
    ("Back propagation", "The optimization of the parameters: from the gradient of the "
     "loss, the weights are adjusted starting at the deepest layer and moving back to the "
     "shallowest. The chain rule computes all the gradients efficiently."),
    ("Learning rate", "The learning rate α controls the size of each step of gradient "
     "descent. Too large, and the algorithm oscillates around the minimum and does not "
     "converge; too small, and it converges slowly. Choose it by experiment, or let it "
     "decay as training proceeds (a learning-rate schedule)."),
    ("Optimizer", "Uses the computed gradients to update the network's weights so that the "
     "loss decreases: plain gradient descent, momentum (accelerates and damps "
     "oscillation), or Adam (combines momentum and RMSprop, and is less sensitive to the "
     "choice of learning rate)."),
)


def concepts_html() -> str:
    """The glossary as HTML for the Concepts dialog."""
    items = "".join(f"<dt><b>{term}</b></dt><dd style='margin-bottom:8px'>{text}</dd>"
                    for term, text in CONCEPTS)
    return ("<h3>Concepts of neural networks</h3>"
            "<p>The ideas this workbench lets you try, in the words of the primer it follows."
            "</p><dl>" + items + "</dl>")


def _load_training_view_class():
    """The live training view class, or None while it is not available."""
    try:
        from workbench.dashboard.view import TrainingView
    except ImportError:
        return None
    return TrainingView


class ConceptsDialog(QDialog):
    """Help › Concepts: the glossary of the primer."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Concepts")
        self.resize(620, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setHtml(concepts_html())
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


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
        self._example_path: Path | None = None
        self._discarding = False
        self._train_enabled = False
        self._train_reason = "the data is not loaded yet"
        self._dataset = None
        self._data_error: str | None = None

        self.resize(*fitting_size(DEFAULT_SIZE, self._available_geometry()))
        self.model_actions = ModelActions(self)
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
        if not self._columns_moved:
            self._columns_timer.start(0)  # once the children have their new geometry

    def _columns_dragged(self, *_args) -> None:
        self._columns_moved = True

    def _fit_columns(self) -> None:
        """Share the Design tab's width: data/training settings, palette, network,
        properties (the network gets what the others leave)."""
        width = self.design_splitter.width()
        settings, palette, right = column_widths(self.width())
        self.design_splitter.setSizes([settings, max(width - settings, 1)])
        inner = getattr(self.designer, "splitter", None)
        if inner is not None and inner.count() == 3:
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
        self.settings_tabs.addTab(_scrolled(self.dataset_panel), "Data")
        self.settings_tabs.addTab(_scrolled(self.training_panel), "Training")
        self.settings_tabs.setTabToolTip(0, "where the samples come from, and a preview")
        self.settings_tabs.setTabToolTip(1, "loss, optimizer, gradient descent, epochs, engine")
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
        designer_splitter = getattr(self.designer, "splitter", None)
        if designer_splitter is not None:
            designer_splitter.splitterMoved.connect(self._columns_dragged)
        self.tabs.addTab(self.design_splitter, "Design")

        view_class = _load_training_view_class()
        if view_class is not None:
            self.training_view = view_class(self.document, self)
        else:
            self.training_view = None
        train_tab = self.training_view if self.training_view is not None else \
            QLabel("live training view not available")
        if self.training_view is None:
            train_tab.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs.addTab(train_tab, "Train")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action("&New", QKeySequence.StandardKey.New, self.new_experiment,
                                       "start again from the default experiment")
        self.open_action = self._action("&Open…", QKeySequence.StandardKey.Open,
                                        lambda: self.open_experiment(),
                                        "open an experiment file (JSON)")
        self.save_action = self._action("&Save", QKeySequence.StandardKey.Save, self.save,
                                        "save the experiment")
        self.save_as_action = self._action("Save &As…", QKeySequence.StandardKey.SaveAs,
                                           self.save_as, "save the experiment to a new file")
        self.open_model_action = self._action(
            "Open &Model…", QKeySequence("Ctrl+Shift+O"), lambda: self.model_actions.open_model(),
            "open trained weights (.npz or .safetensors) with the experiment that made them")
        self.export_weights_action = self._action(
            "&Export Weights…", QKeySequence("Ctrl+E"),
            lambda: self.model_actions.export_weights(),
            "save the trained weights as NumPy .npz, safetensors, ONNX or a NumPy script")
        self.predict_action = self._action(
            "&Predict on CSV…", None, lambda: self.model_actions.show_predict_dialog(),
            "run the trained network on the rows of a CSV file and save its predictions")
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close,
                                        "close the workbench")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.open_model_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.examples_menu = file_menu.addMenu("&Examples")
        self.examples_menu.aboutToShow.connect(self._fill_examples_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_weights_action)
        file_menu.addAction(self.predict_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self._fill_recent_menu()
        self._fill_examples_menu()

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.document.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.document.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        help_menu = bar.addMenu("&Help")
        self.concepts_action = self._action("&Concepts…", None, self.show_concepts,
                                            "neurons, weights, layers, loss, gradient descent…")
        self.about_action = self._action("&About", None, self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.concepts_action)
        help_menu.addAction(self.about_action)

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
        from PySide6.QtCore import QDeadlineTimer, QEventLoop
        from PySide6.QtWidgets import QApplication
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
        if self._example_path is not None:
            name = self.document.experiment.get("name") or self._example_path.stem
            return f"{name} (example)"
        if self.document.path is not None:
            return self.document.path.name
        return self.document.experiment.get("name") or "Untitled"

    def _update_title(self) -> None:
        self.setWindowTitle(f"{APPLICATION_DISPLAY_NAME} — {self.window_name()} [*]")
        self.setWindowModified(self.document.dirty)

    def _update_device_label(self) -> None:
        name = self.document.experiment["training"]["backend"]
        self.device_label.setText(backend_description(name))
        gpu_ok, gpu_text, _cpu = device_status()
        self.device_label.setToolTip("the engine runs here" if gpu_ok else
                                     f"GPU unavailable: {gpu_text}")

    def _document_changed(self) -> None:
        self._update_title()
        self._update_device_label()
        self._update_train_state()

    def _data_loaded(self, data) -> None:
        self._dataset = data
        self._data_error = None
        self.designer.set_context(data.n_features, data.n_outputs, data.task)
        self.training_panel.set_training_size(data.summary.get("train_rows"))
        offer = getattr(self.training_view, "use_prepared", None)
        if callable(offer):  # the next run starts from these arrays: one copy in memory
            offer(data.spec, self.document.base_dir, data.prepared)
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
        text = "" if enabled else f"Cannot train: {reason}"
        metrics = self.train_status_label.fontMetrics()
        self.train_status_label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                           self.train_status_label.maximumWidth()))
        self.train_status_label.setToolTip(text)
        self.train_status_label.setVisible(not enabled)
        setter = getattr(self.training_view, "set_train_enabled", None)
        if callable(setter):
            setter(enabled, reason)
        if changed:
            self.train_state_changed.emit(enabled, reason)

    def _compute_train_state(self) -> tuple[bool, str]:
        if self._data_error is not None:
            return False, f"The data cannot be loaded: {self._data_error}"
        if self._dataset is None:
            if self.dataset_panel.loading:
                return False, "The data is still loading."
            return False, "The data is not loaded yet."
        exp = self.document.experiment
        ds = self._dataset
        analysis = analyze(exp["model"]["layers"], ds.n_features, ds.n_outputs, ds.task,
                           exp["loss"])
        if not analysis.ok:
            return False, analysis.errors[0].message
        if exp["training"]["backend"] == "gpu":
            gpu_ok, why, _cpu = device_status()
            if not gpu_ok:
                return False, f"The GPU backend is not available: {why}."
        return True, ""

    def show_train_tab(self) -> None:
        self.tabs.setCurrentIndex(1)

    def show_design_tab(self) -> None:
        self.tabs.setCurrentIndex(0)

    # ---------------------------------------------------------------- file actions
    def new_experiment(self) -> bool:
        """File › New: the default experiment (after asking to save changes)."""
        if not self._maybe_save():
            return False
        self._example_path = None
        self.document.replace(experiments.default_experiment(), None)
        self._update_title()
        self.statusBar().showMessage("New experiment", 4000)
        return True

    def open_experiment(self) -> bool:
        """File › Open…: ask for a file, then :meth:`open_file`."""
        if not self._maybe_save():
            return False
        path = self._ask_open_path()
        if not path:
            return False
        return self.open_file(path, ask_to_save=False)

    def open_file(self, path, ask_to_save: bool = True, example: bool = False) -> bool:
        """Load the experiment at ``path``; on any problem show it and keep the current one."""
        if ask_to_save and not self._maybe_save():
            return False
        path = Path(path)
        problem = regular_file_problem(path, "an experiment file (JSON)")
        if problem:  # a FIFO would block the reader forever
            self._show_error("Cannot open the experiment", problem)
            return False
        try:
            exp = experiment_file.load(path)
        except WorkbenchError as exc:
            self._show_error("Cannot open the experiment", str(exc))
            return False
        except (OSError, ValueError, RecursionError) as exc:  # e.g. a pathological file
            self._show_error("Cannot open the experiment", f"{path}: {exc}")
            return False
        try:
            self.document.replace(exp, path)
        except WorkbenchError as exc:
            self._show_error("Cannot open the experiment", f"{path}: {exc}")
            return False
        self._example_path = path if example else None
        self._update_title()
        if not example:
            self.settings.add_recent_file(path)
            self.settings.set_last_directory(path.resolve().parent)
        self.statusBar().showMessage(f"Opened {path}", 4000)
        return True

    def open_example(self, path) -> bool:
        """File › Examples: open a shipped example; saving it asks for a new file name."""
        return self.open_file(path, ask_to_save=True, example=True)

    def save(self) -> bool:
        """File › Save (Save As for a new experiment or an example)."""
        if self.document.path is None or self._example_path is not None:
            return self.save_as()
        return self._write(self.document.path)

    def save_as(self) -> bool:
        """File › Save As…: ask for a file name and write there."""
        suggested = self._suggested_file_name()
        path = self._ask_save_path(suggested)
        if not path:
            return False
        path = Path(path)
        if path.suffix == "":
            path = path.with_suffix(".json")
        self._rebase_data_path(path.parent)
        if not self._write(path):
            return False
        self._example_path = None
        self._update_title()
        return True

    def _write(self, path: Path) -> bool:
        repaired, where = savable_text(self.document.experiment)
        note = ""
        if where:  # e.g. a lone surrogate read from a JSON file: UTF-8 cannot write it
            try:
                self.document.edit("replace characters that cannot be saved", repaired)
            except WorkbenchError as exc:
                self._show_error("Cannot save the experiment", f"{path}: {exc}")
                return False
            note = (f" ({', '.join(where)}: characters that are not valid Unicode were "
                    "replaced by �)")
        try:
            experiment_file.save(self.document.experiment, path)
        except WorkbenchError as exc:
            self._show_error("Cannot save the experiment", str(exc))
            return False
        except OSError as exc:
            self._show_error("Cannot save the experiment",
                             f"{path}: cannot be written ({exc.strerror or exc}).")
            return False
        except (UnicodeError, ValueError, RecursionError) as exc:
            self._show_error("Cannot save the experiment",
                             f"{path}: the experiment cannot be written as JSON ({exc}).")
            return False
        self.document.mark_saved(path)
        self.settings.add_recent_file(path)
        self.settings.set_last_directory(path.resolve().parent)
        self.statusBar().showMessage(f"Saved {path}{note}", 8000 if note else 4000)
        return True

    def _rebase_data_path(self, new_dir: Path) -> None:
        """Keep a data file reachable when the experiment moves to another folder.

        A relative data path is resolved from the experiment's folder; saving elsewhere
        turns it into an absolute one (as one undoable step).
        """
        data = self.document.experiment["data"]
        rel = data.get("path")
        base = self.document.base_dir
        if not isinstance(rel, str) or not rel or Path(rel).is_absolute() or base is None:
            return
        if base.resolve() == Path(new_dir).resolve():
            return
        new_data = dict(data)
        new_data["path"] = str((base / rel).resolve())
        try:
            self.document.set_section("data", new_data, "keep the data file path")
        except WorkbenchError:
            pass

    def _suggested_file_name(self) -> str:
        folder = Path(self.settings.last_directory())
        if self.document.path is not None and self._example_path is None:
            return str(self.document.path)
        return str(folder / f"{file_stem(self.document.experiment.get('name'))}.json")

    def _maybe_save(self) -> bool:
        """Before losing unsaved changes: Save / Discard / Cancel. True to go on."""
        if not self.document.dirty or self._discarding:
            return True
        answer = self._ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # ---------------------------------------------------------------- menus
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for i, name in enumerate(files):
            action = self.recent_menu.addAction(f"&{(i + 1) % 10} {Path(name).name}")
            action.setToolTip(name)
            action.setStatusTip(name)
            action.triggered.connect(lambda _c=False, p=name: self._open_recent(p))
        if files:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction("Clear the list")
            clear.triggered.connect(self.settings.clear_recent_files)
        else:
            empty = self.recent_menu.addAction("(no recent files)")
            empty.setEnabled(False)

    def _open_recent(self, path: str) -> bool:
        if not Path(path).is_file():
            self._show_error("Cannot open the experiment",
                             f"{path}: the file no longer exists; it is removed from the list.")
            self.settings.remove_recent_file(path)
            return False
        return self.open_file(path)

    def example_files(self) -> list[Path]:
        """The shipped example experiments (resources/examples/*.json), by file name."""
        if not EXAMPLES_DIR.is_dir():
            return []
        return sorted(EXAMPLES_DIR.glob("*.json"))

    def _fill_examples_menu(self) -> None:
        self.examples_menu.clear()
        files = self.example_files()
        for path in files:
            title, tip = path.stem.replace("_", " "), str(path)
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(doc, dict):
                    title = doc.get("name") or title
                    tip = doc.get("description") or tip
            except (OSError, ValueError):
                pass
            action = self.examples_menu.addAction(title)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _c=False, p=path: self.open_example(p))
        if not files:
            empty = self.examples_menu.addAction("(no examples installed)")
            empty.setEnabled(False)
        self.examples_menu.setToolTipsVisible(True)

    def show_concepts(self) -> None:
        dialog = ConceptsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self._concepts_dialog = dialog

    def show_about(self) -> None:
        from importlib import metadata
        try:
            version = metadata.version("nn-workbench")
        except metadata.PackageNotFoundError:
            version = "development version"
        QMessageBox.about(self, f"About {APPLICATION_DISPLAY_NAME}",
                          f"<h3>{APPLICATION_DISPLAY_NAME}</h3><p>{version}</p>"
                          "<p>Design, train and inspect fully connected neural networks, on "
                          "an engine of its own (NumPy on the CPU, CuPy on an NVIDIA GPU).</p>"
                          f"<p>Engine: {backend_description('auto')}</p>")

    # ---------------------------------------------------------------- dialogs (tests replace)
    def _ask_open_path(self) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(self, "Open experiment",
                                                    self.settings.last_directory(), FILE_FILTER)
        return path or None

    def _ask_save_path(self, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(self, "Save experiment as", suggested,
                                                    FILE_FILTER)
        return path or None

    def _ask_data_path(self) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Open a data file", self.settings.last_directory(),
            "Data files (*.csv *.tsv *.txt *.npz);;All files (*)")
        if path:
            self.settings.set_last_directory(Path(path).resolve().parent)
        return path or None

    def _ask_save_changes(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self, "Unsaved changes",
            f"“{self.window_name()}” has unsaved changes. Save them first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)

    def _show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    # ---------------------------------------------------------------- closing
    def closeEvent(self, event) -> None:  # Qt override
        if not self._maybe_save():
            event.ignore()
            return
        keep_run = getattr(self.training_view, "confirm_close", None)  # unexported weights
        if not self._discarding and callable(keep_run) and not keep_run():
            event.ignore()
            return
        self.settings.save_window(self)
        self.settings.sync()
        self.dataset_panel.shutdown()  # cancel a load in progress and wait for its thread
        for name in ("shutdown", "stop_training", "stop"):
            stop = getattr(self.training_view, name, None)
            if callable(stop):
                stop()
                break
        event.accept()

    def discard_and_close(self) -> None:
        """Close without asking about unsaved changes (screenshots, tests)."""
        self._discarding = True
        self.close()
