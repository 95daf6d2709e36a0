"""Comments and attached files under a task, a plan or a report; the download of one file version."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, flash, redirect, request, send_file, url_for

from engine.discussion.attachments import DEFAULT_MAX_MB, FileStore, attach_file, files, open_file, upload_unit
from engine.discussion.comments import SUBJECTS, add_comment, comments, open_thread
from engine.errors import InvalidInput, NotFound
from webapp.auth import acting_user, engine
from webapp.i18n import _
from webapp.pages import problem, strict_int
from webapp.security import untrusted_file

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
    app.register_error_handler(413, lambda _exc: problem(413, _("Tệp vượt giới hạn {limit}.").format(
        limit=store.limit_label)))


def discussion(subject: str, subject_id: str | int) -> dict | None:
    """The thread a page shows under its subject; None where the user may not see it."""
    try:
        with engine().unit_of_work() as ctx:
            thread = open_thread(ctx.session, acting_user(ctx), subject, subject_id)
            return {"subject": subject, "subject_id": subject_id, "comments": comments(ctx.session, thread),
                    "files": files(ctx.session, thread), "limit": file_store().limit_label}
    except NotFound:
        return None


@bp.post("/discussion/<subject>/<subject_id>/comments")
def comment(subject: str, subject_id: str):
    _known(subject, subject_id)
    try:
        with engine().unit_of_work() as ctx:
            add_comment(ctx, acting_user(ctx), subject, subject_id, request.form.get("text", ""))
        flash(_("Đã gửi bình luận."), "ok")
    except InvalidInput as exc:
        flash(exc.message, "error")
    return _back(subject, subject_id, "discussion")


@bp.post("/discussion/<subject>/<subject_id>/files")
def upload(subject: str, subject_id: str):
    _known(subject, subject_id)
    sent = request.files.get("file")
    try:
        with upload_unit(engine(), file_store()) as (ctx, store):
            attachment = attach_file(ctx, acting_user(ctx), store, subject, subject_id,
                                     sent.filename if sent else "", sent.read() if sent else b"")
            flash(_("Đã đính kèm {name} (phiên bản {version}).").format(name=attachment.name,
                                                                      version=attachment.version), "ok")
    except InvalidInput as exc:
        flash(exc.message, "error")
    return _back(subject, subject_id, "files")


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


def _back(subject: str, subject_id: str, anchor: str):
    endpoint, argument = PAGES[subject]
    value = subject_id if subject == "task" else strict_int(subject_id)
    return redirect(url_for(endpoint, **{argument: value}, _anchor=anchor), 303)

