"""Incidents: a step of an instance that failed when run (a script error, an expression, a message with no receiver)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.db import Base

# The action that hit the failing step; what a retry does depends on it (engine/processes/repairs.py).
INCIDENT_ACTIONS = {"start": "Khởi tạo quy trình", "complete": "Hoàn thành nhiệm vụ", "timer": "Hẹn giờ",
                    "message": "Gửi thông điệp"}
INCIDENT_STATUSES = {"open": "Đang mở", "resolved": "Đã xử lý"}


class Incident(Base):
    """One failing step of an instance; the same failure hit again counts as another occurrence of it."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_status_instance", "status", "instance_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instances.id"), index=True)
    element_id: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(20))  # start | complete | timer | message
    error: Mapped[str] = mapped_column(Text)
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # who acted, on which task, which message
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | resolved
    occurrences: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(80))
    resolution: Mapped[str | None] = mapped_column(Text)
