"""``nn-workbench runs``: the recorded runs (:mod:`core.runs.store`) at the command line.

::

    nn-workbench runs list [--filter TEXT] [--tag TAG]... [--sweep ID] [--sort KEY]
    nn-workbench runs show RUN [--json]
    nn-workbench runs tag RUN TAG... [--remove]
    nn-workbench runs note RUN TEXT            # "" clears the note
    nn-workbench runs delete RUN...
    nn-workbench runs export-tensorboard [RUN...] [--sweep ID] --out DIR
    nn-workbench runs export [RUN...] [--sweep ID] --tensorboard DIR   # the same

Every action takes ``--runs DIR`` (default: ``$NN_WORKBENCH_RUNS``, else the per-user
data folder, :mod:`core.runs.location`). A run is named by its id, by the start of its id
when only one run starts so, or ``latest`` (the newest run). Any bad input gives one line
on stderr and exit status 2. This module never imports Qt.
"""

from __future__ import annotations

import argparse
import json
import time

from workbench.cli.failures import UsageError

#: The name of the newest run (by start time).
LATEST = "latest"
RUNS_HELP = ("the runs folder (default: $NN_WORKBENCH_RUNS, else the per-user data folder, "
             "e.g. ~/.local/share/nn-workbench/runs)")
#: ``--sort`` keys and the index columns they sort by.
SORT_KEYS = {"date": "created", "best": "best", "name": "name", "data": "data",
             "network": "network", "optimizer": "optimizer", "lr": "lr", "epochs": "epochs",
             "seconds": "seconds"}
#: The columns of ``runs list``: header and how to show a row's value.
LIST_COLUMNS = (
    ("ID", lambda r: r.id),
    ("STARTED", lambda r: started_text(r.created)),
    ("NAME", lambda r: r.name or "-"),
    ("DATA", lambda r: r.data),
    ("NETWORK", lambda r: r.network),
    ("OPTIMIZER", lambda r: r.optimizer),
    ("LR", lambda r: number_text(r.lr)),
    ("EPOCHS", lambda r: "" if r.epochs is None else str(r.epochs)),
    ("BEST", lambda r: f"{r.metric} {number_text(r.best)}" if r.metric else ""),
    ("SECONDS", lambda r: "" if r.seconds is None else f"{r.seconds:.1f}"),
    ("TAGS", lambda r: ",".join(r.tags)),
)


def add_runs_option(parser: argparse.ArgumentParser) -> None:
    """``--runs DIR``, as every command that reads or writes the runs folder takes it."""
    parser.add_argument("--runs", metavar="DIR", help=RUNS_HELP)


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``runs`` and its actions on an ``add_subparsers()`` object."""
    parser = subparsers.add_parser(
        "runs", help="list, show, tag, annotate, delete or export the recorded runs",
        description="Every training run (train, the GUI, a sweep) is recorded in the runs "
                    "folder. A run is named by its id, by the start of its id, or latest (the "
                    "newest run).")
    actions = parser.add_subparsers(dest="runs_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="a table of the runs, newest first")
    add_runs_option(listing)
    listing.add_argument("--filter", metavar="TEXT", help="only runs whose id, name, data, "
                         "network, optimizer or note contains TEXT")
    listing.add_argument("--tag", action="append", default=[], metavar="TAG",
                         help="only runs with this tag (repeat for several)")
    listing.add_argument("--sweep", metavar="ID", help="only the runs of this sweep")
    listing.add_argument("--sort", choices=tuple(SORT_KEYS), default="date",
                         help="sort by this column (default: date)")
    listing.add_argument("--ascending", action="store_true", help="smallest/oldest first")
    listing.add_argument("--limit", type=int, metavar="N", help="at most N runs")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")

    show = actions.add_parser("show", help="everything recorded about one run")
    add_runs_option(show)
    show.add_argument("run", help="run id, its start, or latest")
    show.add_argument("--json", action="store_true", help="the summary as JSON")

    tag = actions.add_parser("tag", help="add tags to a run (or remove them)")
    add_runs_option(tag)
    tag.add_argument("run", help="run id, its start, or latest")
    tag.add_argument("tags", nargs="+", metavar="TAG")
    tag.add_argument("--remove", action="store_true", help="remove these tags instead")

    note = actions.add_parser("note", help="set a run's note (\"\" clears it)")
    add_runs_option(note)
    note.add_argument("run", help="run id, its start, or latest")
    note.add_argument("text", help="the note")

    delete = actions.add_parser("delete", help="delete runs (their folders and index rows)")
    add_runs_option(delete)
    delete.add_argument("runs_to_delete", nargs="+", metavar="RUN")

    export = actions.add_parser(
        "export-tensorboard", help="write runs as TensorBoard event files",
        description="Scalars per epoch, weight histograms and hyperparameters, one folder per "
                    "run under --out; open with: tensorboard --logdir DIR. Needs the "
                    "tensorboard extra (pip install 'nn-workbench[tensorboard]').")
    add_runs_option(export)
    export.add_argument("runs_to_export", nargs="*", metavar="RUN")
    export.add_argument("--sweep", metavar="ID", help="every run of this sweep")
    export.add_argument("--out", required=True, metavar="DIR", help="folder for the events")

    # issue 16's spelling of the same action: runs export --tensorboard DIR
    export_as = actions.add_parser(
        "export", help="write runs to another tool's format (--tensorboard DIR)",
        description="The same as export-tensorboard, spelled by format: --tensorboard DIR.")
    add_runs_option(export_as)
    export_as.add_argument("runs_to_export", nargs="*", metavar="RUN")
    export_as.add_argument("--sweep", metavar="ID", help="every run of this sweep")
    export_as.add_argument("--tensorboard", dest="out", required=True, metavar="DIR",
                           help="folder for TensorBoard event files")
    return parser


def run(args) -> int:
    """Carry out ``runs ACTION``; 0 on success. Bad input raises (one line, exit 2)."""
    from core.runs.store import RunStore

    with RunStore(args.runs) as store:
        return ACTIONS[args.runs_action](store, args)


def resolve(store, name: str) -> str:
    """The id of the run ``name`` names: the id itself, the only id starting with it, or
    the newest run for ``latest``."""
    from core.runs.store import RUN_ID, RunNotFound

    if not RUN_ID.fullmatch(name):
        raise UsageError(f"{name!r}: not a run id (letters, digits, '.', '_' and '-')")
    store.repair()
    ids = store.index.ids()
    if name in ids:
        return name
    if name == LATEST:
        newest = store.list(limit=1, repair=False)
        if not newest:
            raise RunNotFound(f"latest: no runs in {store.path}")
        return newest[0].id
    matches = sorted(i for i in ids if i.startswith(name))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise RunNotFound(f"{name}: no such run in {store.path}")
    shown = ", ".join(matches[:3]) + (", ..." if len(matches) > 3 else "")
    raise UsageError(f"{name}: the start of {len(matches)} run ids ({shown}); give more of "
                     "the id")


def started_text(created: float) -> str:
    """A start time as local ``YYYY-mm-dd HH:MM``."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(created))


def number_text(value) -> str:
    """A metric or rate in a few digits (``""`` when missing)."""
    return "" if value is None else f"{value:.4g}"


def table(header: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell, two spaces apart (the last is not padded)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    lines = []
    for cells in [header, *rows]:
        padded = [str(c).ljust(w) for c, w in zip(cells[:-1], widths[:-1])]
        lines.append("  ".join([*padded, str(cells[-1])]).rstrip())
    return "\n".join(lines)


def _list(store, args) -> int:
    from dataclasses import asdict

    from core.runs.index import RunFilter

    if args.limit is not None and args.limit < 1:
        raise UsageError(f"--limit: expected a positive number, got {args.limit}")
    where = RunFilter(text=args.filter or None, tags=tuple(args.tag), sweep=args.sweep)
    rows = store.list(where, sort=SORT_KEYS[args.sort], descending=not args.ascending,
                      limit=args.limit)
    if args.json:
        for row in rows:
            print(json.dumps(dict(asdict(row), tags=list(row.tags))))
        return 0
    if not rows:
        filtered = args.filter or args.tag or args.sweep
        print(f"no runs {'match' if filtered else 'recorded'} in {store.path}")
        return 0
    print(table([name for name, _ in LIST_COLUMNS],
                [[show(row) for _, show in LIST_COLUMNS] for row in rows]))
    print(f"{len(rows)} run{'s' if len(rows) != 1 else ''} in {store.path}")
    return 0


def _show(store, args) -> int:
    details = store.show(resolve(store, args.run))
    summary, row = details.summary, details.row
    if args.json:
        print(json.dumps(dict(summary, folder=str(details.folder), files=list(details.files)),
                         indent=2))
        return 0
    best = summary.get("best") or {}
    metrics = summary.get("metrics") or {}
    where = summary.get("where") or {}
    sweep = summary.get("sweep") or {}
    lines = [
        ("run", row.id),
        ("name", row.name or "-"),
        ("started", time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row.created))),
        ("task", row.task),
        ("data", row.data),
        ("network", row.network),
        ("optimizer", f"{row.optimizer}, lr {number_text(row.lr)}, batch {row.batch_size}"),
        ("epochs", f"{row.epochs} of {summary.get('epochs_planned', row.epochs)} "
                   f"({row.stopped})"),
        ("best", f"{best.get('metric')} {number_text(best.get('value'))} at epoch "
                 f"{best.get('epoch')}" if best.get("value") is not None else "-"),
        ("final", "  ".join(f"{k} {number_text(v)}" for k, v in metrics.items()) or "-"),
        ("seconds", "" if row.seconds is None else f"{row.seconds:.2f}"),
        ("where", f"{where.get('host', '')} ({where.get('backend', '')})"),
        ("source", row.source),
    ]
    if isinstance(sweep, dict) and sweep.get("id"):
        params = sweep.get("params") or {}
        lines.append(("sweep", " ".join([str(sweep["id"])] + [
            f"{k}={json.dumps(v)}" for k, v in params.items()])))
    lines += [("tags", ", ".join(row.tags) or "-"), ("note", row.note or "-"),
              ("folder", str(details.folder)), ("files", ", ".join(details.files))]
    width = max(len(key) for key, _ in lines)
    for key, value in lines:
        print(f"{key.ljust(width)}  {value}")
    return 0


def _tag(store, args) -> int:
    run_id = resolve(store, args.run)
    tags = store.remove_tags(run_id, args.tags) if args.remove else \
        store.add_tags(run_id, args.tags)
    print(f"{run_id}: {'tags ' + ', '.join(tags) if tags else 'no tags'}")
    return 0


def _note(store, args) -> int:
    run_id = resolve(store, args.run)
    store.set_note(run_id, args.text)
    print(f"{run_id}: note {'set' if args.text else 'cleared'}")
    return 0


def _delete(store, args) -> int:
    run_ids = [resolve(store, name) for name in args.runs_to_delete]  # all checked first
    for run_id in dict.fromkeys(run_ids):
        store.delete(run_id)
        print(f"deleted {run_id}")
    return 0


def _export(store, args) -> int:
    from core.runs.index import RunFilter
    from core.runs.tensorboard_export import export_tensorboard

    run_ids = [resolve(store, name) for name in args.runs_to_export]
    if args.sweep:
        found = [row.id for row in store.list(RunFilter(sweep=args.sweep), descending=False)]
        if not found:
            raise UsageError(f"--sweep: no runs of sweep {args.sweep} in {store.path}")
        run_ids += found
    if not run_ids:
        raise UsageError("runs export-tensorboard: name the runs to export, or --sweep ID")
    written = export_tensorboard(store, list(dict.fromkeys(run_ids)), args.out)
    print(f"wrote {len(written)} run{'s' if len(written) != 1 else ''} to {args.out}; "
          f"open them with: tensorboard --logdir {args.out}")
    return 0


ACTIONS = {"list": _list, "show": _show, "tag": _tag, "note": _note, "delete": _delete,
           "export-tensorboard": _export, "export": _export}
