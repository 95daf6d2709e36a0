"""The psycopg cursor of the engine's PostgreSQL connections: column descriptions built only when read.

SQLAlchemy reads `cursor.description` after every statement, but only to see whether it returned rows: a
statement it has run before keeps its result's columns from the first time (the compiled statement's cached
metadata). psycopg builds a `Column` object for each column of the result at every read, which in a step's
locked read (67 columns) is more of the client's time than the row itself (docs/benchmarks.md, "(a) on
PostgreSQL against SQLite"). This cursor answers with a description that builds those objects the first time
anything looks into it, from the same result.
"""

from __future__ import annotations

from collections.abc import Sequence
from inspect import getattr_static
from typing import Any, overload

import psycopg
from sqlalchemy import Engine, event

# psycopg's own description (a list of Column, or None without a result set), as a function of the cursor.
_DESCRIBE = getattr_static(psycopg.Cursor, "description").fget


class DescribedWhenRead(psycopg.Cursor):
    """A psycopg cursor whose description is built on first use (installed as the connection's cursor_factory)."""

    @property
    def description(self) -> Sequence[psycopg.Column] | None:  # type: ignore[override]
        result = self.pgresult
        if result is None or not result.nfields:  # no result set, or one psycopg describes its own way
            return _DESCRIBE(self)
        return _Description(self, result)


class _Description(Sequence[psycopg.Column]):
    __slots__ = ("_cursor", "_result", "_columns")

    def __init__(self, cursor: psycopg.Cursor, result: Any):
        self._cursor, self._result = cursor, result
        self._columns: list[psycopg.Column] | None = None

    def _built(self) -> list[psycopg.Column]:
        if self._columns is None:
            # psycopg describes the cursor's current result: it must still be the one this description is of.
            if self._cursor.pgresult is not self._result:
                raise RuntimeError("a cursor's description was read after the cursor moved to another result")
            self._columns = _DESCRIBE(self._cursor)
        return self._columns

    @overload
    def __getitem__(self, index: int) -> psycopg.Column: ...

    @overload
    def __getitem__(self, index: slice) -> list[psycopg.Column]: ...

    def __getitem__(self, index: int | slice) -> psycopg.Column | list[psycopg.Column]:
        return self._built()[index]

    def __len__(self) -> int:
        return len(self._built())


def describe_when_read(engine: Engine) -> None:
    """Every connection the PostgreSQL engine opens makes its cursors with DescribedWhenRead (engine.db)."""
    event.listen(engine, "connect", lambda dbapi_connection, _record: setattr(
        dbapi_connection, "cursor_factory", DescribedWhenRead))
