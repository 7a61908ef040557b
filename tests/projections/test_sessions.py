"""The sessions read model: one row per CCS session with its attendance summed up and the
number of recommendations it issued; the board knows which session each file came from;
a rebuild gives the same rows."""

from __future__ import annotations

from sqlalchemy import select

from storage.tables import board, sessions
from tests.projections.conftest import snapshot
from tests.tracker.test_sessions import ATTENDANCE, items, record


def test_a_session_row_sums_its_attendance_and_counts_its_recommendations(
        tracker_app, people, clock, read_models):
    session_id = record(tracker_app, people, clock, attendance=ATTENDANCE).recommendation_id
    ids = tracker_app.raise_from_session(people["sec_segou"], session_id, items(2)).ids
    tracker_app.act_on_session(people["sec_segou"], session_id, "write-minutes",
                               minutes="Deux recommandations formulées.")
    tracker_app.act_on_session(people["sec_segou"], session_id, "adopt")
    read_models.catch_up()

    with read_models.engine.connect() as connection:
        row = connection.execute(select(sessions)).one()._mapping
        linked = connection.execute(select(board.c.id).where(
            board.c.session_id == str(session_id))).scalars().all()
    assert (row["women"], row["men"], row["youth"]) == (8, 9, 5)
    assert (row["status"], row["has_minutes"], row["recommendations"]) == ("adopted", True, 2)
    assert row["agenda"] == ["Éclairage public", "Patrouilles"]
    assert row["attendance"]["jeunes"] == {"women": 2, "men": 3}
    assert sorted(linked) == sorted(str(file_id) for file_id in ids)


def test_sessions_rebuild_to_the_same_rows(tracker_app, people, clock, read_models):
    first = record(tracker_app, people, clock, request_id="a").recommendation_id
    tracker_app.raise_from_session(people["sec_segou"], first, items(2))
    regional = record(tracker_app, people, clock, by="reg_segou", request_id="b")
    tracker_app.act_on_session(people["reg_segou"], regional.recommendation_id,
                               "record-attendance", attendance=ATTENDANCE)
    read_models.catch_up()
    followed = snapshot(read_models.engine)

    read_models.rebuild()

    assert snapshot(read_models.engine) == followed
    assert len(followed["sessions"]) == 2
