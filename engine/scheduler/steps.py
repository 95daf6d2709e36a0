"""Everything due by the clock, one item per transaction, safe to run in any number of processes at once.

Each item — a dissolved unit's report to cancel, a report window to open, an instance's due timers — is claimed
by the transaction that works on it: the listing's next id after the last one, locked with `FOR UPDATE SKIP
LOCKED` (PostgreSQL). A row another worker (or a user's completion) holds is passed over, not waited for, and is
found again on the next pass if still due; a row another worker finished no longer matches the listing. Inside
the claim the item is checked again against its own row — the status of an obligation, the timer signature of an
instance — the rule's own guard. On SQLite the clause is ignored; BEGIN IMMEDIATE serialises writers (and one
worker runs) and the same re-check keeps each item once.

One item per transaction keeps the locks short (a user's completion waits for one step at most, not for a
national run) and the memory flat (each session ends with its item). The cursor only moves forward, so a pass
ends even while other processes keep adding work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Event

from sqlalchemy import Select

from engine.bpmn.timers import DUE_INSTANCES, StepFailed, fire_one
from engine.context import Ctx, UnitOfWork
from engine.models import Obligation
from engine.reporting.obligations import DISSOLVED_OBLIGATIONS, DUE_OBLIGATIONS, cancel_if_dissolved, open_if_due

BEAT_EVERY = 200  # items between heartbeats


@dataclass
class Pass:
    """What one pass did, and whether it was stopped before the end (SIGTERM) — then the rest waits for the next."""

    fired: int = 0
    opened: int = 0
    cancelled: int = 0
    skipped: int = 0  # claimed, but already done or no longer due (a user's step, a dissolution undone)
    stopped: bool = False
    # Obligations found waiting for their reporters today: a worker does not re-check them on every tick.
    waiting: set[int] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        return {"fired": self.fired, "opened": self.opened, "cancelled": self.cancelled, "skipped": self.skipped}


def run_due_steps(app: UnitOfWork, stop: Event | None = None, waiting: set[int] | None = None,
                  beat: Callable[[], None] | None = None) -> Pass:
    """Cancel the reports of dissolved units, open the report windows that started, then fire the due timers —
    each item in its own transaction. `stop` ends the pass after the item in hand; `waiting` holds obligations
    already found waiting for their reporters today (passed over); `beat` is called every BEAT_EVERY items."""
    done = Pass(waiting=waiting if waiting is not None else set())
    stop = stop or Event()
    now = app.clock.now()
    _each_claimed(app, DISSOLVED_OBLIGATIONS.params(today=now.date()), lambda ctx, item: _cancel(ctx, item, done),
                  stop, done, beat)
    _each_claimed(app, DUE_OBLIGATIONS.params(today=now.date()), lambda ctx, item: _open(ctx, item, done),
                  stop, done, beat)
    _each_claimed(app, DUE_INSTANCES.params(now=now), lambda ctx, item: _fire(ctx, item, done), stop, done, beat)
    return done


def _cancel(ctx: Ctx, obligation_id: int, done: Pass) -> None:
    if cancel_if_dissolved(ctx, _obligation(ctx, obligation_id), ctx.clock.today()):
        done.cancelled += 1
    else:
        done.skipped += 1


def _open(ctx: Ctx, obligation_id: int, done: Pass) -> None:
    if obligation_id in done.waiting:
        return
    obligation = _obligation(ctx, obligation_id)
    if open_if_due(ctx, obligation, ctx.clock.today()):
        done.opened += 1
    elif obligation.status == "scheduled":
        done.waiting.add(obligation_id)
    else:
        done.skipped += 1


def _fire(ctx: Ctx, instance_id: int, done: Pass) -> None:
    done.fired += fire_one(ctx, instance_id)


def _each_claimed(app: UnitOfWork, listing: Select, work: Callable[[Ctx, int], None], stop: Event, done: Pass,
                  beat: Callable[[], None] | None) -> None:
    """Claim the listing's next item after the last one and work on it in the same transaction, until none is left
    or `stop` is set. The claim locks the row with SKIP LOCKED: what another worker or a user's step holds is not
    seen (found again on the next pass if still due), and what another worker finished no longer matches, so two
    workers never take the same item and waste no claims on each other's."""
    after, claims = 0, 0
    while not stop.is_set():
        item = _claim_and_work(app, listing, after, work)
        if item is None:
            break
        after, claims = item, claims + 1
        if beat is not None and claims % BEAT_EVERY == 0:
            beat()
    done.stopped = done.stopped or stop.is_set()


def _claim_and_work(app: UnitOfWork, listing: Select, after: int, work: Callable[[Ctx, int], None]) -> int | None:
    """Claim the next item and work on it in one transaction; the item's id, or None when nothing is left."""
    try:
        return _in_one_transaction(app, listing, after, work, one_step=True)
    except StepFailed:  # rolled back: again with a savepoint, where the failure is kept as an incident
        return _in_one_transaction(app, listing, after, work, one_step=False)


def _in_one_transaction(app: UnitOfWork, listing: Select, after: int, work: Callable[[Ctx, int], None],
                        one_step: bool) -> int | None:
    with app.unit_of_work() as ctx:
        ctx.one_step = one_step
        # The listing's first id after `after` whose row no other transaction holds, locked for this transaction.
        item = ctx.session.scalar(next_claim(listing, after))
        if item is not None:
            work(ctx, item)
        return item


def next_claim(listing: Select, after: int) -> Select:
    column = listing.selected_columns[0]
    # OF: the item's own row only (a listing may join other tables, which are not claimed).
    return listing.where(column > after).limit(1).with_for_update(skip_locked=True, of=column.table)


def _obligation(ctx: Ctx, obligation_id: int) -> Obligation:
    obligation = ctx.session.get(Obligation, obligation_id)
    assert obligation is not None  # claimed, locked by this transaction: it exists
    return obligation
