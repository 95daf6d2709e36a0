"""The working-day calendar: what deadlines count (engine/reporting/deadlines.py) and what designers' scripts
may call (`add_days`, `is_working_day`, `add_working_days` in the sandbox, engine/bpmn/scripting.py).

Dates are accepted as date objects or ISO text and returned as ISO text, so script data stays JSON-safe.

Public holidays are those of the Bộ luật Lao động 2019 (Điều 112) as the maintained `holidays` library lists them
for Vietnam: Tết Dương lịch, Tết Nguyên đán (five days or so, by the lunar calendar), Giỗ Tổ Hùng Vương (10/3 âm
lịch), 30/4, 1/5 and Quốc khánh (2/9 and the day before or after). The compensatory days off (ngày nghỉ bù) and
swapped days the government announces each year are those the library lists for that year: upgrading the library
is how a newly announced swap reaches deadlines. A Saturday or Sunday worked in exchange (ngày làm bù) still
counts as a day off here, which only ever makes a deadline later, never earlier.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

MAX_DAY_SHIFT = 3_660  # about ten years: a script cannot loop for long through add_working_days

# The fixed-date holidays as (day, month), kept for any year the library does not cover (it knows years
# roughly 1950 to 2100 and returns nothing outside them).
_FIXED_HOLIDAYS = frozenset({(1, 1), (30, 4), (1, 5), (2, 9)})


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


@lru_cache(maxsize=64)
def holidays_of(year: int) -> frozenset[date]:
    """The days off of a year: the library's Vietnamese holidays, Tết and compensatory days included, with
    the fixed-date ones. Cached per year: a deadline loop asks about the same year hundreds of times."""
    listed = holidays.country_holidays("VN", years=year)
    fixed = {date(year, month, day) for day, month in _FIXED_HOLIDAYS}
    return frozenset(listed) | frozenset(fixed)


def is_working_day(d: date | str) -> bool:
    """Monday to Friday and not a public holiday or a compensatory day off (`holidays_of`)."""
    day = _to_date(d)
    return day.weekday() < 5 and day not in holidays_of(day.year)


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
