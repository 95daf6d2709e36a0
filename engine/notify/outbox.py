"""E-mail copies of new tasks and notices, for users who opted in: queued in the work, sent after it
(engine/notify/sender.py).

A notice's mail is queued in the transaction that creates the notice, so a rollback queues nothing; a new
task's mail is collected by the sender from the task rows (a rolled-back step left none).
`planflow run-due` and `planflow mail send` send the queue outside any workflow transaction: a
failure (server down, recipient refused) never reaches the workflow; the row keeps its attempts, last
error and next attempt, and is given up after MAX_ATTEMPTS.

Configuration (environment): PLANFLOW_SMTP_HOST (no host: mail stays queued), PLANFLOW_SMTP_PORT (25),
PLANFLOW_SMTP_USER and PLANFLOW_SMTP_PASSWORD (login when set), PLANFLOW_SMTP_STARTTLS (1/true/yes),
PLANFLOW_SMTP_FROM (the sender address), PLANFLOW_BASE_URL (links in the mails).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import timedelta
from typing import TypedDict

from sqlalchemy import Row, bindparam, exists, select, union
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from engine.context import Ctx
from engine.deadline import label, of_task
from engine.errors import InvalidInput
from engine.models import Delegation, HumanTask, MailMessage, RoleAssignment, Unit, User
from engine.org.authority import MAY_ACT_ON_TASK
from engine.org.roles import Role
from engine.org.units import require_role
from engine.text import nfc

DEFAULT_BASE_URL = "http://127.0.0.1:5000"
# ASCII only: an address with accents needs SMTPUTF8, which few servers offer (the mail would never leave).
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
TRUE_WORDS = {"1", "true", "yes", "on"}

# --- queueing --------------------------------------------------------------------------------------

_USERS, _TASKS, _MAILS = User.__table__, HumanTask.__table__, MailMessage.__table__
_ROLES, _UNITS, _DELEGATIONS = RoleAssignment.__table__, Unit.__table__, Delegation.__table__
# Tasks that became ready lately, read once (a CTE) by each way of holding them.
_NEW_TASKS = (select(_TASKS.c.id, _TASKS.c.unit_id)
              .where(_TASKS.c.status == "ready", _TASKS.c.created_at >= bindparam("since")).cte("new_tasks"))
# Who might act on a new task, found from the task by index: whoever holds a role at its unit or at that
# committee's focal agency, or is lent a role there. MAY_ACT_ON_TASK then keeps those who may (one rule, in
# engine/org/authority.py). Joining users to the tasks on that rule alone had PostgreSQL test every opted-in user
# against every new task (docs/benchmarks.md, "Notice recipients by index").
_CANDIDATES = union(
    select(_NEW_TASKS.c.id.label("task_id"), _ROLES.c.user_id)
    .join(_ROLES, _ROLES.c.unit_id == _NEW_TASKS.c.unit_id),
    select(_NEW_TASKS.c.id, _ROLES.c.user_id)
    .join(_UNITS, (_UNITS.c.parent_id == _NEW_TASKS.c.unit_id) & _UNITS.c.is_focal.is_(True))
    .join(_ROLES, _ROLES.c.unit_id == _UNITS.c.id),
    select(_NEW_TASKS.c.id, _DELEGATIONS.c.delegate_id)
    .join(_DELEGATIONS, _DELEGATIONS.c.unit_id == _NEW_TASKS.c.unit_id),
).subquery("candidates")
# New tasks not mailed yet to their opted-in role holders and delegates, one row per task and person. The sender
# collects them, not the step that created the task: a workflow step stays free of mail work (it is the hot path),
# and a rolled-back step has no task row.
UNMAILED_TASKS = (
    select(_TASKS.c.id, _TASKS.c.name, _TASKS.c.plan_id, _TASKS.c.due, _TASKS.c.due_inclusive, _TASKS.c.due_text,
           _USERS.c.id.label("user_id"), _USERS.c.email, _USERS.c.full_name)
    .select_from(_CANDIDATES)
    .join(_TASKS, _TASKS.c.id == _CANDIDATES.c.task_id)
    .join(_USERS, _USERS.c.id == _CANDIDATES.c.user_id)
    .where(_USERS.c.email_opt_in.is_(True), _USERS.c.email.is_not(None), MAY_ACT_ON_TASK,
           ~exists().where(_MAILS.c.task_id == _TASKS.c.id, _MAILS.c.user_id == _USERS.c.id))
    .order_by(_TASKS.c.created_at, _TASKS.c.id, _USERS.c.id)
)
# A task waiting longer than this before the sender ran is no longer news: it is in the inbox.
TASK_NEWS = timedelta(days=1)


def base_url() -> str:
    return (os.environ.get("PLANFLOW_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def queue_new_task_mail(ctx: Ctx) -> int:
    """Queue a mail about each task that became ready lately to each opted-in role holder or delegate, once.

    Two senders collecting at the same moment find the same rows; the unique index on (task, person) makes the
    later insert skip them (ON CONFLICT DO NOTHING), so a race queues nothing twice. Returns how many were queued.
    """
    now, link = ctx.now(), base_url()
    rows = ctx.session.execute(UNMAILED_TASKS, {"since": now - TASK_NEWS}).all()
    if not rows:
        return 0
    mails = [{"user_id": row.user_id, "to_address": row.email, "kind": "task", "task_id": row.id,
              "subject": _subject(f"Nhiệm vụ mới: {row.name}"),
              "body": f"Kính gửi {row.full_name}{_task_body(row, link)}", "status": "queued", "attempts": 0,
              "created_at": now, "next_attempt_at": now} for row in rows]
    return len(ctx.session.execute(_queue_once(ctx.session), mails).all())


# INSERT ... ON CONFLICT DO NOTHING RETURNING id, in each database's own dialect (built once).
_QUEUE_ONCE = {name: insert_of(_MAILS).on_conflict_do_nothing().returning(_MAILS.c.id)
               for name, insert_of in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))}


def _queue_once(session: Session) -> ReturningInsert[tuple[int]]:
    return _QUEUE_ONCE[session.get_bind().dialect.name]


def _task_body(task: Row, link: str) -> str:
    plan = f" (kế hoạch #{task.plan_id})" if task.plan_id else ""
    deadline = of_task(task)
    due = f"\nHạn: {label(deadline)}" if deadline else ""
    return f",\n\nBạn có nhiệm vụ mới: «{task.name}»{plan}.{due}\n\nMở nhiệm vụ: {link}/tasks/{task.id}\n"


def queue_notices(ctx: Ctx, users: Iterable[User], kind: str, text: str, path: str) -> int:
    """Queue a copy of a notice to each of its addressees who opted in; `path` is the page it concerns."""
    wanting = [user for user in users if user.email_opt_in and user.email]
    now, link = ctx.now(), f"{base_url()}{path}"
    ctx.session.add_all(
        MailMessage(user_id=user.id, to_address=user.email, kind=kind, subject=_subject(text),
                    body=f"Kính gửi {user.full_name},\n\n{text}\n\nXem chi tiết: {link}\n", status="queued",
                    attempts=0, created_at=now, next_attempt_at=now)
        for user in wanting)
    return len(wanting)


def _subject(text: str) -> str:
    line = " ".join(text.split())
    return "[planflow] " + (line if len(line) <= 200 else line[:199] + "…")


# --- a user's address and opt-in ---------------------------------------------------------------------


class MailPreferences(TypedDict):
    username: str
    full_name: str
    email: str | None
    email_opt_in: bool


def mail_preferences(user: User) -> MailPreferences:
    return {"username": user.username, "full_name": user.full_name, "email": user.email,
            "email_opt_in": user.email_opt_in}


def set_mail_preferences(ctx: Ctx, actor: User, user: User, email: str, opt_in: bool) -> None:
    """Set the address mail goes to and whether the user wants it: users set their own, administrators anyone's.

    Opting in needs an address.
    """
    ctx.act_as(actor)
    if actor.id != user.id:
        require_role(actor, {Role.ADMIN})
    email = nfc(email).strip()
    if email and not EMAIL.match(email):
        raise InvalidInput(f"'{email}' không phải địa chỉ thư điện tử hợp lệ (chữ không dấu, dạng ten@co-quan.gov.vn).",
                           {"email": "không hợp lệ"})
    if opt_in and not email:
        raise InvalidInput("Cần nhập địa chỉ thư điện tử để nhận thông báo qua thư.", {"email": "cần nhập"})
    user.email, user.email_opt_in = email or None, opt_in
    ctx.audit("set_email", details={"username": user.username, "email": user.email, "opt_in": opt_in})
