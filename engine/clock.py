"""The one injectable clock. Times are Vietnam local time (UTC+7, no daylight saving), naive."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")


class Clock:
    """Real time, or a fixed moment when one is given (tests, `--now`, PLANFLOW_NOW)."""

    def __init__(self, fixed: datetime | None = None):
        self.fixed = fixed

    def now(self) -> datetime:
        if self.fixed is not None:
            return self.fixed
        return datetime.now(VIETNAM).replace(tzinfo=None, microsecond=0)

    def today(self) -> date:
        return self.now().date()

    @classmethod
    def from_env(cls) -> Clock:
        raw = os.environ.get("PLANFLOW_NOW")
        return cls(parse_moment(raw) if raw else None)


def parse_moment(raw: str) -> datetime:
    """Accept '2025-05-26' or '2025-05-26T08:00[:00]'; a date alone means its first instant."""
    moment = datetime.fromisoformat(raw.strip())
    if moment.tzinfo is not None:
        moment = moment.astimezone(VIETNAM).replace(tzinfo=None)
    return moment


_REAL_TIME = Clock()
_current: ContextVar[Clock | None] = ContextVar("planflow_clock", default=None)


def current_clock() -> Clock:
    return _current.get() or _REAL_TIME


@contextmanager
def using_clock(clock: Clock) -> Iterator[None]:
    token = _current.set(clock)
    try:
        yield
    finally:
        _current.reset(token)


def iso(moment: date | datetime | None) -> str | None:
    """A date or time as ISO text for views and JSON; None stays None."""
    return moment.isoformat() if moment is not None else None
