"""A log that already holds NUL characters (events recorded before text was checked at the
door) is still projected, on both stores: PostgreSQL's text columns refuse a NUL, so the
read side replaces each one, and never changes the stored event."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from domain.recommendation import Recommendation
from projections.events import NUL_REPLACEMENT
from storage.tables import audit_log, board, history
from tests.conftest import raise_fields
from tests.projections.conftest import snapshot


def _record_events_with_nul(tracker_app, people, clock) -> str:
    """Events as an older release could record them: straight through the aggregate's
    event methods, which apply facts without checking them."""
    actor = people["sec_segou"].actor.as_record()
    fields = raise_fields(clock, title="Titre NUL\x00ici", description="Avant\x00après")
    fields.pop("commune")
    recommendation = Recommendation(actor=actor, commune="segou", region="segou",
                                    request_id="cle\x00", attachments=None, reference=None,
                                    **fields)
    recommendation._noted(actor=actor, note="Note\x00 nulle")
    recommendation._amended(actor=actor, changes={
        "title": {"before": "Titre NUL\x00ici", "after": "Titre\x00 amendé"}})
    tracker_app.save(recommendation)
    return str(recommendation.id)


def test_a_log_holding_nul_characters_is_projected_with_them_replaced(
        tracker_app, people, clock, read_models):
    recommendation_id = _record_events_with_nul(tracker_app, people, clock)

    read_models.catch_up()

    assert min(read_models.positions().values()) == read_models.head()
    with read_models.engine.connect() as connection:
        row = connection.execute(select(board).where(board.c.id == recommendation_id)).one()
        notes = connection.execute(select(history.c.text).where(
            history.c.recommendation_id == recommendation_id)).scalars().all()
        logged = connection.execute(select(audit_log.c.data)).scalars().all()
    assert row.title == f"Titre{NUL_REPLACEMENT} amendé"
    assert row.description == f"Avant{NUL_REPLACEMENT}après"
    assert f"Note{NUL_REPLACEMENT} nulle" in notes
    assert not any("\x00" in str(data) for data in logged)
    # The stored event is the one recorded, NUL and all.
    stored = tracker_app.repository.get(UUID(recommendation_id))
    assert stored.title == "Titre\x00 amendé"


def test_a_log_holding_nul_characters_rebuilds_to_the_same_read_models(
        tracker_app, people, clock, read_models):
    _record_events_with_nul(tracker_app, people, clock)
    read_models.catch_up()
    followed = snapshot(read_models.engine)

    read_models.rebuild()

    assert snapshot(read_models.engine) == followed
