"""Comments and attached files under a task, a plan or a report; the download of one file version.

The pages post comments and files with htmx and get the discussion back alone, so nothing else on the page (a task's
half-filled form) is touched. Without JavaScript a task's comment or file goes with the whole task form, whose
answers are kept as the user's draft first (webapp/templates/_discussion.html)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from engine.discussion.attachments import DEFAULT_MAX_MB, FileStore, attach_file, files, open_file, upload_unit
from engine.discussion.comments import SUBJECTS, add_comment, comments, open_thread
from engine.errors import Conflict, InvalidInput, NotFound, PlanflowError
from engine.work.drafts import save_draft
from engine.work.inbox import task_for_user
from webapp.auth import acting_user, engine
from webapp.i18n import _
from webapp.pages import STATUS_CODES, problem, strict_int
from webapp.security import untrusted_file
from webapp.task_forms import read_answers

bp = Blueprint("discussion", __name__)
# The page each subject's forms return to.
PAGES = {"task": ("inbox.task", "task_id"), "plan": ("plans.show", "plan_id"), "report": ("reports.show",
                                                                                          "obligation_id")}


def file_store() -> FileStore:
    return current_app.extensions["planflow_files"]


def init_app(app: Flask) -> None:
    """The file store from FILES_DIR and MAX_UPLOAD_MB (PLANFLOW_FILES_DIR, PLANFLOW_MAX_UPLOAD_MB)."""
    megabytes = float(app.config.get("MAX_UPLOAD_MB") or DEFAULT_MAX_MB)
    store = FileStore(Path(app.config.get("FILES_DIR") or Path(app.instance_path) / "files"),
                      int(megabytes * 1024 * 1024))
    app.extensions["planflow_files"] = store
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        # Werkzeug stops a far larger body before reading it; the engine names the limit for anything near it.
        app.config["MAX_CONTENT_LENGTH"] = store.max_bytes + 1024 * 1024
    app.add_template_global(discussion)
    app.register_error_handler(413, lambda _exc: _too_large(store))


def discussion(subject: str, subject_id: str | int) -> dict | None:
    """The thread a page shows under its subject; None where the user may not see it."""
    try:
        with engine().unit_of_work() as ctx:
            thread = open_thread(ctx.session, acting_user(ctx), subject, subject_id)
            return {"subject": subject, "subject_id": subject_id, "comments": comments(ctx.session, thread),
                    "files": files(ctx.session, thread, file_store()), "limit": file_store().limit_label}
    except NotFound:
        return None


@bp.post("/discussion/<subject>/<subject_id>/comments")
def comment(subject: str, subject_id: str):
    """Add a comment: htmx gets the discussion back alone, a plain post the page (after keeping the task's draft)."""
    _known(subject, subject_id)
    _keep_task_draft(subject, subject_id)
    try:
        with engine().unit_of_work() as ctx:
            add_comment(ctx, acting_user(ctx), subject, subject_id, request.form.get("text", ""))
    except _refusals() as exc:
        return _answer(subject, subject_id, "comment", exc.message, refused=exc)
    return _answer(subject, subject_id, "comment", _("Đã gửi bình luận."))


@bp.post("/discussion/<subject>/<subject_id>/files")
def upload(subject: str, subject_id: str):
    """Attach a file, answered like a comment."""
    _known(subject, subject_id)
    _keep_task_draft(subject, subject_id)
    sent = request.files.get("file")
    try:
        with upload_unit(engine(), file_store()) as (ctx, store):
            attachment = attach_file(ctx, acting_user(ctx), store, subject, subject_id,
                                     sent.filename if sent else "", sent.read() if sent else b"")
            done = _("Đã đính kèm {name} (phiên bản {version}).").format(name=attachment.name,
                                                                       version=attachment.version)
    except _refusals() as exc:
        return _answer(subject, subject_id, "files", exc.message, refused=exc)
    return _answer(subject, subject_id, "files", done)


@bp.get("/files/<int:attachment_id>")
def download(attachment_id: int):
    with engine().unit_of_work() as ctx:
        attachment, content = open_file(ctx.session, acting_user(ctx), file_store(), attachment_id)
    return file_response(attachment.name, attachment.content_type, attachment.checksum, content)


def file_response(name: str, content_type: str, checksum: str, content: bytes) -> Response:
    """The bytes under their original name (RFC 6266 filename*), with their SHA-256 (RFC 9530) to compare."""
    response = send_file(io.BytesIO(content), mimetype=content_type, as_attachment=True, download_name=name,
                         etag=False)
    untrusted_file(response)  # a download, never sniffed, sandboxed if opened anyway (webapp/security.py)
    response.headers["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(checksum)).decode()}:"
    return response


def _known(subject: str, subject_id: str) -> None:
    """A subject this page knows, and for plans and reports an id in ASCII digits within range; else not found."""
    if subject not in SUBJECTS or subject not in PAGES:
        abort(404)
    if subject != "task" and strict_int(subject_id) is None:
        abort(404)


def from_htmx() -> bool:
    """The request came from htmx on the page (it wants the discussion alone, not a redirect)."""
    return request.headers.get("HX-Request") == "true"


def _refusals() -> tuple[type[PlanflowError], ...]:
    """Refusals the answer shows beside the discussion; a plain post shows a conflict as its own page, as before."""
    return (InvalidInput, Conflict) if from_htmx() else (InvalidInput,)


def _keep_task_draft(subject: str, subject_id: str) -> None:
    """Without JavaScript a task's comment or file is posted with the whole task form (webapp/templates/
    _discussion.html): keep what was typed there as the user's draft first, so the page comes back with it."""
    if subject != "task" or from_htmx() or not request.form.get("keep_draft"):
        return
    try:
        with engine().unit_of_work() as ctx:
            user = acting_user(ctx)
            schema = task_for_user(ctx.session, user, subject_id, include_closed=True)["form"]
            save_draft(ctx, user, subject_id, read_answers(schema, request.form)[0])
    except Conflict:
        return  # done meanwhile: no draft to keep, and the comment still belongs to the task's discussion
    flash(_("Đã lưu nháp biểu mẫu để nội dung bạn đang nhập không bị mất."), "ok")


def _answer(subject: str, subject_id: str, where: str, message: str, refused: PlanflowError | None = None):
    """The discussion alone for htmx (with the outcome beside the form that was used), else back to the page."""
    if from_htmx():
        notice = {"where": where, "message": message, "error": refused is not None,
                  "text": request.form.get("text", "") if refused else ""}
        status = STATUS_CODES.get(type(refused), 422) if refused else 200
        return render_template("_discussion.html", subject=subject, subject_id=subject_id, notice=notice), status
    flash(message, "error" if refused else "ok")
    return _back(subject, subject_id, "discussion" if where == "comment" else "files")


def _too_large(store: FileStore):
    """A body past the limit is stopped before it is read; htmx still gets the discussion, with why."""
    message = _("Tệp vượt giới hạn {limit}.").format(limit=store.limit_label)
    args = request.view_args or {}
    subject, subject_id = args.get("subject", ""), args.get("subject_id", "")
    if from_htmx() and request.endpoint == "discussion.upload" and subject in PAGES \
            and (subject == "task" or strict_int(subject_id) is not None):
        notice = {"where": "files", "message": message, "error": True, "text": ""}
        return render_template("_discussion.html", subject=subject, subject_id=subject_id, notice=notice), 413
    return problem(413, message)


def _back(subject: str, subject_id: str, anchor: str):
    endpoint, argument = PAGES[subject]
    value = subject_id if subject == "task" else strict_int(subject_id)
    return redirect(url_for(endpoint, **{argument: value}, _anchor=anchor), 303)

