"""(c) One user's inbox (`engine.work.inbox.inbox`) with 100,000 open tasks in the database.

The national 3-level tree is loaded; 100,000 READY human tasks are spread over its committees
(each on its own instance: a plan's lifecycle waits on one task at a time), together with the
tasks those instances already completed, as the engine keeps them. The commune of the measured
officer has a handful. Rows carry the names, lanes, roles and forms of the deployed BPMN files.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import event, insert, select

from bench.common import (
    BENCH_NOW,
    CACHE_DIR,
    Samples,
    Stopwatch,
    fresh_database,
    heading,
    median,
    ms,
    new_planflow,
    p90,
    remove_database,
    verdict,
)
from bench.org_loader import bulk_load
from engine.bpmn.deployment import require_latest
from engine.core import Planflow
from engine.models import HumanTask, Plan, ProcessInstance, Unit
from engine.org.demo import REGIME_START
from engine.org.roles import lane_roles
from engine.org.unit_data import fetch_three_level_wheel, three_level_units
from engine.org.units import get_user
from engine.work.inbox import inbox

OPEN_TASKS = 100_000
RUNS = 300
TARGET_MS = 10.0
USER_UNIT = "11089"  # Xã Ngọc Kỳ, huyện Tứ Kỳ, tỉnh Hải Dương
# The user's commune: (BPMN id, how many open) — three for the officer among eight.
USER_UNIT_TASKS = (("draft_plan", 3), ("review_draft", 1), ("approve_and_sign", 1), ("register_and_issue", 1),
                   ("receive_parent_plan", 1), ("confirm_receipt", 1))
# Open tasks per committee above the communes, which share the rest.
PER_LEVEL = {"central": 60, "province": 40, "district": 20}
# Where each task sits in its process: the tasks completed before it.
BEFORE = {"receive_parent_plan": (), "draft_plan": ("receive_parent_plan",),
          "review_draft": ("receive_parent_plan", "draft_plan"),
          "approve_and_sign": ("receive_parent_plan", "draft_plan", "review_draft"),
          "register_and_issue": ("receive_parent_plan", "draft_plan", "review_draft", "approve_and_sign"),
          "confirm_receipt": ()}
CHUNK = 10_000


@dataclass(frozen=True)
class TaskShape:
    """What the deployed BPMN says about a user task: its row's name, lane, roles, form, process."""

    bpmn_id: str
    name: str
    lane: str | None
    roles: str
    form: dict
    instructions: str | None
    definition_id: int
    process_id: str


def task_shapes(planflow: Planflow) -> dict[str, TaskShape]:
    shapes = {}
    with planflow.sessions() as session:
        for process_id in ("plan_lifecycle", "document_receipt"):
            definition = require_latest(session, process_id)
            spec, subprocess_specs = planflow.specs.get(definition)
            for task_spec in [t for s in (spec, *subprocess_specs.values()) for t in s.task_specs.values()]:
                if getattr(task_spec, "manual", False):
                    form = task_spec.extensions.get("properties", {}).get("formSchema")
                    shapes[task_spec.bpmn_id] = TaskShape(
                        task_spec.bpmn_id, task_spec.bpmn_name, task_spec.lane,
                        ",".join(sorted(lane_roles(task_spec.lane))), json.loads(form) if form else {},
                        task_spec.extensions.get("instructionsForEndUser"), definition.id, process_id)
    return shapes


def open_tasks_by_unit(units: list[tuple[int, str, str]], user_unit_id: int,
                       rng: random.Random) -> Iterator[tuple[int, str]]:
    """(unit id, BPMN id) of each open task: fixed counts above the communes, the rest spread at random."""
    kinds = [k for k in BEFORE if k != "confirm_receipt"] + ["confirm_receipt"] * 2
    yield from ((user_unit_id, kind) for kind, count in USER_UNIT_TASKS for _ in range(count))
    produced = sum(count for _, count in USER_UNIT_TASKS)
    for unit_id, _code, level in units:
        for _ in range(PER_LEVEL.get(level, 0)):
            yield unit_id, rng.choice(kinds)
            produced += 1
    communes = [unit_id for unit_id, _code, level in units if level == "commune" and unit_id != user_unit_id]
    for _ in range(OPEN_TASKS - produced):
        yield rng.choice(communes), rng.choice(kinds)


def fill(planflow: Planflow, user_unit_id: int, units: list[tuple[int, str, str]]) -> tuple[int, int]:
    """Insert the instances, plans and task rows; return (open, completed) task counts."""
    rng = random.Random(2024)
    shapes = task_shapes(planflow)
    now = BENCH_NOW
    instances, plans, tasks = [], [], []
    opened = completed = 0
    for number, (unit_id, kind) in enumerate(open_tasks_by_unit(units, user_unit_id, rng), 1):
        shape = shapes[kind]
        plan_id = number if shape.process_id == "plan_lifecycle" else None
        if plan_id:
            plans.append({"id": plan_id, "unit_id": unit_id, "year": 2024, "status": "drafting", "content": {},
                          "doc_type": "KH", "due_inclusive": False, "created_at": now,
                          "due_date": BENCH_NOW.date() + timedelta(days=rng.randint(5, 60))})
        instances.append({"id": number, "definition_id": shape.definition_id, "process_id": shape.process_id,
                          "unit_id": unit_id, "plan_id": plan_id, "status": "running", "state": "{}",
                          "started_by": "system", "created_at": now, "updated_at": now, "row_version": 1})
        due = plans[-1]["due_date"] if plan_id else None
        for done in BEFORE[kind]:
            tasks.append(_task_row(shapes[done], number, unit_id, plan_id, due, "completed", rng))
            completed += 1
        tasks.append(_task_row(shape, number, unit_id, plan_id, due, "ready", rng))
        opened += 1
    with planflow.unit_of_work() as ctx:
        for model, rows in ((Plan, plans), (ProcessInstance, instances), (HumanTask, tasks)):
            for start in range(0, len(rows), CHUNK):
                ctx.session.execute(insert(model.__table__), rows[start:start + CHUNK])
    return opened, completed


def _task_row(shape: TaskShape, instance_id: int, unit_id: int, plan_id: int | None, due: date | None,
              status: str, rng: random.Random) -> dict:
    return {"id": str(UUID(int=rng.getrandbits(128), version=4)), "instance_id": instance_id,
            "bpmn_id": shape.bpmn_id, "name": shape.name, "lane": shape.lane, "roles": shape.roles,
            "unit_id": unit_id, "plan_id": plan_id, "due": due, "form": shape.form,
            "instructions": shape.instructions, "status": status, "created_at": BENCH_NOW,
            "completed_by": "bench" if status == "completed" else None,
            "completed_at": BENCH_NOW if status == "completed" else None}


def time_inbox(planflow: Planflow, username: str) -> tuple[Samples, Samples, int]:
    """inbox() alone (fresh session, user already loaded), and a whole request (session, user, inbox)."""
    alone, request = Samples(), Samples()
    found = 0
    for _ in range(RUNS):
        with planflow.sessions() as session:
            user = get_user(session, username)
            with Stopwatch() as watch:
                found = len(inbox(session, user))
            alone.add(watch)
        with Stopwatch() as watch, planflow.unit_of_work() as ctx:
            inbox(ctx.session, get_user(ctx.session, username))
        request.add(watch)
    return alone, request, found


def query_plan(planflow: Planflow, username: str) -> tuple[str, list[str]]:
    """The inbox's SELECT as sent, and the database's plan for it."""
    captured: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if "human_tasks" in statement and statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    with planflow.sessions() as session:
        user = get_user(session, username)
        event.listen(planflow.db, "before_cursor_execute", capture)
        try:
            inbox(session, user)
        finally:
            event.remove(planflow.db, "before_cursor_execute", capture)
    statement, parameters = captured[-1]
    explain = "EXPLAIN QUERY PLAN " if planflow.db.dialect.name == "sqlite" else "EXPLAIN "
    with planflow.db.connect() as connection:
        rows = connection.exec_driver_sql(explain + statement, parameters).all()
    return " ".join(statement.split()), [str(row[-1]) for row in rows]  # SQLite: the detail column


def run(url: str | None) -> None:
    heading(f"(c) one user's inbox among {OPEN_TASKS:,} open tasks")
    database = fresh_database("inbox", url)
    planflow = new_planflow(database)
    seeds = three_level_units(fetch_three_level_wheel(CACHE_DIR))
    with planflow.unit_of_work() as ctx:
        bulk_load(ctx.session, seeds, REGIME_START[3], "bench-no-login")
    with planflow.sessions() as session:
        units = session.execute(select(Unit.id, Unit.code, Unit.level).where(Unit.level != "agency")).tuples().all()
        user_unit_id = session.scalar(select(Unit.id).where(Unit.code == USER_UNIT, Unit.level == "commune"))
    with Stopwatch() as watch:
        opened, completed = fill(planflow, user_unit_id, units)
    if planflow.db.dialect.name == "postgresql":  # statistics as autovacuum would soon have them
        with planflow.db.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    print(f"  {len(units):,} committees; {opened:,} open and {completed:,} completed task rows on {opened:,} "
          f"instances inserted in {watch.wall:.1f} s; database {database.size_bytes(planflow) / 1e6:,.1f} MB",
          flush=True)
    username = f"officer.{USER_UNIT}"
    alone, request, found = time_inbox(planflow, username)
    print(f"  {username}: {found} tasks in the inbox (of {sum(c for _, c in USER_UNIT_TASKS)} open at the commune)")
    for label, samples in (("inbox() alone", alone), ("request: session + get_user + inbox", request)):
        print(f"  {label:<38} median {ms(median(samples.wall))} p90 {ms(p90(samples.wall))} (CPU median "
              f"{ms(median(samples.cpu))}), {RUNS} runs", flush=True)
    print(f"  target: inbox() under {TARGET_MS:g} ms: {verdict(median(alone.wall) * 1000, TARGET_MS)}")
    statement, plan = query_plan(planflow, username)
    print(f"  query: {statement}")
    print("  query plan:")
    for line in plan:
        print(f"    {line}")
    planflow.db.dispose()
    remove_database(database)

