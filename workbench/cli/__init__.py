"""The ``nn-workbench`` command line (:mod:`workbench.cli.main`), one module per subcommand.

Qt-free: only :mod:`workbench.cli.gui_commands` reaches Qt, lazily, for ``gui`` and
``screenshot``. ``python -m workbench.cli`` runs it.
"""
