"""``python -m workbench.cli``: the ``nn-workbench`` command line."""

import sys

from workbench.cli.main import main

sys.exit(main())
