"""The outgoing mail queue: e-mail copies of notices and new tasks, sent after the work that queued them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from engine.db import Base


class MailMessage(Base):
    """One e-mail to one user: a notice's copy, queued with the notice; a new task's, collected by the sender.

    Sending happens later, outside any workflow transaction; a failure only moves `next_attempt_at`.
    """

    __tablename__ = "mail_messages"
    __table_args__ = (
        Index("ix_mail_messages_due", "status", "next_attempt_at"),
        # A new task's mail once per task and person, even when two senders collect it at once (migration 0015).
        Index("ux_mail_messages_task_user", "task_id", "user_id", unique=True,
              sqlite_where=text("task_id IS NOT NULL"), postgresql_where=text("task_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(30))  # task, or the notice's kind (reminder, overdue, returned ...)
    task_id: Mapped[str | None] = mapped_column(String(36))  # the human task a "task" mail is about
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # queued | sending (handed to the server, not yet known sent) | sent | failed | uncertain (the sender stopped
    # while sending it: perhaps delivered, so never sent again) — engine/notify/sender.py
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
