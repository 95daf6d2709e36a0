"""Delegation: a role lent for a date range, both edges included; delegated actions name both people."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from engine.errors import Conflict, Forbidden, InvalidInput, NotFound
from engine.models import AuditEntry, Delegation
from engine.org.delegation import cancel_delegation, create_delegation, delegations_of, lent_at
from engine.org.units import get_user
from tests.support import APPROVE

REVIEW = "Thẩm định dự thảo kế hoạch"
SIGN = "Phê duyệt, ký kế hoạch"
MARCH_5, MARCH_10 = date(2024, 3, 5), date(2024, 3, 10)


def delegate(planflow, actor: str, delegator: str, to: str, role: str, starts_on: date = MARCH_5,
             ends_on: date = MARCH_10) -> int:
    with planflow.unit_of_work() as ctx:
        user = lambda name: get_user(ctx.session, name)  # noqa: E731 - four look-ups in one line
        return create_delegation(ctx, user(actor), user(delegator), user(to), role, starts_on, ends_on,
                                 "Đi công tác").id


def on(clock, day: date) -> None:
    clock.fixed = datetime.combine(day, datetime.min.time()).replace(hour=9)


def name_of(planflow, username: str) -> str:
    with planflow.unit_of_work() as ctx:
        return get_user(ctx.session, username).full_name


def stored(planflow) -> int:
    with planflow.unit_of_work() as ctx:
        return ctx.session.scalar(select(func.count(Delegation.id)))


@pytest.fixture
def drafted(demo3, driver) -> int:
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", "Soạn thảo dự thảo kế hoạch", {"title": "Kế hoạch năm 2024"}, plan_id)
    return plan_id


@pytest.mark.parametrize(("day", "lent"), [(date(2024, 3, 4), False), (MARCH_5, True), (MARCH_10, True),
                                           (date(2024, 3, 11), False)])
def test_an_officer_reviews_for_the_head_only_inside_the_window(demo3, driver, clock, drafted, day, lent) -> None:
    delegate(demo3, "head.298", "head.298", "officer.298", "head")
    on(clock, day)

    offered = [t["id"] for t in driver.tasks("officer.298") if t["name"] == REVIEW]
    assert bool(offered) == lent
    if not lent:
        with pytest.raises(Forbidden, match="Trưởng phòng"):
            driver.complete("officer.298", driver.task("head.298", REVIEW)["id"], APPROVE)


def test_a_review_by_delegation_is_audited_with_both_people(demo3, driver, clock, drafted) -> None:
    delegate(demo3, "head.298", "head.298", "officer.298", "head")
    on(clock, MARCH_5)

    driver.act("officer.298", REVIEW, APPROVE, drafted)

    with demo3.unit_of_work() as ctx:
        entry = ctx.session.scalars(select(AuditEntry).where(AuditEntry.task_name == REVIEW)).one()
        assert (entry.actor, entry.details["on_behalf_of"]) == ("officer.298", "head.298")


def test_a_vice_chair_signing_by_delegation_signs_kt_chu_tich(demo3, driver, clock, drafted) -> None:
    delegate(demo3, "chair.298", "chair.298", "vice_chair.298", "chair")
    on(clock, MARCH_5)
    driver.act("head.298", REVIEW, APPROVE, drafted)

    driver.act("vice_chair.298", SIGN, APPROVE, drafted)

    plan = driver.plan(drafted)
    assert plan["signature"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                 name_of(demo3, "vice_chair.298")]
    signed = [(a["action"], a["actor"], a["details"].get("on_behalf_of")) for a in plan["audit"]
              if a["action"] in ("complete", "sign") and a["actor"] == "vice_chair.298"]
    assert signed == [("complete", "vice_chair.298", "chair.298"), ("sign", "vice_chair.298", "chair.298")]


def test_the_chair_keeps_signing_in_their_own_name_during_a_delegation(demo3, driver, clock, drafted) -> None:
    delegate(demo3, "chair.298", "chair.298", "vice_chair.298", "chair")
    on(clock, MARCH_5)
    driver.act("head.298", REVIEW, APPROVE, drafted)

    driver.act("chair.298", SIGN, APPROVE, drafted)

    assert driver.plan(drafted)["signature"][:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_an_administrator_delegates_for_the_chair_but_no_one_else_may(demo3) -> None:
    with pytest.raises(Forbidden, match="Chỉ người ủy quyền hoặc quản trị"):
        delegate(demo3, "vice_chair.298", "chair.298", "vice_chair.298", "chair")
    delegate(demo3, "admin.30", "chair.298", "vice_chair.298", "chair")

    with demo3.unit_of_work() as ctx:
        rows = delegations_of(ctx.session, get_user(ctx.session, "vice_chair.298"), MARCH_5)
    assert [(r["delegator"], r["delegate"], r["state"], r["cancellable"]) for r in rows] == [
        ("chair.298", "vice_chair.298", "in_force", False)]


@pytest.mark.parametrize(("delegator", "to", "role", "message"), [
    ("chair.298", "vice_chair.294", "chair", "không phải Phó Chủ tịch của UBND huyện Tứ Kỳ"),
    ("chair.298", "officer.298", "chair", "không phải Phó Chủ tịch"),
    ("head.298", "officer.294", "head", "không phải Chuyên viên"),
    ("head.298", "head.298", "head", "chính mình"),
    ("officer.298", "officer.298", "officer", "Chỉ ủy quyền được vai trò"),
    ("vice_chair.298", "vice_chair.298", "chair", "không giữ vai trò Chủ tịch"),
])
def test_a_delegation_to_someone_without_the_right_role_there_is_refused(demo3, delegator, to, role,
                                                                         message) -> None:
    with pytest.raises(InvalidInput, match=message):
        delegate(demo3, "admin.30", delegator, to, role)
    assert stored(demo3) == 0


@pytest.mark.parametrize(("starts_on", "ends_on", "message"), [
    (MARCH_10, MARCH_5, "trước ngày bắt đầu"),
    (date(2024, 2, 1), date(2024, 2, 29), "đã qua"),
    (MARCH_10, date(2024, 3, 20), "Trùng thời gian với ủy quyền #"),
    (date(2024, 3, 1), MARCH_5, "Trùng thời gian"),
])
def test_bad_or_overlapping_dates_are_refused(demo3, starts_on, ends_on, message) -> None:
    delegate(demo3, "chair.298", "chair.298", "vice_chair.298", "chair")

    with pytest.raises(InvalidInput, match=message):
        delegate(demo3, "chair.298", "chair.298", "vice_chair.298", "chair", starts_on, ends_on)
    assert stored(demo3) == 1


def test_the_next_range_right_after_is_accepted(demo3) -> None:
    delegate(demo3, "chair.298", "chair.298", "vice_chair.298", "chair")
    delegate(demo3, "chair.298", "chair.298", "vice_chair.298", "chair", date(2024, 3, 11), date(2024, 3, 12))

    assert stored(demo3) == 2


def test_a_cancelled_delegation_lends_nothing_and_only_its_delegator_cancels(demo3, driver, clock, drafted) -> None:
    delegation_id = delegate(demo3, "head.298", "head.298", "officer.298", "head")
    on(clock, MARCH_5)

    with demo3.unit_of_work() as ctx, pytest.raises(Forbidden):
        cancel_delegation(ctx, get_user(ctx.session, "officer.298"), delegation_id)
    with demo3.unit_of_work() as ctx, pytest.raises(NotFound):
        cancel_delegation(ctx, get_user(ctx.session, "head.294"), delegation_id)
    with demo3.unit_of_work() as ctx:
        cancel_delegation(ctx, get_user(ctx.session, "head.298"), delegation_id)
    with demo3.unit_of_work() as ctx, pytest.raises(Conflict, match="đã bị head.298 hủy"):
        cancel_delegation(ctx, get_user(ctx.session, "head.298"), delegation_id)

    assert REVIEW not in [t["name"] for t in driver.tasks("officer.298")]
    with demo3.unit_of_work() as ctx:
        actions = ctx.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("%delegat%"))).all()
    assert actions == ["delegate", "cancel_delegation"]


def test_the_delegations_lent_at_several_units_on_a_day_leave_out_cancelled_and_ended_ones(demo3) -> None:
    delegate(demo3, "head.298", "head.298", "officer.298", "head")
    delegate(demo3, "chair.294", "chair.294", "vice_chair.294", "chair")
    cancelled = delegate(demo3, "chair.298", "chair.298", "vice_chair.298", "chair")
    with demo3.unit_of_work() as ctx:
        cancel_delegation(ctx, get_user(ctx.session, "chair.298"), cancelled)
        units = [get_user(ctx.session, name).roles[0].committee_id for name in ("chair.298", "chair.294")]

    def delegates_on(day: date) -> list[str]:
        with demo3.unit_of_work() as ctx:
            return [d.delegate.username for d in lent_at(ctx.session, units, day)]

    assert delegates_on(MARCH_10) == ["officer.298", "vice_chair.294"]
    assert delegates_on(date(2024, 3, 11)) == []
