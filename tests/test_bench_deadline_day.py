"""The processes of benchmark (d) (bench/deadline_actors.py) do the day's work and report it truthfully: a worker
opens every due report window once and counts what it did, the officer's submissions reach the reports the worker
opened. Run here in this process on SQLite (the benchmark itself needs PostgreSQL); nothing is timed."""

from __future__ import annotations

import multiprocessing
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from bench.deadline_actors import UserResult, WorkerResult, user, worker
from bench.deadline_day import Scale, tree_seeds
from engine.clock import Clock
from engine.core import Planflow
from engine.models import HumanTask, Obligation
from engine.org.demo import load_demo
from tests.engine.test_reporting import build_cascade
from tests.support import Driver

OPENING_DAY = datetime(2024, 5, 6, 8)


def test_a_worker_opens_each_due_window_once_while_an_officer_submits_the_reports_it_opened(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'day.sqlite3'}"
    clock = Clock(datetime(2024, 3, 1, 8))
    app = Planflow(url=url, clock=clock)
    app.init()
    with app.unit_of_work() as ctx:
        load_demo(ctx.session, 3)
    build_cascade(Driver(app), clock)
    due = _scheduled_by(app, OPENING_DAY)
    assert due > 0

    context = multiprocessing.get_context("spawn")
    go, workers_done, results = context.Event(), context.Event(), context.Queue()
    go.set()
    worker(url, OPENING_DAY, 0, go, results)
    workers_done.set()
    user(url, OPENING_DAY, "windows", go, workers_done, results)
    said = [results.get(timeout=10) for _ in range(4)]
    assert [(what, index) for what, index, _ in said] == [("ready", 0), ("done", 0), ("ready", -1), ("done", -1)]
    day: WorkerResult = said[1][2]
    officer: UserResult = said[3][2]

    assert day.counts["opened"] == due and day.counts["skipped"] == 0
    assert _scheduled_by(app, OPENING_DAY) == 0
    assert day.statements > 0 and day.peak_rss_mb >= day.ready_rss_mb > 0
    assert officer.errors == {} and len(officer.baseline) > 0
    with app.sessions() as session:
        drafted = session.scalar(select(func.count()).select_from(HumanTask).where(
            HumanTask.bpmn_id == "draft_report", HumanTask.status == "completed"))
    assert drafted == len(officer.baseline)


def test_the_first_provinces_are_kept_with_everything_under_them_and_nothing_else() -> None:
    whole, one = tree_seeds(Scale(2, None)), tree_seeds(Scale(2, 1))
    province = next(seed for seed in whole if seed.level == "province")
    assert [seed.level for seed in one[:2]] == ["central", "province"] and one[1] == province
    assert {seed.parent_code for seed in one[2:]} == {province.code}
    assert len(one) - 2 == sum(seed.parent_code == province.code for seed in whole) > 0


def _scheduled_by(app: Planflow, moment: datetime) -> int:
    with app.sessions() as session:
        return session.scalar(select(func.count()).select_from(Obligation).where(
            Obligation.status == "scheduled", Obligation.opens_on <= moment.date())) or 0
