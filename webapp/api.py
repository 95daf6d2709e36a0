"""The JSON API under /api/v1: a bearer token for a password, then my tasks, plans and compliance
matrices, within the same scope as the pages. Errors are JSON problems; bad input is never a 500.
"""

from __future__ import annotations

import hmac
import json
import math
from datetime import timedelta

from flask import Blueprint, Flask, current_app, g, jsonify, request, url_for
from flask_limiter import RateLimitExceeded
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from marshmallow import Schema, ValidationError

from engine.clock import VIETNAM
from engine.context import Ctx
from engine.discussion.attachments import attach_file, attachment_view, files, open_file, upload_unit
from engine.discussion.comments import add_comment, comment_view, comments, open_thread
from engine.errors import NotFound
from engine.models import Plan, ProcessInstance, User
from engine.notify.outbox import mail_preferences, set_mail_preferences
from engine.org.access import in_scope, require_plan
from engine.org.delegation import cancel_delegation, delegate_by_name, delegation_view, delegations_of
from engine.org.units import authenticate, get_unit, get_user
from engine.plans import lifecycle
from engine.plans.detail import plan_detail
from engine.plans.listing import (
    PAGE_SIZE,
    PlanFilter,
    cascade_tree,
    due_state,
    is_late,
    plan_obligations,
    search_plans,
)
from engine.processes.repairs import list_incidents, repair_instance
from engine.reporting.obligations import set_report_urgency
from engine.reporting.reports import consolidation_view, obligation_view
from engine.signatures.confirm import complete_with_secret
from engine.work.claims import assign_task, claim_task, release_task
from engine.work.inbox import inbox, task_for_user
from webapp import api_schemas as s
from webapp.api_docs import build_spec
from webapp.auth import engine, limit_sign_in, retry_after, session_id, too_many_attempts_message
from webapp.discussion import file_response, file_store
from webapp.pages import problem

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC = {"api.create_token", "api.openapi"}
TOKEN_SALT = "planflow-api-token"
MAX_DEPTH = 32  # far beyond any form; deeper JSON is junk that would only exhaust the stack
UNSTORABLE_TEXT = "Chuỗi ký tự không được chứa ký tự NUL hay mã Unicode lẻ (\\ud800–\\udfff)."


class Refused(Exception):
    """A request the API answers with a problem before any engine call: bad token or malformed body."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def init_app(app: Flask) -> None:
    app.extensions["csrf"].exempt(bp)  # no cookies: a bearer token cannot be sent by another site's form
    limit_sign_in(app, "api.create_token", _token_username)  # the same wrong-password limits as the sign-in form


def _token_username() -> object:
    """The username a token request names, for its rate-limit bucket; junk bodies share one (json_body refuses)."""
    try:
        data = json.loads(request.get_data(), parse_constant=_not_a_number)
    except (ValueError, RecursionError):
        return ""
    return data.get("username", "") if isinstance(data, dict) else ""


# --- tokens -------------------------------------------------------------------------------------


def _tokens() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def _lifetime() -> timedelta:
    return timedelta(hours=current_app.config["API_TOKEN_HOURS"])


@bp.before_request
def require_token() -> None:
    """Every endpoint but the token and the document needs a valid bearer token, checked before any input."""
    if request.endpoint in PUBLIC:
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, "Cần mã truy cập: gửi tiêu đề 'Authorization: Bearer <token>' "
                           "với mã lấy từ POST /api/v1/tokens.")
    try:
        g.api_claim = _tokens().loads(token.strip(), max_age=_lifetime().total_seconds())
    except SignatureExpired:
        raise Refused(401, "Mã truy cập đã hết hạn; hãy lấy mã mới qua POST /api/v1/tokens.") from None
    except BadSignature:
        raise Refused(401, "Mã truy cập không hợp lệ; hãy lấy mã mới qua POST /api/v1/tokens.") from None


def api_user(ctx: Ctx) -> User:
    """The token's user, read in this unit of work; a changed password, signing out or a removed account ends it."""
    try:
        user = get_user(ctx.session, g.api_claim["user"])
    except (NotFound, KeyError, TypeError):
        user = None
    claim = g.api_claim.get("session") if isinstance(g.api_claim, dict) else None
    if user is None or not isinstance(claim, str) or not hmac.compare_digest(session_id(user), claim):
        raise Refused(401, "Mã truy cập không còn hiệu lực (mật khẩu đã đổi hoặc người dùng đã đăng xuất); "
                           "hãy đăng nhập lại qua POST /api/v1/tokens.")
    return ctx.act_as(user)


@bp.post("/tokens")
def create_token():
    credentials = json_body(s.TokenRequest())
    with engine().sessions.begin() as db:  # committed, as webapp/auth.py's reads
        user = authenticate(db, credentials["username"], credentials["password"])
        claim = {"user": user.username, "session": session_id(user)} if user else None
    if claim is None:
        raise Refused(401, "Tên đăng nhập hoặc mật khẩu không đúng.")
    token = _tokens().dumps(claim)
    _, issued = _tokens().loads(token, return_timestamp=True)
    expires_at = (issued + _lifetime()).astimezone(VIETNAM)
    return s.Token().dump({"token": token, "expires_at": expires_at}), 201


# --- tasks --------------------------------------------------------------------------------------


@bp.get("/tasks")
def list_tasks():
    with engine().unit_of_work() as ctx:
        tasks = inbox(ctx.session, api_user(ctx))
    return s.TaskList().dump({"tasks": tasks})


@bp.get("/tasks/<uuid:task_id>")
def show_task(task_id):
    with engine().unit_of_work() as ctx:
        task = task_for_user(ctx.session, api_user(ctx), str(task_id))
    return s.TaskDetail().dump(task)


@bp.post("/tasks/<uuid:task_id>/complete")
def complete_task(task_id):
    data = json_body(s.TaskData())
    secret = data.pop("signing_secret", None)  # ký số: the key's secret, for this completion only (never echoed)
    with engine().unit_of_work() as ctx:
        user = api_user(ctx)
        # as the task page does: guards, then drafts dropped
        instance = complete_with_secret(ctx, user, str(task_id), data, secret if isinstance(secret, str) else None)
        done = {"task_id": str(task_id), "plan_id": instance.plan_id, "process_instance_id": instance.id,
                "process_status": instance.status}
    return s.Completion().dump(done)


# --- plans and compliance -------------------------------------------------------------------------


@bp.get("/plans")
def list_plans():
    wanted = query_args(s.PlanQuery())
    with engine().unit_of_work() as ctx:
        rows, total = search_plans(ctx.session, api_user(ctx), PlanFilter(**wanted), ctx.clock.today())
    return s.PlanList().dump({"plans": rows, "total": total, "page": wanted.get("page", 1), "page_size": PAGE_SIZE})


@bp.post("/plans")
def start_plan():
    wanted = json_body(s.PlanStart())
    with engine().unit_of_work() as ctx:
        plan_id = lifecycle.start_plan(ctx, wanted["unit"], api_user(ctx), wanted.get("due"), wanted.get("title"),
                                   wanted.get("urgency")).id
    # Read back once committed, so the answer holds the history the start wrote, as a GET would.
    return show_plan(plan_id), 201, {"Location": url_for("api.show_plan", plan_id=plan_id)}


@bp.get("/plans/<int:plan_id>")
def show_plan(plan_id: int):
    with engine().unit_of_work() as ctx:
        user = api_user(ctx)
        view = _plan_view(ctx, user, require_plan(ctx.session, user, plan_id))
    return s.PlanDetail().dump(view)


def _plan_view(ctx: Ctx, user: User, plan: Plan) -> dict:
    """The plan, the cascade beneath it and its reports, each only as far as the user's scope reaches."""
    today = ctx.clock.today()
    return {**plan_detail(ctx.session, plan.id), "late": is_late(plan, today), "due_state": due_state(plan, today),
            "tree": cascade_tree(ctx.session, user, plan, today),
            "obligations": plan_obligations(ctx.session, user, plan.id, today)}


@bp.get("/compliance")
def compliance():
    wanted = query_args(s.ComplianceQuery())
    with engine().unit_of_work() as ctx:
        user, today = api_user(ctx), ctx.clock.today()
        unit = get_unit(ctx.session, wanted["unit"], today)
        if not in_scope(ctx.session, user, unit.id):
            raise NotFound(f"Đơn vị '{unit.code}' không thuộc phạm vi của bạn.")
        view = consolidation_view(ctx.session, unit.id, wanted.get("year", today.year), wanted["kind"], today)
        view.update(unit=unit.code, unit_name=unit.committee_name)
    return s.Compliance().dump(view)


@bp.put("/reports/<int:obligation_id>/urgency")
def set_urgency(obligation_id: int):
    wanted = json_body(s.ReportUrgency())
    with engine().unit_of_work() as ctx:
        report = set_report_urgency(ctx, api_user(ctx), obligation_id, wanted["urgency"])
        view = obligation_view(report, ctx.clock.today())
    return s.Obligation().dump(view)


# --- my e-mail notices ----------------------------------------------------------------------------


@bp.get("/profile")
def show_profile():
    with engine().unit_of_work() as ctx:
        view = mail_preferences(api_user(ctx))
    return s.MailPreferences().dump(view)


@bp.put("/profile")
def update_profile():
    wanted = json_body(s.MailPreferencesUpdate())
    with engine().unit_of_work() as ctx:
        user = api_user(ctx)
        set_mail_preferences(ctx, user, user, wanted["email"], wanted["email_opt_in"])
        view = mail_preferences(user)
    return s.MailPreferences().dump(view)


# --- comments and attached files ------------------------------------------------------------------

SUBJECT_OF = {"tasks": "task", "plans": "plan", "reports": "report"}
DISCUSSED = "/<any(tasks, plans, reports):collection>/<subject_id>"


@bp.get(f"{DISCUSSED}/comments")
def list_comments(collection: str, subject_id: str):
    with engine().unit_of_work() as ctx:
        thread = open_thread(ctx.session, api_user(ctx), SUBJECT_OF[collection], subject_id)
        found = comments(ctx.session, thread)
    return s.CommentList().dump({"comments": found})


@bp.post(f"{DISCUSSED}/comments")
def post_comment(collection: str, subject_id: str):
    wanted = json_body(s.CommentPost())
    with engine().unit_of_work() as ctx:
        user = api_user(ctx)
        view = comment_view(add_comment(ctx, user, SUBJECT_OF[collection], subject_id, wanted["text"]), user)
    return s.Comment().dump(view), 201


@bp.get(f"{DISCUSSED}/files")
def list_files(collection: str, subject_id: str):
    with engine().unit_of_work() as ctx:
        thread = open_thread(ctx.session, api_user(ctx), SUBJECT_OF[collection], subject_id)
        found = files(ctx.session, thread)
    return s.FileList().dump({"files": found})


@bp.post(f"{DISCUSSED}/files")
def upload_file(collection: str, subject_id: str):
    """multipart/form-data with one part `file`; the same name in the same thread adds a version."""
    sent = request.files.get("file")
    with upload_unit(engine(), file_store()) as (ctx, store):
        user = api_user(ctx)
        attachment = attach_file(ctx, user, store, SUBJECT_OF[collection], subject_id,
                                 sent.filename if sent else "", sent.read() if sent else b"")
        view = attachment_view(attachment, user.username)
    return s.FileVersion().dump(view), 201


@bp.get("/files/<int:attachment_id>")
def download_file(attachment_id: int):
    with engine().unit_of_work() as ctx:
        attachment, content = open_file(ctx.session, api_user(ctx), file_store(), attachment_id)
    return file_response(attachment.name, attachment.content_type, attachment.checksum, content)


# --- claiming tasks and delegations ----------------------------------------------------------------


@bp.post("/tasks/<uuid:task_id>/<any(claim, release):step>")
def hold_task(task_id, step: str):
    with engine().unit_of_work() as ctx:
        user = api_user(ctx)
        (claim_task if step == "claim" else release_task)(ctx, user, str(task_id))
        holder = user if step == "claim" else None
        view = {"task_id": str(task_id), "claimed_by": holder and holder.username,
                "claimed_by_name": holder and holder.full_name}
    return s.Holder().dump(view)


@bp.post("/tasks/<uuid:task_id>/assign")
def assign_task_to(task_id):
    wanted = json_body(s.Assignment())
    with engine().unit_of_work() as ctx:
        assignee = assign_task(ctx, api_user(ctx), str(task_id), wanted["username"])
        view = {"task_id": str(task_id), "claimed_by": assignee.username, "claimed_by_name": assignee.full_name}
    return s.Holder().dump(view)


@bp.get("/delegations")
def list_delegations():
    with engine().unit_of_work() as ctx:
        rows = delegations_of(ctx.session, api_user(ctx), ctx.clock.today())
    return s.DelegationList().dump({"delegations": rows})


@bp.post("/delegations")
def create_delegation():
    wanted = json_body(s.DelegationCreate())
    with engine().unit_of_work() as ctx:
        user = api_user(ctx)
        delegation = delegate_by_name(ctx, user, wanted.get("delegator") or user.username, wanted["delegate"],
                                      wanted["role"], wanted["starts_on"], wanted["ends_on"], wanted.get("reason", ""))
        view = delegation_view(delegation, user, ctx.clock.today())
    return s.Delegation().dump(view), 201


@bp.post("/delegations/<int:delegation_id>/cancel")
def cancel_delegation_now(delegation_id: int):
    with engine().unit_of_work() as ctx:
        user = api_user(ctx)
        view = delegation_view(cancel_delegation(ctx, user, delegation_id), user, ctx.clock.today())
    return s.Delegation().dump(view)


# --- incidents and repairs (administrators) --------------------------------------------------------


@bp.get("/incidents")
def incidents():
    wanted = query_args(s.IncidentQuery())
    with engine().unit_of_work() as ctx:
        rows = list_incidents(ctx, api_user(ctx), wanted["status"])
    return s.IncidentList().dump({"incidents": rows})


@bp.post("/instances/<int:instance_id>/<any(retry, suspend, resume, terminate, move):action>")
def repair(instance_id: int, action: str):
    wanted = json_body(s.RepairRequest())
    with engine().unit_of_work() as ctx:
        message = repair_instance(ctx, api_user(ctx), instance_id, action, wanted["reason"], wanted.get("to"))
        status = ctx.session.get(ProcessInstance, instance_id).status
    return s.RepairDone().dump({"instance_id": instance_id, "action": action, "status": status, "message": message})


@bp.get("/openapi.json")
def openapi():
    if "api_spec" not in current_app.extensions:  # built once: the routes are fixed when the app is
        current_app.extensions["api_spec"] = build_spec(current_app)
    return jsonify(current_app.extensions["api_spec"])


# --- input and errors -----------------------------------------------------------------------------


def json_body(schema: Schema) -> dict:
    """The request's JSON, loaded by the schema; anything that is not JSON is refused before it is read further."""
    if not request.is_json:
        raise Refused(400, "Cần gửi dữ liệu JSON với tiêu đề 'Content-Type: application/json'.")
    try:
        data = json.loads(request.get_data(), parse_constant=_not_a_number, parse_float=_finite)
    except (ValueError, RecursionError):
        raise Refused(400, "Nội dung gửi lên không phải JSON hợp lệ (JSON không có NaN hay số vô hạn).") from None
    refusal = _unstorable(data, MAX_DEPTH)
    if refusal:
        raise Refused(400, refusal)
    return schema.load(data)


def query_args(schema: Schema) -> dict:
    return schema.load(request.args.to_dict())


def _not_a_number(text: str) -> float:
    raise ValueError(text)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _unstorable(value: object, room: int) -> str | None:
    """Why a parsed body cannot be kept, or None: nested too deep, or a text no database stores."""
    if room < 0:
        return f"Dữ liệu JSON lồng nhau quá {MAX_DEPTH} tầng."
    if isinstance(value, str):
        return None if _storable(value) else UNSTORABLE_TEXT
    children = [*value.keys(), *value.values()] if isinstance(value, dict) else value if isinstance(value, list) else []
    return next(filter(None, (_unstorable(child, room - 1) for child in children)), None)


def _storable(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:  # a lone surrogate: valid JSON escape, not valid UTF-8
        return False
    return "\x00" not in text


@bp.errorhandler(Refused)
def refused(exc: Refused):
    body, status, headers = problem(exc.status, exc.message)
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="planflow"'
    return body, status, headers


@bp.errorhandler(RateLimitExceeded)
def too_many_attempts(exc: RateLimitExceeded):
    seconds = retry_after()
    body, status, headers = problem(429, too_many_attempts_message(seconds))
    headers["Retry-After"] = str(seconds)
    return body, status, headers


@bp.errorhandler(ValidationError)
def invalid_input(exc: ValidationError):
    fields = {name: "; ".join(map(str, text)) if isinstance(text, list) else str(text)
              for name, text in exc.normalized_messages().items()}
    summary = "; ".join(f"{name}: {text}" for name, text in sorted(fields.items()))
    return problem(422, f"Dữ liệu gửi lên chưa hợp lệ — {summary}", fields)
