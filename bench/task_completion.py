"""(a) Completing one user task through the engine, with its commit, against the in-memory floor.

Each completion is measured twice on the same stored state: first the floor (`bench.floor.complete`
on the instance's stored JSON and the task's id), then the engine (`complete_task` inside
`unit_of_work`, user looked up by name). The main series runs as a long-running process does (the
web application): the workflow a step saved stays in memory for the next step of that instance
(`engine.bpmn.warm`). The cold series loads every workflow from the database, as each CLI call does.

On PostgreSQL (`--database-url`) it then measures the same steps on PostgreSQL against a fresh SQLite file in the
same run, one completion on each in turn (issue 16: a step on PostgreSQL at most 1.5× the SQLite step), with the
round trips each completion makes to the server.
"""

from __future__ import annotations

import cProfile
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, event, make_url, select
from sqlalchemy.orm import Session

from bench import floor, profiling
from bench.breakdown import Breakdown, StatementCounter
from bench.common import (
    BENCH_NOW,
    Samples,
    Stopwatch,
    compare_row,
    fresh_database,
    heading,
    median,
    ms,
    new_planflow,
    p90,
    remove_database,
    verdict,
)
from engine.bpmn import projection, runtime
from engine.bpmn.runtime import complete_task
from engine.bpmn.warm import WarmWorkflows
from engine.clock import Clock, using_clock
from engine.context import Ctx
from engine.core import Planflow
from engine.db import make_engine, transaction
from engine.host import PlanflowHandlers
from engine.models import Definition, HumanTask, ProcessInstance
from engine.org.demo import load_demo
from engine.org.units import get_user
from engine.plans.lifecycle import start_plan

TARGET = 2.0
ROUND_TRIPS = 300
DRAFT_PLANS = 300
PROFILED_ROUND_TRIPS = 100
COLD_ROUND_TRIPS = 150
ROUND_TRIP_UNIT = "298"  # Huyện Tứ Kỳ of the 3-level demo
DEMO_UNITS = ("BNV", "30", "298", "294", "11089", "11113", "11146", "10816", "10825", "10831")
DRAFT = {
    "title": "Kế hoạch công tác dân vận chính quyền năm 2024",
    "summary": "Nâng cao chất lượng tiếp công dân; công khai thủ tục hành chính; đối thoại với Nhân dân.",
    "recipients": ["UBND tỉnh;", "Sở Nội vụ;", "Ban Dân vận Huyện ủy;", "UBND các xã, thị trấn;"],
    "subplan_due": "2024-03-25",
}
RETURN = {"decision": "return", "comment": "Đề nghị bổ sung chỉ tiêu và phân công cụ thể."}


@dataclass
class Compared:
    """The floor and the engine over the same operations."""

    floor: Samples = field(default_factory=Samples)
    engine: Samples = field(default_factory=Samples)

    def __add__(self, other: Compared) -> Compared:
        return Compared(self.floor + other.floor, self.engine + other.engine)


@dataclass(frozen=True)
class Pending:
    """What a user sees before acting: the task's id, and (for the floor) the instance's stored state."""

    task_id: str
    state: str
    spec: object
    subprocess_specs: dict


def pending(planflow: Planflow, plan_id: int, commit: bool = False) -> Pending:
    """Read as a page does before the user acts; the session rolls back when it closes, unless `commit`."""
    with transaction(planflow.sessions) if commit else planflow.sessions() as session:
        instance = session.scalar(select(ProcessInstance).where(ProcessInstance.plan_id == plan_id))
        task_id = session.scalar(select(HumanTask.id).where(
            HumanTask.instance_id == instance.id, HumanTask.status == "ready"))
        spec, subprocess_specs = planflow.specs.get(session.get(Definition, instance.definition_id))
        return Pending(task_id, instance.state, spec, subprocess_specs)


def engine_complete(planflow: Planflow, username: str, task_id: str, data: dict) -> None:
    with planflow.unit_of_work() as ctx:
        complete_task(ctx, get_user(ctx.session, username), task_id, data)


def floor_complete(planflow: Planflow, task: Pending, data: dict) -> None:
    # The engine's clock, so that timers stay as far in the future for the floor as for the engine.
    with using_clock(planflow.clock):
        floor.complete(task.state, task.spec, task.subprocess_specs, UUID(task.task_id), data)


def measure(planflow: Planflow, plan_id: int, username: str, data: dict, compared: Compared) -> None:
    """Floor then engine, on the same stored state."""
    task = pending(planflow, plan_id)
    with Stopwatch() as watch:
        floor_complete(planflow, task, data)
    compared.floor.add(watch)
    with Stopwatch() as watch:
        engine_complete(planflow, username, task.task_id, data)
    compared.engine.add(watch)


def state_size(planflow: Planflow, plan_id: int) -> int:
    with planflow.sessions() as session:
        state = session.scalar(select(ProcessInstance.state).where(ProcessInstance.plan_id == plan_id))
        return len(state.encode())


def new_plan(planflow: Planflow, unit: str) -> int:
    with planflow.unit_of_work() as ctx:
        return start_plan(ctx, unit, get_user(ctx.session, f"officer.{unit}")).id


def floor_start(planflow: Planflow, plan_id: int) -> Stopwatch:
    """The floor of starting a plan: create the instance with the plan's start data, run, serialize."""
    with planflow.sessions() as session:
        instance = session.scalar(select(ProcessInstance).where(ProcessInstance.plan_id == plan_id))
        spec, subprocess_specs = planflow.specs.get(session.get(Definition, instance.definition_id))
        start_data = floor_start_data(instance.state)
    with using_clock(planflow.clock), Stopwatch() as watch:
        floor.start(spec, subprocess_specs, start_data)
    return watch


def floor_start_data(state: str) -> dict:
    """The data the engine put into the instance at its start (read back from its stored state)."""
    tasks = json.loads(state)["tasks"].values()
    return next(t["data"] for t in tasks if "plan_id" in t["data"])


def round_trips(planflow: Planflow, count: int, drafts: Compared, returns: Compared) -> tuple[int, int, int]:
    """Draft and return one plan `count` times; return the plan id and its state size before and after."""
    plan_id = new_plan(planflow, ROUND_TRIP_UNIT)
    first_size = state_size(planflow, plan_id)
    for _ in range(count):
        measure(planflow, plan_id, f"officer.{ROUND_TRIP_UNIT}", DRAFT, drafts)
        measure(planflow, plan_id, f"head.{ROUND_TRIP_UNIT}", RETURN, returns)
    return plan_id, first_size, state_size(planflow, plan_id)


def new_plan_drafts(planflow: Planflow, count: int, starts: Compared, drafts: Compared) -> None:
    plans = []
    for i in range(count):
        unit = DEMO_UNITS[i % len(DEMO_UNITS)]
        with Stopwatch() as watch:
            plan_id = new_plan(planflow, unit)
        starts.engine.add(watch)
        starts.floor.add(floor_start(planflow, plan_id))
        plans.append((plan_id, unit))
    for plan_id, unit in plans:
        measure(planflow, plan_id, f"officer.{unit}", DRAFT, drafts)


def cold_round_trips(planflow: Planflow, count: int) -> Compared:
    """Round trips of a new plan with every workflow loaded from the database, as a new process does."""
    kept, planflow.warm = planflow.warm, WarmWorkflows(0)
    drafts, returns = Compared(), Compared()
    try:
        round_trips(planflow, count, drafts, returns)
    finally:
        planflow.warm = kept
    return drafts + returns


def engine_parts() -> list[tuple[object, str, str]]:
    """The engine functions a completion passes through, for the wall-clock breakdown."""
    module = sys.modules[__name__]
    return [
        (module, "get_user", "get_user (user + roles queries)"),
        (module, "complete_task", "complete_task: task/instance lookups, guards"),
        (runtime, "validate_form", "validate_form (jsonschema)"),
        (runtime, "load_workflow", "load_workflow: definition lookup, bind"),
        (runtime, "load", "persistence.load"),
        (runtime, "_run", "task.run + do_engine_steps (SpiffWorkflow)"),
        (PlanflowHandlers, "call", "host services (save_draft ...)"),
        (Ctx, "audit", "Ctx.audit"),
        (runtime, "prune_finished_rounds", "prune_finished_rounds"),
        (runtime, "dump", "persistence.dump"),
        (runtime, "sync_human_tasks", "sync_human_tasks: query, compare"),
        (projection, "project", "project: new HumanTask (plan get, due)"),
        (runtime, "sync_timers", "sync_timers: query, waiting_events"),
        (Session, "flush", "Session.flush (incl. autoflush): SQL writes"),
        (Session, "commit", "Session.commit"),
        (Session, "close", "Session.close"),
    ]


def explain_round_trips(planflow: Planflow, count: int) -> None:
    """Where the time goes, on `count` more round trips of a fresh plan: wall clock, SQL, cProfile.

    Even rounds run under the wall-clock breakdown and the SQL counter, odd ones under cProfile.
    """
    plan_id = new_plan(planflow, ROUND_TRIP_UNIT)
    engine_time, floor_time, profile = Breakdown(), Breakdown(), cProfile.Profile()
    statements = StatementCounter()
    steps = ((f"officer.{ROUND_TRIP_UNIT}", DRAFT), (f"head.{ROUND_TRIP_UNIT}", RETURN))
    for round_number in range(count):
        for username, data in steps:
            task = pending(planflow, plan_id)
            with floor_time.patched([(floor, "load", "persistence.load"), (floor, "dump", "persistence.dump")]):
                floor_time.timed("task.run + do_engine_steps (SpiffWorkflow)", floor_complete, planflow, task, data)
            if round_number % 2:
                profile.enable()
                engine_complete(planflow, username, task.task_id, data)
                profile.disable()
                continue
            with engine_time.patched(engine_parts()), statements.listening(planflow.db):
                engine_time.timed("unit_of_work: session, BEGIN, outbox", engine_complete, planflow, username,
                                  task.task_id, data)
    measured = 2 * ((count + 1) // 2)
    print(f"  wall clock, engine, own time of each part ({measured} completions):")
    engine_time.report(measured, "unit_of_work: session, BEGIN, outbox")
    print(f"  wall clock, floor ({2 * count} completions):")
    floor_time.report(2 * count, "task.run + do_engine_steps (SpiffWorkflow)")
    statements.report(measured)
    profiling.report(profile, 2 * (count // 2))


def run(url: str | None, round_trip_count: int = ROUND_TRIPS, plan_count: int = DRAFT_PLANS) -> None:
    heading("(a) completing one user task: engine (complete_task + commit) vs SpiffWorkflow alone")
    database = fresh_database("task_completion", url)
    planflow = new_planflow(database)
    with planflow.unit_of_work() as ctx:
        load_demo(ctx.session, 3)
    print(f"  database: {planflow.db.dialect.name}; 3-level demo organisation; floor = persistence.load + "
          "set data + task.run() + do_engine_steps() + persistence.dump", flush=True)
    draft_rt, returns, starts, drafts = Compared(), Compared(), Compared(), Compared()
    plan_id, first_size, last_size = round_trips(planflow, round_trip_count, draft_rt, returns)
    print(f"  plan #{plan_id} drafted and returned {round_trip_count} times; stored state "
          f"{first_size:,} bytes at round 1, {last_size:,} bytes after round {round_trip_count}", flush=True)
    new_plan_drafts(planflow, plan_count, starts, drafts)
    compare_row("officer drafts (round trip)", draft_rt.floor, draft_rt.engine)
    compare_row("head returns (round trip)", returns.floor, returns.engine)
    compare_row(f"first draft of {plan_count} plans", drafts.floor, drafts.engine)
    every = draft_rt + returns + drafts
    compare_row("all completions", every.floor, every.engine, TARGET)
    compare_row("(start a plan, for reference)", starts.floor, starts.engine)
    cold = cold_round_trips(planflow, COLD_ROUND_TRIPS)
    compare_row(f"cold: {2 * COLD_ROUND_TRIPS} round-trip steps, nothing kept in memory (a CLI call)",
                cold.floor, cold.engine, TARGET)
    overall = median(every.engine.cpu) / median(every.floor.cpu)
    heading(f"(a) where the engine's time goes ({PROFILED_ROUND_TRIPS} more round trips"
            f"{'; ratio above target' if overall > TARGET else ''})")
    explain_round_trips(planflow, PROFILED_ROUND_TRIPS)
    if planflow.db.dialect.name != "sqlite":
        against_sqlite(planflow, database.url)
    planflow.db.dispose()
    remove_database(database)


# --- (a) on PostgreSQL against SQLite (issue 16) ------------------------------------------------------------------
PG_TARGET = 1.5
VERSUS_ROUNDS = 150
VERSUS_COLD_ROUNDS = 50
# Two settings the engine does not choose, each measured beside PostgreSQL as make_engine configures it
# (docs/benchmarks.md, "(a) on PostgreSQL against SQLite"):
# - SQLite here runs in WAL mode with synchronous=NORMAL: a commit does not wait for the disk. PostgreSQL's default
#   (synchronous_commit=on) waits for its WAL to be flushed at every commit; "off" is the SQLite configuration's
#   durability (the last commits may be lost in a crash, the database stays consistent).
# - psycopg prepares a statement (parsed and planned once per connection) after it ran 5 times, and forgets every
#   prepared statement at each ROLLBACK (psycopg/_connection_base.py, _rollback_gen). The read before each step
#   commits, as every read of a web request does (webapp/auth.py `_load_user`, units of work); the "reads rolled
#   back" series closes that session without commit instead (as the web app did before): nothing is ever prepared.
NO_COMMIT_FLUSH = "-c synchronous_commit=off"


class RoundTrips:
    """What completions send to the database, by kind of completion: statements (an executemany is one), and on
    PostgreSQL the round trips to the server: each statement, BEGIN and COMMIT, except a write sent with the next
    statement or the COMMIT (engine/deferred.py)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.kind: str | None = None  # counting while set: "warm" or "cold"
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "begin", self._transaction)
        event.listen(engine, "commit", self._transaction)

    def _statement(self, _conn: object, _cursor: object, _sql: str, _params: object, context: Any, _many: bool) -> None:
        if self.kind is not None:
            carried = bool(context.execution_options.get("planflow_carried"))
            self.counts[self.kind]["carried" if carried else "answered"] += 1

    def _transaction(self, _conn: object) -> None:  # BEGIN or COMMIT
        if self.kind is not None:
            self.counts[self.kind]["begin or commit"] += 1

    def describe(self, kind: str, operations: int) -> str:
        counts = self.counts[kind]
        answered, carried = counts["answered"] / operations, counts["carried"] / operations
        if self.engine.dialect.name == "sqlite":  # in-process: no round trips; BEGIN IMMEDIATE is a statement
            return f"{answered + carried:.1f} statements"
        trips = answered + counts["begin or commit"] / operations
        return (f"{trips:.1f} round trips ({answered + carried:.1f} statements, {carried:.1f} of them sent with the "
                "next one or the COMMIT; + BEGIN + COMMIT)")


@dataclass
class Series:
    """One database (or one way of using it) in the comparison."""

    label: str
    planflow: Planflow
    commit_reads: bool = False
    warm: Samples = field(default_factory=Samples)
    cold: Samples = field(default_factory=Samples)

    def __post_init__(self) -> None:
        self.trips = RoundTrips(self.planflow.db)


def against_sqlite(planflow: Planflow, url: str) -> None:
    """The warm round trips of the main series, then cold ones, on SQLite and PostgreSQL in turn, same run."""
    heading(f"(a) on PostgreSQL against SQLite, same run: {VERSUS_ROUNDS} warm draft/return rounds, then "
            f"{VERSUS_COLD_ROUNDS} cold, one completion on each in turn")
    sqlite_database = fresh_database("task_completion_sqlite", None)
    sqlite = new_planflow(sqlite_database)
    with sqlite.unit_of_work() as ctx:
        load_demo(ctx.session, 3)
    no_flush = make_url(url).update_query_dict({"options": NO_COMMIT_FLUSH}).render_as_string(hide_password=False)

    def another(on: str) -> Planflow:  # its own engine: its own connection, so its own prepared statements
        return Planflow(db=make_engine(on), clock=Clock(BENCH_NOW))

    flows = [Series("SQLite (WAL, synchronous=NORMAL)", sqlite, commit_reads=True),
             Series("PostgreSQL", planflow, commit_reads=True),
             Series("PostgreSQL, synchronous_commit=off", another(no_flush), commit_reads=True),
             Series("PostgreSQL, reads rolled back", another(url))]
    interleaved_round_trips(flows, VERSUS_ROUNDS, cold=False)
    interleaved_round_trips(flows, VERSUS_COLD_ROUNDS, cold=True)
    for kind, meaning in (("warm", "the workflow kept in memory, as in the web application"),
                          ("cold", "every workflow loaded from the database, as in a CLI call")):
        print(f"  {kind} completions, wall time ({meaning}):")
        for series in flows:
            print(versus_row(series, kind, flows[0], target=series is flows[1]), flush=True)
    for kind, rounds in (("warm", VERSUS_ROUNDS), ("cold", VERSUS_COLD_ROUNDS)):
        print(f"  sent to the database per {kind} completion:")
        for series in flows:
            print(f"    {series.label:<36} {series.trips.describe(kind, 2 * rounds)}")
    for series in flows[2:]:
        series.planflow.db.dispose()
    sqlite.db.dispose()
    remove_database(sqlite_database)


def versus_row(series: Series, kind: str, sqlite: Series, target: bool) -> str:
    wall, base = getattr(series, kind).wall, getattr(sqlite, kind).wall
    line = f"    {series.label:<36} n={len(wall):<4} median {ms(median(wall))} p90 {ms(p90(wall))}"
    if series is not sqlite:
        factor = median(wall) / median(base)
        line += f" | {factor:4.2f}× SQLite"
        if target:
            line += f"  target ≤ {PG_TARGET:g}×: {verdict(factor, PG_TARGET)}"
    return line


def interleaved_round_trips(flows: list[Series], count: int, cold: bool) -> None:
    """Draft and return a new plan with each series `count` times, one completion of each in turn (the order
    reversed every round), so that a busy moment of the machine falls on all of them alike."""
    kept = [series.planflow.warm for series in flows]
    if cold:
        for series in flows:
            series.planflow.warm = WarmWorkflows(0)
    try:
        plans = [new_plan(series.planflow, ROUND_TRIP_UNIT) for series in flows]
        steps = ((f"officer.{ROUND_TRIP_UNIT}", DRAFT), (f"head.{ROUND_TRIP_UNIT}", RETURN))
        for round_number in range(count):
            order = list(zip(flows, plans, strict=True))
            for username, data in steps:
                for series, plan_id in (order if round_number % 2 else reversed(order)):
                    task = pending(series.planflow, plan_id, series.commit_reads)
                    series.trips.kind = "cold" if cold else "warm"
                    with Stopwatch() as watch:
                        engine_complete(series.planflow, username, task.task_id, data)
                    series.trips.kind = None
                    (series.cold if cold else series.warm).add(watch)
    finally:
        for series, warm in zip(flows, kept, strict=True):
            series.planflow.warm = warm
