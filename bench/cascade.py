"""(b) One plan cascaded through the national 3-level tree, every unit's plan driven to issue.

The central unit "BNV" starts a plan; its issue creates a plan at each of the 63 provinces, theirs
one at each district, the districts' one at each commune (and document receipts for recipients that
only take note). Every user action is one `unit_of_work`: find the task the user would open, then
`complete_task`. Levels are driven in order; the floor is SpiffWorkflow alone doing the same
number of instance starts and completions (create + run + dump, then load + run + dump per step),
sampled between the engine's plans of each level and scaled to the level's counts.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from time import perf_counter

from sqlalchemy import bindparam, func, select

from bench import floor
from bench.common import (
    BENCH_NOW,
    CACHE_DIR,
    Samples,
    Stopwatch,
    fresh_database,
    heading,
    new_planflow,
    ratio,
    remove_database,
    verdict,
)
from bench.org_loader import LEVEL_ORDER, bulk_load, capped
from engine.bpmn.deployment import require_latest
from engine.bpmn.runtime import complete_task
from engine.clock import using_clock
from engine.core import Planflow
from engine.models import HumanTask, Plan, ProcessInstance, Unit
from engine.org.demo import REGIME_START, create_role_users, load_units
from engine.org.recipients import DEFAULT_LINES
from engine.org.unit_data import fetch_three_level_wheel, three_level_units
from engine.org.units import get_user
from engine.plans.lifecycle import start_plan

TARGET = 2.0
FLOOR_SAMPLE = 600  # floor plans (and receipts) per level, sampled between the engine's; scaled to the counts
TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"
APPROVE = {"decision": "approve"}
# Who opens each user task of plan_lifecycle.bpmn, and what they submit.
ACTIONS = {
    "receive_parent_plan": ("clerk", {}),
    "draft_plan": ("officer", {"title": TITLE}),
    "review_draft": ("head", APPROVE),
    "approve_and_sign": ("chair", APPROVE),
    "register_and_issue": ("clerk", {}),
}


@dataclass(frozen=True)
class OpenPlan:
    plan_id: int
    instance_id: int
    unit_code: str


@dataclass
class LevelResult:
    level: str
    plans: int
    completions: int
    receipts: int  # receipt instances the level's distributions created
    engine: Samples  # the level's wall and CPU time, the floor's samples taken out
    floor: Samples  # SpiffWorkflow alone for the same plans and receipts, scaled from the samples


@dataclass
class FloorSamples:
    """SpiffWorkflow alone, one plan and one receipt at a time, taken between the engine's plans."""

    plan: Samples = field(default_factory=Samples)
    receipt: Samples = field(default_factory=Samples)

    @property
    def spent(self) -> Samples:
        both = self.plan + self.receipt
        return Samples([sum(both.wall)], [sum(both.cpu)])

    def scaled(self, plans: int, receipts: int) -> Samples:
        """The floor for this many plans and receipts: each sample's mean times the count."""
        def total(samples: list[float], count: int) -> float:
            return statistics.fmean(samples) * count if samples else 0.0
        return Samples([total(self.plan.wall, plans) + total(self.receipt.wall, receipts)],
                       [total(self.plan.cpu, plans) + total(self.receipt.cpu, receipts)])


def load_tree(planflow: Planflow, communes_per_district: int | None, loader: str) -> tuple[int, float]:
    seeds = capped(three_level_units(fetch_three_level_wheel(CACHE_DIR)), communes_per_district)
    began = perf_counter()
    with planflow.unit_of_work() as ctx:
        if loader == "bulk":
            bulk_load(ctx.session, seeds, REGIME_START[3], "bench-no-login")
        else:
            create_role_users(ctx.session, load_units(ctx.session, seeds, REGIME_START[3]).values(), "bench-no-login")
    return len(seeds), perf_counter() - began


# What the user's inbox row gives: the ready task of the instance (built once, like the engine's statements).
_TASKS = HumanTask.__table__
READY_TASK = select(_TASKS.c.id, _TASKS.c.bpmn_id).where(
    _TASKS.c.instance_id == bindparam("instance_id"), _TASKS.c.status == "ready")


def act(planflow: Planflow, plan: OpenPlan) -> str:
    """One user action: open the plan's ready task as its role holder and complete it; return its BPMN id."""
    with planflow.unit_of_work() as ctx:
        task_id, bpmn_id = ctx.session.connection().execute(READY_TASK, {"instance_id": plan.instance_id}).one()
        role, data = ACTIONS[bpmn_id]
        complete_task(ctx, get_user(ctx.session, f"{role}.{plan.unit_code}"), task_id, data)
        return bpmn_id


def drive_to_issue(planflow: Planflow, plan: OpenPlan) -> int:
    completions = 0
    while True:
        completions += 1
        if act(planflow, plan) == "register_and_issue":
            return completions


def plans_at(planflow: Planflow, level: str) -> list[OpenPlan]:
    with planflow.sessions() as session:
        rows = session.execute(
            select(Plan.id, ProcessInstance.id, Unit.code).join(Unit, Unit.id == Plan.unit_id)
            .join(ProcessInstance, ProcessInstance.plan_id == Plan.id)
            .where(Unit.level == level, ProcessInstance.process_id == "plan_lifecycle").order_by(Plan.id)
        ).all()
    return [OpenPlan(*row) for row in rows]


def cascade(planflow: Planflow) -> list[LevelResult]:
    """Start the plan at BNV and drive each level's plans to issue, level after level.

    Between the engine's plans of a level, every `stride`-th one, SpiffWorkflow alone runs one plan
    of the same level and starts one receipt: engine and floor are measured on the same machine
    state (a floor measured apart moved by 20% between runs, more than the engine's own changes).
    """
    sampler = FloorSampler(planflow)
    results = []
    for level in LEVEL_ORDER:
        began, receipts_before = perf_counter(), receipt_count(planflow)
        samples = FloorSamples()
        with Stopwatch() as watch:
            if level == "central":
                with planflow.unit_of_work() as ctx:
                    start_plan(ctx, "BNV", get_user(ctx.session, "officer.BNV"), title=TITLE)
            plans = plans_at(planflow, level)
            stride = max(1, len(plans) // FLOOR_SAMPLE)
            completions = 0
            for done, plan in enumerate(plans, 1):
                completions += drive_to_issue(planflow, plan)
                if done % stride == 0:
                    sampler.sample(level, samples)
                if done % 2000 == 0:
                    print(f"    {level}: {done:,}/{len(plans):,} plans issued, {perf_counter() - began:,.0f} s",
                          flush=True)
        receipts = receipt_count(planflow) - receipts_before
        spent = samples.spent
        engine = Samples([watch.wall - spent.wall[0]], [watch.cpu - spent.cpu[0]])
        results.append(LevelResult(level, len(plans), completions, receipts, engine,
                                   samples.scaled(len(plans), receipts)))
        print(f"  {level:<9} {len(plans):>6,} plans issued, {completions:>7,} completions in {engine.wall[0]:8.1f} s "
              f"(CPU {engine.cpu[0]:8.1f} s), {engine.wall[0] / len(plans) * 1000:6.1f} ms per plan; floor "
              f"{results[-1].floor.wall[0]:7.1f} s from {len(samples.plan.wall)} plans and receipts", flush=True)
    return results


def receipt_count(planflow: Planflow) -> int:
    with planflow.sessions() as session:
        return session.scalar(select(func.count()).select_from(ProcessInstance)
                              .where(ProcessInstance.process_id == "document_receipt")) or 0


# --- the floor ------------------------------------------------------------------------------------


def start_data(level: str, child: bool) -> dict:
    """What engine.plans.lifecycle._new_plan puts into a plan instance at its start (plausible values)."""
    lines = DEFAULT_LINES[level] + (["UBND các huyện, thành phố;"] if level == "province" else [])
    return {"plan_id": 1, "parent_plan_id": 1 if child else None, "recipient_id": 1 if child else None,
            "unit_code": "00001", "plan_due": "2024-03-31",
            "plan_deadline": {"day": "2024-03-31", "inclusive": False, "text": None},
            "reminder_at": "2024-03-28T08:00:00",
            "overdue_at": "2024-03-31T08:00:00", "title": "", "recipients": lines}


class FloorSampler:
    """Runs the floor's plans and receipts on the specs the engine uses, with the engine's clock."""

    def __init__(self, planflow: Planflow):
        with planflow.sessions() as session:
            self.plan_spec = planflow.specs.get(require_latest(session, "plan_lifecycle"))
            self.receipt_spec = planflow.specs.get(require_latest(session, "document_receipt"))
        self.clock = planflow.clock  # timers as far in the future as for the engine

    def sample(self, level: str, into: FloorSamples) -> None:
        with using_clock(self.clock):
            with Stopwatch() as plan:
                floor.drive_to_end(*self.plan_spec, start_data(level, level != "central"), _data_for)
            with Stopwatch() as receipt:
                floor.start(*self.receipt_spec, {"recipient_id": 1, "plan_id": 1})
        into.plan.add(plan)
        into.receipt.add(receipt)


def _data_for(bpmn_id: str) -> dict | None:
    return ACTIONS[bpmn_id][1] if bpmn_id in ACTIONS else None


# --- the report -----------------------------------------------------------------------------------


def counts(planflow: Planflow) -> tuple[Counter, int, int]:
    with planflow.sessions() as session:
        instances = Counter(dict(session.execute(
            select(ProcessInstance.process_id, func.count()).group_by(ProcessInstance.process_id)).tuples().all()))
        issued = session.scalar(select(func.count()).select_from(Plan).where(Plan.status == "issued"))
        open_tasks = session.scalar(select(func.count()).select_from(HumanTask).where(HumanTask.status == "ready"))
    return instances, issued, open_tasks


def run(url: str | None, communes_per_district: int | None, loader: str = "bulk") -> None:
    cap = "all communes" if communes_per_district is None else f"{communes_per_district} communes per district"
    heading(f"(b) cascade one plan through the national 3-level tree ({cap})")
    database = fresh_database("cascade", url)
    planflow = new_planflow(database)
    units, load_seconds = load_tree(planflow, communes_per_district, loader)
    print(f"  organisation: {units:,} committees, {units:,} focal agencies, {5 * units:,} users, loaded in "
          f"{load_seconds:.1f} s ({loader} loader; not counted below); clock {BENCH_NOW:%Y-%m-%d}", flush=True)
    levels = cascade(planflow)
    engine = sum((lv.engine for lv in levels), Samples())
    floor_total = sum((lv.floor for lv in levels), Samples())
    wall, cpu, floor_wall, floor_cpu = sum(engine.wall), sum(engine.cpu), sum(floor_total.wall), sum(floor_total.cpu)
    instances, issued, open_tasks = counts(planflow)
    completions = sum(level.completions for level in levels)
    created = sum(instances.values())
    size = database.size_bytes(planflow)
    plans = sum(lv.plans for lv in levels)
    print(f"  total {wall:,.1f} s ({wall / 60:.1f} min; CPU {cpu:,.1f} s): {plans:,} plans, "
          f"{issued:,} issued; {created:,} instances ({instances['plan_lifecycle']:,} plan_lifecycle, "
          f"{instances['document_receipt']:,} document_receipt); {completions:,} task completions", flush=True)
    print(f"  throughput: {completions / wall:,.1f} completions/s, {created / wall:,.1f} instances "
          f"created/s, {wall / completions * 1000:.1f} ms per completion (instance starts included); "
          f"{open_tasks:,} receipts left open; database {size / 1e6:,.1f} MB", flush=True)
    print(f"  floor (SpiffWorkflow alone, sampled between the engine's plans, scaled to {created:,} starts and "
          f"{completions:,} completions): {floor_wall:,.1f} s (CPU {floor_cpu:,.1f} s)", flush=True)
    for kind, engine_s, floor_s in (("wall", wall, floor_wall), ("cpu", cpu, floor_cpu)):
        print(f"  {kind:<4} engine {engine_s:,.1f} s vs floor {floor_s:,.1f} s: ratio {ratio(engine_s, floor_s)}  "
              f"target ≤ {TARGET:g}×: {verdict(engine_s / floor_s, TARGET)}", flush=True)
    planflow.db.dispose()
    remove_database(database)
