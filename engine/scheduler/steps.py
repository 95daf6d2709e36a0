"""Everything due by the clock, one item per transaction, safe to run in any number of processes at once.

Each item — a dissolved unit's report to cancel, a report window to open, an instance's due timers — is listed
in a short read, then claimed in a transaction of its own with `FOR UPDATE SKIP LOCKED` on its row (PostgreSQL):
a row another worker (or a user's completion) holds is skipped, not waited for, and is found again on the next
pass if still due. Inside the claim the item is checked again against its own row — the status of an obligation,
the timer signature of an instance — so a second process reaching an item the first just finished does nothing.
On SQLite the clause is ignored; BEGIN IMMEDIATE serialises writers and the same re-check keeps each item once.

One item per transaction keeps the locks short (a user's completion waits for one step at most, not for a
national run) and the memory flat (each session ends with its item). Listing goes by id in pages, so a pass
ends even while other processes keep adding work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from threading import Event

from sqlalchemy import Select, select

from engine.bpmn.timers import DUE_INSTANCES, fire_one
from engine.context import Ctx, UnitOfWork
from engine.models import Obligation, ProcessInstance
from engine.reporting.obligations import DISSOLVED_OBLIGATIONS, DUE_OBLIGATIONS, cancel_if_dissolved, open_if_due

PAGE = 200  # ids listed per read; each is then claimed in its own transaction


@dataclass
class Pass:
    """What one pass did, and whether it was stopped before the end (SIGTERM) — then the rest waits for the next."""

    fired: int = 0
    opened: int = 0
    cancelled: int = 0
    skipped: int = 0  # claimed elsewhere at that moment (another worker, a user's step)
    stopped: bool = False
    # Obligations found waiting for their reporters today: a worker does not re-check them on every tick.
    waiting: set[int] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        return {"fired": self.fired, "opened": self.opened, "cancelled": self.cancelled, "skipped": self.skipped}


def run_due_steps(app: UnitOfWork, stop: Event | None = None, waiting: set[int] | None = None,
                  beat: Callable[[], None] | None = None) -> Pass:
    """Cancel the reports of dissolved units, open the report windows that started, then fire the due timers —
    each item in its own transaction. `stop` ends the pass after the item in hand; `waiting` holds obligations
    already found waiting for their reporters today (skipped); `beat` is called between pages (a heartbeat)."""
    done = Pass(waiting=waiting if waiting is not None else set())
    stop = stop or Event()
    now = app.clock.now()
    for item in _claimed(app, DISSOLVED_OBLIGATIONS.params(today=now.date()), stop, done, beat):
        _cancel(app, item, done)
    for item in _claimed(app, DUE_OBLIGATIONS.params(today=now.date()), stop, done, beat):
        if item not in done.waiting:
            _open(app, item, done)
    for item in _claimed(app, DUE_INSTANCES.params(now=now), stop, done, beat):
        _fire(app, item, done)
    return done


def _cancel(app: UnitOfWork, obligation_id: int, done: Pass) -> None:
    with app.unit_of_work() as ctx:
        obligation = _claim_obligation(ctx, obligation_id)
        if obligation is None:
            done.skipped += 1
        elif cancel_if_dissolved(ctx, obligation, ctx.clock.today()):
            done.cancelled += 1


def _open(app: UnitOfWork, obligation_id: int, done: Pass) -> None:
    with app.unit_of_work() as ctx:
        obligation = _claim_obligation(ctx, obligation_id)
        if obligation is None:
            done.skipped += 1
        elif open_if_due(ctx, obligation, ctx.clock.today()):
            done.opened += 1
        elif obligation.status == "scheduled":
            done.waiting.add(obligation_id)


def _fire(app: UnitOfWork, instance_id: int, done: Pass) -> None:
    with app.unit_of_work() as ctx:
        if _claim_instance(ctx, instance_id):
            done.fired += fire_one(ctx, instance_id)
        else:
            done.skipped += 1


def _claimed(app: UnitOfWork, listing: Select, stop: Event, done: Pass,
             beat: Callable[[], None] | None) -> Iterator[int]:
    """The ids a listing returns, page by page in id order, until the listing ends or `stop` is set."""
    after = 0
    while not stop.is_set():
        column = listing.selected_columns[0]
        with app.unit_of_work() as ctx:
            ids = list(ctx.session.scalars(listing.where(column > after).limit(PAGE)))
        if beat is not None:
            beat()
        for item in ids:
            if stop.is_set():
                break
            yield item
        if len(ids) < PAGE:
            break
        after = ids[-1]
    done.stopped = done.stopped or stop.is_set()


def _claim_obligation(ctx: Ctx, obligation_id: int) -> Obligation | None:
    """The obligation's row, locked for this transaction; None when another transaction holds it."""
    # OF: the obligation's own row only (its units are eagerly joined, and outer-joined rows cannot be locked).
    return ctx.session.scalar(select(Obligation).where(Obligation.id == obligation_id)
                              .with_for_update(skip_locked=True, of=Obligation))


def _claim_instance(ctx: Ctx, instance_id: int) -> bool:
    """Lock the instance's row for this transaction; False when another holds it (a worker, a user's step)."""
    return ctx.session.scalar(select(ProcessInstance.id).where(ProcessInstance.id == instance_id)
                              .with_for_update(skip_locked=True)) is not None
