"""Distribution to Nơi nhận and the cascade of sub-plans, under the 3-level and the 2-level regime."""

from __future__ import annotations

from bdd_support import ACTOR, STATUSES, UNIT_ARG, issue_new_plan, rows, unit_code, username, vn
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from engine.models import Unit, User

scenarios("phan_phoi_phan_cap.feature")

RECEIPT = "Xác nhận đã nhận kế hoạch"
PLAN = r'kế hoạch "(?P<title>[^"]+)"'
YES_NO = {"có": True, "không": False}


def recipients(driver, context, title: str) -> list[dict]:
    return driver.plan(context["plans"][title])["recipients"]


def recipient_rows(view: list[dict]) -> list[dict]:
    return [{"dòng": r["line"], "đơn vị": r["unit_name"] or "", "thực hiện kế hoạch": "có" if r["implements"]
             else "không"} for r in view]


def receipt_tasks(planflow, driver) -> dict[str, tuple[str, dict]]:
    """Every open receipt task by id, with a user in whose inbox it is (a task may be in several)."""
    with planflow.unit_of_work() as ctx:
        users = ctx.session.scalars(select(User.username).order_by(User.username)).all()
    return {task["id"]: (user, task) for user in users for task in driver.tasks(user) if task["name"] == RECEIPT}


@given(parsers.re(rf"{UNIT_ARG} đã ban hành {PLAN} gửi các nơi nhận:"))
@when(parsers.re(rf"{UNIT_ARG} ban hành {PLAN} gửi các nơi nhận:"))
def issue_to(planflow, driver, context, unit, title, datatable):
    lines = [row["dòng"] for row in rows(datatable)]
    issue_new_plan(planflow, driver, context, unit, title, recipients=lines)


@when(parsers.re(rf"{ACTOR} xác nhận đã nhận kế hoạch"))
def acknowledge(planflow, driver, actor):
    driver.act(username(planflow, actor), RECEIPT)


@when("những người có nhiệm vụ đó xác nhận đã nhận kế hoạch")
def everyone_acknowledges(driver, context):
    for user, task in context["receipts"].values():
        driver.complete(user, task["id"], {})


@then(parsers.re(rf"{PLAN} có các kế hoạch cấp dưới:"))
def children(driver, context, title, datatable):
    seen = driver.plan(context["plans"][title])["children"]
    expected = rows(datatable)
    assert sorted((c["unit_name"], vn(c["due_date"]), c["status"]) for c in seen) == \
        sorted((r["đơn vị"], r["hạn ban hành"], STATUSES[r["trạng thái"]]) for r in expected)
    context["children"] = seen


@then(parsers.re(rf"{PLAN} không có kế hoạch cấp dưới nào"))
def no_children(driver, context, title):
    plan = driver.plan(context["plans"][title])
    assert plan["children"] == [] and not any(r["implements"] for r in plan["recipients"])


@then(parsers.re(r'văn thư của mỗi đơn vị đó có nhiệm vụ "(?P<task>[^"]+)"'))
def each_clerk_has_task(driver, context, task):
    for child in context["children"]:
        names = [t["name"] for t in driver.tasks(f"clerk.{child['unit']}") if t["plan_id"] == child["id"]]
        assert names == [task], f"{child['unit_name']}: {names}"


@then(parsers.re(rf"{ACTOR} không có nhiệm vụ nào"))
def no_tasks(planflow, driver, actor):
    assert driver.tasks(username(planflow, actor)) == []


@then(parsers.re(rf'{ACTOR} có nhiệm vụ "(?P<task>[^"]+)" của {PLAN}'))
def has_task_for_plan(planflow, driver, context, actor, task, title):
    tasks = [(t["name"], t["plan_id"]) for t in driver.tasks(username(planflow, actor))]
    assert (task, context["plans"][title]) in tasks, tasks


@then(parsers.re(rf"{PLAN} thực hiện {PLAN.replace('title', 'parent')}"))
def implements(driver, context, title, parent):
    assert driver.plan(context["plans"][title])["parent_id"] == context["plans"][parent]


@then(parsers.re(rf"nơi nhận {UNIT_ARG} của {PLAN} (?P<done>đã|chưa) xác nhận đã nhận"
                 r"(?: ngày (?P<on>\d\d/\d\d/\d{4}))?"))
def acknowledged(driver, context, unit, title, done, on):
    [seen] = [r for r in recipients(driver, context, title) if r["unit_name"] == unit]
    assert (vn(seen["acknowledged_at"]) if done == "đã" else seen["acknowledged_at"]) == on


@then(parsers.re(rf"nơi nhận của {PLAN} (?P<exact>là|gồm):"))
def recipient_lines(driver, context, title, exact, datatable):
    seen = recipient_rows(recipients(driver, context, title))
    expected = rows(datatable)
    if exact == "là":
        assert seen == expected
    else:
        assert [row for row in expected if row not in seen] == [], seen


@then(parsers.re(rf'mỗi nơi nhận là đơn vị không phải thực hiện {PLAN} có một nhiệm vụ "{RECEIPT}" '
                 r"trong hộp việc của người dùng nào đó"))
def every_unit_has_a_receiver(planflow, driver, context, title):
    """Only this plan sent receipts here; each unit recipient needs a task that someone can act on."""
    units = [r["unit_name"] for r in recipients(driver, context, title) if r["unit"] and not r["implements"]]
    context["receipts"] = receipt_tasks(planflow, driver)
    assert len(context["receipts"]) == len(units), \
        f"nơi nhận {units}, nhiệm vụ ai đó xử lý được: {[t['unit_name'] for _, t in context['receipts'].values()]}"


@then(parsers.re(rf"mọi nơi nhận là đơn vị không phải thực hiện {PLAN} đã xác nhận đã nhận"))
def all_acknowledged(driver, context, title):
    view = [r for r in recipients(driver, context, title) if r["unit"] and not r["implements"]]
    assert view and [r["line"] for r in view if not r["acknowledged_at"]] == []


@then(parsers.re(rf"mọi đơn vị phải thực hiện {PLAN} đều là cấp xã"))
def only_communes(planflow, driver, context, title):
    codes = {r["unit"] for r in recipients(driver, context, title) if r["implements"]}
    with planflow.unit_of_work() as ctx:
        levels = set(ctx.session.scalars(select(Unit.level).where(Unit.code.in_(codes))))
    assert codes and levels == {"commune"}
    assert {unit_code(planflow, c["unit_name"]) for c in context["children"]} == codes
