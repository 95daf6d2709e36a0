"""The scheduler as separate processes over one database: racing run-dues and workers do each item once, a worker
killed with kill -9 loses nothing and repeats nothing, SIGTERM finishes the item in hand, SQLite admits one worker.

Runs on SQLite by default and on PostgreSQL in CI (PLANFLOW_TEST_DATABASE_URL), where the racing is real: each
item is claimed with FOR UPDATE SKIP LOCKED.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from engine.models import AuditEntry, HumanTask, Notification, Obligation, ProcessInstance, Worker
from tests.engine.test_reporting import build_cascade

OPENING_DAY, REMINDER_DAY = "2024-05-06T08:00", "2024-05-13T08:00"  # commune windows open 05/05; reminders 7 days
WAIT = 90  # seconds a process may take at most (a slow CI machine); never a figure the tests assert


def url_of(app) -> str:
    return app.db.url.render_as_string(hide_password=False)


def start(app, *args: str, now: str | None = None, stderr=subprocess.PIPE) -> subprocess.Popen:
    env = {**os.environ, "PLANFLOW_DATABASE_URL": url_of(app)}
    env.pop("PLANFLOW_SMTP_HOST", None)
    if now:
        env["PLANFLOW_NOW"] = now
    return subprocess.Popen([sys.executable, "-m", "cli.commands", *args], env=env, stdout=subprocess.PIPE,
                            stderr=stderr, text=True)


def race(app, count: int, *args: str) -> list[dict]:
    """The same command started `count` times at once, as cron on several servers would; each one's JSON output."""
    processes = [start(app, *args, "--json") for _ in range(count)]
    outputs = [process.communicate(timeout=WAIT) for process in processes]
    assert [p.returncode for p in processes] == [0] * count, [err for _out, err in outputs]
    return [json.loads(out) for out, _err in outputs]


def reports(app) -> dict[str, int]:
    """What opening report windows leaves behind, counted in the database."""
    with app.unit_of_work() as ctx:
        count = lambda query: ctx.session.scalar(select(func.count()).select_from(query.subquery()))  # noqa: E731
        return {
            "opened": count(select(Obligation.id).where(Obligation.status != "scheduled")),
            "processes": count(select(ProcessInstance.id).where(ProcessInstance.process_id == "report_lifecycle")),
            "audited": count(select(AuditEntry.id).where(AuditEntry.action == "open_report")),
            "drafts": count(select(HumanTask.id).where(HumanTask.name == "Soạn báo cáo")),
        }


def reminders(app) -> Counter:
    """Reminder notices per (report, person)."""
    with app.unit_of_work() as ctx:
        return Counter(ctx.session.execute(select(Notification.obligation_id, Notification.user_id)
                                           .where(Notification.kind == "reminder")).all())


@pytest.fixture
def cascade(demo3, driver, clock):
    return build_cascade(driver, clock)


def test_three_run_dues_at_once_open_each_window_once_and_fire_each_reminder_once(demo3, cascade) -> None:
    opened = race(demo3, 3, "run-due", "--now", OPENING_DAY)
    found = reports(demo3)
    assert found["opened"] > 0
    assert sum(out["opened"] for out in opened) == found["opened"] == found["processes"] == found["audited"] \
        == found["drafts"]

    fired = race(demo3, 3, "run-due", "--now", REMINDER_DAY)
    notices = reminders(demo3)
    assert sum(out["fired"] for out in fired) >= found["opened"]  # every open report's first reminder, once
    assert notices and set(notices.values()) == {1}
    assert reports(demo3) == found  # no window opened twice on the later day either


def test_a_worker_killed_mid_run_loses_nothing_and_the_next_run_repeats_nothing(demo3, cascade) -> None:
    worker = start(demo3, "worker", "--poll", "1", now=OPENING_DAY)
    _until(lambda: reports(demo3)["audited"] > 0, worker)
    worker.send_signal(signal.SIGKILL)  # no chance to finish anything: a transaction in hand rolls back
    worker.communicate(timeout=WAIT)

    race(demo3, 2, "run-due", "--now", OPENING_DAY)
    found = reports(demo3)
    assert found["opened"] == found["processes"] == found["audited"] == found["drafts"] > 0
    assert race(demo3, 1, "run-due", "--now", OPENING_DAY)[0]["opened"] == 0  # nothing left behind


def test_sigterm_lets_the_worker_finish_its_step_and_stop_marked_stopped(demo3, cascade) -> None:
    worker = start(demo3, "worker", "--poll", "1", now=OPENING_DAY)
    _until(lambda: _workers(demo3) == ["running"], worker)
    _until(lambda: reports(demo3)["opened"] > 0, worker)
    worker.send_signal(signal.SIGTERM)
    _out, err = worker.communicate(timeout=WAIT)
    assert worker.returncode == 0, err
    assert "đã dừng" in err
    assert _workers(demo3) == ["stopped"]
    found = reports(demo3)
    assert found["opened"] == found["processes"] == found["audited"] == found["drafts"]


def test_on_sqlite_a_second_worker_says_one_runs_and_waits_for_it(demo3, tmp_path) -> None:
    if demo3.db.dialect.name != "sqlite":
        pytest.skip("PostgreSQL runs any number of workers (the racing test)")
    first = start(demo3, "worker", "--poll", "1")
    _until(lambda: _workers(demo3) == ["running"], first)
    said = tmp_path / "second.err"
    with said.open("w") as err:
        second = start(demo3, "worker", "--poll", "1", stderr=err)
        _until(lambda: "SQLite chỉ cho một worker" in said.read_text(), second)
        assert "Chờ worker đó dừng" in said.read_text()
        assert _workers(demo3) == ["running"]  # the second waits unregistered

        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=WAIT)
        _until(lambda: sorted(_workers(demo3)) == ["running", "stopped"], second)  # then it runs
        second.send_signal(signal.SIGTERM)
        second.communicate(timeout=WAIT)
    assert second.returncode == 0


def test_on_postgresql_two_workers_run_side_by_side(demo3) -> None:
    if demo3.db.dialect.name != "postgresql":
        pytest.skip("SQLite runs one worker (the test above)")
    workers = [start(demo3, "worker", "--poll", "1") for _ in range(2)]
    _until(lambda: _workers(demo3) == ["running", "running"], workers[0])
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    assert [w.communicate(timeout=WAIT) and w.returncode for w in workers] == [0, 0]
    assert _workers(demo3) == ["stopped", "stopped"]


def _workers(app) -> list[str]:
    with app.unit_of_work() as ctx:
        return list(ctx.session.scalars(select(Worker.status).order_by(Worker.id)))


def _until(condition, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the process ended early: {process.communicate()}")
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.2)
