"""Delegating signing and review for a date range (ủy quyền); shared steps are in conftest.py."""

from __future__ import annotations

from bdd_support import ACTOR, attempt, day, username
from pytest_bdd import given, parsers, scenarios, then, when

from engine.org.delegation import create_delegation
from engine.org.units import get_user

scenarios("uy_quyen.feature")

DELEGATE = ACTOR.replace("(?P<actor>", "(?P<delegate>")
LENT = {"ký": "chair", "thẩm định": "head"}
RANGE = r"từ (?P<start>\d\d/\d\d/\d{4}) đến (?P<end>\d\d/\d\d/\d{4})"
STEP = rf"{ACTOR} (?:đã )?ủy quyền (?P<what>ký|thẩm định) cho {DELEGATE} {RANGE}"


def lend(planflow, actor: str, delegate: str, what: str, start: str, end: str) -> None:
    """The delegator lends their role (each name read before the unit of work: one transaction at a time)."""
    delegator_name, delegate_name = username(planflow, actor), username(planflow, delegate)
    with planflow.unit_of_work() as ctx:
        delegator = get_user(ctx.session, delegator_name)
        create_delegation(ctx, delegator, delegator, get_user(ctx.session, delegate_name), LENT[what], day(start),
                          day(end))


@given(parsers.re(STEP))
def delegated(planflow, actor, delegate, what, start, end):
    lend(planflow, actor, delegate, what, start, end)


@when(parsers.re(STEP))
def try_delegate(planflow, driver, context, actor, delegate, what, start, end):
    attempt(context, driver, lambda: lend(planflow, actor, delegate, what, start, end))


@when(parsers.re(rf"{ACTOR} thẩm định thay, đồng ý trình ký"))
def review_for_the_head(planflow, driver, context, actor):
    driver.act(username(planflow, actor), "Thẩm định dự thảo kế hoạch", {"decision": "approve"}, context["plan"])


@then(parsers.re(rf'khối chữ ký của kế hoạch là "(?P<lines>[^"]+)" và tên {ACTOR}'))
def signature(planflow, driver, context, lines, actor):
    signer = username(planflow, actor)
    with planflow.unit_of_work() as ctx:
        name = get_user(ctx.session, signer).full_name
    assert driver.plan(context["plan"])["signature"] == [*lines.split(" / "), name]


@then(parsers.re(rf"lịch sử kế hoạch ghi {ACTOR} (?P<what>ký|thẩm định) thay {DELEGATE}"))
def acted_on_behalf(planflow, driver, context, actor, what, delegate):
    action = "sign" if what == "ký" else "complete"
    entries = [(a["actor"], a["details"].get("on_behalf_of")) for a in driver.plan(context["plan"])["audit"]
               if a["action"] == action]
    assert (username(planflow, actor), username(planflow, delegate)) in entries, entries
