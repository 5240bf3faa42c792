"""The open experiment: one normalized experiment dict, its file, and its undo history.

Every change the user makes in any panel goes through :meth:`ExperimentDocument.edit`,
which validates the whole experiment with :func:`core.experiment.normalize` first and
then pushes a snapshot command (the experiment before and after) onto a
``QUndoStack``. Undo and redo swap the snapshots and emit :attr:`changed` again, so
every panel refreshes from :attr:`experiment` the same way whatever caused the change.

The experiment dict is shared, never copied on read: treat it as read-only and build a
new dict (e.g. with :func:`copy.deepcopy`) to change anything.

A document opened from a model file (File › Open Model…) also carries the trained
weights, :attr:`ExperimentDocument.init_state`, for training to start from.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core import experiment as experiments


class _SnapshotCommand(QUndoCommand):
    """One undo step: the whole experiment before and after an edit."""

    def __init__(self, document: "ExperimentDocument", description: str, before: dict,
                 after: dict):
        super().__init__(description)
        self._document = document
        self._before = before
        self._after = after

    def redo(self):  # Qt override; also runs once when pushed
        self._document._install(self._after)

    def undo(self):  # Qt override
        self._document._install(self._before)


class ExperimentDocument(QObject):
    """The experiment being edited, with undo/redo, a file path and a dirty flag.

    Parameters
    ----------
    experiment : dict, optional
        Initial experiment (normalized here); default :func:`core.experiment.default_experiment`.
    path : str or Path, optional
        The file it came from.

    Signals
    -------
    changed()
        The experiment changed (edit, undo, redo or replace).
    path_changed()
        The file path changed (replace, mark_saved).
    dirty_changed(bool)
        The experiment started or stopped differing from the saved file.
    """

    changed = Signal()
    path_changed = Signal()
    dirty_changed = Signal(bool)

    def __init__(self, experiment: dict | None = None, path=None, parent: QObject | None = None):
        super().__init__(parent)
        self._experiment = experiments.normalize(experiment) if experiment is not None \
            else experiments.default_experiment()
        self._path = Path(path) if path is not None else None
        self._dirty = False
        self._init_state: dict | None = None
        self._init_layers: list | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    # ---------------------------------------------------------------- state
    @property
    def experiment(self) -> dict:
        """The current normalized experiment (read-only: never mutate it in place)."""
        return self._experiment

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def base_dir(self) -> Path | None:
        """The folder of :attr:`path` (relative data files are resolved from it)."""
        return self._path.parent if self._path is not None else None

    @property
    def dirty(self) -> bool:
        """True when the experiment differs from the one last loaded or saved."""
        return self._dirty

    @property
    def layers(self) -> list[dict]:
        """The model's layer specs (read-only)."""
        return self._experiment["model"]["layers"]

    @property
    def init_state(self) -> dict | None:
        """Weights to start training from, by state_dict name (``"0.weight"`` ...), or None.

        Set when a model file is opened; cleared by :meth:`replace` (File › New/Open). They
        belong to the network they were set for: while the layers differ from that network
        this is None (undoing the layer edit brings them back).
        """
        if self._init_state is None or self._experiment["model"]["layers"] != self._init_layers:
            return None
        return self._init_state

    @init_state.setter
    def init_state(self, state: dict | None) -> None:
        self._init_state = dict(state) if state is not None else None
        self._init_layers = copy.deepcopy(self.layers) if state is not None else None

    # ---------------------------------------------------------------- edits
    def edit(self, description: str, new_experiment: dict) -> None:
        """Replace the experiment by ``new_experiment`` as one undoable step.

        Parameters
        ----------
        description : str
            What the step does, shown in the Edit menu ("Undo add Dense").
        new_experiment : dict
            The whole experiment after the edit; validated and normalized first.

        Raises
        ------
        WorkbenchError
            ``new_experiment`` is invalid; the document is left unchanged.
        """
        after = experiments.normalize(copy.deepcopy(new_experiment))
        if after == self._experiment:
            return
        self.undo_stack.push(_SnapshotCommand(self, description, self._experiment, after))

    def set_layers(self, layers: list[dict], description: str = "edit the network") -> None:
        """Replace the model's layer list (one undo step)."""
        self.set_section("model", {"layers": list(layers)}, description)

    def set_section(self, name: str, value, description: str | None = None) -> None:
        """Replace one section (``"loss"``, ``"optimizer"``, ``"training"``, ...); one undo step."""
        new = dict(self._experiment)
        new[name] = value
        self.edit(description or f"change {name}", new)

    def replace(self, experiment: dict, path=None) -> None:
        """Load a new experiment (e.g. File › Open): clears the undo history and
        :attr:`init_state`; not dirty.

        Raises
        ------
        WorkbenchError
            ``experiment`` is invalid; the document is left unchanged.
        """
        normalized = experiments.normalize(copy.deepcopy(experiment))
        new_path = Path(path) if path is not None else None
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._init_state = self._init_layers = None
        self._experiment = normalized
        self._set_dirty(False)
        if new_path != self._path:
            self._path = new_path
            self.path_changed.emit()
        self.changed.emit()

    def mark_saved(self, path) -> None:
        """Record that the current experiment was written to ``path``."""
        new_path = Path(path)
        self.undo_stack.setClean()
        self._set_dirty(False)
        if new_path != self._path:
            self._path = new_path
            self.path_changed.emit()

    # ---------------------------------------------------------------- internals
    def _install(self, experiment: dict) -> None:
        self._experiment = experiment
        self.changed.emit()

    def _on_clean_changed(self, clean: bool) -> None:
        self._set_dirty(not clean)

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
