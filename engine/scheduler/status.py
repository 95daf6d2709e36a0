"""The scheduler's health for administrators: workers alive, the queue of what is due, failures, mail."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from engine.bpmn.timers import DUE_INSTANCES
from engine.context import Ctx
from engine.models import Incident, Timer, Worker
from engine.notify.sender import queue_counts
from engine.reporting.obligations import DUE_OBLIGATIONS
from engine.scheduler.worker import silent_after, wall_now

# Due for longer than this and still not done: the workers are not keeping up (or none runs).
LATE_AFTER = timedelta(minutes=5)
SHOWN_WORKERS = 20
SHOWN_INCIDENTS = 10


def worker_status(ctx: Ctx, wall: datetime | None = None) -> dict[str, Any]:
    """Everything `planflow worker status` and the admin page show. `state` sums it up: running (a worker is
    alive), silent (workers registered as running but none has ticked lately), stopped (none running)."""
    wall = wall or wall_now()
    workers = [_worker(row, wall) for row in ctx.session.scalars(
        select(Worker).order_by(Worker.status, Worker.last_tick_at.desc()).limit(SHOWN_WORKERS))]
    alive = [w for w in workers if w["alive"]]
    registered = [w for w in workers if w["status"] == "running"]
    return {
        "state": "running" if alive else "silent" if registered else "stopped",
        "alive": len(alive),
        "last_tick_at": max((w["last_tick_at"] for w in workers), default=None),
        "workers": workers,
        "queue": _queue(ctx),
        "incidents": _incidents(ctx),
        "mail": queue_counts(ctx),
    }


def _worker(row: Worker, wall: datetime) -> dict[str, Any]:
    since = (wall - row.last_tick_at).total_seconds()
    return {"id": row.id, "host": row.host, "pid": row.pid, "status": row.status,
            "alive": row.status == "running" and row.last_tick_at >= wall - silent_after(row.poll_seconds),
            "poll_seconds": row.poll_seconds, "started_at": row.started_at.isoformat(),
            "last_tick_at": row.last_tick_at.isoformat(), "seconds_since_tick": max(0, int(since)),
            "stopped_at": row.stopped_at.isoformat() if row.stopped_at else None, "ticks": row.ticks,
            "last_pass": row.last_pass, "last_error": row.last_error}


def _queue(ctx: Ctx) -> dict[str, Any]:
    """What is due by the business clock and not done: instances with due timers, and report windows."""
    now = ctx.now()
    due = DUE_INSTANCES.order_by(None).subquery()
    oldest = ctx.session.scalar(select(func.min(Timer.due_at)).where(
        Timer.instance_id.in_(select(due.c.id)), Timer.due_at <= now).params(now=now))
    late = DUE_INSTANCES.order_by(None).params(now=now - LATE_AFTER).subquery()
    windows = DUE_OBLIGATIONS.order_by(None).params(today=now.date()).subquery()
    return {
        "timers_due": ctx.session.scalar(select(func.count()).select_from(due).params(now=now)) or 0,
        "timers_late": ctx.session.scalar(select(func.count()).select_from(late)) or 0,
        "oldest_due_at": oldest.isoformat() if oldest else None,
        "windows_due": ctx.session.scalar(select(func.count()).select_from(windows)) or 0,
    }


def _incidents(ctx: Ctx) -> dict[str, Any]:
    rows = ctx.session.scalars(select(Incident).where(Incident.status == "open")
                               .order_by(Incident.last_at.desc()).limit(SHOWN_INCIDENTS)).all()
    total = ctx.session.scalar(select(func.count()).select_from(Incident).where(Incident.status == "open")) or 0
    return {"open": total, "recent": [
        {"id": i.id, "instance_id": i.instance_id, "element_id": i.element_id, "action": i.action,
         "error": i.error, "occurrences": i.occurrences, "last_at": i.last_at.isoformat()} for i in rows]}
