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
import re
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core import experiment as experiments
from core import registry

#: Longest file name stem suggested from an experiment's name.
MAX_STEM = 60


def file_stem(name: str | None, fallback: str = "experiment") -> str:
    """A clean file name stem for an experiment name: lower case, every run of characters
    that are not letters or digits becomes one ``_`` (``"Spiral (3 classes)"`` →
    ``"spiral_3_classes"``); ``fallback`` when nothing is left."""
    words = re.findall(r"[^\W_]+", (name or "").lower())
    stem = "_".join(words)[:MAX_STEM].strip("_")
    return stem or fallback


def savable_text(value, where: str = "") -> tuple[object, list[str]]:
    """``value`` (JSON-like) with every string made writable as UTF-8, and where it changed.

    A JSON file may spell a lone surrogate (``"\\ud800"``): valid JSON, but no UTF-8 encoder
    can write it back. Each one becomes U+FFFD (the replacement character �).

    Returns
    -------
    (value, paths) : the repaired copy (``value`` itself when nothing changed) and the JSON
    paths of the strings that changed, e.g. ``["name"]``.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            fixed = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
            return fixed, [where or "(text)"]
        return value, []
    if isinstance(value, dict):
        out, paths = {}, []
        for key, item in value.items():
            fixed_key, key_paths = savable_text(key, where)
            fixed, item_paths = savable_text(item, f"{where}.{fixed_key}" if where else fixed_key)
            out[fixed_key] = fixed
            paths += key_paths + item_paths
        return (out if paths else value), paths
    if isinstance(value, list):
        out, paths = [], []
        for i, item in enumerate(value):
            fixed, item_paths = savable_text(item, f"{where}[{i}]")
            out.append(fixed)
            paths += item_paths
        return (out if paths else value), paths
    return value, []


def data_name(spec: dict) -> str:
    """What an experiment on the data ``spec`` is called by default: the source's title
    (with its number of classes when it has that setting) or the data file's name."""
    entry = registry.get("dataset", spec["source"])
    if entry.group == "file" and spec.get("path"):
        return Path(str(spec["path"])).stem
    if "classes" in spec:
        return f"{entry.title} ({spec['classes']} classes)"
    return entry.title


def name_after_data_edit(experiment: dict, new_data: dict) -> str | None:
    """The experiment's name once its data becomes ``new_data``.

    The name describes the data it was made for. It follows the data when the data is
    replaced (another source or another file) and, while it is the default name of the
    data (``"Spiral (3 classes)"``), when a setting it mentions changes; otherwise (a name
    of the person's own, same data) it stays. None: the experiment has no name.
    """
    name = experiment.get("name")
    old = experiment["data"]
    if name is None:
        return None
    replaced = (old["source"] != new_data["source"]
                or old.get("path") != new_data.get("path"))
    if replaced or name == data_name(old):
        return data_name(new_data)
    return name


def _unfrozen(layers) -> list:
    """Layer specs without their ``"frozen"`` flags (which do not change the weights' shapes)."""
    return [{k: v for k, v in spec.items() if k != "frozen"} for spec in layers or ()]


class _SnapshotCommand(QUndoCommand):
    """One undo step: the whole experiment before and after an edit."""

    def __init__(self, document: ExperimentDocument, description: str, before: dict,
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
        if self._init_state is None or \
                _unfrozen(self._experiment["model"]["layers"]) != _unfrozen(self._init_layers):
            return None  # (freezing a layer keeps the weights: they still fit)
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
