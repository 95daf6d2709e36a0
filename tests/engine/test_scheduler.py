"""The worker's loop and its health as an administrator reads them: what is due and late, workers alive or
silent, a pass that failed, and the same figures from `planflow worker status --json`."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from threading import Event, Thread

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from cli.commands import main
from engine.errors import InvalidInput
from engine.models import Notification, Obligation, ProcessInstance, Timer, Worker
from engine.notify.sender import MailSettings
from engine.scheduler.status import worker_status
from engine.scheduler.worker import SchedulerWorker, WorkerSettings, wall_now
from tests.engine.test_reporting import build_cascade

OPENING_DAY, REMINDER_DAY = datetime(2024, 5, 6, 8), datetime(2024, 5, 13, 8)


@pytest.fixture
def opened(demo3, driver, clock):
    """The communes' six-month reports open; their first reminders are due on REMINDER_DAY."""
    build_cascade(driver, clock)
    clock.fixed = OPENING_DAY
    driver.run_due()
    return demo3


def status(app) -> dict:
    with app.unit_of_work() as ctx:
        return worker_status(ctx)


def a_worker(app, stop: Event | None = None) -> SchedulerWorker:
    return SchedulerWorker(app, WorkerSettings(poll_seconds=1), MailSettings(host=None), stop or Event())


def test_due_reminders_show_in_the_queue_and_as_late_when_nobody_fires_them(opened, clock) -> None:
    clock.fixed = REMINDER_DAY
    due = status(opened)
    assert due["state"] == "stopped" and due["workers"] == []
    assert due["queue"]["timers_due"] > 0 and due["queue"]["timers_late"] == 0
    assert due["queue"]["oldest_due_at"] == REMINDER_DAY.isoformat()

    clock.fixed = REMINDER_DAY + timedelta(hours=1)  # an hour on, still not fired: the workers are not keeping up
    assert status(opened)["queue"]["timers_late"] == due["queue"]["timers_due"]


def test_a_tick_does_the_due_work_and_leaves_the_heartbeat_and_what_it_did(opened, clock) -> None:
    clock.fixed = REMINDER_DAY
    due = status(opened)["queue"]["timers_due"]
    worker = a_worker(opened)
    worker.worker_id = worker._register()
    worker.tick()

    found = status(opened)
    assert found["state"] == "running" and found["alive"] == 1
    assert found["queue"]["timers_due"] == 0
    (row,) = found["workers"]
    assert row["alive"] and row["ticks"] == 1 and row["last_error"] is None
    assert row["last_pass"]["fired"] >= due and row["last_pass"]["opened"] == 0


def test_a_running_worker_asked_to_stop_ends_its_loop_marked_stopped(opened) -> None:
    stop = Event()
    worker = a_worker(opened, stop)
    loop = Thread(target=worker.run)
    loop.start()
    deadline = time.monotonic() + 60
    while not status(opened)["workers"] or status(opened)["workers"][0]["ticks"] == 0:
        assert time.monotonic() < deadline and loop.is_alive()
        time.sleep(0.1)
    stop.set()  # what SIGTERM does (cli/worker.py)
    loop.join(timeout=60)
    assert not loop.is_alive()
    assert [w["status"] for w in status(opened)["workers"]] == ["stopped"]


def test_a_worker_that_stopped_ticking_reads_as_silent(opened) -> None:
    long_ago = wall_now() - timedelta(minutes=10)
    with opened.unit_of_work() as ctx:
        ctx.session.add(Worker(host="app-2", pid=4242, status="running", poll_seconds=10, started_at=long_ago,
                               last_tick_at=long_ago, ticks=3))
    found = status(opened)
    assert found["state"] == "silent" and found["alive"] == 0
    assert found["workers"][0]["seconds_since_tick"] >= 600


def test_a_failed_pass_is_noted_on_the_worker_and_the_next_tick_goes_on(opened, clock, monkeypatch) -> None:
    clock.fixed = REMINDER_DAY
    worker = a_worker(opened)
    worker.worker_id = worker._register()

    def down(*_args, **_kwargs):
        raise ConnectionError("máy chủ cơ sở dữ liệu không trả lời")

    monkeypatch.setattr("engine.scheduler.worker.run_due_steps", down)
    worker.tick()
    assert "không trả lời" in status(opened)["workers"][0]["last_error"]
    monkeypatch.undo()
    worker.tick()
    found = status(opened)
    assert found["workers"][0]["last_error"] is None and found["queue"]["timers_due"] == 0


def test_the_poll_interval_is_checked(monkeypatch) -> None:
    assert WorkerSettings.from_env({"PLANFLOW_WORKER_POLL": "30"}).poll_seconds == 30
    for wrong in ("0", "abc", "-5", "99999"):
        with pytest.raises(InvalidInput, match="Chu kỳ của worker"):
            WorkerSettings.from_env({"PLANFLOW_WORKER_POLL": wrong})


def test_worker_status_json_on_the_command_line(opened, clock, monkeypatch) -> None:
    monkeypatch.setenv("PLANFLOW_DATABASE_URL", opened.db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("PLANFLOW_NOW", REMINDER_DAY.isoformat())
    result = CliRunner().invoke(main, ["worker", "status", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["state"] == "stopped" and found["queue"]["timers_due"] > 0
    assert set(found["mail"]) >= {"queued", "sent", "failed"}
    text = CliRunner().invoke(main, ["worker", "status"]).output
    assert "không có worker nào chạy" in text and "tiến trình có hẹn giờ" in text

    refused = CliRunner().invoke(main, ["worker", "--poll", "0"])
    assert refused.exit_code == 1 and "Chu kỳ của worker" in refused.output


def test_a_reminder_due_before_the_worker_reaches_it_is_sent_when_the_officer_submits_first(opened, driver,
                                                                                            clock) -> None:
    clock.fixed = REMINDER_DAY  # the 7-day reminders are due; the worker has not fired them yet
    officer = next(user for user in ("officer.11089", "officer.11113", "officer.10816") if driver.tasks(user))
    draft = next(task for task in driver.tasks(officer) if task["name"] == "Soạn báo cáo")
    driver.complete(officer, draft["id"], {"results": "Đã triển khai", "indicators": {}})
    driver.run_due()

    with opened.unit_of_work() as ctx:
        obligation = ctx.session.scalar(select(Obligation).where(
            Obligation.instance_id == draft["process_instance_id"]))
        sent = ctx.session.scalars(select(Notification.text).where(
            Notification.obligation_id == obligation.id, Notification.kind == "reminder")).all()
        rows = ctx.session.execute(select(Timer.name, Timer.due_at).where(
            Timer.instance_id == obligation.instance_id)).all()
        signature = ctx.session.get(ProcessInstance, obligation.instance_id).timers
    assert len(sent) == 1  # sent once: in the officer's step, not lost, and not again by the worker
    assert rows and min(due for _name, due in rows) > REMINDER_DAY  # the later reminders still wait
    assert sorted([name, due.isoformat()] for name, due in rows) == signature  # only the fired one's row went
