"""``nn-workbench sweep SWEEP.json``: run a sweep of experiments and say which one wins.

::

    nn-workbench sweep SWEEP.json [--out DIR] [--workers N] [--resume] [--ray ADDRESS]
                                  [--runs DIR] [--quiet]

The trials run in worker processes on this machine (one per core, or ``--workers N``), or
as tasks on the Ray cluster at ``--ray ADDRESS`` (:func:`core.runs.sweep.runner.run_sweep`).
Every run is recorded in the runs folder (``--runs DIR``, see ``runs``); the sweep's
output folder (``--out``, default ``SWEEP-results`` beside the sweep file) holds
``results.csv`` and the state it resumes from. A progress line per finished run goes to
stderr; the results, one row per combination with the mean ± standard deviation of the
metric over its repeats, best first, go to stdout. Ctrl+C (or SIGTERM, SIGHUP) stops the
sweep, keeps the finished runs and says how to resume (exit status 130). Bad input: one
line on stderr, exit status 2. This module never imports Qt.
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import statistics
from pathlib import Path

from workbench.cli.failures import UsageError, say
from workbench.cli.runs_command import add_runs_option, number_text, table

#: Signals that stop a sweep the way Ctrl+C does.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                     if hasattr(signal, name))
MAX_WORKERS = 256


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register the ``sweep`` subcommand on an ``add_subparsers()`` object."""
    parser = subparsers.add_parser(
        "sweep", help="run a sweep over experiment fields and compare the runs",
        description="Run every trial of a sweep file (grid, random or bayes), record each run "
                    "and print the results, best first.")
    parser.add_argument("sweep", help="sweep JSON file")
    parser.add_argument("--out", metavar="DIR", help="output folder for results.csv and the "
                        "sweep's state (default: SWEEP-results beside the sweep file)")
    parser.add_argument("--workers", type=int, metavar="N", help="worker processes on this "
                        "machine (default: one per core)")
    parser.add_argument("--resume", action="store_true", help="continue the sweep in --out "
                        "where it stopped (finished runs are kept)")
    parser.add_argument("--ray", metavar="ADDRESS", help="run the trials on this Ray cluster "
                        "(auto, HOST:PORT or ray://HOST:PORT; needs the cluster extra)")
    add_runs_option(parser)
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser


def default_out(sweep_path: Path) -> Path:
    """``spiral-sweep.json`` → ``spiral-sweep-results`` in the same folder."""
    return sweep_path.with_name(f"{sweep_path.stem}-results")


def run(args) -> int:
    """Carry out ``sweep``: 0 when every run has finished, 130 when stopped."""
    from core.runs.sweep import spec as sweep_spec
    from core.runs.sweep.runner import run_sweep
    from core.runs.sweep.state import STATE_NAME, SweepState

    path = Path(args.sweep)
    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:
        raise UsageError(f"--workers: expected a number from 1 to {MAX_WORKERS}, got "
                         f"{args.workers}")
    if args.workers is not None and args.ray:
        raise UsageError("--workers: not used with --ray (the cluster's CPUs decide)")
    spec = sweep_spec.load(path)
    out = Path(args.out) if args.out else default_out(path)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out: {out} exists and is not a folder")
    held = (out / STATE_NAME).exists()
    if held:
        done = len(SweepState.open(out, spec).records)  # refuses another sweep's folder
        if not args.resume:
            raise UsageError(f"--out: {out} holds this sweep already ({done} of "
                             f"{spec.total_runs} runs done); add --resume to continue it, "
                             "or choose another --out")
    elif args.resume:
        raise UsageError(f"--resume: {out} holds no sweep to resume")

    if args.ray:
        where = f"the Ray cluster at {args.ray}"
    elif args.workers:
        where = f"{args.workers} local worker process{'es' if args.workers != 1 else ''}"
    else:
        where = "one local worker process per core"
    say(f"sweep {spec.name or path.name}: {spec.total_runs} runs ({spec.combinations} "
        f"combination{'s' if spec.combinations != 1 else ''} x {spec.repeats} repeat"
        f"{'s' if spec.repeats != 1 else ''}) on {where}; results in {out}")
    stops: list[int] = []
    previous = {signum: signal.signal(signum, lambda s, f: stops.append(s))
                for signum in STOP_SIGNALS}
    try:
        result = run_sweep(spec, out, workers=args.workers, ray_address=args.ray,
                           runs=args.runs, should_stop=lambda: bool(stops),
                           on_progress=None if args.quiet else _progress_printer(spec))
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    print(results_text(spec, result.records))
    if result.interrupted:
        signum = stops[0] if stops else signal.SIGINT
        say(f"nn-workbench: interrupted ({signal.Signals(signum).name}): "
            f"{len(result.records)} of {spec.total_runs} runs done; resume with: "
            f"nn-workbench sweep {path} --out {out} --resume")
        return 128 + signum
    return 0


def _progress_printer(spec):
    width = len(str(spec.total_runs))

    def on_progress(progress) -> None:
        if progress.kind != "finished":
            return
        value = f"{spec.metric} {number_text(progress.value)}" \
            if progress.value is not None else ""
        why = f" ({progress.reason})" if progress.state == "failed" and progress.reason else ""
        best = f"  best: run {progress.best_number} {number_text(progress.best_value)}" \
            if progress.best_number is not None else ""
        say(f"[{progress.done:>{width}}/{progress.total}] run {progress.number} "
            f"{progress.state}{why}  {params_text(progress.params)}  {value}  "
            f"{progress.seconds:.1f} s{best}".replace("    ", "  "))
    return on_progress


def params_text(params: dict) -> str:
    """``optimizer.lr=0.01 model.layers[0].units=8``."""
    return " ".join(f"{path}={json.dumps(value)}" for path, value in params.items())


def combination_rows(spec, records: list) -> list[dict]:
    """One row per combination of values: its runs, and the mean, standard deviation and
    best of the metric over its complete runs; best mean first (unscored last)."""
    groups: dict = {}
    for record in records:
        groups.setdefault(record["point"], []).append(record)
    rows = []
    for point, group in groups.items():
        values = [r["value"] for r in group if r["state"] == "complete"
                  and isinstance(r.get("value"), (int, float)) and math.isfinite(r["value"])]
        pick = max if spec.goal == "maximize" else min
        rows.append({"point": point, "params": group[0]["params"], "runs": len(group),
                     "complete": len(values),
                     "mean": statistics.fmean(values) if values else None,
                     "std": statistics.stdev(values) if len(values) > 1 else
                     (0.0 if values else None),
                     "best": pick(values) if values else None,
                     "seconds": statistics.fmean(r.get("seconds") or 0.0 for r in group),
                     "states": sorted({r["state"] for r in group})})
    sign = -1 if spec.goal == "maximize" else 1
    rows.sort(key=lambda r: (r["mean"] is None, sign * (r["mean"] or 0.0), r["point"]))
    return rows


def results_text(spec, records: list) -> str:
    """The results table and the verdict (which combination wins, and by how much)."""
    from core.runs.sweep.runner import best_record

    if not records:
        return "no runs finished"
    rows = combination_rows(spec, records)
    paths = [p.path for p in spec.parameters]
    header = ["#", *paths, "RUNS", f"{spec.metric.upper()} MEAN ± STD", "BEST", "SECONDS"]
    cells = []
    for rank, row in enumerate(rows, 1):
        score = f"{row['mean']:.4f} ± {row['std']:.4f}" if row["mean"] is not None else \
            "/".join(row["states"])
        cells.append([str(rank), *[json.dumps(row["params"].get(p)) for p in paths],
                      f"{row['complete']}/{row['runs']}", score,
                      "" if row["best"] is None else f"{row['best']:.4f}",
                      f"{row['seconds']:.1f}"])
    lines = [table(header, cells)]
    scored = [r for r in rows if r["mean"] is not None]
    if scored:
        win = scored[0]
        verdict = f"best: {params_text(win['params'])}: {spec.metric} {win['mean']:.4f}"
        if win["complete"] > 1:
            verdict += f" ± {win['std']:.4f} over {win['complete']} runs"
        if len(scored) > 1:
            verdict += f", ahead of the next by {abs(win['mean'] - scored[1]['mean']):.4f}"
        lines.append(verdict)
    best = best_record(records, spec.goal)
    if best is not None and best.get("run_id"):
        lines.append(f"best run: {best['run_id']} ({spec.metric} {best['value']:.4f}); "
                     f"nn-workbench runs show {best['run_id']}")
    return "\n".join(lines)
