"""Every file in workflows/ driven step by step, the state saved and reloaded after each step.

These run SpiffWorkflow with our safe engine and spec-less persistence but no database; the
host operations are recorded instead of performed.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.deployment import parse_specs
from engine.bpmn.internals import install_timer_clock
from engine.bpmn.loops import prune_finished_rounds
from engine.bpmn.persistence import dump, load
from engine.bpmn.scripting import SafeWorkflow
from engine.clock import Clock, using_clock
from engine.reporting.scoring import decision_table, evaluate_table

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"
TESTED = {"plan_lifecycle.bpmn", "document_receipt.bpmn", "report_lifecycle.bpmn", "unit_scoring.bpmn",
          "xep_loai_dan_van.dmn"}
ROOT_PLAN = {"parent_plan_id": None, "recipient_id": None, "plan_due": "2024-03-31",
             "reminder_at": "2024-03-28T08:00:00", "overdue_at": "2024-03-31T08:00:00"}


class StepDriver:
    """Each reload parses the file again, as a new process would: nothing survives but the JSON."""

    def __init__(self, filename: str, process_id: str, data: dict, clock: Clock):
        self.source = filename, process_id
        self.clock = clock
        self.calls: list[tuple[str, dict]] = []
        self.workflow = self._bind(SafeWorkflow(*self._specs()))
        for task in self.workflow.get_tasks(state=TaskState.READY):
            task.data.update(data)
        self._advance()

    def _specs(self) -> tuple:
        filename, process_id = self.source
        return parse_specs((WORKFLOWS / filename).read_bytes(), filename, process_id)

    def _bind(self, workflow: SafeWorkflow) -> SafeWorkflow:
        workflow.script_engine.service_handler = lambda task, op, params: self.calls.append((op, params)) or {}
        return workflow

    def _advance(self) -> None:
        with using_clock(self.clock):
            self.workflow.do_engine_steps()
        prune_finished_rounds(self.workflow)  # as the runtime does before every save
        self.workflow = self._bind(load(dump(self.workflow), *self._specs()))

    def ready(self) -> list[str]:
        return [t.task_spec.bpmn_id for t in self.workflow.get_tasks(state=TaskState.READY, manual=True)]

    def complete(self, bpmn_id: str, data: dict | None = None) -> None:
        assert self.ready() == [bpmn_id]
        task = self.workflow.get_tasks(state=TaskState.READY, manual=True)[0]
        task.data.update(data or {})
        with using_clock(self.clock):
            task.run()
        self._advance()

    def move_clock(self, moment: datetime) -> None:
        self.clock.fixed = moment
        with using_clock(self.clock):
            self.workflow.refresh_timers()
        self._advance()

    def operations(self) -> list[str]:
        return [op for op, _ in self.calls]


@pytest.fixture(autouse=True)
def _timer_clock() -> None:
    install_timer_clock()


def plan_driver(data: dict | None = None) -> StepDriver:
    return StepDriver("plan_lifecycle.bpmn", "plan_lifecycle", {**ROOT_PLAN, **(data or {})},
                      Clock(datetime(2024, 3, 1, 8)))


def test_every_workflow_file_has_a_step_by_step_test() -> None:
    assert {p.name for p in WORKFLOWS.iterdir() if p.suffix in (".bpmn", ".dmn")} == TESTED


def test_a_root_plan_goes_from_draft_through_two_returns_to_issue_and_distribution() -> None:
    plan = plan_driver()
    plan.complete("draft_plan", {"title": "Kế hoạch năm 2024"})
    plan.complete("review_draft", {"decision": "return", "comment": "Bổ sung"})
    plan.complete("draft_plan", {"title": "Kế hoạch năm 2024 (sửa)"})
    plan.complete("review_draft", {"decision": "approve"})
    plan.complete("approve_and_sign", {"decision": "return", "comment": "Chưa rõ hạn"})
    plan.complete("draft_plan", {"title": "Kế hoạch năm 2024 (sửa lần 2)"})
    plan.complete("review_draft", {"decision": "approve"})
    plan.complete("approve_and_sign", {"decision": "approve"})
    assert plan.operations() == ["save_draft"] * 3 + ["record_signature"]
    plan.complete("register_and_issue")
    assert plan.operations()[-2:] == ["issue_plan", "distribute_plan"]
    assert plan.workflow.is_completed()
    assert plan.workflow.waiting_events() == []


def test_a_sub_plan_starts_with_the_clerk_receiving_the_parent_plan() -> None:
    plan = plan_driver({"parent_plan_id": 7, "recipient_id": 3})
    assert plan.ready() == ["receive_parent_plan"]
    plan.complete("receive_parent_plan")
    assert plan.operations() == ["acknowledge_receipt"]
    assert plan.ready() == ["draft_plan"]


def test_the_deadline_reminds_the_officer_then_escalates_to_the_chair_once_each() -> None:
    plan = plan_driver({"parent_plan_id": 7})
    assert {e.value for e in plan.workflow.waiting_events()} == {ROOT_PLAN["reminder_at"], ROOT_PLAN["overdue_at"]}
    plan.move_clock(datetime(2024, 3, 28, 7, 59))
    assert plan.calls == []
    plan.move_clock(datetime(2024, 3, 28, 8, 1))
    assert plan.calls == [("notify", {"kind": "reminder", "role": "officer"})]
    plan.move_clock(datetime(2024, 4, 15))
    plan.move_clock(datetime(2024, 4, 16))
    assert plan.calls[1:] == [("notify", {"kind": "escalation", "role": "chair"})]
    assert plan.ready() == ["receive_parent_plan"]


def test_a_draft_returned_300_times_still_reaches_signature() -> None:
    plan = plan_driver()
    for round_ in range(300):
        plan.complete("draft_plan", {"title": f"Dự thảo lần {round_ + 1}"})
        plan.complete("review_draft", {"decision": "return", "comment": "Sửa lại"})
    plan.complete("draft_plan", {"title": "Dự thảo cuối"})
    plan.complete("review_draft", {"decision": "approve"})
    assert plan.ready() == ["approve_and_sign"]


def test_a_recipient_clerk_confirms_receipt() -> None:
    receipt = StepDriver("document_receipt.bpmn", "document_receipt", {"recipient_id": 5, "plan_id": 1},
                         Clock(datetime(2024, 3, 1, 8)))
    receipt.complete("confirm_receipt", {"comment": "Đã vào sổ văn bản đến"})
    assert receipt.operations() == ["acknowledge_receipt"]
    assert receipt.workflow.is_completed()


REPORT = {"obligation_id": 5, "receiver_unit_id": 3, "report_due": "2024-05-25",
          "remind_7_at": "2024-05-18T08:00:00", "remind_3_at": "2024-05-22T08:00:00",
          "remind_1_at": "2024-05-24T08:00:00", "overdue_at": "2024-05-25T08:00:00",
          "escalate_cycle": "R10/2024-05-28T08:00:00/P7D"}
RETURN = {"decision": "return", "comment": "Bổ sung số liệu"}


def report_driver(filename: str = "report_lifecycle.bpmn", process_id: str = "report_lifecycle") -> StepDriver:
    return StepDriver(filename, process_id, REPORT, Clock(datetime(2024, 5, 10, 8)))


def test_a_report_is_consolidated_drafted_returned_signed_submitted_returned_by_the_receiver_and_accepted() -> None:
    report = report_driver()
    assert report.operations() == ["consolidate_reports"]
    report.complete("draft_report", {"results": "Kết quả"})
    report.complete("review_report", RETURN)
    report.complete("draft_report", {"results": "Kết quả (sửa)"})
    report.complete("review_report", {"decision": "approve"})
    report.complete("sign_report", {"decision": "approve"})
    report.complete("register_and_submit")
    assert report.operations() == ["consolidate_reports", "save_report", "save_report", "record_report_signature",
                                   "submit_report"]
    report.complete("check_report", {"verdict": "return", "comment": "Thiếu chỉ tiêu"})
    assert report.operations()[-2:] == ["record_verdict", "consolidate_reports"]  # a new cycle, prefilled again
    report.complete("draft_report", {"results": "Kết quả (bổ sung)"})
    report.complete("review_report", {"decision": "approve"})
    report.complete("sign_report", {"decision": "approve"})
    report.complete("register_and_submit")
    report.complete("check_report", {"verdict": "accept"})
    assert report.workflow.is_completed()
    assert report.workflow.waiting_events() == []


def test_the_receivers_task_sits_in_the_receiving_lane() -> None:
    report = report_driver()
    for bpmn_id, data in (("draft_report", {"results": "x"}), ("review_report", {"decision": "approve"}),
                          ("sign_report", {"decision": "approve"}), ("register_and_submit", {})):
        report.complete(bpmn_id, data)
    task = report.workflow.get_tasks(state=TaskState.READY, manual=True)[0]
    assert (task.task_spec.bpmn_id, task.task_spec.lane) == ("check_report", "Chuyên viên (nơi nhận)")


def test_report_timers_remind_three_times_then_notice_then_escalate_weekly() -> None:
    report = report_driver()
    notices = [("2024-05-18T08:01", "reminder", "officer"), ("2024-05-22T08:01", "reminder", "officer"),
               ("2024-05-24T08:01", "reminder", "officer"), ("2024-05-25T08:01", "overdue", "officer"),
               ("2024-05-28T08:01", "escalation", "chair"), ("2024-06-04T08:01", "escalation", "chair")]
    for moment, kind, role in notices:
        report.move_clock(datetime.fromisoformat(moment))
        assert report.calls[-1] == ("notify_report", {"kind": kind, "role": role})
    assert report.ready() == ["draft_report"]  # notices never take the task away


def test_submitting_the_report_stops_every_timer() -> None:
    report = report_driver()
    for bpmn_id, data in (("draft_report", {"results": "x"}), ("review_report", {"decision": "approve"}),
                          ("sign_report", {"decision": "approve"}), ("register_and_submit", {}),
                          ("check_report", {"verdict": "accept"})):
        report.complete(bpmn_id, data)
    report.move_clock(datetime(2024, 7, 1))
    assert "notify_report" not in report.operations()


def test_a_unit_scores_itself_the_leader_returns_then_signs_and_the_superior_appraises() -> None:
    scoring = report_driver("unit_scoring.bpmn", "unit_scoring")
    assert scoring.operations() == ["load_scheme"]
    scoring.complete("self_score", {"scores": {"a": 10}})
    scoring.complete("sign_scores", RETURN)
    scoring.complete("self_score", {"scores": {"a": 12}})
    scoring.complete("sign_scores", {"decision": "approve"})
    assert scoring.ready() == ["appraise"]
    scoring.complete("appraise", {"superior_scores": {"a": 3}})
    assert scoring.operations() == ["load_scheme", "save_self_scores", "save_self_scores", "record_report_signature",
                                    "submit_report", "save_appraisal", "classify_unit"]
    assert scoring.workflow.is_completed()


def test_the_scoring_deadline_reminds_the_officer_until_the_scores_are_sent() -> None:
    scoring = report_driver("unit_scoring.bpmn", "unit_scoring")
    scoring.move_clock(datetime(2024, 5, 18, 8, 1))
    assert scoring.calls[-1] == ("notify_report", {"kind": "reminder", "role": "officer"})
    scoring.complete("self_score", {"scores": {"a": 10}})
    scoring.complete("sign_scores", {"decision": "approve"})
    scoring.move_clock(datetime(2024, 6, 30))
    assert scoring.operations().count("notify_report") == 1


@pytest.mark.parametrize(("total", "label"), [
    (100, "Hoàn thành xuất sắc nhiệm vụ"), (90, "Hoàn thành xuất sắc nhiệm vụ"), (89, "Hoàn thành tốt nhiệm vụ"),
    (80, "Hoàn thành tốt nhiệm vụ"), (79, "Hoàn thành nhiệm vụ"), (50, "Hoàn thành nhiệm vụ"),
    (49, "Không hoàn thành nhiệm vụ"), (0, "Không hoàn thành nhiệm vụ"),
])
def test_the_classification_table_puts_each_total_in_one_band(total: int, label: str) -> None:
    path = WORKFLOWS / "xep_loai_dan_van.dmn"
    table = decision_table(path.read_bytes(), path.name)
    assert evaluate_table(table, "xep_loai_dan_van", {"total": total}) == {"classification": label}
