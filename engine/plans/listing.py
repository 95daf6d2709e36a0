"""The plan list: the plans a user may see, searched and filtered, and the lateness of each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypedDict

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from engine.models import Obligation, Plan, PlanStatus, Unit, User
from engine.models.plan import urgency_rank
from engine.org.access import visible_obligations, visible_plans
from engine.reporting.reports import ObligationView, obligation_rows
from engine.text import fold, nfc

PAGE_SIZE = 50

# Plans nobody works on any more: issued, closed, or terminated by an administrator.
SETTLED = (PlanStatus.ISSUED, PlanStatus.CLOSED, PlanStatus.TERMINATED)
# A settled plan's urgency is history: only plans still being worked on rise to the top.
_PENDING_URGENCY = case((Plan.status.in_([s.value for s in SETTLED]), 0), else_=urgency_rank(Plan.urgency.expression))


@dataclass(frozen=True)
class PlanFilter:
    q: str = ""
    status: str = ""
    level: str = ""
    year: int | None = None
    urgency: str = ""
    page: int = 1


class PlanRow(TypedDict):
    """A plan as the plan list and the cascade show it."""

    id: int
    unit: str
    unit_name: str
    level: str
    title: str | None
    status: str
    number: str | None
    year: int
    urgency: str
    due_date: date | None
    issued_date: date | None
    parent_id: int | None
    late: bool


def overdue_from(plan: Plan) -> date | None:
    """The first day on which the plan is late ("trước ngày X" → X; "chậm nhất ngày X" → the day after)."""
    if plan.due_date is None:
        return None
    return plan.due_date + timedelta(days=1) if plan.due_inclusive else plan.due_date


def is_late(plan: Plan, today: date) -> bool:
    """Issued on or after its first late day, or not issued by then; a terminated plan is owed no more."""
    late_from = overdue_from(plan)
    return late_from is not None and plan.status != PlanStatus.TERMINATED and (plan.issued_date or today) >= late_from


def search_plans(session: Session, user: User, wanted: PlanFilter, today: date) -> tuple[list[PlanRow], int]:
    """One page of the plans the user may see that match, urgent work first then newest, and how many match."""
    query = visible_plans(user).join(Unit, Unit.id == Plan.unit_id)
    if wanted.status:
        query = query.where(Plan.status == wanted.status)
    if wanted.level:
        query = query.where(Unit.level == wanted.level)
    if wanted.year:
        query = query.where(Plan.year == wanted.year)
    if wanted.urgency:
        query = query.where(Plan.urgency == wanted.urgency)
    if wanted.q:
        query = query.where(_matches(wanted.q))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(_PENDING_URGENCY.desc(), Plan.id.desc())
                           .offset((max(wanted.page, 1) - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return [plan_row(plan, today) for plan in rows], total


def _matches(text: str) -> ColumnElement[bool]:
    """Title, unit name or code, or the number as written ("01/KH-UBND" or "1")."""
    needle = f"%{nfc(text).strip()}%"
    number = text.strip().split("/")[0]
    clauses = [Plan.title.ilike(needle), Unit.name.ilike(needle), Unit.code == text.strip()]
    if number.isdigit():
        clauses.append(Plan.number == int(number))
    if fold(text) != nfc(text).strip():  # SQLite's LIKE folds ASCII only: also try the lower-case form
        clauses.append(Plan.title.ilike(f"%{fold(text)}%"))
    return or_(*clauses)


def plan_row(plan: Plan, today: date) -> PlanRow:
    return {"id": plan.id, "unit": plan.unit.code, "unit_name": plan.unit.committee_name, "level": plan.unit.level,
            "title": plan.title, "status": plan.status, "number": plan.number_symbol, "year": plan.year,
            "urgency": plan.urgency,
            "due_date": plan.due_date, "issued_date": plan.issued_date, "parent_id": plan.parent_id,
            "late": is_late(plan, today)}


def cascade_tree(session: Session, user: User, plan: Plan, today: date) -> list[dict]:
    """The plans beneath this one that the user may see, each with its own children, level by level."""
    visible = visible_plans(user).with_only_columns(Plan.id)
    nodes: dict[int, dict] = {plan.id: {"children": []}}
    parents = [plan.id]
    while parents:
        rows = session.scalars(select(Plan).where(Plan.parent_id.in_(parents), Plan.id.in_(visible))
                               .order_by(Plan.parent_id, Plan.id)).all()
        for child in rows:
            nodes[child.id] = {**plan_row(child, today), "children": []}
            assert child.parent_id is not None  # selected by its parent
            nodes[child.parent_id]["children"].append(nodes[child.id])
        parents = [child.id for child in rows]
    return nodes[plan.id]["children"]


def plan_obligations(session: Session, user: User, plan_id: int, today: date) -> list[ObligationView]:
    """The reports a plan requires that the user may see (a commune sees its own in the district's plan)."""
    mine = set(session.scalars(visible_obligations(user).with_only_columns(Obligation.id)
                               .where(Obligation.plan_id == plan_id)))
    return [row for row in obligation_rows(session, today, plan_id=plan_id) if row["id"] in mine]
