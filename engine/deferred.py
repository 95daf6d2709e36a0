"""Writes whose results nobody reads, sent with the next statement: no round trip of their own on PostgreSQL.

On PostgreSQL every statement waits for the server's answer, and a step's statements are most of what it costs
there beyond SQLite (docs/benchmarks.md, "(a) on PostgreSQL against SQLite"). A write nothing reads back (the task
marked completed, the next task's row, the plan's status, the audit entries) does not need that wait:
`write_later` keeps it on the connection, and it is sent just before the connection's next statement, in
psycopg's pipeline mode, so that the server's answer to that statement brings the answers to the waiting writes
with it. The last ones go with the COMMIT. On SQLite (in-process, nothing to wait for) `write_later` executes.

The server runs statements in the order they are sent, so the rest of the transaction sees each write as if it had
run at once. A write that fails fails the transaction as it would have at once, only at the next statement or at
the COMMIT. A rollback drops the writes still waiting, with everything else.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable, Insert

WAITING = "planflow_waiting_writes"  # in the connection's info: [(statement, parameters), ...]
PIPELINE = "planflow_pipeline"  # in the connection's info while a pipeline carries them and the next statement
CARRIED = {"planflow_carried": True}  # the execution option of a waiting write as it is sent (bench/ counts them)
Parameters = Mapping[str, Any] | Sequence[Mapping[str, Any]]


def write_later(connection: Connection, statement: Executable, parameters: Parameters) -> None:
    """Execute an INSERT or UPDATE whose result the caller does not read: on PostgreSQL, with the next statement
    or the COMMIT."""
    if isinstance(statement, Insert):  # nothing is read back, not even the new row's key (RETURNING)
        statement = statement.inline()
    if connection.dialect.name != "postgresql":
        connection.execute(statement, parameters)
        return
    connection.info.setdefault(WAITING, []).append((statement, parameters))


def send_writes_with_next_statement(engine: Engine) -> None:
    """Install the sending on a PostgreSQL engine (engine.db)."""
    event.listen(engine, "before_execute", _open_with_waiting_writes)
    event.listen(engine, "after_cursor_execute", lambda connection, *_: _close(connection))
    event.listen(engine, "commit", _commit_with_waiting_writes)
    event.listen(engine, "rollback", lambda connection: _drop(connection.info))
    # A statement that fails while the pipeline is open (its own error, or one of the writes before it): the
    # transaction is lost, and the connection must leave pipeline mode before its rollback.
    event.listen(engine, "handle_error", _drop_on_failure)
    event.listen(engine, "checkin", lambda _dbapi, record: _drop(record.info))  # returned to the pool mid-way


def _open_with_waiting_writes(connection: Connection, *_: Any) -> None:
    """Before a statement: a pipeline with the waiting writes in it; the statement follows them in."""
    waiting = connection.info.pop(WAITING, None)
    if waiting:
        connection.info[PIPELINE] = _pipeline_with(connection, waiting)


def _close(connection: Connection) -> None:
    """Right after the statement is sent: end the pipeline, which waits for every answer (and raises an error)."""
    mode = connection.info.pop(PIPELINE, None)
    if mode is not None:
        mode.__exit__(None, None, None)


def _commit_with_waiting_writes(connection: Connection) -> None:
    """The waiting writes and the COMMIT, answered together; psycopg's own commit then finds nothing to do."""
    _close(connection)
    waiting = connection.info.pop(WAITING, None)
    if not waiting:
        return
    dbapi = _psycopg(connection)
    try:
        mode = _pipeline_with(connection, waiting)
        with _left_on_failure(mode):
            dbapi.cursor().execute("COMMIT", prepare=False)
        mode.__exit__(None, None, None)
    except dbapi.Error as exc:  # answered here, outside SQLAlchemy's execute
        raise DBAPIError.instance("COMMIT", None, exc, dbapi.Error, dialect=connection.dialect) from exc


def _pipeline_with(connection: Connection, waiting: list[tuple[Executable, Parameters]]) -> Any:
    mode = _psycopg(connection).pipeline()
    mode.__enter__()
    with _left_on_failure(mode):
        for statement, parameters in waiting:
            connection.execute(statement, parameters, execution_options=CARRIED)
    return mode


def _psycopg(connection: Connection) -> Any:
    """The psycopg connection under SQLAlchemy's (typed by SQLAlchemy as any DB-API connection)."""
    return connection.connection.dbapi_connection


@contextmanager
def _left_on_failure(mode: Any) -> Iterator[None]:
    try:
        yield
    except BaseException:
        with suppress(Exception):  # the failure that brought us here is the one to report
            mode.__exit__(None, None, None)
        raise


def _drop_on_failure(context: Any) -> None:
    if context.connection is not None:
        _drop(context.connection.info)


def _drop(info: dict) -> None:
    """A rollback or a failed statement: the writes still waiting go, and a pipeline still open is left."""
    info.pop(WAITING, None)
    mode = info.pop(PIPELINE, None)
    if mode is not None:
        with suppress(Exception):  # the transaction is undone; what the pipeline still owes does not matter
            mode.__exit__(None, None, None)
