"""The processes of benchmark (d), each started with the "spawn" method: scheduler workers and one user.

A worker runs `run_due_steps` until a pass does nothing, as `planflow worker` would on the day, and reports its
counts, SQL statements, wall and CPU time (its own and its PostgreSQL server's), how long each item kept its row
locked, and its peak memory. The user, at the same time, completes one report draft after
another on the instances the workers are reaching, and reports how long each completion took. Both build their
engine and wait for `go` before the clock starts, so process start-up and imports are not timed.
"""

from __future__ import annotations

import os
import resource
import traceback
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from time import perf_counter, process_time
from typing import Any

from sqlalchemy import Engine, event, select

from engine.clock import Clock
from engine.core import Planflow
from engine.models import HumanTask, ProcessInstance, Timer, Unit
from engine.org.units import get_user
from engine.scheduler.steps import run_due_steps
from engine.work.drafts import submit_task
from engine.work.inbox import inbox

DRAFT = {"results": "Đã tổ chức đối thoại với Nhân dân theo kế hoạch.", "indicators": {"dialogues_held": 2}}
USER_PAUSE = 0.2  # seconds between two completions: one busy officer, not a load test (that is benchmark (e))
BASELINE = 20  # completions after the workers stopped: the same action without them


def peak_rss_mb() -> float:
    """This process's peak resident set size, in MB: VmHWM, the high-water mark of its own memory.

    Not `getrusage(RUSAGE_SELF).ru_maxrss`: Linux carries the high-water mark of the memory a process had before
    `exec` into it, and a "spawn" child is forked from its parent then exec'd — its ru_maxrss starts at the
    parent's RSS (a parent that had cascaded the tree made every worker read 190 MB before it did anything).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Backends:
    """The PostgreSQL server processes serving this engine's connections, and the CPU time they spent: the
    database's share of an item, which the worker's own CPU time does not include (same machine, read in /proc)."""

    def __init__(self, engine: Engine):
        self.pids: set[int] = set()
        self.start: dict[int, float] = {}
        if engine.dialect.name != "postgresql":
            return

        def connected(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = int(cursor.fetchone()[0])
            self.pids.add(pid)
            self.start[pid] = _cpu_of(pid)

        event.listen(engine, "connect", connected)

    def mark(self) -> None:
        self.start = {pid: _cpu_of(pid) for pid in self.pids}

    def seconds(self) -> float:
        return sum(_cpu_of(pid) - self.start.get(pid, 0.0) for pid in self.pids)


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a process (0 when it is gone or not readable)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class LockHolds:
    """How long each item's row stayed locked: from its claim (FOR UPDATE SKIP LOCKED) until its transaction's
    COMMIT (or ROLLBACK) came back. A user's completion on the same instance waits at most that long.
    A worker runs one transaction at a time, so the claim is kept here, not per connection."""

    def __init__(self, planflow: Planflow):
        self.seconds: list[float] = []
        self.claiming: float | None = None
        self.claimed: float | None = None

        def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if "SKIP LOCKED" in statement:
                self.claiming = perf_counter()

        def after(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
            if "SKIP LOCKED" in statement and cursor.rowcount != 0 and self.claimed is None:
                self.claimed = self.claiming  # a row skipped as locked was not claimed

        def ended(*_args: Any) -> None:
            if self.claimed is not None:
                self.seconds.append(perf_counter() - self.claimed)
            self.claimed = None

        event.listen(planflow.db, "before_cursor_execute", before)
        event.listen(planflow.db, "after_cursor_execute", after)
        event.listen(planflow.sessions, "after_commit", ended)
        event.listen(planflow.sessions, "after_rollback", ended)


def count_statements(engine: Engine) -> Counter:
    counter: Counter = Counter()

    def count(*_args: Any) -> None:
        counter["statements"] += 1

    event.listen(engine, "before_cursor_execute", count)
    return counter


@dataclass
class WorkerResult:
    index: int
    ready_rss_mb: float  # after imports and the engine's start, before the day
    peak_rss_mb: float
    seconds: float
    cpu_seconds: float  # this process's CPU time: the rest of `seconds` it waited (database, locks, other work)
    database_cpu_seconds: float  # the CPU time of its PostgreSQL server processes
    passes: int
    statements: int
    counts: dict[str, int] = field(default_factory=dict)
    holds: list[float] = field(default_factory=list)  # seconds each claimed item kept its row locked


def worker(url: str, moment: datetime, index: int, go: Event, results: Queue) -> None:
    """One scheduler worker: passes until one does nothing, sharing the waiting reports between passes."""
    try:
        planflow = Planflow(url, clock=Clock(moment), warm_size=0)  # as `planflow worker` runs (cli/worker.py)
        statements = count_statements(planflow.db)
        backends = Backends(planflow.db)
        holds = LockHolds(planflow)
        ready = peak_rss_mb()
        results.put(("ready", index, None))
        go.wait()
        backends.mark()
        holds.seconds.clear()
        began, cpu, totals, waiting, passes = perf_counter(), process_time(), Counter[str](), set[int](), 0
        before = statements["statements"]
        while True:
            done = run_due_steps(planflow, waiting=waiting)
            passes += 1
            totals.update(done.counts())
            if not any(done.counts().values()):
                break
        result = WorkerResult(index, ready, peak_rss_mb(), perf_counter() - began, process_time() - cpu,
                              backends.seconds(), passes, statements["statements"] - before, dict(totals),
                              holds.seconds)
        planflow.db.dispose()
        results.put(("done", index, result))
    except BaseException:  # noqa: BLE001 - the parent must hear of it, or it waits forever
        results.put(("error", index, traceback.format_exc()))


@dataclass
class UserResult:
    during: list[float]  # seconds per completion while the workers ran
    baseline: list[float]  # after they stopped
    inbox: list[float]  # the inbox read before each completion
    errors: dict[str, int]
    locking: list[float] = field(default_factory=list)  # each completion's locking read (FOR UPDATE), while they ran


class LockingReads:
    """Seconds spent in statements that lock rows and wait for them (FOR UPDATE without SKIP LOCKED): where a
    completion waits behind a worker holding its instance."""

    def __init__(self, engine: Engine):
        self.seconds = 0.0

        def before(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            conn.info["locking_began"] = perf_counter() if _waits(statement) else None

        def after(conn: Any, _cursor: Any, _statement: str, *_args: Any) -> None:
            began = conn.info.pop("locking_began", None)
            if began is not None:
                self.seconds += perf_counter() - began

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)


def _waits(statement: str) -> bool:
    return "FOR UPDATE" in statement and "SKIP LOCKED" not in statement


def user(url: str, moment: datetime, day: str, go: Event, workers_done: Event, results: Queue) -> None:
    """One officer after another opens their inbox and submits their report's draft, on the instance the workers
    are at: on the window day the report opened last, on the reminder day the first one whose reminder is due."""
    try:
        planflow = Planflow(url, clock=Clock(moment))
        locking = LockingReads(planflow.db)
        outcome = UserResult([], [], [], {})
        errors: Counter = Counter()
        results.put(("ready", -1, None))
        go.wait()
        while len(outcome.baseline) < BASELINE:
            after = workers_done.is_set()
            target = _target(planflow, day, moment)
            if target is None:
                if after:
                    break
                workers_done.wait(USER_PAUSE)
                continue
            locking.seconds = 0.0
            seconds = _complete(planflow, *target, outcome, errors)
            if seconds is not None:
                (outcome.baseline if after else outcome.during).append(seconds)
                if not after:
                    outcome.locking.append(locking.seconds)
            if not after:
                workers_done.wait(USER_PAUSE)
        outcome.errors = dict(errors)
        planflow.db.dispose()
        results.put(("done", -1, outcome))
    except BaseException:  # noqa: BLE001
        results.put(("error", -1, traceback.format_exc()))


_READY_DRAFTS = (select(HumanTask.instance_id, Unit.code)
                 .join(ProcessInstance, ProcessInstance.id == HumanTask.instance_id)
                 .join(Unit, Unit.id == ProcessInstance.unit_id)
                 .where(HumanTask.bpmn_id == "draft_report", HumanTask.status == "ready", Unit.level == "commune"))


def _target(planflow: Planflow, day: str, moment: datetime) -> tuple[int, str] | None:
    """(instance id, commune code) of the report whose draft the next officer submits."""
    with planflow.sessions() as session:
        if day == "reminders":
            due = session.execute(_READY_DRAFTS.join(Timer, Timer.instance_id == HumanTask.instance_id)
                                  .where(Timer.due_at <= moment).order_by(HumanTask.instance_id).limit(1)).first()
            if due is not None:
                return due[0], due[1]
        newest = session.execute(_READY_DRAFTS.order_by(HumanTask.instance_id.desc()).limit(1)).first()
        return (newest[0], newest[1]) if newest is not None else None


def _complete(planflow: Planflow, instance_id: int, code: str, outcome: UserResult, errors: Counter) -> float | None:
    """The officer's inbox, then the submission of the draft found there; the submission's seconds (None: failed)."""
    username = f"officer.{code}"
    began = perf_counter()
    with planflow.unit_of_work() as ctx:
        task = next((t for t in inbox(ctx.session, get_user(ctx.session, username))
                     if t["process_instance_id"] == instance_id and t["bpmn_id"] == "draft_report"), None)
    outcome.inbox.append(perf_counter() - began)
    if task is None:  # taken meanwhile
        errors["no task in the inbox"] += 1
        return None
    began = perf_counter()
    try:
        with planflow.unit_of_work() as ctx:
            submit_task(ctx, get_user(ctx.session, username), task["id"], DRAFT)
    except Exception as exc:  # noqa: BLE001 - counted and shown; the user would see an error page
        errors[f"{type(exc).__name__}: {str(exc)[:120]}"] += 1
        return None
    return perf_counter() - began
