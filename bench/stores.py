"""A fresh, throw-away database for each run: never the user's instance database."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url


@contextmanager
def sqlite_store() -> Iterator[str]:
    """A database URL on a new SQLite file in a temporary folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="ccs-bench-"))
    try:
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_store(server_url: str, keep: bool = False) -> Iterator[str]:
    """A new database ``bench_<random>`` on the server of ``server_url``, dropped
    afterwards unless ``keep``; yields its URL."""
    url = make_url(server_url)
    name = f"bench_{uuid.uuid4().hex[:12]}"
    with _admin_connection(url) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        if not keep:
            with _admin_connection(url) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                              .format(sql.Identifier(name)))


def _admin_connection(url):
    return psycopg.connect(host=url.host or "127.0.0.1", port=url.port or 5432,
                           user=url.username or "postgres", password=url.password or None,
                           dbname=url.database or "postgres", autocommit=True)


def versions(database_url: str) -> dict:
    """The database engine and its version, for the report."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return {"store": "sqlite", "version": sqlite3.sqlite_version}
    with _admin_connection(url) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    return {"store": "postgresql", "version": version}
