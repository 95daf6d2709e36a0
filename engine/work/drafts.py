"""Drafts of task forms: a user keeps what they typed on an open task and submits it later.

A draft is the user's own (colleagues holding the same role keep theirs) and is not checked
against the form: it may be half done. Completing the task drops every draft of it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from engine.bpmn.runtime import complete_task
from engine.context import Ctx
from engine.errors import Conflict, InvalidInput
from engine.models import HumanTask, ProcessInstance, User
from engine.models.process import TaskDraft
from engine.text import nfc_data
from engine.work.inbox import require_listed, task_for_user


def save_draft(ctx: Ctx, user: User, task_id: str, data: Any) -> TaskDraft:
    """Keep the user's answers to an open task; nothing runs. Fields the form does not have are dropped."""
    if not isinstance(data, dict):
        raise InvalidInput("Bản nháp phải là một đối tượng JSON.")
    task = _open_task(ctx.session, user, task_id)
    fields = task.form.get("properties", {})
    answers = nfc_data({name: value for name, value in data.items() if name in fields})
    draft = ctx.session.get(TaskDraft, (user.id, task.id))
    if draft is None:
        draft = TaskDraft(user_id=user.id, task_id=task.id, data=answers, saved_at=ctx.now())
        ctx.session.add(draft)
    else:
        draft.data, draft.saved_at = answers, ctx.now()
    ctx.session.flush()
    return draft


def submit_task(ctx: Ctx, user: User, task_id: str, data: Any) -> ProcessInstance:
    """Complete the task under the runtime's guards; its drafts are dropped with the same commit.

    Another unit's task stays 'not found', checked on the row the runtime reads for the step (reading the task
    as the work list shows it first cost one more statement, a round trip on PostgreSQL).
    """
    instance = complete_task(ctx, user, task_id, data,
                             listed=lambda task: require_listed(ctx.session, user, task_id, task))
    ctx.session.execute(delete(TaskDraft).where(TaskDraft.task_id == task_id))
    return instance


def _open_task(session: Session, user: User, task_id: str) -> HumanTask:
    """The task, if the user may act on it and it is still open; completed meanwhile is a conflict."""
    task_for_user(session, user, task_id, include_closed=True)
    task = session.get_one(HumanTask, task_id)  # task_for_user found it
    if task.status == "completed":
        raise Conflict(f"Nhiệm vụ '{task.name}' đã được {task.completed_by} hoàn thành lúc "
                       f"{task.completed_at:%H:%M %d/%m/%Y}; bản nháp của bạn chưa được lưu.")
    if task.status != "ready":
        raise Conflict(f"Nhiệm vụ '{task.name}' không còn chờ xử lý; bản nháp của bạn chưa được lưu.")
    return task
