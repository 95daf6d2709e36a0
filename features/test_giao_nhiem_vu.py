"""Tổ chức thực hiện as data: assignments with conditions, reports on request, periodic phrases."""

from __future__ import annotations

from datetime import timedelta

from bdd_support import ACTOR, DRAFT, UNIT, UNIT_ARG, assert_table, attempt, remember, rows, unit_code, username
from pytest_bdd import parsers, scenarios, then, when
from sqlalchemy import select

from engine.models import KIND_LABELS, Obligation, ReportingRequirement, ReportKind
from engine.org.units import get_user
from engine.reporting.assignments import assignments_view
from engine.reporting.obligations import requirements_of
from engine.reporting.requests import request_report

scenarios("giao_nhiem_vu.feature")

KIND_BY_LABEL = {label: kind for kind, label in KIND_LABELS.items()}


def _codes(planflow, names: str) -> list[str]:
    return [unit_code(planflow, name.strip()) for name in names.split(",") if name.strip()]


def _assignment(planflow, row: dict[str, str]) -> dict:
    """A table row as the draft form's "Tổ chức thực hiện" takes it: one line, one thing it owes."""
    owed = {"due": row["hạn"]}
    if row.get("phải gửi"):
        owed["description"] = row["phải gửi"]
    if row.get("loại"):
        owed["kind"] = str(KIND_BY_LABEL[row["loại"]])
    item = {"line": row["đơn vị thực hiện"], "owes": [owed]}
    if row.get("điều kiện"):
        item |= {"condition": row["điều kiện"], "applies_to": _codes(planflow, row.get("áp dụng cho", ""))}
    return item


@when(parsers.re(rf'{ACTOR} trình dự thảo "(?P<title>[^"]+)" với tổ chức thực hiện:'))
def draft_with_assignments(planflow, driver, context, actor, title, datatable):
    data = {"title": title, "assignments": [_assignment(planflow, row) for row in rows(datatable)]}
    attempt(context, driver, lambda: driver.act(username(planflow, actor), DRAFT, data, context["plan"]))
    assert context["error"] is None, context["error"]
    remember(context, context["plan"], title)


def _owed(planflow, plan_id: int, unit: str | None = None) -> list[dict]:
    with planflow.unit_of_work() as ctx:
        rows_ = ctx.session.scalars(select(Obligation).where(Obligation.plan_id == plan_id).order_by(Obligation.id))
        found = []
        for o in rows_:
            requirement = ctx.session.get_one(ReportingRequirement, o.requirement_id)
            if requirement.assignment_id is None or (unit and o.reporting_unit.committee_name != unit):
                continue
            found.append({"unit": o.reporting_unit.committee_name, "due": requirement.due_text,
                          "what": requirement.description or KIND_LABELS[ReportKind(o.kind)],
                          "last": (o.deadline - timedelta(days=1)).strftime("%d/%m/%Y")})
        return found


COLUMNS = {"đơn vị": lambda r: r["unit"], "nội dung": lambda r: r["what"], "hạn": lambda r: r["due"],
           "ngày cuối": lambda r: r["last"]}


@then(parsers.re(r'theo kế hoạch "(?P<title>[^"]+)" các đơn vị phải gửi:'))
def owed_by_all(planflow, context, title, datatable):
    assert_table(datatable, _owed(planflow, context["plans"][title]), COLUMNS)


@then(parsers.re(rf'{UNIT_ARG} phải gửi theo kế hoạch "(?P<title>[^"]+)":'))
def owed_by_one(planflow, context, unit, title, datatable):
    assert_table(datatable, _owed(planflow, context["plans"][title], unit), COLUMNS)


@then(parsers.re(r'nhiệm vụ "(?P<line>[^"]+)" của kế hoạch ghi điều kiện "(?P<condition>[^"]+)" '
                 r'và chỉ áp dụng cho "(?P<units>[^"]+)"'))
def conditional(planflow, context, line, condition, units):
    with planflow.unit_of_work() as ctx:
        [shown] = [a for a in assignments_view(ctx.session, context["plan"]) if a["line"] == line]
    assert shown["condition"] == condition
    assert [u["name"] for u in shown["units"] if u["applies"]] == [u.strip() for u in units.split(",")]


@when(parsers.re(rf'{ACTOR} yêu cầu "(?P<subject>[^"]+)"(?: của (?P<units>{UNIT}(?:, {UNIT})*))? '
                 r'hạn "(?P<due>[^"]+)"'))
def ask_for_report(planflow, driver, context, actor, subject, units, due):
    with planflow.unit_of_work() as ctx:
        [standing] = [r.id for r in requirements_of(ctx, context["plan"]) if r.on_request]
    codes = _codes(planflow, units) if units else None

    def ask() -> None:
        with planflow.unit_of_work() as ctx:
            request_report(ctx, get_user(ctx.session, username(planflow, actor)), standing, due, subject, codes)
    attempt(context, driver, ask)
