"""The PostgreSQL event recorder: the library's, with each save in one statement.

The library saves events in a transaction of its own: BEGIN, ``LOCK TABLE … IN EXCLUSIVE
MODE`` (so that positions become visible in their order, and no reader of the log skips
an event committed late under a lower position), NOTIFY, the INSERT, COMMIT, sent as a
pipeline. Under the load run that sequence was a fifth of the web process's time, most of
it psycopg's pipeline and transaction bookkeeping in Python. The library can instead call
a database function once per save (``POSTGRES_ENABLE_DB_FUNCTIONS``), but its function
does not take the lock. This recorder's function does the same four things as the
pipeline, the lock first, in the one statement's transaction, under a name of its own
(the library's function, shared by every events table of the schema, is replaced by any
application of the library that starts on the same database)."""

from __future__ import annotations

from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import get_topic
from psycopg.sql import SQL, Identifier


class LockingFunctionRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.pg_function_name_insert_events = f"{events_table_name}_insert_in_order"
        self.check_identifier_length(self.pg_function_name_insert_events)
        schema = Identifier(self.datastore.schema)
        function = Identifier(self.pg_function_name_insert_events)
        self.sql_invoke_pg_function_insert_events = SQL(
            "SELECT * FROM {schema}.{function}((%s))").format(schema=schema, function=function)
        self.sql_create_pg_function_insert_events = SQL(
            "CREATE OR REPLACE FUNCTION {schema}.{function}(events {schema}.{event}[]) "
            "RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$ BEGIN "
            "SET LOCAL lock_timeout = '{lock_timeout}s'; "
            "LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE; "
            "NOTIFY {channel}; "
            "RETURN QUERY INSERT INTO {schema}.{table} AS t "
            "(originator_id, originator_version, topic, state) "
            "SELECT originator_id, originator_version, topic, state FROM unnest(events) "
            "RETURNING notification_id; "
            "END; $BODY$"
        ).format(schema=schema, function=function,
                 event=Identifier(self.stored_event_type_name),
                 lock_timeout=self.datastore.lock_timeout,
                 table=Identifier(self.events_table_name),
                 channel=Identifier(self.channel_name))
        self.sql_create_statements[self.create_insert_function_statement_index] = \
            self.sql_create_pg_function_insert_events


# How the library's APPLICATION_RECORDER_TOPIC names it (tracker/storage.py).
TOPIC = get_topic(LockingFunctionRecorder)
