"""Live training dashboards: the Train tab's plots, alerts, progress and run list.

:class:`workbench.dashboard.training_view.TrainingView` is the tab; each ``*Panel`` module draws
one kind of plot from a :class:`workbench.dashboard.run_record.RunRecord`.
"""
