"""The unit of work every engine function runs in, and the protocols it is built from.

A `Ctx` is one database transaction with the clock, the acting user and what the BPMN runtime keeps
between steps. It sits at the bottom of the engine so that every package can take one without
importing the runtime; the runtime's own types appear here only as the small protocols below.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import insert
from sqlalchemy.orm import Session

from engine.clock import Clock
from engine.deferred import write_later
from engine.errors import Forbidden
from engine.models import AuditEntry, Definition, Message, ProcessInstance, User

INSERT_AUDIT = insert(AuditEntry.__table__)


class Handlers(Protocol):
    """Host operations that service tasks call, and delivery of messages between instances."""

    operations: set[str]
    host_started: set[str]  # processes only the host may start (they need records it creates)

    def call(self, ctx: Ctx, instance: ProcessInstance, operation: str, params: dict, data: dict) -> Any: ...

    def deliver(self, ctx: Ctx, message: Message) -> None: ...


class SpecSource(Protocol):
    """Parsed process specs of deployed versions (engine.bpmn.deployment.SpecCache)."""

    def get(self, definition: Definition) -> tuple[Any, dict[str, Any]]: ...

    def get_by_id(self, session: Session, definition_id: int) -> tuple[Any, dict[str, Any]]: ...


class WorkflowCache(Protocol):
    """Workflows kept in memory between steps of one process (engine.bpmn.warm.WarmWorkflows)."""

    def take(self, instance_id: int, row_version: int) -> Any | None: ...

    def keep(self, instance_id: int, row_version: int, workflow: Any) -> None: ...


class UnitOfWork(Protocol):
    """Whatever opens a fresh unit of work: what runs after a commit (mail, file clean-up) takes this, not Planflow."""

    clock: Clock

    def unit_of_work(self, actor: str | None = None) -> AbstractContextManager[Ctx]: ...


@dataclass(frozen=True)
class Authority:
    """The lane roles a user acts with on a task, and whose delegation lent them (None: their own)."""

    roles: set[str]
    on_behalf_of: User | None = None


@dataclass
class Ctx:
    """One unit of work: a session, the clock, and who is acting."""

    session: Session
    clock: Clock
    specs: SpecSource
    handlers: Handlers
    actor: User | None = None
    authority: Authority = field(default_factory=lambda: Authority(set()))  # how the actor holds the current step
    outbox: list[Message] = field(default_factory=list)
    audit_entries: list[dict] = field(default_factory=list)
    warm: WorkflowCache | None = None
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    # Ký số (engine/signatures/): the PIN or passphrase the signer typed for this one step — held only by this unit
    # of work, never put in task data, the database or a log — and the file store signed copies go to
    # (engine.discussion.attachments.FileStore, set by the facade; typed loosely: that package sits far above).
    signing_secret: str | None = field(default=None, repr=False)
    files: Any = field(default=None, repr=False)
    # The scheduler's transaction of one item: a batch step needs no savepoint of its own there (engine/bpmn/timers.py).
    one_step: bool = False

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.today()

    def act_as(self, user: User) -> User:
        """Name the acting user, once: a unit of work acts for one person from its start to its commit."""
        if self.actor is not None and self.actor.id != user.id:
            raise Forbidden(f"Phiên làm việc này đang thực hiện cho {self.actor.username}, không thể chuyển sang "
                            f"{user.username}.")
        self.actor = user
        return user

    @property
    def actor_name(self) -> str:
        return self.actor.username if self.actor else "system"

    @property
    def on_behalf_of(self) -> User | None:
        """Whose delegation lent the actor the role they act with in the current step."""
        return self.authority.on_behalf_of

    def audit(self, action: str, **fields: Any) -> None:
        """Record an entry; the unit of work writes its entries in one batch before it commits."""
        row = {"instance_id": None, "plan_id": None, "task_name": None, "comment": None, "details": {}, **fields}
        if self.on_behalf_of is not None:  # a delegated action names both people
            row["details"] = {**row["details"], "on_behalf_of": self.on_behalf_of.username}
        self.audit_entries.append({"at": self.now(), "actor": self.actor_name, "action": action, **row})

    def write_audit(self) -> None:
        if self.audit_entries:
            write_later(self.session.connection(), INSERT_AUDIT, self.audit_entries)
            self.audit_entries = []

    def send(self, name: str, payload: dict, source: ProcessInstance | None = None) -> None:
        message = Message(name=name, payload=payload, created_at=self.now(),
                          source_instance_id=source.id if source else None)
        self.session.add(message)
        self.outbox.append(message)
