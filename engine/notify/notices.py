"""A user's notices — reminders, overdue notices, escalations, returned reports — read and marked read.

The engine writes them (engine.host.notify for plans, engine.reporting.reports for reports, at most once
per kind and day; engine.work.claims when a head assigns a task); here their addressee reads them, a page at
a time, and marks them read. Another user's notice is "not found", like an id that does not exist, and
nothing changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from engine.clock import iso
from engine.context import Ctx
from engine.errors import NotFound
from engine.models import Notification, User
from engine.notify.outbox import queue_notices

PAGE_SIZE = 50
KIND_LABELS = {"reminder": "Nhắc hạn", "overdue": "Quá hạn", "escalation": "Đôn đốc", "returned": "Bị trả lại",
               "assigned": "Được giao"}


class NoticeView(TypedDict):
    id: int
    kind: str
    kind_label: str
    text: str
    created_at: datetime
    read: bool
    plan_id: int | None
    obligation_id: int | None


class NoticePage(TypedDict):
    """One page of notices, with the counts the page's header and pager show."""

    items: list[NoticeView]
    total: int
    unread: int
    page: int
    pages: int


class NotificationView(TypedDict):
    """A notice as `planflow notifications` lists it (its time as ISO text)."""

    id: int
    kind: str
    plan_id: int | None
    text: str
    created_at: str | None
    read: bool


def notify_users(ctx: Ctx, users: list[User], kind: str, text: str, path: str, plan_id: int | None = None,
                 obligation_id: int | None = None) -> None:
    """A notice in each user's list, and its mail copy to those who opted in; `path` is the page it concerns."""
    ctx.session.add_all(Notification(user_id=user.id, kind=kind, plan_id=plan_id, obligation_id=obligation_id,
                                     text=text, created_at=ctx.now()) for user in users)
    queue_notices(ctx, users, kind, text, path)


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))) or 0


def notice_page(session: Session, user: User, page: int = 1) -> NoticePage:
    """One page of the user's notices, newest first, and how many there are in all and unread."""
    total = session.scalar(select(func.count()).select_from(Notification).where(Notification.user_id == user.id)) or 0
    pages = max(-(-total // PAGE_SIZE), 1)
    page = min(max(page, 1), pages)
    rows = session.scalars(select(Notification).where(Notification.user_id == user.id)
                           .order_by(Notification.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return {"items": [_view(n) for n in rows], "total": total, "unread": unread_count(session, user.id),
            "page": page, "pages": pages}


def _view(notice: Notification) -> NoticeView:
    return {"id": notice.id, "kind": notice.kind, "kind_label": KIND_LABELS.get(notice.kind, notice.kind),
            "text": notice.text, "created_at": notice.created_at, "read": notice.read_at is not None,
            "plan_id": notice.plan_id, "obligation_id": notice.obligation_id}


def mark_read(ctx: Ctx, user: User, notice_id: int) -> None:
    """Mark one of the user's notices read; marking it again keeps the first time it was read."""
    notice = ctx.session.get(Notification, notice_id)
    if notice is None or notice.user_id != user.id:
        raise NotFound(f"Không có thông báo #{notice_id} gửi bạn.")
    if notice.read_at is None:
        notice.read_at = ctx.now()


def mark_all_read(ctx: Ctx, user: User) -> int:
    """Mark every unread notice of the user read; return how many."""
    # An UPDATE's result is a CursorResult (it has the row count); Session.execute is typed for any statement.
    result = cast(CursorResult[Any], ctx.session.execute(update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)).values(read_at=ctx.now())))
    return result.rowcount


def notifications(session: Session, user: User) -> list[NotificationView]:
    """The user's reminders, overdue notices and escalations, newest first."""
    rows = session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc())
    ).all()
    return [{"id": n.id, "kind": n.kind, "plan_id": n.plan_id, "text": n.text, "created_at": iso(n.created_at),
             "read": n.read_at is not None} for n in rows]
