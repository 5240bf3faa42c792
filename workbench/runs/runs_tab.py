"""The Runs and Sweep tabs in the main window: the recorder, the browser, opening a run.

:func:`install_runs_tab` is all the main window calls: it adds the tabs after Train,
records every run the Train tab trains (:class:`~workbench.runs.run_recorder.
RunRecorder`), refreshes the table when a run is written, and opens a run in the Design
tab when the person asks. The runs folder is the GUI setting ``runs/folder`` when set
(*Folder…* on the tab), else :func:`core.runs.location.runs_dir` (``$NN_WORKBENCH_RUNS``,
else the per-user data folder): the same folder ``nn-workbench train`` and ``sweep``
record into, so the command line's runs are here too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QPushButton

from core.errors import WorkbenchError
from core.io import experiment_file
from core.runs.location import runs_dir
from workbench.runs.background_jobs import BackgroundJobs
from workbench.runs.run_recorder import RunRecorder
from workbench.runs.runs_browser import RunsBrowser
from workbench.runs.sweep_panel import SweepPanel

#: The QSettings key of the runs folder chosen in the GUI.
FOLDER_SETTING = "runs/folder"


def chosen_folder(settings) -> Path:
    """The runs folder: the GUI setting, else ``$NN_WORKBENCH_RUNS``, else the default."""
    value = settings.qsettings.value(FOLDER_SETTING, "") if settings is not None else ""
    return runs_dir(str(value) if value else None)


class RunsTab(QObject):
    """The Runs tab of ``window`` (a :class:`~workbench.main_window.MainWindow`)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        folder = chosen_folder(window.settings)
        self.jobs = BackgroundJobs(self)
        self.recorder = RunRecorder(window.training_view, folder, self.jobs, self)
        self.browser = RunsBrowser(folder, self.jobs)
        self.folder_button = QPushButton(self.tr("Folder…"))
        self.folder_button.setToolTip(self.tr("choose the runs folder (where every "
                                                      "run is recorded)"))
        self.folder_button.clicked.connect(self.choose_folder)
        self.browser.top_bar.addWidget(self.folder_button)
        self.recorder.recorded.connect(lambda _run_id: self.browser.reload())
        self.recorder.failed.connect(self._recording_failed)
        self.browser.open_requested.connect(self.open_run)
        window.tabs.addTab(self.browser, self.tr("Runs"))
        window.tabs.setTabToolTip(window.tabs.indexOf(self.browser), self.tr(
            "every run you trained, here or at the command line: compare, tag, open"))
        self.sweep = SweepPanel(window.document, folder)
        self.sweep.sweep_ended.connect(lambda _ended: self.browser.reload())
        window.tabs.addTab(self.sweep, self.tr("Sweep"))
        window.tabs.setTabToolTip(window.tabs.indexOf(self.sweep), self.tr(
            "try many values of some fields of this experiment, on all cores"))

    @property
    def folder(self) -> Path:
        return self.browser.folder

    def set_folder(self, folder) -> None:
        """Record into and show the runs folder ``folder`` from now on (and remember it)."""
        folder = Path(folder)
        self.window.settings.qsettings.setValue(FOLDER_SETTING, str(folder))
        self.recorder.folder = folder
        self.sweep.runs_folder = folder
        self.browser.folder = folder
        self.browser._histories.clear()
        self.browser.reload()

    def choose_folder(self) -> None:
        folder = self.ask_folder()
        if folder:
            self.set_folder(folder)

    def ask_folder(self) -> str:
        """Ask for the runs folder (tests replace this hook)."""
        return QFileDialog.getExistingDirectory(self.window, self.tr("Runs folder"),
                                                str(self.folder))

    def open_run(self, folder: str, run_id: str) -> bool:
        """Put the run's experiment (and its weights, when it has a model file) into the
        Design tab, as File › Open Model… does."""
        run_folder = Path(folder) / run_id
        model = run_folder / "model.npz"
        window = self.window
        if model.is_file():
            opened = window.model_actions.open_model(model)
        else:   # a run whose weights could not be stored (NaN): its experiment alone
            if not window._maybe_save():
                return False
            try:
                window.document.replace(experiment_file.load(run_folder / "experiment.json"),
                                        None)
                opened = True
            except WorkbenchError as exc:
                window._show_error(self.tr("Cannot open the run"), str(exc))
                opened = False
        if opened:
            window.tabs.setCurrentIndex(0)
            window.statusBar().showMessage(
                self.tr("Opened run {run_id} in the designer").format(run_id=run_id),
                8000)
        return opened

    def _recording_failed(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 15000)
        self.browser.message.setText(message)

    def shutdown(self) -> None:
        """Stop a sweep and finish recording (bounded waits) before the window closes: no
        finished run is lost."""
        self.sweep.shutdown()
        self.jobs.shutdown()


def install_runs_tab(window) -> RunsTab:
    """Add the Runs tab to ``window`` and record its Train tab's runs."""
    return RunsTab(window)
