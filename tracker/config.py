"""Every setting of the tracker, read from ``TRACKER_*`` environment variables in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_PATH = PROJECT_ROOT / "instance" / "tracker.sqlite3"


@dataclass(frozen=True)
class Settings:
    database_url: str
    region_ack_days: int = 15
    national_ack_days: int = 30

    @classmethod
    def from_environment(cls, environ=None) -> "Settings":
        environ = os.environ if environ is None else environ
        return cls(
            database_url=environ.get("TRACKER_DATABASE_URL")
            or f"sqlite:///{DEFAULT_DATABASE_PATH}",
            region_ack_days=_non_negative_int(environ, "TRACKER_REGION_ACK_DAYS", 15),
            national_ack_days=_non_negative_int(environ, "TRACKER_NATIONAL_ACK_DAYS", 30),
        )


def _non_negative_int(environ, name: str, default: int) -> int:
    raw = environ.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} doit être un nombre entier de jours (reçu : {raw!r}).")
    if value < 0:
        raise ValueError(f"{name} ne peut pas être négatif (reçu : {value}).")
    return value
