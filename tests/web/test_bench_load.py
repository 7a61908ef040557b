"""`flask bench --load` at a tiny size on PostgreSQL: the served application (two waitress
processes counting their limits in Redis, and the external projector) under two clients for
two seconds answers every request, loses and doubles nothing, and leaves no database or
process behind. No timing is asserted."""

from __future__ import annotations

import json
from pathlib import Path

from bench.cli import bench
from tests.conftest import close_app, make_app
from tests.stores import connect, postgres_server_url
from tests.web.test_limits import redis_url


def test_load_run_answers_everything_and_loses_or_doubles_nothing(tmp_path):
    server = postgres_server_url()  # skipped without TRACKER_TEST_POSTGRES_URL
    app = make_app(f"sqlite:///{tmp_path / 'app.sqlite3'}", str(tmp_path / "blobs"))
    out = tmp_path / "load.json"
    try:
        result = app.test_cli_runner().invoke(bench, args=[
            "--load", "--clients", "2", "--seconds", "2", "--reference-seconds", "1",
            "--postgres", server.render_as_string(hide_password=False), "--json", str(out),
            "--redis", redis_url(), "--processes", "2"])
    finally:
        close_app(app)

    assert result.exit_code == 0, result.output + repr(result.exception)
    figures = json.loads(out.read_text())
    assert figures["errors"] == 0, figures["load"]["error_examples"]
    check, answered = figures["check"], figures["check"]["answered"]
    assert answered["raise"] > 0 and answered["acknowledge"] > 0
    assert (check["lost"], check["doubled"], check["unanswered"]) == (0, 0, 0)
    assert check["events"] == answered
    assert figures["read_side"] == {"files": answered["raise"],
                                    "acknowledged": answered["acknowledge"], "matches": True}
    assert figures["reference"]["requests"] > 0 and figures["ratio"] > 0
    assert {"raise", "escalate", "acknowledge", "read one", "list"} == set(
        figures["load"]["operations"])
    assert "| lost / doubled in the log | 0 / 0 |" in result.output
    assert figures["processes"] == 2 and "waitress (2 processes × 8 threads)" in result.output
    # Nothing left behind: neither the servers nor their database.
    listening = f"127.0.0.1:{figures['served']['port']}"
    assert not [path for path in Path("/proc").glob("[0-9]*/cmdline")
                if listening in _read(path)]
    with connect(server, autocommit=True) as connection:
        assert connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (figures["served"]["database"],)).fetchone() is None


def _read(path: Path) -> str:
    try:
        return path.read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:  # the process ended meanwhile
        return ""
