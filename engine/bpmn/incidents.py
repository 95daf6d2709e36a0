"""Failed steps as incidents of their instance: which step, under which action, and closing them again.

A step that fails with a script or execution failure is refused to whoever acted; the unit of work rolls back and
then records the incident in a transaction of its own (engine/core.py), run-due at once (engine/bpmn/timers.py).
Administrators repair instances in engine/processes/repairs.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from engine.context import Ctx
from engine.errors import ExecutionFailure, ScriptFailure
from engine.models import AuditEntry, Incident, ProcessInstance

# A step that fails with one of these is an incident of its instance (a refusal such as Forbidden is not).
INCIDENT_FAILURES = (ScriptFailure, ExecutionFailure)
_INCIDENTS = Incident.__table__
RESOLVE_INCIDENTS = _INCIDENTS.update().where(
    (_INCIDENTS.c.instance_id == bindparam("of_instance")) & (_INCIDENTS.c.status == "open")
).values(status="resolved", resolved_at=bindparam("at"), resolved_by=bindparam("by"), resolution=bindparam("why"))


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


@contextmanager
def incident_scope(instance_id: int | None, action: str, element_id: str, **details: Any) -> Iterator[None]:
    """A step failing inside is an incident of this instance under this action (start, complete, timer, message).

    Scopes nest (a timer whose message fails) and the outermost one names the incident: it is the action that
    was refused. The unit of work records it after its rollback (engine/core.py), run-due at once.
    """
    try:
        yield
    except INCIDENT_FAILURES as exc:
        if instance_id is not None:
            exc.incident = StepIncident(instance_id, getattr(exc, "element_id", None) or element_id, action,
                                        exc.message, details)
        raise


def resolve_incidents(ctx: Ctx, instance: ProcessInstance, why: str) -> None:
    """Close the instance's open incidents: it advanced, or an administrator ended them."""
    ctx.session.connection().execute(RESOLVE_INCIDENTS, {"of_instance": instance.id, "at": ctx.now(),
                                                         "by": ctx.actor_name, "why": why})
    instance.has_incident = False


def suspension_of(session: Session, instance_id: int | None) -> dict | None:
    """Why and since when an administrator holds the process of a plan or report; None unless it is suspended."""
    # The status alone: the instance row also holds the whole serialized workflow.
    if instance_id is None or session.scalar(select(ProcessInstance.status)
                                             .where(ProcessInstance.id == instance_id)) != "suspended":
        return None
    entry = session.scalars(select(AuditEntry).where(AuditEntry.instance_id == instance_id,
                                                     AuditEntry.action == "suspend")
                            .order_by(AuditEntry.id.desc()).limit(1)).one()
    return {"reason": entry.comment, "at": entry.at.date().isoformat(), "by": entry.actor}
