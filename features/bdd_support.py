"""Vocabulary of the behaviour tests: how users name units, people, statuses and dates.

Imported by features/conftest.py (shared steps) and the per-feature step modules.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from operator import itemgetter

from sqlalchemy import select

from engine.errors import Conflict, Forbidden, InvalidDefinition, InvalidInput
from engine.models import KIND_LABELS, Notification, Obligation, Plan, ReportKind, Unit, User

ROLES = {"chuyên viên": "officer", "trưởng phòng": "head", "phó chủ tịch": "vice_chair",
         "chủ tịch": "chair", "văn thư": "clerk"}
# A unit as users name it; its proper-name words are capitalised (every demo name starts with A-Z or Đ).
UNIT = r"(?:UBND (?:tỉnh|huyện|xã|thành phố)(?: [A-ZĐ]\w*)+|Bộ Nội vụ|Sở Nội vụ tỉnh(?: [A-ZĐ]\w*)+)"
ACTOR = rf"(?P<actor>(?:chuyên viên|trưởng phòng|phó chủ tịch|chủ tịch|văn thư) {UNIT})"
UNIT_ARG = rf"(?P<unit>{UNIT})"
STATUSES = {"chờ tiếp nhận": "received", "đang soạn thảo": "drafting", "đang thẩm định": "in_review",
            "chờ ký": "awaiting_signature", "đã ký": "approved", "đã ban hành": "issued"}
DECISION_TASK = {"head": "Thẩm định dự thảo kế hoạch", "chair": "Phê duyệt, ký kế hoạch",
                 "vice_chair": "Phê duyệt, ký kế hoạch"}
REFUSALS = {"dữ liệu không hợp lệ": InvalidInput, "không có quyền": Forbidden, "xung đột": Conflict,
            "quy trình không hợp lệ": InvalidDefinition}
DRAFT = "Soạn thảo dự thảo kế hoạch"
RECEIVE = "Tiếp nhận kế hoạch cấp trên"
ISSUE = "Vào sổ, ban hành kế hoạch"


# --- Helpers -----------------------------------------------------------------------------------

def day(text: str) -> date:
    """'15/04/2024' → date(2024, 4, 15)."""
    return datetime.strptime(text.strip(), "%d/%m/%Y").date()


def vn(value: str | None) -> str | None:
    """An ISO date as the user reads it: '2024-04-15' → '15/04/2024'."""
    return date.fromisoformat(value[:10]).strftime("%d/%m/%Y") if value else None


def unit_code(planflow, name: str) -> str:
    """The code of the unit a user calls by its name ('UBND huyện Tứ Kỳ', 'Sở Nội vụ tỉnh Hải Dương')."""
    with planflow.unit_of_work() as ctx:
        today = ctx.clock.today()
        for unit in ctx.session.scalars(select(Unit)):
            if unit.committee_name == name and unit.is_valid_on(today):
                return unit.code
    raise AssertionError(f"Không có đơn vị tên '{name}'")


def split_actor(actor: str) -> tuple[str, str]:
    """'phó chủ tịch UBND huyện Tứ Kỳ' → ('vice_chair', 'UBND huyện Tứ Kỳ')."""
    role = next(r for r in sorted(ROLES, key=len, reverse=True) if actor.startswith(r + " "))
    return ROLES[role], actor[len(role) + 1:]


def username(planflow, actor: str) -> str:
    """'chuyên viên UBND huyện Tứ Kỳ' → 'officer.298'."""
    role, unit = split_actor(actor)
    return f"{role}.{unit_code(planflow, unit)}"


def latest_plan(planflow, name: str) -> int:
    """The newest plan of the unit with this name (a sub-plan it received, or one it started)."""
    code = unit_code(planflow, name)
    with planflow.unit_of_work() as ctx:
        plan_id = ctx.session.scalar(select(Plan.id).join(Plan.unit).where(Unit.code == code)
                                     .order_by(Plan.id.desc()).limit(1))
    assert plan_id is not None, f"{name} chưa có kế hoạch nào"
    return plan_id


def remember(context: dict, plan_id: int, title: str | None = None) -> int:
    context["plan"] = plan_id
    if title:
        context.setdefault("plans", {})[title] = plan_id
    return plan_id


def plan_ref(context: dict, title: str | None) -> int:
    return context["plans"][title] if title else context["plan"]


def attempt(context: dict, driver, action) -> None:
    """Try what a user tries; keep the refusal and what the plan looked like before."""
    context["before"] = driver.plan(context["plan"]) if "plan" in context else None
    context["error"] = None
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - the Then steps say which refusal was expected
        context["error"] = exc


def issue_new_plan(planflow, driver, context, unit: str, title: str, **draft) -> int:
    """The whole lifecycle at a unit: the officer starts and drafts, head, chair, clerk."""
    code = unit_code(planflow, unit)
    plan_id = remember(context, driver.start_plan(code, f"officer.{code}"), title)
    driver.issue(plan_id, code, title=title, **draft)
    return plan_id


def rows(datatable) -> list[dict[str, str]]:
    """A table with a header row as dicts; blank cells are empty strings."""
    header, *body = datatable
    return [dict(zip(header, (cell.strip() for cell in row), strict=True)) for row in body]


# --- Reports: periodic reports, scoring, notices -------------------------------------------------

# A report as users name it in a sentence, and as the tables label it ("Báo cáo sơ kết 6 tháng").
KIND = r"(?P<kind>báo cáo sơ kết 6 tháng|báo cáo tổng kết năm|kết quả tự chấm điểm)"
REPORT_KINDS = {"báo cáo sơ kết 6 tháng": ReportKind.SIX_MONTH, "báo cáo tổng kết năm": ReportKind.ANNUAL,
                "kết quả tự chấm điểm": ReportKind.SCORING}
KIND_BY_LABEL = {label: kind for kind, label in KIND_LABELS.items()}
NOTICE_KINDS = {"nhắc hạn": "reminder", "quá hạn": "overdue", "đôn đốc": "escalation", "trả lại": "returned"}
# The indicators of a report as a sentence states them, in the form's order.
INDICATOR_SENTENCE = (r'(?P<dialogues_held>\d+) cuộc đối thoại, (?P<complaints_resolved>\d+) đơn thư được giải quyết, '
                      r'(?P<dvk_models>\d+) mô hình "Dân vận khéo"')
INDICATOR_NAMES = ("dialogues_held", "complaints_resolved", "dvk_models")
APPROVE = {"decision": "approve"}
DRAFT_REPORT = "Soạn báo cáo"
CHECK_REPORT = "Tiếp nhận báo cáo của đơn vị"


def find_unit(planflow, name: str) -> tuple[int, str]:
    """(id, code) of the unit with this name: the one valid today, else the last one that was (dissolved units)."""
    with planflow.unit_of_work() as ctx:
        today = ctx.clock.today()
        units = [u for u in ctx.session.scalars(select(Unit).order_by(Unit.valid_from)) if u.committee_name == name]
        current = [u for u in units if u.is_valid_on(today)] or units
        assert current, f"Không có đơn vị tên '{name}'"
        return current[-1].id, current[-1].code


def actor_username(planflow, actor: str) -> str:
    """Like `username`, also for the people of a unit that no longer exists."""
    role, unit = split_actor(actor)
    return f"{role}.{find_unit(planflow, unit)[1]}"


def unit_plan(planflow, name: str) -> int:
    """The newest plan of a unit, also after the unit was dissolved."""
    unit_id = find_unit(planflow, name)[0]
    with planflow.unit_of_work() as ctx:
        plan_id = ctx.session.scalar(select(Plan.id).where(Plan.unit_id == unit_id).order_by(Plan.id.desc()).limit(1))
    assert plan_id is not None, f"{name} chưa có kế hoạch nào"
    return plan_id


def obligation_of(planflow, unit: str, kind: str) -> dict:
    """The newest report of this kind the unit must send: id, process instance, number, receiver."""
    unit_id = find_unit(planflow, unit)[0]
    with planflow.unit_of_work() as ctx:
        found = ctx.session.scalar(select(Obligation).where(
            Obligation.reporting_unit_id == unit_id, Obligation.kind == str(REPORT_KINDS[kind]))
            .order_by(Obligation.id.desc()).limit(1))
        assert found is not None, f"{unit} không phải gửi {kind}"
        return {"id": found.id, "instance_id": found.instance_id, "number": found.number_symbol,
                "receiver": found.receiving_unit.code, "receiver_name": found.receiving_unit.committee_name,
                "content": dict(found.content), "year": found.year}


def report_task(driver, user: str, name: str, instance_id: int | None) -> dict | None:
    """The task of this name in the user's inbox that belongs to this report, if any."""
    return next((t for t in driver.tasks(user) if t["name"] == name and t["process_instance_id"] == instance_id),
                None)


def act_on_report(driver, user: str, name: str, instance_id: int | None, data: dict) -> None:
    task = report_task(driver, user, name, instance_id)
    assert task is not None, f"{user} không có việc '{name}': {[t['name'] for t in driver.tasks(user)]}"
    driver.complete(user, task["id"], data)


def send_report(planflow, driver, unit: str, kind: str, data: dict | None, signer: str = "chair") -> None:
    """The unit's officer drafts (the prefilled form when no data is given), its head reviews, its chair or a
    vice chair signs, its clerk registers and sends."""
    code = find_unit(planflow, unit)[1]
    instance_id = obligation_of(planflow, unit, kind)["instance_id"]
    if data is None:
        task = report_task(driver, f"officer.{code}", DRAFT_REPORT, instance_id)
        assert task is not None, f"{unit} chưa có việc '{DRAFT_REPORT}'"
        data = prefilled(task)
    for user, name, payload in ((f"officer.{code}", DRAFT_REPORT, data), (f"head.{code}", "Thẩm định báo cáo", APPROVE),
                                (f"{signer}.{code}", "Phê duyệt, ký báo cáo", APPROVE),
                                (f"clerk.{code}", "Vào sổ, gửi báo cáo", {})):
        act_on_report(driver, user, name, instance_id, payload)


def check_report(planflow, driver, actor: str, kind: str, unit: str, verdict: dict) -> None:
    """The receiving unit's officer accepts or returns the report this unit sent."""
    act_on_report(driver, actor_username(planflow, actor), CHECK_REPORT,
                  obligation_of(planflow, unit, kind)["instance_id"], verdict)


def prefilled(task: dict) -> dict:
    """What the form shows before the user types anything."""
    return {name: field["default"] for name, field in task["form"].get("properties", {}).items()
            if field.get("default") is not None}


def indicators(groups: dict) -> dict[str, int]:
    return {name: int(groups[name]) for name in INDICATOR_NAMES}


def notices(planflow, user: str | None = None, after: int = 0) -> list[tuple[int, str, str]]:
    """(id, kind, text) of the notifications sent, oldest first; to one user, after a given id."""
    query = (select(Notification.id, Notification.kind, Notification.text).join(User, User.id == Notification.user_id)
             .where(Notification.id > after).order_by(Notification.id))
    if user:
        query = query.where(User.username == user)
    with planflow.unit_of_work() as ctx:
        return [tuple(row) for row in ctx.session.execute(query)]


def last_notice(planflow) -> int:
    found = notices(planflow)
    return found[-1][0] if found else 0


def assert_table(datatable, records: list[dict], columns: dict[str, Callable[[dict], object]]) -> None:
    """The records, shown in the table's columns, are the table's rows (in any order)."""
    expected = rows(datatable)
    headers = list(datatable[0])
    shown = [{h: cell(columns[h](r)) for h in headers} for r in records]
    key = itemgetter(*headers)
    assert sorted(shown, key=key) == sorted(expected, key=key), f"thấy {shown}"


def cell(value: object) -> str:
    """A value as a table cell shows it: blank for nothing, lists comma-separated."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
