"""Database engine and sessions. SQLite (WAL) by default, PostgreSQL in production."""

from __future__ import annotations

import os
import select
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Engine, Table, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from engine.deferred import send_writes_with_next_statement
from engine.pg_cursor import describe_when_read

DEFAULT_INSTANCE_DIR = Path("instance")


class Base(DeclarativeBase):
    if TYPE_CHECKING:
        # Every model is declared with __tablename__, so its __table__ is a Table (SQLAlchemy types it as any
        # FromClause); Core statements built on it (.insert(), .update(), .c) then type-check.
        __table__: ClassVar[Table]


def database_url() -> str:
    """Return PLANFLOW_DATABASE_URL, or the embedded SQLite file in the instance folder."""
    url = os.environ.get("PLANFLOW_DATABASE_URL")
    if url:
        return url
    DEFAULT_INSTANCE_DIR.mkdir(exist_ok=True)
    return f"sqlite:///{(DEFAULT_INSTANCE_DIR / 'planflow.sqlite3').resolve()}"


# Every engine made here and not yet disposed, so that a one-shot process (a CLI command) closes its pooled
# connections when it ends. Held strongly: an engine dropped early (a command's first unit of work) would otherwise
# be collected with its connection still open, which psycopg reports.
_ENGINES: set[Engine] = set()


def make_engine(url: str | None = None) -> Engine:
    engine = _sqlite_engine(url) if (url := url or database_url()).startswith("sqlite") else _server_engine(url)
    _ENGINES.add(engine)
    return engine


def _server_engine(url: str) -> Engine:
    engine = create_engine(url)
    event.listen(engine, "checkout", _refuse_closed_connection)
    if engine.dialect.name == "postgresql":
        send_writes_with_next_statement(engine)
        describe_when_read(engine)
    return engine


def _refuse_closed_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Replace a pooled connection the server has closed (a restart, an idle timeout) before it is used.

    Instead of the pool's pre-ping, a round trip at every checkout (one of a step's eleven on PostgreSQL, docs/
    benchmarks.md): an idle connection's socket has nothing to read unless the server sent its farewell (an error
    such as "terminating connection due to administrator command") or closed it, so a socket with something to read
    is not trusted. The pool then opens another connection (SQLAlchemy's documented custom pessimistic check).
    """
    if dbapi_connection.closed or select.select([dbapi_connection.fileno()], [], [], 0)[0]:
        raise DisconnectionError("the server closed this pooled connection")


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    # pysqlite's own transaction handling defers BEGIN; issue it ourselves so that a
    # read-then-write command holds the write lock from its first statement.
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    return engine


# SQLite gives up waiting for the write lock after the connection's timeout (30 s) with "database is locked".
BUSY_TEXT = ("Cơ sở dữ liệu SQLite đang bận: một tiến trình khác giữ quyền ghi quá 30 giây. Không có gì bị thay đổi; "
             "hãy thử lại sau.")


def is_busy(exc: BaseException) -> bool:
    """Whether a database error is SQLite's lock timeout (the work was rolled back; trying again is safe)."""
    return "database is locked" in str(getattr(exc, "orig", exc))


def live_engines() -> set[Engine]:
    return set(_ENGINES)


def dispose_engines(keep: Collection[Engine] = ()) -> None:
    """Close the pooled connections of every engine made here except `keep` (those the caller did not make)."""
    for engine in list(_ENGINES):
        if engine not in keep:
            engine.dispose()
            _ENGINES.discard(engine)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # No autoflush: a completion issued ~9 implicit flushes (17% of its time); code that needs
    # pending rows in the database (new ids, the end of a step) flushes explicitly.
    factory = sessionmaker(engine, expire_on_commit=False, autoflush=False)
    _hold_objects_for_the_session(factory)
    return factory


def _hold_objects_for_the_session(factory: sessionmaker[Session]) -> None:
    """Keep every object a session loads or writes until the session ends.

    The identity map holds objects weakly: a plan or recipient written early in a unit of work and
    read again later (distribution, then the messages it sends) was dropped in between and read back
    with a SELECT each time. A unit of work is short, so holding its objects costs little.
    """

    def hold(session: Session, instance: object) -> None:
        session.info.setdefault("held", set()).add(instance)

    def release(session: Session, instance: object) -> None:
        session.info.get("held", set()).discard(instance)

    for name in ("pending_to_persistent", "deleted_to_persistent", "detached_to_persistent", "loaded_as_persistent"):
        event.listen(factory, name, hold)
    for name in ("persistent_to_detached", "persistent_to_deleted", "persistent_to_transient"):
        event.listen(factory, name, release)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any exception."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
