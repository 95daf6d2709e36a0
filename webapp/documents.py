"""Plans and reports as official documents: a page to read, a Word file to edit, a PDF to print."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, render_template, send_file, url_for

from engine.plans.documents import Document, plan_document_for, report_document_for
from engine.plans.pdf import pdf_bytes
from engine.signatures.documents import issued_copy
from webapp.auth import acting_user, engine
from webapp.discussion import file_store
from webapp.docx_writer import docx_bytes
from webapp.security import untrusted_file

bp = Blueprint("documents", __name__)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMAT = "<any(docx, pdf):fmt>"


@bp.get("/plans/<int:plan_id>/document")
def plan_page(plan_id: int):
    return _page(_plan(plan_id), url_for("plans.show", plan_id=plan_id), "documents.plan_file", plan_id=plan_id)


@bp.get(f"/plans/<int:plan_id>/document.{FORMAT}")
def plan_file(plan_id: int, fmt: str):
    doc = _plan(plan_id)
    return _download(doc, fmt, _signed("plan", plan_id, doc) if fmt == "pdf" else None)


@bp.get("/reports/<int:obligation_id>/document")
def report_page(obligation_id: int):
    back = url_for("reports.show", obligation_id=obligation_id)
    return _page(_report(obligation_id), back, "documents.report_file", obligation_id=obligation_id)


@bp.get(f"/reports/<int:obligation_id>/document.{FORMAT}")
def report_file(obligation_id: int, fmt: str):
    doc = _report(obligation_id)
    return _download(doc, fmt, _signed("report", obligation_id, doc) if fmt == "pdf" else None)


def _plan(plan_id: int) -> Document:
    with engine().unit_of_work() as ctx:
        return plan_document_for(ctx.session, acting_user(ctx), plan_id, ctx.clock.today())


def _report(obligation_id: int) -> Document:
    with engine().unit_of_work() as ctx:
        return report_document_for(ctx.session, acting_user(ctx), obligation_id)


def _page(doc: Document, back: str, file_endpoint: str, **ids: int):
    links = {"back": back, "docx": url_for(file_endpoint, fmt="docx", **ids),
             "pdf": url_for(file_endpoint, fmt="pdf", **ids)}
    return render_template("document.html", doc=doc, links=links)


def _signed(subject: str, subject_id: int, doc: Document) -> bytes | None:
    """Ký số: the PDF signed here, if there is one (the user may see the document: checked before)."""
    with engine().unit_of_work() as ctx:
        return issued_copy(ctx.session, file_store(), subject, subject_id, None if doc.is_draft else ctx.today())


def _download(doc: Document, fmt: str, signed: bytes | None = None):
    data, mimetype = (docx_bytes(doc), DOCX_TYPE) if fmt == "docx" else (signed or pdf_bytes(doc), "application/pdf")
    response = send_file(BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=f"{doc.filename}.{fmt}")
    return untrusted_file(response)  # the text in it is the users'; a download, never a page
