"""The File menu's experiment entries: New, Open…, Open Recent, Examples, Save, Save As….

:class:`ExperimentFileActions` carries them out for a :class:`~workbench.main_window.MainWindow`:
it replaces the window's document (asking first to save unsaved changes), writes it
atomically, keeps the recent-files list and lists the shipped examples (an example opens
untitled: saving it asks for a new file). File dialogs and messages go through the
window's ``_ask_open_path``, ``_ask_save_path``, ``_ask_save_changes`` and
``_show_error``, which tests replace.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox

import core
from core import experiment as experiments
from core.data.spec import rebase_data_path
from core.errors import WorkbenchError
from core.io import experiment_file
from workbench.document import file_stem, savable_text
from workbench.i18n import core_texts

if TYPE_CHECKING:
    from workbench.main_window import MainWindow

EXAMPLES_DIR = Path(core.__file__).resolve().parents[1] / "resources" / "examples"
FILE_FILTER = "Experiments (*.json);;All files (*)"


class ExperimentFileActions(QObject):
    """New, Open, Save and the Recent and Examples menus of ``window``.

    Attributes
    ----------
    example_path : Path or None
        The shipped example the document came from (then Save asks for a new name).
    """

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.example_path: Path | None = None

    def new_experiment(self) -> bool:
        """File › New: the default experiment (after asking to save changes)."""
        if not self.maybe_save():
            return False
        self.example_path = None
        self.window.document.replace(experiments.default_experiment(), None)
        self.window._update_title()
        self.window.statusBar().showMessage(self.tr("New experiment"), 4000)
        return True

    def open_experiment(self) -> bool:
        """File › Open…: ask for a file, then :meth:`open_file`."""
        if not self.maybe_save():
            return False
        path = self.window._ask_open_path()
        if not path:
            return False
        return self.open_file(path, ask_to_save=False)

    def open_file(self, path, ask_to_save: bool = True, example: bool = False) -> bool:
        """Load the experiment at ``path``; on any problem show it and keep the current one."""
        if ask_to_save and not self.maybe_save():
            return False
        path = Path(path)
        try:  # the reader refuses a FIFO or a device unopened (it would block forever)
            exp = experiment_file.load(path)
        except WorkbenchError as exc:
            self.window._show_error(self.tr("Cannot open the experiment"), str(exc))
            return False
        except (OSError, ValueError, RecursionError) as exc:  # e.g. a pathological file
            self.window._show_error(self.tr("Cannot open the experiment"), f"{path}: {exc}")
            return False
        try:
            self.window.document.replace(exp, path)
        except WorkbenchError as exc:
            self.window._show_error(self.tr("Cannot open the experiment"), f"{path}: {exc}")
            return False
        self.example_path = path if example else None
        self.window._update_title()
        if not example:
            self.window.settings.add_recent_file(path)
            self.window.settings.set_last_directory(path.resolve().parent)
        self.window.statusBar().showMessage(self.tr("Opened {}").format(path), 4000)
        return True

    def open_example(self, path) -> bool:
        """File › Examples: open a shipped example; saving it asks for a new file name."""
        return self.open_file(path, ask_to_save=True, example=True)

    def save(self) -> bool:
        """File › Save (Save As for a new experiment or an example)."""
        if self.window.document.path is None or self.example_path is not None:
            return self.save_as()
        return self.write(self.window.document.path)

    def save_as(self) -> bool:
        """File › Save As…: ask for a file name and write there."""
        suggested = self.suggested_file_name()
        path = self.window._ask_save_path(suggested)
        if not path:
            return False
        path = Path(path)
        if path.suffix == "":
            path = path.with_suffix(".json")
        self.rebase_data_path(path.parent)
        if not self.write(path):
            return False
        self.example_path = None
        self.window._update_title()
        return True

    def write(self, path: Path) -> bool:
        repaired, where = savable_text(self.window.document.experiment)
        note = ""
        if where:  # e.g. a lone surrogate read from a JSON file: UTF-8 cannot write it
            try:
                self.window.document.edit(self.tr("replace characters that cannot be saved"),
                                          repaired)
            except WorkbenchError as exc:
                self.window._show_error(self.tr("Cannot save the experiment"), f"{path}: {exc}")
                return False
            note = " " + self.tr("({}: characters that are not valid Unicode were replaced by "
                                 "�)").format(", ".join(where))
        try:
            experiment_file.save(self.window.document.experiment, path)
        except WorkbenchError as exc:
            self.window._show_error(self.tr("Cannot save the experiment"), str(exc))
            return False
        except OSError as exc:
            self.window._show_error(self.tr("Cannot save the experiment"),
                             self.tr("{}: cannot be written ({}).").format(
                                 path, exc.strerror or exc))
            return False
        except (UnicodeError, ValueError, RecursionError) as exc:
            self.window._show_error(self.tr("Cannot save the experiment"),
                             self.tr("{}: the experiment cannot be written as JSON ({})."
                                     ).format(path, exc))
            return False
        self.window.document.mark_saved(path)
        self.window.settings.add_recent_file(path)
        self.window.settings.set_last_directory(path.resolve().parent)
        self.window.statusBar().showMessage(self.tr("Saved {}").format(path) + note,
                                            8000 if note else 4000)
        return True

    def rebase_data_path(self, new_dir: Path) -> None:
        """Keep a data file reachable when the experiment moves to another folder.

        A relative data path is resolved from the experiment's folder; saving elsewhere
        turns it into an absolute one (as one undoable step).
        """
        data = self.window.document.experiment["data"]
        base = self.window.document.base_dir
        if base is None or base.resolve() == Path(new_dir).resolve():
            return
        new_data = rebase_data_path(data, base)
        if new_data is data:  # no file, or an absolute path already
            return
        with contextlib.suppress(WorkbenchError):
            self.window.document.set_section("data", new_data, self.tr("keep the data file path"))

    def suggested_file_name(self) -> str:
        folder = Path(self.window.settings.last_directory())
        if self.window.document.path is not None and self.example_path is None:
            return str(self.window.document.path)
        return str(folder / f"{file_stem(self.window.document.experiment.get('name'))}.json")

    def maybe_save(self) -> bool:
        """Before losing unsaved changes: Save / Discard / Cancel. True to go on."""
        if not self.window.document.dirty or self.window._discarding:
            return True
        answer = self.window._ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # ---------------------------------------------------------------- File menu lists
    def fill_recent_menu(self) -> None:
        self.window.recent_menu.clear()
        files = self.window.settings.recent_files()
        for i, name in enumerate(files):
            action = self.window.recent_menu.addAction(f"&{(i + 1) % 10} {Path(name).name}")
            action.setToolTip(name)
            action.setStatusTip(name)
            action.triggered.connect(lambda _c=False, p=name: self.open_recent(p))
        if files:
            self.window.recent_menu.addSeparator()
            clear = self.window.recent_menu.addAction(self.tr("Clear the list"))
            clear.triggered.connect(self.window.settings.clear_recent_files)
        else:
            empty = self.window.recent_menu.addAction(self.tr("(no recent files)"))
            empty.setEnabled(False)

    def open_recent(self, path: str) -> bool:
        if not Path(path).is_file():
            self.window._show_error(self.tr("Cannot open the experiment"),
                             self.tr("{}: the file no longer exists; it is removed from the "
                                     "list.").format(path))
            self.window.settings.remove_recent_file(path)
            return False
        return self.open_file(path)

    def example_files(self) -> list[Path]:
        """The shipped example experiments (resources/examples/*.json), by file name."""
        if not EXAMPLES_DIR.is_dir():
            return []
        return sorted(EXAMPLES_DIR.glob("*.json"))

    def fill_examples_menu(self) -> None:
        self.window.examples_menu.clear()
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
            title = QCoreApplication.translate(core_texts.EXAMPLES, title)
            tip = QCoreApplication.translate(core_texts.EXAMPLES, tip)
            action = self.window.examples_menu.addAction(title)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _c=False, p=path: self.open_example(p))
        if not files:
            empty = self.window.examples_menu.addAction(self.tr("(no examples installed)"))
            empty.setEnabled(False)
        self.window.examples_menu.setToolTipsVisible(True)
