"""Figure 1: commands through the application service, one transaction per command,
against the bare eventsourcing library saving equivalent aggregates in the same store.

The tracker raises a recommendation, then escalates it (``Tracker.raise_recommendation``,
``Tracker.act``: authorisation, field rules, lifecycle, load, save). The library does the
same two steps with a bare aggregate whose events carry the same fields: create and save,
then load, trigger and save. Both write to the same event table (on PostgreSQL the table
is named after the application, so the bare one is called "Tracker" too), in rounds that
alternate which goes first, so both see the same machine and the same table size."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from tracker.application import DateAsISO
from tracker.storage import event_store_env

ROUND = 25
REASON = "Le budget communal ne suffit pas pour cette mesure."


class BareRecommendation(Aggregate):
    """The same two events as a Recommendation, with no rule, no authorisation."""

    @event("Raised")
    def __init__(self, *, actor, commune, region, title, description, theme, meeting_date,
                 origin_group, request_id):
        self.commune, self.region, self.title = commune, region, title
        self.description, self.theme, self.meeting_date = description, theme, meeting_date
        self.origin_group, self.level, self.status = origin_group, "commune", "open"

    @event("EscalatedToRegion")
    def escalate(self, *, actor, reason, region, due_by, request_id):
        self.level, self.status, self.region, self.due_by = (
            "region", "awaiting_acknowledgement", region, due_by)


class BareLibrary(Application):
    name = "Tracker"  # the same table as the tracker's on PostgreSQL

    def register_transcodings(self, transcoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())


def measure(tracker_app, secretary, pairs: int) -> dict:
    """Events/s of each side over ``pairs`` raise-then-escalate pairs, and their ratio."""
    library = BareLibrary(env=stock_env(tracker_app.settings.database_url))
    commune = secretary.commune
    fields = {"commune": commune, "theme": "eclairage_public",
              "title": "Lampadaires solaires autour du marché",
              "description": "Mesure du banc d'essai : dix lampadaires.",
              "meeting_date": date.today() - timedelta(days=2), "origin_group": "femmes"}
    region = tracker_app.reference.region_of(commune)
    record = secretary.actor.as_record()
    spent = {"tracker": 0.0, "library": 0.0}
    done = 0
    while done < pairs:
        count = min(ROUND, pairs - done)
        sides = [("tracker", lambda: _tracker_pairs(tracker_app, secretary, fields, count)),
                 ("library", lambda: _library_pairs(library, record, region, fields, count))]
        if (done // ROUND) % 2:
            sides.reverse()
        for side, run in sides:
            started = time.perf_counter()
            run()
            spent[side] += time.perf_counter() - started
        done += count
    events = 2 * pairs
    rates = {side: events / seconds for side, seconds in spent.items()}
    return {"commands": events, "events": events,
            "tracker_events_per_second": round(rates["tracker"]),
            "library_events_per_second": round(rates["library"]),
            "ratio": round(rates["tracker"] / rates["library"], 2)}


def stock_env(database_url: str) -> dict:
    """The tracker's event store settings, saving as the library does by itself (on
    PostgreSQL the tracker's own recorder saves in one statement: tracker/event_recorder.py)."""
    env = event_store_env(database_url)
    env.pop("APPLICATION_RECORDER_TOPIC", None)
    env.pop("POSTGRES_ENABLE_DB_FUNCTIONS", None)
    return env


def _tracker_pairs(tracker_app, secretary, fields: dict, count: int) -> None:
    for _ in range(count):
        raised = tracker_app.raise_recommendation(secretary, **fields)
        tracker_app.act(secretary, raised.recommendation_id, "escalate", reason=REASON)


def _library_pairs(library, record: dict, region: str, fields: dict, count: int) -> None:
    for _ in range(count):
        aggregate = BareRecommendation(actor=dict(record), region=region, request_id=None,
                                       **fields)
        library.save(aggregate)
        aggregate = library.repository.get(aggregate.id)
        aggregate.escalate(actor=dict(record), reason=REASON, region=region,
                           due_by=datetime.now(timezone.utc) + timedelta(days=15),
                           request_id=None)
        library.save(aggregate)
