"""`flask bench` at tiny sizes: it runs on a database of its own, prints the table and
writes every figure as JSON. No timing is asserted: the benchmark measures, tests don't."""

from __future__ import annotations

import json

from tests.stores import postgres_server_url

FIGURES = {"store", "dataset", "commands", "projection", "board", "read_your_writes",
           "audit", "exports", "targets_met"}


def test_bench_runs_at_tiny_sizes_and_writes_its_figures(store, app, runner, tmp_path):
    head = app.extensions["tracker"].recorder.max_notification_id() or 0
    out = tmp_path / "bench.json"
    where = ([] if store == "sqlite" else
             ["--no-sqlite", "--postgres", postgres_server_url().render_as_string(False)])

    result = runner.invoke(args=["bench", "--recommendations", "30", "--command-pairs", "3",
                                 "--board-rounds", "1", "--writes", "2", "--workers", "1",
                                 "--communes", "3", "--json", str(out), *where])

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
