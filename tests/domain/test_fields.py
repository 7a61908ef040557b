"""Field rules of docs/domain.md, command by command, at their boundaries. A refused field
raises InvalidInput naming the field, and records nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.recommendation import InvalidInput, NothingChanged, Recommendation
from tests.domain.lifecycle import (
    ACCEPTED, ACKNOWLEDGED, AWAITING, CLARIFICATION, COMMUNE, NOW, OPEN, REGION, SECRETARY,
    TODAY, WITHDRAWN, context, give, in_state, raise_fields, raised,
)

THEMES = ["police_proximite", "genre_jeunes", "droits_humains_vbg", "eclairage_public",
          "appui_fds", "sensibilisation", "deplaces", "stupefiants", "securite_routiere",
          "cohesion_sociale", "autre"]
ORIGIN_GROUPS = ["femmes", "jeunes", "leaders_communautaires", "elus", "fds", "autre"]


def _refused_field(action, field: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as refusal:
        action()
    assert field in refusal.value.errors, refusal.value.errors
    assert all(refusal.value.errors.values())
    return refusal.value


def _length_cases(minimum: int | None, maximum: int):
    """(text, ok) around both limits, with spaces that do not count."""
    cases = [("x" * maximum, True), ("x" * (maximum + 1), False),
             (" " + "x" * maximum + "  ", True)]
    if minimum:
        cases += [("x" * minimum, True), ("x" * (minimum - 1), False),
                  ("  " + "x" * (minimum - 1) + "  ", False), (None, False)]
    return cases


# ---- raise --------------------------------------------------------------------------------
@pytest.mark.parametrize("title, ok", _length_cases(5, 200))
def test_raise_title_is_5_to_200_characters(title, ok):
    if ok:
        assert raised(title=title).title == title.strip()
    else:
        _refused_field(lambda: raised(title=title), "title")


@pytest.mark.parametrize("description, ok", _length_cases(None, 5000) + [("", True),
                                                                          (None, True)])
def test_raise_description_is_at_most_5000_characters_and_optional(description, ok):
    if ok:
        assert raised(description=description).description == (description or "").strip()
    else:
        _refused_field(lambda: raised(description=description), "description")


@pytest.mark.parametrize("theme", THEMES)
def test_raise_accepts_every_theme_of_the_list(theme):
    assert raised(theme=theme).theme == theme


@pytest.mark.parametrize("theme", ["", None, "Éclairage public", "eclairage", "AUTRE"])
def test_raise_refuses_a_theme_outside_the_list(theme):
    _refused_field(lambda: raised(theme=theme), "theme")


@pytest.mark.parametrize("group", ORIGIN_GROUPS + [None, ""])
def test_raise_accepts_every_origin_group_or_none(group):
    assert raised(origin_group=group).origin_group == (group or None)


@pytest.mark.parametrize("group", ["Femmes", "enfants", "fds "])
def test_raise_refuses_an_origin_group_outside_the_list(group):
    _refused_field(lambda: raised(origin_group=group), "origin_group")


@pytest.mark.parametrize("meeting_date, ok", [
    (TODAY, True), (TODAY - timedelta(days=400), True),
    (TODAY + timedelta(days=1), False), (None, False), ("2026-03-01", False),
])
def test_raise_meeting_date_is_a_date_not_in_the_future(meeting_date, ok):
    if ok:
        assert raised(meeting_date=meeting_date).meeting_date == meeting_date
    else:
        _refused_field(lambda: raised(meeting_date=meeting_date), "meeting_date")


def test_raise_reports_every_bad_field_at_once():
    refusal = _refused_field(
        lambda: raised(title="abc", theme="x", origin_group="x",
                       meeting_date=TODAY + timedelta(days=2)), "title")
    assert set(refusal.errors) == {"title", "theme", "origin_group", "meeting_date"}


def test_raise_request_id_makes_the_id_repeatable_per_person():
    first = Recommendation.raise_new(**raise_fields(request_id="form-42"))
    again = Recommendation.raise_new(**raise_fields(request_id="form-42"))
    other = Recommendation.raise_new(**raise_fields(request_id="form-43"))
    without = Recommendation.raise_new(**raise_fields())

    assert first.id == again.id
    assert other.id != first.id and without.id != first.id


# ---- amend --------------------------------------------------------------------------------
@pytest.mark.parametrize("field, value", [
    ("title", "Deux mots"), ("description", "Autre description"), ("theme", "appui_fds"),
    ("meeting_date", TODAY - timedelta(days=10)), ("origin_group", "jeunes"),
    ("origin_group", None),
])
def test_amend_changes_one_field_and_records_before_and_after(field, value):
    recommendation = in_state(COMMUNE, OPEN)
    before = getattr(recommendation, field)

    recommendation.amend(SECRETARY, context(), **{field: value})

    assert getattr(recommendation, field) == value
    [event] = recommendation.collect_events()
    assert event.changes == {field: {"before": before, "after": value}}


@pytest.mark.parametrize("field, value", [
    ("title", "abcd"), ("title", "x" * 201), ("description", "x" * 5001),
    ("theme", "inconnu"), ("origin_group", "enfants"),
    ("meeting_date", TODAY + timedelta(days=1)),
])
def test_amend_applies_the_raise_rules(field, value):
    recommendation = in_state(COMMUNE, OPEN)

    _refused_field(lambda: recommendation.amend(SECRETARY, context(),
                                                **{field: value}), field)
    assert recommendation.pending_events == []


@pytest.mark.parametrize("proposed", [
    {}, {"title": "Éclairage public du grand marché"},
    {"title": "  Éclairage public du grand marché  "},
    {"theme": "eclairage_public", "origin_group": "femmes"},
])
def test_amend_must_change_something(proposed):
    recommendation = in_state(COMMUNE, OPEN)

    with pytest.raises(NothingChanged) as refusal:
        recommendation.amend(SECRETARY, context(), **proposed)

    assert refusal.value.errors
    assert recommendation.pending_events == []


def test_amend_records_only_the_fields_that_changed():
    recommendation = in_state(COMMUNE, OPEN)

    recommendation.amend(SECRETARY, context(),
                         title="Éclairage public du grand marché", theme="appui_fds")

    [event] = recommendation.collect_events()
    assert set(event.changes) == {"theme"}


def test_amend_refuses_a_field_that_cannot_be_amended():
    recommendation = in_state(COMMUNE, OPEN)

    _refused_field(lambda: recommendation.amend(SECRETARY, context(),
                                                commune="niono"), "commune")
    assert recommendation.commune == "segou"


# ---- texts of the other commands ----------------------------------------------------------
TEXT_RULES = [
    # command, state, field, (minimum, maximum)
    ("note", (COMMUNE, OPEN), "note", (1, 5000)),
    ("note", (REGION, AWAITING), "note", (1, 5000)),
    ("escalate", (COMMUNE, OPEN), "reason", (10, 2000)),
    ("escalate", (REGION, ACKNOWLEDGED), "reason", (10, 2000)),
    ("request-clarification", (REGION, AWAITING), "question", (10, 2000)),
    ("clarify", (REGION, CLARIFICATION), "answer", (10, 5000)),
    ("decline", (REGION, ACKNOWLEDGED), "reason", (10, 2000)),
    ("report-implementation", (COMMUNE, ACCEPTED), "note", (10, 5000)),
    ("withdraw", (COMMUNE, OPEN), "reason", (10, 2000)),
    ("reopen", (COMMUNE, WITHDRAWN), "reason", (10, 2000)),
]
TEXT_CASES = [
    (command, state, field, text, ok)
    for command, state, field, (minimum, maximum) in TEXT_RULES
    for text, ok in _length_cases(minimum, maximum) + [("", False), ("   ", False)]
]


@pytest.mark.parametrize("command, state, field, text, ok", TEXT_CASES,
                         ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None)
def test_text_field_length_limits(command, state, field, text, ok):
    recommendation = in_state(*state)

    if ok:
        give(recommendation, command, **{field: text})
        assert len(recommendation.pending_events) == 1
    else:
        _refused_field(lambda: give(recommendation, command, **{field: text}), field)
        assert recommendation.pending_events == []
        assert recommendation.state == state


@pytest.mark.parametrize("command, state", [
    ("acknowledge", (REGION, AWAITING)), ("accept", (COMMUNE, OPEN)),
    ("accept", (REGION, ACKNOWLEDGED)),
])
@pytest.mark.parametrize("note, ok", [(None, True), ("", True), ("ok", True),
                                      ("x" * 5000, True), ("x" * 5001, False)])
def test_optional_note_is_at_most_5000_characters(command, state, note, ok):
    recommendation = in_state(*state)

    if ok:
        give(recommendation, command, note=note)
        assert len(recommendation.pending_events) == 1
    else:
        _refused_field(lambda: give(recommendation, command, note=note), "note")
        assert recommendation.pending_events == []


# ---- accept: target date ------------------------------------------------------------------
@pytest.mark.parametrize("target_date, ok", [
    (None, True), (TODAY, True), (TODAY + timedelta(days=365), True),
    (TODAY - timedelta(days=1), False), ("2027-01-01", False),
])
def test_accept_target_date_is_optional_and_not_in_the_past(target_date, ok):
    recommendation = in_state(COMMUNE, OPEN)

    if ok:
        give(recommendation, "accept", target_date=target_date)
        assert recommendation.target_date == target_date
    else:
        _refused_field(lambda: give(recommendation, "accept", target_date=target_date),
                       "target_date")
        assert recommendation.state == (COMMUNE, OPEN)


def test_accept_target_date_is_judged_against_the_day_of_the_command():
    recommendation = in_state(COMMUNE, OPEN)
    later = NOW + timedelta(days=10)

    _refused_field(lambda: give(recommendation, "accept", now=later,
                                target_date=TODAY + timedelta(days=5)), "target_date")
    give(recommendation, "accept", now=later, target_date=date(2026, 3, 20))
    assert recommendation.target_date == date(2026, 3, 20)


# ---- characters no text may hold ----------------------------------------------------------
# The log keeps every event for ever, and PostgreSQL's text columns cannot hold a NUL.
REFUSED_TEXTS = {
    "nul": "Titre NUL\x00ici et là",
    "bell": "Une alerte\x07 sonore",
    "escape": "Texte \x1b[31m coloré",
    "delete": "Effacer\x7f ce caractère",
    "c1 control": "Contrôle\x85 de ligne",
    "lone surrogate": "Moitié \ud800 de paire",
    "invisible only": "\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b",
    "blank glyphs": "\u3164\u3164\u3164\u3164\u3164\u2800\u2800\u2800\u2800\u2800",
}
ALLOWED_TEXTS = {
    "lines from a browser": "Première ligne\r\nseconde ligne",
    "tab": "Colonne\tvaleur",
    "accents and emoji": "Éclairage à Ségou 🚨 — « ok »",
    "joiner between letters": "Famille 👩\u200d👧 de Djenné",
}


@pytest.mark.parametrize("text", REFUSED_TEXTS.values(), ids=REFUSED_TEXTS)
def test_every_text_refuses_control_characters_and_invisible_text(text):
    _refused_field(lambda: raised(title=text), "title")
    _refused_field(lambda: raised(description=text), "description")
    for command, state, field, _ in TEXT_RULES:
        recommendation = in_state(*state)
        _refused_field(lambda: give(recommendation, command, **{field: text}), field)
        assert recommendation.pending_events == []
    _refused_field(lambda: give(in_state(COMMUNE, OPEN), "amend", title=text), "title")
    _refused_field(lambda: give(in_state(REGION, AWAITING), "acknowledge", note=text), "note")


@pytest.mark.parametrize("text", ALLOWED_TEXTS.values(), ids=ALLOWED_TEXTS)
def test_texts_keep_line_breaks_tabs_accents_and_joined_emoji(text):
    assert raised(title=text).title == text
    recommendation = in_state(COMMUNE, OPEN)
    give(recommendation, "note", note=text)
    assert recommendation.pending_events[-1].note == text
