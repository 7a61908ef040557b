"""Every setting of the tracker, read from ``TRACKER_*`` environment variables in one place."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from domain.messages import N_

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_PATH = PROJECT_ROOT / "instance" / "tracker.sqlite3"
DEFAULT_BLOB_FOLDER = PROJECT_ROOT / "instance" / "blobs"
DEFAULT_WITNESS_FOLDER = PROJECT_ROOT / "instance"


PROJECTOR_MODES = ("inline", "external")


@dataclass(frozen=True)
class Settings:
    database_url: str
    region_ack_days: int = 15
    national_ack_days: int = 30
    # "inline": each web process brings the read models up to date itself when it reads
    # (one process, no projector to run: the default). "external": a separate
    # `projections run` process does, and web processes only wait for it.
    projector: str = "inline"
    # How long a web process waits for the projector to show a person their own write.
    read_wait_seconds: float = 5.0
    # A CCS meets at least once a month: a commune whose last session is older than this
    # many days, or that has none on record, is « session en retard » (docs/domain.md).
    session_interval_days: int = 31
    # The file each seal of the audit chain appends its head to, outside the database
    # (tracker/witness.py); None: one per database, see default_chain_witness.
    chain_witness: str | None = None
    # Where attachments' bytes live: a folder, or "database" (storage/blobs.py).
    blob_store: str = str(DEFAULT_BLOB_FOLDER)
    # The largest file a person may attach, in megabytes.
    max_upload_mb: int = 10
    # A page session ends after this many hours without a request, and this many days
    # after signing in whatever happens (a phone left signed in, a cookie copied).
    session_idle_hours: float = 8.0
    session_max_days: float = 7.0
    # "https" when the site is served over TLS (cookies Secure, HSTS, links in https), and
    # how many proxies in front of the application to believe about the client's address
    # and scheme (X-Forwarded-For, X-Forwarded-Proto; web/security.py).
    url_scheme: str = "http"
    proxies: int = 0
    # Limits (web/limits.py): writes per person and minute (0: none), the largest JSON or
    # form body in megabytes, and where the counts are shared between processes.
    writes_per_minute: int = 120
    max_request_mb: int = 1
    ratelimit_storage_uri: str = "memory://"

    @property
    def chain_witness_path(self) -> str | None:
        """The chain's witness file: as set, or the database's own."""
        return self.chain_witness or default_chain_witness(self.database_url)

    @classmethod
    def from_environment(cls, environ=None) -> "Settings":
        environ = os.environ if environ is None else environ
        return cls(
            database_url=environ.get("TRACKER_DATABASE_URL")
            or f"sqlite:///{DEFAULT_DATABASE_PATH}",
            region_ack_days=_non_negative_int(environ, "TRACKER_REGION_ACK_DAYS", 15),
            national_ack_days=_non_negative_int(environ, "TRACKER_NATIONAL_ACK_DAYS", 30),
            projector=_choice(environ, "TRACKER_PROJECTOR", PROJECTOR_MODES, "inline"),
            read_wait_seconds=_non_negative_float(environ, "TRACKER_READ_WAIT_SECONDS", 5.0),
            session_interval_days=_non_negative_int(environ, "TRACKER_SESSION_INTERVAL_DAYS",
                                                     31),
            blob_store=environ.get("TRACKER_BLOB_STORE") or str(DEFAULT_BLOB_FOLDER),
            chain_witness=environ.get("TRACKER_CHAIN_WITNESS") or None,
            max_upload_mb=_upload_limit(environ),
            session_idle_hours=_bounded(environ, "TRACKER_SESSION_IDLE_HOURS", 8.0,
                                        0.05, 24 * 31),
            session_max_days=_bounded(environ, "TRACKER_SESSION_MAX_DAYS", 7.0, 0.01, 366),
            url_scheme=_choice(environ, "TRACKER_URL_SCHEME", ("http", "https"), "http"),
            proxies=int(_bounded(environ, "TRACKER_PROXIES", 0, 0, 5)),
            writes_per_minute=int(_bounded(environ, "TRACKER_WRITES_PER_MINUTE", 120, 0,
                                           100_000)),
            max_request_mb=int(_bounded(environ, "TRACKER_MAX_REQUEST_MB", 1, 1, 100)),
            ratelimit_storage_uri=_storage_uri(environ),
        )


def default_chain_witness(database_url: str) -> str | None:
    """One witness per database, so that two never share one: beside a SQLite file
    (``tracker.sqlite3.witness``), or in ``instance/`` named after the PostgreSQL server,
    database and schema. None for an in-memory SQLite database: it dies with the process."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or "mode=memory" in database \
                or url.query.get("mode") == "memory":
            return None
        return database + ".witness"
    parts = [url.database or "postgres", url.query.get("schema"), url.host or "127.0.0.1",
             str(url.port or 5432)]
    name = "-".join(re.sub(r"[^A-Za-z0-9_.]", "_", part) for part in parts if part)
    return str(DEFAULT_WITNESS_FOLDER / f"chain-witness-{name}.txt")


def _upload_limit(environ) -> int:
    raw = environ.get("TRACKER_MAX_UPLOAD_MB", "")
    try:
        value = int(raw) if raw else 10
    except ValueError:
        value = 0
    if not 1 <= value <= 100:
        raise ValueError(N_("TRACKER_MAX_UPLOAD_MB doit être un nombre entier de mégaoctets, "
                            "de 1 à 100 (reçu : %(raw)r).", raw=raw))
    return value


# A delay of days past ten years is a typing slip, and past about 2.9 million days a date
# plus the delay leaves the calendar: every escalation would then fail.
MOST_DAYS = 3650


def _non_negative_int(environ, name: str, default: int) -> int:
    days = _non_negative(environ, name, default, int, lambda raw: N_(
        "%(name)s doit être un nombre entier de jours (reçu : %(raw)r).", name=name, raw=raw))
    if days > MOST_DAYS:
        raise ValueError(N_("%(name)s : %(most)d jours au plus (reçu : %(value)s).",
                            name=name, most=MOST_DAYS, value=days))
    return days


def _non_negative_float(environ, name: str, default: float) -> float:
    return _non_negative(environ, name, default, float, lambda raw: N_(
        "%(name)s doit être un nombre de secondes (reçu : %(raw)r).", name=name, raw=raw))


def _non_negative(environ, name: str, default, convert, not_a_number):
    raw = environ.get(name, "")
    if raw == "":
        return default
    try:
        value = convert(raw)
    except ValueError:
        raise ValueError(not_a_number(raw))
    if value < 0:
        raise ValueError(N_("%(name)s ne peut pas être négatif (reçu : %(value)s).",
                            name=name, value=value))
    return value


def _bounded(environ, name: str, default: float, least: float, most: float) -> float:
    raw = environ.get(name, "")
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = float("nan")
    if not least <= value <= most:  # also refuses nan
        raise ValueError(N_("%(name)s doit être un nombre de %(least)s à %(most)s (reçu : "
                            "%(raw)r).", name=name, least=least, most=most, raw=raw))
    return value


def _storage_uri(environ) -> str:
    uri = environ.get("TRACKER_RATELIMIT_STORAGE_URI", "") or "memory://"
    if not uri.startswith(("memory://", "redis://", "rediss://", "redis+unix://")):
        raise ValueError(N_("TRACKER_RATELIMIT_STORAGE_URI doit être memory:// ou une adresse "
                            "redis://hôte:port/base (reçu : %(raw)r).", raw=uri))
    return uri


def _choice(environ, name: str, choices: tuple[str, ...], default: str) -> str:
    value = environ.get(name, "") or default
    if value not in choices:
        raise ValueError(N_("%(name)s doit valoir %(choices)s (reçu : %(value)r).",
                            name=name, choices=" | ".join(choices), value=value))
    return value
