"""Every built-in building block, registered by importing the module that defines it.

``import core`` imports this module (see ``core/__init__.py``), so the registry is full
before anything looks an entry up; nothing else imports it. The order of the imports is
the order of the palette, the experiment format's choices and REFERENCE.md, so they are
kept out of import sorting. A new module that registers entries is added here.
"""

# isort: off
from core.nn import initializers  # noqa: F401
from core.nn.layers import dense  # noqa: F401
from core.nn.layers import regularization  # noqa: F401
from core.nn.layers import activations  # noqa: F401
from core.nn.layers import rectifiers  # noqa: F401
from core.nn.layers import smooth_rectifiers  # noqa: F401
from core.nn.layers import softmax  # noqa: F401
from core.nn import losses  # noqa: F401
from core.optim import sgd  # noqa: F401
from core.optim import rmsprop  # noqa: F401
from core.optim import adam  # noqa: F401
from core.optim import adagrad  # noqa: F401
from core.optim import schedules  # noqa: F401
from core.data import synthetic  # noqa: F401
from core.data import bundled  # noqa: F401
from core.data import spec  # noqa: F401
# isort: on
