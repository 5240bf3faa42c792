"""Runs that last: every training run recorded in a runs folder, and sweeps over many.

- :mod:`core.runs.location`: where the runs folder is (per-user data folder, or
  ``NN_WORKBENCH_RUNS``, or an argument).
- :mod:`core.runs.history`: the per-epoch history of a run, as rows, CSV and histograms.
- :mod:`core.runs.describe`: a run's data and network in a few words.
- :mod:`core.runs.run_files`: the files of one finished run (experiment, model, history,
  summary), built from a trainer.
- :mod:`core.runs.index`: the SQLite index of the runs folder.
- :mod:`core.runs.store`: :class:`~core.runs.store.RunStore`, the API: record, list,
  show, delete, tag, note.
- :mod:`core.runs.tensorboard_export`: runs as TensorBoard event files (tensorboardX).
- :mod:`core.runs.sweep`: sweep files, trial search (Optuna) and execution on local
  worker processes or a Ray cluster.

Nothing here imports Qt; the command line and the GUI are front ends over these modules.
"""
