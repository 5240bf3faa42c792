"""Sweeps: one base experiment, some of its fields varied, many trials.

- :mod:`~core.runs.sweep.json_path`: ``model.layers[0].units`` paths into a document.
- :mod:`~core.runs.sweep.spec`: the sweep file, validated before anything runs.
- :mod:`~core.runs.sweep.search`: which trials to run: grid, random, or Optuna's TPE,
  with early termination by Optuna's median or Hyperband pruner.
- :mod:`~core.runs.sweep.trial`: one trial, run in a worker process (no Optuna there).
- :mod:`~core.runs.sweep.local_workers`: worker processes on this machine.
- :mod:`~core.runs.sweep.ray_workers`: Ray tasks on a cluster.
- :mod:`~core.runs.sweep.state`: the output folder's state file and ``results.csv``.
- :mod:`~core.runs.sweep.runner`: :func:`~core.runs.sweep.runner.run_sweep`, tying them.
"""
