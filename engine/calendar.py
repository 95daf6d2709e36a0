"""The working-day calendar: what deadlines count (engine/reporting/deadlines.py) and what designers' scripts
may call (`add_days`, `is_working_day`, `add_working_days` in the sandbox, engine/bpmn/scripting.py).

Dates are accepted as date objects or ISO text and returned as ISO text, so script data stays JSON-safe.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

MAX_DAY_SHIFT = 3_660  # about ten years: a script cannot loop for long through add_working_days

# Fixed-date public holidays as (day, month). Tết and Giỗ Tổ follow the lunar calendar and are not
# covered; the host's calendar is the authority for deadlines that must be exact.
_HOLIDAYS = frozenset({(1, 1), (30, 4), (1, 5), (2, 9)})


def _to_date(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return datetime.fromisoformat(value).date()
    raise TypeError(f"cần ngày (date hoặc chuỗi ISO), nhận {type(value).__name__}")


def _day_count(n: int) -> int:
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError("số ngày phải là số nguyên")
    if abs(n) > MAX_DAY_SHIFT:
        raise ValueError(f"số ngày vượt quá {MAX_DAY_SHIFT}")
    return n


def add_days(d: date | str, n: int) -> str:
    """The date n calendar days after d (before, if n < 0), as ISO text."""
    return (_to_date(d) + timedelta(days=_day_count(n))).isoformat()


def is_working_day(d: date | str) -> bool:
    """Monday to Friday and not a fixed-date public holiday (1/1, 30/4, 1/5, 2/9)."""
    day = _to_date(d)
    return day.weekday() < 5 and (day.day, day.month) not in _HOLIDAYS


def add_working_days(d: date | str, n: int) -> str:
    """The date n working days after d (before, if n < 0); d itself when n == 0."""
    day, remaining = _to_date(d), _day_count(n)
    step = timedelta(days=1 if remaining > 0 else -1)
    while remaining:
        day += step
        if is_working_day(day):
            remaining += -1 if remaining > 0 else 1
    return day.isoformat()


def working_days_between(first: date, last: date) -> int:
    """Working days strictly after `first` and up to and including `last`."""
    return sum(1 for n in range(1, (last - first).days + 1) if is_working_day(first + timedelta(days=n)))
