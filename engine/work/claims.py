"""Claiming group work: one of the people a task is offered to takes it, so two do not do it twice.

Claiming is optional (as in Camunda): an unclaimed task is completed by anyone eligible, a claimed
one by its holder only (engine.org.authority.require_task_authority). The holder releases it; the unit's head (head at
the focal agency, or chair at the committee) releases it or hands it to another eligible user.
A claim lives on the task row, so it ends when the task leaves READY (completed, returned, cancelled).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypedDict

from sqlalchemy import Row, bindparam, select, update

from engine.bpmn.runtime import check_still_open
from engine.context import Ctx
from engine.deadline import label, of_task, state
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound
from engine.models import Delegation, HumanTask, Unit, User
from engine.notify.notices import notify_users
from engine.org.authority import Authority, authority, held_roles, holder_name, task_roles
from engine.org.delegation import lent_at
from engine.org.roles import Role
from engine.org.units import get_user, role_holders

_TASKS = HumanTask.__table__
TASK = select(_TASKS).where(_TASKS.c.id == bindparam("task_id"))
# Conditional: of two claims racing, the one that finds the task still unheld wins; the other updates nothing.
CLAIM = update(_TASKS).where(
    _TASKS.c.id == bindparam("task_id"), _TASKS.c.status == "ready", _TASKS.c.claimed_by.is_(None)
).values(claimed_by=bindparam("by"), claimed_at=bindparam("at"))
SET_HOLDER = update(_TASKS).where(_TASKS.c.id == bindparam("task_id"), _TASKS.c.status == "ready").values(
    claimed_by=bindparam("by"), claimed_at=bindparam("at"))
MANAGERS = {Role.HEAD, Role.CHAIR}


class Candidate(TypedDict):
    """Someone a task may be handed to; `delegated_until` is the last day of a delegation lending the role."""

    username: str
    full_name: str
    delegated_until: date | None


class TeamTask(TypedDict):
    """An open task of a unit the user heads, as their team list shows it."""

    id: str
    name: str
    plan_id: int | None
    due: date | None
    due_text: str | None  # engine/deadline.py label and state
    due_state: str | None
    unit_name: str
    claimed_by: str | None
    claimed_by_name: str | None
    candidates: list[Candidate]


def claim_task(ctx: Ctx, user: User, task_id: str) -> None:
    """Take an open task offered to one of the user's roles; claiming one's own task again changes nothing."""
    ctx.act_as(user)
    task = _task(ctx, task_id)
    acting = _authority(ctx, user, task, task_roles(task))
    if not acting.roles:
        raise _not_found(task_id)
    check_still_open(task)
    if task.claimed_by == user.username:
        return
    if ctx.session.connection().execute(CLAIM, {"task_id": task_id, "by": user.username, "at": ctx.now()}).rowcount:
        _audit(ctx, acting, "claim", task, {"to": user.username})
        return
    raise _held(ctx, _task(ctx, task_id))


def release_task(ctx: Ctx, user: User, task_id: str) -> None:
    """Put a claimed task back to the group: its holder, or the unit's head."""
    ctx.act_as(user)
    task = _task(ctx, task_id)
    acting = _holder_or_manager(ctx, user, task)
    check_still_open(task)
    if task.claimed_by is None:
        raise Conflict(f"Nhiệm vụ '{task.name}' chưa có ai nhận xử lý.")
    ctx.session.connection().execute(SET_HOLDER, {"task_id": task_id, "by": None, "at": None})
    _audit(ctx, acting, "release", task, {"from": task.claimed_by})


def assign_task(ctx: Ctx, user: User, task_id: str, assignee_name: str) -> User:
    """The unit's head hands a task to an eligible user, over any claim."""
    ctx.act_as(user)
    task = _task(ctx, task_id)
    acting = _authority(ctx, user, task, MANAGERS)
    if not acting.roles:
        if _eligible(ctx, user, task):
            raise Forbidden("Chỉ Trưởng phòng hoặc Chủ tịch của đơn vị mới giao được nhiệm vụ cho người khác.")
        raise _not_found(task_id)
    check_still_open(task)
    assignee = get_user(ctx.session, assignee_name)
    if not _eligible(ctx, assignee, task):
        raise InvalidInput(f"{assignee.full_name} không có vai trò để xử lý nhiệm vụ '{task.name}' tại đơn vị.",
                           {"username": "người này không xử lý được nhiệm vụ"})
    ctx.session.connection().execute(SET_HOLDER, {"task_id": task_id, "by": assignee.username, "at": ctx.now()})
    _audit(ctx, acting, "assign", task, {"from": task.claimed_by, "to": assignee.username})
    if assignee.id != user.id and task.claimed_by != assignee.username:  # nothing new to tell them otherwise
        _tell_assignee(ctx, user, assignee, task)
    return assignee


def _tell_assignee(ctx: Ctx, user: User, assignee: User, task: Row) -> None:
    """A notice in the assignee's list, and its mail copy if they opted in."""
    plan = f" (kế hoạch #{task.plan_id})" if task.plan_id else ""
    deadline = of_task(task)
    due = f", hạn {label(deadline)}" if deadline else ""
    text = f"Bạn được giao nhiệm vụ «{task.name}»{plan}{due}; người giao: {user.full_name}."
    notify_users(ctx, [assignee], "assigned", text, f"/tasks/{task.id}", plan_id=task.plan_id)


def _task(ctx: Ctx, task_id: str) -> Row:
    task = ctx.session.connection().execute(TASK, {"task_id": str(task_id)}).first()
    if task is None:
        raise _not_found(task_id)
    return task


def _authority(ctx: Ctx, user: User, task: Row, roles: Iterable[str]) -> Authority:
    return authority(ctx.session, user, task.unit_id, roles, ctx.today())


def _eligible(ctx: Ctx, user: User, task: Row) -> bool:
    return bool(_authority(ctx, user, task, task_roles(task)).roles)


def _holder_or_manager(ctx: Ctx, user: User, task: Row) -> Authority:
    """The holder acts in their own right; else the unit's head (possibly by delegation)."""
    if task.claimed_by == user.username:
        return Authority(task_roles(task))
    acting = _authority(ctx, user, task, MANAGERS)
    if acting.roles:
        return acting
    if _eligible(ctx, user, task):
        raise Forbidden(f"Chỉ {_holder(ctx, task)} hoặc lãnh đạo đơn vị mới trả được nhiệm vụ '{task.name}'.")
    raise _not_found(task.id)


def _holder(ctx: Ctx, task: Row) -> str:
    return holder_name(ctx.session, task.claimed_by) if task.claimed_by else "người nhận xử lý"


def _held(ctx: Ctx, task: Row) -> Conflict:
    if task.status != "ready":
        return Conflict(f"Nhiệm vụ '{task.name}' không còn chờ xử lý.")
    return Conflict(f"Nhiệm vụ '{task.name}' đã do {_holder(ctx, task)} nhận xử lý trước bạn.")


def _not_found(task_id: str) -> NotFound:
    return NotFound(f"Không có nhiệm vụ '{task_id}' đang chờ bạn xử lý.")


def _audit(ctx: Ctx, acting: Authority, action: str, task: Row, details: dict) -> None:
    ctx.authority = acting
    ctx.audit(action, instance_id=task.instance_id, plan_id=task.plan_id, task_name=task.name,
              details={"task_id": task.id, **details})


def team_tasks(ctx: Ctx, user: User) -> list[TeamTask]:
    """Open tasks at the units the user heads that are offered to others: who holds each, and who may take it."""
    managed = [unit_id for unit_id, roles in held_roles(ctx.session, user, ctx.today()).items() if roles & MANAGERS]
    if not managed:
        return []
    rows = ctx.session.connection().execute(
        select(_TASKS, Unit.name.label("unit"), Unit.level).join(Unit, Unit.id == _TASKS.c.unit_id)
        .where(_TASKS.c.unit_id.in_(managed), _TASKS.c.status == "ready")
        .order_by(_TASKS.c.due.is_(None), _TASKS.c.due, _TASKS.c.created_at)).all()
    lent = lent_at(ctx.session, managed, ctx.clock.today())
    views: list[TeamTask] = []
    for row in rows:
        if _eligible(ctx, user, row):
            continue  # already in the user's own work list
        people: list[Candidate] = [{"username": p.username, "full_name": p.full_name, "delegated_until": None}
                                  for p in role_holders(ctx.session, row.unit_id, row.roles.split(","))]
        candidates = people + _delegates(lent, row, {p["username"] for p in people})
        deadline = of_task(row)
        views.append({"id": row.id, "name": row.name, "plan_id": row.plan_id, "due": row.due,
                      "due_text": label(deadline) if deadline else None,
                      "due_state": state(deadline, ctx.clock.today()) if deadline else None,
                      "unit_name": Unit(name=row.unit, level=row.level).committee_name,
                      "claimed_by": row.claimed_by, "claimed_by_name": _name(candidates, row.claimed_by),
                      "candidates": candidates})
    return views


def _delegates(lent: list[Delegation], task: Row, listed: set[str]) -> list[Candidate]:
    """Those lent one of the task's roles at its unit (assign_task accepts them), marked with the last day."""
    roles = task_roles(task)
    found: dict[str, Candidate] = {}
    for delegation in lent:
        name = delegation.delegate.username
        if delegation.unit_id == task.unit_id and delegation.role in roles and name not in listed:
            found.setdefault(name, {"username": name, "full_name": delegation.delegate.full_name,
                                    "delegated_until": delegation.ends_on})
    return list(found.values())


def _name(candidates: list[Candidate], username: str | None) -> str | None:
    return next((p["full_name"] for p in candidates if p["username"] == username), username)
