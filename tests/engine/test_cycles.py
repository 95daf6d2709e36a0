"""A return loop drawn with gateways (as other tools draw it) stays as flat as the product's looped sub-processes:
the stored state and the tasks at round 50 are those of round 1, each round's work stays in the audit trail, and
the process goes exactly where it would have gone with every round kept."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

from engine.bpmn import loops
from engine.bpmn.deployment import deploy, parse_specs
from engine.bpmn.internals import install_timer_clock
from engine.bpmn.persistence import dump, load
from engine.bpmn.runtime import start_instance
from engine.bpmn.scripting import SafeWorkflow
from engine.clock import Clock, using_clock
from engine.models import AuditEntry, ProcessInstance
from engine.org.units import get_unit, get_user

BENCH_WORKFLOWS = Path(__file__).resolve().parents[2] / "bench" / "workflows"
LOOP_FILE = BENCH_WORKFLOWS / "return_loop_gateway.bpmn"
PROCESS = "tra_loi_vong_cong"
SUBPROCESS_FILE, SUBPROCESS = BENCH_WORKFLOWS / "return_loop_subprocess.bpmn", "tra_loi_vong_lap"  # bench (f)
DRAFT, LEGAL, REVIEW = "Soạn văn bản trả lời", "Rà soát pháp lý", "Xem xét văn bản trả lời"


@pytest.fixture
def loop_instance(demo3) -> int:
    with demo3.unit_of_work() as ctx:
        deploy(ctx.session, LOOP_FILE.read_bytes(), LOOP_FILE.name, "designer.30", demo3.handlers.operations,
               ctx.now())
        ctx.actor = get_user(ctx.session, "officer.298")
        remind_at = (ctx.now() + timedelta(days=3)).isoformat()
        return start_instance(ctx, PROCESS, get_unit(ctx.session, "298", ctx.clock.today()),
                              {"remind_at": remind_at}).id


def one_round(driver, number: int, decision: str = "return") -> None:
    driver.act("officer.298", DRAFT, {"reply": f"Dự thảo trả lời lần {number:03d}"})
    driver.act("officer.298", LEGAL, {"legal_note": f"Đã rà soát lần {number:03d}"})
    driver.act("head.298", REVIEW, {"decision": decision, "comment": f"Ý kiến lần {number:03d}"})


def stored_state(planflow, instance_id: int) -> dict:
    with planflow.unit_of_work() as ctx:
        return json.loads(ctx.session.get(ProcessInstance, instance_id).state)


def test_the_state_at_round_50_is_the_state_at_round_1(demo3, driver, loop_instance) -> None:
    one_round(driver, 1)
    first = stored_state(demo3, loop_instance)
    for number in range(2, 51):
        one_round(driver, number)
    fiftieth = stored_state(demo3, loop_instance)

    assert len(fiftieth["tasks"]) == len(first["tasks"])
    # Same texts of the same lengths each round: only the digits of times and ids may differ.
    assert abs(len(json.dumps(fiftieth)) - len(json.dumps(first))) < len(json.dumps(first)) / 100
    assert [t["name"] for t in driver.tasks("officer.298")] == [DRAFT]


def test_every_round_stays_in_the_audit_trail_and_the_last_approval_ends_the_process(demo3, driver,
                                                                                     loop_instance) -> None:
    for number in range(1, 6):
        one_round(driver, number)
    one_round(driver, 6, decision="approve")

    with demo3.unit_of_work() as ctx:
        entries = ctx.session.scalars(select(AuditEntry).where(
            AuditEntry.instance_id == loop_instance, AuditEntry.action == "complete").order_by(AuditEntry.id)).all()
        instance = ctx.session.get(ProcessInstance, loop_instance)
        assert instance.status == "completed"
    replies = [e.details["data"]["reply"] for e in entries if e.task_name == DRAFT]
    assert replies == [f"Dự thảo trả lời lần {n:03d}" for n in range(1, 7)]
    assert [e.details["data"]["decision"] for e in entries if e.task_name == REVIEW] == ["return"] * 5 + ["approve"]
    assert driver.tasks("officer.298") == [] and driver.tasks("head.298") == []


def test_a_reminder_fired_in_an_earlier_round_does_not_stop_the_rounds_from_being_dropped(demo3, driver, clock,
                                                                                         loop_instance) -> None:
    one_round(driver, 1)
    clock.fixed = clock.now() + timedelta(days=4)  # past remind_at, the officer drafting round 2
    assert driver.run_due() == 1
    one_round(driver, 2)
    after_reminder = stored_state(demo3, loop_instance)
    for number in range(3, 21):
        one_round(driver, number)

    assert len(stored_state(demo3, loop_instance)["tasks"]) == len(after_reminder["tasks"])
    one_round(driver, 21, decision="approve")
    with demo3.unit_of_work() as ctx:
        assert ctx.session.get(ProcessInstance, loop_instance).status == "completed"


# --- the same path with and without the rounds dropped (SpiffWorkflow alone, saved and reloaded at each step) ----


class LoopRun:
    def __init__(self, prune: bool, file: Path = LOOP_FILE, process_id: str = PROCESS):
        install_timer_clock()
        self.prune, self.clock = prune, Clock(datetime(2024, 3, 1, 8))
        self.file, self.process_id = file, process_id
        self.workflow = SafeWorkflow(*self._specs())
        for task in self.workflow.get_tasks(state=TaskState.READY):
            task.data.update({"remind_at": "2024-03-04T08:00:00"})
        self.offered: list[list[str]] = []
        self._advance()

    def _specs(self) -> tuple:
        return parse_specs(self.file.read_bytes(), self.file.name, self.process_id)

    def _advance(self) -> None:
        with using_clock(self.clock):
            self.workflow.do_engine_steps()
        if self.prune:
            loops.prune_finished_rounds(self.workflow)
        self.workflow = load(dump(self.workflow), *self._specs())
        self.offered.append(sorted(t.task_spec.bpmn_id for t in self.workflow.get_tasks(state=TaskState.READY,
                                                                                         manual=True)))

    def complete(self, bpmn_id: str, data: dict) -> None:
        task = next(t for t in self.workflow.get_tasks(state=TaskState.READY, manual=True)
                    if t.task_spec.bpmn_id == bpmn_id)
        task.data.update(data)
        with using_clock(self.clock):
            task.run()
        self._advance()

    def move_clock(self, moment: datetime) -> None:
        self.clock.fixed = moment
        with using_clock(self.clock):
            self.workflow.refresh_timers()
        self._advance()


def drive(run: LoopRun, rounds: int) -> LoopRun:
    for number in range(1, rounds + 1):
        run.complete("draft_reply", {"reply": f"Lần {number}", f"only_in_round_{number}": number})
        if number == 2:
            run.move_clock(datetime(2024, 3, 5, 8))  # the reminder fires while round 2 is being drafted
        run.complete("legal_check", {"legal_note": f"Rà soát {number}"})
        run.complete("review_reply", {"decision": "approve" if number == rounds else "return"})
    return run


def test_dropping_finished_rounds_changes_nothing_the_process_does() -> None:
    kept, pruned = drive(LoopRun(prune=False), 12), drive(LoopRun(prune=True), 12)

    assert pruned.offered == kept.offered
    assert pruned.workflow.is_completed() and kept.workflow.is_completed()
    assert pruned.workflow.data == kept.workflow.data
    assert pruned.workflow.data["reminded"] is True
    assert len(pruned.workflow.tasks) < len(kept.workflow.tasks) / 5


def test_the_same_steps_drawn_as_a_looped_sub_process_offer_the_same_tasks_round_after_round() -> None:
    gateway, looped = drive(LoopRun(prune=True), 12), drive(LoopRun(True, SUBPROCESS_FILE, SUBPROCESS), 12)

    assert looped.offered == gateway.offered
    assert looped.workflow.is_completed()
    assert looped.workflow.data["reply"] == gateway.workflow.data["reply"] == "Lần 12"


def test_a_looped_sub_process_keeps_no_trace_of_its_finished_rounds_but_their_count() -> None:
    looped = LoopRun(True, SUBPROCESS_FILE, SUBPROCESS)
    sizes = []
    for number in range(1, 51):
        for bpmn_id, data in (("draft_reply", {"reply": f"Lần {number:02d}"}), ("legal_check", {}),
                              ("review_reply", {"decision": "return"})):
            looped.complete(bpmn_id, data)
        sizes.append(len(dump(looped.workflow)))

    assert sizes[-1] - sizes[0] < 49 * 4  # a few characters a round: the count of rounds, no task ids
