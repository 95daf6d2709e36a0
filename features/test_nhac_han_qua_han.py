"""Reminders and escalations of a late sub-plan, driven by moving the clock (run-due steps: conftest.py)."""

from __future__ import annotations

from bdd_support import ACTOR, username
from pytest_bdd import parsers, scenarios, then
from sqlalchemy import select

from engine.models import Notification, User

scenarios("nhac_han_qua_han.feature")

KINDS = {"nhắc hạn": "reminder", "quá hạn": "escalation"}


def notices(planflow, user: str | None = None, kind: str | None = None) -> list[str]:
    query = select(Notification.text).join(User, User.id == Notification.user_id).order_by(Notification.id)
    if user:
        query = query.where(User.username == user)
    if kind:
        query = query.where(Notification.kind == kind)
    with planflow.unit_of_work() as ctx:
        return list(ctx.session.scalars(query))


@then(parsers.re(rf"{ACTOR} nhận được (?P<count>\d+) thông báo (?P<kind>nhắc hạn|quá hạn)"))
def received(planflow, actor, count, kind):
    assert len(notices(planflow, username(planflow, actor), KINDS[kind])) == int(count)


@then(parsers.re(rf"{ACTOR} không nhận được thông báo nào"))
def received_nothing(planflow, actor):
    assert notices(planflow, username(planflow, actor)) == []


@then(parsers.re(rf'nội dung thông báo (?P<kind>nhắc hạn|quá hạn) gửi {ACTOR} là "(?P<text>[^"]+)"'))
def notice_text(planflow, kind, actor, text):
    assert notices(planflow, username(planflow, actor), KINDS[kind]) == [text]
