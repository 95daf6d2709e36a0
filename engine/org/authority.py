"""Who may act on a task: one rule, used by the runtime, the inbox, the claims and the mailer.

A user may act on a task when they hold one of its lane's roles at the task's unit (held there, or at
the focal agency of that committee: a role at any other agency acts for that agency only), or a
delegation in force on the day lends them one; a claimed task is completed by its holder only. The
same rule is written below twice over the same definitions: in Python for one user and one task
(completing, claiming), and as SQL conditions for set-based reads
(the mailer finds everyone who should hear of a new task in one query).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, String, exists, func, literal, select
from sqlalchemy.orm import Session

from engine.context import Authority
from engine.errors import Conflict, Forbidden
from engine.models import Delegation, HumanTask, RoleAssignment, Unit, User
from engine.org.delegation import DELEGABLE, in_force
from engine.org.roles import ROLE_TITLES
from engine.org.units import acting_roles

__all__ = ["Authority", "authority", "held_roles", "may_act", "require_task_authority", "task_roles"]


def task_roles(task: Any) -> set[str]:
    """A task row's lane roles (stored comma-separated)."""
    return {role for role in task.roles.split(",") if role}


def held_roles(session: Session, user: User, day: date) -> dict[int, set[str]]:
    """Unit id → the roles the user may use there on the day: their own, and those lent by a delegation in force."""
    held: dict[int, set[str]] = {}
    for assignment in user.roles:
        for unit_id in assignment.acts_for:
            held.setdefault(unit_id, set()).add(assignment.role)
    for delegation in in_force(session, user, day):
        held.setdefault(delegation.unit_id, set()).add(delegation.role)
    return held


def may_act(held: dict[int, set[str]], task: Any) -> bool:
    """Whether roles held as `held_roles` returns them include one of the task's at its unit."""
    return bool(held.get(task.unit_id, set()) & task_roles(task))


def authority(session: Session, user: User, unit_id: int, wanted: Iterable[str], day: date) -> Authority:
    """The roles among `wanted` the user may use at the unit: their own first, else lent by a delegation.

    A vice chair signing in the 'Lãnh đạo UBND' lane during the chair's delegation signs KT. as vice chair
    (their own role) and on the chair's behalf: the audit names both.
    """
    wanted = set(wanted)
    own = wanted & acting_roles(user, unit_id)
    lendable = (wanted - own) & DELEGABLE.keys()  # only then can a delegation add anything: most steps read none
    lent = [d for d in in_force(session, user, day) if d.unit_id == unit_id and d.role in lendable] if lendable else []
    return Authority(own or {d.role for d in lent}, lent[0].delegator if lent else None)


def require_task_authority(session: Session, user: User, task: Any, day: date) -> Authority:
    """The authority the user completes a task with; refused without a role for it, or while another holds it."""
    acting = authority(session, user, task.unit_id, task_roles(task), day)
    if not acting.roles:
        wanted = ", ".join(ROLE_TITLES.get(r, r) for r in sorted(task_roles(task)))
        raise Forbidden(f"Bạn không có vai trò ({wanted or 'không xác định'}) để xử lý nhiệm vụ này tại đơn vị.")
    if task.claimed_by and task.claimed_by != user.username:
        raise Conflict(f"Nhiệm vụ '{task.name}' đang do {holder_name(session, task.claimed_by)} xử lý; "
                       "dữ liệu của bạn chưa được ghi.")
    return acting


def holder_name(session: Session, username: str) -> str:
    """'Full Name (username)' of whoever holds a task, as messages name them."""
    full_name = session.scalar(select(User.full_name).where(User.username == username))
    return f"{full_name} ({username})" if full_name else username


# The same rule in SQL, correlated to a task row and a user row of the enclosing query.
_USERS, _ROLES, _UNITS, _TASKS = User.__table__, RoleAssignment.__table__, Unit.__table__, HumanTask.__table__
_DELEGATIONS = Delegation.__table__


def _task_needs(role: ColumnElement[str]) -> ColumnElement[bool]:
    """`roles` is the task row's comma-separated role codes."""
    return (literal(",", String) + _TASKS.c.roles + literal(",", String)).like(
        literal("%,", String) + role + literal(",%", String))


# A role held at the task's unit or at the FOCAL agency of that committee (RoleAssignment.acts_for): a role at
# any other agency acts at that agency only, so it counts only through the first condition.
_FOCAL_AGENCY_OF_TASK_UNIT = (select(_UNITS.c.id).where(_UNITS.c.parent_id == _TASKS.c.unit_id,
                                                        _UNITS.c.level == "agency", _UNITS.c.is_focal.is_(True))
                              .correlate_except(_UNITS))
HOLDS_TASK_ROLE = exists().where(
    _ROLES.c.user_id == _USERS.c.id, _task_needs(_ROLES.c.role),
    (_ROLES.c.unit_id == _TASKS.c.unit_id) | _ROLES.c.unit_id.in_(_FOCAL_AGENCY_OF_TASK_UNIT),
).correlate_except(_ROLES)
# A delegation lending one of the task's roles at its unit, in force on the day the task was created.
# date() is SQLite's day of a timestamp and a cast on PostgreSQL.
_TASK_DAY = func.date(_TASKS.c.created_at, type_=Date)
LENT_TASK_ROLE = exists().where(
    _DELEGATIONS.c.delegate_id == _USERS.c.id, _DELEGATIONS.c.unit_id == _TASKS.c.unit_id,
    _task_needs(_DELEGATIONS.c.role), _DELEGATIONS.c.cancelled_at.is_(None),
    _DELEGATIONS.c.starts_on <= _TASK_DAY, _DELEGATIONS.c.ends_on >= _TASK_DAY,
).correlate_except(_DELEGATIONS)
MAY_ACT_ON_TASK = HOLDS_TASK_ROLE | LENT_TASK_ROLE
