"""Fixtures shared by tests/ and features/: a database per run, wiped per test, a movable clock.

PLANFLOW_TEST_DATABASE_URL selects PostgreSQL (CI); otherwise a SQLite file in a temp folder.
"""

from __future__ import annotations

import os
from datetime import datetime

import pytest
from sqlalchemy import text

from engine.clock import Clock
from engine.core import Planflow
from engine.db import Base, make_engine
from engine.org.demo import load_demo
from engine.schema import upgrade_schema
from tests.support import Driver


@pytest.fixture(scope="session")
def db_engine(tmp_path_factory):
    url = os.environ.get("PLANFLOW_TEST_DATABASE_URL") or \
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'planflow-test.sqlite3'}"
    engine = make_engine(url)
    _drop_everything(engine)
    upgrade_schema(engine)
    yield engine
    engine.dispose()


def _drop_everything(engine) -> None:
    """A PostgreSQL test database outlives runs; every run builds its schema from the migrations again."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


def _wipe(engine) -> None:
    tables = [t.name for t in Base.metadata.sorted_tables]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def clock() -> Clock:
    """Tests move time by assigning clock.fixed."""
    return Clock(datetime(2024, 3, 1, 8, 0))


@pytest.fixture
def planflow(db_engine, clock) -> Planflow:
    _wipe(db_engine)
    app = Planflow(db=db_engine, clock=clock)
    app.init()
    return app


@pytest.fixture
def demo3(planflow) -> Planflow:
    with planflow.unit_of_work() as ctx:
        load_demo(ctx.session, 3)
    return planflow


@pytest.fixture
def demo2(planflow) -> Planflow:
    with planflow.unit_of_work() as ctx:
        load_demo(ctx.session, 2)
    return planflow


@pytest.fixture
def driver(planflow) -> Driver:
    return Driver(planflow)
