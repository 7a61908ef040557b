"""`flask bench` at tiny sizes: it runs on a database of its own, prints the table and
writes every figure as JSON. No timing is asserted: the benchmark measures, tests don't.

The product never imports the benchmark: `bench` reaches `flask --app wsgi` as a plugin
command (the package's `flask.commands` entry point), not through `app.cli`."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.cli import bench
from tests.stores import postgres_server_url

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "tracker", "projections", "web", "storage")

FIGURES = {"store", "dataset", "commands", "projection", "board", "read_your_writes",
           "audit", "exports", "targets_met"}


def test_bench_runs_at_tiny_sizes_and_writes_its_figures(store, app, runner, tmp_path):
    head = app.extensions["tracker"].recorder.max_notification_id() or 0
    out = tmp_path / "bench.json"
    where = ([] if store == "sqlite" else
             ["--no-sqlite", "--postgres", postgres_server_url().render_as_string(False)])

    # Not one of app.cli's commands: invoked as itself, on the app (ScriptInfo) of the runner.
    result = runner.invoke(bench, args=["--recommendations", "30", "--command-pairs", "3",
                                        "--board-rounds", "1", "--writes", "2",
                                        "--workers", "1", "--communes", "3",
                                        "--json", str(out), *where])

    assert result.exit_code == 0, result.output + repr(result.exception)
    figures = json.loads(out.read_text())
    assert {"machine", "sizes", "targets", "runs"} <= set(figures)
    (run,) = figures["runs"]
    assert set(run) == FIGURES
    assert run["store"]["store"] == ("sqlite" if store == "sqlite" else "postgresql")
    assert run["dataset"]["recommendations"] == 30 and run["dataset"]["events"] > 30
    assert run["projection"]["events"] == run["dataset"]["events"]
    assert run["commands"]["events"] == 6
    for figure in ("page", "fragment", "floor"):
        assert run["board"][figure]["n"] == 9 and run["board"][figure]["p95_ms"] > 0
    assert run["read_your_writes"]["both"]["n"] == 4
    assert set(run["targets_met"]) == {
        "commands_ratio", "rebuild_ratio", "rebuild_events_per_second", "rebuild_peak_rss_mb",
        "board_page_p95_ms", "board_fragment_p95_ms", "read_your_writes_p95_ms",
        "verify_1m_under_30_s", "as_of_board_under_2_s"}
    audited = run["audit"]
    assert audited["verify_ok"] and audited["verified_events"] >= run["dataset"]["events"]
    assert audited["as_of_rows"] > 0
    assert "| 1. commands" in result.output and "| 4. read-your-writes" in result.output
    assert "| 5. hash chain" in result.output and "| 6. board as of" in result.output
    # The whole board exported: every recommendation of the data set, in each format.
    assert run["exports"]["csv"]["rows"] == run["exports"]["xlsx"]["rows"] == 30
    assert run["exports"]["xlsx"]["megabytes"] >= 0 and "| 7. export" in result.output
    # The application's own database is never what the benchmark measures.
    assert (app.extensions["tracker"].recorder.max_notification_id() or 0) == head


def test_flask_lists_bench_as_a_plugin_command(tmp_path):
    flask = Path(sys.executable).with_name("flask")
    listed = subprocess.run(
        [str(flask), "--app", "wsgi", "--help"], cwd=PROJECT_ROOT, capture_output=True,
        text=True, timeout=60,
        env={**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'help.sqlite3'}"})

    assert listed.returncode == 0, listed.stdout + listed.stderr
    commands = {line.split()[0] for line in listed.stdout.split("Commands:")[1].splitlines()
                if line.strip()}
    assert {"bench", "demo", "users", "run"} <= commands


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_product_module_imports_the_benchmark():
    sources = [path for package in PRODUCT for path in (PROJECT_ROOT / package).rglob("*.py")]
    assert len(sources) > 20
    importers = sorted(str(path.relative_to(PROJECT_ROOT)) for path in sources
                       if any(name == "bench" or name.startswith("bench.")
                              for name in imported_modules(path)))
    assert importers == []
