"""Discussions: every plan, report and other process has one thread of comments and files.

A task shows the thread of the work it belongs to (its plan's lifecycle, its report, or its own
process), so what was said and attached on a returned step stays beside the step that redoes it.
Whoever may see the subject may read and write there: for a plan or a report, `engine.org.access`; for a
task, the users who may act on it and those who may watch its process. Comments are a record: they
are never edited or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.context import Ctx
from engine.errors import InvalidInput, NotFound
from engine.models import Comment, HumanTask, Obligation, ProcessInstance, User
from engine.org.access import require_obligation, require_plan
from engine.plans import lifecycle
from engine.processes.instance_view import visible_instance
from engine.text import clean
from engine.work.inbox import task_for_user

SUBJECTS = ("task", "plan", "report")
COMMENT_MAX_CHARS = 5000


class CommentView(TypedDict):
    id: int
    author: str
    author_name: str
    text: str
    created_at: str
    task_id: str | None
    task_name: str | None


@dataclass(frozen=True)
class Thread:
    """Where comments and files of a subject are kept, and what their audit entries point to."""

    key: str  # plan:<id> | report:<id> | instance:<id>
    plan_id: int | None = None
    instance_id: int | None = None
    task_id: str | None = None
    task_name: str | None = None

    def audit_fields(self) -> dict:
        return {"plan_id": self.plan_id, "instance_id": self.instance_id, "task_name": self.task_name}


def open_thread(session: Session, user: User, subject: str, subject_id: str | int) -> Thread:
    """The thread of a task, plan or report the user may see; anything else is 'not found'."""
    if subject == "plan":
        plan = require_plan(session, user, _number(subject_id, "kế hoạch"))
        return Thread(f"plan:{plan.id}", plan_id=plan.id)
    if subject == "report":
        obligation = require_obligation(session, user, _number(subject_id, "báo cáo"))
        return Thread(f"report:{obligation.id}", instance_id=obligation.instance_id)
    if subject == "task":
        return _task_thread(session, user, str(subject_id))
    raise NotFound(f"Không có mục '{subject}' để thảo luận.")


def require_thread(session: Session, user: User, key: str) -> Thread:
    """A thread by its key (as a file row keeps it), if the user may see what it belongs to."""
    kind, _, number = key.partition(":")
    if kind == "instance":
        instance = visible_instance(session, user, int(number))
        return Thread(key, instance_id=instance.id)
    return open_thread(session, user, kind, number)


def add_comment(ctx: Ctx, user: User, subject: str, subject_id: str | int, text: str) -> Comment:
    """Add a comment (NFC, 1–5000 characters) to the subject's thread; audited with the thread."""
    ctx.act_as(user)
    thread = open_thread(ctx.session, user, subject, subject_id)
    body = clean(text or "", "text").strip()
    if not body:
        raise InvalidInput("Bình luận đang trống.", {"text": "Hãy nhập nội dung bình luận."})
    if len(body) > COMMENT_MAX_CHARS:
        raise InvalidInput(f"Bình luận dài {len(body)} ký tự, vượt giới hạn {COMMENT_MAX_CHARS} ký tự.",
                           {"text": f"Tối đa {COMMENT_MAX_CHARS} ký tự."})
    comment = Comment(thread=thread.key, task_id=thread.task_id, task_name=thread.task_name, author_id=user.id,
                      text=body, created_at=ctx.now())
    ctx.session.add(comment)
    ctx.session.flush()
    ctx.audit("comment", comment=body, details={"thread": thread.key, "comment_id": comment.id},
              **thread.audit_fields())
    return comment


def comments(session: Session, thread: Thread) -> list[CommentView]:
    """The thread's comments, oldest first (a conversation reads downwards)."""
    rows = session.execute(select(Comment, User).join(User, User.id == Comment.author_id)
                           .where(Comment.thread == thread.key).order_by(Comment.id)).all()
    return [comment_view(comment, author) for comment, author in rows]


def comment_view(comment: Comment, author: User) -> CommentView:
    return {"id": comment.id, "author": author.username, "author_name": author.full_name, "text": comment.text,
            "created_at": comment.created_at.isoformat(), "task_id": comment.task_id, "task_name": comment.task_name}


def _task_thread(session: Session, user: User, task_id: str) -> Thread:
    task = session.get(HumanTask, task_id)
    if task is None or not _may_see_task(session, user, task):
        raise NotFound(f"Không có nhiệm vụ '{task_id}' trong phạm vi của bạn.")
    instance = session.get_one(ProcessInstance, task.instance_id)  # the task row references it
    obligation_id = session.scalar(select(Obligation.id).where(Obligation.instance_id == instance.id))
    if obligation_id is not None:
        key, plan_id = f"report:{obligation_id}", None
    elif instance.process_id == lifecycle.PROCESS_ID and instance.plan_id is not None:
        key, plan_id = f"plan:{instance.plan_id}", instance.plan_id
    else:
        key, plan_id = f"instance:{instance.id}", None
    return Thread(key, plan_id=plan_id, instance_id=instance.id, task_id=task.id, task_name=task.name)


def _may_see_task(session: Session, user: User, task: HumanTask) -> bool:
    """Those who may act on the task (done or not), and those who may watch its process."""
    for check in (lambda: task_for_user(session, user, task.id, include_closed=True),
                  lambda: visible_instance(session, user, task.instance_id)):
        try:
            check()
            return True
        except NotFound:
            continue
    return False


def _number(value: str | int, what: str) -> int:
    text = str(value)
    # ASCII digits only: str.isdigit() also takes '²' and '፩', which int() then refuses.
    if not (text.isascii() and text.isdigit()) or len(text) > 10 or int(text) > 2**31 - 1:
        raise NotFound(f"Không có {what} #{text} trong phạm vi của bạn.")
    return int(text)
