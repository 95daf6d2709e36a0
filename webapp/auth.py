"""Signing in and out, and who is acting: every page needs a signed-in user unless listed as open."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from engine.context import Ctx
from engine.core import Planflow
from engine.models import User
from engine.org.roles import ROLE_TITLES
from engine.org.units import authenticate, get_user
from webapp.i18n import LANGUAGES, _

bp = Blueprint("auth", __name__)
# Endpoints reachable without signing in; the API checks its own bearer tokens.
OPEN_ENDPOINTS = {"auth.login", "auth.language", "static"}


@dataclass
class SignedIn(UserMixin):
    """The signed-in user as the session knows them; engine calls re-read the user in their transaction."""

    id: str  # "<user id>:<stamp of the password hash>": a changed password ends every session
    username: str
    full_name: str
    roles: set[str] = field(default_factory=set)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def role_titles(self) -> str:
        return ", ".join(ROLE_TITLES.get(r, r) for r in sorted(self.roles))


def engine() -> Planflow:
    return current_app.extensions["planflow"]


def acting_user(ctx: Ctx) -> User:
    """The signed-in user, read inside the unit of work that acts for them: the first call names its actor."""
    return ctx.actor or ctx.act_as(get_user(ctx.session, current_user.username))


def session_id(user: User) -> str:
    stamp = hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:12]
    return f"{user.id}:{stamp}"


def _load_user(token: str) -> SignedIn | None:
    user_id, _, stamp = token.partition(":")
    if not user_id.isdigit():
        return None
    with engine().sessions() as db:
        user = db.scalars(select(User).options(joinedload(User.roles)).where(User.id == int(user_id))).unique().first()
        if user is None or session_id(user) != token:
            return None
        return signed_in(user)


def signed_in(user: User) -> SignedIn:
    return SignedIn(session_id(user), user.username, user.full_name, {a.role for a in user.roles})


def init_app(app: Flask) -> None:
    manager = LoginManager(app)
    manager.user_loader(_load_user)
    manager.login_view = "auth.login"
    manager.login_message = None

    @app.before_request
    def require_sign_in():
        endpoint = request.endpoint or ""
        # Under /api/ even an unknown path or method answers as the API does (a JSON problem), not a redirect.
        if endpoint in OPEN_ENDPOINTS or endpoint.startswith("api.") or request.path.startswith("/api/") \
                or current_user.is_authenticated:
            return None
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    with engine().sessions() as db:
        user = authenticate(db, request.form.get("username", ""), request.form.get("password", ""))
        who = signed_in(user) if user else None
    if who is None:
        flash(_("Tên đăng nhập hoặc mật khẩu không đúng."), "error")
        return render_template("login.html", next=request.form.get("next", ""),
                               username=request.form.get("username", "")), 401
    session.clear()
    login_user(who)
    return redirect(_safe_next(request.form.get("next")) or url_for("inbox.index"))


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.get("/language/<code>")
def language(code: str):
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(_safe_next(request.args.get("next")) or url_for("inbox.index"))


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: an absolute or scheme-relative address could send the user away."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None
