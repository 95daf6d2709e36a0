"""Incidents: a step of an instance that failed when run (a script error, an expression, a message with no receiver)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.db import Base
from engine.models.process import ProcessInstance

# The action that hit the failing step; what a retry does depends on it (engine/incidents.py).
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


@dataclass(frozen=True)
class StepIncident:
    """A failed step as the refused action saw it; stored once its unit of work has rolled back."""

    instance_id: int
    element_id: str
    action: str
    error: str
    details: dict = field(default_factory=dict)


def record_incident(session: Session, failed: StepIncident, now: datetime) -> Incident | None:
    """Store a failure as an open incident, or as another occurrence of the same open one.

    None when the instance itself was rolled back with the failure (started in that unit of work).
    """
    if session.get(ProcessInstance, failed.instance_id) is None:
        return None
    # Not through the object: that would bump the row version, and the instance's state has not changed.
    session.execute(update(ProcessInstance.__table__).where(ProcessInstance.id == failed.instance_id)
                    .values(has_incident=True))
    incident = session.scalars(select(Incident).where(
        Incident.instance_id == failed.instance_id, Incident.status == "open",
        Incident.element_id == failed.element_id[:120], Incident.action == failed.action)).first()
    if incident is None:
        incident = Incident(instance_id=failed.instance_id, element_id=failed.element_id[:120], action=failed.action,
                            error=failed.error, details=failed.details, status="open", occurrences=1, created_at=now,
                            last_at=now)
        session.add(incident)
    else:
        incident.occurrences, incident.last_at, incident.error = incident.occurrences + 1, now, failed.error
        incident.details = failed.details
    session.flush()
    return incident
