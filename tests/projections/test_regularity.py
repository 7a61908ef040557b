"""Regularity read from the sessions read model, on both stores: each commune's last
session held (a cancelled one does not count, nor a regional CCS's), late past the
interval or with none on record; the twelve-month calendar; the inbox items of the
communes whose session is late; and the sessions figures of a dashboard, checked by hand
on a small data set."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from projections.desk_queries import SessionWatch, inbox, inbox_count
from projections.regularity import (
    communes_regularity, overdue_communes, session_figures, sessions_per_month,
)
from tests.conftest import raise_fields
from tests.tracker.test_sessions import record
from tracker.authorization import inbox_owner
from tracker.reference import load_reference

REFERENCE = load_reference()
SEGOU_REGION = REFERENCE.communes_in({"region": "segou"})
CANCEL = "La session n'a finalement pas eu lieu."


def late(read_models, clock, communes=None, interval=31) -> dict:
    """{commune: overdue} at the clock's day."""
    read_models.catch_up()
    return {item.commune: item.overdue for item in communes_regularity(
        read_models.engine, communes or {"segou": "segou"}, clock.today, interval)}


# ---- the boundary ---------------------------------------------------------------------------------
def test_a_commune_is_late_32_days_after_its_last_session_not_31(tracker_app, people, clock,
                                                                  read_models):
    record(tracker_app, people, clock, held_on=clock.today)
    assert late(read_models, clock) == {"segou": False}
    clock.advance(days=31)
    assert late(read_models, clock) == {"segou": False}
    clock.advance(days=1)
    assert late(read_models, clock) == {"segou": True}
    assert late(read_models, clock, interval=45) == {"segou": False}  # the setting changed
    assert late(read_models, clock, interval=0) == {"segou": True}


def test_a_commune_without_a_session_is_late_and_a_cancelled_one_does_not_count(
        tracker_app, people, clock, read_models):
    assert late(read_models, clock) == {"segou": True}
    session_id = record(tracker_app, people, clock, held_on=clock.today).recommendation_id
    assert late(read_models, clock) == {"segou": False}
    tracker_app.act_on_session(people["sec_segou"], session_id, "cancel", reason=CANCEL)
    read_models.catch_up()
    [segou] = communes_regularity(read_models.engine, {"segou": "segou"}, clock.today, 31)
    assert (segou.overdue, segou.last_session, segou.days_since) == (True, None, None)


def test_the_last_session_is_the_latest_held_and_follows_an_amended_date(tracker_app, people,
                                                                        clock, read_models):
    record(tracker_app, people, clock, held_on=clock.today - timedelta(days=40),
           request_id="older")
    newer = record(tracker_app, people, clock, held_on=clock.today - timedelta(days=20),
                   request_id="newer").recommendation_id
    record(tracker_app, people, clock, by="reg_segou", held_on=clock.today)  # the region's CCS
    assert late(read_models, clock) == {"segou": False}
    tracker_app.act_on_session(people["sec_segou"], newer, "amend",
                               held_on=clock.today - timedelta(days=35))
    read_models.catch_up()
    [segou] = communes_regularity(read_models.engine, {"segou": "segou"}, clock.today, 31)
    assert (segou.last_session, segou.days_since, segou.overdue) == (
        clock.today - timedelta(days=35), 35, True)


# ---- the calendar -----------------------------------------------------------------------------------
def test_the_calendar_counts_the_sessions_held_each_month(tracker_app, people, clock,
                                                          read_models):
    for index, held_on in enumerate([date(2026, 3, 2), date(2026, 2, 5), date(2026, 2, 20),
                                     date(2025, 4, 1), date(2025, 3, 31)]):
        record(tracker_app, people, clock, held_on=held_on, request_id=f"s{index}")
    cancelled = record(tracker_app, people, clock, held_on=date(2026, 1, 15),
                       request_id="cancelled").recommendation_id
    tracker_app.act_on_session(people["sec_segou"], cancelled, "cancel", reason=CANCEL)
    record(tracker_app, people, clock, by="sec_niono", held_on=date(2025, 12, 24))
    read_models.catch_up()

    calendars = sessions_per_month(read_models.engine, ["segou", "niono", "sana"], clock.today)

    segou = {month.start: month.sessions for month in calendars["segou"]}
    assert list(segou)[0] == date(2025, 4, 1) and list(segou)[-1] == date(2026, 3, 1)
    assert segou == {**dict.fromkeys(segou, 0), date(2025, 4, 1): 1, date(2026, 2, 1): 2,
                     date(2026, 3, 1): 1}  # 31 March 2025: a month too old; January cancelled
    assert [month.sessions for month in calendars["niono"]] == [0] * 8 + [1] + [0] * 3
    assert [month.sessions for month in calendars["sana"]] == [0] * 12


# ---- the inbox ----------------------------------------------------------------------------------------
def test_the_inbox_holds_one_item_per_commune_whose_session_is_late(tracker_app, people,
                                                                    clock, read_models):
    record(tracker_app, people, clock, held_on=clock.today - timedelta(days=3))
    record(tracker_app, people, clock, by="sec_niono", held_on=clock.today - timedelta(days=50))
    read_models.catch_up()
    engine, now = read_models.engine, clock()
    region = SessionWatch(SEGOU_REGION, 31)

    box = inbox(engine, inbox_owner(people["reg_segou"]), now, sessions=region)

    # None on record first (by commune), then the longest without one.
    assert [(item["commune"], item["reason"], item["last_session"]) for item in box.items] == [
        ("macina", "session_overdue", None), ("markala", "session_overdue", None),
        ("sana", "session_overdue", None),
        ("niono", "session_overdue", clock.today - timedelta(days=50))]
    assert (box.total, box.late_sessions, box.files) == (4, 4, 0)
    assert inbox_count(engine, inbox_owner(people["reg_segou"]), now, region) == 4
    assert inbox(engine, inbox_owner(people["reg_segou"]), now, limit=2,
                 sessions=region).total == 4
    assert len(inbox(engine, inbox_owner(people["reg_segou"]), now, limit=2,
                     sessions=region).items) == 2
    assert inbox(engine, inbox_owner(people["reg_segou"]), now).total == 0  # not asked
    own = SessionWatch({"segou": "segou"}, 31)
    assert inbox(engine, inbox_owner(people["sec_segou"]), now, sessions=own).items == []
    clock.advance(days=29)  # 32 days after Ségou's session
    assert [item["commune"] for item in inbox(engine, inbox_owner(people["sec_segou"]),
                                              clock(), sessions=own).items] == ["segou"]
    assert overdue_communes(engine, SEGOU_REGION, clock.today, 60)[-1].commune == "niono"


# ---- a dashboard's sessions, by hand ----------------------------------------------------------------
@pytest.fixture
def small_data_set(tracker_app, people, clock, read_models):
    """Ségou: two sessions in the last 12 months (and one cancelled), Niono one too old,
    Mopti one, the Ségou region's own CCS one; five recommendations, four of them from
    sessions in the last 12 months."""
    def session(by, held_on, attendance, key):
        return record(tracker_app, people, clock, by=by, held_on=held_on,
                      attendance=attendance, request_id=key).recommendation_id

    session("sec_segou", date(2026, 3, 2), {"femmes": {"women": 5, "men": 0},
                                            "jeunes": {"women": 2, "men": 3},
                                            "elus": {"women": 1, "men": 6}}, "a")
    session("sec_segou", date(2026, 2, 5), {"jeunes": {"women": 1, "men": 1},
                                            "fds": {"women": 0, "men": 4}}, "b")
    cancelled = session("sec_segou", date(2026, 2, 20), {"femmes": {"women": 50}}, "c")
    tracker_app.act_on_session(people["sec_segou"], cancelled, "cancel", reason=CANCEL)
    session("sec_niono", date(2025, 3, 15), {"femmes": {"women": 3}}, "d")
    session("sec_mopti", date(2026, 1, 10), {"autre": {"women": 1, "men": 1}}, "e")
    session("reg_segou", date(2026, 2, 10), {"elus": {"women": 2, "men": 2}}, "f")
    for by, origin, day in [("sec_segou", "femmes", date(2026, 3, 2)),
                            ("sec_segou", "jeunes", date(2026, 2, 5)),
                            ("sec_segou", None, date(2026, 3, 2)),
                            ("sec_niono", "femmes", date(2026, 1, 1)),
                            ("sec_niono", "femmes", date(2025, 3, 1))]:  # too old
        tracker_app.raise_recommendation(people[by], **raise_fields(
            clock, commune=people[by].commune, origin_group=origin, meeting_date=day))
    read_models.catch_up()


def test_the_sessions_figures_of_a_region_checked_by_hand(small_data_set, read_models, clock):
    figures = session_figures(read_models.engine, {"region": "segou"}, SEGOU_REGION,
                              clock.today, 31)

    assert figures.sessions_held == 3  # Ségou twice and the region's CCS; not the cancelled
    assert figures.attendance == {
        "femmes": {"women": 5, "men": 0}, "jeunes": {"women": 3, "men": 4},
        "leaders_communautaires": {"women": 0, "men": 0}, "elus": {"women": 3, "men": 8},
        "fds": {"women": 0, "men": 4}, "autre": {"women": 0, "men": 0}}
    assert (figures.women, figures.men, figures.present, figures.youth) == (11, 16, 27, 7)
    assert (figures.recommendations, figures.recommendations_by_women,
            figures.recommendations_by_youth) == (4, 2, 1)
    assert [(commune.commune, commune.overdue, commune.sessions_in_months)
            for commune in figures.communes] == [
        ("macina", True, 0), ("markala", True, 0), ("niono", True, 0), ("sana", True, 0),
        ("segou", False, 2)]
    assert [month.sessions for month in figures.months] == [0] * 10 + [1, 1]
    assert figures.late == 4 and figures.late_by_region == {"segou": (4, 5)}


def test_the_sessions_figures_of_a_commune_and_of_the_nation(small_data_set, read_models,
                                                             clock):
    commune = session_figures(read_models.engine, {"commune": "segou"}, {"segou": "segou"},
                              clock.today, 31)
    assert (commune.sessions_held, commune.women, commune.men, commune.youth) == (2, 9, 14, 7)
    assert (commune.recommendations, commune.recommendations_by_women) == (3, 1)
    assert commune.late_by_region == {"segou": (0, 1)}

    nation = session_figures(read_models.engine, {}, REFERENCE.communes_in({}), clock.today,
                             31)
    assert (nation.sessions_held, nation.women, nation.men) == (4, 12, 17)
    assert nation.late == 24 and nation.late_by_region["mopti"] == (4, 4)
    assert sum(late for late, _ in nation.late_by_region.values()) == 24
    assert sum(count for _, count in nation.late_by_region.values()) == 25
