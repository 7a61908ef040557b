"""Read-your-writes beside a separate projector on PostgreSQL: a waiting request is woken
by the notification of the projector's commit (projections/position_watch.py), not by
asking the positions table again and again; a watch that cannot listen leaves the
requests to ask, and listens again once it can."""

from __future__ import annotations

import gc
import threading
import time

import pytest
from sqlalchemy import text

from projections import position_watch, runner
from projections.queries import board_row
from projections.runner import ReadModels, ReadModelsBehind
from tests.tracker.scenario import raise_one

# SQLite has no NOTIFY: there the requests ask (tests/projections/test_runner.py).
on_postgres = pytest.mark.parametrize("store", ["postgres"])

# Were a waiting request to ask the table, it would sleep this long between two questions:
# far longer than any test here waits.
NEVER = 600


@pytest.fixture
def web_side(tracker_app, monkeypatch):
    """The read models as a web process sees them when a projector runs elsewhere."""
    monkeypatch.setattr(runner, "POLL_SECONDS", NEVER)
    models = ReadModels(tracker_app, inline=False)
    yield models
    models.close()


def wait_in_thread(models, position: int, timeout: float) -> dict:
    outcome: dict = {}

    def wait() -> None:
        started = time.monotonic()
        try:
            models.wait_for(position, timeout=timeout)
            outcome["answer"] = "reached"
        except ReadModelsBehind:
            outcome["answer"] = "behind"
        outcome["seconds"] = time.monotonic() - started

    outcome["thread"] = threading.Thread(target=wait)
    outcome["thread"].start()
    return outcome


def listening_backends(models) -> list[int]:
    """The connections listening to these read models' channel (each test has a schema,
    hence a channel, of its own)."""
    with models.engine.connect() as connection:
        return connection.execute(text(
            "SELECT pid FROM pg_stat_activity WHERE application_name = :watch"
            " AND datname = current_database() AND pid <> pg_backend_pid()"),
            {"watch": position_watch.listener_name(models.tracker.settings.database_url)}
        ).scalars().all()


@on_postgres
def test_a_waiting_request_is_woken_by_the_projectors_commit(
        tracker_app, people, clock, web_side, read_models):
    raised = raise_one(tracker_app, people, clock)
    waiting = wait_in_thread(web_side, raised.position, timeout=30)
    time.sleep(0.5)
    assert waiting["thread"].is_alive()  # the projector has not applied it yet

    read_models.catch_up()  # the projector's batch: its commit notifies

    waiting["thread"].join(timeout=30)
    assert waiting["answer"] == "reached"
    assert waiting["seconds"] < 10  # not the poll's NEVER, nor the timeout
    assert board_row(web_side.engine, raised.recommendation_id)["status"] == "open"


@on_postgres
def test_a_position_already_reached_returns_without_waiting(
        tracker_app, people, clock, web_side, read_models):
    raised = raise_one(tracker_app, people, clock)
    read_models.catch_up()

    waiting = wait_in_thread(web_side, raised.position, timeout=30)
    waiting["thread"].join(timeout=30)

    assert (waiting["answer"], waiting["seconds"] < 10) == ("reached", True)


@on_postgres
def test_a_projector_that_does_not_come_leaves_the_request_behind_at_its_timeout(
        tracker_app, people, clock, web_side):
    raised = raise_one(tracker_app, people, clock)

    waiting = wait_in_thread(web_side, raised.position, timeout=1)
    waiting["thread"].join(timeout=30)

    assert waiting["answer"] == "behind"
    assert 1 <= waiting["seconds"] < 10


@on_postgres
def test_a_cut_listening_connection_is_made_again(
        tracker_app, people, clock, web_side, read_models, monkeypatch):
    monkeypatch.setattr(position_watch, "RETRY_SECONDS", (0.05,))
    others = set(listening_backends(web_side))  # none: the channel is the schema's
    first = raise_one(tracker_app, people, clock)
    read_models.catch_up()
    web_side.wait_for(first.position, timeout=30)  # the watch listens from now on
    [listener] = set(listening_backends(web_side)) - others

    with web_side.engine.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": listener})
    deadline = time.monotonic() + 20
    while not set(listening_backends(web_side)) - others - {listener}:
        assert time.monotonic() < deadline, "the watch did not listen again"
        time.sleep(0.05)

    second = raise_one(tracker_app, people, clock)
    waiting = wait_in_thread(web_side, second.position, timeout=30)
    time.sleep(0.3)
    read_models.catch_up()
    waiting["thread"].join(timeout=30)
    assert (waiting["answer"], waiting["seconds"] < 10) == ("reached", True)


def test_a_watch_that_cannot_listen_leaves_the_requests_to_ask(monkeypatch):
    monkeypatch.setattr(position_watch, "RETRY_SECONDS", (60,))
    unreachable = "postgresql://postgres@127.0.0.1:1/nowhere"

    class Owner:  # the read models the watch serves, held weakly
        pass

    owner = Owner()
    watch = position_watch.PositionWatch(unreachable, owner)

    assert watch.wait(1, timeout=5) is None


@on_postgres
def test_a_watch_ends_with_the_read_models_it_serves(tracker_app, people, clock, read_models,
                                                     monkeypatch):
    monkeypatch.setattr(position_watch, "CHECK_SECONDS", 0.1)
    others = set(listening_backends(read_models))
    web = ReadModels(tracker_app, inline=False)
    raised = raise_one(tracker_app, people, clock)
    read_models.catch_up()
    web.wait_for(raised.position, timeout=30)
    assert set(listening_backends(read_models)) - others

    web.engine.dispose()
    del web  # no close(): forgotten, as a test's application is
    gc.collect()

    deadline = time.monotonic() + 20
    while set(listening_backends(read_models)) - others:
        assert time.monotonic() < deadline, "the watch outlived its read models"
        time.sleep(0.05)
