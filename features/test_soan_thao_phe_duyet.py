"""Drafting, review and signature: returns with comments, refusals, who may sign and how."""

from __future__ import annotations

from bdd_support import ACTOR, DRAFT, attempt, username
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from engine.models import User

scenarios("soan_thao_phe_duyet.feature")

OTHER = ACTOR.replace("?P<actor>", "?P<other>")


def full_name(planflow, user: str) -> str:
    with planflow.unit_of_work() as ctx:
        return ctx.session.scalar(select(User.full_name).where(User.username == user))


@when(parsers.re(rf'{ACTOR} thử trình dự thảo "(?P<title>[^"]+)" thay cho {OTHER}'))
def draft_for_someone_else(planflow, driver, context, actor, title, other):
    task = driver.task(username(planflow, other), DRAFT, context["plan"])
    user = username(planflow, actor)
    attempt(context, driver, lambda: driver.complete(user, task["id"], {"title": title}))


@given(parsers.re(rf'{ACTOR} đang mở nhiệm vụ "(?P<task>[^"]+)"'))
def open_task(planflow, driver, context, actor, task):
    context["open_task"] = driver.task(username(planflow, actor), task, context["plan"])["id"]


@when(parsers.re(rf'{ACTOR} trả lại nhiệm vụ đang mở với ý kiến "(?P<comment>[^"]+)"'))
def return_open_task(planflow, driver, context, actor, comment):
    user, data = username(planflow, actor), {"decision": "return", "comment": comment}
    attempt(context, driver, lambda: driver.complete(user, context["open_task"], data))


@then(parsers.re(rf"thông báo cho biết {ACTOR} đã hoàn thành nhiệm vụ"))
def names_who_completed(planflow, context, actor):
    assert username(planflow, actor) in context["error"].message, context["error"].message


@then(parsers.re(r'trích yếu của kế hoạch là "(?P<title>[^"]+)"'))
def plan_title(driver, context, title):
    assert driver.plan(context["plan"])["title"] == title


@then(parsers.re(rf'khối chữ ký của kế hoạch là "(?P<lines>[^"]+)" và họ tên {ACTOR}'))
def signature(planflow, driver, context, lines, actor):
    expected = [line.strip() for line in lines.split("/")] + [full_name(planflow, username(planflow, actor))]
    assert driver.plan(context["plan"])["signature"] == expected
