"""One deadline, one meaning: how a deadline reads, and when work is due soon, due today, overdue or late.

Every page, notice, command and API answer asks this module; nothing else compares a due date with today.

A deadline is the last day on which work is on time, with the phrase the plan wrote and how that phrase counts
the day it names: "trước ngày 25/5" leaves 25/5 out (the last day is 24/5, and a report sent on 25/5 is late);
"chậm nhất ngày 25/5", "trước hoặc trong ngày 25/5", "đến hết ngày 25/5" keep it (sent on 25/5 is on time). The
phrase itself is read by `engine.reading.phrases`, the same rules the plan importer uses.

"Due soon" counts working days (engine/calendar.py: weekends and Vietnamese public holidays, Tết included), so a
deadline just after Tết is due soon before the holiday starts, not on the day the office reopens.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, Protocol

from engine.calendar import add_working_days, is_working_day
from engine.errors import InvalidInput
from engine.reading.phrases import DatePhrase, date_phrases
from engine.text import nfc, printable

# Work is "due soon" when this many working days or fewer remain before its last day (the day itself not counted).
DUE_SOON_WORKING_DAYS = 3
# The receiving unit checks and accepts a report within this many working days of the day it arrives.
ACCEPTANCE_WORKING_DAYS = 2
ACCEPTANCE_PHRASE = "Tiếp nhận trong {days} ngày làm việc kể từ ngày nhận"
PHRASE_MAX = 300  # a phrase carried in process data is cut to this (a plan's phrase is one clause)

DueState = Literal["on_time", "due_soon", "due_today", "overdue"]
STATE_LABELS: dict[str, str] = {
    "on_time": "Còn hạn", "due_soon": "Sắp đến hạn", "due_today": "Hôm nay là hạn cuối", "overdue": "Quá hạn",
}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMERIC_DATE = re.compile(r"\d{1,2}\s?[/.\-]\s?\d{1,2}$")  # '30/5' ending a phrase's date, as date_phrases read it


@dataclass(frozen=True)
class Deadline:
    """The last day on which work is on time, the phrase as written, and whether that phrase's day is included
    (so the day it names is `last_day` when inclusive, the day after otherwise)."""

    last_day: date
    phrase: str | None = None
    inclusive: bool = True

    @classmethod
    def written(cls, day: date, inclusive: bool, phrase: str | None = None) -> Deadline:
        """The deadline a phrase names: 'trước ngày X' (not inclusive) ends the day before X."""
        return cls(day if inclusive else day - timedelta(days=1), phrase or None, inclusive)

    @property
    def day(self) -> date:
        """The day the phrase names: 25/5 in both 'trước ngày 25/5' and 'chậm nhất ngày 25/5'."""
        return self.last_day if self.inclusive else self.last_day + timedelta(days=1)

    @property
    def first_late_day(self) -> date:
        """The first day on which work is late: when the overdue notice fires."""
        return self.last_day + timedelta(days=1)


def state(deadline: Deadline, today: date) -> DueState:
    """Overdue after the last day; due today on it; due soon within DUE_SOON_WORKING_DAYS working days of it."""
    if today > deadline.last_day:
        return "overdue"
    if today == deadline.last_day:
        return "due_today"
    return "due_soon" if _few_working_days_left(today, deadline.last_day) else "on_time"


def _few_working_days_left(today: date, last_day: date) -> bool:
    """At most DUE_SOON_WORKING_DAYS working days after today up to the last day; counting stops past that, so a
    deadline months away costs a few steps in a work list of hundreds of tasks."""
    left, day = 0, today
    while day < last_day:
        day += timedelta(days=1)
        left += is_working_day(day)
        if left > DUE_SOON_WORKING_DAYS:
            return False
    return True


def is_late(deadline: Deadline, sent_on: date) -> bool:
    """Sent (issued, submitted) after the last day: 'trước ngày 25/5' sent on 25/5 is late, 'chậm nhất' is not."""
    return sent_on > deadline.last_day


def state_label(due_state: str | None) -> str:
    """The words a page shows for a state ('Sắp đến hạn'); empty for work that is on time or done."""
    return STATE_LABELS[due_state] if due_state in ("due_soon", "due_today", "overdue") else ""


def described(due_text: str | None, due_state: str | None) -> str:
    """'trước ngày 25/05/2025 (Sắp đến hạn)': a deadline's words and state as one line of plain text (the CLI)."""
    marked = state_label(due_state)
    return (due_text or "-") + (f" ({marked})" if marked else "")


def written(day: date, inclusive: bool) -> str:
    """A dated deadline in the words plans use: 'trước ngày 25/05/2025', or 'chậm nhất ngày …' when inclusive."""
    return f"{'chậm nhất' if inclusive else 'trước'} ngày {day:%d/%m/%Y}"


def label(deadline: Deadline) -> str:
    """How every page, notice and command writes the deadline.

    The phrase as written when it names exactly this day, its year filled in when the plan left it out ('trước
    ngày 30/5' → 'trước ngày 30/05/2025', 'chậm nhất là ngày 25 tháng 5' → '… tháng 5 năm 2025'): a list of tasks
    or a notice mixes plans and years. A phrase that names no day, with the day ('hằng quý (chậm nhất ngày
    18/03/2025)', 'Tiếp nhận trong 2 ngày làm việc kể từ ngày nhận (chậm nhất ngày 27/05/2025)'). Otherwise —
    several days in one phrase, an ISO date, no phrase — the day in plans' words ('trước ngày 30/05/2025'), never
    a bare date whose inclusion a reader must guess.
    """
    dated = written(deadline.day, deadline.inclusive)
    phrase = deadline.phrase
    if not phrase or _ISO_DAY.match(phrase):
        return dated
    named = _dates_in(phrase, deadline.day.year)
    if not named:
        return f"{phrase} ({dated})"
    if len(named) == 1 and (named[0].resolve(deadline.day.year), named[0].inclusive) == (deadline.day,
                                                                                          deadline.inclusive):
        return phrase if named[0].year is not None else _with_year(phrase, named[0], deadline.day)
    return dated


@functools.lru_cache(maxsize=512)
def _dates_in(phrase: str, year: int) -> tuple[DatePhrase, ...]:
    """The dates a phrase names; none when one of them cannot exist ('31/2'), so the label falls back to the day."""
    found = tuple(date_phrases(phrase, cued_only=False))
    try:
        for p in found:
            p.resolve(year)
    except InvalidInput:
        return ()
    return found


def _with_year(phrase: str, named: DatePhrase, day: date) -> str:
    """The phrase with the year the plan implied: '30/5' written out as '30/05/2025', any other form followed by
    'năm 2025'."""
    said = phrase[named.start:named.end]
    numeric = _NUMERIC_DATE.search(said) if named.form == "date" else None
    said = said[:numeric.start()] + f"{day:%d/%m/%Y}" if numeric else f"{said} năm {day.year}"
    return phrase[:named.start] + said + phrase[named.end:]


class _TaskDue(Protocol):
    """A task row, as the ORM or a Core select gives it."""

    @property
    def due(self) -> date | None: ...
    @property
    def due_inclusive(self) -> bool: ...
    @property
    def due_text(self) -> str | None: ...


def of_task(task: _TaskDue) -> Deadline | None:
    """A task row's deadline (engine/models/process.py HumanTask): the day named, its inclusion, its phrase."""
    return Deadline.written(task.due, task.due_inclusive, task.due_text) if task.due is not None else None


def acceptance_deadline(received_on: date, days: int = ACCEPTANCE_WORKING_DAYS) -> Deadline:
    """The receiving unit's own deadline to check a report: `days` working days after it arrives."""
    last_day = date.fromisoformat(add_working_days(received_on, days))
    return Deadline(last_day, ACCEPTANCE_PHRASE.format(days=days), True)


# --- deadlines in process data ------------------------------------------------------------------
# A user task's `due` property (workflows/*.bpmn) is an expression; the host puts deadlines in the data as
# {"day": "2025-05-25", "inclusive": false, "text": "trước ngày 25/5"}. A plain ISO date still works (a
# designer's `add_working_days(...)`): it reads as inclusive, with no phrase.


def as_data(deadline: Deadline) -> dict[str, object]:
    """A deadline as JSON-safe process data, for a task's `due` expression."""
    return {"day": deadline.day.isoformat(), "inclusive": deadline.inclusive, "text": deadline.phrase}


def from_data(value: object) -> Deadline | None:
    """A task's deadline from what its `due` expression gave: that data, an ISO date or moment, or nothing.

    Raises ValueError on anything else, for the caller to report against the task."""
    if value is None or value == "":
        return None
    if isinstance(value, Mapping):
        text = value.get("text")
        phrase = " ".join(printable(nfc(text)).split())[:PHRASE_MAX] if isinstance(text, str) else None
        return Deadline.written(_day(value.get("day")), value.get("inclusive", True) is not False, phrase)
    return Deadline.written(_day(value), True)


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    raise ValueError(f"hạn phải là ngày ISO hoặc {{'day': ..., 'inclusive': ..., 'text': ...}}, nhận {value!r:.60}")
