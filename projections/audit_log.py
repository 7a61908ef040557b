"""The audit log: every event of every aggregate (recommendations, user accounts and the
reference data; not the registers of reference numbers, whose every number is in the
event of the file that got it), in the order of the log, with who acted (and in which role), on what,
where, and the event's data. Secrets (password and token hashes) are left out: the log says that they changed."""

from __future__ import annotations

from sqlalchemy import select

from projections.bulk import writer_for
from projections.recent import KeepsRecentRows, RecentRows
from domain.account import UserAccount
from domain.fold import file_changes
from domain.reference_data import ReferenceData
from domain.session import session_changes
from projections.events import (
    ACCOUNT_EVENTS, ALL_EVENTS, ENVELOPE, NUMBERING_EVENTS, RECOMMENDATION_EVENTS,
    REFERENCE_EVENTS, SESSION_EVENTS,
    id_text,
)
from storage.tables import audit_log, audit_subjects

_COLUMNS = ("position", "at", "aggregate_type", "aggregate_id", "version", "event_type",
            "actor_username", "actor_name", "actor_role", "subject", "commune", "region", "data")
_SUBJECT_COLUMNS = ("subject", "commune", "region")
_KIND = {**dict.fromkeys(RECOMMENDATION_EVENTS, "recommendation"),
         **dict.fromkeys(ACCOUNT_EVENTS, "account"),
         **dict.fromkeys(REFERENCE_EVENTS, "reference"),
         **dict.fromkeys(SESSION_EVENTS, "session")}
# The whole communes list of a reference event is left out too: its count, fingerprint
# and what it added, removed or changed say what the auditor needs.
_LEFT_OUT = {"actor", "by", "request_id", "communes"}


class AuditLogProjection(KeepsRecentRows):
    name = "audit_log"
    version = 2  # 2: actor_name, so a session's history names people as files' do
    tables = (audit_log, audit_subjects)
    handled = ALL_EVENTS - NUMBERING_EVENTS
    ignored = NUMBERING_EVENTS
    replay_weight = 1
    held: dict[str, dict] | None = None  # a rebuild's subjects, in memory (``hold``)

    def __init__(self):
        self.recent = RecentRows()  # the subjects this process wrote last
        self.kept = (self.recent,)

    def hold(self) -> None:
        self.held = {}

    def release(self, connection) -> None:
        held, self.held = self.held, None
        writer_for(connection).insert(
            connection, audit_subjects, ("aggregate_id",) + _SUBJECT_COLUMNS,
            [(key, *(held[key][c] for c in _SUBJECT_COLUMNS)) for key in sorted(held)])

    def prepare(self, connection, numbered_events):
        writer = writer_for(connection)
        if self.held is None:
            subjects, known = self._subjects(connection, numbered_events, self.recent)
        else:  # copies: the write keeps them
            held = self.held
            subjects = {key: dict(held[key]) for key in
                        {id_text(event.originator_id) for _, event in numbered_events}
                        if key in held}
            known = set()
        changed: set[str] = set()
        rows = []
        for position, event in numbered_events:
            key = id_text(event.originator_id)
            subject = subjects.setdefault(key, {"subject": None, "commune": None,
                                                "region": None})
            if _moves_subject(event, subject):
                changed.add(key)
            actor = getattr(event, "actor", None) or getattr(event, "by", None) or {}
            rows.append((position, writer.timestamp(event.timestamp),
                         _KIND[type(event)], key, event.originator_version,
                         type(event).__name__, actor.get("username"),
                         actor.get("display_name"), actor.get("role"),
                         subject["subject"], subject["commune"], subject["region"],
                         writer.json(_data(event))))
        if self.held is not None:
            def write_held(connection) -> None:
                writer.insert(connection, audit_log, _COLUMNS, rows)
                held.update((key, subjects[key]) for key in changed)
            return write_held
        new_subjects = [(key, *(subjects[key][c] for c in _SUBJECT_COLUMNS))
                        for key in changed - known]
        moved_subjects = [(*(subjects[key][c] for c in _SUBJECT_COLUMNS), key)
                          for key in changed & known]

        def write(connection) -> None:
            writer.insert(connection, audit_log, _COLUMNS, rows)
            writer.insert(connection, audit_subjects, ("aggregate_id",) + _SUBJECT_COLUMNS,
                          new_subjects)
            writer.update(connection, audit_subjects, "aggregate_id", _SUBJECT_COLUMNS,
                          moved_subjects)
            # Only those the table has: a subject still all None was never written.
            self.recent.note({key: subject for key, subject in subjects.items()
                              if key in known or key in changed})
        return write

    @staticmethod
    def _subjects(connection, numbered_events, recent: RecentRows) -> tuple[dict, set]:
        """The subjects of the aggregates the batch continues (the others are new), and
        those of them the table has: this process's last ones from memory."""
        continued = {id_text(event.originator_id) for _, event in numbered_events
                     if event.originator_version > 1}
        subjects = {key: subject for key in continued
                    if (subject := recent.get(key)) is not None}
        ids = [key for key in continued if key not in subjects]
        for start in range(0, len(ids), 500):
            for row in connection.execute(select(audit_subjects).where(
                    audit_subjects.c.aggregate_id.in_(ids[start:start + 500]))):
                subjects[row.aggregate_id] = {c: getattr(row, c) for c in _SUBJECT_COLUMNS}
        return subjects, set(subjects)


def _moves_subject(event, subject: dict) -> bool:
    """Update what the aggregate is and where it stands; True if that changed."""
    before = dict(subject)
    kind = type(event)
    if kind in RECOMMENDATION_EVENTS:  # the file's title and territory, as the fold says
        changes = file_changes(event)
        if "title" in changes:
            subject["subject"] = changes["title"]
        subject.update({name: changes[name] for name in ("commune", "region")
                        if name in changes})
    elif kind in SESSION_EVENTS:  # a session is named by its day
        changes = session_changes(event)
        if "held_on" in changes:
            subject["subject"] = changes["held_on"].isoformat()
        subject.update({name: changes[name] for name in ("commune", "region")
                        if name in changes})
    elif kind is UserAccount.Opened:
        subject.update(subject=event.username, commune=event.commune, region=event.region)
    elif kind is UserAccount.RoleChanged:
        subject.update(commune=event.commune, region=event.region)
    elif kind is ReferenceData.ReferencePublished:
        subject["subject"] = "communes"
    return subject != before


def _data(event) -> dict:
    return {name: value for name, value in vars(event).items()
            if name not in ENVELOPE and name not in _LEFT_OUT and not name.endswith("_hash")
            and not (name == "attachments" and not value)}
