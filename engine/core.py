"""The engine facade: built once (by the CLI, the web app or a test) and handed to whoever needs it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from engine import models  # noqa: F401 - registers every table on Base.metadata
from engine.bpmn.deployment import SpecCache, deploy
from engine.bpmn.incidents import INCIDENT_FAILURES, StepIncident, record_incident
from engine.bpmn.internals import install_timer_clock
from engine.bpmn.runtime import deliver_outbox
from engine.bpmn.warm import WarmWorkflows
from engine.clock import Clock, using_clock
from engine.context import Ctx
from engine.db import make_engine, make_session_factory, transaction
from engine.discussion.attachments import FileStore
from engine.host import PlanflowHandlers
from engine.models import Definition
from engine.org.units import get_user
from engine.schema import upgrade_schema

WORKFLOWS_DIR = Path(__file__).resolve().parent.parent / "workflows"


class Planflow:
    def __init__(self, url: str | None = None, clock: Clock | None = None, db: Engine | None = None,
                 warm_size: int | None = None):
        install_timer_clock()
        self.db = db or make_engine(url)
        self.sessions = make_session_factory(self.db)
        self.clock = clock or Clock.from_env()
        self.specs = SpecCache()
        self.warm = WarmWorkflows(warm_size)  # None: PLANFLOW_WARM_WORKFLOWS, else its default
        self.handlers = PlanflowHandlers()
        # Where attached files and signed copies of documents go; the web app sets its own (FILES_DIR).
        self.files = FileStore.from_env()

    @contextmanager
    def unit_of_work(self, actor: str | None = None) -> Iterator[Ctx]:
        """One transaction acting for `actor` (a username; None: the system or whoever the first service names);
        messages sent inside it are delivered before it commits."""
        with using_clock(self.clock):
            try:
                with transaction(self.sessions) as session:
                    ctx = Ctx(session=session, clock=self.clock, specs=self.specs, handlers=self.handlers,
                              warm=self.warm, actor=get_user(session, actor) if actor else None, files=self.files)
                    yield ctx
                    deliver_outbox(ctx)
                    ctx.write_audit()
            except INCIDENT_FAILURES as exc:
                self._record_incident(getattr(exc, "incident", None))
                raise
            for step in ctx.after_commit:
                step()

    def _record_incident(self, failed: StepIncident | None) -> None:
        """In a transaction of its own: the failed one rolled back, and the user is refused with its message."""
        if failed is not None:
            with transaction(self.sessions) as session:
                record_incident(session, failed, self.clock.now())

    def init(self, workflows_dir: Path = WORKFLOWS_DIR) -> list[Definition]:
        """Create or upgrade the schema, then deploy every workflow file (unchanged files stay as they are)."""
        upgrade_schema(self.db)
        with self.unit_of_work() as ctx:
            return [self.deploy_file(ctx, path, "system") for path in sorted(workflows_dir.glob("*.bpmn"))
                    + sorted(workflows_dir.glob("*.dmn"))]

    def deploy_file(self, ctx: Ctx, path: Path, actor: str) -> Definition:
        return deploy(ctx.session, path.read_bytes(), path.name, actor, self.handlers.operations, ctx.now())
