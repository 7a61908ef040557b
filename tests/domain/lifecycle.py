"""The lifecycle of docs/domain.md written out again, independently of the production table, and
a helper that drives a fresh Recommendation to any (level, status) through its commands."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from uuid import UUID

from domain.recommendation import Actor, Circumstances, Recommendation

COMMUNE, REGION, NATIONAL = "commune", "region", "national"
LEVELS = (COMMUNE, REGION, NATIONAL)
OPEN, AWAITING, ACKNOWLEDGED = "open", "awaiting_acknowledgement", "acknowledged"
CLARIFICATION, ACCEPTED, DECLINED = "clarification_requested", "accepted", "declined"
IMPLEMENTED, WITHDRAWN = "implemented", "withdrawn"
STATUSES = (OPEN, AWAITING, ACKNOWLEDGED, CLARIFICATION, ACCEPTED, DECLINED, IMPLEMENTED,
            WITHDRAWN)
FINAL = (DECLINED, IMPLEMENTED, WITHDRAWN)
ALL_STATES = [(level, status) for level in LEVELS for status in STATUSES]
NON_FINAL_STATES = [state for state in ALL_STATES if state[1] not in FINAL]
FINAL_STATES = [state for state in ALL_STATES if state[1] in FINAL]

COMMANDS = ("amend", "note", "escalate", "acknowledge", "request-clarification", "clarify",
            "accept", "decline", "report-implementation", "withdraw", "reopen", "follow-up",
            "chase-up", "report-progress", "attach-to-session")
HELD_ABOVE = (AWAITING, ACKNOWLEDGED, CLARIFICATION)

# (command, from, to, event) -- one row per "allowed from" entry of docs/domain.md.
TRANSITIONS = (
    [("amend", (COMMUNE, OPEN), (COMMUNE, OPEN), "Amended")]
    + [("note", state, state, "Noted") for state in NON_FINAL_STATES]
    + [("escalate", (COMMUNE, OPEN), (REGION, AWAITING), "EscalatedToRegion"),
       ("escalate", (REGION, ACKNOWLEDGED), (NATIONAL, AWAITING), "EscalatedToNational")]
    + [("acknowledge", (level, AWAITING), (level, ACKNOWLEDGED), "Acknowledged")
       for level in (REGION, NATIONAL)]
    + [("request-clarification", (level, AWAITING), (level, CLARIFICATION),
        "ClarificationRequested") for level in (REGION, NATIONAL)]
    + [("clarify", (level, CLARIFICATION), (level, AWAITING), "Clarified")
       for level in (REGION, NATIONAL)]
    + [("accept", (COMMUNE, OPEN), (COMMUNE, ACCEPTED), "Accepted")]
    + [("accept", (level, ACKNOWLEDGED), (level, ACCEPTED), "Accepted")
       for level in (REGION, NATIONAL)]
    + [("decline", (level, ACKNOWLEDGED), (level, DECLINED), "Declined")
       for level in (REGION, NATIONAL)]
    + [("report-implementation", (level, ACCEPTED), (level, IMPLEMENTED),
        "ImplementationReported") for level in LEVELS]
    + [("withdraw", (COMMUNE, OPEN), (COMMUNE, WITHDRAWN), "Withdrawn")]
    + [("reopen", state, (COMMUNE, OPEN), "Reopened") for state in FINAL_STATES]
    + [("follow-up", state, state, "FollowedUp") for state in NON_FINAL_STATES
       if state[0] != COMMUNE]
    + [("chase-up", (level, status), (level, status), "ChasedUp")
       for level in (REGION, NATIONAL) for status in HELD_ABOVE]
    + [("report-progress", (level, ACCEPTED), (level, ACCEPTED), "ProgressReported")
       for level in LEVELS]
    + [("attach-to-session", state, state, "AttachedToSession") for state in ALL_STATES]
)
ALLOWED = {(command, start) for command, start, _, _ in TRANSITIONS}
FORBIDDEN = [(command, state) for command in COMMANDS for state in ALL_STATES
             if (command, state) not in ALLOWED]

# How each reachable state is reached from (commune, open); the others cannot be reached.
ROUTES = {
    (COMMUNE, OPEN): [],
    (COMMUNE, ACCEPTED): ["accept"],
    (COMMUNE, IMPLEMENTED): ["accept", "report-implementation"],
    (COMMUNE, WITHDRAWN): ["withdraw"],
    (REGION, AWAITING): ["escalate"],
    (REGION, ACKNOWLEDGED): ["escalate", "acknowledge"],
    (REGION, CLARIFICATION): ["escalate", "request-clarification"],
    (REGION, ACCEPTED): ["escalate", "acknowledge", "accept"],
    (REGION, DECLINED): ["escalate", "acknowledge", "decline"],
    (REGION, IMPLEMENTED): ["escalate", "acknowledge", "accept", "report-implementation"],
}
_TO_NATIONAL = ["escalate", "acknowledge", "escalate"]
ROUTES.update({
    (NATIONAL, AWAITING): _TO_NATIONAL,
    (NATIONAL, ACKNOWLEDGED): _TO_NATIONAL + ["acknowledge"],
    (NATIONAL, CLARIFICATION): _TO_NATIONAL + ["request-clarification"],
    (NATIONAL, ACCEPTED): _TO_NATIONAL + ["acknowledge", "accept"],
    (NATIONAL, DECLINED): _TO_NATIONAL + ["acknowledge", "decline"],
    (NATIONAL, IMPLEMENTED): _TO_NATIONAL + ["acknowledge", "accept", "report-implementation"],
})
REACHABLE_STATES = sorted(ROUTES)
UNREACHABLE_STATES = [state for state in ALL_STATES if state not in ROUTES]

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)
TODAY = NOW.date()
REGION_DAYS, NATIONAL_DAYS = 15, 30

SECRETARY = Actor(UUID(int=1), "sec_segou", "Awa Traoré", "secretary")
REGIONAL = Actor(UUID(int=2), "reg_segou", "Moussa Coulibaly", "regional")
NATIONAL_OFFICER = Actor(UUID(int=3), "crss", "Fatoumata Diarra", "national")
OWNER = {COMMUNE: SECRETARY, REGION: REGIONAL, NATIONAL: NATIONAL_OFFICER}


def raise_fields(**overrides) -> dict:
    fields = dict(actor=SECRETARY, commune="segou", region="segou",
                  title="Éclairage public du grand marché",
                  description="Installer dix lampadaires solaires autour du marché.",
                  theme="eclairage_public", meeting_date=TODAY - timedelta(days=3), now=NOW,
                  origin_group="femmes")
    fields.update(overrides)
    return fields


def raised(**overrides) -> Recommendation:
    return Recommendation.raise_new(**raise_fields(**overrides))


def valid_fields(command: str) -> dict:
    """Fields that pass every rule, so only the state decides the outcome."""
    return {
        "amend": dict(title="Lampadaires solaires au grand marché"),
        "note": dict(note="Point fait avec le maire."),
        "escalate": dict(reason="Le budget communal ne suffit pas."),
        "acknowledge": dict(note="Bien reçu."),
        "request-clarification": dict(question="Combien de lampadaires exactement ?"),
        "clarify": dict(answer="Dix lampadaires solaires."),
        "accept": dict(note="Retenue.", target_date=TODAY + timedelta(days=60)),
        "decline": dict(reason="Hors du champ de compétence."),
        "report-implementation": dict(note="Les lampadaires sont posés."),
        "withdraw": dict(reason="Le marché a été déplacé."),
        "reopen": dict(reason="Le marché est revenu à sa place."),
        "follow-up": dict(note="La mairie a trouvé un devis moins cher."),
        "chase-up": dict(note="Le marché est toujours dans le noir."),
        "report-progress": dict(percent=40, note="Quatre lampadaires sur dix sont posés."),
        "attach-to-session": dict(session_id=SESSION_ID),
    }[command]


def actor_for(command: str, level: str) -> Actor:
    if command in ("amend", "withdraw", "reopen", "follow-up", "chase-up", "attach-to-session"):
        return SECRETARY
    if command == "clarify":
        return SECRETARY if level == REGION else REGIONAL
    return OWNER[level]


# A session of Ségou on record, as the tracker would find it for a file joining it.
SESSION_ID = "5e551017-0000-4000-8000-000000000001"
SESSIONS = {SESSION_ID: SimpleNamespace(commune="segou", held_on=TODAY - timedelta(days=4),
                                        status="recorded")}


def context(now: datetime = NOW, deadline_days: int | None = None,
            region: str | None = None, sessions: dict | None = None) -> Circumstances:
    """What the application gives a command besides its fields."""
    days = ({REGION: REGION_DAYS, NATIONAL: NATIONAL_DAYS} if deadline_days is None
            else {REGION: deadline_days, NATIONAL: deadline_days})
    found = SESSIONS if sessions is None else sessions
    return Circumstances(now, days, region, found.get)


def give(recommendation: Recommendation, command: str, now: datetime = NOW,
         deadline_days: int | None = None, region: str | None = None, **overrides):
    """Call the aggregate method of ``command`` with valid fields, some overridden."""
    fields = {**valid_fields(command), **overrides}
    method = getattr(recommendation, command.replace("-", "_"))
    return method(actor_for(command, recommendation.level),
                  context(now, deadline_days, region), **fields)


def in_state(level: str, status: str) -> Recommendation:
    """A fresh recommendation in (level, status), its pending events collected away.

    Reachable states are reached through commands; the unreachable ones are forced, so
    that the guards are checked on the whole 3 x 8 grid."""
    recommendation = raised()
    if (level, status) in ROUTES:
        for command in ROUTES[(level, status)]:
            give(recommendation, command)
    else:
        recommendation.level, recommendation.status = level, status
    assert recommendation.state == (level, status)
    recommendation.collect_events()
    return recommendation
