"""Ký số: the confirmation before a signer signs (or the clerk issues) a document digitally.

`GET /tasks/<id>/sign` shows the document as it will be signed, the certificate that signs it and a field for the
key's passphrase or PIN; `POST` completes the task (a signer's step approved) with that secret held by the unit of
work only (engine/signatures/confirm.py). The secret is never shown again, stored or logged: a refusal renders the
page with the field empty.
"""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from typing import Any

from flask import Blueprint, Flask, flash, redirect, render_template, request, send_file, url_for

from engine.errors import Conflict, Forbidden, InvalidInput
from engine.signatures import confirm
from engine.signatures.documents import PERSON
from engine.signatures.placement import printed
from webapp.auth import acting_user, engine
from webapp.i18n import _
from webapp.security import untrusted_file
from webapp.task_forms import checked_answers, decision_field, form_fields

bp = Blueprint("tasks", __name__)
SECRET_FIELD = "signing_secret"
SECRET_MAX = 256  # a passphrase or a PIN; anything longer is junk, refused before a key is touched
REFUSALS = {InvalidInput: 422, Forbidden: 403, Conflict: 409}


def init_app(app: Flask) -> None:
    # Signed copies go where attached files go (webapp/discussion.py sets up the store first).
    app.extensions["planflow"].files = app.extensions["planflow_files"]
    app.add_template_global(needs_digital_signature)


def needs_digital_signature(task: Any) -> bool:
    """For task pages: whether approving this task signs digitally (then its button leads to the confirmation)."""
    if confirm.signing_stage(task) is None:  # most tasks: no need to ask the database
        return False
    with engine().unit_of_work() as ctx:
        return confirm.needs_digital_signature(ctx.session, task)


@bp.route("/tasks/<task_id>/sign", methods=["GET", "POST"])
def sign_confirm(task_id: str):
    if request.method == "GET":
        return _page(task_id, {})
    if SECRET_FIELD not in request.form:  # from the task page's «Đồng ý»: confirm first, keeping what was typed
        return _page(task_id, request.form)
    secret = request.form.get(SECRET_FIELD, "")
    with engine().unit_of_work() as ctx:
        page = confirm.signing_page(ctx, acting_user(ctx), task_id)
    answers, problems = checked_answers(page.task["form"], _with_approval(page))
    try:
        if problems:
            raise InvalidInput(_("Biểu mẫu chưa hợp lệ: xem lỗi bên dưới từng trường."), problems)
        if not secret or len(secret) > SECRET_MAX:
            raise InvalidInput(_("Hãy nhập mật khẩu hoặc mã PIN của khóa ký số."), {SECRET_FIELD: "cần nhập"})
        with engine().unit_of_work() as ctx:
            confirm.complete_with_secret(ctx, acting_user(ctx), task_id, answers, secret)
    except tuple(REFUSALS) as exc:
        return _page(task_id, request.form, exc)
    flash(_("Đã ký số {name}.").format(name=page.document.kind.lower() + " " + page.document.title)
          if page.stage == PERSON else _("Đã ký số và ban hành {name}.").format(name=page.document.kind.lower()), "ok")
    return redirect(url_for("inbox.index"))


@bp.get("/tasks/<task_id>/sign.pdf")
def sign_preview(task_id: str):
    """The PDF as it will be signed (without the signature yet)."""
    with engine().unit_of_work() as ctx:
        page = confirm.signing_page(ctx, acting_user(ctx), task_id)
    response = send_file(BytesIO(printed(page.document, for_signing=page.stage == PERSON).pdf),
                         mimetype="application/pdf", as_attachment=True,
                         download_name=f"{page.document.filename}.pdf")
    return untrusted_file(response)


def _with_approval(page: confirm.SigningPage):
    """The posted form, with the signer's decision: confirming is approving."""
    form = request.form.copy()
    form.pop(SECRET_FIELD, None)
    decision = decision_field(page.task["form"])
    if decision and page.stage == PERSON:
        form[decision] = "approve"
    return form


def _page(task_id: str, typed: Any, refused: InvalidInput | Forbidden | Conflict | None = None):
    """The confirmation, again with what was typed (never the secret) and why it was refused."""
    with engine().unit_of_work() as ctx:
        page = confirm.signing_page(ctx, acting_user(ctx), task_id)
    fields = [f for f in form_fields(page.task["form"], {k: v for k, v in typed.items() if k != SECRET_FIELD})
              if f.widget in ("text", "textarea", "integer", "date")]
    errors = refused.fields if isinstance(refused, InvalidInput) else {}
    # As it will be signed: without the DỰ THẢO mark (the number and the date stay blank until issue).
    shown = replace(page.document, is_draft=False)
    body = render_template("sign.html", page=page, shown=shown, fields=fields, errors=errors,
                           message=refused.message if refused is not None else "", secret_field=SECRET_FIELD)
    return body, REFUSALS[type(refused)] if refused is not None and type(refused) in REFUSALS else \
        (422 if refused is not None else 200)
