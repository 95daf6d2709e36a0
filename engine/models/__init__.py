"""All mapped tables; importing this package registers them on Base.metadata."""

from engine.models.org import LEVELS, RoleAssignment, Unit, User
from engine.models.plan import Plan, PlanStatus, Recipient, RegisterCounter, RegisterEntry
from engine.models.process import (
    AuditEntry,
    Definition,
    HumanTask,
    Message,
    Notification,
    ProcessInstance,
    Timer,
)

__all__ = [
    "LEVELS", "AuditEntry", "Definition", "HumanTask", "Message", "Notification", "Plan", "PlanStatus",
    "ProcessInstance", "Recipient", "RegisterCounter", "RegisterEntry", "RoleAssignment", "Timer", "Unit", "User",
]
