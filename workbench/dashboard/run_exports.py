"""What leaves the Train tab: trained weights, histories as CSV, plots as PNG/SVG.

:class:`RunExports` fills the tab's Export menu and carries out its entries. A history is
copied at once and written in a background thread
(:class:`~workbench.dashboard.background_writes.BackgroundWrites`); weights go through the main
window's Export Weights (:mod:`workbench.model_actions`). It also remembers which run's
weights were exported, so that closing the window asks before losing a trained network
(:meth:`RunExports.confirm_close`). File dialogs and messages go through the view's
``ask_save_path``, ``show_error`` and ``ask_unexported_run``, which tests replace.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtWidgets import QMenu, QMessageBox

from core.errors import WorkbenchError
from core.io.model_file import ModelFile
from workbench.dashboard.background_writes import BackgroundWrites
from workbench.dashboard.plot_export import export_plot

if TYPE_CHECKING:
    from workbench.dashboard.training_view import TrainingView


@dataclass(frozen=True)
class OfferedWeights:
    """The model file last handed to Export Weights, and the run and epoch it holds."""

    model_file: object
    run: object
    epoch: int


def trained(run) -> bool:
    """Whether ``run`` has weights from at least one finished epoch."""
    return run is not None and run.info is not None and run.latest is not None \
        and run.epoch > 0 and bool(run.weights)


def model_file_of_run(run) -> ModelFile | None:
    """The latest weights of a training run as a checked :class:`ModelFile`, or None.

    ``run`` is a :class:`~workbench.dashboard.run_record.RunRecord`: its experiment, its ``info``
    (prepared data: standardizer, class names) and its latest epoch-end weight snapshot.
    None until at least one epoch has finished.

    Raises
    ------
    WeightsError
        The weights cannot be stored (e.g. they are NaN after divergence).
    """
    if run is None or run.info is None or run.latest is None or not run.weights:
        return None
    info = run.info
    standardizer = info.prepared.standardizer if info.prepared is not None else None
    classes = list(info.class_names) if info.task == "classification" and info.class_names \
        else None
    shape = info.prepared.train.input_shape if info.prepared is not None else None
    return ModelFile.from_model(dict(run.weights), run.experiment, standardizer, classes,
                                source=f"run “{run.name}”", input_shape=shape)


#: The two histories, as the export messages name them (translated where shown).
HISTORY_KINDS = (QT_TRANSLATE_NOOP("RunExports", "epochs"),
                 QT_TRANSLATE_NOOP("RunExports", "iterations"))


class RunExports(QObject):
    """The Export menu of ``view`` and the exports it starts."""

    def __init__(self, view: TrainingView):
        super().__init__(view)
        self.view = view
        self._offered: OfferedWeights | None = None
        self._target = None   # the run the close prompt is exporting, else None
        self.writes = BackgroundWrites(self)
        self.writes.written.connect(lambda path: view.status.setText(
            self.tr("Exported {}.").format(Path(path).name)))
        self.writes.failed.connect(lambda message: view.show_error(self.tr("Export"), message))

    def build_menu(self, parent) -> QMenu:
        """The Export menu: weights, the two histories, then every panel's plot."""
        menu = QMenu(parent)
        self.weights_action = menu.addAction(self.tr("Weights…"), self.export_weights)
        self.weights_action.setToolTip(self.tr("The trained weights as NumPy .npz, safetensors, "
                                       "ONNX or a NumPy script (File › Export Weights…)"))
        menu.setToolTipsVisible(True)
        menu.addSeparator()
        menu.addAction(self.tr("Epoch history as CSV…"), lambda: self.export_history("epochs"))
        menu.addAction(self.tr("Iteration history as CSV…"),
                       lambda: self.export_history("iterations"))
        menu.addSeparator()
        for panel in self.view.panels:
            menu.addAction(self.tr("{} as PNG/SVG…").format(panel.title),
                           lambda p=panel: self.export_panel(p))
        return menu

    # ---------------------------------------------------------------- histories and plots
    def export_history(self, kind: str = "epochs") -> Path | None:
        """Save the current run's epoch or iteration history as CSV, without blocking.

        The (bounded) history is copied now; formatting and writing happen in a background
        thread, and a failure is shown when it is known. Returns the file that is being
        written.
        """
        view = self.view
        run = view.run
        if run is None:
            view.show_error(
                self.tr("Export"), self.tr("There is no run to export yet: press Train first.")
            )
            return None
        name = view.document.experiment.get("name") or "run"
        stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in name.lower()).strip("_")
        path = view.ask_save_path(self.tr("Export the {} history").format(self.tr(kind)),
                                  f"{stem or 'run'}_run{run.number}_{kind}.csv",
                                  self.tr("CSV files (*.csv)"))
        if not path:
            return None
        snapshot = run.history.snapshot(kind)
        self.writes.start(path, snapshot.write)
        view.status.setText(self.tr("Exporting the {} history to {}…").format(
            self.tr(kind), Path(path).name))
        return Path(path)

    def pending(self) -> int:
        """History exports still being written."""
        return self.writes.pending()

    def export_panel(self, panel) -> Path | None:
        """Save one plot as PNG or SVG (by the file name's extension)."""
        path = self.view.ask_save_path(self.tr("Save “{}”").format(panel.title),
                                       f"{panel.key}.png",
                                       self.tr("PNG image (*.png);;SVG drawing (*.svg)"))
        if not path:
            return None
        if not Path(path).suffix:
            path += ".png"
        try:
            export_plot(panel.export_item(), path)
        except WorkbenchError as exc:
            self.view.show_error(self.tr("Export"), str(exc))
            return None
        return Path(path)

    # ---------------------------------------------------------------- weights
    def export_weights(self):
        """The Export menu's Weights…: the main window's Export Weights (the files, or None)."""
        actions = getattr(self.view.window(), "model_actions", None)
        if actions is None:
            self.view.show_error(
                self.tr("Export"), self.tr("Exporting weights needs the main window.")
            )
            return None
        return actions.export_weights()

    def weights_run(self):
        """The run whose weights Export Weights writes: the one the close prompt is
        exporting, else the current run once it has trained, else the newest run of the
        session that has (after Reset, the run before it), else None."""
        for run in (self._target, self.view.run):
            if trained(run):
                return run
        return next((run for run in self.view.run_list.runs if trained(run)), None)

    def current_model_file(self):
        """The latest weights of :meth:`weights_run` as a ModelFile (Export Weights,
        Predict), or None.

        Raises
        ------
        WeightsError
            The weights cannot be stored (e.g. NaN).
        """
        run = self.weights_run()
        model_file = model_file_of_run(run)
        self._offered = OfferedWeights(model_file, run, run.epoch) \
            if model_file is not None else None
        return model_file

    def weights_exported(self, model_file) -> None:
        """Export Weights wrote ``model_file``: if it is the current run's, that run is exported."""
        offered = self._offered
        if offered is not None and offered.model_file is model_file:
            offered.run.exported_epoch = offered.epoch

    # ---------------------------------------------------------------- closing
    def unexported_runs(self) -> list:
        """Every run of the session (newest first) with trained weights never exported."""
        runs = list(self.view.run_list.runs)
        if self.view.run is not None and self.view.run not in runs:
            runs.insert(0, self.view.run)
        return [run for run in runs if trained(run) and run.exported_epoch != run.epoch]

    def unexported_run(self):
        """The newest run with trained weights that were never exported, else None."""
        runs = self.unexported_runs()
        return runs[0] if runs else None

    def confirm_close(self) -> bool:
        """Before the window closes: offer to export each trained run's weights, newest
        first (Export Weights… / Discard / Cancel). True: go on closing."""
        for run in self.unexported_runs():
            answer = self.view.ask_unexported_run(run)
            if answer == QMessageBox.StandardButton.Save:
                self._target = run
                try:
                    if not self.export_weights():
                        return False
                finally:
                    self._target = None
            elif answer != QMessageBox.StandardButton.Discard:
                return False
        return True
