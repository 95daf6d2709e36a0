"""Where the time of a deadline day goes: one worker in this process, under cProfile, with its SQL timed by
statement, and the plans of the scheduler's listings (`python -m bench.deadline_day --profile windows`).

It runs on the templates benchmark (d) made (run the benchmark, or `--setup-only`, first) and stops after a given
number of items (each item's transaction starts with its claim, `FOR UPDATE SKIP LOCKED`): the cost per item is
what it reports.
"""

from __future__ import annotations

import cProfile
import re
from collections import defaultdict
from dataclasses import dataclass, field
from threading import Event
from time import perf_counter, process_time
from typing import Any

from sqlalchemy import Engine, Select, event

from bench.profiling import report
from engine.core import Planflow
from engine.scheduler.steps import next_claim, run_due_steps

TOP_STATEMENTS = 15


@dataclass
class StatementTimes:
    """Seconds and calls per SQL statement (its text with literals and whitespace collapsed)."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def listen(self, engine: Engine) -> None:
        def before(conn: Any, _cursor: Any, _statement: str, *_args: Any) -> None:
            conn.info.setdefault("began", []).append(perf_counter())

        def after(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            key = _shape(statement)
            self.seconds[key] += perf_counter() - conn.info["began"].pop()
            self.calls[key] += 1

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)

    def report(self, items: int, wall: float) -> None:
        total = sum(self.seconds.values())
        print(f"  SQL: {sum(self.calls.values()) / items:.1f} statements and {total / items * 1000:.2f} ms per item "
              f"({total / wall:.0%} of the wall time, round trips included); the top {TOP_STATEMENTS} by time:")
        for key in sorted(self.seconds, key=self.seconds.__getitem__, reverse=True)[:TOP_STATEMENTS]:
            print(f"    {self.seconds[key] / items * 1000:6.2f} ms/item  {self.calls[key] / items:5.2f}/item  "
                  f"{self.seconds[key] / self.calls[key] * 1000:6.2f} ms each  {key[:150]}")


def _shape(statement: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"%\(\w+\)s|\$\d+|'[^']*'|\b\d+\b", "?", statement)).strip()


def profile_pass(planflow: Planflow, limit: int) -> None:
    """One pass of the day's work under the profiler, stopped after `limit` items were claimed."""
    times = StatementTimes()
    times.listen(planflow.db)
    stop, claimed = Event(), [0]

    def claims(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "SKIP LOCKED" in statement:
            claimed[0] += 1
            if claimed[0] >= limit:
                stop.set()  # the pass ends after the item in hand

    event.listen(planflow.db, "before_cursor_execute", claims)
    profile = cProfile.Profile(process_time)  # CPU time: on a shared machine, waiting is not this process's cost
    began = perf_counter()
    profile.enable()
    done = run_due_steps(planflow, stop=stop)
    profile.disable()
    wall = perf_counter() - began
    items = done.opened + done.fired
    print(f"  profiled pass: {done.counts()} in {wall:.1f} s under the profiler ({wall / max(items, 1) * 1000:.1f} ms "
          "per item); the profile counts this process's CPU time, not its waits", flush=True)
    if items:
        report(profile, items, top=20)
        times.report(items, wall)


def explain(planflow: Planflow, listing: Select) -> None:
    """EXPLAIN ANALYZE of a listing's first claim, as the scheduler runs it (its parameters bound)."""
    compiled = next_claim(listing, 0).compile(planflow.db, compile_kwargs={"render_postcompile": True})
    with planflow.db.connect() as connection:
        for (line,) in connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}", compiled.params):
            print(f"    {line}")
