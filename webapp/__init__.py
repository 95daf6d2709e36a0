"""Flask application factory. Views stay thin: parse, call one engine function, render."""

from __future__ import annotations

from flask import Flask

from engine.core import Planflow
from engine.errors import NotFound
from engine.models.plan import STATUS_LABELS


def create_app(config: dict | None = None, planflow: Planflow | None = None) -> Flask:
    """Build the app; tests hand in the engine they already hold instead of a database URL."""
    app = Flask(__name__)
    app.config.from_mapping(DATABASE_URL=None)
    app.config.from_prefixed_env("PLANFLOW")
    if config:
        app.config.update(config)
    app.extensions["planflow"] = planflow or Planflow(app.config["DATABASE_URL"])

    from webapp import plans

    app.register_blueprint(plans.bp)
    app.add_template_filter(lambda status: STATUS_LABELS.get(status, status), "status_label")
    app.register_error_handler(NotFound, lambda exc: (f"<p>{exc.message}</p>", 404))

    return app
