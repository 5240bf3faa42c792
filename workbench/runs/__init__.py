"""The Runs tab: every run recorded in the runs folder (:mod:`core.runs`), in the GUI.

- :mod:`workbench.runs.background_jobs`: run-store work off the GUI thread.
- :mod:`workbench.runs.run_recorder`: records each run the Train tab trains.
- :mod:`workbench.runs.runs_table_model`: the table of runs, sorted and filtered.
- :mod:`workbench.runs.curves_plot`: the selected runs' curves in one plot.
- :mod:`workbench.runs.runs_browser`: the tab's widget.
- :mod:`workbench.runs.sweep_worker`, :mod:`workbench.runs.sweep_panel`: the Sweep tab.
- :mod:`workbench.runs.runs_tab`: the tabs in the main window, opening a run.
"""
