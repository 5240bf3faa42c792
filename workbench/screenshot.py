"""Render the main window on an experiment to a PNG, without a screen.

``nn-workbench screenshot EXPERIMENT.json -o FILE.png [--size WxH] [--train-epochs N]``
calls :func:`screenshot_command`. Qt runs on its offscreen platform, the window is laid
out at exactly the requested size, and the picture is written by
:func:`core.files.atomic_write.write_bytes_atomic` (atomically, with the usual file permissions).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

MIN_SIZE = (320, 240)
MAX_SIZE = (7680, 4320)
MAX_TRAIN_EPOCHS = 1_000_000  # the experiment's own limit on training.epochs


def _check_size(size) -> tuple[int, int] | str:
    try:
        w, h = (int(v) for v in size)
    except (TypeError, ValueError):
        return f"size: expected (width, height), got {size!r}"
    if not (MIN_SIZE[0] <= w <= MAX_SIZE[0] and MIN_SIZE[1] <= h <= MAX_SIZE[1]):
        return (f"size: expected a width between {MIN_SIZE[0]} and {MAX_SIZE[0]} and a height "
                f"between {MIN_SIZE[1]} and {MAX_SIZE[1]} pixels, got {w}x{h}")
    return w, h


def _quiet_offscreen_warnings() -> None:
    """Drop the offscreen plugin's "does not support propagateSizeHints()" chatter."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode, context, message):
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)
    previous = qInstallMessageHandler(handler)


def _process_events(app, rounds: int = 5) -> None:
    from PySide6.QtCore import QEventLoop
    for _ in range(rounds):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _train_before_grab(window, epochs: int, app) -> str | None:
    """Train the experiment for ``epochs`` epochs in the Train tab before the picture.

    Calls the live training view's blocking ``train_for_epochs(n)`` (the worker runs in
    its thread while events are processed here). Returns a note for stderr when the
    picture will not show a trained network, else None.
    """
    view = getattr(window, "training_view", None)
    train = getattr(view, "train_for_epochs", None)
    window.show_train_tab()
    if not callable(train):
        return "the live training view is not available; showing the Train tab untrained"
    if not window.train_enabled:
        return f"cannot train this experiment: {window.train_disabled_reason}"
    if not train(int(epochs)):
        return "training did not finish the requested epochs (see the Train tab)"
    from workbench.dashboard.pages import picture_page
    if view.run is not None and view.run.info is not None:   # a CNN: show its filters
        view.pages.setCurrentIndex(picture_page(view.run.info.layer_specs))
    _process_events(app)
    return None


def render_window(window, size, app) -> QImage:
    """Lay ``window`` out at ``size`` and grab it as a QImage of exactly that size."""
    from PySide6.QtCore import Qt
    w, h = size
    window.setMinimumSize(0, 0)
    window.resize(w, h)
    window.show()
    _process_events(app)
    window.resize(w, h)
    _process_events(app)
    image = window.grab().toImage()
    if image.width() != w or image.height() != h:
        # a high-DPI device pixel ratio or a layout minimum larger than the request
        image = image.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    image.setDevicePixelRatio(1.0)
    return image


def png_bytes(image) -> bytes:
    """``image`` (a QImage) encoded as PNG, in memory (written by
    :mod:`core.files.atomic_write`)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ValueError("the picture could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


def screenshot_command(experiment_path, out_png, size=None, train_epochs: int = 0,
                       language: str = "system") -> int:
    """Render the workbench window on ``experiment_path`` into ``out_png``.

    Parameters
    ----------
    experiment_path : str or Path
        The experiment JSON file.
    out_png : str or Path
        Where to write the PNG (its folder must exist).
    size : (int, int), optional
        Width and height in pixels of the picture (and of the window); default the
        window's own default size (:data:`workbench.main_window.DEFAULT_SIZE`).
    train_epochs : int
        When > 0, train this many epochs in the Train tab first and show that tab
        (0 to 1,000,000).
    language : str
        ``"system"`` (the system's language), ``"en"`` or ``"zh_CN"``
        (:data:`workbench.i18n.LANGUAGES`).

    Returns
    -------
    int
        0 on success; 2 with one line on stderr when the experiment, the size or the
        output path is wrong.
    """
    if size is None:
        from workbench.main_window import DEFAULT_SIZE
        size = DEFAULT_SIZE
    checked = _check_size(size)
    if isinstance(checked, str):
        print(f"nn-workbench screenshot: {checked}", file=sys.stderr)
        return 2
    if isinstance(train_epochs, bool) or not isinstance(train_epochs, int) \
            or not 0 <= train_epochs <= MAX_TRAIN_EPOCHS:
        print(f"nn-workbench screenshot: --train-epochs: expected a whole number from 0 to "
              f"{MAX_TRAIN_EPOCHS}, got {train_epochs}", file=sys.stderr)
        return 2
    out = Path(out_png)
    if out.suffix.lower() != ".png":
        print(f"nn-workbench screenshot: {out}: expected a file name ending in .png",
              file=sys.stderr)
        return 2
    if not out.parent.resolve().is_dir():
        print(f"nn-workbench screenshot: {out}: the folder {out.parent} does not exist",
              file=sys.stderr)
        return 2

    from core.errors import WorkbenchError
    from core.files.atomic_write import write_bytes_atomic, write_error_message
    from core.io import experiment_file
    try:
        doc = experiment_file.load(experiment_path)
    except WorkbenchError as exc:
        print(f"nn-workbench screenshot: {exc}", file=sys.stderr)
        return 2

    from PySide6.QtWidgets import QApplication
    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication exists
        _quiet_offscreen_warnings()
    from workbench.app import ensure_application
    app = ensure_application()
    from workbench import i18n
    i18n.install(app, language)

    from workbench.document import ExperimentDocument
    from workbench.main_window import MainWindow
    from workbench.settings import WorkbenchSettings

    with tempfile.TemporaryDirectory(prefix="nnwb-screenshot-") as tmp:
        # a throw-away settings file: no restored geometry, the user's recent list untouched
        settings = WorkbenchSettings.at(Path(tmp) / "settings.ini")
        document = ExperimentDocument(doc, path=experiment_path)
        window = MainWindow(document, settings, restore_layout=False)
        window.wait_for_data()  # the Data panel reads the data in the background
        try:
            if train_epochs and train_epochs > 0:
                window.setMinimumSize(0, 0)
                window.resize(*checked)
                window.show()
                _process_events(app)
                note = _train_before_grab(window, train_epochs, app)
                if note:
                    print(f"nn-workbench screenshot: {note}", file=sys.stderr)
            image = render_window(window, checked, app)
            try:
                write_bytes_atomic(out, png_bytes(image))
            except OSError as exc:
                print(f"nn-workbench screenshot: {write_error_message(exc, out)}",
                      file=sys.stderr)
                return 2
        finally:
            window.discard_and_close()
            _process_events(app, 2)
    return 0
