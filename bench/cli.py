"""``flask --app wsgi bench``: build a synthetic Mali in a fresh database, measure, report.

Each store (SQLite always, unless ``--no-sqlite``; PostgreSQL with ``--postgres URL``)
gets its own throw-away database, dropped at the end. Order per store: the data set, the
projection rebuild (which fills the read models the pages need), the board, read-your-
writes, and last the commands (whose bare-library events join the log)."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from bench import audit, commands, dataset, exports, projection, report, stores, web


@click.command("bench")
@click.option("--communes", type=click.IntRange(1), default=25, show_default=True,
              help="Communes (the 25 of tracker/data/communes.csv, then synthetic ones).")
@click.option("--recommendations", type=click.IntRange(1), default=20_000,
              show_default=True,
              help="Recommendations in the data set (~10 events each); the issue's full "
                   "size is 100000 (~1M events).")
@click.option("--command-pairs", type=click.IntRange(1), default=400, show_default=True,
              help="Raise-then-escalate pairs per side for the commands figure.")
@click.option("--board-rounds", type=click.IntRange(1), default=30, show_default=True,
              help="Rounds over the board's filter cases (page, fragment, empty route).")
@click.option("--writes", type=click.IntRange(1), default=100, show_default=True,
              help="Raise and escalate commands for read-your-writes.")
@click.option("--workers", type=click.IntRange(1), default=min(2, os.cpu_count() or 1),
              show_default=True, help="Processes building the data set.")
@click.option("--postgres", "postgres_url", metavar="URL",
              help="Also run on PostgreSQL: a database is created on this server and "
                   "dropped afterwards (postgresql://user@host:5432/postgres).")
@click.option("--no-sqlite", is_flag=True, help="Skip the SQLite run.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the figures [default: instance/bench.json].")
@click.option("--seed", type=int, default=20260310, show_default=True)
@click.option("--load", is_flag=True,
              help="Instead: the load run (bench/load.py) against the application served "
                   "as scripts/serve.sh serves it, on a database of its own on the "
                   "--postgres server [figures in instance/load.json].")
@click.option("--clients", type=click.IntRange(1), default=16, show_default=True,
              help="--load: API clients, each a thread with its own connection and tokens.")
@click.option("--seconds", type=click.FloatRange(0.5), default=30, show_default=True,
              help="--load: how long the clients run the mix.")
@click.option("--reference-seconds", type=click.FloatRange(0.5), default=10,
              show_default=True, help="--load: how long they load the no-database page.")
@click.option("--keep", is_flag=True, help="--load: keep the database at the end.")
@click.option("--redis", "redis_url", metavar="URL",
              help="--load: the web processes count their limits in this Redis "
                   "(redis://127.0.0.1:6379/0), as more than one must.")
@click.option("--processes", type=click.IntRange(1),
              help="--load: web processes (more than one needs --redis).")
@with_appcontext
def bench(communes, recommendations, command_pairs, board_rounds, writes, workers,
          postgres_url, no_sqlite, json_path, seed, load, clients, seconds,
          reference_seconds, keep, redis_url, processes):
    """Benchmark: commands, projection rebuild, board query and read-your-writes, each
    beside its reference measured in the same run."""
    if load:
        return load_run(postgres_url, clients, seconds, reference_seconds, communes, keep,
                        json_path or Path(current_app.instance_path) / "load.json",
                        redis_url, processes)
    json_path = json_path or Path(current_app.instance_path) / "bench.json"
    sizes = {"communes": communes, "recommendations": recommendations,
             "command_pairs": command_pairs, "board_rounds": board_rounds,
             "writes": writes, "workers": workers, "seed": seed}
    targets = ([] if no_sqlite else [("sqlite", stores.sqlite_store())]) + (
        [("postgresql", stores.postgres_store(postgres_url))] if postgres_url else [])
    if not targets:
        raise click.UsageError("Nothing to run: --no-sqlite without --postgres.")
    results = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "machine": report.machine(), "sizes": sizes, "targets": report.TARGETS,
               "runs": []}
    json_path.parent.mkdir(parents=True, exist_ok=True)
    for name, store in targets:
        with store as database_url:
            click.echo(f"\n== {name} ==")
            run = run_store(database_url, sizes)
        results["runs"].append(run)
        click.echo("\n" + report.header(run))
        click.echo(report.table(run))
        # After each store, so that a failure on the next one keeps these figures.
        json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    click.echo(f"\nFigures written to {json_path}")


def load_run(postgres_url, clients, seconds, reference_seconds, communes, keep, json_path,
             redis_url=None, processes=None):
    from bench import load, load_report

    if not postgres_url:
        raise click.UsageError("--load runs on PostgreSQL: give --postgres URL.")
    result = load.run(postgres_url, clients, seconds, reference_seconds, communes, keep,
                      redis_url, processes)
    click.echo("\n" + load_report.header(result))
    click.echo(load_report.table(result))
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    click.echo(f"\nFigures written to {json_path}")


def run_store(database_url: str, sizes: dict) -> dict:
    """Every figure on one fresh database."""
    from tracker.application import Tracker
    from tracker.config import Settings

    load_before = os.getloadavg()  # a shared machine: what else was running is part of it
    reference = dataset.make_reference(sizes["communes"])
    tracker_app = Tracker(Settings(database_url), reference=reference)
    people = dataset.open_people(tracker_app)
    with click.progressbar(length=sizes["recommendations"],
                           label="Building the data set (recommendations)") as bar:
        built = dataset.build_in_parallel(
            database_url, reference, people, sizes["recommendations"], sizes["workers"],
            seed=sizes["seed"], on_done=bar.update)
    head = tracker_app.recorder.max_notification_id() or 0
    with click.progressbar(length=head, label="Rebuilding the read models (events)") as bar:
        projected = projection.measure(database_url, reference, on_progress=bar.update)
    app = web.make_app(database_url, reference)
    click.echo("Hash chain and the board as of a past day…")
    audited = audit.measure(app)
    click.echo("Board queries…")
    board = web.measure_board(app, reference, sizes["board_rounds"])
    click.echo("Exports of the whole board…")
    exported = exports.measure(app)
    click.echo("Read-your-writes…")
    writes = web.measure_read_your_writes(app, reference, sizes["writes"])
    click.echo("Commands…")
    secretary = people.secretaries[next(iter(reference.communes))]
    commanded = commands.measure(tracker_app, secretary, sizes["command_pairs"])
    run = {"store": stores.versions(database_url),
           "dataset": {"communes": sizes["communes"], "recommendations": built.recommendations,
                       "events": head, "transactions": built.transactions,
                       "seconds": round(built.seconds, 1), "workers": sizes["workers"],
                       "events_per_second": round(built.events / built.seconds)},
           "commands": commanded, "projection": projected, "board": board,
           "read_your_writes": writes, "audit": audited}
    run["store"]["load_average"] = {"before": [round(x, 2) for x in load_before],
                                    "after": [round(x, 2) for x in os.getloadavg()]}
    run["exports"] = exported
    run["targets_met"] = report.verdicts(run)
    app.extensions["read_models"].engine.dispose()
    return run
