"""The two stores every storage-facing test runs on: a fresh SQLite file, and a fresh schema
in a PostgreSQL database of this test process's own.

PostgreSQL tests need ``TRACKER_TEST_POSTGRES_URL`` (a server URL whose user may create
databases; ``.ci/run`` sets it). Without it they are skipped with that reason, except under
``CI=true``, where a skip would hide that half of the suite did not run."""

from __future__ import annotations

import os
from uuid import uuid4

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import URL, make_url

STORES = ("sqlite", "postgres")
POSTGRES_URL_VARIABLE = "TRACKER_TEST_POSTGRES_URL"


def postgres_server_url() -> URL | None:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if url:
        return make_url(url)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{POSTGRES_URL_VARIABLE} must be set in CI: the PostgreSQL half of the "
                    "suite would otherwise be skipped.")
    pytest.skip(f"PostgreSQL not tested: set {POSTGRES_URL_VARIABLE} "
                "(e.g. postgresql://postgres@127.0.0.1:5432/postgres)")


def connect(url: URL, **kwargs) -> psycopg.Connection:
    return psycopg.connect(host=url.host or "127.0.0.1", port=url.port or 5432,
                           user=url.username or "postgres", password=url.password or None,
                           dbname=url.database or "postgres", **kwargs)


class PostgresDatabase:
    """A database created for one test process and dropped (forcibly) when it ends."""

    def __init__(self, server: URL):
        self.server = server
        self.url = server.set(database=f"tracker_test_{os.getpid()}_{uuid4().hex[:8]}")
        with connect(server, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(
                sql.Identifier(self.url.database)))

    def new_schema(self) -> tuple[str, str]:
        """A fresh schema; returns it and the tracker URL that points into it."""
        schema = f"t_{uuid4().hex[:12]}"
        with connect(self.url, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        url = self.url.set(drivername="postgresql").update_query_dict({"schema": schema})
        return schema, url.render_as_string(hide_password=False)

    def drop_schema(self, schema: str) -> None:
        with connect(self.url, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                sql.Identifier(schema)))

    def drop(self) -> None:
        with connect(self.server, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(self.url.database)))


def store_url(store: str, request, directory) -> str:
    """A URL to an empty store of kind ``store``, cleaned up when ``request`` ends."""
    if store == "sqlite":
        return f"sqlite:///{directory / 'tracker.sqlite3'}"
    database = request.getfixturevalue("postgres_database")
    schema, url = database.new_schema()
    request.addfinalizer(lambda: database.drop_schema(schema))
    return url
