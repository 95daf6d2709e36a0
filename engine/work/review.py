"""What a task page shows those who review, sign and issue a plan or a report: the document exactly as it will be
issued, what changed since it was last returned, and the comments it was returned with.

The snapshot of each submitted draft is the audit trail's: every completion of the drafting step records the data
submitted (engine/bpmn/runtime.py), so the draft that was returned and the draft that came back are both there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import iso
from engine.models import KIND_LABELS, AuditEntry, HumanTask, Obligation, Plan, ReportKind, Unit, User
from engine.models.plan import URGENCY_LABELS, Urgency
from engine.org.authority import authority, task_roles
from engine.org.roles import Role
from engine.org.signing import role_signing_with, unit_signature
from engine.plans.documents import Document, plan_document, recipient_lines, report_document
from engine.plans.lifecycle import DEFAULT_DUE_DAYS
from engine.plans.lifecycle import PROCESS_ID as PLAN_PROCESS_ID
from engine.processes.history import answers, decision
from engine.reporting.assignments import signing_unit
from engine.reporting.obligations import REPORT_PROCESS_ID
from engine.reporting.reports import INDICATOR_LABELS, INDICATORS, NARRATIVE, NARRATIVE_LABELS
from engine.reporting.requirements import plan_requirements
from engine.text import nfc
from engine.work.changes import Change, compare

# The steps that show the document: review, signature, and the clerk's registration (the process's BPMN ids).
DOCUMENT_STEPS = {
    PLAN_PROCESS_ID: ("plan", {"review_draft", "approve_and_sign", "register_and_issue"}),
    REPORT_PROCESS_ID: ("report", {"review_report", "sign_report", "register_and_submit", "check_report"}),
}
SIGNING_STEPS = {"approve_and_sign", "sign_report"}  # the signer sees the signature block as theirs
DRAFT_STEPS = {"draft_plan", "draft_report"}  # the steps whose submissions are the document's versions
# A plan's draft left out of a submission keeps these as they were (engine/plans/lifecycle.py save_draft);
# every other field of the form goes back to its usual value. A report's draft keeps every field left out.
PLAN_KEPT = {"reporting", "assignments", "urgency"}
TITLE, CONTENT, RECIPIENTS = "Trích yếu", "Nội dung", "Nơi nhận"
REQUIREMENTS, ASSIGNMENTS = "Yêu cầu báo cáo và thời hạn", "Tổ chức thực hiện"
SUBPLAN = "Hạn cấp dưới ban hành kế hoạch"
URGENCY, ARCHIVE, HEADING = "Độ khẩn", "Dòng lưu", "Dòng trên chức danh người ký"
INDICATORS_LABEL, LATE, MISSING = "Chỉ tiêu", "Đơn vị nộp trễ hạn", "Đơn vị chưa nộp"
NO_SUBORDINATES = {"commune", "agency"}  # units no committee under them implements a plan of


class ReturnNote(TypedDict):
    """A return of the work, with its comment: the top of every task page of the instance shows them."""

    at: str
    actor: str
    actor_name: str | None
    task: str | None
    comment: str | None


class Marks(TypedDict):
    """What the document marks as changed since the last return."""

    title: bool
    paragraphs: list[str]
    recipients: list[str]


class TaskReview(TypedDict):
    kind: str | None  # "plan" or "report": the task shows that document; None: it shows none
    document: Document | None
    plan_id: int | None
    obligation_id: int | None
    subplan_due: str | None  # a plan's deadline for the plans of the committees under it, as written
    returns: list[ReturnNote]  # the latest first
    changes: list[Change]  # since the last return, part by part
    marks: Marks


def document_kind(process_id: str, bpmn_id: str) -> str | None:
    """'plan' or 'report' when the step reviews, signs or issues that document."""
    kind, steps = DOCUMENT_STEPS.get(process_id, (None, set()))
    return kind if bpmn_id in steps else None


def task_review(session: Session, user: User, task: Mapping[str, Any], today: date) -> TaskReview:
    """What the page of this task (a TaskView of engine/work/inbox.py, one the user may act on) shows besides its
    form."""
    instance_id = task["process_instance_id"]
    entries = session.scalars(select(AuditEntry).where(AuditEntry.instance_id == instance_id,
                                                       AuditEntry.action == "complete").order_by(AuditEntry.id)).all()
    kind = document_kind(task["process_id"], task["bpmn_id"])
    plan = session.get(Plan, task["plan_id"]) if kind == "plan" and task["plan_id"] is not None else None
    obligation = session.scalar(select(Obligation).where(Obligation.instance_id == instance_id)) \
        if kind == "report" else None
    document = None
    if plan is not None:
        document = _signed_as(session, user, task, plan_document(session, plan, today), plan.unit,
                              plan.signature_heading, today)
    elif obligation is not None:
        document = _signed_as(session, user, task, report_document(session, obligation),
                              signing_unit(session, obligation), None, today)
    changes = changes_since_return(kind, draft_versions(session, instance_id, entries, kind)) \
        if kind is not None and document is not None else []
    return {"kind": kind if document is not None else None, "document": document,
            "plan_id": plan.id if plan is not None else None,
            "obligation_id": obligation.id if obligation is not None else None,
            "subplan_due": subplan_deadline(session, plan) if plan is not None else None,
            "returns": return_notes(session, entries), "changes": changes, "marks": marks_of(changes)}


def _signed_as(session: Session, user: User, task: Mapping[str, Any], document: Document, unit: Unit,
               heading: str | None, today: date) -> Document:
    """The document with its signature block as it will read once signed: on the signing step, the signer's own
    (the user's role and name: KT. for a vice chair); on a review, the principal's title, the name left to the
    signer. A document signed already shows its own."""
    if document.signature or document.signer:
        return document
    if task["bpmn_id"] in SIGNING_STEPS:
        row = session.get_one(HumanTask, task["id"])
        acting = authority(session, user, row.unit_id, task_roles(row), today)
        lines = unit_signature(unit, role_signing_with(acting), user.full_name, heading)
    else:
        lines = unit_signature(unit, Role.CHAIR, "", heading)
    return replace(document, signature=tuple(lines[:-1]), signer=lines[-1])


def return_notes(session: Session, entries: Sequence[AuditEntry]) -> list[ReturnNote]:
    """Every completion that returned the work, the latest first, with who returned it."""
    returned = [e for e in entries if decision(answers(e)) == "return"]
    names = dict(session.execute(select(User.username, User.full_name)
                                 .where(User.username.in_({e.actor for e in returned}))).all()) if returned else {}
    return [{"at": iso(e.at) or "", "actor": e.actor, "actor_name": names.get(e.actor),
             "task": e.task_name, "comment": e.comment} for e in reversed(returned)]


def subplan_deadline(session: Session, plan: Plan) -> str | None:
    """By when the committees under this plan's issue theirs, as the draft says it: its sub-plan date ("trước
    ngày X"), a sub-plan requirement's phrase, or the default; None where no committee sits under the unit."""
    if plan.subplan_due is not None:
        return f"trước ngày {plan.subplan_due:%d/%m/%Y}"
    written = [nfc(r.due_text) for r in plan_requirements(session, plan.id)
               if r.kind == ReportKind.SUB_PLAN and not r.on_request and r.request_of_id is None]
    if written:
        return "; ".join(dict.fromkeys(written))
    if plan.unit.level in NO_SUBORDINATES:
        return None
    return f"không ghi hạn: {DEFAULT_DUE_DAYS} ngày sau ngày ban hành kế hoạch này"


# --- the versions of a draft, and what changed between the last two -------------------------------------------


def draft_versions(session: Session, instance_id: int, entries: Sequence[AuditEntry], kind: str) -> list[dict]:
    """Each submitted draft as it then stood, oldest first: a field a submission left out is carried over as the
    lifecycle carries it (a plan: requirements, assignments, urgency; a report: every field)."""
    names = set(session.scalars(select(HumanTask.name).where(HumanTask.instance_id == instance_id,
                                                              HumanTask.bpmn_id.in_(DRAFT_STEPS))))
    versions: list[dict] = []
    for entry in entries:
        if entry.task_name not in names:
            continue
        before = versions[-1] if versions else {}
        kept = before if kind == "report" else {k: v for k, v in before.items() if k in PLAN_KEPT}
        versions.append({**kept, **answers(entry)})
    return versions


def changes_since_return(kind: str, versions: list[dict]) -> list[Change]:
    """What the last submitted draft changed in the one returned before it, part by part; none on a first round."""
    if len(versions) < 2:
        return []
    parts = plan_parts if kind == "plan" else report_parts
    before, after = parts(versions[-2]), parts(versions[-1])
    found = (compare(label, before.get(label, []), lines) for label, lines in after.items())
    return [change for change in found if change is not None]


def marks_of(changes: list[Change]) -> Marks:
    """The texts of the document to mark: its title when it changed, new or rewritten paragraphs and recipients."""
    added = {change.label: change.added for change in changes}
    paragraphs = [line for label in (CONTENT, *NARRATIVE_LABELS.values()) for line in added.get(label, ())]
    recipients = list(recipient_lines(list(added.get(RECIPIENTS, ())))[:-1])  # without the archive line
    return {"title": TITLE in added, "paragraphs": paragraphs, "recipients": recipients}


def plan_parts(data: dict) -> dict[str, list[str]]:
    """A plan's draft as the parts of its document, each a list of lines."""
    urgency = data.get("urgency")
    return {
        TITLE: _lines(data.get("title")), CONTENT: _lines(data.get("summary")),
        RECIPIENTS: _lines(data.get("recipients")),
        REQUIREMENTS: [_requirement(item) for item in _items(data.get("reporting"))],
        ASSIGNMENTS: [line for item in _items(data.get("assignments")) for line in _assignment(item)],
        SUBPLAN: [_day(data["subplan_due"])] if data.get("subplan_due") else [],
        URGENCY: [URGENCY_LABELS[Urgency(urgency)]] if urgency in set(Urgency) else [],
        ARCHIVE: _lines(data.get("archive_line")), HEADING: _lines(data.get("signature_heading")),
    }


def report_parts(data: dict) -> dict[str, list[str]]:
    """A report's draft as the parts of its document."""
    found = data.get("indicators")
    indicators: dict = found if isinstance(found, dict) else {}
    return {
        **{NARRATIVE_LABELS[key]: _lines(data.get(key)) for key in NARRATIVE},
        INDICATORS_LABEL: [f"{INDICATOR_LABELS[name]}: {indicators[name]}" for name in INDICATORS
                           if indicators.get(name) is not None],
        LATE: _lines(data.get("late_units")), MISSING: _lines(data.get("missing_units")),
    }


def _requirement(item: dict) -> str:
    """'UBND các xã, thị trấn: Báo cáo sơ kết 6 tháng — trước ngày 30/5 (qua Phòng Nội vụ)'."""
    who = _text(item.get("reporters")) or "Đơn vị ban hành"
    via = f" ({_text(item.get('via'))})" if _text(item.get("via")) else ""
    return f"{who}: {_what(item)} — {_text(item.get('due'))}{via}"


def _assignment(item: dict) -> list[str]:
    """One line for the assignee and its role, one per responsibility, condition and what it must send."""
    line = _text(item.get("line"))
    lines = [f"{line} ({'chủ trì' if item.get('lead') else 'phối hợp'})"]
    lines += [f"{line}: {_text(task)}" for task in _items_of(item.get("responsibilities"))]
    if _text(item.get("condition")):
        lines.append(f"{line}: điều kiện {_text(item.get('condition'))}")
    lines += [f"{line} phải gửi {_what(owed)} — {_text(owed.get('due'))}" for owed in _items(item.get("owes"))]
    return lines


def _what(item: dict) -> str:
    kind = item.get("kind")
    label = KIND_LABELS[ReportKind(kind)] if kind in set(ReportKind) else "Báo cáo"
    return _text(item.get("description")) or label


def _lines(value: object) -> list[str]:
    """Text as the document's paragraphs (a line each, stripped, empty lines dropped), or a list of lines."""
    if isinstance(value, str):
        return [line.strip() for line in nfc(value).splitlines() if line.strip()]
    return [_text(item) for item in value if _text(item)] if isinstance(value, list) else []


def _items(value: object) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _items_of(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _text(value: object) -> str:
    return " ".join(nfc(str(value)).split()) if value is not None and value != "" else ""


def _day(value: object) -> str:
    try:
        return f"{date.fromisoformat(str(value)[:10]):%d/%m/%Y}"
    except ValueError:
        return _text(value)
