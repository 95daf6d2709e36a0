"""An instance's audit trail as histories show it: what was done, by whom, and the decision taken."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import iso
from engine.models import AuditEntry, User
from engine.models.process import ACTION_LABELS


def audit_history(session: Session, entries: Sequence[AuditEntry]) -> list[dict]:
    """Audit entries as histories show them: the action's label, who (with their name), the decision taken."""
    names = dict(session.execute(select(User.username, User.full_name)
                                 .where(User.username.in_({e.actor for e in entries}))).all())
    return [{"at": iso(e.at), "actor": e.actor, "actor_name": names.get(e.actor), "action": e.action,
             "action_label": ACTION_LABELS.get(e.action, e.action), "task": e.task_name, "comment": e.comment,
             "decision": decision(answers(e))} for e in entries]


def submitted(details: dict | None) -> dict:
    """The form data a completion recorded in its audit entry."""
    return (details or {}).get("data") or {}


def answers(entry: AuditEntry) -> dict:
    return submitted(entry.details) if entry.action == "complete" else {}


def decision(answers: dict) -> str | None:
    return answers.get("decision") or answers.get("verdict")
