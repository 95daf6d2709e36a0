"""Dissolving a unit (the 2025 reform ends districts): it ends the day before, and its open reports are cancelled."""

from __future__ import annotations

from datetime import date, timedelta

from engine.context import Ctx
from engine.models import Unit
from engine.org.units import get_unit
from engine.reporting.obligations import cancel_for_dissolved


def dissolve_unit(ctx: Ctx, code: str, on: date) -> tuple[Unit, int]:
    """End a unit the day before `on`; its open reports are cancelled once that day has come."""
    target = get_unit(ctx.session, code, on - timedelta(days=1))
    target.valid_to = on - timedelta(days=1)
    ctx.audit("dissolve", details={"unit": target.code, "from": on.isoformat()})
    cancelled = cancel_for_dissolved(ctx) if on <= ctx.clock.today() else 0
    return target, cancelled
