"""Watching an instance: the state of each element, its tasks' data and who did them, its history, its scope."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from engine.bpmn.deployment import deploy
from engine.bpmn.runtime import cancel_instance
from engine.core import WORKFLOWS_DIR
from engine.errors import NotFound
from engine.models import ProcessInstance, Unit
from engine.org.units import get_user
from engine.processes.instance_view import InstanceView, instance_source, instance_view
from engine.reporting.reports import obligation_rows

DRAFT, REVIEW = "Soạn thảo dự thảo kế hoạch", "Thẩm định dự thảo kế hoạch"
TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"


def view(planflow, username: str, instance_id: int) -> InstanceView:
    with planflow.unit_of_work() as ctx:
        return instance_view(ctx, get_user(ctx.session, username), instance_id)


def drafted_plan(driver) -> tuple[int, int]:
    return driver.drafted_plan(TITLE, "Tăng cường đối thoại")


def test_after_the_draft_it_is_completed_the_review_active_and_the_deadlines_waiting(demo3, driver):
    plan_id, instance_id = drafted_plan(driver)
    seen = view(demo3, "officer.298", instance_id)
    assert (seen.process_id, seen.process_name, seen.version, seen.status) == \
        ("plan_lifecycle", "Xây dựng và ban hành kế hoạch", 1, "running")
    assert (seen.unit_name, seen.plan_id, seen.plan_title) == ("UBND huyện Tứ Kỳ", plan_id, TITLE)
    assert {key: seen.elements.get(key) for key in ("start", "draft_plan", "store_draft", "review_draft",
                                                    "prepare_plan", "deadline_near", "deadline_passed",
                                                    "register_and_issue")} == {
        "start": "completed", "draft_plan": "completed", "store_draft": "completed", "review_draft": "active",
        "prepare_plan": "active", "deadline_near": "waiting", "deadline_passed": "waiting",
        "register_and_issue": None}
    steps = {task.bpmn_id: task for task in seen.tasks}
    draft, review = steps["draft_plan"], steps["review_draft"]
    assert (draft.state, draft.completed_by, draft.completed_at) == ("completed", "officer.298",
                                                                     datetime(2024, 3, 1, 8, 0))
    assert draft.data["title"] == TITLE and draft.data["summary"] == "Tăng cường đối thoại"
    assert (review.state, review.completed_by, review.data["title"]) == ("active", None, TITLE)
    assert steps["store_draft"].data == {} and steps["deadline_near"].state == "waiting"
    assert "has_parent" in seen.elements and "has_parent" not in steps  # gateways: on the diagram only
    assert not any(key.startswith("_") for task in seen.tasks for key in task.data)
    assert [(h["action_label"], h["actor"], h["task"]) for h in seen.history] == [
        ("Bắt đầu quy trình", "officer.298", "Xây dựng và ban hành kế hoạch"),
        ("Hoàn thành bước", "officer.298", DRAFT)]


def test_the_state_document_groups_each_elements_tasks_for_the_viewer(demo3, driver):
    _, instance_id = drafted_plan(driver)
    state = view(demo3, "head.298", instance_id).state()
    assert state["elements"]["review_draft"] == "active"
    assert state["tasks"]["draft_plan"] == [{
        "name": DRAFT, "state": "completed", "data": state["tasks"]["draft_plan"][0]["data"],
        "completed_by": "officer.298", "completed_at": "2024-03-01T08:00:00"}]
    assert state["tasks"]["review_draft"][0]["completed_at"] is None


def test_a_returned_draft_shows_the_new_round_and_the_earlier_one_in_the_history(demo3, driver):
    plan_id, instance_id = drafted_plan(driver)
    driver.act("head.298", REVIEW, {"decision": "return", "comment": "Bổ sung chỉ tiêu đối thoại"}, plan_id)
    seen = view(demo3, "officer.298", instance_id)
    assert seen.elements["draft_plan"] == "active" and "review_draft" not in seen.elements
    assert [(t.name, t.state) for t in seen.tasks if t.bpmn_id == "draft_plan"] == [(DRAFT, "active")]
    returned = seen.history[-1]
    assert (returned["task"], returned["decision"], returned["comment"]) == \
        (REVIEW, "return", "Bổ sung chỉ tiêu đối thoại")


def test_a_finished_plan_is_completed_throughout(demo3, driver):
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", title=TITLE)
    seen = view(demo3, "clerk.298", driver.plan(plan_id)["instance_id"])
    assert seen.status == "completed" and seen.plan_number == "01/KH-UBND"
    assert set(seen.elements.values()) == {"completed"}
    assert {"register_and_issue", "send_to_recipients", "end"} <= seen.elements.keys()


def test_a_stopped_instance_shows_nothing_under_way(demo3, driver):
    _, instance_id = drafted_plan(driver)
    with demo3.unit_of_work() as ctx:
        cancel_instance(ctx, ctx.session.get(ProcessInstance, instance_id))
    seen = view(demo3, "officer.298", instance_id)
    assert seen.status == "cancelled" and set(seen.elements.values()) == {"completed"}
    assert "review_draft" not in seen.elements and seen.history[-1]["action_label"] == "Dừng quy trình"


def test_other_units_get_the_same_not_found_as_a_missing_id_and_designers_see_every_instance(demo3, driver):
    _, instance_id = drafted_plan(driver)
    for outsider in ("officer.294", "officer.11089", "clerk.294"):
        with pytest.raises(NotFound) as refused:
            view(demo3, outsider, instance_id)
        assert refused.value.message == f"Không có quy trình #{instance_id} trong phạm vi của bạn."
    with pytest.raises(NotFound, match="Không có quy trình #999999 trong phạm vi của bạn"):
        view(demo3, "designer.30", 999999)
    for insider in ("head.298", "chair.298", "designer.30", "admin.30"):
        assert view(demo3, insider, instance_id).elements["review_draft"] == "active"


def test_a_report_is_watched_by_its_unit_and_receiver_but_not_by_a_neighbour_who_sees_the_plan(
        demo3, driver, clock):
    clock.fixed = datetime(2024, 1, 3, 8)
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298")
    clock.fixed = datetime(2024, 5, 16, 9)  # the six-month reports open 15 days before 30/5
    driver.run_due()
    with demo3.unit_of_work() as ctx:
        report = next(row for row in obligation_rows(ctx.session, ctx.clock.today(), plan_id=plan_id)
                      if row["unit"] == "11089" and row["kind"] == "six_month")
    for insider in ("officer.11089", "officer.298"):
        seen = view(demo3, insider, report["instance_id"])
        assert seen.report_title == "Báo cáo sơ kết 6 tháng năm 2024" and seen.unit_name == "UBND xã Ngọc Kỳ"
        assert seen.elements["draft_report"] == "active"
    view(demo3, "officer.11113", driver.plan(plan_id)["instance_id"])  # the district plan is addressed to it
    with pytest.raises(NotFound):
        view(demo3, "officer.11113", report["instance_id"])


def test_the_source_is_the_version_the_instance_runs_on(demo3, driver):
    _, first = drafted_plan(driver)
    with demo3.unit_of_work() as ctx:
        data = (WORKFLOWS_DIR / "plan_lifecycle.bpmn").read_bytes()
        renamed = data.replace("Xây dựng và ban hành kế hoạch".encode(), "Xây dựng, ban hành kế hoạch năm".encode())
        deploy(ctx.session, renamed, "plan_lifecycle.bpmn", "designer.30", demo3.handlers.operations, ctx.now())
    second = driver.plan(driver.start_plan("298", "officer.298"))["instance_id"]
    assert (view(demo3, "officer.298", first).version, view(demo3, "officer.298", second).version) == (1, 2)
    assert view(demo3, "officer.298", second).process_name == "Xây dựng, ban hành kế hoạch năm"
    with demo3.unit_of_work() as ctx:
        user = get_user(ctx.session, "officer.298")
        assert instance_source(ctx.session, user, first) == data
        assert instance_source(ctx.session, user, second) == renamed
        with pytest.raises(NotFound):
            instance_source(ctx.session, get_user(ctx.session, "officer.294"), first)


def test_a_receipt_is_watched_at_the_receiving_unit_and_above_not_by_the_sender(demo3, driver):
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298")
    with demo3.unit_of_work() as ctx:
        receipt = ctx.session.scalars(select(ProcessInstance).where(
            ProcessInstance.process_id == "document_receipt", ProcessInstance.plan_id == plan_id)).first()
        receiver = ctx.session.get(Unit, receipt.unit_id)
        receipt_id, clerk = receipt.id, f"clerk.{receiver.code}"
    seen = view(demo3, clerk, receipt_id)
    assert seen.process_name == "Tiếp nhận văn bản đến" and seen.elements["confirm_receipt"] == "active"
    with pytest.raises(NotFound):
        view(demo3, "officer.298", receipt_id)  # it sees the plan it sent, not the receiver's work on it
