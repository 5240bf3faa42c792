"""Where the runs folder is.

In order: the folder passed by the caller (``--runs DIR``, a GUI setting), the
environment variable :data:`ENV_VAR`, else a per-user data folder from ``platformdirs``
(``~/.local/share/nn-workbench/runs`` on Linux, ``~/Library/Application
Support/nn-workbench/runs`` on macOS, ``%LOCALAPPDATA%\\nn-workbench\\runs`` on Windows).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

#: Environment variable that names the runs folder.
ENV_VAR = "NN_WORKBENCH_RUNS"
APP_NAME = "nn-workbench"


def default_runs_dir() -> Path:
    """The per-user runs folder (not created)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "runs"


def runs_dir(path=None, environ=None) -> Path:
    """The runs folder to use: ``path`` if given, else ``$NN_WORKBENCH_RUNS``, else
    :func:`default_runs_dir`. ``~`` is expanded; the folder is not created here."""
    environ = os.environ if environ is None else environ
    if path is not None and str(path) != "":
        return Path(path).expanduser()
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR]).expanduser()
    return default_runs_dir()
