"""A plan from its text: upload, review every extracted item beside its source line, then record it as the
superior's external plan or make it a prefilled draft (engine/plans/imports.py; docs/import.md)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from engine.discussion.attachments import FILE_TYPES, check_content
from engine.discussion.signature_checks import STATE_LABELS, CheckView, check_pdf
from engine.errors import InvalidInput
from engine.models import Plan
from engine.plans import imports
from engine.plans.imports import DRAFT, EXTERNAL, ImportChoice, Review
from engine.plans.references import reference_view, references_of
from engine.reading import read_plan_file
from engine.reporting.assignments import assignments_view, requirements_view
from webapp.auth import acting_user, engine
from webapp.discussion import file_store
from webapp.i18n import _

bp = Blueprint("imports", __name__, url_prefix="/plans/import")
READABLE = (".txt", ".docx", ".pdf")
# Labels of the review's fields, in the order the page shows them.
DOCUMENT_LABELS = {"issuer": "Cơ quan ban hành", "number_symbol": "Số, ký hiệu", "place": "Địa danh",
                   "date": "Ngày ban hành (dd/mm/yyyy)", "year": "Năm của kế hoạch", "title": "Trích yếu",
                   "archive": "Dòng lưu", "signature_heading": "Thẩm quyền ký (TM., KT.)",
                   "signer_title": "Chức vụ người ký", "signer_name": "Người ký"}
GROUP_LABELS = {"parents": "Văn bản cấp trên (thực hiện)", "legal_bases": "Căn cứ", "assignments": "Tổ chức thực hiện",
                "deadlines": "Thời hạn, báo cáo", "recipients": "Nơi nhận"}
FIELD_LABELS = {"citation": "Trích dẫn", "number_symbol": "Số, ký hiệu", "date": "Ngày (dd/mm/yyyy)",
                "issuer": "Cơ quan ban hành", "agency": "Đơn vị thực hiện", "lead": "Chủ trì (đầu mối)",
                "responsibilities": "Trách nhiệm (mỗi dòng một việc)", "phrase": "Hạn như văn bản ghi",
                "kind": "Loại", "from": "Đơn vị báo cáo", "to": "Gửi đến", "via": "Qua cơ quan đầu mối",
                "condition": "Điều kiện", "line": "Nơi nhận"}


@bp.get("")
def upload_form():
    with engine().unit_of_work() as ctx:
        imports.require_planner(acting_user(ctx))
    return render_template("plan_import.html", accepted=", ".join(READABLE))


@bp.post("")
def upload():
    """Read the file (bounded and untrusted: the attachments' type rule, then the reader's own limits)."""
    sent = request.files.get("file")
    name, content = (sent.filename or "", sent.read()) if sent else ("", b"")
    with engine().unit_of_work() as ctx:
        imports.require_planner(acting_user(ctx))
    try:
        _check_upload(name, content)
        reading = read_plan_file(content, name)
    except InvalidInput as exc:
        return render_template("plan_import.html", accepted=", ".join(READABLE), message=exc.message), 422
    review = imports.review_of(reading)
    return _review_page(review, ImportChoice(EXTERNAL), filename=name, fresh=True, signature=_checked(name, content))


def _checked(name: str, content: bytes) -> CheckView | None:
    """Ký số: a PDF's signatures, verified as it arrives (who signed, for which body, intact, trusted)."""
    if not name.casefold().endswith(".pdf"):
        return None
    state, summary, signatures = check_pdf(content)
    return {"state": state, "label": STATE_LABELS[state], "summary": summary, "signatures": signatures,
            "checked_at": None}


def _check_upload(name: str, content: bytes) -> None:
    """A .docx or .pdf must be what its name says, within the attachments' size: one rule for every upload
    (engine/discussion/attachments.py). Plain text has no signature to check; the reader decodes it strictly."""
    if not name:
        raise InvalidInput(_("Hãy chọn tệp kế hoạch (.txt, .docx hoặc .pdf)."), {"file": "chưa chọn tệp"})
    if name.rsplit(".", 1)[-1].casefold() in FILE_TYPES:
        check_content(file_store(), name, content)


@bp.post("/save")
def save():
    form = request.form
    review = imports.review_from_form(form)
    choice = _choice(form)
    try:
        with engine().unit_of_work() as ctx:
            plan = imports.import_plan(ctx, acting_user(ctx), review, choice)
            plan_id, outcome = plan.id, choice.outcome
    except InvalidInput as exc:
        return _review_page(review, choice, message=exc.message, errors=exc.fields, status=422)
    if outcome == EXTERNAL:
        flash(_("Đã lưu kế hoạch cấp trên #{id} (văn bản ngoài hệ thống).").format(id=plan_id), "ok")
        return redirect(url_for("imports.recorded", plan_id=plan_id))
    flash(_("Đã tạo dự thảo kế hoạch #{id} từ văn bản; biểu mẫu soạn thảo đã được điền sẵn.").format(id=plan_id), "ok")
    return redirect(url_for("plans.show", plan_id=plan_id))


def _choice(form) -> ImportChoice:
    outcome = form.get("outcome", "")
    if outcome == DRAFT:
        parent = form.get("parent_plan_id", "")
        return ImportChoice(DRAFT, form.get("draft_unit") or None,
                            int(parent) if parent.isdigit() and len(parent) < 10 else None)
    return ImportChoice(outcome, form.get("external_unit") or None)


def _review_page(review: Review, choice: ImportChoice, *, message: str | None = None,
                 errors: dict[str, str] | None = None, filename: str | None = None, fresh: bool = False,
                 status: int = 200, signature: CheckView | None = None):
    """The review as read (fresh) or as posted; the committees and parent plans the user may choose."""
    with engine().unit_of_work() as ctx:
        user = acting_user(ctx)
        issuing = imports.issuing_committees(ctx.session, user)
        own = imports.own_committees(ctx.session, user)
        parents = [(p.id, _parent_label(p)) for p in imports.parent_choices(ctx.session, user)]
        if fresh and issuing:  # the nearest superior by default; assignments naming no unit there start unticked
            choice = ImportChoice(EXTERNAL, issuing[0].code)
            imports.mark_unresolved(ctx, review, issuing[0].code)
        issuing_units = [(u.code, u.committee_name) for u in issuing]
        own_units = [(u.code, u.committee_name) for u in own]
        default_year = ctx.clock.today().year
    year = imports.value(review, "year")
    previews = [imports.due_preview(item.fields["phrase"], year, default_year) for item in review.groups["deadlines"]]
    return render_template(
        "plan_import_review.html", review=review, message=message, errors=errors or {}, filename=filename,
        signature=signature,
        choice=choice, issuing_units=issuing_units, own_units=own_units, parents=parents, previews=previews,
        document_labels=DOCUMENT_LABELS, group_labels=GROUP_LABELS, field_labels=FIELD_LABELS,
        fields_of=imports.GROUPS, kinds=imports.KIND_CHOICES, outcomes=imports.OUTCOMES), status


def _parent_label(plan: Plan) -> str:
    number = plan.number_symbol or f"#{plan.id}"
    return f"{number} · {plan.issuer_name or plan.unit.committee_name} · {plan.title or ''}"[:160]


@bp.get("/<int:plan_id>")
def recorded(plan_id: int):
    """The recorded parent as stored, and "Lập kế hoạch thực hiện"."""
    with engine().unit_of_work() as ctx:
        user = acting_user(ctx)
        plan = imports.recorded_parent(ctx, user, plan_id)
        view = {"id": plan.id, "number": plan.number_symbol, "issued": plan.issued_date, "title": plan.title,
                "issuer": plan.issuer_name or plan.unit.committee_name, "unit": plan.unit.committee_name}
        cited = [reference_view(r) for r in references_of(ctx.session, plan_id)]
        requirements = requirements_view(ctx.session, plan_id)
        assignments = assignments_view(ctx.session, plan_id)
        units = [(u.code, u.committee_name) for u in imports.child_units(ctx, user, plan)]
    return render_template("plan_import_done.html", plan=view, cited=cited, requirements=requirements,
                           assignments=assignments, units=units)


@bp.post("/<int:plan_id>/child")
def start_child(plan_id: int):
    with engine().unit_of_work() as ctx:
        child = imports.start_child(ctx, acting_user(ctx), plan_id, request.form.get("unit", ""))
        child_id = child.id
    flash(_("Đã lập kế hoạch thực hiện #{id}; dự thảo bắt đầu với các hạn của kế hoạch cấp trên.").format(id=child_id),
          "ok")
    return redirect(url_for("plans.show", plan_id=child_id))
