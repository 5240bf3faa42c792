"""What the workbench remembers between sessions: recent files, last folder, window layout,
the interface's language.

A thin wrapper over :class:`QSettings` so the rest of the GUI never spells setting keys.
The application name and organization are both ``"nn-workbench"`` (set by
:func:`workbench.app.configure_application`); tests pass a ``QSettings`` on a temporary
INI file so they never touch the user's settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from workbench.identity import APPLICATION, ORGANIZATION

MAX_RECENT = 10

_RECENT = "files/recent"
_LAST_DIR = "files/last_directory"
_GEOMETRY = "window/geometry"
_STATE = "window/state"
_LANGUAGE = "interface/language"


class WorkbenchSettings:
    """Recent files (newest first, at most :data:`MAX_RECENT`), last directory, window layout.

    Parameters
    ----------
    qsettings : QSettings, optional
        Where to store; default the application's native settings
        (``QSettings("nn-workbench", "nn-workbench")``).
    """

    def __init__(self, qsettings: QSettings | None = None):
        self.qsettings = qsettings if qsettings is not None else QSettings(ORGANIZATION,
                                                                            APPLICATION)

    @classmethod
    def at(cls, path) -> WorkbenchSettings:
        """Settings kept in the INI file ``path`` (used by tests and the screenshot command)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    # ------------------------------------------------------------ recent files
    def recent_files(self) -> list[str]:
        """Recently opened or saved experiment files, newest first."""
        value = self.qsettings.value(_RECENT, [])
        if value is None:
            return []
        if isinstance(value, str):  # QSettings returns a lone string for a 1-item list
            value = [value] if value else []
        return [str(v) for v in value if v][:MAX_RECENT]

    def add_recent_file(self, path) -> list[str]:
        """Put ``path`` first in the recent list (no duplicates); return the new list."""
        path = str(Path(path).resolve())
        files = [path] + [f for f in self.recent_files() if f != path]
        files = files[:MAX_RECENT]
        self.qsettings.setValue(_RECENT, files)
        return files

    def remove_recent_file(self, path) -> list[str]:
        files = [f for f in self.recent_files() if f != str(path)]
        self.qsettings.setValue(_RECENT, files)
        return files

    def clear_recent_files(self) -> None:
        self.qsettings.setValue(_RECENT, [])

    # ------------------------------------------------------------ last directory
    def last_directory(self) -> str:
        """The folder of the last file opened or saved (home when unknown or gone)."""
        value = self.qsettings.value(_LAST_DIR, "")
        if value and Path(str(value)).is_dir():
            return str(value)
        return str(Path.home())

    def set_last_directory(self, folder) -> None:
        self.qsettings.setValue(_LAST_DIR, str(folder))

    # ------------------------------------------------------------ window layout
    def save_window(self, window) -> None:
        """Remember a QMainWindow's geometry and dock/toolbar state."""
        self.qsettings.setValue(_GEOMETRY, window.saveGeometry())
        self.qsettings.setValue(_STATE, window.saveState())

    def restore_window(self, window) -> bool:
        """Restore what :meth:`save_window` stored; False when nothing was stored."""
        geometry = self.qsettings.value(_GEOMETRY)
        state = self.qsettings.value(_STATE)
        restored = False
        if isinstance(geometry, (QByteArray, bytes)) and len(geometry):
            restored = bool(window.restoreGeometry(QByteArray(geometry)))
        if isinstance(state, (QByteArray, bytes)) and len(state):
            window.restoreState(QByteArray(state))
        return restored

    # ------------------------------------------------------------ language
    def language(self) -> str:
        """The interface's language: ``"system"`` (the default: follow the system), or a
        key of :data:`workbench.i18n.LANGUAGES` (``"en"``, ``"zh_CN"``)."""
        from workbench.i18n import LANGUAGES, SYSTEM
        value = self.qsettings.value(_LANGUAGE, SYSTEM)
        return value if value in LANGUAGES else SYSTEM

    def set_language(self, language: str) -> None:
        """Remember ``language`` (``"system"`` or a key of :data:`workbench.i18n.LANGUAGES`)."""
        from workbench.i18n import LANGUAGES, SYSTEM
        if language != SYSTEM and language not in LANGUAGES:
            raise ValueError(f"language: expected \"system\" or one of {sorted(LANGUAGES)}, "
                             f"got {language!r}")
        self.qsettings.setValue(_LANGUAGE, language)

    def sync(self) -> None:
        self.qsettings.sync()
