"""The Session aggregate: a CCS meeting recorded, its attendance and minutes, adopted, then
only corrected with a reason; cancelled only before adoption. Every refusal records
nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import InvalidInput
from domain.recommendation import NothingChanged
from domain.session import Session, SessionStateRefused
from tests.domain.lifecycle import NOW, REGIONAL, SECRETARY, TODAY, context

ATTENDANCE = {"femmes": {"women": 6, "men": 0}, "jeunes": {"women": 3, "men": 4},
              "elus": {"women": 1, "men": 7}}


def recorded(**overrides) -> Session:
    fields = dict(actor=SECRETARY, level="commune", commune="segou", region="segou",
                  held_on=TODAY - timedelta(days=2), place="Salle de la mairie",
                  chaired_by="Le maire de Ségou", agenda=["Éclairage du marché", "  "],
                  now=NOW)
    fields.update(overrides)
    return Session.record(**fields)


def test_a_session_is_recorded_with_its_date_place_chair_and_agenda():
    session = recorded()
    [event] = session.collect_events()
    assert type(event).__name__ == "Recorded"
    assert session.state == ("commune", "recorded")
    assert session.agenda == ["Éclairage du marché"]  # blank items dropped
    assert session.attendance is None and session.minutes is None


def test_a_regional_session_has_no_commune():
    session = recorded(actor=REGIONAL, level="region", commune="segou")
    assert (session.level, session.commune, session.region) == ("region", None, "segou")


@pytest.mark.parametrize("field, value", [
    ("held_on", TODAY + timedelta(days=1)), ("held_on", "2026-03-01"), ("place", "x"),
    ("place", "Salle\x00"), ("chaired_by", ""), ("agenda", "un seul texte"),
    ("agenda", ["ok ok"] * 31), ("agenda", ["x"]),
])
def test_a_session_s_fields_follow_their_rules(field, value):
    with pytest.raises(InvalidInput) as refusal:
        recorded(**{field: value})
    assert list(refusal.value.errors) == [field]


def test_attendance_counts_women_and_men_of_each_group():
    session = recorded()
    session.record_attendance(SECRETARY, context(), attendance=ATTENDANCE)
    assert session.attendance["jeunes"] == {"women": 3, "men": 4}
    assert session.attendance["fds"] == {"women": 0, "men": 0}  # every group, 0 if not given


@pytest.mark.parametrize("attendance", [
    {"martiens": {"women": 1, "men": 1}}, {"femmes": {"women": -1}},
    {"femmes": {"women": 1.5}}, {"femmes": {"enfants": 2}}, {"femmes": 3}, ["femmes"],
    {"femmes": {"women": True}},
])
def test_attendance_refuses_unknown_groups_and_counts_that_are_not_whole(attendance):
    session = recorded()
    session.collect_events()
    with pytest.raises(InvalidInput):
        session.record_attendance(SECRETARY, context(), attendance=attendance)
    assert session.pending_events == []


def test_adopted_minutes_are_only_corrected_with_a_reason():
    session = recorded()
    with pytest.raises(InvalidInput):  # nothing to adopt yet
        session.adopt(SECRETARY, context())
    session.write_minutes(SECRETARY, context(), minutes="Le CCS a examiné trois points.")
    session.adopt(SECRETARY, context())
    assert session.status == "adopted"

    with pytest.raises(SessionStateRefused):
        session.write_minutes(SECRETARY, context(), minutes="Autre texte.")
    with pytest.raises(SessionStateRefused):
        session.cancel(SECRETARY, context(), reason="Session enregistrée par erreur.")
    with pytest.raises(InvalidInput):
        session.correct(SECRETARY, context(), reason="court", place="Maison des jeunes")
    session.correct(SECRETARY, context(), reason="Le lieu était la maison des jeunes.",
                    place="Maison des jeunes", attendance=ATTENDANCE)
    event = session.collect_events()[-1]
    assert event.changes["place"] == {"before": "Salle de la mairie",
                                      "after": "Maison des jeunes"}
    assert session.attendance["femmes"] == {"women": 6, "men": 0}


def test_an_amendment_must_change_something_and_cancel_ends_the_session():
    session = recorded()
    with pytest.raises(NothingChanged):
        session.amend(SECRETARY, context(), place="Salle de la mairie")
    session.amend(SECRETARY, context(), agenda=["Éclairage", "Patrouilles"])
    session.cancel(SECRETARY, context(), reason="La réunion n'a pas eu lieu finalement.")
    assert session.status == "cancelled"
    assert session.available_commands() == []


def test_the_same_request_gives_the_same_session_id():
    first, again = recorded(request_id="k-1"), recorded(request_id="k-1")
    assert first.id == again.id != recorded(request_id="k-2").id
