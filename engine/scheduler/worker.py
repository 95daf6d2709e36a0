"""`planflow worker`: the scheduler as a long-running process — no cron.

Each tick runs a pass of everything due (engine/scheduler/steps.py), then sends the mail that is due
(engine/notify/sender.py), then sleeps for the poll interval unless the pass was cut short. Stopping (SIGTERM,
Ctrl-C: the caller sets `stop`) lets the item in hand finish its transaction; what was not reached is still due
and the next worker does it.

Any number of workers share a PostgreSQL database (each item claimed with SKIP LOCKED). SQLite admits one
writer at a time, so one worker runs: a second one says so and waits until the first stops or goes silent.
Each worker keeps a row in `workers` with its heartbeat, shown by `planflow worker status` and the admin page.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from threading import Event

from sqlalchemy import select

from engine.clock import Clock
from engine.context import Ctx, UnitOfWork
from engine.errors import InvalidInput
from engine.models import Worker
from engine.notify.sender import MailSettings, send_queued
from engine.scheduler.steps import Pass, run_due_steps

DEFAULT_POLL_SECONDS = 10
# A worker whose heartbeat is older than this many poll intervals (and at least SILENT_AFTER) counts as stopped:
# killed, frozen or cut off from the database.
SILENT_POLLS = 5
SILENT_AFTER = timedelta(minutes=2)
# Mail sent per tick at most, so that the heartbeat and the due timers come round between long sends.
MAIL_PER_TICK = 500


def wall_now() -> datetime:
    """The real time in Vietnam, naive like every time stored: heartbeats are about the process, whatever
    business clock the pass uses (PLANFLOW_NOW, a replayed --now)."""
    return Clock().now()


@dataclass(frozen=True)
class WorkerSettings:
    poll_seconds: int = DEFAULT_POLL_SECONDS

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ, poll: int | None = None) -> WorkerSettings:
        raw = str(poll) if poll is not None else env.get("PLANFLOW_WORKER_POLL") or str(DEFAULT_POLL_SECONDS)
        if not raw.isdigit() or not 1 <= int(raw) <= 3600:
            raise InvalidInput(f"Chu kỳ của worker '{raw}' không hợp lệ: cần số giây từ 1 đến 3600 "
                               "(PLANFLOW_WORKER_POLL hoặc --poll).", {"poll": "không hợp lệ"})
        return cls(poll_seconds=int(raw))


def silent_after(poll_seconds: int) -> timedelta:
    return max(SILENT_AFTER, timedelta(seconds=SILENT_POLLS * poll_seconds))


class SchedulerWorker:
    """One worker process's loop. `say` reports to whoever started it (the command line's standard error)."""

    def __init__(self, app: UnitOfWork, settings: WorkerSettings, mail: MailSettings, stop: Event,
                 say: Callable[[str], None] = lambda text: None, single_writer: bool = False):
        self.app, self.settings, self.mail, self.stop, self.say = app, settings, mail, stop, say
        self.single_writer = single_writer  # SQLite: one worker at a time
        self.worker_id: int | None = None
        self.waiting: set[int] = set()
        self.waiting_on: date | None = None

    def run(self) -> None:
        """Tick until stopped; the worker's row says `stopped` at the end however it ends (but kill -9)."""
        self.worker_id = self._register()
        if self.worker_id is None:
            return
        self.say(f"Worker #{self.worker_id} đang chạy (chu kỳ {self.settings.poll_seconds} giây).")
        try:
            while not self.stop.is_set():
                cut_short = self.tick()
                if not cut_short:
                    self.stop.wait(self.settings.poll_seconds)
        finally:
            self._mark_stopped()
            self.say(f"Worker #{self.worker_id} đã dừng.")

    def tick(self) -> bool:
        """One pass and one round of mail; True when there may be more to do at once (mail left over)."""
        today = self.app.clock.today()
        if today != self.waiting_on:  # reporters' deadlines move with the day: check waiting windows again
            self.waiting, self.waiting_on = set(), today
        counts: dict[str, int] = {}
        error = None
        more = False
        try:
            done: Pass = run_due_steps(self.app, self.stop, self.waiting, beat=self._beat)
            counts = done.counts()
            if self.mail.host and not self.stop.is_set():
                mailed = send_queued(self.app, self.mail, limit=MAIL_PER_TICK, stop=self.stop)
                counts["mailed"] = mailed.get("sent", 0)
                more = sum(mailed.values()) >= MAIL_PER_TICK
        except Exception as exc:  # a lost database or mail server: note it, wait a tick, try again
            error = f"{type(exc).__name__}: {exc}"[:2000]
            self.say(f"Lỗi trong lượt chạy: {error}")
        self._beat(counts, error)
        return more

    def _register(self) -> int | None:
        """Insert this worker's row; on SQLite, first wait while another worker is alive. None: stopped waiting."""
        said = False
        while not self.stop.is_set():
            with self.app.unit_of_work() as ctx:
                other = self._live_other(ctx) if self.single_writer else None
                if other is None:
                    now = wall_now()
                    row = Worker(host=socket.gethostname(), pid=os.getpid(), status="running", ticks=0,
                                 poll_seconds=self.settings.poll_seconds, started_at=now, last_tick_at=now)
                    ctx.session.add(row)
                    ctx.session.flush()
                    return row.id
            if not said:
                self.say(f"Một worker khác (#{other.id}, {other.host}, pid {other.pid}) đang chạy trên cơ sở dữ liệu "
                         "SQLite này; SQLite chỉ cho một worker. Chờ worker đó dừng…")
                said = True
            self.stop.wait(self.settings.poll_seconds)
        return None

    def _live_other(self, ctx: Ctx) -> Worker | None:
        """A worker alive by its heartbeat; one on this host whose process is gone is marked stopped first."""
        for row in ctx.session.scalars(select(Worker).where(Worker.status == "running")):
            if row.host == socket.gethostname() and not _process_alive(row.pid):
                row.status, row.stopped_at = "stopped", row.last_tick_at
            elif row.last_tick_at >= wall_now() - silent_after(row.poll_seconds):
                return row
        return None

    def _beat(self, counts: dict[str, int] | None = None, error: str | None = None) -> None:
        """Record that this worker is alive (between pages of a long pass, and at the end of each tick)."""
        with self.app.unit_of_work() as ctx:
            row = ctx.session.get_one(Worker, self.worker_id)
            row.last_tick_at = wall_now()
            if counts is not None:
                row.ticks += 1
                row.last_error = error
                if any(counts.values()):
                    row.last_pass = {**counts, "at": row.last_tick_at.isoformat()}

    def _mark_stopped(self) -> None:
        with self.app.unit_of_work() as ctx:
            row = ctx.session.get_one(Worker, self.worker_id)
            row.status, row.stopped_at = "stopped", wall_now()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True
