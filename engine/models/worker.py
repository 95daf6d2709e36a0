"""The scheduler's workers: one row per `planflow worker` process, its heartbeat and what its last pass did."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.db import Base


class Worker(Base):
    """A worker process. Times are the real time in Vietnam (a heartbeat is about the process, not the business
    clock a replayed run may fix)."""

    __tablename__ = "workers"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="running")  # running | stopped
    poll_seconds: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    last_tick_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime)
    ticks: Mapped[int] = mapped_column(Integer, default=0)
    last_pass: Mapped[dict | None] = mapped_column(JSON)  # counts of the last pass that did something
    last_error: Mapped[str | None] = mapped_column(Text)
