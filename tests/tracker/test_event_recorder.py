"""PostgreSQL saves go through one statement, a function that locks the events table
first: a save still waits for any other save in progress, so positions become visible in
their order and no reader of the log skips an event committed late under a lower one."""

from __future__ import annotations

import threading
import time

import pytest
from psycopg.sql import SQL, Identifier

from tests.tracker.scenario import raise_one
from tracker.event_recorder import LockingFunctionRecorder
from tracker.storage import postgres_connection

# SQLite has one writer at a time by itself: there is no such recorder to test there.
pytestmark = pytest.mark.parametrize("store", ["postgres"])
HELD = 0.6  # seconds another save holds the table


def test_a_save_is_one_call_of_the_recorders_function(tracker_app, people, clock,
                                                     monkeypatch):
    recorder = tracker_app.recorder
    assert isinstance(recorder, LockingFunctionRecorder)
    assert recorder.datastore.enable_db_functions
    pipelines = []
    monkeypatch.setattr(type(recorder), "_insert_stored_events",
                        lambda *args, **kwargs: pipelines.append(args))

    raised = raise_one(tracker_app, people, clock)  # the file and its register's number

    assert pipelines == []  # not the library's BEGIN, LOCK, NOTIFY, INSERT, COMMIT
    assert raised.position == recorder.max_notification_id()
    assert tracker_app.repository.get(raised.recommendation_id).version == 1


def test_a_save_waits_for_a_save_in_progress(tracker_app, people, clock, database_url):
    """Another transaction holds what an uncommitted INSERT holds (ROW EXCLUSIVE): the
    library's own function, which takes no lock, would insert beside it at once."""
    recorder = tracker_app.recorder
    table = SQL("{}.{}").format(Identifier(recorder.datastore.schema),
                                Identifier(recorder.events_table_name))
    locked, released_at = threading.Event(), []

    def hold():
        with postgres_connection(database_url) as other, other.transaction():
            other.execute(SQL("LOCK TABLE {} IN ROW EXCLUSIVE MODE").format(table))
            locked.set()
            time.sleep(HELD)
            released_at.append(time.monotonic())

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(10)
    raised = raise_one(tracker_app, people, clock)
    saved_at = time.monotonic()
    holder.join()

    assert saved_at >= released_at[0]
    assert tracker_app.repository.get(raised.recommendation_id).version == 1
