"""Driving a recommendation of Ségou through the Tracker to any reachable state, each step
given by the person who owns it (sec_segou, reg_segou, crss)."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import raise_fields
from tests.domain.lifecycle import ROUTES, actor_for

# The person of ``people`` who gives a command as each role of the "by" column.
BY_ROLE = {"secretary": "sec_segou", "regional": "reg_segou", "national": "crss"}


def command_fields(command: str, clock) -> dict:
    """Valid fields for ``Tracker.act`` (the tracker adds the time and the deadline)."""
    return {
        "amend": dict(title="Lampadaires solaires au grand marché"),
        "note": dict(note="Point fait avec le maire."),
        "escalate": dict(reason="Le budget communal ne suffit pas."),
        "acknowledge": dict(note="Bien reçu."),
        "request-clarification": dict(question="Combien de lampadaires exactement ?"),
        "clarify": dict(answer="Dix lampadaires solaires."),
        "accept": dict(note="Retenue.", target_date=clock.today + timedelta(days=60)),
        "decline": dict(reason="Hors du champ de compétence."),
        "report-implementation": dict(note="Les lampadaires sont posés."),
        "withdraw": dict(reason="Le marché a été déplacé."),
        "reopen": dict(reason="Le marché est revenu à sa place."),
        "follow-up": dict(note="La mairie a trouvé un devis moins cher."),
        "chase-up": dict(note="Le marché est toujours dans le noir."),
        "report-progress": dict(percent=40, note="Quatre lampadaires sur dix sont posés."),
    }[command]


def owner_of(command: str, level: str) -> str:
    return BY_ROLE[actor_for(command, level).role]


def give(tracker, people, clock, recommendation_id, command, by=None, **overrides):
    level = tracker.recommendation(people["auditor"], recommendation_id).level
    fields = {**command_fields(command, clock), **overrides}
    return tracker.act(people[by or owner_of(command, level)], recommendation_id, command,
                       **fields)


def raise_one(tracker, people, clock, by="sec_segou", **overrides):
    return tracker.raise_recommendation(people[by], **raise_fields(clock, **overrides))


def drive_to(tracker, people, clock, state, **raise_overrides):
    """The id of a new recommendation of Ségou, brought to ``state`` through commands."""
    commune = raise_overrides.get("commune", "segou")
    by = {"segou": "sec_segou", "niono": "sec_niono", "mopti": "sec_mopti"}[commune]
    recommendation_id = raise_one(tracker, people, clock, by=by,
                                  **raise_overrides).recommendation_id
    for command in ROUTES[state]:
        level = tracker.recommendation(people["auditor"], recommendation_id).level
        person = owner_of(command, level)
        if person == "sec_segou":
            person = by
        if person == "reg_segou" and commune == "mopti":
            person = "reg_mopti"
        give(tracker, people, clock, recommendation_id, command, by=person)
    assert tracker.recommendation(people["auditor"], recommendation_id).state == state
    return recommendation_id
