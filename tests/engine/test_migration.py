"""Moving running plans to a newer version of plan_lifecycle: who may move, what moves, what stays as it was."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from engine.core import Planflow
from engine.errors import Forbidden, InvalidInput, NotFound
from engine.models import AuditEntry, Notification, ProcessInstance
from engine.models.process import TaskDraft
from engine.org.units import get_user
from engine.processes.migration import MigrationCandidate, migrate_instances, preview_migration
from engine.work.drafts import save_draft
from tests.support import APPROVE, Driver
from tests.workflow_variants import (
    FORM_CHECK,
    NEW_DRAFT,
    RECHECK,
    deploy_variant,
    renamed_draft,
    stored,
    with_form_check,
    with_recheck,
    without_review,
)

DRAFT, REVIEW, SIGN, ISSUE = ("Soạn thảo dự thảo kế hoạch", "Thẩm định dự thảo kế hoạch", "Phê duyệt, ký kế hoạch",
                              "Vào sổ, ban hành kế hoạch")


def migrate(planflow: Planflow, instance_ids: list[int], to_version: int = 2, user: str = "designer.30"):
    with planflow.unit_of_work() as ctx:
        ctx.actor = get_user(ctx.session, user)
        return migrate_instances(ctx, "plan_lifecycle", to_version, instance_ids)


def preview(planflow: Planflow, to_version: int = 2) -> dict[int, MigrationCandidate]:
    with planflow.unit_of_work() as ctx:
        return {c.instance_id: c for c in preview_migration(ctx, "plan_lifecycle", to_version)}


def instance_of(driver: Driver, plan_id: int) -> int:
    with driver.planflow.unit_of_work() as ctx:
        return ctx.session.scalar(select(ProcessInstance.id).where(ProcessInstance.plan_id == plan_id))


def test_a_plan_waiting_at_its_draft_moves_and_then_goes_through_the_new_step(demo3, driver, tmp_path):
    plan_id = driver.start_plan("298", "officer.298")
    instance_id = instance_of(driver, plan_id)
    old_task = driver.task("officer.298", DRAFT, plan_id)
    with demo3.unit_of_work() as ctx:
        save_draft(ctx, get_user(ctx.session, "officer.298"), old_task["id"], {"title": "Kế hoạch đang soạn"})
    assert deploy_variant(demo3, tmp_path, renamed_draft, with_recheck) == 2

    candidate = preview(demo3)[instance_id]
    assert (candidate.movable, candidate.reason, candidate.current) == (True, None, (DRAFT,))
    assert (candidate.from_version, candidate.to_version, candidate.unit_name) == (1, 2, "UBND huyện Tứ Kỳ")
    assert migrate(demo3, [instance_id]).moved == [instance_id]

    moved_task = driver.task("officer.298", NEW_DRAFT, plan_id)
    assert moved_task["id"] == old_task["id"]  # the same open task: its saved draft is still there
    assert "basis" in moved_task["form"]["properties"] and DRAFT not in [t["name"] for t in driver.tasks("officer.298")]
    with demo3.unit_of_work() as ctx:
        assert ctx.session.get(TaskDraft, (get_user(ctx.session, "officer.298").id, old_task["id"])) is not None
    driver.act("officer.298", NEW_DRAFT, {"title": "Kế hoạch công tác dân vận 2024", "basis": "Chỉ thị 01"}, plan_id)
    driver.act("head.298", REVIEW, APPROVE, plan_id)
    recheck = driver.task("head.298", RECHECK, plan_id)
    assert recheck["form"]["properties"]["opinion"]["title"] == "Ý kiến thẩm định lại"
    driver.act("head.298", RECHECK, {"opinion": "Đạt"}, plan_id)
    driver.act("chair.298", SIGN, APPROVE, plan_id)
    driver.act("clerk.298", ISSUE, {}, plan_id)
    assert driver.plan(plan_id)["status"] == "issued"


def test_a_step_added_after_the_running_drafting_round_is_taken_once_the_round_ends(demo3, driver, tmp_path):
    plan_id = driver.start_plan("298", "officer.298")
    deploy_variant(demo3, tmp_path, with_form_check)
    migrate(demo3, [instance_of(driver, plan_id)])
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch năm 2024"}, plan_id)
    driver.act("head.298", REVIEW, APPROVE, plan_id)
    driver.act("chair.298", SIGN, APPROVE, plan_id)
    assert [t["name"] for t in driver.tasks("clerk.298") if t["plan_id"] == plan_id] == [FORM_CHECK]
    driver.act("clerk.298", FORM_CHECK, {}, plan_id)
    driver.act("clerk.298", ISSUE, {}, plan_id)
    assert driver.plan(plan_id)["status"] == "issued"


def test_a_plan_waiting_at_a_removed_step_is_refused_with_the_reason_and_stays_exactly_as_it_was(
        demo3, driver, tmp_path):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch năm 2024"}, plan_id)
    instance_id = instance_of(driver, plan_id)
    deploy_variant(demo3, tmp_path, without_review)
    before = stored(demo3, instance_id)

    candidate = preview(demo3)[instance_id]
    assert not candidate.movable and candidate.current == (REVIEW,)
    assert candidate.reason == f"Bước đang chờ '{REVIEW}' không còn trong phiên bản 2"
    result = migrate(demo3, [instance_id])
    assert result.moved == [] and [c.instance_id for c in result.refused] == [instance_id]
    assert result.refused[0].reason == candidate.reason
    assert stored(demo3, instance_id) == before
    driver.act("head.298", REVIEW, APPROVE, plan_id)  # it carries on, on version 1
    assert driver.task("chair.298", SIGN, plan_id)


def test_a_mixed_selection_moves_the_movable_ones_and_each_carries_on_without_the_removed_step(
        demo3, driver, tmp_path):
    at_draft = driver.start_plan("298", "officer.298")
    at_review = driver.start_plan("294", "officer.294")
    driver.act("officer.294", DRAFT, {"title": "Kế hoạch của xã"}, at_review)
    at_signing = driver.start_plan("30", "officer.30")
    driver.act("officer.30", DRAFT, {"title": "Kế hoạch của tỉnh"}, at_signing)
    driver.act("head.30", REVIEW, APPROVE, at_signing)  # a step already done that the new version drops
    ids = {plan: instance_of(driver, plan) for plan in (at_draft, at_review, at_signing)}
    deploy_variant(demo3, tmp_path, without_review)

    result = migrate(demo3, list(ids.values()))
    assert sorted(result.moved) == sorted([ids[at_draft], ids[at_signing]])
    assert [c.instance_id for c in result.refused] == [ids[at_review]]

    driver.act("officer.298", DRAFT, {"title": "Kế hoạch của huyện"}, at_draft)
    assert REVIEW not in [t["name"] for t in driver.tasks("head.298")]
    for plan, code in ((at_draft, "298"), (at_signing, "30")):
        driver.act(f"chair.{code}", SIGN, APPROVE, plan)
        driver.act(f"clerk.{code}", ISSUE, {}, plan)
        assert driver.plan(plan)["status"] == "issued"
    assert driver.task("head.294", REVIEW, at_review)


def test_every_move_is_in_the_audit_trail_with_both_versions_and_who_moved_it(demo3, driver, tmp_path):
    first, second = driver.start_plan("298", "officer.298"), driver.start_plan("294", "officer.294")
    deploy_variant(demo3, tmp_path, with_recheck)
    migrate(demo3, [instance_of(driver, first), instance_of(driver, second)])
    with demo3.unit_of_work() as ctx:
        rows = ctx.session.scalars(select(AuditEntry).where(AuditEntry.action == "migrate")
                                   .order_by(AuditEntry.plan_id)).all()
        assert [(r.plan_id, r.actor, r.details) for r in rows] == [
            (plan, "designer.30", {"from_version": 1, "to_version": 2}) for plan in sorted((first, second))]
    assert driver.plan(first)["audit"][-1]["details"] == {"from_version": 1, "to_version": 2}


def test_deadline_timers_still_fire_after_a_move(demo3, driver, clock, tmp_path):
    plan_id = driver.start_plan("298", "officer.298")
    instance_id = instance_of(driver, plan_id)
    timers_before = stored(demo3, instance_id)[3]
    deploy_variant(demo3, tmp_path, renamed_draft, with_recheck)
    migrate(demo3, [instance_id])
    assert stored(demo3, instance_id)[3] == timers_before
    clock.fixed = datetime(2024, 3, 28, 9, 0)
    assert driver.run_due() == 1
    with demo3.unit_of_work() as ctx:
        kinds = ctx.session.scalars(select(Notification.kind).where(Notification.plan_id == plan_id)).all()
    assert "reminder" in kinds
    driver.act("officer.298", NEW_DRAFT, {"title": "Kế hoạch công tác dân vận 2024"}, plan_id)
    driver.act("head.298", REVIEW, APPROVE, plan_id)
    driver.act("head.298", RECHECK, {}, plan_id)
    driver.act("chair.298", SIGN, APPROVE, plan_id)
    driver.act("clerk.298", ISSUE, {}, plan_id)
    assert stored(demo3, instance_id)[3] == []  # the issued plan's deadline timers are gone with its instance


def test_a_moved_plan_continues_in_a_new_process_that_reads_it_from_the_database(demo3, driver, tmp_path):
    plan_id = driver.start_plan("298", "officer.298")
    deploy_variant(demo3, tmp_path, renamed_draft, with_recheck)
    migrate(demo3, [instance_of(driver, plan_id)])
    fresh = Driver(Planflow(db=demo3.db, clock=demo3.clock))  # no specs parsed, nothing kept in memory
    fresh.act("officer.298", NEW_DRAFT, {"title": "Kế hoạch năm 2024"}, plan_id)
    fresh.act("head.298", REVIEW, APPROVE, plan_id)
    assert fresh.task("head.298", RECHECK, plan_id)


def test_a_workflow_kept_in_memory_before_a_move_made_elsewhere_is_not_used(demo3, driver, tmp_path):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch năm 2024"}, plan_id)  # this process keeps version 1
    deploy_variant(demo3, tmp_path, with_recheck)
    migrate(Planflow(db=demo3.db, clock=demo3.clock), [instance_of(driver, plan_id)])  # another process moves it
    driver.act("head.298", REVIEW, APPROVE, plan_id)
    assert driver.task("head.298", RECHECK, plan_id)


def test_only_a_designer_moves_instances_and_bad_requests_change_nothing(demo3, driver, tmp_path):
    plan_id = driver.start_plan("298", "officer.298")
    instance_id = instance_of(driver, plan_id)
    deploy_variant(demo3, tmp_path, with_recheck)
    before = stored(demo3, instance_id)
    with pytest.raises(Forbidden, match="Người thiết kế quy trình"):
        migrate(demo3, [instance_id], user="chair.298")
    with pytest.raises(NotFound, match="không có phiên bản 5"):
        migrate(demo3, [instance_id], to_version=5)
    with pytest.raises(NotFound, match="Chưa triển khai quy trình 'khong_co'"), demo3.unit_of_work() as ctx:
        preview_migration(ctx, "khong_co", 2)
    with pytest.raises(InvalidInput, match="không cũ hơn phiên bản 1"):
        migrate(demo3, [instance_id], to_version=1)
    with pytest.raises(InvalidInput, match="bảng quyết định"), demo3.unit_of_work() as ctx:
        preview_migration(ctx, "xep_loai_dan_van", 1)
    with pytest.raises(NotFound, match="Không có hồ sơ #999999"):
        migrate(demo3, [instance_id, 999999])
    with pytest.raises(InvalidInput, match="Chưa chọn hồ sơ"):
        migrate(demo3, [])
    assert stored(demo3, instance_id) == before
    assert preview(demo3, to_version=1) == {}
