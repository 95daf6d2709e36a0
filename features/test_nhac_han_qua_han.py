"""Reminders and escalations of a late sub-plan, driven by moving the clock."""

from __future__ import annotations

from datetime import datetime

from bdd_support import ACTOR, day, username
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from engine.models import Notification, User

scenarios("nhac_han_qua_han.feature")

KINDS = {"nhắc hạn": "reminder", "quá hạn": "escalation"}
MOMENT = r"(?P<hour>\d\d):(?P<minute>\d\d) ngày (?P<on>\d\d/\d\d/\d{4})"


def notices(planflow, user: str | None = None, kind: str | None = None) -> list[str]:
    query = select(Notification.text).join(User, User.id == Notification.user_id).order_by(Notification.id)
    if user:
        query = query.where(User.username == user)
    if kind:
        query = query.where(Notification.kind == kind)
    with planflow.unit_of_work() as ctx:
        return list(ctx.session.scalars(query))


def run_due(planflow, driver, context) -> None:
    context["notices_before"] = len(notices(planflow))
    context["fired"] = driver.run_due()


@given(parsers.re(rf"hệ thống đã xử lý các việc đến hạn lúc {MOMENT}"))
@when(parsers.re(rf"đồng hồ chỉ {MOMENT} và hệ thống xử lý các việc đến hạn"))
def run_at(planflow, driver, clock, context, hour, minute, on):
    clock.fixed = datetime.combine(day(on), datetime.min.time()).replace(hour=int(hour), minute=int(minute))
    run_due(planflow, driver, context)


@when("hệ thống xử lý lại các việc đến hạn")
def run_again(planflow, driver, context):
    run_due(planflow, driver, context)


@then(parsers.re(r"hệ thống không thực hiện việc nào và không gửi thông báo (?:nào|mới)"))
def nothing_fired(planflow, context):
    assert (context["fired"], len(notices(planflow))) == (0, context["notices_before"])


@then(parsers.re(rf"{ACTOR} nhận được (?P<count>\d+) thông báo (?P<kind>nhắc hạn|quá hạn)"))
def received(planflow, actor, count, kind):
    assert len(notices(planflow, username(planflow, actor), KINDS[kind])) == int(count)


@then(parsers.re(rf"{ACTOR} không nhận được thông báo nào"))
def received_nothing(planflow, actor):
    assert notices(planflow, username(planflow, actor)) == []


@then(parsers.re(rf'nội dung thông báo (?P<kind>nhắc hạn|quá hạn) gửi {ACTOR} là "(?P<text>[^"]+)"'))
def notice_text(planflow, kind, actor, text):
    assert notices(planflow, username(planflow, actor), KINDS[kind]) == [text]
