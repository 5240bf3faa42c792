"""Trained weights in and out of the window: File › Open Model…, Export Weights…, Predict.

:class:`ModelActions` serves the three File-menu entries of the main window:

* **Open Model…** reads a ``.npz``/``.safetensors`` model file written by the workbench
  (or by ``nn-workbench train``), or an ONNX model (:mod:`core.io.onnx_import`), checks
  that every weight fits the network its experiment describes, and only then replaces
  the document by that experiment, with the weights as
  :attr:`ExperimentDocument.init_state` (training continues from them).
* **Export Weights…** (Ctrl+E) writes the current trained weights, with the experiment,
  the standardization and the class names, as ``.npz``, ``.safetensors``, ``.onnx`` or a
  standalone NumPy script (plus its ``_weights.npz``); every file is written atomically.
* **Predict on CSV…** opens :class:`~workbench.prediction_dialog.PredictDialog`: the
  network's outputs for each row of a CSV (class probabilities and the predicted class,
  or output values), saved as CSV.

"The current trained weights" are those of the latest run on the Train tab (its last
epoch-end snapshot), unless a model file was opened since, in which case they are the
file's. Every file dialog and message goes through a small method tests replace
(:meth:`ModelActions.ask_model_path`, :meth:`ModelActions.ask_export_path`, the
dialog's own, and the window's ``_show_error``).
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtWidgets import QFileDialog

from core.data.spec import rebase_data_path
from core.errors import WorkbenchError
from core.io import model_file as weights_io
from core.io.export_formats import EXPORT_FORMATS, TRAINING_FORMATS, export_target, write_export
from core.io.model_file import ModelFile
from core.io.onnx_import import open_model_file
from workbench.document import file_stem
from workbench.panels.data_loader import readable_load_error
from workbench.prediction_dialog import PredictDialog

MODEL_FILTER = "Model files (*.npz *.safetensors *.onnx);;All files (*)"
#: What Export Weights… offers: the weights' formats. The training as a PyTorch script or
#: notebook prepares the data, which the GUI thread must not; the command line makes them.
WEIGHT_FORMATS = tuple(f for f in EXPORT_FORMATS if f.name not in TRAINING_FORMATS)
WEIGHT_FILTER = ";;".join(f.file_filter for f in WEIGHT_FORMATS)
NO_MODEL_MESSAGE = QT_TRANSLATE_NOOP(
    "ModelActions", "Train the network first (or open a model file): there are no trained "
    "weights yet. Press Train on the Train tab and let at least one epoch finish, or use "
    "File › Open Model… to load weights saved earlier.")


# ================================================================ the actions

class ModelActions(QObject):
    """File › Open Model…, Export Weights… and Predict on CSV… of a main window.

    Parameters
    ----------
    window : MainWindow
        Provides ``document``, ``settings``, ``training_view`` (its ``run``), ``dataset``,
        the status bar, ``_maybe_save`` and ``_show_error``.
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        #: the model file opened last (its weights live on in ``document.init_state``)
        self.opened: ModelFile | None = None
        self._run_at_open = None
        self.predict_dialog: PredictDialog | None = None

    # ---------------------------------------------------------------- the current model
    def current_model_file(self) -> ModelFile | None:
        """The trained weights to export or predict with, with their companions; or None.

        A run trained since the model file was opened wins; then the opened model file
        (while the network still has its layers). Without a model file: the latest run.

        Raises
        ------
        WeightsError
            The run's weights cannot be stored (e.g. NaN after divergence).
        """
        view = self.window.training_view
        run = view.run
        run_model = view.current_model_file()  # the Train tab knows its model best
        if run_model is not None and (self.opened is None or run is not self._run_at_open):
            return run_model
        return self._opened_model_file()

    def describe_current(self, model_file: ModelFile) -> str:
        """Where ``model_file``'s weights come from, for the Predict dialog."""
        run = self.window.training_view.run
        if self.opened is not None and model_file.source == self.opened.source:
            return self.tr("weights from the model file {}").format(self.opened.source)
        if run is not None and run.latest is not None:
            return self.tr("the latest weights of run “{}” (after epoch {})").format(run.name,
                                                                                   run.epoch)
        return model_file.source

    def _opened_model_file(self) -> ModelFile | None:
        state = self.window.document.init_state
        if self.opened is None or state is None:
            return None
        return ModelFile(state, copy.deepcopy(self.window.document.experiment),
                         self.opened.preprocess, self.opened.class_names, self.opened.source)

    def _current_or_explain(self, title: str) -> ModelFile | None:
        try:
            model_file = self.current_model_file()
        except WorkbenchError as exc:
            self.show_error(title, str(exc))
            return None
        if model_file is None:
            self.show_error(title, self.tr(NO_MODEL_MESSAGE))
        return model_file

    # ---------------------------------------------------------------- File › Open Model…
    def open_model(self, path=None) -> bool:
        """Open a model file: its experiment replaces the document, its weights become
        ``document.init_state``. On any problem one message, and nothing changes."""
        if not self.window._maybe_save():
            return False
        if path is None:
            path = self.ask_model_path()
            if not path:
                return False
        path = Path(path)
        try:  # the reader refuses a FIFO or a device unopened (it would block forever)
            model_file = open_model_file(path)  # .npz, .safetensors, or an ONNX model
            weights_io.build_model(model_file, "cpu")  # every weight must fit the network
        except WorkbenchError as exc:
            self.show_error(self.tr("Cannot open the model"), str(exc))
            return False
        except Exception as exc:  # an odd file the reader did not expect: one sentence
            self.show_error(
                self.tr("Cannot open the model"), readable_load_error(exc, {"path": str(path)})
            )
            return False
        # a relative data file next to the model: the model has no folder to resolve it from
        experiment = copy.deepcopy(model_file.experiment)
        experiment["data"] = rebase_data_path(experiment["data"], path.parent, must_exist=True)
        document = self.window.document
        try:
            document.replace(experiment, None)
        except WorkbenchError as exc:
            self.show_error(self.tr("Cannot open the model"),
                            self.tr("{}: the stored experiment cannot be used: {}").format(
                                path, exc))
            return False
        document.init_state = model_file.state
        self.opened = model_file
        self._run_at_open = self.window.training_view.run
        self.window.file_actions.example_path = None
        self.window._update_title()
        self.window.settings.set_last_directory(path.resolve().parent)
        n = sum(int(np.size(a)) for k, a in model_file.state.items()
                if not k.endswith("num_batches_tracked"))
        self.window.statusBar().showMessage(
            self.tr("Opened the model {} ({} weights): Predict on CSV…, Export Weights…, or "
                    "Train to continue from these weights").format(path.name, f"{n:,}"), 10000)
        # the Train tab shows the opened model's boundary and diagram now
        self.window.training_view.show_opened_model()
        return True

    # ---------------------------------------------------------------- File › Export Weights…
    def export_weights(self, path=None, fmt: str | None = None) -> list[Path] | None:
        """Export the current trained weights; the files written, or None."""
        title = self.tr("Cannot export the weights")
        model_file = self._current_or_explain(title)
        if model_file is None:
            return None
        if path is None:
            path, chosen = self.ask_export_path(self._suggested_export_name(model_file))
            if not path:
                return None
            path, fmt = export_target(path, chosen)
        elif fmt is None:
            path, fmt = export_target(path)
        if fmt in TRAINING_FORMATS:
            kind = self.tr("notebook") if fmt == "notebook" else self.tr("PyTorch script")
            self.show_error(title, self.tr(
                "{0}: Export Weights writes the weights (.npz, .safetensors, .onnx or a NumPy "
                ".py script); the training as a {1} comes from the command line: nn-workbench "
                "export EXPERIMENT.json --format {2} -o {0}").format(path.name, kind, fmt))
            return None
        try:
            written = write_export(model_file, path, fmt)
        except WorkbenchError as exc:
            self.show_error(title, str(exc))
            return None
        except OSError as exc:
            self.show_error(title, self.tr("{}: cannot be written ({}).").format(
                path, exc.strerror or exc))
            return None
        self.window.settings.set_last_directory(Path(path).resolve().parent)
        # the run whose weights these are no longer asks at closing
        self.window.training_view.weights_exported(model_file)
        if len(written) > 1:
            text = self.tr("Exported the weights to {} and {}").format(written[0],
                                                                       written[1].name)
        else:
            text = self.tr("Exported the weights to {}").format(written[0])
        self.window.statusBar().showMessage(text, 8000)
        return written

    def _suggested_export_name(self, model_file: ModelFile) -> str:
        folder = Path(self.window.settings.last_directory())
        stem = file_stem((model_file.experiment or {}).get("name"), "model")
        return str(folder / f"{stem}.npz")

    # ---------------------------------------------------------------- File › Predict on CSV…
    def show_predict_dialog(self) -> PredictDialog | None:
        """Open the Predict dialog on the current trained model (non-modal); it, or None."""
        model_file = self._current_or_explain(self.tr("Cannot predict"))
        if model_file is None:
            return None
        feature_names, target = self._input_names(model_file)
        try:
            dialog = PredictDialog(model_file, self.describe_current(model_file), feature_names,
                                   target, self.window.settings.last_directory(), self.window)
        except WorkbenchError as exc:
            self.show_error(self.tr("Cannot predict"), str(exc))
            return None
        if self.predict_dialog is not None:
            self.predict_dialog.close()
            self.predict_dialog.deleteLater()
        self.predict_dialog = dialog
        dialog.show_error = self.show_error
        dialog.show()
        return dialog

    def _input_names(self, model_file: ModelFile) -> tuple[list | None, object]:
        exp = model_file.experiment or {}
        target = (exp.get("data") or {}).get("target")
        run = self.window.training_view.run
        info = run.info if run is not None else None
        if info is not None and info.feature_names and \
                run.experiment.get("data") == exp.get("data"):
            return list(info.feature_names), target
        dataset = self.window.dataset
        if dataset is not None and self.window.document.experiment.get("data") == exp.get("data"):
            return list(dataset.feature_names or []) or None, target
        return None, target

    # ---------------------------------------------------------------- dialogs (tests replace)
    def ask_model_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open a model file"),
                                              self.window.settings.last_directory(),
                                              MODEL_FILTER)
        return path or None

    def ask_export_path(self, suggested: str) -> tuple[str | None, str]:
        """The file to export to and the file type chosen in the dialog."""
        path, chosen = QFileDialog.getSaveFileName(self.window,
                                                   self.tr("Export the trained weights"),
                                                   suggested, WEIGHT_FILTER,
                                                   WEIGHT_FORMATS[0].file_filter)
        return (path or None), chosen

    def show_error(self, title: str, message: str) -> None:
        self.window._show_error(title, message)

