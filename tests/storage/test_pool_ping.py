"""PostgreSQL connections are tried before use only after sitting idle in the pool
(tracker/storage.py): a busy connection goes straight to work, and one the server dropped
while it was idle is replaced before a request meets it."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from tracker import storage

pytestmark = pytest.mark.parametrize("store", ["postgres"])  # SQLite has no server to lose


@pytest.fixture
def engine(database_url):
    engine = storage.sql_engine(database_url, pool_size=1)
    yield engine
    engine.dispose()


@pytest.fixture
def pings(engine, monkeypatch) -> list:
    tried = []
    real = engine.dialect.do_ping

    def counted(dbapi_connection):
        tried.append(dbapi_connection)
        return real(dbapi_connection)
    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return tried


def backend(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_in_use_is_not_tried_each_time(engine, pings, monkeypatch):
    monkeypatch.setattr(storage, "PING_AFTER_IDLE_SECONDS", 60)

    backends = {backend(engine) for _ in range(5)}

    assert len(backends) == 1 and pings == []


def test_a_connection_idle_for_a_while_is_tried_first(engine, pings, monkeypatch):
    monkeypatch.setattr(storage, "PING_AFTER_IDLE_SECONDS", 0.2)
    first = backend(engine)
    time.sleep(0.3)

    assert backend(engine) == first and len(pings) == 1


def test_a_connection_dropped_while_idle_is_replaced_before_use(engine, pings, monkeypatch):
    monkeypatch.setattr(storage, "PING_AFTER_IDLE_SECONDS", 0.2)
    dropped = backend(engine)
    with storage.postgres_connection(engine.url.render_as_string(hide_password=False)
                                     .replace("+psycopg", "")) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (dropped,))
    time.sleep(0.3)

    replaced = backend(engine)  # no error: the ping found it gone

    assert replaced != dropped and len(pings) == 1
