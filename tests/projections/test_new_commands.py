"""What the read models show of the commands added through the catalogue: a chase-up tells
the owner and puts the file in their inbox, an accepted file past its target date is late
in its implementation (inbox, board filter, dashboard), the progress shows on the board."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from projections.dashboard import dashboard
from projections.desk_queries import inbox, notifications_of
from projections.queries import BoardFilters, board_page, history_of
from storage.tables import board, board_versions
from tests.tracker.scenario import drive_to, give
from tracker.authorization import inbox_owner


def _inbox(read_models, people, name, clock):
    read_models.catch_up()
    return [(item["id"], item["reason"])
            for item in inbox(read_models.engine, inbox_owner(people[name]), clock()).items]


def test_a_chase_up_tells_the_owner_and_puts_the_file_in_their_inbox_until_it_moves(
        tracker_app, people, clock, read_models):
    file_id = drive_to(tracker_app, people, clock, ("region", "acknowledged"))
    assert _inbox(read_models, people, "reg_segou", clock) == []  # acknowledged: not waiting

    give(tracker_app, people, clock, file_id, "chase-up", by="sec_segou")

    assert _inbox(read_models, people, "reg_segou", clock) == [(str(file_id), "chased_up")]
    told = notifications_of(read_models.engine, str(people["reg_segou"].user_id))
    assert [(row["kind"], row["actor_name"]) for row in told][:1] == [("chased_up", "Sec Segou")]
    assert _inbox(read_models, people, "reg_mopti", clock) == []
    give(tracker_app, people, clock, file_id, "accept", by="reg_segou")
    assert _inbox(read_models, people, "reg_segou", clock) == []


def test_a_chased_up_file_awaiting_acknowledgement_says_so_in_the_inbox(
        tracker_app, people, clock, read_models):
    file_id = drive_to(tracker_app, people, clock, ("national", "awaiting_acknowledgement"))
    give(tracker_app, people, clock, file_id, "chase-up", by="reg_segou")

    assert _inbox(read_models, people, "crss", clock) == [(str(file_id), "chased_up")]
    give(tracker_app, people, clock, file_id, "acknowledge", by="crss")
    assert _inbox(read_models, people, "crss", clock) == []


def test_an_accepted_file_past_its_target_date_is_late_in_its_implementation(
        tracker_app, people, clock, read_models):
    file_id = drive_to(tracker_app, people, clock, ("region", "acknowledged"))
    give(tracker_app, people, clock, file_id, "accept", by="reg_segou",
         target_date=clock.today + timedelta(days=5))
    late = BoardFilters(implementation_overdue=True)

    clock.advance(days=5)  # the target day itself: not late yet
    assert _inbox(read_models, people, "reg_segou", clock) == []
    assert board_page(read_models.engine, {}, late, clock()).total == 0

    clock.advance(days=1)
    assert _inbox(read_models, people, "reg_segou", clock) == [
        (str(file_id), "implementation_overdue")]
    # The region owns it: the commune has only the decision to read.
    assert [reason for _, reason in _inbox(read_models, people, "sec_segou", clock)] == [
        "decision"]
    page = board_page(read_models.engine, {"region": "segou"}, late, clock())
    assert [row["id"] for row in page.items] == [str(file_id)]
    figures = dashboard(read_models.engine, {}, clock())
    assert (figures.accepted, figures.implementation_overdue) == (1, 1)

    give(tracker_app, people, clock, file_id, "report-implementation", by="reg_segou")
    assert _inbox(read_models, people, "reg_segou", clock) == []
    assert board_page(read_models.engine, {}, late, clock()).total == 0


def test_progress_shows_on_the_board_its_past_versions_and_the_history(
        tracker_app, people, clock, read_models):
    file_id = drive_to(tracker_app, people, clock, ("region", "accepted"))
    give(tracker_app, people, clock, file_id, "report-progress", by="sec_segou", percent=40)
    give(tracker_app, people, clock, file_id, "follow-up", by="sec_segou")
    read_models.catch_up()

    with read_models.engine.connect() as connection:
        assert connection.execute(select(board.c.progress)).scalar_one() == 40
        versions = connection.execute(select(board_versions.c.progress)
                                      .order_by(board_versions.c.version)).scalars().all()
    assert versions[-3:] == [None, 40, 40]
    entries = history_of(read_models.engine, file_id)
    assert [entry["event_type"] for entry in entries][-2:] == ["ProgressReported", "FollowedUp"]
    assert entries[-2]["text"] == "Quatre lampadaires sur dix sont posés."
    assert entries[-2]["details"] == {"percent": 40}
