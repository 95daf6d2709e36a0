"""The plan list: the plans a user may see, searched and filtered, and the lateness of each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from engine.deadline import is_late as issued_late
from engine.deadline import label, state
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
    due_text: str | None  # engine/deadline.py label
    due_state: str | None  # engine/deadline.py state, while the plan is still to be issued
    issued_date: date | None
    parent_id: int | None
    late: bool


def is_late(plan: Plan, today: date) -> bool:
    """Issued after its last day, or not issued by then (engine/deadline.py); a terminated plan is owed no more."""
    deadline = plan.deadline
    return deadline is not None and plan.status != PlanStatus.TERMINATED \
        and issued_late(deadline, plan.issued_date or today)


def due_state(plan: Plan, today: date) -> str | None:
    """How near its deadline a plan still to be issued is (engine/deadline.py state); None once settled."""
    deadline = plan.deadline
    if deadline is None or plan.issued_date is not None or plan.status in SETTLED:
        return None
    return state(deadline, today)


def due_text(plan: Plan) -> str | None:
    """The plan's deadline to issue as written ('trước ngày 15/04/2024')."""
    return label(plan.deadline) if plan.deadline is not None else None


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
            "due_date": plan.due_date, "due_text": due_text(plan), "due_state": due_state(plan, today),
            "issued_date": plan.issued_date, "parent_id": plan.parent_id, "late": is_late(plan, today)}


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
