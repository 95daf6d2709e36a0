"""(f) A return loop at round 50 against round 1, for both ways of drawing it (issue 17):
`python -m bench.loops [--rounds 50] [--database-url URL]`.

The same steps — the officer drafts a reply (reminded by a timer), the head reviews it beside a legal check (a
parallel split and join) and returns it — drawn as a gateway flowing back to the draft (bench/workflows/
return_loop_gateway.bpmn, as other tools draw it) and as a looped sub-process (return_loop_subprocess.bpmn, the
product's way). Each is driven through the engine's API, one unit of work per completion as a user's request does,
the workflow kept in memory between steps as in the web application (warm) and, in a second series, loaded from
the database at every step as a CLI call does (cold). Printed per shape: the stored state and its task count after
round 1 and after the last round, and the median completion (wall and this process's CPU time) of the first
five and the last five rounds. The
gateway shape also runs with the dropping of finished rounds switched off, which is how it behaved before: the
comparison the target is about. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bench.common import Stopwatch, fresh_database, heading, median, ms, new_planflow, remove_database
from engine.bpmn import loops
from engine.bpmn.deployment import deploy
from engine.bpmn.runtime import complete_task, start_instance
from engine.bpmn.warm import WarmWorkflows
from engine.core import Planflow
from engine.models import HumanTask, ProcessInstance
from engine.org.demo import load_demo
from engine.org.units import get_unit, get_user

WORKFLOWS = Path(__file__).resolve().parent / "workflows"
SHAPES = (("gateway back to the draft", "return_loop_gateway.bpmn", "tra_loi_vong_cong"),
          ("looped sub-process", "return_loop_subprocess.bpmn", "tra_loi_vong_lap"))
UNIT = "298"
STEPS = (("officer", "draft_reply", {"reply": "Dự thảo văn bản trả lời kiến nghị của cử tri xã Tân Kỳ."}),
         ("officer", "legal_check", {"legal_note": "Đúng thẩm quyền, đúng thể thức."}),
         ("head", "review_reply", {"decision": "return", "comment": "Bổ sung căn cứ pháp lý."}))
EDGE = 5  # rounds at each end whose completions are compared


@dataclass
class Run:
    label: str
    sizes: list[tuple[int, int]] = field(default_factory=list)  # (bytes, tasks) after each round
    steps: list[list[Stopwatch]] = field(default_factory=list)  # each round's completions

    def row(self) -> str:
        (first_bytes, first_tasks), (last_bytes, last_tasks) = self.sizes[0], self.sizes[-1]
        line = (f"    {self.label}\n      state {first_bytes / 1024:5.1f} KB, {first_tasks:3d} tasks → "
                f"{last_bytes / 1024:5.1f} KB, {last_tasks:3d} tasks ({last_bytes / first_bytes:4.2f}×)")
        for kind in ("wall", "cpu"):
            early = median([getattr(w, kind) for round_ in self.steps[:EDGE] for w in round_])
            late = median([getattr(w, kind) for round_ in self.steps[-EDGE:] for w in round_])
            line += f" | {kind} {ms(early)} → {ms(late)} ({late / early:4.2f}×)"
        return line


def start(planflow: Planflow, filename: str, process_id: str) -> int:
    with planflow.unit_of_work() as ctx:
        deploy(ctx.session, (WORKFLOWS / filename).read_bytes(), filename, "designer.30",
               planflow.handlers.operations, ctx.now())
        ctx.actor = get_user(ctx.session, f"officer.{UNIT}")
        data = {"remind_at": (ctx.now() + timedelta(days=30)).isoformat()}
        return start_instance(ctx, process_id, get_unit(ctx.session, UNIT, ctx.clock.today()), data).id


def ready_task(planflow: Planflow, instance_id: int, bpmn_id: str) -> str:
    with planflow.sessions() as session:
        return session.scalars(select(HumanTask.id).where(
            HumanTask.instance_id == instance_id, HumanTask.bpmn_id == bpmn_id, HumanTask.status == "ready")).one()


def stored(planflow: Planflow, instance_id: int) -> tuple[int, int]:
    with planflow.sessions() as session:
        state = session.scalar(select(ProcessInstance.state).where(ProcessInstance.id == instance_id))
    return len(state.encode()), len(json.loads(state)["tasks"])


def drive(planflow: Planflow, run: Run, instance_id: int, rounds: int) -> Run:
    for _ in range(rounds):
        watches = []
        for role, bpmn_id, data in STEPS:
            task_id = ready_task(planflow, instance_id, bpmn_id)
            with Stopwatch() as watch, planflow.unit_of_work() as ctx:
                complete_task(ctx, get_user(ctx.session, f"{role}.{UNIT}"), task_id, data)
            watches.append(watch)
        run.steps.append(watches)
        run.sizes.append(stored(planflow, instance_id))
    return run


@contextmanager
def rounds_kept() -> Iterator[None]:
    """The gateway loop as it ran before: finished rounds of a cycle left in the tree."""
    prune = loops._prune_cycles
    loops._prune_cycles = lambda workflow: 0  # type: ignore[assignment]
    try:
        yield
    finally:
        loops._prune_cycles = prune


def run(url: str | None, rounds: int) -> None:
    database = fresh_database("loops", url)
    planflow = new_planflow(database)
    with planflow.unit_of_work() as ctx:
        load_demo(ctx.session, 3)
    for kind, warm in (("warm", None), ("cold", WarmWorkflows(0))):
        heading(f"(f) a return loop, round 1 against round {rounds}, {kind} completions "
                f"({planflow.db.dialect.name}; median of rounds 1–{EDGE} and {rounds - EDGE + 1}–{rounds})")
        kept, planflow.warm = planflow.warm, warm or planflow.warm
        try:
            for label, filename, process_id in SHAPES:
                print(drive(planflow, Run(label), start(planflow, filename, process_id), rounds).row(), flush=True)
            with rounds_kept():
                label, filename, process_id = SHAPES[0]
                before = Run(f"{label}, finished rounds kept (before)")
                print(drive(planflow, before, start(planflow, filename, process_id), rounds).row(), flush=True)
        finally:
            planflow.warm = kept
    planflow.db.dispose()
    remove_database(database)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.loops", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--database-url", help="a PostgreSQL URL (its planflow tables are DROPPED and recreated); "
                        "default: a fresh SQLite file in a temp dir")
    args = parser.parse_args(argv)
    run(args.database_url, args.rounds)


if __name__ == "__main__":
    main()
