"""Signing a plan's or a report's PDF in its lifecycle (Nghị định 30/2020, Điều 13 and Phụ lục I).

When the body (the committee or agency whose document it is) holds a key, ký số is on for its documents:

1. approving the signing task ("Phê duyệt, ký …") prints the document with its signature block, and the signer —
   the chair, a vice chair signing KT., or a delegate — signs it with their own key (`sign_as_person`);
2. issuing it (the clerk: "Vào sổ, ban hành …", "Vào sổ, gửi báo cáo") puts the number and the date in that signed
   copy's fields and signs it with the body's key (`sign_as_body`): the copy then carries both signatures.

The secret that opens the key (passphrase or PIN) comes from the unit of work (`Ctx.signing_secret`), for this one
step. Each signed copy is an attachment of the plan's or the report's thread (so it is shown, checked and kept like
any file there) and a `SignedDocument` row names it. Any refusal — no key, no secret, a wrong one, a certificate
that is not the signer's — rolls the whole completion back. A body without a key signs as before, on paper.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.context import Ctx
from engine.discussion.attachments import FileStore, attach_file
from engine.errors import ExecutionFailure, Forbidden, NotFound
from engine.models import Attachment, Obligation, Plan, SignedDocument, SigningKey, Unit, User
from engine.org.signing import unit_signature
from engine.plans.documents import Document, place_name, plan_document, report_document
from engine.reporting.assignments import signing_unit
from engine.signatures.certificates import active_key, certificate_of, require_holder, source_of
from engine.signatures.placement import Box, Printed, corner_box, printed, seal_box
from engine.signing.errors import SigningRefused

# pyHanko and the signing package are imported where a body signs digitally: loading them takes a second and more,
# which every `planflow` command and worker would otherwise pay at start.
if TYPE_CHECKING:
    from pyhanko.sign.signers.pdf_cms import Signer

PERSON, BODY = "signed", "issued"  # the stages of a signed copy
PERSON_FIELD, BODY_FIELD = "nguoi_ky", "co_quan_ban_hanh"  # the signature fields in the PDF
SECRET = "secret"  # the field a missing or wrong secret is reported against (engine/signing/keys.py)
SUBJECTS = ("plan", "report")


@dataclass(frozen=True)
class Subject:
    """What is signed: a plan or a report, the body it is signed for, and its document now."""

    kind: str  # plan | report
    id: int
    body: Unit
    document: Document


def plan_subject(ctx: Ctx, plan: Plan) -> Subject:
    return Subject("plan", plan.id, plan.unit, plan_document(ctx.session, plan, ctx.today()))


def report_subject(ctx: Ctx, obligation: Obligation) -> Subject:
    """The report's document with its signer's block: the host signs while the report still awaits its signature,
    which the document otherwise shows only from the next step on."""
    body = signing_unit(ctx.session, obligation)
    doc = report_document(ctx.session, obligation)
    signer = obligation.content.get("signer") or {}
    if not doc.signer and signer:
        block = unit_signature(body, signer.get("role"), signer.get("name"))
        doc = replace(doc, signature=tuple(block[:-1]), signer=block[-1])
    return Subject("report", obligation.id, body, doc)


def sign_as_person(ctx: Ctx, subject: Subject, reason: str) -> dict:
    """The signer signs the subject's document with their own key, if its body signs digitally; {} if not."""
    if active_key(ctx.session, unit_id=subject.body.id) is None:
        return {}
    person = _actor(ctx)
    key = active_key(ctx.session, user_id=person.id)
    if key is None:
        raise Forbidden(f"Bạn chưa có chứng thư số: {subject.body.committee_name} ký số văn bản, nên người ký phải "
                        "ký bằng chứng thư số của mình. Hãy đề nghị quản trị viên đăng ký chứng thư số cho bạn "
                        "(planflow key set) rồi ký lại.")
    from engine.signing.pades import ISSUE_FIELDS, Stamp, sign_pdf, stamp_time

    doc = subject.document
    title = written_title(doc.signature[-1]) if doc.signature else ""
    lines = (f"Người ký: {doc.signer}", title, f"Thời gian ký: {stamp_time(ctx.now())}")
    with _opened(ctx, key, person) as signer:  # a wrong secret is refused before anything is printed
        page = printed(doc)
        signed = sign_pdf(page.pdf, signer, field=PERSON_FIELD, page=page.page, box=page.box,
                          stamp=Stamp("person", tuple(line for line in lines if line), key.image), reason=reason,
                          location=place_name(subject.body), when=ctx.now(),
                          open_fields=(*ISSUE_FIELDS, BODY_FIELD) if doc.is_draft else ())
    return _keep(ctx, subject, PERSON, signed, key, f"{doc.filename}-ky-so.pdf", page.page, page.box)


def sign_as_body(ctx: Ctx, subject: Subject, reason: str) -> dict:
    """At issue: the number and date go into the signed copy, then the body signs it with its own key; {} if the
    body does not sign digitally. A document approved before its body held a key is printed as issued and signed by
    the body alone."""
    key = active_key(ctx.session, unit_id=subject.body.id)
    if key is None:
        return {}
    from engine.signing.pades import Stamp, sign_pdf, stamp_time

    lines = (f"{'' if key.image else 'Ký bởi: '}{subject.body.committee_name}", stamp_time(ctx.now()))
    with _opened(ctx, key) as signer:
        page = _numbered(ctx, subject)
        where, box = (page.page, seal_box(page.box)) if key.image else (0, corner_box())
        issued = sign_pdf(page.pdf, signer, field=BODY_FIELD, page=where, box=box,
                          stamp=Stamp("body", lines, key.image), reason=reason, location=place_name(subject.body),
                          when=ctx.now())
    return _keep(ctx, subject, BODY, issued, key, f"{subject.document.filename}.pdf", where, box)


def _numbered(ctx: Ctx, subject: Subject) -> Printed:
    """The person's signed copy with the number and date filled in; or, if the person did not sign digitally, the
    document printed as issued."""
    from engine.signing.pades import fill_issue_fields

    copy = latest_copy(ctx.session, subject.kind, subject.id, PERSON)
    if copy is None:
        return printed(subject.document, for_signing=False)
    x1, y1, x2, y2 = copy[0].place["box"]
    filled = fill_issue_fields(_store(ctx).read(copy[1]), subject.document.number, subject.document.place_date)
    return Printed(filled, copy[0].place["page"], (x1, y1, x2, y2))


def written_title(title: str) -> str:
    """'PHÓ CHỦ TỊCH' → 'Phó Chủ tịch', 'GIÁM ĐỐC' → 'Giám đốc': a signature block's title as a sentence names it."""
    words = title.lower().split()
    if words[:1] == ["phó"] and len(words) > 1:
        return " ".join(["Phó", words[1].capitalize(), *words[2:]])
    return " ".join(words).capitalize()


@contextmanager
def _opened(ctx: Ctx, key: SigningKey, person: User | None = None) -> Iterator[Signer]:
    """`key` opened with the unit of work's secret; it must still hold the certificate registered for it, and a
    person's certificate must be theirs."""
    from engine.signing.keys import signing_key

    if not ctx.signing_secret:
        raise SigningRefused("Cần nhập mật khẩu hoặc mã PIN của khóa ký số để ký.", {SECRET: "cần nhập"})
    with signing_key(source_of(key), ctx.signing_secret, ctx.now()) as signer:
        if signer.signing_cert is None or signer.signing_cert.dump() != certificate_of(key).dump():
            raise SigningRefused("Chứng thư số trong khóa ký số không phải chứng thư đã đăng ký; hãy đề nghị quản "
                                 "trị viên đăng ký lại khóa (planflow key set).", {"key": "chứng thư số đã đổi"})
        if person is not None:
            require_holder(signer.signing_cert, person)
        yield signer


def _keep(ctx: Ctx, subject: Subject, stage: str, content: bytes, key: SigningKey, filename: str, page: int,
          box: Box) -> dict:
    """The signed copy as an attachment of the subject's thread, and its row."""
    actor = _actor(ctx)
    attachment = attach_file(ctx, actor, _store(ctx), subject.kind, subject.id, filename, content)
    ctx.session.add(SignedDocument(subject=subject.kind, subject_id=subject.id, stage=stage,
                                   attachment_id=attachment.id, key_id=key.id, signed_by=actor.username,
                                   signed_at=ctx.now(), place={"page": page, "box": list(box)}))
    ctx.audit("digital_signature", plan_id=subject.id if subject.kind == "plan" else None,
              comment=f"{filename}: {key.subject}",
              details={"subject": subject.kind, "id": subject.id, "stage": stage, "attachment_id": attachment.id,
                       "key_id": key.id, "certificate": key.subject})
    return {"signed_file_id": attachment.id, "signed_stage": stage}


def _actor(ctx: Ctx) -> User:
    if ctx.actor is None:
        raise ExecutionFailure("Không xác định được người ký số.")
    return ctx.actor


def _store(ctx: Ctx) -> FileStore:
    if not isinstance(ctx.files, FileStore):
        raise ExecutionFailure("Chưa cấu hình nơi lưu tệp (PLANFLOW_FILES_DIR) để lưu bản ký số.")
    return ctx.files


def latest_copy(session: Session, subject: str, subject_id: int, stage: str | None = None
                ) -> tuple[SignedDocument, Attachment] | None:
    """The newest signed copy of a plan or a report (at a stage, or the newest of any), with its file."""
    query = (select(SignedDocument, Attachment).join(Attachment, Attachment.id == SignedDocument.attachment_id)
             .where(SignedDocument.subject == subject, SignedDocument.subject_id == subject_id))
    if stage is not None:
        query = query.where(SignedDocument.stage == stage)
    row = session.execute(query.order_by(SignedDocument.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row is not None else None


def issued_copy(session: Session, store: FileStore, subject: str, subject_id: int,
                issued_on: date | None) -> bytes | None:
    """The PDF as signed here, if it was: the newest copy with the body's signature, or, while the document is not
    issued, the signer's copy; None for a document issued without the body's signature (printed from its data)."""
    if subject not in SUBJECTS:
        raise NotFound(f"Không có loại văn bản '{subject}'.")
    copy = latest_copy(session, subject, subject_id)
    if copy is None or (copy[0].stage == PERSON and issued_on is not None):
        return None
    return store.read(copy[1])
