"""The PostgreSQL connections' cursor (engine/pg_cursor.py, issue 16): a result's column descriptions are built
when something reads them, and read as psycopg builds them."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update

from engine.models import Plan, User
from engine.pg_cursor import DescribedWhenRead


@pytest.fixture
def pg(planflow):
    if planflow.db.dialect.name != "postgresql":
        pytest.skip("a psycopg cursor: PostgreSQL only")
    return planflow


def test_the_engine_s_connections_make_cursors_that_describe_when_read(pg) -> None:
    with pg.db.connect() as connection:
        assert isinstance(connection.connection.dbapi_connection.cursor(), DescribedWhenRead)


def test_a_statement_read_for_the_first_time_names_and_types_its_columns(pg) -> None:
    with pg.db.connect() as connection:
        result = connection.execute(text("SELECT 7 AS số, 'Tứ Kỳ'::text AS tên, now()::date AS ngày"))
        row = result.one()
    assert list(result.keys()) == ["số", "tên", "ngày"]
    assert (row.số, row.tên, type(row.ngày).__name__) == (7, "Tứ Kỳ", "date")


def test_the_description_is_the_result_s_and_a_statement_without_rows_has_none(pg) -> None:
    with pg.db.connect() as connection:
        cursor = connection.connection.dbapi_connection.cursor()
        cursor.execute("SELECT 1 AS a, 'x' AS b")
        description = cursor.description
        assert [(column.name, column.type_code) for column in description] == [("a", 23), ("b", 25)]
        assert len(description) == 2 and description[-1].name == "b"
        cursor.execute("SELECT 1 WHERE false")  # a result set without rows still has its columns
        assert [column.name for column in cursor.description] == ["?column?"]
        cursor.execute("CREATE TEMPORARY TABLE t (a int)")
        assert cursor.description is None


def test_a_description_read_after_its_cursor_moved_on_is_refused_not_misread(pg) -> None:
    with pg.db.connect() as connection:
        cursor = connection.connection.dbapi_connection.cursor()
        cursor.execute("SELECT 1 AS a")
        unread = cursor.description
        cursor.execute("SELECT 2 AS b, 3 AS c")
        with pytest.raises(RuntimeError, match="moved to another result"):
            unread[0]


def test_orm_reads_and_writes_run_as_before(demo3) -> None:
    """The ORM's repeated statements take their columns from SQLAlchemy's cache: the rows still come whole."""
    for _ in range(3):
        with demo3.unit_of_work() as ctx:
            user = ctx.session.scalars(select(User).where(User.username == "officer.298")).one()
            plans = ctx.session.scalars(select(Plan)).all()
            ctx.session.execute(update(User).where(User.id == user.id).values(full_name=user.full_name))
    assert user.username == "officer.298" and plans == []
