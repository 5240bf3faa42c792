"""Starting the GUI: check for a display, create the QApplication, show the main window.

``nn-workbench`` (no arguments) and ``nn-workbench gui EXPERIMENT.json`` call
:func:`run_gui`. On a Linux machine without a display, Qt's platform plugin loader would
abort the process with a long message; :func:`run_gui` says so in one line instead and
points to the offscreen platform and the command-line trainer.
"""

from __future__ import annotations

import os
import sys

from workbench.identity import APPLICATION, APPLICATION_DISPLAY_NAME, ORGANIZATION

#: Qt platform plugins that need no window system (QT_QPA_PLATFORM values).
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb",
                                "vkkhrdisplay", "directfb"})


def display_problem(environ=None, platform: str | None = None) -> str | None:
    """Why Qt cannot open a window here, or None when it can (as far as can be told).

    Only Linux (and other X11/Wayland systems) is checked: there a window needs
    ``DISPLAY`` (X11) or ``WAYLAND_DISPLAY``, unless ``QT_QPA_PLATFORM`` names a platform
    plugin that draws without a window system (offscreen, minimal, vnc, eglfs, ...).
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return None
    requested = environ.get("QT_QPA_PLATFORM", "")
    # "vnc:size=800x600" carries options; "wayland;xcb" is a list of fallbacks
    names = {part.split(":", 1)[0].strip().lower() for part in requested.split(";") if part}
    if names & HEADLESS_PLATFORMS:
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return ("nn-workbench: no display found (DISPLAY and WAYLAND_DISPLAY are not set); "
            "run on a desktop, set QT_QPA_PLATFORM=offscreen to render without a screen, "
            "or train from the terminal with `nn-workbench train EXPERIMENT.json`.")


def configure_application(app) -> None:
    """Names QSettings and the window system use for this application."""
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION_DISPLAY_NAME)


def ensure_application(argv=None):
    """The running QApplication (or a new one configured by :func:`configure_application`),
    with the cyclic garbage collector moved to its thread (:mod:`workbench.main_thread_gc`)."""
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
        configure_application(app)
    from workbench import main_thread_gc
    main_thread_gc.install(app)  # the cyclic GC must never run on the training thread
    return app


def run_gui(path: str | None = None) -> int:
    """Open the workbench window (on ``path``, or the built-in spiral experiment) and run it.

    Parameters
    ----------
    path : str, optional
        An experiment JSON file. A file that cannot be read or validated is reported in a
        message box and the window starts on the default experiment.

    Returns
    -------
    int
        The application's exit status; 2 when there is no display (one line on stderr).
    """
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    app = ensure_application()
    from workbench import error_reporting
    error_reporting.install(app)  # no exception goes unseen: a message box with details
    from workbench.main_window import MainWindow
    window = MainWindow()
    window.show()
    if path:
        window.open_file(path, ask_to_save=False)
    return int(app.exec())
