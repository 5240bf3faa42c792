"""Every built-in building block, registered by importing the module that defines it.

``import core`` imports this module (see ``core/__init__.py``), so the registry is full
before anything looks an entry up; nothing else imports it. The order of the imports is
the order of the palette, the experiment format's choices and REFERENCE.md.
A new module that registers entries is added here.
"""

from core.data import bundled, spec, synthetic  # noqa: F401
from core.nn import initializers, losses  # noqa: F401
from core.nn.layers import activations  # noqa: F401
from core.optim import base, schedules  # noqa: F401
