"""The training thread of the window: one worker in one QThread, seen through a session.

:mod:`~workbench.training.session` (the GUI thread's side), :mod:`~workbench.training.worker`
(the QObject in the thread), :mod:`~workbench.training.run_control` (the Qt-free loop
they share), :mod:`~workbench.training.run_records` (what the worker reports),
:mod:`~workbench.training.thread_policy` and :mod:`~workbench.training.thread_reaper`.
"""
