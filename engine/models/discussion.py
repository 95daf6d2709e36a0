"""The discussion of a plan, a report or another process: comments and attached files (their bytes live on disk)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.db import Base


class Comment(Base):
    """A comment: a record, never edited or deleted. `task_id` keeps the step it was written from."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread: Mapped[str] = mapped_column(String(40), index=True)  # plan:<id> | report:<id> | instance:<id>
    task_id: Mapped[str | None] = mapped_column(String(36))
    task_name: Mapped[str | None] = mapped_column(String(300))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Attachment(Base):
    """One version of a named file in a thread; the content is at <files dir>/ab/cd/<checksum>."""

    __tablename__ = "attachments"
    __table_args__ = (UniqueConstraint("thread", "name_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread: Mapped[str] = mapped_column(String(40), index=True)
    task_id: Mapped[str | None] = mapped_column(String(36))
    task_name: Mapped[str | None] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(255))  # as uploaded (NFC), for the page and Content-Disposition
    name_key: Mapped[str] = mapped_column(String(255))  # case-folded: "Du thao.PDF" is a new version of "du thao.pdf"
    version: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    checksum: Mapped[str] = mapped_column(String(64))  # SHA-256, hex
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)
