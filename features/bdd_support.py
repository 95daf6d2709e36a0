"""Vocabulary of the behaviour tests: how users name units, people, statuses and dates.

Imported by features/conftest.py (shared steps) and the per-feature step modules.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from engine.errors import Conflict, Forbidden, InvalidDefinition, InvalidInput
from engine.models import Plan, Unit

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
