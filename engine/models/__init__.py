"""All mapped tables; importing this package registers them on Base.metadata."""

from engine.models.designer import DefinitionDraft
from engine.models.discussion import Attachment, Comment
from engine.models.incident import Incident
from engine.models.mail import MailMessage
from engine.models.operations import Delegation
from engine.models.org import LEVELS, RoleAssignment, Unit, User
from engine.models.plan import (
    Assignment,
    AssignmentUnit,
    DocumentReference,
    IncomingCounter,
    IncomingEntry,
    Plan,
    PlanStatus,
    Recipient,
    RegisterCounter,
    RegisterEntry,
)
from engine.models.process import (
    AuditEntry,
    Definition,
    HumanTask,
    Message,
    Notification,
    ProcessInstance,
    Timer,
)
from engine.models.reporting import (
    CLOSED_OBLIGATIONS,
    KIND_LABELS,
    OBLIGATION_LABELS,
    RECEIVED,
    Obligation,
    ObligationStatus,
    ReportingRequirement,
    ReportKind,
    ScoringScheme,
)
from engine.models.signing import PdfCheck, SignedDocument, SigningKey
from engine.models.worker import Worker

__all__ = [
    "CLOSED_OBLIGATIONS", "KIND_LABELS", "LEVELS", "OBLIGATION_LABELS", "RECEIVED", "AuditEntry", "Definition",
    "DefinitionDraft", "HumanTask", "Message", "Notification", "Obligation", "ObligationStatus", "Plan", "PlanStatus",
    "ProcessInstance", "Recipient", "RegisterCounter", "RegisterEntry", "ReportKind", "ReportingRequirement",
    "RoleAssignment", "ScoringScheme", "Timer", "Unit", "User",
    "MailMessage",
    "Attachment", "Comment",
    "Delegation",
    "Incident",
    "Assignment", "AssignmentUnit", "DocumentReference", "IncomingCounter", "IncomingEntry",
    "PdfCheck", "SignedDocument", "SigningKey",
    "Worker",
]
