"""Processes starting together on an empty store (the web server and the projector of
scripts/serve.sh, several web processes) all come up: creating the event store is done by
one at a time. On PostgreSQL each used to create the event table and its types at once,
and the slower failed on the catalogue — in every round of six starts before the fix."""

from __future__ import annotations

import threading

from projections.runner import ReadModels
from tracker.application import Tracker
from tracker.config import Settings


def start_together(database_url: str, count: int = 6) -> list[str]:
    errors, ready = [], threading.Barrier(count)

    def start():
        ready.wait()
        try:
            tracker = Tracker(Settings(database_url=database_url))
            models = ReadModels(tracker)
            models.engine.dispose()
            tracker.close()
        except Exception as error:  # noqa: BLE001 - what failed is the test's finding
            errors.append(repr(error))

    threads = [threading.Thread(target=start) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_six_processes_starting_on_an_empty_store_all_come_up(database_url):
    for _round in range(3):
        assert start_together(database_url) == []
