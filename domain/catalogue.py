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

from types import MappingProxyType
from typing import Mapping

from domain.account import UserAccount
from domain.commands import (
    FIELD_KINDS, LEVEL_OWNER, NEW, Command, Field, by as _by, by_owner as _by_owner,
    states as _states,
)
from domain.file_numbers import FileNumbers
from domain.messages import Message, N_
from domain.recommendation import Recommendation as R
from domain.reference_data import ReferenceData
from domain.session import Session as S
from domain.vocabulary import (
    ACCEPTED, ACKNOWLEDGED, ADOPTED, AWAITING_ACKNOWLEDGEMENT, CLARIFICATION_REQUESTED, COMMUNE,
    FINAL_STATUSES, LEVELS, NATIONAL, NATIONAL_OFFICER, OPEN, REGION, REGIONAL, SECRETARY,
    RECORDED, STATUSES,
)

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
        N_("Enregistrer une recommandation"), N_("Recommandation enregistrée."),
        attachments=True),
    Command(
        "amend", _by({SECRETARY}, [(COMMUNE, OPEN)]),
        tuple(spec.optional() for spec in RAISE_FIELDS),
        {R.Amended: N_("Recommandation modifiée")},
        N_("Modifier"), N_("Modification enregistrée."),
        purpose=N_("Corriger le titre, la description, le thème, la date ou le groupe.")),
    Command(
        "note", _by_owner(_NOT_FINAL),
        (Field("note", N_("Note"), N_("Suivi, information utile (5000 caractères au plus)."),
               limits="note"),),
        {R.Noted: N_("Note ajoutée")},
        N_("Ajouter une note"), N_("Note ajoutée."), attachments=True, offline=True,
        purpose=N_("Garder une information au dossier, sans changer son état.")),
    Command(
        "escalate", {(COMMUNE, OPEN): frozenset({SECRETARY}),
                     (REGION, ACKNOWLEDGED): frozenset({REGIONAL})},
        (_reason(N_("Pourquoi la commune ne peut pas régler seule ce point. "
                    "10 à 2000 caractères.")),),
        {R.EscalatedToRegion: N_("Transmise à la région"),
         R.EscalatedToNational: N_("Transmise au CRSS")},
        N_("Transmettre au niveau supérieur"), N_("Dossier transmis."),
        destination={COMMUNE: N_("Transmettre à la région de %(region)s"),
                     REGION: N_("Transmettre au CRSS")},
        purpose={COMMUNE: N_("La commune ne peut pas la régler seule : la région la "
                             "reçoit et doit en accuser réception."),
                 REGION: N_("La région ne peut pas la régler seule : le CRSS la reçoit "
                            "et doit en accuser réception.")},
        done_from={COMMUNE: N_("Recommandation transmise à la région de %(region)s."),
                   REGION: N_("Recommandation transmise au CRSS.")}),
    Command(
        "acknowledge", _by_owner(_states(_ABOVE_COMMUNE, [AWAITING_ACKNOWLEDGEMENT])),
        (_OPTIONAL_NOTE,), {R.Acknowledged: N_("Accusé de réception")},
        N_("Accuser réception"), N_("Réception accusée."), awaited=True,
        purpose=N_("Dire que le dossier est bien arrivé et qu'il va être examiné.")),
    Command(
        "request-clarification",
        _by_owner(_states(_ABOVE_COMMUNE, [AWAITING_ACKNOWLEDGEMENT])),
        (Field("question", N_("Question"), N_("Ce qu'il faut préciser. 10 à 2000 caractères."),
               limits="question"),),
        {R.ClarificationRequested: N_("Précisions demandées")},
        N_("Demander des précisions"), N_("Demande de précisions envoyée."), awaited=True,
        purpose=N_("Poser une question au niveau qui a transmis le dossier ; il lui "
                   "revient pour répondre.")),
    Command(
        # The level below answers the level that asked.
        "clarify", {(REGION, CLARIFICATION_REQUESTED): frozenset({SECRETARY}),
                    (NATIONAL, CLARIFICATION_REQUESTED): frozenset({REGIONAL})},
        (Field("answer", N_("Réponse"), N_("Les précisions demandées. 10 à 5000 caractères."),
               limits="answer"),),
        {R.Clarified: N_("Précisions apportées")},
        N_("Apporter les précisions"), N_("Précisions envoyées."), awaited=True,
        purpose=N_("Répondre à la question posée ; le dossier repart au niveau qui l'a "
                   "posée.")),
    Command(
        "accept", _by_owner([(COMMUNE, OPEN), (REGION, ACKNOWLEDGED), (NATIONAL, ACKNOWLEDGED)]),
        (_OPTIONAL_NOTE,
         Field("target_date", N_("Date cible de mise en œuvre"),
               N_("Facultatif ; pas dans le passé."), kind="date", required=False)),
        {R.Accepted: N_("Retenue")},
        N_("Retenir"), N_("Recommandation retenue."), attachments=True,
        purpose={COMMUNE: N_("La commune s'engage à la mettre en œuvre elle-même."),
                 REGION: N_("La région s'engage à la mettre en œuvre."),
                 NATIONAL: N_("Le CRSS s'engage à la mettre en œuvre.")}),
    Command(
        "decline", _by_owner(_states(_ABOVE_COMMUNE, [ACKNOWLEDGED])),
        (_reason(N_("Pourquoi la recommandation n'est pas retenue. 10 à 2000 caractères.")),),
        {R.Declined: N_("Non retenue")},
        N_("Ne pas retenir"), N_("Recommandation non retenue."), grave=True,
        attachments=True,
        purpose=N_("Refuser la recommandation en disant pourquoi ; le dossier est clos.")),
    Command(
        "report-implementation", _by_owner(_states(LEVELS, [ACCEPTED])),
        (Field("note", N_("Ce qui a été fait"), N_("10 à 5000 caractères."),
               limits="implementation_note"),),
        {R.ImplementationReported: N_("Mise en œuvre signalée")},
        N_("Signaler la mise en œuvre"), N_("Mise en œuvre enregistrée."), attachments=True,
        purpose=N_("Dire ce qui a été fait, photo ou procès-verbal à l'appui : la "
                   "recommandation est mise en œuvre.")),
    Command(
        "withdraw", _by({SECRETARY}, [(COMMUNE, OPEN)]),
        (_reason(N_("Pourquoi le CCS retire cette recommandation. 10 à 2000 caractères.")),),
        {R.Withdrawn: N_("Retirée")},
        N_("Retirer"), N_("Recommandation retirée."), grave=True,
        purpose=N_("Le CCS renonce à cette recommandation ; le dossier est clos.")),
    Command(
        "reopen", _by({SECRETARY}, _FINAL),
        (_reason(N_("Pourquoi le dossier doit être rouvert. 10 à 2000 caractères.")),),
        {R.Reopened: N_("Rouverte")},
        N_("Rouvrir"), N_("Dossier rouvert."),
        purpose=N_("Reprendre un dossier clos, en disant pourquoi ; il revient à la "
                   "commune.")),
    Command(
        # The commune keeps a voice on its file at every level; at national level, the
        # region that sent it up too.
        "follow-up", {**_by({SECRETARY}, _states([REGION], _NOT_FINAL_STATUSES)),
                      **_by({SECRETARY, REGIONAL}, _states([NATIONAL], _NOT_FINAL_STATUSES))},
        (Field("note", N_("Suivi"),
               N_("Ce que la commune sait ou a fait depuis (5000 caractères au plus)."),
               limits="follow_up"),),
        {R.FollowedUp: N_("Suivi ajouté")},
        N_("Ajouter un suivi"), N_("Suivi ajouté."), attachments=True, offline=True,
        purpose=N_("Donner des nouvelles à l'autorité qui a le dossier, sans changer son "
                   "état.")),
    Command(
        # The levels below remind the level that holds the file, once a day at most.
        "chase-up", {**_by({SECRETARY}, _states([REGION], _HELD_ABOVE)),
                     **_by({SECRETARY, REGIONAL}, _states([NATIONAL], _HELD_ABOVE))},
        (Field("note", N_("Message"), N_("Facultatif, 2000 caractères au plus."),
               required=False, limits="chase_up"),),
        {R.ChasedUp: N_("Relance")},
        N_("Relancer"), N_("Relance envoyée."),
        destination={REGION: N_("Relancer la région de %(region)s"),
                     NATIONAL: N_("Relancer le CRSS")},
        purpose=N_("Rappeler à l'autorité qui a le dossier qu'une réponse est attendue "
                   "(une fois par jour au plus)."),
        done_from={REGION: N_("Relance envoyée à la région de %(region)s."),
                   NATIONAL: N_("Relance envoyée au CRSS.")}),
    Command(
        "report-progress", {state: frozenset({SECRETARY, LEVEL_OWNER[state[0]]})
                            for state in _states(LEVELS, [ACCEPTED])},
        (Field("percent", N_("Avancement (%)"), N_("Un nombre entier de 0 à 100."),
               kind="percent", limits="percent"),
         Field("note", N_("Où en est la mise en œuvre"), N_("10 à 2000 caractères."),
               limits="progress_note")),
        {R.ProgressReported: N_("Avancement signalé")},
        N_("Signaler l'avancement"), N_("Avancement enregistré."), attachments=True,
        purpose=N_("Dire où en est la mise en œuvre, en pourcentage.")),
    Command(
        # A file raised before its session was on record joins it later.
        "attach-to-session", _by({SECRETARY}, _states()),
        (Field("session_id", N_("Session du CCS"),
               N_("La session de la commune où la recommandation a été formulée."),
               kind="session"),),
        {R.AttachedToSession: N_("Rattachée à une session du CCS")},
        N_("Rattacher à une session"), N_("Recommandation rattachée à la session."),
        purpose=N_("Relier le dossier à la session du CCS où il a été formulé.")),
)

COMMANDS: Mapping[str, Command] = MappingProxyType(
    {command.name: command for command in _CATALOGUE})
# The next step of a file, when its reader may give one of these: the first offered is
# the page's one primary button, the others are grouped below it. What the file waits
# for comes first (an answer, an acknowledgement), then what moves it on.
NEXT_STEPS = ("clarify", "acknowledge", "report-implementation", "escalate", "accept")
# Each command by a name of its own, for code that gives a given one (the demo's scripted
# walks): its string is written in this module only (and the aggregate's own guard).
(RAISE, AMEND, NOTE, ESCALATE, ACKNOWLEDGE, REQUEST_CLARIFICATION, CLARIFY, ACCEPT, DECLINE,
 REPORT_IMPLEMENTATION, WITHDRAW, REOPEN, FOLLOW_UP, CHASE_UP, REPORT_PROGRESS,
 ATTACH_TO_SESSION) = _CATALOGUE

# ---- CCS sessions: a communal CCS's by its commune's secretary, a regional CCS's by the
# region's authority (the "level" of a session is whose CCS met) ----------------------------
_SESSION_OWNER = {COMMUNE: SECRETARY, REGION: REGIONAL}


def _session_owner(statuses) -> dict:
    return {(level, status): frozenset({role}) for level, role in _SESSION_OWNER.items()
            for status in statuses}


SESSION_FIELDS = (
    Field("held_on", N_("Date de la session"), N_("Le jour de la réunion (pas dans le futur)."),
          kind="date"),
    Field("place", N_("Lieu"), N_("Où le CCS s'est réuni (2 à 200 caractères)."), kind="text",
          limits="place"),
    Field("chaired_by", N_("Présidée par"),
          N_("Le maire, ou le Gouverneur pour un CCS régional (2 à 200 caractères)."),
          kind="text", limits="chaired_by"),
    Field("agenda", N_("Ordre du jour"), N_("Un point par ligne, 30 au plus (facultatif)."),
          kind="agenda", required=False),
)
ATTENDANCE_FIELD = Field("attendance", N_("Liste de présence"),
                         N_("Pour chaque groupe, le nombre de femmes et d'hommes présents."),
                         kind="attendance")
MINUTES_FIELD = Field("minutes", N_("Procès-verbal"),
                      N_("Le compte rendu de la session (20 000 caractères au plus)."),
                      limits="minutes")
_SESSION_CATALOGUE = (
    Command(
        "record", {NEW: frozenset(_SESSION_OWNER.values())}, SESSION_FIELDS,
        {S.Recorded: N_("Session enregistrée")},
        N_("Enregistrer une session"), N_("Session enregistrée."), attachments=True),
    Command(
        "amend", _session_owner([RECORDED]), tuple(spec.optional() for spec in SESSION_FIELDS),
        {S.Amended: N_("Session modifiée")},
        N_("Modifier la session"), N_("Session modifiée.")),
    Command(
        "record-attendance", _session_owner([RECORDED]), (ATTENDANCE_FIELD,),
        {S.AttendanceRecorded: N_("Liste de présence enregistrée")},
        N_("Enregistrer la présence"), N_("Liste de présence enregistrée.")),
    Command(
        "write-minutes", _session_owner([RECORDED]), (MINUTES_FIELD,),
        {S.MinutesWritten: N_("Procès-verbal rédigé")},
        N_("Rédiger le procès-verbal"), N_("Procès-verbal enregistré."), attachments=True),
    Command(
        "adopt", _session_owner([RECORDED]), (),
        {S.Adopted: N_("Procès-verbal adopté")},
        N_("Adopter le procès-verbal"), N_("Procès-verbal adopté."), attachments=True),
    Command(
        "correct", _session_owner([ADOPTED]),
        (_reason(N_("Pourquoi le procès-verbal adopté doit être corrigé. 10 à 2000 "
                    "caractères.")),
         *(spec.optional() for spec in (*SESSION_FIELDS, ATTENDANCE_FIELD, MINUTES_FIELD))),
        {S.Corrected: N_("Session corrigée")},
        N_("Corriger la session"), N_("Correction enregistrée."), attachments=True),
    Command(
        "cancel", _session_owner([RECORDED]),
        (_reason(N_("Pourquoi la session est annulée. 10 à 2000 caractères.")),),
        {S.Cancelled: N_("Session annulée")},
        N_("Annuler la session"), N_("Session annulée."), grave=True),
)
SESSION_COMMANDS: Mapping[str, Command] = MappingProxyType(
    {command.name: command for command in _SESSION_CATALOGUE})
# Each session command by a name of its own too (the demo's year of sessions).
(RECORD_SESSION, AMEND_SESSION, RECORD_ATTENDANCE, WRITE_MINUTES, ADOPT_MINUTES,
 CORRECT_SESSION, CANCEL_SESSION) = _SESSION_CATALOGUE
SESSION_ACTIONS = tuple(name for name, command in SESSION_COMMANDS.items()
                        if not command.creates)
# The file actions that may be written without a connection (web/offline.py).
OFFLINE_ACTIONS = tuple(name for name, command in COMMANDS.items() if command.offline)
# The commands given on an existing file (every one but raise), in the catalogue's order.
ACTIONS = tuple(name for name, command in COMMANDS.items() if not command.creates)

# Events of the other aggregates, as the audit log names them.
OTHER_EVENTS: Mapping[type, Message] = MappingProxyType({
    UserAccount.Opened: N_("Compte ouvert"),
    UserAccount.RoleChanged: N_("Rôle ou territoire changé"),
    UserAccount.PasswordChanged: N_("Mot de passe changé"),
    UserAccount.PasswordReset: N_("Mot de passe réinitialisé"),
    UserAccount.PasswordRehashed: N_("Empreinte du mot de passe mise à jour à la connexion"),
    UserAccount.TitleChanged: N_("Titre affiché changé"),
    UserAccount.Disabled: N_("Compte désactivé"),
    UserAccount.Enabled: N_("Compte réactivé"),
    UserAccount.ApiTokenIssued: N_("Jeton d'API créé"),
    UserAccount.ApiTokenRevoked: N_("Jeton d'API révoqué"),
    UserAccount.AllApiTokensRevoked: N_("Tous les jetons d'API révoqués"),
    UserAccount.SessionsEnded: N_("Sessions fermées partout"),
    ReferenceData.ReferencePublished: N_("Référentiel des communes enregistré"),
    ReferenceData.ReferenceUpdated: N_("Référentiel des communes mis à jour"),
    FileNumbers.Started: N_("Premier numéro de dossier de l'année"),
    FileNumbers.NumberIssued: N_("Numéro de dossier donné"),
})
# Events of a file that no person's command records: the operator's `references assign`.
FILE_EVENTS_WITHOUT_COMMAND: Mapping[type, Message] = MappingProxyType({
    R.ReferenceAssigned: N_("Numéro de dossier attribué"),
})

COMMAND_OF_EVENT: Mapping[type, Command] = MappingProxyType(
    {event: command for command in (*_CATALOGUE, *_SESSION_CATALOGUE)
     for event in command.events})
EVENT_LABELS: Mapping[type, Message] = MappingProxyType({
    **{event: label for command in (*_CATALOGUE, *_SESSION_CATALOGUE)
       for event, label in command.events.items()},
    **FILE_EVENTS_WITHOUT_COMMAND, **OTHER_EVENTS})
# Labels of fields as the history shows them (amendments, details of an event).
FIELD_LABELS: Mapping[str, Message] = MappingProxyType({
    **{spec.name: spec.label for command in reversed((*_CATALOGUE, *_SESSION_CATALOGUE))
       for spec in command.fields},
    "note": N_("Note"), "commune": N_("Commune"), "region": N_("Région"),
    "due_by": N_("Échéance"), "request_id": N_("Clé de requête"), "level": N_("Niveau"),
    "must_change": N_("Nouveau mot de passe à choisir"),
    "must_change_password": N_("Nouveau mot de passe à choisir"), "token_id": N_("Jeton"),
    "reference": N_("Numéro de dossier")})


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


AGGREGATES = (R, S, UserAccount, ReferenceData, FileNumbers)
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


def free_text_field(command: str | Command) -> str | None:
    """The name of the command's main free text (a note, a reason, a question...); a name
    is a command of recommendations."""
    command = COMMANDS[command] if isinstance(command, str) else command
    return next((spec.name for spec in command.fields if spec.kind == "textarea"
                 and spec.name not in ("description", "minutes")), None)
