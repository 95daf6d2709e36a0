"""(d) A national deadline day on PostgreSQL: the scheduler's workers open every commune's report window, then
fire every commune's first reminder, with 1 and with 2 worker processes, while an officer submits report drafts.

`python -m bench.deadline_day --database-url URL [--tree 3|2] [--provinces N] [--workers 1 2] [--reuse-setup]`
(or `python -m bench.run --only d`). The database named by the URL is DROPPED and recreated for every run, from
templates made once beside it (`<name>__t3_all_issued`, `<name>__t3_all_opened`, …; `--reuse-setup` keeps them
between invocations): each run starts from the same rows, so each does the same work.

Setup (timed, not part of the figures): the tree loaded in bulk (bench/org_loader.py), then one plan cascaded
from the central body to every commune through the engine, as benchmark (b) drives it: each issue schedules the
reports its requirements ask of the level below (a commune's six-month report to its district, …).

The days: the clock is set to the day the communes' report windows open (their `opens_on`), then to the first
reminder of those reports (7 days before the first late day, 08:00: the earliest timer). Workers are separate
processes ("spawn") running `run_due_steps` until a pass does nothing; a separate process completes one
officer's report draft after another on the instances the workers are reaching, and keeps each completion's time.
Each run is checked afterwards: every window opened once, every reminder fired once.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time
from time import perf_counter
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bench import deadline_actors, deadline_profile
from bench.cascade import drive_to_issue, plans_at
from bench.common import BENCH_NOW, CACHE_DIR, heading, load_average, verdict
from bench.deadline_actors import UserResult, WorkerResult
from bench.org_loader import LEVEL_ORDER, bulk_load
from engine.bpmn.timers import DUE_INSTANCES
from engine.clock import Clock
from engine.core import Planflow
from engine.models import Notification, Obligation, Plan, ProcessInstance, Timer, Unit
from engine.org.demo import REGIME_START
from engine.org.unit_data import PROVINCE, UnitSeed, fetch_three_level_wheel, three_level_units, two_level_units
from engine.org.units import get_user
from engine.plans.lifecycle import start_plan
from engine.reporting.obligations import DUE_OBLIGATIONS, REPORT_PROCESS_ID

TARGET_SECONDS = 120.0  # the 3-level day with 2 workers
TARGET_MEMORY = 1.2  # peak RSS of a worker, whole country against one province
TARGET_WAIT = 1.0  # the longest a user's completion may take while the workers run
# When each tree's plan is written: the 3-level tree as in the other benchmarks, the 2-level one after July 2025.
SETUP_NOW = {3: BENCH_NOW, 2: datetime(2026, 3, 1, 8, 0)}
TITLE = "Kế hoạch công tác dân vận chính quyền"
RESULT_TIMEOUT = 3 * 3600  # seconds a run may take before the parent gives up on its processes


# --- the tree and its databases -------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    tree: int  # 3: tỉnh-huyện-xã (2024), 2: tỉnh-xã (2026)
    provinces: int | None  # the first N provinces and everything under them; None: the whole country

    @property
    def label(self) -> str:
        where = "whole country" if self.provinces is None else f"{self.provinces} province(s)"
        return f"{self.tree}-level tree, {where}"

    def template(self, base: str, stage: str) -> str:
        return f"{base}__t{self.tree}_{'all' if self.provinces is None else f'p{self.provinces}'}_{stage}"


def tree_seeds(scale: Scale) -> list[UnitSeed]:
    seeds = three_level_units(fetch_three_level_wheel(CACHE_DIR)) if scale.tree == 3 else two_level_units()
    if scale.provinces is None:
        return seeds
    provinces = [s.code for s in seeds if s.level == PROVINCE][:scale.provinces]
    kept = set(provinces)
    result = []
    for seed in seeds:  # parents come before their children
        if seed.parent_code is None or seed.code in kept or (seed.level != PROVINCE and seed.parent_code in kept):
            kept.add(seed.code)
            result.append(seed)
    return result


class Databases:
    """The run's database (the URL's) and its templates, made and copied on the same PostgreSQL server."""

    def __init__(self, url: str):
        self.url = make_url(url)
        if not self.url.drivername.startswith("postgresql"):
            raise SystemExit("benchmark (d) runs on PostgreSQL: give --database-url postgresql+psycopg://…")
        self.name = str(self.url.database)
        self.admin = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT",
                                   poolclass=NullPool)

    def exists(self, name: str) -> bool:
        with self.admin.connect() as connection:
            return connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                      {"name": name}).first() is not None

    def recreate(self, name: str, template: str | None = None) -> None:
        """Drop the database (its connections too) and create it empty, or as a copy of `template`."""
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            copy = f' TEMPLATE "{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))

    def run_from(self, template: str) -> None:
        self.recreate(self.name, template)

    def keep_as(self, template: str) -> None:
        """Copy the run's database (no one connected) into a template."""
        self.recreate(template, self.name)

    def url_text(self) -> str:
        return self.url.render_as_string(hide_password=False)

    def size_mb(self) -> float:
        with self.admin.connect() as connection:
            return float(connection.execute(text("SELECT pg_database_size(:name)"), {"name": self.name}).scalar_one()
                         ) / 1e6


@contextmanager
def engine_at(databases: Databases, moment: datetime) -> Iterator[Planflow]:
    planflow = Planflow(databases.url_text(), clock=Clock(moment))
    try:
        yield planflow
    finally:
        planflow.db.dispose()


# --- setup: the tree and the cascade --------------------------------------------------------------


def build(databases: Databases, scale: Scale) -> None:
    """The tree in bulk, then one plan cascaded through it by the engine; kept as the 'issued' template."""
    databases.recreate(databases.name)
    began = perf_counter()
    with engine_at(databases, SETUP_NOW[scale.tree]) as planflow:
        planflow.init()
        seeds = tree_seeds(scale)
        with planflow.unit_of_work() as ctx:
            bulk_load(ctx.session, seeds, REGIME_START[scale.tree], "bench-no-login")
        print(f"  setup: {len(seeds):,} committees loaded in {perf_counter() - began:.1f} s", flush=True)
        with planflow.unit_of_work() as ctx:
            start_plan(ctx, "BNV", get_user(ctx.session, "officer.BNV"), title=TITLE)
        for level in LEVEL_ORDER:
            cascade_level(planflow, level, began)
    databases.keep_as(scale.template(databases.name, "issued"))
    print(f"  setup: cascade done in {perf_counter() - began:,.0f} s; database {databases.size_mb():,.0f} MB",
          flush=True)


def cascade_level(planflow: Planflow, level: str, began: float) -> None:
    plans = plans_at(planflow, level)
    for done, plan in enumerate(plans, 1):
        drive_to_issue(planflow, plan)
        if done % 1000 == 0 or done == len(plans):
            print(f"    {level}: {done:,}/{len(plans):,} plans issued, {perf_counter() - began:,.0f} s", flush=True)


def describe_obligations(databases: Databases, scale: Scale) -> None:
    """What the cascade scheduled: obligations by reporting level, kind and opening day."""
    with engine_at(databases, SETUP_NOW[scale.tree]) as planflow, planflow.sessions() as session:
        rows = session.execute(
            select(Unit.level, Obligation.kind, Obligation.opens_on, func.count())
            .join(Unit, Unit.id == Obligation.reporting_unit_id)
            .group_by(Unit.level, Obligation.kind, Obligation.opens_on).order_by(Obligation.opens_on)).all()
        plans = session.scalar(select(func.count()).select_from(Plan).where(Plan.status == "issued"))
        instances = session.scalar(select(func.count()).select_from(ProcessInstance))
    print(f"  state: {plans:,} plans issued, {instances:,} instances; obligations scheduled: "
          + "; ".join(f"{level} {kind} {count:,} opening {opens:%d/%m}" for level, kind, opens, count in rows),
          flush=True)


# --- the days -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    name: str  # windows | reminders
    moment: datetime
    due: int  # items due: scheduled obligations whose window started, or instances with a due timer
    what: str


def window_day(planflow: Planflow) -> Day:
    """The day the communes' six-month report windows open, 08:00."""
    with planflow.sessions() as session:
        opens = session.scalar(select(func.min(Obligation.opens_on)).join(Unit, Unit.id == Obligation.reporting_unit_id)
                               .where(Unit.level == "commune", Obligation.kind == "six_month"))
        if opens is None:
            raise SystemExit("the cascade scheduled no commune six-month report")
        due = session.scalar(select(func.count()).select_from(Obligation).where(
            Obligation.status == "scheduled", Obligation.opens_on <= opens))
    return Day("windows", datetime.combine(opens, time(8, 0)), due or 0, "report windows")


def reminder_day(planflow: Planflow) -> Day:
    """The first reminder of the reports opened: their earliest timer."""
    with planflow.sessions() as session:
        first = session.scalar(select(func.min(Timer.due_at)))
        if first is None:
            raise SystemExit("no report has a timer: did the window day open them?")
        due = session.scalar(select(func.count(Timer.instance_id.distinct())).where(Timer.due_at <= first))
    return Day("reminders", first, due or 0, "reminders")


@dataclass
class Run:
    scale: Scale
    day: Day
    workers: list[WorkerResult]
    user: UserResult
    seconds: float
    checks: list[str]

    @property
    def items(self) -> int:
        key = "opened" if self.day.name == "windows" else "fired"
        return sum(w.counts.get(key, 0) for w in self.workers)

    @property
    def cpu_per_item(self) -> float:
        return sum(w.cpu_seconds + w.database_cpu_seconds for w in self.workers) / max(self.items, 1)

    @property
    def peak_rss(self) -> float:
        return max(w.peak_rss_mb for w in self.workers)


def run_day(databases: Databases, scale: Scale, day: Day, workers: int) -> Run:
    """Start the workers and the user, let the workers run the day, collect what each reports."""
    context = multiprocessing.get_context("spawn")
    go, workers_done, results = context.Event(), context.Event(), context.Queue()
    url = databases.url_text()
    processes = [context.Process(target=deadline_actors.worker, args=(url, day.moment, i, go, results))
                 for i in range(workers)]
    processes.append(context.Process(target=deadline_actors.user,
                                     args=(url, day.moment, day.name, go, workers_done, results)))
    for process in processes:
        process.start()
    _collect(results, "ready", len(processes))
    began = perf_counter()
    go.set()
    done = _collect(results, "done", workers)
    seconds = perf_counter() - began
    workers_done.set()
    user_result = _collect(results, "done", 1)[-1]
    for process in processes:
        process.join()
    return Run(scale, day, sorted(done.values(), key=lambda w: w.index), user_result, seconds,
               check(databases, day))


def _collect(results: Any, kind: str, count: int) -> dict[int, Any]:
    got: dict[int, Any] = {}
    while len(got) < count:
        what, index, value = results.get(timeout=RESULT_TIMEOUT)
        if what == "error":
            raise SystemExit(f"process {index} failed:\n{value}")
        if what != kind:
            raise SystemExit(f"process {index} said {what!r}, expected {kind!r}")
        got[index] = value
    return got


def check(databases: Databases, day: Day) -> list[str]:
    """Every item done once: each window opened by one report, each reminder sent once to each recipient."""
    problems = []
    with engine_at(databases, day.moment) as planflow, planflow.sessions() as session:
        if day.name == "windows":
            reports = session.scalar(select(func.count()).select_from(ProcessInstance)
                                     .where(ProcessInstance.process_id == REPORT_PROCESS_ID))
            opened = session.scalar(select(func.count()).select_from(Obligation)
                                    .where(Obligation.instance_id.is_not(None)))
            if reports != opened:
                problems.append(f"{reports:,} report instances for {opened:,} opened obligations")
            still = session.scalar(select(func.count()).select_from(Obligation).join(
                Unit, Unit.id == Obligation.reporting_unit_id).where(
                Obligation.status == "scheduled", Obligation.opens_on <= day.moment.date(), Unit.level == "commune"))
            if still:
                problems.append(f"{still:,} commune windows due and not opened")
        else:
            left = session.scalar(select(func.count()).select_from(Timer).where(Timer.due_at <= day.moment))
            if left:
                problems.append(f"{left:,} timers due and not fired")
            reminded = session.scalar(select(func.count(Notification.obligation_id.distinct()))
                                      .where(Notification.kind == "reminder"))
            if reminded != day.due:  # a user's step left its due reminder READY: see docs/benchmarks.md (d)
                problems.append(f"only {reminded:,} of the {day.due:,} reports due a reminder were reminded")
            twice = session.scalar(select(func.count()).select_from(
                select(Notification.user_id).where(Notification.kind == "reminder")
                .group_by(Notification.user_id, Notification.obligation_id).having(func.count() > 1).subquery()))
            if twice:
                problems.append(f"{twice:,} users reminded twice of the same report")
    return problems


# --- printing -------------------------------------------------------------------------------------


def print_run(run: Run) -> None:
    items, workers = run.items, len(run.workers)
    totals = {key: sum(w.counts.get(key, 0) for w in run.workers) for key in ("opened", "fired", "skipped")}
    statements = sum(w.statements for w in run.workers)
    by_user = run.day.due - items if run.day.name == "reminders" else 0
    print(f"  {run.day.name:<9} {workers} worker(s): {items:,} {run.day.what} of {run.day.due:,} due in "
          f"{run.seconds:,.1f} s = {items / run.seconds:,.1f}/s, {run.seconds / items * 1000 * workers:.1f} ms per "
          f"item per worker; CPU {run.cpu_per_item * 1000:.1f} ms per item (worker + PostgreSQL); "
          f"{statements / max(items, 1):.1f} SQL statements per item; {totals}"
          + (f"; {by_user} fired inside the user's completions (their instance's step fires what is due)"
             if by_user else ""), flush=True)
    for w in run.workers:
        print(f"      worker {w.index}: {w.seconds:,.1f} s (CPU {w.cpu_seconds:,.1f} s, its PostgreSQL server "
              f"{w.database_cpu_seconds:,.1f} s), {w.passes} passes, "
              f"{w.counts}, peak RSS {w.peak_rss_mb:,.0f} MB (ready {w.ready_rss_mb:,.0f} MB)", flush=True)
    holds = sorted(h for w in run.workers for h in w.holds)
    if holds:
        median, p99 = statistics.median(holds), holds[int(0.99 * (len(holds) - 1))]
        print(f"      an item's row locked from its claim to its commit: median {median * 1000:,.0f} ms, "
              f"p99 {p99 * 1000:,.0f} ms, longest {holds[-1] * 1000:,.0f} ms", flush=True)
    print_user(run.user)
    print(f"      check: {'each item once' if not run.checks else '; '.join(run.checks)}", flush=True)


def print_user(user: UserResult) -> None:
    def spread(values: list[float]) -> str:
        if not values:
            return "none"
        return (f"{len(values)}: median {statistics.median(values) * 1000:,.0f} ms, longest "
                f"{max(values) * 1000:,.0f} ms")
    print(f"      user's completions while the workers ran {spread(user.during)} (of which the locking read "
          f"{spread(user.locking)}); afterwards {spread(user.baseline)}; inbox reads {spread(user.inbox)}"
          + (f"; failed: {user.errors}" if user.errors else ""), flush=True)


def print_verdicts(runs: list[Run], small: list[Run]) -> None:
    print("  targets:", flush=True)
    full = [r for r in runs if r.scale.tree == 3 and r.scale.provinces is None and len(r.workers) == 2]
    for run in full:
        print(f"    3-level {run.day.name} day, 2 workers: {run.seconds:,.1f} s, target < {TARGET_SECONDS:.0f} s: "
              f"{verdict(run.seconds, TARGET_SECONDS)}", flush=True)
    if len(full) == 2:
        both = sum(r.seconds for r in full)
        print(f"    both days together: {both:,.1f} s, target < {TARGET_SECONDS:.0f} s: "
              f"{verdict(both, TARGET_SECONDS)}", flush=True)
    if not full:
        print("    (the time target is for the 3-level tree, whole country, 2 workers: not run here)", flush=True)
    longest = max((max(r.user.during, default=0.0) for r in runs + small), default=0.0)
    print(f"    longest user completion while workers ran: {longest:.2f} s, target ≤ {TARGET_WAIT:g} s: "
          f"{verdict(longest, TARGET_WAIT)}", flush=True)
    for country in runs:
        one = next((s for s in small if s.day.name == country.day.name and len(s.workers) == len(country.workers)),
                   None)
        if one is None:
            continue
        memory = country.peak_rss / one.peak_rss
        per_item = (country.seconds / country.items) / (one.seconds / one.items)
        cpu = country.cpu_per_item / one.cpu_per_item
        print(f"    {country.day.name} day, {len(country.workers)} worker(s): peak RSS {one.peak_rss:,.0f} MB "
              f"({one.scale.provinces} province, {one.items:,} items) → {country.peak_rss:,.0f} MB (country, "
              f"{country.items:,} items) = {memory:.2f}×, target ≤ {TARGET_MEMORY:g}×: {verdict(memory, TARGET_MEMORY)}"
              f"; time per item {one.seconds / one.items * 1000:.1f} → {country.seconds / country.items * 1000:.1f} ms "
              f"= {per_item:.2f}×; CPU per item (worker + PostgreSQL) {one.cpu_per_item * 1000:.1f} → "
              f"{country.cpu_per_item * 1000:.1f} ms = {cpu:.2f}×", flush=True)


# --- the whole benchmark --------------------------------------------------------------------------


def set_up(databases: Databases, scale: Scale, reuse: bool) -> None:
    issued = scale.template(databases.name, "issued")
    if reuse and databases.exists(issued):
        print(f"  setup: reusing template {issued}", flush=True)
    else:
        build(databases, scale)


def days_at(databases: Databases, scale: Scale, workers: list[int], reuse: bool) -> list[Run]:
    """Setup (or reuse) the scale's templates, then each day with each number of workers."""
    issued, opened = scale.template(databases.name, "issued"), scale.template(databases.name, "opened")
    heading(f"(d) deadline day on PostgreSQL: {scale.label}, workers {workers}")
    set_up(databases, scale, reuse)
    databases.run_from(issued)
    describe_obligations(databases, scale)
    runs = []
    made_opened = False
    for name in ("windows", "reminders"):
        for count in workers:
            if name == "reminders" and not made_opened and not (reuse and databases.exists(opened)):
                raise SystemExit("no state after the window day to start the reminder day from")
            databases.run_from(issued if name == "windows" else opened)
            with engine_at(databases, SETUP_NOW[scale.tree]) as planflow:
                day = window_day(planflow) if name == "windows" else reminder_day(planflow)
            print(f"  {load_average()}; clock {day.moment:%Y-%m-%d %H:%M}", flush=True)
            runs.append(run_day(databases, scale, day, count))
            print_run(runs[-1])
            if name == "windows" and not made_opened:
                databases.keep_as(opened)
                made_opened = True
    return runs


def run(url: str | None, tree: int = 3, provinces: int | None = None, workers: list[int] | None = None,
        compare: int = 1, reuse: bool = False, setup_only: bool = False) -> None:
    if url is None:
        print("\n== (d) deadline day: skipped (PostgreSQL only; give --database-url) ==", flush=True)
        return
    databases = Databases(url)
    workers = workers or [1, 2]
    if setup_only:
        for scale in [Scale(tree, provinces)] + ([Scale(tree, compare)] if provinces is None and compare else []):
            heading(f"(d) setup only: {scale.label}")
            set_up(databases, scale, reuse)
        return
    runs = days_at(databases, Scale(tree, provinces), workers, reuse)
    small = days_at(databases, Scale(tree, compare), workers, reuse) if provinces is None and compare else []
    heading("(d) verdicts")
    print("  the machine is shared (2 cores; other helpers, CI): every figure is noisy", flush=True)
    print_verdicts(runs, small)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.deadline_day", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL; this database is DROPPED and recreated")
    parser.add_argument("--tree", type=int, choices=(3, 2), default=3, help="3: tỉnh-huyện-xã (default), 2: tỉnh-xã")
    parser.add_argument("--provinces", type=int, default=None, metavar="N", help="only the first N provinces")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], metavar="N",
                        help="worker processes per run (default: 1 2)")
    parser.add_argument("--compare-provinces", type=int, default=1, metavar="N",
                        help="with the whole country, also run the days on N provinces for the memory and "
                             "per-item comparison (default 1; 0: skip)")
    parser.add_argument("--reuse-setup", action="store_true",
                        help="reuse the templates a previous run left instead of cascading again")
    parser.add_argument("--setup-only", action="store_true", help="build the templates and stop")
    parser.add_argument("--profile", choices=("windows", "reminders"),
                        help="instead of the runs: one worker in this process under cProfile, SQL timed per "
                             "statement, the listings' EXPLAIN ANALYZE (on the templates a run left)")
    parser.add_argument("--profile-items", type=int, default=400, metavar="N",
                        help="items the profiled pass handles before it stops (default 400)")
    return parser


def profile(url: str, scale: Scale, name: str, items: int) -> None:
    databases = Databases(url)
    template = scale.template(databases.name, "issued" if name == "windows" else "opened")
    if not databases.exists(template):
        raise SystemExit(f"no template {template}: run the benchmark (or --setup-only) first")
    heading(f"(d) profile of the {name} day: {scale.label}")
    databases.run_from(template)
    with engine_at(databases, SETUP_NOW[scale.tree]) as planflow:
        day = window_day(planflow) if name == "windows" else reminder_day(planflow)
    with engine_at(databases, day.moment) as planflow:
        listing = DUE_OBLIGATIONS.params(today=day.moment.date()) if name == "windows" else \
            DUE_INSTANCES.params(now=day.moment)
        print(f"  the {name} listing's first claim, EXPLAIN ANALYZE:")
        deadline_profile.explain(planflow, listing)
        deadline_profile.profile_pass(planflow, items)


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.profile:
        profile(args.database_url, Scale(args.tree, args.provinces), args.profile, args.profile_items)
        return
    run(args.database_url, args.tree, args.provinces, args.workers, args.compare_provinces, args.reuse_setup,
        args.setup_only)


if __name__ == "__main__":
    main()
