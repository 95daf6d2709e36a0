"""Firing due timers: `planflow run-due` fires what is due by the clock, each instance in a savepoint of its own.

After each step the waiting timers are stored with absolute times (engine/bpmn/projection.py); SpiffWorkflow's
timer module reads our clock (engine/bpmn/internals.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import bindparam, select

from engine.bpmn.incidents import INCIDENT_FAILURES, incident_scope, record_incident
from engine.bpmn.runtime import deliver_outbox, load_workflow, run_to_wait
from engine.context import Ctx
from engine.models import Incident, ProcessInstance, Timer

_INCIDENTS = Incident.__table__
_DUE_TIMER = select(Timer.id).where(Timer.instance_id == ProcessInstance.id, Timer.due_at <= bindparam("now"))
# Instances with a due timer that may fire: running, and not waiting for an administrator to retry a failed timer.
_TIMER_INCIDENT = select(_INCIDENTS.c.id).where(_INCIDENTS.c.instance_id == ProcessInstance.id,
                                                 _INCIDENTS.c.status == "open", _INCIDENTS.c.action == "timer")
# Written on the instances' table alone (no join, no DISTINCT) so a scheduler can lock the row it lists.
DUE_INSTANCES = (
    select(ProcessInstance.id)
    .where(ProcessInstance.status == "running", _DUE_TIMER.exists(), ~_TIMER_INCIDENT.exists())
    .order_by(ProcessInstance.id)
)


def fire_due_timers(ctx: Ctx) -> int:
    """Fire every timer due by the clock's now; after downtime each missed timer fires once.

    Each instance fires in a batch step: one whose step fails stays as it was, with an incident, and its timers
    wait for an administrator's retry instead of failing on every run; the others fire. Suspended instances
    wait for their resumption.
    """
    due = ctx.session.scalars(DUE_INSTANCES, {"now": ctx.now()}).all()
    return sum(fire_one(ctx, instance_id) for instance_id in due)


def fire_one(ctx: Ctx, instance_id: int) -> int:
    """Fire one instance's due timers in a batch step; returns how many fired (none when they fired meanwhile)."""
    try:
        with batch_step(ctx):
            instance = ctx.session.get(ProcessInstance, instance_id, with_for_update=True)
            if instance is None or instance.status != "running" or not _timers_due(instance, ctx.now()):
                return 0  # fired, finished or stopped since it was listed (another worker, a user)
            with incident_scope(instance_id, "timer", instance.process_id):
                fired = fire_instance_timers(ctx, instance)
                deliver_outbox(ctx)
            return fired
    except INCIDENT_FAILURES as exc:
        record_incident(ctx.session, exc.incident, ctx.now())
        return 0


class StepFailed(Exception):
    """A step failed in a transaction of its own (`Ctx.one_step`): roll it back and do the item again with
    `one_step` off, where the step runs in a savepoint and its failure is recorded as an incident."""


@contextmanager
def batch_step(ctx: Ctx) -> Iterator[None]:
    """One step of a batch (run-due) in a savepoint: a failure undoes its writes, audit entries, messages and
    after-commit steps only, and is raised for the caller to record; the batch goes on with the next step.

    In a transaction of one item (the scheduler's) the savepoint would cost two round trips for nothing: the step
    runs bare and a failure is raised as StepFailed, for the scheduler to redo the item the savepoint way."""
    if ctx.one_step:
        try:
            yield
        except INCIDENT_FAILURES as exc:
            raise StepFailed(exc) from exc
        return
    marks = len(ctx.audit_entries), len(ctx.after_commit)
    pending, ctx.outbox = ctx.outbox, []  # the step delivers only its own messages inside its savepoint
    savepoint = ctx.session.begin_nested()
    try:
        yield
        savepoint.commit()
    except INCIDENT_FAILURES:
        savepoint.rollback()
        del ctx.audit_entries[marks[0]:], ctx.after_commit[marks[1]:]
        raise
    finally:
        ctx.outbox = pending + ctx.outbox


def fire_instance_timers(ctx: Ctx, instance: ProcessInstance) -> int:
    """Fire an instance's due timers and run it to its next wait; returns how many fired."""
    now = ctx.now()
    due_before = _timers_due(instance, now)
    workflow = load_workflow(ctx, instance)
    workflow.refresh_timers()
    run_to_wait(ctx, instance, workflow)
    return len(due_before - _timers_due(instance, now))


def _timers_due(instance: ProcessInstance, now: datetime) -> set[tuple[str, str]]:
    """The instance's timers due by now, read from the signature its row keeps (see _sync_timers)."""
    return {(name, due) for name, due in instance.timers or [] if datetime.fromisoformat(due) <= now}
