"""How long a page session lasts, and a sign-out that ends it for good.

The session lives in a cookie signed with the secret key (Flask's default), so the server
keeps no list of sessions — and a copy of the cookie taken before signing out would
otherwise go on working. Each sign-in therefore gives the session a random id, the time it
was signed in and the time it was last seen, all inside the signed cookie:

- signing out records a hash of the id in ``ended_sessions`` (a table, so every web
  process on every machine sees it) until the session would have expired anyway; it is not
  an event: nothing about the person's rights changed;
- a session unused for ``TRACKER_SESSION_IDLE_HOURS`` (8) or signed in more than
  ``TRACKER_SESSION_MAX_DAYS`` (7) ago has ended;
- what ends every session of a person (a new password, a disable, an administrator's
  « déconnecter partout ») is an account event, checked through the account's session
  generation (web/auth.py)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from flask import current_app, session
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from storage.schema import create_tables
from storage.tables import ENDED_SESSIONS, ended_sessions

ID_KEY, SIGNED_IN_KEY, SEEN_KEY = "session_id", "signed_in_at", "seen_at"
# "Last seen" is written back into the cookie at most this often, not on every request.
SEEN_PRECISION = timedelta(minutes=1)


class SessionLifetime:
    def __init__(self, engine, clock, idle: timedelta, longest: timedelta):
        self.engine, self.clock, self.idle, self.longest = engine, clock, idle, longest
        self._table_ready = False

    def begin(self) -> None:
        """A new session, at sign-in (the cookie is kept across browser restarts until it
        ends, as a phone's browser is closed often)."""
        now = self.clock()
        session[ID_KEY] = secrets.token_urlsafe(24)
        session[SIGNED_IN_KEY] = session[SEEN_KEY] = now.timestamp()
        session.permanent = True

    def is_current(self) -> bool:
        """Whether the signed-in session of this request has neither expired nor been
        signed out of; notes that it was seen."""
        session_id, signed_in, seen = (session.get(key) for key in
                                       (ID_KEY, SIGNED_IN_KEY, SEEN_KEY))
        if not (isinstance(session_id, str) and _is_number(signed_in) and _is_number(seen)):
            return False  # signed in before sessions had an id: sign in again, once
        now = self.clock()
        if (now - _moment(signed_in) > self.longest or now - _moment(seen) > self.idle
                or self._was_ended(session_id)):
            return False
        if now - _moment(seen) >= SEEN_PRECISION:
            session[SEEN_KEY] = now.timestamp()
        return True

    def end(self) -> None:
        """Signing out: this session's cookie, wherever a copy of it is, signs in no more."""
        session_id, signed_in = session.get(ID_KEY), session.get(SIGNED_IN_KEY)
        if not isinstance(session_id, str) or not _is_number(signed_in):
            return
        self._create_table()
        now = self.clock()
        with self.engine.begin() as connection:
            connection.execute(delete(ended_sessions).where(ended_sessions.c.expires_at < now))
            try:
                connection.execute(insert(ended_sessions).values(
                    id_hash=_hashed(session_id),
                    expires_at=_moment(signed_in) + self.longest))
            except IntegrityError:
                pass  # signed out twice in a race (two tabs): ended already

    def _was_ended(self, session_id: str) -> bool:
        self._create_table()
        with self.engine.connect() as connection:
            return connection.execute(select(ended_sessions.c.id_hash).where(
                ended_sessions.c.id_hash == _hashed(session_id))).first() is not None

    def _create_table(self) -> None:
        if not self._table_ready:
            create_tables(self.engine, ENDED_SESSIONS)
            self._table_ready = True


def _hashed(session_id: str) -> str:
    # The table never holds a usable id (a database dump gives nothing to replay).
    return hashlib.sha256(session_id.encode()).hexdigest()


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _moment(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc)


def lifetime() -> SessionLifetime:
    return current_app.extensions["session_lifetime"]


def wall_clock() -> datetime:
    return datetime.now(timezone.utc)


def register(app) -> None:
    """Sessions age on the wall clock, not the application's (which tests and demos move
    by days); ``TRACKER_SESSION_CLOCK`` replaces it in the tests of this module."""
    settings = app.extensions["tracker"].settings
    longest = timedelta(days=settings.session_max_days)
    clock = app.config.get("TRACKER_SESSION_CLOCK", wall_clock)
    app.extensions["session_lifetime"] = SessionLifetime(
        app.extensions["read_models"].engine, clock,
        idle=timedelta(hours=settings.session_idle_hours), longest=longest)
    # The cookie itself expires when the session would at the latest.
    app.config["PERMANENT_SESSION_LIFETIME"] = longest
