"""The catalogue of commands: each command of docs/domain.md declared once.

A declaration says where the command may be given and by whom (for each (level, status)
the roles that give it there), the fields a person fills in and their rules, the events
it records and how they read, its label, the sentence confirming it, and where it sends
the file. Authorisation (tracker/authorization.py), input schemas and forms (web/), API
routes, labels, the desk's "who must act" and the audit log's wording are all derived
from it; tests/domain/test_catalogue.py fails if a command or an event lacks a part.

Adding a command: declare it here, write its aggregate method and event in
domain/recommendation.py (and its state change in domain/fold.py if it has one), add the
translations, and the tests. Nothing else, unless a read model must show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from domain.account import UserAccount
from domain.messages import Message, N_
from domain.recommendation import Recommendation as R
from domain.reference_data import ReferenceData
from domain.rules import PERCENT_LIMITS, TEXT_LIMITS
from domain.vocabulary import (
    ACCEPTED, ACKNOWLEDGED, AWAITING_ACKNOWLEDGEMENT, CLARIFICATION_REQUESTED, COMMUNE,
    FINAL_STATUSES, LEVELS, NATIONAL, NATIONAL_OFFICER, OPEN, REGION, REGIONAL, SECRETARY,
    STATUSES,
)

# The state of a file not yet raised: where "raise" is given.
NEW = (None, None)
LEVEL_OWNER = {COMMUNE: SECRETARY, REGION: REGIONAL, NATIONAL: NATIONAL_OFFICER}
FIELD_KINDS = ("text", "textarea", "date", "theme", "origin_group", "percent")


@dataclass(frozen=True)
class Field:
    """One thing a person fills in: its name in forms, the API and the event."""

    name: str
    label: Message
    help: Message
    kind: str = "textarea"
    required: bool = True
    limits: str | None = None  # a key of rules.TEXT_LIMITS (texts) or "percent"

    @property
    def bounds(self) -> tuple[int, int] | None:
        """(minimum, maximum): characters of a text, or the range of a number."""
        if self.limits == "percent":
            return PERCENT_LIMITS
        return TEXT_LIMITS[self.limits] if self.limits else None

    @property
    def maxlength(self) -> int | None:
        """The most characters of a text field (None for other kinds)."""
        return self.bounds[1] if self.bounds and self.kind in ("text", "textarea") else None

    def optional(self) -> "Field":
        return Field(self.name, self.label, self.help, self.kind, False, self.limits)


@dataclass(frozen=True)
class Command:
    """One command of the lifecycle, and everything derived from it."""

    name: str
    # (level, status) -> the roles that give the command there (the owner of a level, the
    # commune's secretary on its own file, ...); their territory is checked by the tracker.
    givers: Mapping[tuple, frozenset]
    fields: tuple[Field, ...]
    events: Mapping[type, Message]  # each event it may record -> how the history says it
    label: Message                  # the button and the form's title
    done: Message                   # said once it is recorded
    # What the form says about where the file goes, by the level it is at now.
    destination: Mapping[str, Message] = field(default_factory=dict)
    grave: bool = False             # closes or refuses the file: a warning style
    awaited: bool = False           # the file waits for it: it puts the file in an inbox

    @property
    def method(self) -> str:
        """The aggregate method that gives it."""
        return self.name.replace("-", "_")

    @property
    def creates(self) -> bool:
        return NEW in self.givers

    @property
    def states(self) -> frozenset:
        return frozenset(self.givers)

    @property
    def roles(self) -> frozenset:
        """Every role that may give it somewhere."""
        return frozenset().union(*self.givers.values())

    def field_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields)


def _states(levels=LEVELS, statuses=STATUSES) -> list[tuple[str, str]]:
    return [(level, status) for level in levels for status in statuses]


def _by_owner(states) -> dict:
    return {state: frozenset({LEVEL_OWNER[state[0]]}) for state in states}


def _by(roles: set, states) -> dict:
    return {state: frozenset(roles) for state in states}


_NOT_FINAL = [state for state in _states() if state[1] not in FINAL_STATUSES]
_FINAL = [state for state in _states() if state[1] in FINAL_STATUSES]
_NOT_FINAL_STATUSES = [status for status in STATUSES if status not in FINAL_STATUSES]
_ABOVE_COMMUNE = (REGION, NATIONAL)
_HELD_ABOVE = (AWAITING_ACKNOWLEDGEMENT, ACKNOWLEDGED, CLARIFICATION_REQUESTED)


def _reason(help_text: Message) -> Field:
    return Field("reason", N_("Motif"), help_text, limits="reason")


RAISE_FIELDS = (
    Field("title", N_("Titre"), N_("Ce que le CCS recommande, en une phrase (5 à 200 caractères)."),
          kind="text", limits="title"),
    Field("description", N_("Description"),
          N_("Contexte, lieu, personnes concernées (facultatif, 5000 caractères au plus)."),
          required=False, limits="description"),
    Field("theme", N_("Thème"), N_("Le domaine de la recommandation."), kind="theme"),
    Field("meeting_date", N_("Date de la session du CCS"),
          N_("Jour de la réunion où la recommandation a été formulée (pas dans le futur)."),
          kind="date"),
    Field("origin_group", N_("Proposée par"),
          N_("Le groupe du CCS qui a porté la recommandation (facultatif)."),
          kind="origin_group", required=False),
)
_OPTIONAL_NOTE = Field("note", N_("Note"), N_("Facultatif."), required=False, limits="note")

_CATALOGUE = (
    Command(
        "raise", {NEW: frozenset({SECRETARY})}, RAISE_FIELDS,
        {R.Raised: N_("Recommandation enregistrée")},
        N_("Enregistrer une recommandation"), N_("Recommandation enregistrée.")),
    Command(
        "amend", _by({SECRETARY}, [(COMMUNE, OPEN)]),
        tuple(spec.optional() for spec in RAISE_FIELDS),
        {R.Amended: N_("Recommandation modifiée")},
        N_("Modifier"), N_("Modification enregistrée.")),
    Command(
        "note", _by_owner(_NOT_FINAL),
        (Field("note", N_("Note"), N_("Suivi, information utile (5000 caractères au plus)."),
               limits="note"),),
        {R.Noted: N_("Note ajoutée")},
        N_("Ajouter une note"), N_("Note ajoutée.")),
    Command(
        "escalate", {(COMMUNE, OPEN): frozenset({SECRETARY}),
                     (REGION, ACKNOWLEDGED): frozenset({REGIONAL})},
        (_reason(N_("Pourquoi la commune ne peut pas régler seule ce point. "
                    "10 à 2000 caractères.")),),
        {R.EscalatedToRegion: N_("Transmise à la région"),
         R.EscalatedToNational: N_("Transmise au CRSS")},
        N_("Transmettre au niveau supérieur"), N_("Dossier transmis."),
        destination={COMMUNE: N_("Transmettre à la région de %(region)s"),
                     REGION: N_("Transmettre au CRSS")}),
    Command(
        "acknowledge", _by_owner(_states(_ABOVE_COMMUNE, [AWAITING_ACKNOWLEDGEMENT])),
        (_OPTIONAL_NOTE,), {R.Acknowledged: N_("Accusé de réception")},
        N_("Accuser réception"), N_("Réception accusée."), awaited=True),
    Command(
        "request-clarification",
        _by_owner(_states(_ABOVE_COMMUNE, [AWAITING_ACKNOWLEDGEMENT])),
        (Field("question", N_("Question"), N_("Ce qu'il faut préciser. 10 à 2000 caractères."),
               limits="question"),),
        {R.ClarificationRequested: N_("Précisions demandées")},
        N_("Demander des précisions"), N_("Demande de précisions envoyée."), awaited=True),
    Command(
        # The level below answers the level that asked.
        "clarify", {(REGION, CLARIFICATION_REQUESTED): frozenset({SECRETARY}),
                    (NATIONAL, CLARIFICATION_REQUESTED): frozenset({REGIONAL})},
        (Field("answer", N_("Réponse"), N_("Les précisions demandées. 10 à 5000 caractères."),
               limits="answer"),),
        {R.Clarified: N_("Précisions apportées")},
        N_("Apporter les précisions"), N_("Précisions envoyées."), awaited=True),
    Command(
        "accept", _by_owner([(COMMUNE, OPEN), (REGION, ACKNOWLEDGED), (NATIONAL, ACKNOWLEDGED)]),
        (_OPTIONAL_NOTE,
         Field("target_date", N_("Date cible de mise en œuvre"),
               N_("Facultatif ; pas dans le passé."), kind="date", required=False)),
        {R.Accepted: N_("Retenue")},
        N_("Retenir"), N_("Recommandation retenue.")),
    Command(
        "decline", _by_owner(_states(_ABOVE_COMMUNE, [ACKNOWLEDGED])),
        (_reason(N_("Pourquoi la recommandation n'est pas retenue. 10 à 2000 caractères.")),),
        {R.Declined: N_("Non retenue")},
        N_("Ne pas retenir"), N_("Recommandation non retenue."), grave=True),
    Command(
        "report-implementation", _by_owner(_states(LEVELS, [ACCEPTED])),
        (Field("note", N_("Ce qui a été fait"), N_("10 à 5000 caractères."),
               limits="implementation_note"),),
        {R.ImplementationReported: N_("Mise en œuvre signalée")},
        N_("Signaler la mise en œuvre"), N_("Mise en œuvre enregistrée.")),
    Command(
        "withdraw", _by({SECRETARY}, [(COMMUNE, OPEN)]),
        (_reason(N_("Pourquoi le CCS retire cette recommandation. 10 à 2000 caractères.")),),
        {R.Withdrawn: N_("Retirée")},
        N_("Retirer"), N_("Recommandation retirée."), grave=True),
    Command(
        "reopen", _by({SECRETARY}, _FINAL),
        (_reason(N_("Pourquoi le dossier doit être rouvert. 10 à 2000 caractères.")),),
        {R.Reopened: N_("Rouverte")},
        N_("Rouvrir"), N_("Dossier rouvert.")),
    Command(
        # The commune keeps a voice on its file at every level; at national level, the
        # region that sent it up too.
        "follow-up", {**_by({SECRETARY}, _states([REGION], _NOT_FINAL_STATUSES)),
                      **_by({SECRETARY, REGIONAL}, _states([NATIONAL], _NOT_FINAL_STATUSES))},
        (Field("note", N_("Suivi"),
               N_("Ce que la commune sait ou a fait depuis (5000 caractères au plus)."),
               limits="follow_up"),),
        {R.FollowedUp: N_("Suivi ajouté")},
        N_("Ajouter un suivi"), N_("Suivi ajouté.")),
    Command(
        # The levels below remind the level that holds the file, once a day at most.
        "chase-up", {**_by({SECRETARY}, _states([REGION], _HELD_ABOVE)),
                     **_by({SECRETARY, REGIONAL}, _states([NATIONAL], _HELD_ABOVE))},
        (Field("note", N_("Message"), N_("Facultatif, 2000 caractères au plus."),
               required=False, limits="chase_up"),),
        {R.ChasedUp: N_("Relance")},
        N_("Relancer"), N_("Relance envoyée."),
        destination={REGION: N_("Relancer la région de %(region)s"),
                     NATIONAL: N_("Relancer le CRSS")}),
    Command(
        "report-progress", {state: frozenset({SECRETARY, LEVEL_OWNER[state[0]]})
                            for state in _states(LEVELS, [ACCEPTED])},
        (Field("percent", N_("Avancement (%)"), N_("Un nombre entier de 0 à 100."),
               kind="percent", limits="percent"),
         Field("note", N_("Où en est la mise en œuvre"), N_("10 à 2000 caractères."),
               limits="progress_note")),
        {R.ProgressReported: N_("Avancement signalé")},
        N_("Signaler l'avancement"), N_("Avancement enregistré.")),
)

COMMANDS: Mapping[str, Command] = MappingProxyType(
    {command.name: command for command in _CATALOGUE})
# Each command by a name of its own, for code that gives a given one (the demo's scripted
# walks): its string is written in this module only (and the aggregate's own guard).
(RAISE, AMEND, NOTE, ESCALATE, ACKNOWLEDGE, REQUEST_CLARIFICATION, CLARIFY, ACCEPT, DECLINE,
 REPORT_IMPLEMENTATION, WITHDRAW, REOPEN, FOLLOW_UP, CHASE_UP, REPORT_PROGRESS) = _CATALOGUE
# The commands given on an existing file (every one but raise), in the catalogue's order.
ACTIONS = tuple(name for name, command in COMMANDS.items() if not command.creates)

# Events of the other aggregates, as the audit log names them.
OTHER_EVENTS: Mapping[type, Message] = MappingProxyType({
    UserAccount.Opened: N_("Compte ouvert"),
    UserAccount.RoleChanged: N_("Rôle ou territoire changé"),
    UserAccount.PasswordChanged: N_("Mot de passe changé"),
    UserAccount.Disabled: N_("Compte désactivé"),
    UserAccount.Enabled: N_("Compte réactivé"),
    UserAccount.ApiTokenIssued: N_("Jeton d'API créé"),
    UserAccount.ApiTokenRevoked: N_("Jeton d'API révoqué"),
    ReferenceData.ReferencePublished: N_("Référentiel des communes enregistré"),
    ReferenceData.ReferenceUpdated: N_("Référentiel des communes mis à jour"),
})

COMMAND_OF_EVENT: Mapping[type, Command] = MappingProxyType(
    {event: command for command in _CATALOGUE for event in command.events})
EVENT_LABELS: Mapping[type, Message] = MappingProxyType({
    **{event: label for command in _CATALOGUE for event, label in command.events.items()},
    **OTHER_EVENTS})
# Labels of fields as the history shows them (amendments, details of an event).
FIELD_LABELS: Mapping[str, Message] = MappingProxyType({
    **{spec.name: spec.label for command in reversed(_CATALOGUE) for spec in command.fields},
    "note": N_("Note"), "commune": N_("Commune"), "region": N_("Région"),
    "due_by": N_("Échéance"), "request_id": N_("Clé de requête"), "level": N_("Niveau")})


def aggregate_events(aggregate: type) -> tuple[type, ...]:
    """Every event class an aggregate records: those nested in it but the bases others
    derive from (its ``Event``) and the library's default ``Created``, which a named
    creation event (``Raised``, ``Opened``) replaces."""
    nested = [value for value in vars(aggregate).values()
              if isinstance(value, type) and issubclass(value, aggregate.Event)
              and value is not aggregate.Created]
    return tuple(value for value in nested
                 if not any(other is not value and issubclass(other, value)
                            for other in nested))


AGGREGATES = (R, UserAccount, ReferenceData)
ALL_EVENTS = tuple(event for aggregate in AGGREGATES for event in aggregate_events(aggregate))


def awaited_states() -> dict[str, list[tuple[str, str]]]:
    """Role -> the (level, status) of files waiting for that role's answer: where a
    command the file waits for (``awaited``) is given, and by whom."""
    waiting: dict[str, list] = {}
    for command in _CATALOGUE:
        if command.awaited:
            for state, roles in command.givers.items():
                for role in roles:
                    if state not in waiting.setdefault(role, []):
                        waiting[role].append(state)
    return waiting


def acting_role(command: str, level: str) -> str:
    """The role that gives ``command`` on a file at ``level``: the only one there, or the
    owner of the level where several may (scripted walks: the demo, the benchmark)."""
    roles = frozenset().union(*(roles for (at, _), roles in COMMANDS[command].givers.items()
                                if at == level))
    if len(roles) == 1:
        return next(iter(roles))
    return LEVEL_OWNER[level]


def free_text_field(command: str) -> str | None:
    """The name of the command's main free text (a note, a reason, a question...)."""
    return next((spec.name for spec in COMMANDS[command].fields if spec.kind == "textarea"
                 and spec.name != "description"), None)
