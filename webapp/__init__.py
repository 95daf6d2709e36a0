"""Flask application factory. Views stay thin: parse, call one engine function, render."""

from __future__ import annotations

import contextlib
import importlib
import os
import secrets
from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, FileSystemLoader

from engine.core import Planflow
from engine.plans.pdf import TEMPLATES as DOCUMENT_TEMPLATES
from webapp import confirm, security
from webapp.pages import BoundedInt

# One blueprint per feature; each module exposes `bp` and may expose `init_app(app)`.
BLUEPRINTS = ("auth", "inbox", "plans", "documents", "reports", "notifications", "admin",
              "designer", "migration", "api", "instances", "discussion", "profile",
              "delegations", "incidents")
BLUEPRINTS += ("imports",)  # a plan from its text (webapp/imports.py)
BLUEPRINTS += ("worker",)  # the scheduler's health (webapp/worker.py)
BLUEPRINTS += ("signing",)  # ký số: the confirmation before signing (webapp/signing.py); after "discussion" (its store)


def create_app(config: dict | None = None, planflow: Planflow | None = None) -> Flask:
    """Build the app; tests hand in the engine they already hold instead of a database URL."""
    app = Flask(__name__, instance_path=str(Path("instance").resolve()))
    app.config.from_mapping(DATABASE_URL=None, SECRET_KEY=None, SESSION_COOKIE_SAMESITE="Lax",
                            WTF_CSRF_TIME_LIMIT=None, API_TOKEN_HOURS=12)
    app.config.from_prefixed_env("PLANFLOW")
    if config:
        app.config.update(config)
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or _instance_secret(Path(app.instance_path))
    app.extensions["planflow"] = planflow or Planflow(app.config["DATABASE_URL"])
    CSRFProtect(app)
    # document.html lives with the engine, which prints it to PDF; the web layer shows the same page.
    app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(DOCUMENT_TEMPLATES)])
    app.url_map.converters["int"] = BoundedInt
    for name in BLUEPRINTS:
        module = importlib.import_module(f"webapp.{name}")
        app.register_blueprint(module.bp)
        if hasattr(module, "init_app"):
            module.init_app(app)
    importlib.import_module("webapp.pages").init_app(app)
    security.init_app(app)  # headers on every response (no blueprint of its own)
    confirm.init_app(app)  # what cannot be undone asks first (webapp/confirm.py)
    return app


def _instance_secret(folder: Path) -> str:
    """A signing key kept in the instance folder, so sessions survive a restart of `make run`."""
    path = folder / "secret_key"
    folder.mkdir(parents=True, exist_ok=True)
    if not path.exists():  # written whole, then linked into place: workers starting together read one key
        draft = folder / f"secret_key.{os.getpid()}"
        draft.write_text(secrets.token_hex(32), encoding="utf-8")
        draft.chmod(0o600)
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text(encoding="utf-8").strip()
