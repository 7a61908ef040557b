"""A rebuild folds the log in memory and writes each table once (projections/replay.py,
``replay_held``): its tables must be exactly those the live projector keeps up, batch by
batch, over any log; and the fast decoder must give the library's events."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from projections import replay
from projections.decoding import Decoder
from projections.events import decoded
from storage.tables import READ_SIDE
from tests.domain.lifecycle import REACHABLE_STATES
from tests.projections.conftest import COMMUNES, THEMES
from tests.tracker.scenario import drive_to, give

# Whatever a rebuild writes, whole: every read-model table but the positions (a
# rebuild's positions are compared on their own).
TABLES = [table for table in READ_SIDE if table.name != "read_model_positions"]


def every_row(engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {table.name: sorted(tuple(row) for row in connection.execute(select(table)))
                for table in TABLES}


files = st.lists(st.tuples(st.integers(0, len(COMMUNES) - 1),
                           st.integers(0, len(REACHABLE_STATES) - 1),
                           st.booleans()),
                 min_size=1, max_size=6)


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(new_files=files, batch_size=st.integers(1, 9))
def test_a_rebuild_writes_what_the_live_projector_keeps(
        tracker_app, people, clock, read_models, new_files, batch_size, monkeypatch):
    # Each example adds to the same log: the live side continues the last rebuild's
    # tables, so rows written by a rebuild are continued live too.
    monkeypatch.setattr(replay, "PARALLEL_REBUILD_FROM", 10**9)
    monkeypatch.setattr(replay, "HOLD_IN_MEMORY", True)
    for commune, state, amended in new_files:
        clock.advance(hours=3)
        recommendation_id = drive_to(tracker_app, people, clock, REACHABLE_STATES[state],
                                     commune=COMMUNES[commune], theme=THEMES[state % 6],
                                     title=f"Dossier {state} de {COMMUNES[commune]}")
        if amended and REACHABLE_STATES[state] == ("commune", "open"):
            give(tracker_app, people, clock, recommendation_id, "amend",
                 by=f"sec_{COMMUNES[commune]}", title="Titre amendé à Ségou")
        read_models.catch_up(batch_size=batch_size)
    live, positions = every_row(read_models.engine), read_models.positions()

    replayed = read_models.rebuild(batch_size=batch_size)

    assert replayed == tracker_app.recorder.max_notification_id()
    assert every_row(read_models.engine) == live
    assert read_models.positions() == positions
    assert read_models.versions() == {p.name: p.version for p in read_models.projections}
    assert read_models.dead_letters() == []


def test_the_fast_decoder_gives_the_libraries_events(tracker_app, people, clock):
    for index, state in enumerate(REACHABLE_STATES):
        drive_to(tracker_app, people, clock, state, commune=COMMUNES[index % 3],
                 title=f"Dossier « {index} » \u00e9t\u00e9")

    fast = Decoder(tracker_app).read(1, 10_000)

    library = [(n.id, decoded(n, tracker_app.mapper.to_domain_event)) for n in
               tracker_app.recorder.select_notifications(start=1, limit=10_000)]
    assert [(position, type(event), vars(event)) for position, event in fast] == [
        (position, type(event), vars(event)) for position, event in library]
