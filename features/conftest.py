"""Shared steps of the behaviour tests: organisation, clock, people acting on plans, refusals.

Every step acts as a user would, one transaction per action (tests/support.py Driver). State shared
between steps lives in the `context` dict: the current plan ("plan"), plans by title ("plans"),
the error of the last attempt ("error") and what the user saw before it ("before").
"""

from __future__ import annotations

from datetime import datetime

import pytest
from bdd_support import (
    ACTOR,
    DECISION_TASK,
    DRAFT,
    ISSUE,
    RECEIVE,
    REFUSALS,
    STATUSES,
    UNIT_ARG,
    attempt,
    day,
    issue_new_plan,
    latest_plan,
    plan_ref,
    remember,
    split_actor,
    unit_code,
    username,
    vn,
)
from pytest_bdd import given, parsers, then, when


@pytest.fixture
def context() -> dict:
    return {"plans": {}}


# --- Organisation and clock --------------------------------------------------------------------

@given("tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã")
def three_levels(demo3):
    return demo3


@given("tổ chức mẫu hai cấp: thành phố Hải Phòng và năm xã trực thuộc")
def two_levels(demo2):
    return demo2


@given(parsers.re(r"hôm nay là (?P<today>\d\d/\d\d/\d{4})"))
@when(parsers.re(r"hôm nay là (?P<today>\d\d/\d\d/\d{4})"))
def today_is(clock, today):
    clock.fixed = datetime.combine(day(today), datetime.min.time()).replace(hour=9)


# --- Acting on a plan --------------------------------------------------------------------------

@given(parsers.re(rf"{ACTOR} đã lập kế hoạch mới"))
@when(parsers.re(rf"{ACTOR} lập kế hoạch mới"))
def start_new_plan(planflow, driver, context, actor):
    user = username(planflow, actor)
    remember(context, driver.start_plan(user.split(".", 1)[1], user))


@given(parsers.re(rf'{ACTOR} đã trình dự thảo "(?P<title>[^"]+)"'))
@when(parsers.re(rf'{ACTOR} trình(?: lại)? dự thảo "(?P<title>[^"]+)"'))
def submit_draft(planflow, driver, context, actor, title):
    driver.act(username(planflow, actor), DRAFT, {"title": title}, context["plan"])
    remember(context, context["plan"], title)


@given(parsers.re(rf"{ACTOR} đã (?:đồng ý trình ký|phê duyệt, ký kế hoạch)"))
@when(parsers.re(rf"{ACTOR} (?:đồng ý trình ký|phê duyệt, ký kế hoạch)"))
def approve(planflow, driver, context, actor):
    user = username(planflow, actor)
    driver.act(user, DECISION_TASK[user.split(".")[0]], {"decision": "approve"}, context["plan"])


@when(parsers.re(rf'{ACTOR} trả lại dự thảo với ý kiến "(?P<comment>[^"]*)"'))
def give_back(planflow, driver, context, actor, comment):
    try_decision(planflow, driver, context, actor, {"decision": "return", "comment": comment})


@when(parsers.re(rf"{ACTOR} trả lại dự thảo mà không ghi ý kiến"))
def give_back_silently(planflow, driver, context, actor):
    try_decision(planflow, driver, context, actor, {"decision": "return"})


def try_decision(planflow, driver, context, actor: str, data: dict) -> None:
    """The head reviews, the chair or a vice chair signs: each decides on the task of their role."""
    user = username(planflow, actor)
    task = DECISION_TASK[user.split(".")[0]]
    attempt(context, driver, lambda: driver.act(user, task, data, context["plan"]))


@given(parsers.re(rf"{ACTOR} đã vào sổ, ban hành kế hoạch"))
@when(parsers.re(rf"{ACTOR} vào sổ, ban hành kế hoạch"))
def register_and_issue(planflow, driver, context, actor):
    driver.act(username(planflow, actor), ISSUE, {}, context["plan"])


@given(parsers.re(rf'{UNIT_ARG} đã ban hành kế hoạch "(?P<title>[^"]+)"'))
@when(parsers.re(rf'{UNIT_ARG} ban hành kế hoạch "(?P<title>[^"]+)"'))
def issue_plan(planflow, driver, context, unit, title):
    issue_new_plan(planflow, driver, context, unit, title)


@given(parsers.re(rf'{UNIT_ARG} đã ban hành kế hoạch "(?P<title>[^"]+)" '
                  r"với hạn cấp dưới (?P<due>\d\d/\d\d/\d{4})"))
@when(parsers.re(rf'{UNIT_ARG} ban hành kế hoạch "(?P<title>[^"]+)" '
                 r"với hạn cấp dưới (?P<due>\d\d/\d\d/\d{4})"))
def issue_plan_with_deadline(planflow, driver, context, unit, title, due):
    issue_new_plan(planflow, driver, context, unit, title, subplan_due=day(due).isoformat())


@given(parsers.re(rf"{ACTOR} đã tiếp nhận kế hoạch cấp trên"))
@when(parsers.re(rf"{ACTOR} tiếp nhận kế hoạch cấp trên"))
def receive_parent(planflow, driver, context, actor):
    plan_id = remember(context, latest_plan(planflow, split_actor(actor)[1]))
    driver.act(username(planflow, actor), RECEIVE, {}, plan_id)


@given(parsers.re(rf'{UNIT_ARG} đã (?P<receive>tiếp nhận và )?ban hành kế hoạch cấp mình "(?P<title>[^"]+)"'
                  r"(?: với hạn cấp dưới (?P<due>\d\d/\d\d/\d{4}))?"))
@when(parsers.re(rf'{UNIT_ARG} (?P<receive>tiếp nhận và )?ban hành kế hoạch cấp mình "(?P<title>[^"]+)"'
                 r"(?: với hạn cấp dưới (?P<due>\d\d/\d\d/\d{4}))?"))
def issue_own_plan(planflow, driver, context, unit, receive, title, due):
    """A unit issues the plan its superior assigned it, after its clerk received the parent plan."""
    code = unit_code(planflow, unit)
    plan_id = remember(context, latest_plan(planflow, unit), title)
    if receive:
        driver.act(f"clerk.{code}", RECEIVE, {}, plan_id)
    driver.issue(plan_id, code, title=title, **({"subplan_due": day(due).isoformat()} if due else {}))


# --- What users see ----------------------------------------------------------------------------

@then(parsers.re(rf'{ACTOR} (?:vẫn )?có nhiệm vụ "(?P<task>[^"]+)"'))
def has_task(planflow, driver, context, actor, task):
    tasks = [t["name"] for t in driver.tasks(username(planflow, actor)) if t["plan_id"] == context["plan"]]
    assert task in tasks, f"{actor} chỉ có các nhiệm vụ {tasks}"


@then(parsers.re(rf'{ACTOR} không (?:còn )?có nhiệm vụ "(?P<task>[^"]+)"'))
def has_no_task(planflow, driver, context, actor, task):
    tasks = [t["name"] for t in driver.tasks(username(planflow, actor)) if t["plan_id"] == context["plan"]]
    assert task not in tasks


@then(parsers.re(r'kế hoạch (?:"(?P<title>[^"]+)" )?(?:vẫn )?ở trạng thái "(?P<status>[^"]+)"'))
def plan_status(driver, context, title, status):
    assert driver.plan(plan_ref(context, title))["status"] == STATUSES[status]


@then(parsers.re(r'kế hoạch (?:"(?P<title>[^"]+)" )?có số "(?P<number>[^"]+)", '
                 r"ngày ban hành (?P<issued>\d\d/\d\d/\d{4})"))
def plan_number(driver, context, title, number, issued):
    plan = driver.plan(plan_ref(context, title))
    assert (plan["number"], vn(plan["issued_date"])) == (number, issued)


@then(parsers.re(r'kế hoạch (?:"(?P<title>[^"]+)" )?chưa có số và ngày ban hành'))
def plan_unnumbered(driver, context, title):
    plan = driver.plan(plan_ref(context, title))
    assert (plan["number"], plan["issued_date"]) == (None, None)


@then(parsers.re(rf'lịch sử kế hoạch ghi {ACTOR} trả lại với ý kiến "(?P<comment>[^"]+)"'))
def audit_return(planflow, driver, context, actor, comment):
    user = username(planflow, actor)
    entries = [(a["actor"], a["comment"]) for a in driver.plan(context["plan"])["audit"]
               if a["action"] == "complete" and a["details"]["data"].get("decision") == "return"]
    assert (user, comment) in entries, entries


# --- Refusals ----------------------------------------------------------------------------------

@then(parsers.re(r"thao tác bị từ chối vì (?P<reason>.+?) với thông báo có \"(?P<fragment>[^\"]+)\""))
def refused(context, reason, fragment):
    error = context["error"]
    assert isinstance(error, REFUSALS[reason]), f"cần {REFUSALS[reason].__name__}, nhận được {error!r}"
    assert fragment in error.message, error.message


@then("kế hoạch không thay đổi gì")
def plan_unchanged(driver, context):
    assert driver.plan(context["plan"]) == context["before"]
