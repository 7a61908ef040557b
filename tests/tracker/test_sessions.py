"""CCS sessions through the tracker: who records them where, their commands, and the
recommendations of a session raised in one sitting (all or nothing, repeatable)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import InvalidInput
from domain.session import SessionStateRefused
from tracker.authorization import NotFound, NotPermitted, NotYourLevel, StaleVersion

ATTENDANCE = {"femmes": {"women": 5, "men": 0}, "jeunes": {"women": 2, "men": 3},
              "elus": {"women": 1, "men": 6}}


def session_fields(clock, **overrides) -> dict:
    fields = dict(held_on=clock.today - timedelta(days=6), place="Salle de la mairie",
                  chaired_by="Le maire", agenda=["Éclairage public", "Patrouilles"])
    fields.update(overrides)
    return fields


def record(tracker_app, people, clock, by="sec_segou", **overrides):
    principal = people[by]
    where = ({"commune": principal.commune} if principal.role == "secretary"
             else {"region": principal.region})
    return tracker_app.record_session(principal, **{**where, **session_fields(clock, **overrides)})


def items(count=3, **overrides) -> list[dict]:
    return [{"title": f"Recommandation n°{index} de la session", "theme": "eclairage_public",
             "description": "", "origin_group": "femmes", "request_id": f"item-{index}",
             **overrides} for index in range(count)]


# ---- recording ----------------------------------------------------------------------------
@pytest.mark.parametrize("person, where, outcome", [
    ("sec_segou", {"commune": "segou"}, "ok"), ("sec_segou", {"commune": "niono"}, "403"),
    ("sec_segou", {"commune": "atlantide"}, "422"), ("reg_segou", {"region": "segou"}, "ok"),
    ("reg_segou", {"region": "mopti"}, "403"), ("crss", {"region": "segou"}, "403"),
    ("auditor", {"commune": "segou"}, "403"), ("admin", {"commune": "segou"}, "403"),
])
def test_a_session_is_recorded_by_its_own_ccs_only(tracker_app, people, clock, head, person,
                                                   where, outcome):
    before = head()
    if outcome == "ok":
        result = tracker_app.record_session(people[person], **where, **session_fields(clock))
        session = tracker_app.session(people["auditor"], result.recommendation_id)
        assert session.level == ("commune" if "commune" in where else "region")
        assert head() == before + 1
    else:
        with pytest.raises(NotPermitted if outcome == "403" else InvalidInput):
            tracker_app.record_session(people[person], **where, **session_fields(clock))
        assert head() == before


def test_attendance_and_minutes_may_come_with_the_session_and_a_repeat_records_nothing(
        tracker_app, people, clock, head):
    before = head()
    first = record(tracker_app, people, clock, attendance=ATTENDANCE,
                   minutes="Trois points examinés.", request_id="form-1")
    assert head() == before + 3  # recorded, attendance, minutes
    again = record(tracker_app, people, clock, attendance=ATTENDANCE,
                   minutes="Trois points examinés.", request_id="form-1")
    assert again.repeated and again.recommendation_id == first.recommendation_id
    assert head() == before + 3


@pytest.mark.parametrize("reader, outcome", [
    ("sec_segou", "ok"), ("sec_niono", "404"), ("reg_segou", "ok"), ("reg_mopti", "404"),
    ("crss", "ok"), ("auditor", "ok"), ("admin", "403"),
])
def test_a_session_is_read_within_the_territory(tracker_app, people, clock, reader, outcome):
    session_id = record(tracker_app, people, clock).recommendation_id
    if outcome == "ok":
        assert tracker_app.session(people[reader], session_id).commune == "segou"
    else:
        with pytest.raises(NotFound if outcome == "404" else NotPermitted):
            tracker_app.session(people[reader], session_id)


def test_the_session_s_commands_follow_its_status_and_its_owner(tracker_app, people, clock):
    session_id = record(tracker_app, people, clock).recommendation_id
    assert tracker_app.session_actions(people["sec_segou"],
                                       tracker_app.session(people["sec_segou"], session_id)) == [
        "amend", "record-attendance", "write-minutes", "adopt", "cancel"]
    with pytest.raises(NotPermitted):  # a role that never gives it
        tracker_app.act_on_session(people["crss"], session_id, "write-minutes", minutes="Texte")
    with pytest.raises(NotYourLevel):  # the region reads the commune's session, not writes
        tracker_app.act_on_session(people["reg_segou"], session_id, "write-minutes",
                                   minutes="Texte")
    with pytest.raises(NotFound):
        tracker_app.act_on_session(people["sec_mopti"], session_id, "write-minutes",
                                   minutes="Texte")
    tracker_app.act_on_session(people["sec_segou"], session_id, "write-minutes",
                               minutes="Le CCS a examiné deux points.", expected_version=1)
    with pytest.raises(StaleVersion):
        tracker_app.act_on_session(people["sec_segou"], session_id, "adopt", expected_version=1)
    tracker_app.act_on_session(people["sec_segou"], session_id, "adopt", request_id="adopt-1")
    again = tracker_app.act_on_session(people["sec_segou"], session_id, "adopt",
                                       request_id="adopt-1")
    assert again.repeated
    with pytest.raises(SessionStateRefused):
        tracker_app.act_on_session(people["sec_segou"], session_id, "cancel",
                                   reason="La session n'a pas eu lieu.")


# ---- recommendations of a session -----------------------------------------------------------
def test_a_session_s_recommendations_are_raised_in_one_sitting_at_its_date(
        tracker_app, people, clock, head):
    session_id = record(tracker_app, people, clock).recommendation_id
    before = head()

    sitting = tracker_app.raise_from_session(people["sec_segou"], session_id, items(3))

    # Raised, attached, and its number: three events each.
    assert head() == before + 9 == sitting.position
    assert not sitting.repeated and len(sitting.ids) == 3
    for file_id in sitting.ids:
        file = tracker_app.recommendation(people["sec_segou"], file_id)
        assert file.session_id == str(session_id)
        assert file.meeting_date == clock.today - timedelta(days=6)
    again = tracker_app.raise_from_session(people["sec_segou"], session_id, items(3))
    assert again.ids == sitting.ids and again.repeated
    assert head() == before + 9


def test_the_same_sitting_with_one_row_more_records_only_that_row(
        tracker_app, people, clock, head):
    session_id = record(tracker_app, people, clock).recommendation_id
    first = tracker_app.raise_from_session(people["sec_segou"], session_id, items(2))
    before = head()

    more = tracker_app.raise_from_session(people["sec_segou"], session_id, items(3))

    assert more.ids[:2] == first.ids and not more.repeated
    assert head() == before + 3  # raised, attached, numbered
    third = tracker_app.recommendation(people["sec_segou"], more.ids[2])
    assert third.session_id == str(session_id)


def test_a_request_key_already_used_elsewhere_is_refused_in_its_row(
        tracker_app, people, clock, head):
    first = record(tracker_app, people, clock, request_id="a").recommendation_id
    other = record(tracker_app, people, clock, request_id="b").recommendation_id
    tracker_app.raise_from_session(people["sec_segou"], first, items(1))
    before = head()

    with pytest.raises(InvalidInput) as refusal:
        tracker_app.raise_from_session(people["sec_segou"], other, items(2))

    assert list(refusal.value.errors["items"]) == ["0"]
    assert "request_id" in refusal.value.errors["items"]["0"]
    assert head() == before


def test_one_wrong_item_records_nothing_and_each_wrong_item_is_named(
        tracker_app, people, clock, head):
    session_id = record(tracker_app, people, clock).recommendation_id
    sitting = items(4)
    sitting[1]["title"] = "abc"
    sitting[3]["theme"] = "meteo"
    before = head()

    with pytest.raises(InvalidInput) as refusal:
        tracker_app.raise_from_session(people["sec_segou"], session_id, sitting)

    assert set(refusal.value.errors["items"]) == {"1", "3"}
    assert "title" in refusal.value.errors["items"]["1"]
    assert head() == before


@pytest.mark.parametrize("person, error", [("sec_niono", NotFound), ("reg_segou", NotPermitted),
                                           ("crss", NotPermitted)])
def test_only_the_session_s_secretary_raises_from_it(tracker_app, people, clock, person, error):
    session_id = record(tracker_app, people, clock).recommendation_id
    with pytest.raises(error):
        tracker_app.raise_from_session(people[person], session_id, items(1))


def test_a_cancelled_session_takes_no_recommendation_and_a_file_joins_a_session_later(
        tracker_app, people, clock):
    cancelled = record(tracker_app, people, clock, request_id="c").recommendation_id
    tracker_app.act_on_session(people["sec_segou"], cancelled, "cancel",
                               reason="La réunion n'a pas eu lieu.")
    with pytest.raises(NotYourLevel):
        tracker_app.raise_from_session(people["sec_segou"], cancelled, items(1))

    held = record(tracker_app, people, clock, held_on=clock.today - timedelta(days=20),
                  request_id="h").recommendation_id
    file_id = tracker_app.raise_recommendation(
        people["sec_segou"], commune="segou", title="Lampadaires du marché",
        theme="eclairage_public", meeting_date=clock.today - timedelta(days=3)).recommendation_id
    with pytest.raises(InvalidInput):
        tracker_app.act(people["sec_segou"], file_id, "attach-to-session",
                        session_id=str(cancelled))
    tracker_app.act(people["sec_segou"], file_id, "attach-to-session", session_id=str(held))
    file = tracker_app.recommendation(people["crss"], file_id)
    assert (file.session_id, file.meeting_date) == (str(held), clock.today - timedelta(days=20))


@pytest.mark.parametrize("person, offered", [("sec_segou", True), ("reg_segou", False),
                                             ("crss", False), ("auditor", False)])
def test_the_sitting_is_offered_to_the_session_s_secretary_only_while_not_cancelled(
        tracker_app, people, clock, person, offered):
    session_id = record(tracker_app, people, clock).recommendation_id
    seen = tracker_app.session(people[person], session_id)
    assert tracker_app.may_raise_from_session(people[person], seen) is offered
    regional = record(tracker_app, people, clock, by="reg_segou", request_id="r")
    if person != "sec_segou":  # a regional CCS's session is not in a secretary's territory
        assert not tracker_app.may_raise_from_session(
            people[person], tracker_app.session(people[person], regional.recommendation_id))
    tracker_app.act_on_session(people["sec_segou"], session_id, "cancel",
                               reason="La réunion n'a pas eu lieu.")
    cancelled = tracker_app.session(people[person], session_id)
    assert not tracker_app.may_raise_from_session(people[person], cancelled)
