"""Tổ chức thực hiện as data: who must do what, lead or support, on what condition, and what each owes.

An assignment keeps its assignee line as written ("Các phòng, ban thuộc huyện và UBND các xã, thị trấn") beside
the units it resolved to on the day, its responsibilities as written, and an optional condition ("đối với địa
phương chưa phân công …") that applies only to the units an officer marks. What it owes — its own sub-plan,
periodic reports, reports on request, a deliverable by a date — are reporting requirements that point at it, so
they are scheduled, reminded, escalated and consolidated like every other obligation, for agencies exactly as for
subordinate committees.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import iso
from engine.context import Ctx
from engine.errors import InvalidInput
from engine.models import (
    KIND_LABELS,
    Assignment,
    AssignmentUnit,
    Obligation,
    Plan,
    ReportingRequirement,
    ReportKind,
    Unit,
)
from engine.org.recipients import resolve
from engine.reporting.deadlines import Window
from engine.reporting.requirements import (
    Organisation,
    form_items,
    period_label,
    plan_requirements,
    requirements_of,
    set_requirements,
)
from engine.text import clean

ASSIGNMENTS_MAX = 60  # a plan assigns a few dozen agencies and groups at most
RESPONSIBILITIES_MAX = 40
TEXT_MAX = 4000
SIGNERS = {"own": "Thủ trưởng đơn vị ký", "committee": "Lãnh đạo UBND ký"}


def set_assignments(ctx: Ctx, plan: Plan, items: object) -> list[Assignment]:
    """Replace the plan's assignments and what they owe; all are checked before anything is stored."""
    written = _items(items)
    organisation = Organisation(ctx, plan)
    drafts = [_assignment(ctx, plan, number, item) for number, item in enumerate(written, start=1)]
    _remove_assignments(ctx, plan)
    ctx.session.add_all(a for a, _ in drafts)
    ctx.session.flush()
    for assignment, owes in drafts:
        set_requirements(ctx, plan, [{**owed, "reporters": assignment.line, "assigned": True,
                                      "condition": assignment.condition} for owed in owes],
                         organisation, assignment=assignment)
    return [a for a, _ in drafts]


def _items(items: object) -> list[dict]:
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise InvalidInput("'Tổ chức thực hiện' phải là danh sách các nhiệm vụ.", {"assignments": "phải là danh sách"})
    if len(items) > ASSIGNMENTS_MAX:
        raise InvalidInput(f"'Tổ chức thực hiện' có {len(items)} mục, vượt giới hạn {ASSIGNMENTS_MAX} mục.",
                           {"assignments": f"tối đa {ASSIGNMENTS_MAX} mục"})
    return items


def _assignment(ctx: Ctx, plan: Plan, number: int, item: dict) -> tuple[Assignment, list[dict]]:
    line = _text(item.get("line") or item.get("agency"), f"Nhiệm vụ thứ {number}: đơn vị thực hiện", 500)
    if not line:
        raise InvalidInput(f"Nhiệm vụ thứ {number}: cần ghi đơn vị thực hiện.", {"assignments": "thiếu đơn vị"})
    units = _units(ctx, plan, line)
    if not units:
        raise InvalidInput(f"Nhiệm vụ thứ {number}: '{line}' không ứng với đơn vị nào thuộc {plan.unit.committee_name}"
                           " hoặc cấp dưới.", {"assignments": "không ứng với đơn vị nào"})
    condition = _text(item.get("condition"), f"Nhiệm vụ thứ {number}: điều kiện", TEXT_MAX) or None
    marked = _marked(item.get("applies_to"), units, number) if condition else {u.id for u in units}
    signer = str(item.get("signer") or "own")
    if signer not in SIGNERS:
        raise InvalidInput(f"Nhiệm vụ thứ {number}: người ký '{signer}' không hợp lệ (own hoặc committee).")
    assignment = Assignment(
        plan_id=plan.id, position=number, line=line, lead=bool(item.get("lead", item.get("is_focal_point"))),
        responsibilities=_responsibilities(item.get("responsibilities"), number), condition=condition, signer=signer,
        units=[AssignmentUnit(unit_id=u.id, applies=u.id in marked) for u in units],
    )
    owes = item.get("owes") or []
    if not isinstance(owes, list) or not all(isinstance(o, dict) for o in owes):
        raise InvalidInput(f"Nhiệm vụ thứ {number}: 'owes' phải là danh sách.")
    return assignment, owes


def _units(ctx: Ctx, plan: Plan, line: str) -> list[Unit]:
    """The committees and agencies the line names on the day, internal recipients (the issuer's leaders) aside."""
    resolved = resolve(ctx.session, plan.unit, [line], ctx.clock.today())
    units = {r.unit.id: r.unit for r in resolved
             if r.unit is not None and r.unit.id != plan.unit_id and not getattr(r, "internal", False)}
    return list(units.values())


def _marked(codes: object, units: list[Unit], number: int) -> set[int]:
    """The units an officer marked as meeting the condition; none marked means none owes anything yet."""
    if not codes:
        return set()
    if not isinstance(codes, list):
        raise InvalidInput(f"Nhiệm vụ thứ {number}: 'applies_to' phải là danh sách mã đơn vị.")
    by_code = {u.code: u.id for u in units}
    unknown = [str(c)[:40] for c in codes if str(c) not in by_code]
    if unknown:
        raise InvalidInput(f"Nhiệm vụ thứ {number}: đơn vị {', '.join(unknown)} không thuộc những đơn vị mà nhiệm vụ "
                           "này giao.", {"assignments": "đơn vị không thuộc nhiệm vụ"})
    return {by_code[str(c)] for c in codes}


def _responsibilities(value: object, number: int) -> list[str]:
    if value is None:
        return []
    lines = [value] if isinstance(value, str) else value
    if not isinstance(lines, list) or len(lines) > RESPONSIBILITIES_MAX:
        raise InvalidInput(f"Nhiệm vụ thứ {number}: trách nhiệm phải là danh sách, tối đa {RESPONSIBILITIES_MAX} mục.")
    return [text for text in (_text(v, f"Nhiệm vụ thứ {number}: trách nhiệm", TEXT_MAX) for v in lines) if text]


def _text(value: object, label: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{label} phải là văn bản.")
    text = " ".join(clean(value, label).split())
    if len(text) > limit:
        raise InvalidInput(f"{label} dài {len(text)} ký tự, vượt giới hạn {limit} ký tự.")
    return text


def _remove_assignments(ctx: Ctx, plan: Plan) -> None:
    """The old assignments and what they owed; a request already sent keeps its own requirement row."""
    for requirement in requirements_of(ctx, plan.id):
        if requirement.assignment_id is not None and requirement.request_of_id is None:
            ctx.session.delete(requirement)
    for old in assignments_of(ctx.session, plan.id):
        ctx.session.delete(old)
    ctx.session.flush()


def signing_unit(session: Session, obligation: Obligation) -> Unit:
    """Whose leaders sign a report: the reporting unit's, or its committee's where the plan says an agency's report
    is signed by the committee's leader (the signing lane then acts there, and the signature is the committee's)."""
    unit = obligation.reporting_unit
    requirement = session.get(ReportingRequirement, obligation.requirement_id)
    assignment = session.get(Assignment, requirement.assignment_id) if requirement and requirement.assignment_id \
        else None
    if assignment is None or assignment.signer != "committee" or unit.level != "agency" or unit.parent is None:
        return unit
    return unit.parent


def assignments_of(session: Session, plan_id: int) -> list[Assignment]:
    return list(session.scalars(select(Assignment).where(Assignment.plan_id == plan_id).order_by(Assignment.position)))


def owing_sub_plans(ctx: Ctx, plan: Plan) -> list[tuple[str, Unit]]:
    """(assignee line, unit) for each unit an assignment makes owe its own plan: the cascade starts one there."""
    owed = {r.assignment_id for r in requirements_of(ctx, plan.id)
            if r.kind == ReportKind.SUB_PLAN and r.assignment_id is not None}
    return [(a.line, u.unit) for a in assignments_of(ctx.session, plan.id) if a.id in owed
            for u in a.units if u.applies]


# --- views --------------------------------------------------------------------------------------


def requirement_view(r: ReportingRequirement) -> dict[str, Any]:
    """A requirement as its pages and `plan show --json` show it: as written, and what it resolved to."""
    window = Window(r.cutoff_from, r.cutoff_to, r.cutoff_source or "written") \
        if r.cutoff_from and r.cutoff_to else None
    return {
        "id": r.id, "kind": r.kind, "kind_label": KIND_LABELS[ReportKind(r.kind)], "reporters": r.reporters,
        "to_superior": r.to_superior, "via": r.via, "due_text": r.due_text,
        "due_date": None if r.on_request else iso(r.due_date), "inclusive": r.due_inclusive,
        "on_request": r.on_request, "recurrence": r.recurrence, "condition": r.condition,
        "period": period_label(r), "description": r.description, "assignment_id": r.assignment_id,
        "request_of_id": r.request_of_id,
        "requested_by": r.requested_by,
        "cutoff": {"from": iso(r.cutoff_from), "to": iso(r.cutoff_to), "source": r.cutoff_source,
                   "label": window.label} if window else None,
        "warning": r.warning,
    }


def requirements_view(session: Session, plan_id: int) -> list[dict[str, Any]]:
    return [requirement_view(r) for r in plan_requirements(session, plan_id)]


def assignments_view(session: Session, plan_id: int) -> list[dict[str, Any]]:
    owed: dict[int, list[dict[str, Any]]] = {}
    for r in plan_requirements(session, plan_id):
        if r.assignment_id is not None:
            owed.setdefault(r.assignment_id, []).append(requirement_view(r))
    return [{
        "id": a.id, "line": a.line, "lead": a.lead, "responsibilities": a.responsibilities,
        "condition": a.condition, "signer": a.signer, "signer_label": SIGNERS[a.signer],
        "units": [{"code": u.unit.code, "name": u.unit.committee_name, "level": u.unit.level, "applies": u.applies}
                  for u in a.units],
        "owes": owed.get(a.id, []),
    } for a in assignments_of(session, plan_id)]


def draft_defaults(ctx: Ctx, plan: Plan) -> dict[str, Any]:
    """What the draft form shows of the plan's requirements and assignments: inherited rows included, so an
    officer sees them, may tighten them, and cannot lose them by filling another row."""
    rows = requirements_of(ctx, plan.id)
    owed: dict[int, list[ReportingRequirement]] = {}
    for r in rows:
        if r.assignment_id is not None:
            owed.setdefault(r.assignment_id, []).append(r)
    assignments = [{k: v for k, v in {
        "line": a.line, "lead": a.lead or None, "responsibilities": a.responsibilities or None,
        "condition": a.condition, "signer": a.signer if a.signer != "own" else None,
        "applies_to": [u.unit.code for u in a.units if u.applies] if a.condition else None,
        "owes": [{k: v for k, v in item.items() if k in ("kind", "due", "description", "via")}
                 for item in form_items(owed.get(a.id, []))] or None,
    }.items() if v is not None} for a in assignments_of(ctx.session, plan.id)]
    return {"reporting": form_items(r for r in rows if r.assignment_id is None), "assignments": assignments}
