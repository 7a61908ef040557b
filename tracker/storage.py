"""One URL, ``TRACKER_DATABASE_URL``, says where events and read models live.

The event store uses the eventsourcing library's own SQLite or PostgreSQL module (the
PostgreSQL one brings LISTEN/NOTIFY), on PostgreSQL with the tracker's recorder, which saves
in one statement (tracker/event_recorder.py); the read models use SQLAlchemy on the same
database."""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event as sqlalchemy_event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError

from domain.messages import N_
from storage.private import private_file, private_folder
from tracker.event_recorder import TOPIC as LOCKING_RECORDER


def event_store_env(database_url: str) -> dict[str, str]:
    """Settings for ``eventsourcing.Application`` from a database URL."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(database_url)
        return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path,
                "SQLITE_LOCK_TIMEOUT": "30"}
    if url.get_backend_name() == "postgresql":
        env = {"PERSISTENCE_MODULE": "eventsourcing.postgres",
               # Each save in one statement, the table locked first (tracker/event_recorder.py).
               "APPLICATION_RECORDER_TOPIC": LOCKING_RECORDER,
               "POSTGRES_ENABLE_DB_FUNCTIONS": "yes",
               "POSTGRES_DBNAME": url.database or "postgres",
               "POSTGRES_HOST": url.host or "127.0.0.1",
               "POSTGRES_PORT": str(url.port or 5432),
               "POSTGRES_USER": url.username or "postgres",
               "POSTGRES_PASSWORD": url.password or ""}
        schema = url.query.get("schema")
        if schema:
            env["POSTGRES_SCHEMA"] = schema
        return env
    raise ValueError(N_("TRACKER_DATABASE_URL : base non prise en charge (%(driver)s). "
                        "Utilisez sqlite:///chemin ou postgresql://…", driver=url.drivername))


# A PostgreSQL advisory lock key of the tracker's own: its processes starting one at a time.
STARTUP_LOCK = 0x43435354  # "CCST"


@contextmanager
def one_start_at_a_time(database_url: str):
    """Around the event store's set-up: on PostgreSQL, processes starting together (the web
    server and the projector of scripts/serve.sh) would each create the event table and its
    types, and the slower would fail on the catalogue (« duplicate key value violates unique
    constraint pg_type_typname_nsp_index », « tuple concurrently updated »), even with
    IF NOT EXISTS. A session advisory lock makes them take turns; SQLite needs none."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        yield
        return
    with postgres_connection(database_url) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (STARTUP_LOCK,))
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (STARTUP_LOCK,))


def postgres_connection(database_url: str, application_name: str = ""):
    """A psycopg connection of its own (autocommit) to the database the URL names, for
    what a pooled connection must not do: hold a session lock, LISTEN. The
    ``application_name`` says what it is in pg_stat_activity."""
    import psycopg

    url = make_url(database_url)
    return psycopg.connect(host=url.host or "127.0.0.1", port=url.port or 5432,
                           dbname=url.database or "postgres", user=url.username or "postgres",
                           password=url.password or None, autocommit=True,
                           application_name=application_name)


def read_model_url(database_url: str) -> str:
    """The SQLAlchemy URL of the same database, with the psycopg 3 driver on PostgreSQL."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
        url = url.difference_update_query(["schema"])
    return url.render_as_string(hide_password=False)


def read_model_schema(database_url: str) -> str | None:
    """The PostgreSQL schema named by ``?schema=`` (events and read models share it)."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return None
    return url.query.get("schema") or None


def sqlite_path(database_url: str) -> str:
    """The file behind a sqlite URL, it and its folder created on first use, readable by
    their owner only (SQLite gives its -wal and -shm files the database's mode)."""
    url = make_url(database_url)
    database = url.database
    if not database or database == ":memory:":
        raise ValueError(N_("TRACKER_DATABASE_URL : une base SQLite en mémoire ne peut pas "
                            "être partagée entre connexions ; indiquez un fichier."))
    _create_private(url)
    return database


def _create_private(url) -> None:
    """The database's folder and empty file, made before SQLite opens them."""
    database = url.database
    if not database or database == ":memory:" or url.query.get("uri") \
            or database.startswith("file:"):
        return  # in memory, or a URI naming its own file: SQLite makes it
    private_folder(Path(database).parent)
    private_file(database)


# Connections kept open per engine on PostgreSQL: one for each of waitress's threads (8 by
# default, scripts/serve.sh) and room to spare. A connection checked in beyond it is
# closed, and the next one opened costs PostgreSQL a new server process.
POOL_SIZE = 16


def sql_engine(database_url: str, search_path: str | None = None, **options) -> Engine:
    """A SQLAlchemy engine on the tracker's database (same file or schema as the events);
    on PostgreSQL, ``search_path`` puts other schemas first (a rebuild's staging schema,
    projections/staging.py)."""
    url = read_model_url(database_url)
    if url.startswith("sqlite"):
        _create_private(make_url(url))  # if the read models open it first
        engine = create_engine(url, connect_args={"timeout": 30}, **options)

        @sqlalchemy_event.listens_for(engine, "connect")
        def _wal(dbapi_connection, _record):
            # WAL lets pages read while another process writes.
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")
            # 16 MB of page cache instead of 2: a catch-up touches many board rows.
            dbapi_connection.execute("PRAGMA cache_size=-16384")
        return engine
    schema = search_path or read_model_schema(database_url)
    # The read models live beside the events, in the schema the URL names (if any).
    connect_args = {"options": f"-csearch_path={schema}"} if schema else {}
    options.setdefault("pool_size", POOL_SIZE)
    engine = create_engine(url, connect_args=connect_args, **options)
    _ping_when_idle(engine)
    return engine


# A pooled connection unused for longer than this is tried (one round trip) before it is
# handed out.
PING_AFTER_IDLE_SECONDS = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """Try a connection before use only if it sat idle in the pool: SQLAlchemy's
    ``pool_pre_ping`` tries every one, every time, which cost the load run a tenth of its
    throughput (a request checks out several). A connection the server dropped while idle
    (a restart, a timeout) is replaced here, before a request meets it; one dropped in
    the last seconds fails the statement that meets it, and SQLAlchemy then replaces the
    whole pool."""
    @sqlalchemy_event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @sqlalchemy_event.listens_for(engine, "checkout")
    def _handed_out(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool drops this connection and hands out another (up to three tries).
            raise DisconnectionError() from error


def open_blob_store(settings):
    """The attachments' blob store the settings name (storage/blobs.py)."""
    from storage.blobs import DATABASE, DatabaseBlobStore, FolderBlobStore

    if settings.blob_store == DATABASE:
        return DatabaseBlobStore(sql_engine(settings.database_url))
    return FolderBlobStore(settings.blob_store)
