"""Tổ chức thực hiện as data: assignments with conditions, reports on request, periodic phrases."""

from __future__ import annotations

from pathlib import Path

from bdd_support import (
    ACTOR,
    APPROVE,
    DRAFT,
    UNIT,
    UNIT_ARG,
    assert_table,
    attempt,
    day,
    prefilled,
    remember,
    rows,
    unit_code,
    username,
)
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from engine.models import (
    KIND_LABELS,
    OBLIGATION_LABELS,
    IncomingEntry,
    Obligation,
    Plan,
    ReportingRequirement,
    ReportKind,
    Unit,
)
from engine.org.units import get_user
from engine.plans.documents import report_document
from engine.plans.imports import EXTERNAL, ImportChoice, import_plan, mark_unresolved, review_of, start_child
from engine.reading import read_plan_file
from engine.reporting.assignments import assignments_view
from engine.reporting.obligations import requirements_of
from engine.reporting.reports import STANDING_LABELS, standing
from engine.reporting.requests import request_report

scenarios("giao_nhiem_vu.feature", "ke_hoach_co_co_quan.feature")

PLANS = Path(__file__).parent.parent / "tests" / "data" / "plans"
# An agency of the demo as users name it ("Phòng Tư pháp huyện Tứ Kỳ"), and one of its people.
AGENCY = r"(?P<agency>(?:Phòng|Văn phòng|Thanh tra|Trung tâm|Sở)[^\"]*?)"
CHECK_REPORT, DRAFT_REPORT = "Tiếp nhận báo cáo của đơn vị", "Soạn báo cáo"
ROLE_WORDS = {"chuyên viên": "officer", "trưởng phòng": "head"}

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
                          "last": o.deadline.last_day.strftime("%d/%m/%Y")})
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


# --- a plan from another system, and its agencies' reports -------------------------------------------------


@given(parsers.re(rf'{ACTOR} đã nhập văn bản "(?P<name>[^"]+)" làm kế hoạch cấp trên của {UNIT_ARG}'))
def import_parent(planflow, context, actor, name, unit):
    data, issuer = (PLANS / name).read_bytes(), unit_code(planflow, unit)
    with planflow.unit_of_work() as ctx:
        user = get_user(ctx.session, username(planflow, actor))
        review = review_of(read_plan_file(data, name))
        mark_unresolved(ctx, review, issuer)  # lines naming no unit of ours are left for the officer to check
        context["parent"] = import_plan(ctx, user, review, ImportChoice(EXTERNAL, issuer)).id


def _external(planflow, number: str) -> Plan:
    with planflow.unit_of_work() as ctx:
        plans = ctx.session.scalars(select(Plan).where(Plan.origin == "external")).all()
        found = [p for p in plans if p.number_symbol == number]
        assert len(found) == 1, [p.number_symbol for p in plans]
        ctx.session.expunge(found[0])
        return found[0]


@then(parsers.re(rf'kế hoạch "(?P<number>[^"]+)" của {UNIT_ARG} ban hành ngày (?P<issued>[\d/]+) có trong hệ thống, '
                 r'ghi "Ban hành ngoài hệ thống"'))
def external_recorded(planflow, driver, number, unit, issued):
    plan = _external(planflow, number)
    assert (plan.unit.committee_name, plan.issued_date) == (unit, day(issued))
    assert driver.plan(plan.id)["origin"] == "external"


@then(parsers.re(rf'sổ văn bản đến năm (?P<year>\d{{4}}) của {UNIT_ARG} có kế hoạch "(?P<number>[^"]+)" '
                 r"số đến (?P<incoming>\d+)"))
def incoming_entry(planflow, year, unit, number, incoming):
    plan = _external(planflow, number)
    with planflow.unit_of_work() as ctx:
        entries = ctx.session.scalars(select(IncomingEntry).join(Unit, Unit.id == IncomingEntry.unit_id).where(
            IncomingEntry.year == int(year), IncomingEntry.plan_id == plan.id)).all()
        assert [(e.number, ctx.session.get_one(Unit, e.unit_id).committee_name) for e in entries] == [
            (int(incoming), unit)]


@then(parsers.re(r'kế hoạch "(?P<number>[^"]+)" có các yêu cầu báo cáo như văn bản ghi:'))
def external_requirements(planflow, number, datatable):
    plan = _external(planflow, number)
    with planflow.unit_of_work() as ctx:
        found = [{"label": KIND_LABELS[ReportKind(r.kind)], "due": r.due_text, "day": r.due_date.strftime("%d/%m/%Y")}
                 for r in requirements_of(ctx, plan.id)]
    assert_table(datatable, found, {"loại báo cáo": lambda r: r["label"], "hạn": lambda r: r["due"],
                                    "ngày": lambda r: r["day"]})


@when(parsers.re(rf'{ACTOR} lập kế hoạch thực hiện kế hoạch "(?P<number>[^"]+)"'))
def start_against_external(planflow, context, actor, number):
    code, parent_id = unit_code(planflow, split_unit(actor)), _external(planflow, number).id
    with planflow.unit_of_work() as ctx:
        user = get_user(ctx.session, username(planflow, actor))
        remember(context, start_child(ctx, user, parent_id, code).id)


def split_unit(actor: str) -> str:
    return actor.split(" ", 2)[-1] if actor.startswith(("chuyên viên", "văn thư")) else actor


@then(parsers.re(rf'{UNIT_ARG} phải tiếp nhận theo kế hoạch "(?P<title>[^"]+)":'))
def received_by(planflow, context, unit, title, datatable):
    records = [r for r in _owed(planflow, context["plans"][title])]
    assert_table(datatable, records, COLUMNS)


def _agency_user(planflow, role: str, agency: str) -> str:
    return f"{ROLE_WORDS[role]}.{unit_code_any(planflow, agency)}".lower()


def unit_code_any(planflow, name: str) -> str:
    with planflow.unit_of_work() as ctx:
        codes = [u.code for u in ctx.session.scalars(select(Unit)) if u.committee_name == name]
    assert len(codes) == 1, f"{name}: {codes}"
    return codes[0]


def _report(planflow, unit: str, what: str) -> Obligation:
    with planflow.unit_of_work() as ctx:
        for o in ctx.session.scalars(select(Obligation).order_by(Obligation.id)):
            requirement = ctx.session.get_one(ReportingRequirement, o.requirement_id)
            if o.reporting_unit.committee_name == unit and what in (requirement.description,
                                                                   KIND_LABELS[ReportKind(o.kind)]):
                ctx.session.expunge(o)
                return o
    raise AssertionError(f"{unit} không phải gửi '{what}'")


def _task(driver, user: str, name: str, instance_id: int | None) -> dict | None:
    return next((t for t in driver.tasks(user) if t["name"] == name and t["process_instance_id"] == instance_id),
                None)


@then(parsers.re(rf'(?P<role>chuyên viên|trưởng phòng) {AGENCY} có việc "(?P<task>[^"]+)" cho "(?P<what>[^"]+)"'))
def agency_has_task(planflow, driver, role, agency, task, what):
    report = _report(planflow, agency, what)
    assert _task(driver, _agency_user(planflow, role, agency), task, report.instance_id) is not None


@then(parsers.re(rf'{ACTOR} không có việc "(?P<task>[^"]+)" cho "(?P<what>[^"]+)"'))
def committee_has_no_task(planflow, driver, actor, task, what):
    report = _report(planflow, "Phòng Tư pháp huyện Tứ Kỳ", what)
    assert _task(driver, username(planflow, actor), task, report.instance_id) is None


@when(parsers.re(rf'{AGENCY} soạn, thẩm định, ký và gửi "(?P<what>[^"]+)"'))
def agency_sends(planflow, driver, agency, what):
    report = _report(planflow, agency, what)
    officer, head = (_agency_user(planflow, role, agency) for role in ("chuyên viên", "trưởng phòng"))
    draft = _task(driver, officer, DRAFT_REPORT, report.instance_id)
    assert draft is not None
    driver.complete(officer, draft["id"], {**prefilled(draft), "results": f"Kết quả của {agency}"})
    for name in ("Thẩm định báo cáo", "Phê duyệt, ký báo cáo", "Vào sổ, gửi báo cáo"):
        task = _task(driver, head, name, report.instance_id)
        assert task is not None, f"{head} không có việc '{name}'"
        driver.complete(head, task["id"], APPROVE if name != "Vào sổ, gửi báo cáo" else {})


@when(parsers.re(rf'{ACTOR} tiếp nhận "(?P<what>[^"]+)" của {AGENCY}'))
def accept_agency_report(planflow, driver, actor, what, agency):
    report = _report(planflow, agency, what)
    user = username(planflow, actor)
    task = _task(driver, user, CHECK_REPORT, report.instance_id)
    assert task is not None
    driver.complete(user, task["id"], {"verdict": "accept"})


@then(parsers.re(rf'"(?P<what>[^"]+)" của {AGENCY} "(?P<status>[^"]+)", "(?P<standing_label>[^"]+)", '
                 r'do "(?P<title>[^"]+)" ký'))
def agency_report_state(planflow, clock, what, agency, status, standing_label, title):
    report = _report(planflow, agency, what)
    assert OBLIGATION_LABELS[report.status] == status
    assert STANDING_LABELS[standing(report, clock.now().date())] == standing_label
    with planflow.unit_of_work() as ctx:
        signed = report_document(ctx.session, ctx.session.get_one(Obligation, report.id)).signature
    assert title.upper() in signed, signed
