"""``nn-workbench gui`` and ``nn-workbench screenshot``: the two subcommands that need Qt.

Both import the GUI only when they run, so the rest of the command line stays Qt-free.
"""

from __future__ import annotations

from workbench.cli.failures import UsageError


def gui_command(args) -> int:
    """Open the application (on ``args.experiment`` when given)."""
    from workbench.app import run_gui
    return run_gui(getattr(args, "experiment", None))


def screenshot_command(args) -> int:
    """Render the main window on ``args.experiment`` into the PNG ``args.output``."""
    from workbench.screenshot import screenshot_command
    return screenshot_command(args.experiment, args.output, parse_size(args.size),
                              train_epochs=args.train_epochs,
                              language=getattr(args, "language", "system"))


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x800"`` (or ``1280×800``) → ``(1280, 800)``.

    Raises
    ------
    UsageError
        Not two whole numbers, or a side outside 100 to 8000 pixels.
    """
    try:
        w, h = (int(v) for v in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise UsageError(f"--size: expected WIDTHxHEIGHT such as 1280x800, got {text!r}") \
            from None
    if not (100 <= w <= 8000 and 100 <= h <= 8000):
        raise UsageError(f"--size: width and height must be between 100 and 8000, got {text!r}")
    return w, h
