"""What a signer confirms before signing digitally, and the signing itself (the web's confirmation, the API, the CLI).

A task is a signing task when completing it signs: the approval of a plan or a report by its signer (the person's
signature), and the clerk's issue or sending step (the body's). The confirmation shows the document as it will be
signed — the signature block with the signer's name and title — the certificate that will sign it, and asks for
the key's secret; the secret then goes to the completion in the unit of work (`Ctx.signing_secret`) and nowhere
else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.context import Ctx
from engine.errors import NotFound
from engine.models import HumanTask, Obligation, Plan, ProcessInstance, Unit, User
from engine.org.authority import require_task_authority
from engine.org.signing import signing_role, unit_signature
from engine.plans.documents import Document, plan_document, report_document
from engine.reporting.assignments import signing_unit
from engine.signatures.certificates import KeyView, active_key, key_view
from engine.signatures.documents import BODY, PERSON, latest_copy, report_subject
from engine.work.drafts import submit_task
from engine.work.inbox import TaskView, task_for_user

# The steps of the shipped processes that sign, and whose signature: the person's (the signer's approval) or the
# body's (the clerk's issue). A designer's process signs through the same host operations; its steps are told
# apart by their lane (a clerk's step issues).
SIGNING_STEPS = {
    ("plan_lifecycle", "approve_and_sign"): PERSON, ("plan_lifecycle", "register_and_issue"): BODY,
    ("report_lifecycle", "sign_report"): PERSON, ("report_lifecycle", "register_and_submit"): BODY,
}


def signing_stage(task: Mapping[str, Any]) -> str | None:
    """PERSON or BODY for a step that signs, else None."""
    return SIGNING_STEPS.get((task["process_id"], task["bpmn_id"]))


def body_of(session: Session, task: Mapping[str, Any]) -> Unit | None:
    """The body a task's document is signed for: its plan's committee or agency, or whose leaders sign its report."""
    if task.get("plan_id") and task.get("kind") == "plan":
        plan = session.get(Plan, task["plan_id"])
        return plan.unit if plan is not None else None
    obligation = session.scalar(select(Obligation).where(Obligation.instance_id == task["process_instance_id"]))
    return signing_unit(session, obligation) if obligation is not None else None


def needs_digital_signature(session: Session, task: Mapping[str, Any]) -> bool:
    """Whether completing this task signs digitally: a signing step of a body that holds a key (ký số on)."""
    if signing_stage(task) is None:
        return False
    body = body_of(session, task)
    return body is not None and active_key(session, unit_id=body.id) is not None


@dataclass(frozen=True)
class SigningPage:
    """What the confirmation shows: the task, whose signature, the document as it will be signed, the certificate
    that will sign (None: the signer has none, and `refusal` says so), the signed copy so far (the clerk's step)."""

    task: TaskView
    stage: str
    body: str
    document: Document
    subject: str  # plan | report
    subject_id: int
    certificate: KeyView | None
    refusal: str | None
    signed_file_id: int | None


def signing_page(ctx: Ctx, user: User, task_id: str) -> SigningPage:
    """The confirmation of a signing task the user may act on now; any other task is 'not found'."""
    task = task_for_user(ctx.session, user, task_id)
    stage = signing_stage(task)
    body = body_of(ctx.session, task)
    if stage is None or body is None or active_key(ctx.session, unit_id=body.id) is None:
        raise NotFound(f"Nhiệm vụ '{task['name']}' không ký số.")
    subject, subject_id, document = _document(ctx, user, task, stage)
    key = active_key(ctx.session, user_id=user.id) if stage == PERSON else active_key(ctx.session, unit_id=body.id)
    owner = user.username if stage == PERSON else body.committee_name
    refusal = None if key is not None else (
        f"Bạn chưa có chứng thư số: {body.committee_name} ký số văn bản, nên người ký phải ký bằng chứng thư số của "
        "mình. Hãy đề nghị quản trị viên đăng ký chứng thư số cho bạn." if stage == PERSON else
        f"{body.committee_name} chưa có khóa ký số đang dùng.")
    copy = latest_copy(ctx.session, subject, subject_id, PERSON) if stage == BODY else None
    return SigningPage(task=task, stage=stage, body=body.committee_name, document=document, subject=subject,
                       subject_id=subject_id, certificate=key_view(key, owner) if key is not None else None,
                       refusal=refusal, signed_file_id=copy[1].id if copy is not None else None)


def _document(ctx: Ctx, user: User, task: TaskView, stage: str) -> tuple[str, int, Document]:
    """The document as it will be signed: at the signer's step, with their name and title in the signature block."""
    if task["kind"] == "plan" and task["plan_id"]:
        plan = ctx.session.get_one(Plan, task["plan_id"])
        subject, subject_id, document = "plan", plan.id, plan_document(ctx.session, plan, ctx.today())
        heading = plan.signature_heading
    else:
        obligation = ctx.session.scalars(select(Obligation).where(
            Obligation.instance_id == task["process_instance_id"])).one()
        subject, subject_id = "report", obligation.id
        document = report_subject(ctx, obligation).document if stage == BODY else \
            report_document(ctx.session, obligation)
        heading = None
    if stage == PERSON:
        block = unit_signature(_body(ctx.session, task), _role(ctx, user, task), user.full_name, heading)
        document = replace(document, signature=tuple(block[:-1]), signer=block[-1])
    return subject, subject_id, document


def _body(session: Session, task: Mapping[str, Any]) -> Unit:
    body = body_of(session, task)
    assert body is not None  # signing_page checked it
    return body


def _role(ctx: Ctx, user: User, task: TaskView) -> str:
    """The title the user signs with in this step (Chủ tịch, KT. as a vice chair, a delegate's own)."""
    row = ctx.session.get_one(HumanTask, task["id"])
    held = ctx.authority
    ctx.authority = require_task_authority(ctx.session, user, row, ctx.today())
    try:
        return signing_role(ctx)
    finally:
        ctx.authority = held


def complete_with_secret(ctx: Ctx, user: User, task_id: str, data: dict, secret: str | None) -> ProcessInstance:
    """Complete a task as `submit_task` does, the key's secret held by this unit of work for the step only (the web's
    confirmation, the API's `signing_secret`, the CLI's `--signing-secret-file`)."""
    ctx.signing_secret = secret or None
    try:
        return submit_task(ctx, user, task_id, data)
    finally:
        ctx.signing_secret = None
