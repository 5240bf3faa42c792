"""The error classes of the engine.

Every error a user can cause (a bad experiment file, an impossible layer stack, a CSV
that does not parse, a missing GPU) is a :class:`WorkbenchError` whose message is one
sentence naming what was wrong and what was expected. Front ends show ``str(error)``
as it is: a message box in the GUI, one line on stderr at the command line.
"""


class WorkbenchError(Exception):
    """Base class of every error meant to be read by a user."""


class SpecError(WorkbenchError):
    """A layer, loss, optimizer, schedule or experiment field is wrong.

    The message starts with the JSON path of the field, e.g.
    ``model.layers[3].units: expected a positive integer, got -4``.
    """


class DataError(WorkbenchError):
    """A data file or data source cannot be used (names the file, row or column)."""


class BackendError(WorkbenchError):
    """The requested array backend (e.g. the GPU) is not available, and why."""


class WeightsError(WorkbenchError):
    """A weight file is malformed, unsafe, or does not fit the network."""
