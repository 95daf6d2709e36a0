"""Reporting requirements are plan data: the usual calendar, a child's earlier deadlines, tightening, warnings."""

from __future__ import annotations

from datetime import timedelta

from bdd_support import (
    ACTOR,
    DRAFT,
    KIND,
    KIND_BY_LABEL,
    KIND_LABELS,
    REPORT_KINDS,
    UNIT_ARG,
    assert_table,
    attempt,
    day,
    remember,
    rows,
    unit_plan,
    username,
)
from pytest_bdd import parsers, scenarios, then, when

from engine.reporting.assignments import requirement_view
from engine.reporting.obligations import requirements_of

scenarios("yeu_cau_bao_cao.feature")

PLAN = rf'kế hoạch (?:"(?P<title>[^"]+)"|của {UNIT_ARG})'
COLUMNS = {"loại báo cáo": "kind", "đơn vị báo cáo": "reporters", "hạn": "due", "chốt số liệu đến": "cutoff_to"}


def plan_id(planflow, context, title: str | None, unit: str | None) -> int:
    return context["plans"][title] if title else unit_plan(planflow, unit)


def requirements(planflow, plan: int) -> list[dict]:
    with planflow.unit_of_work() as ctx:
        return [{"kind": r.kind, "label": KIND_LABELS[r.kind], "reporters": r.reporters, "due": r.due_text,
                 "due_date": r.due_date, "cutoff_to": r.cutoff_to, "warning": r.warning,
                 "cutoff": requirement_view(r)["cutoff"]}
                for r in requirements_of(ctx, plan)]


def requirement_item(row: dict[str, str]) -> dict:
    """A table row as the draft form takes it: kind, reporters, due as written, cut-off as a date."""
    item = {COLUMNS[name]: value for name, value in row.items() if value}
    item["kind"] = str(KIND_BY_LABEL[item["kind"]])
    if "cutoff_to" in item:
        item["cutoff_to"] = day(item["cutoff_to"]).isoformat()
    return item


@when(parsers.re(rf'{ACTOR} trình dự thảo "(?P<title>[^"]+)" với các yêu cầu báo cáo:'))
def draft_with_requirements(planflow, driver, context, actor, title, datatable):
    data = {"title": title, "reporting": [requirement_item(row) for row in rows(datatable)]}
    user = username(planflow, actor)
    attempt(context, driver, lambda: driver.act(user, DRAFT, data, context["plan"]))
    if context["error"] is None:
        remember(context, context["plan"], title)


@then(parsers.re(rf"{PLAN} có các yêu cầu báo cáo:"))
def requirement_table(planflow, context, title, unit, datatable):
    assert context.get("error") is None, context["error"]
    assert_table(datatable, requirements(planflow, plan_id(planflow, context, title, unit)), {
        "loại báo cáo": lambda r: r["label"], "đơn vị báo cáo": lambda r: r["reporters"], "hạn": lambda r: r["due"],
        "chốt số liệu đến": lambda r: r["cutoff_to"].strftime("%d/%m/%Y") if r["cutoff_to"] else None,
        "chốt số liệu": lambda r: r["cutoff"]["label"] if r["cutoff"] else None,
        "cảnh báo": lambda r: "có" if r["warning"] else "không"})


@then(parsers.re(rf"{PLAN} vẫn có các yêu cầu báo cáo được giao từ cấp trên"))
def inherited(planflow, driver, context, title, unit):
    """Each of the parent plan's requirements, due five days earlier, as the plan started with."""
    plan = plan_id(planflow, context, title, unit)
    parent = driver.plan(plan)["parent_id"]
    expected = [(r["kind"], r["due_date"] - timedelta(days=5)) for r in requirements(planflow, parent)]
    assert [(r["kind"], r["due_date"]) for r in requirements(planflow, plan)] == expected


@then(parsers.re(rf'yêu cầu {KIND} của {PLAN} có cảnh báo "(?P<warning>[^"]+)"'))
def warning(planflow, context, kind, title, unit, warning):
    found = [r["warning"] for r in requirements(planflow, plan_id(planflow, context, title, unit))
             if r["kind"] == REPORT_KINDS[kind]]
    assert found == [warning]
