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


#: System libraries Qt's X11 plugin (xcb) loads, and the Debian/Ubuntu package of each:
#: without one, Qt aborts the process ("could not load the Qt platform plugin").
XCB_LIBRARIES = (("xcb-cursor", "libxcb-cursor0"), ("xcb-icccm", "libxcb-icccm4"),
                 ("xcb-keysyms", "libxcb-keysyms1"), ("xcb-image", "libxcb-image0"),
                 ("xcb-render-util", "libxcb-render-util0"), ("xcb-shape", "libxcb-shape0"),
                 ("xcb-randr", "libxcb-randr0"), ("xcb-xkb", "libxcb-xkb1"),
                 ("xkbcommon-x11", "libxkbcommon-x11-0"))


def display_problem(environ=None, platform: str | None = None,
                    find_library=None) -> str | None:
    """Why Qt cannot open a window here, or None when it can (as far as can be told).

    Only Linux (and other X11/Wayland systems) is checked: there a window needs
    ``DISPLAY`` (X11) or ``WAYLAND_DISPLAY``, unless ``QT_QPA_PLATFORM`` names a platform
    plugin that draws without a window system (offscreen, minimal, vnc, eglfs, ...). On
    X11 the libraries of :data:`XCB_LIBRARIES` must be installed (``find_library``, by
    default :func:`ctypes.util.find_library`, looks for them).
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
    if environ.get("WAYLAND_DISPLAY") and "xcb" not in names:
        return None
    if environ.get("DISPLAY"):
        return _missing_xcb_libraries(find_library)
    return ("nn-workbench: no display found (DISPLAY and WAYLAND_DISPLAY are not set); "
            "run on a desktop, set QT_QPA_PLATFORM=offscreen to render without a screen, "
            "or train from the terminal with `nn-workbench train EXPERIMENT.json`.")


def _missing_xcb_libraries(find_library=None) -> str | None:
    """The sentence naming the X11 libraries Qt needs and cannot find, or None."""
    if find_library is None:
        import ctypes.util
        find_library = ctypes.util.find_library
    missing = [package for name, package in XCB_LIBRARIES if not find_library(name)]
    if not missing:
        return None
    return (f"nn-workbench: Qt's X11 window plugin needs system libraries that are not "
            f"installed ({', '.join(missing)}); install them (Debian/Ubuntu: sudo apt-get "
            f"install {' '.join(missing)}), or set QT_QPA_PLATFORM=offscreen to render "
            "without a screen.")


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
    from workbench import i18n
    from workbench.settings import WorkbenchSettings
    i18n.install(app, WorkbenchSettings().language())  # before the first widget is built
    from workbench import error_reporting
    error_reporting.install(app)  # no exception goes unseen: a message box with details
    from workbench.main_window import MainWindow
    window = MainWindow()
    window.show()
    from workbench import main_thread_gc
    main_thread_gc.freeze_startup()  # collections skip the startup objects from now on
    if path:
        window.open_file(path, ask_to_save=False)
    return int(app.exec())
