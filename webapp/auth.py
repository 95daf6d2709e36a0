"""Signing in and out, and who is acting: every page needs a signed-in user unless listed as open.

A session ends when the user signs out (on the server: every session and API token of that user), when their
password changes, after PLANFLOW_SESSION_IDLE_MINUTES without a request, and PLANFLOW_SESSION_MAX_HOURS after
signing in. Wrong passwords are limited per account and per address (Flask-Limiter); see docs/web.md.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from flask import Blueprint, Flask, Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from engine.context import Ctx
from engine.core import Planflow
from engine.models import User
from engine.org.roles import ROLE_TITLES
from engine.org.units import authenticate, end_sessions, get_user
from engine.text import nfc
from webapp.i18n import LANGUAGE_COOKIE, LANGUAGES, _
from webapp.i18n import language as chosen_language

bp = Blueprint("auth", __name__)
# Endpoints reachable without signing in; the API checks its own bearer tokens.
OPEN_ENDPOINTS = {"auth.login", "auth.language", "static"}
MAX_USER_ID = 2**63 - 1
SIGNED_IN_AT, SEEN_AT = "signed_in_at", "seen_at"  # Unix seconds in the signed session cookie
DEFAULTS = {
    "SESSION_IDLE_MINUTES": 30, "SESSION_MAX_HOURS": 12,
    # Wrong passwords only (a successful sign-in costs nothing), counted for the web form and the API together.
    "SIGNIN_ACCOUNT_LIMIT": "5 per minute;30 per hour", "SIGNIN_ADDRESS_LIMIT": "20 per minute;100 per hour",
    "RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_STRATEGY": "moving-window",
}
NEXT_PATH = re.compile(r"/(?![/\\])")  # one slash, then anything but a second slash or a backslash
MAX_NEXT = 2000


@dataclass
class SignedIn(UserMixin):
    """The signed-in user as the session knows them; engine calls re-read the user in their transaction."""

    id: str  # "<user id>:<stamp>": a new password or signing out changes the stamp and ends every session
    username: str
    full_name: str
    roles: set[str] = field(default_factory=set)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def role_titles(self) -> str:
        return ", ".join(_(ROLE_TITLES.get(r, r)) for r in sorted(self.roles))


def engine() -> Planflow:
    return current_app.extensions["planflow"]


def acting_user(ctx: Ctx) -> User:
    """The signed-in user, read inside the unit of work that acts for them: the first call names its actor."""
    return ctx.actor or ctx.act_as(get_user(ctx.session, current_user.username))


def session_id(user: User) -> str:
    """What a session cookie and an API token carry: the user and a stamp of their password and session epoch."""
    material = f"{user.password_hash or ''}:{user.session_epoch or 0}"
    return f"{user.id}:{hashlib.sha256(material.encode()).hexdigest()[:16]}"


def _load_user(token: object) -> SignedIn | None:
    if not isinstance(token, str):
        return None
    user_id, _, _stamp = token.partition(":")
    if not re.fullmatch(r"[0-9]{1,19}", user_id) or not 0 < int(user_id) <= MAX_USER_ID:
        return None
    # Committed, not rolled back: psycopg forgets its prepared statements at every ROLLBACK, and this read runs on
    # every request (docs/benchmarks.md, "(a) on PostgreSQL against SQLite").
    with engine().sessions.begin() as db:
        user = db.scalars(select(User).options(joinedload(User.roles)).where(User.id == int(user_id))).unique().first()
        if user is None or not hmac.compare_digest(session_id(user).encode(), token.encode()):
            return None
        return signed_in(user)


def signed_in(user: User) -> SignedIn:
    return SignedIn(session_id(user), user.username, user.full_name, {a.role for a in user.roles})


def now() -> float:
    """Wall-clock seconds for session lifetimes (tests move it with monkeypatch), never the engine's clock."""
    return time.time()


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    manager = LoginManager(app)
    manager.user_loader(_load_user)
    manager.login_view = "auth.login"
    manager.login_message = None
    app.extensions["planflow_limiter"] = Limiter(get_remote_address, app=app)
    limit_sign_in(app, "auth.login", lambda: request.form.get("username", ""))

    @app.before_request
    def require_sign_in():
        endpoint = request.endpoint or ""
        # Under /api/ even an unknown path or method answers as the API does (a JSON problem), not a redirect.
        if endpoint in OPEN_ENDPOINTS or endpoint.startswith("api.") or request.path.startswith("/api/"):
            return None
        if current_user.is_authenticated:
            return None if _session_alive() else _expired()
        return redirect(url_for("auth.login", next=_here()))


def limit_sign_in(app: Flask, endpoint: str, username: Callable[[], object]) -> None:
    """Limit the wrong passwords sent to a sign-in endpoint, per account (the name typed) and per address.

    Only refused credentials (401) count; once a limit is reached every attempt is refused, the right password
    too, until the window passes. The buckets are shared by the sign-in form and POST /api/v1/tokens.
    """
    limiter: Limiter = app.extensions["planflow_limiter"]
    wrong: Callable[[Response], bool] = lambda response: response.status_code == 401  # noqa: E731
    view = app.view_functions[endpoint]
    view = limiter.shared_limit(lambda: current_app.config["SIGNIN_ACCOUNT_LIMIT"], scope="signin-account",
                                key_func=lambda: _account_key(username()), deduct_when=wrong, methods=["POST"])(view)
    view = limiter.shared_limit(lambda: current_app.config["SIGNIN_ADDRESS_LIMIT"], scope="signin-address",
                                key_func=lambda: get_remote_address() or "-", deduct_when=wrong,
                                methods=["POST"])(view)
    app.view_functions[endpoint] = view


def _account_key(username: object) -> str:
    """The account a sign-in names, whether or not it exists (a refusal must not tell), as a short fixed key."""
    name = nfc(username).strip().lower() if isinstance(username, str) else ""
    return hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:32]


def retry_after() -> int:
    """Seconds until the breached sign-in limit lets the next attempt through."""
    limiter: Limiter = current_app.extensions["planflow_limiter"]
    breached = [limit for limit in limiter.current_limits if limit.breached]
    reset = max((limit.reset_at for limit in breached), default=int(now()) + 60)
    return max(1, int(reset - now()))


def too_many_attempts_message(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return _("Đã nhập sai mật khẩu quá nhiều lần; vì an toàn, việc đăng nhập tạm bị khóa. "
             "Hãy thử lại sau {minutes} phút.").format(minutes=minutes)


@bp.errorhandler(RateLimitExceeded)
def too_many_attempts(exc: RateLimitExceeded):
    seconds = retry_after()
    flash(too_many_attempts_message(seconds), "error")
    page = render_template("login.html", next=_safe_next(request.form.get("next")) or "",
                           username=request.form.get("username", ""))
    return page, 429, {"Retry-After": str(seconds)}


def _session_alive() -> bool:
    """Within the idle and the absolute lifetime; each request restarts the idle one."""
    moment = now()
    signed_at, seen_at = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(signed_at, int | float) or not isinstance(seen_at, int | float):
        return False  # a cookie from before lifetimes were kept: sign in again
    idle = float(current_app.config["SESSION_IDLE_MINUTES"]) * 60
    longest = float(current_app.config["SESSION_MAX_HOURS"]) * 3600
    if moment - seen_at > idle or moment - signed_at > longest:
        return False
    session[SEEN_AT] = int(moment)
    return True


def _expired():
    logout_user()
    _new_session()
    flash(_("Phiên đăng nhập đã hết hạn; hãy đăng nhập lại."), "error")
    return redirect(url_for("auth.login", next=_here()))


def _new_session() -> None:
    """Start afresh (signing in, out, or after expiry) keeping only the language chosen."""
    lang = chosen_language()
    session.clear()
    session["lang"] = lang


def _here() -> str | None:
    """The page asked for, to return to after signing in (GET only: a form cannot be posted again)."""
    if request.method != "GET":
        return None
    path = quote(request.path, safe="/:@!$&'()*+,;=-._~")
    query = request.query_string.decode("latin-1")
    return _safe_next(f"{path}?{query}" if query else path)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html", next=_safe_next(request.args.get("next")) or "")
    with engine().sessions.begin() as db:  # committed: see _load_user
        user = authenticate(db, request.form.get("username", ""), request.form.get("password", ""))
        who = signed_in(user) if user else None
    if who is None:
        flash(_("Tên đăng nhập hoặc mật khẩu không đúng."), "error")
        return render_template("login.html", next=_safe_next(request.form.get("next")) or "",
                               username=request.form.get("username", "")), 401
    _new_session()
    login_user(who)
    session[SIGNED_IN_AT] = session[SEEN_AT] = int(now())
    return redirect(_safe_next(request.form.get("next")) or url_for("inbox.index"))


@bp.post("/logout")
def logout():
    """Signing out ends this user's sessions on the server: every browser and every API token of theirs."""
    if current_user.is_authenticated:
        with engine().unit_of_work() as ctx:
            end_sessions(acting_user(ctx))
    logout_user()
    _new_session()
    return redirect(url_for("auth.login"))


@bp.get("/language/<code>")
def language(code: str):
    response = redirect(_safe_next(request.args.get("next")) or url_for("inbox.index"))
    if code in LANGUAGES:
        session["lang"] = code
        # A year, like any site's language choice; it names a language only, so it may outlive the session.
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def _safe_next(target: object) -> str | None:
    """A path on this site, or None: the one check for every `next` (sign-in form, language switch).

    Refused: anything not starting with exactly one "/" (so no "//host", "/\\host", "http://host"), a backslash
    anywhere (browsers read it as a slash), whitespace or control and format characters anywhere (browsers drop
    a tab or a newline, so "/\\t/host" would become "//host"), and whatever urlsplit reads a scheme or host in.
    """
    if not isinstance(target, str) or not 0 < len(target) <= MAX_NEXT or not NEXT_PATH.match(target):
        return None
    if "\\" in target or any(ch.isspace() or unicodedata.category(ch).startswith(("C", "Z")) for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return target
