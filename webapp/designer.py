"""The process designer: deployed processes and decision tables, the bpmn-js modeler, drafts, deploying
new versions and their differences. Designers only.

The modeler's page posts raw XML with the CSRF token in a header and reads JSON back: those two
endpoints answer every refusal as JSON (with one problem per element), the pages as error pages.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Blueprint, jsonify, render_template, request, send_file, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from engine.context import Ctx
from engine.errors import InvalidDefinition, InvalidInput, PlanflowError
from engine.processes import designer
from webapp.auth import acting_user, engine
from webapp.confirm import require_confirmation
from webapp.pages import STATUS_CODES, TITLES, number_arg
from webapp.security import untrusted_file

bp = Blueprint("designer", __name__, url_prefix="/designer")
KINDS = {"bpmn": "Quy trình", "dmn": "Bảng quyết định"}


@contextmanager
def designer_work() -> Iterator[Ctx]:
    """A unit of work acting as the signed-in designer; anyone else is refused (403)."""
    with engine().unit_of_work() as ctx:
        acting_user(ctx)
        designer.require_designer(ctx)
        yield ctx


def json_problems(view):
    """The modeler reads refusals as JSON: `detail`, and `problems` with the element each one is about."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except PlanflowError as exc:
            problems = exc.problems if isinstance(exc, InvalidDefinition) else []
            detail = (f"Tệp quy trình không hợp lệ ({len(problems)} lỗi); chưa có gì được lưu." if problems
                      else exc.message)
            return _problem(STATUS_CODES.get(type(exc), 422), detail,
                            [{"element_id": p.element_id, "message": p.message} for p in problems])

    return wrapper


def _problem(status: int, detail: str, problems: list[dict] | None = None):
    body = {"type": "about:blank", "title": TITLES.get(status, "Lỗi"), "status": status, "detail": detail,
            "problems": problems or []}
    return jsonify(body), status, {"Content-Type": "application/problem+json"}


@bp.errorhandler(CSRFError)
def csrf_refused(exc: CSRFError):
    return _problem(400, "Phiên làm việc đã hết hạn; hãy tải lại trang (bản vẽ chưa được lưu).")


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge):
    return _problem(413, f"Tệp lớn quá {designer.MAX_SOURCE_BYTES // (1024 * 1024)} MB; chưa có gì được lưu.")


@bp.get("")
def index():
    with designer_work() as ctx:
        definitions = designer.definitions_overview(ctx.session)
        drafts = designer.undeployed_drafts(ctx.session)
    return render_template("designer_list.html", definitions=definitions, drafts=drafts, kinds=KINDS)


@bp.get("/new")
def new():
    kind = request.args.get("kind", "bpmn")
    with designer_work() as ctx:
        if kind not in KINDS:
            raise InvalidInput("Loại định nghĩa phải là bpmn hoặc dmn.", {"kind": "không hợp lệ"})
        vocabulary = designer.modeler_vocabulary(ctx.handlers.operations)
    return render_template("designer_edit.html", opening=None, kind=kind, source_url="", vocabulary=vocabulary)


@bp.get("/<main_id>")
def edit(main_id: str):
    with designer_work() as ctx:
        asked = _version_arg()
        opening = designer.open_in_modeler(ctx.session, main_id, asked)
        vocabulary = designer.modeler_vocabulary(ctx.handlers.operations)
    query = {"draft": 1} if opening.draft else {"version": asked} if asked else {}
    return render_template("designer_edit.html", opening=opening, kind=opening.kind, vocabulary=vocabulary,
                           source_url=url_for("designer.source", main_id=main_id, **query))


@bp.get("/<main_id>/source")
def source(main_id: str):
    with designer_work() as ctx:
        if request.args.get("draft"):
            filename, data = designer.draft_file(ctx.session, main_id)
        else:
            filename, data = designer.deployed_file(ctx.session, main_id, _version_arg())
    # A designer's file: the modeler reads it with fetch(); opened directly it is a download, never a page.
    return untrusted_file(send_file(io.BytesIO(data), mimetype="application/xml", as_attachment=True,
                                    download_name=filename, etag=False))


@bp.get("/<main_id>/versions")
def versions(main_id: str):
    with designer_work() as ctx:
        rows = designer.versions(ctx.session, main_id)
    # Instances still running on older versions can move up to the newest.
    migrate_url = url_for("migration.preview", main_id=main_id, to=rows[0].version) \
        if any(row.running for row in rows[1:]) else None
    return render_template("designer_versions.html", main_id=main_id, rows=rows, migrate_url=migrate_url)


@bp.post("/deploy")
@json_problems
def deploy():
    """Deploy the posted file as a new version; `?confirm=yes` says the designer ticked the page's box."""
    data = _xml_body()
    with designer_work() as ctx:
        require_confirmation(request.args, "deploy")
        existing = designer.deployed_with_content(ctx.session, data)
        definition = designer.deploy_from_designer(ctx, data)
        body = {"main_id": definition.main_id, "version": definition.version, "kind": definition.kind,
                "unchanged": definition.id in existing,
                "versions_url": url_for("designer.versions", main_id=definition.main_id)}
    return jsonify(body), 201


@bp.post("/drafts")
@json_problems
def save_draft():
    data = _xml_body()
    with designer_work() as ctx:
        draft = designer.save_draft(ctx, request.args.get("main_id"), data)
        body = {"main_id": draft.main_id, "saved_at": draft.saved_at.isoformat(),
                "url": url_for("designer.edit", main_id=draft.main_id)}
    return jsonify(body)


def _xml_body() -> bytes:
    """The raw file the modeler posts; past the size limit werkzeug stops reading and answers 413."""
    request.max_content_length = designer.MAX_SOURCE_BYTES
    return request.get_data(cache=False)


def _version_arg() -> int | None:
    return number_arg(request.args.get("version"), "version", "Phiên bản")
