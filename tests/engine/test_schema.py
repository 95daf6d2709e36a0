"""Schema upgrades keep what running instances need."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import select

from engine.core import Planflow
from engine.db import make_engine
from engine.models import ProcessInstance
from engine.org.demo import load_demo
from engine.schema import alembic_config, upgrade_schema
from tests.support import Driver


def _timer_signatures(app: Planflow) -> list:
    with app.unit_of_work() as ctx:
        return [i.timers for i in ctx.session.scalars(select(ProcessInstance).order_by(ProcessInstance.id))]


def test_upgrading_a_database_from_before_the_timer_signature_keeps_waiting_timers(tmp_path, clock):
    db = make_engine(f"sqlite:///{tmp_path / 'planflow.sqlite3'}")
    app = Planflow(db=db, clock=clock)
    app.init()
    with app.unit_of_work() as ctx:
        load_demo(ctx.session, 3)
    Driver(app).start_plan("298", "officer.298", due=date(2024, 4, 30))
    before = _timer_signatures(app)

    command.downgrade(alembic_config(db), "0001")
    upgrade_schema(db)

    assert any(before) and _timer_signatures(app) == before
    db.dispose()
