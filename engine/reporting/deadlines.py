"""Deadlines as plans write them, the report periods they name, and data cut-off windows.

The phrase itself is read by `engine.reading.phrases` (the same rules the plan importer uses): "trước ngày X" is
due strictly before X; "chậm nhất ngày X", "trước hoặc trong ngày X", "đến hết ngày X" include X; a date without a
year takes the plan's year; "khi có yêu cầu" is owed on request; "hằng quý", "hằng tháng" recur. Here a phrase
becomes what a requirement stores: one `Due` per period it names, each with its data window.

Cut-off windows (Nghị định 09/2019/NĐ-CP): the statutory window where it ends at least one working day before
the last day to report; otherwise a window derived from the deadline, so that the unit always has a working day
between the cut-off and its report. Working days skip weekends and Vietnamese public holidays, Tết included
(engine/calendar.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from engine.calendar import is_working_day, working_days_between
from engine.deadline import Deadline
from engine.errors import InvalidInput
from engine.models import ReportKind
from engine.reading.phrases import Deadline as Phrase
from engine.reading.phrases import find_deadlines, read_deadline
from engine.text import nfc

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ON_REQUEST_TEXT = "khi có yêu cầu"
# Nghị định 09/2019/NĐ-CP, Điều 12: data for a year's reports run from 15/12 of the previous year.
_CUTOFF_END = {ReportKind.SIX_MONTH: (6, 14), ReportKind.ANNUAL: (12, 14), ReportKind.SUMMARY: (12, 14)}
# Điều 12 too: a quarter's data run from the 15th of the month before it to the 14th of its last month, a month's
# from the 15th of the month before; its report is due by the 18th of the period's last month (Điều 8's usual day
# when the phrase names none).
PERIOD_REPORT_DAY = 18
QUARTER_NAMES = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Due:
    text: str
    day: date
    inclusive: bool

    @property
    def deadline(self) -> Deadline:
        """What the phrase means for this day: its last day on time, as engine/deadline.py reads every deadline."""
        return Deadline.written(self.day, self.inclusive, self.text)


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    source: str  # "nd09" | "derived" | "written"

    @property
    def label(self) -> str:
        origin = {"nd09": "theo Nghị định 09/2019/NĐ-CP", "derived": "lùi theo hạn báo cáo",
                  "written": "theo kế hoạch"}[self.source]
        return f"Chốt số liệu từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y} ({origin})"


def read_phrase(text: str, year: int) -> Phrase:
    """The phrase as the importer reads it; an ISO date (as the CLI takes it) is inclusive."""
    written = nfc(text).strip()
    if _ISO.match(written):
        return Phrase(written, date.fromisoformat(written), True, True, None, (), False)
    if not written:
        raise InvalidInput("Cần ghi hạn (ví dụ: 'trước ngày 30/5', 'khi có yêu cầu', 'hằng quý').")
    return read_deadline(written, year)


def parse_due(text: str, year: int) -> Due:
    """One dated deadline ('trước ngày 30/5' → 30 May of the year, not inclusive); refused when undated."""
    phrase = read_phrase(text, year)
    if phrase.day is None:
        raise InvalidInput(f"Không hiểu hạn '{phrase.raw}': ghi như 'trước ngày 30/5' hoặc '2024-05-30'.")
    return Due(phrase.raw, phrase.day, phrase.inclusive)


def paired_periods(phrase: Phrase, year: int) -> dict[str, Due]:
    """'Định kỳ 6 tháng (trước 30/5), một năm (trước 15/11)': each period named, with the date written for it
    (in the order written); empty unless every once-a-period period named has its own date."""
    periods = [p for p in phrase.periods if p in ("six_month", "annual")]
    found = find_deadlines(phrase.raw, year)
    if len(periods) < 2 or len(found) != len(periods) or any(f.deadline.day is None for f in found):
        return {}
    return {period: Due(phrase.raw, f.deadline.day, f.deadline.inclusive)
            for period, f in zip(periods, found, strict=True) if f.deadline.day is not None}


def period_dues(phrase: Phrase, kind: str, year: int) -> list[Due]:
    """The dated deadlines a recurring phrase stands for in the plan's year: four quarters, twelve months.

    The day the phrase names is kept in each period ("trước ngày 15 hằng tháng"); with none, the 18th of the
    period's last month, inclusive.
    """
    months = _period_months(phrase.recurrence, kind)
    named = phrase.day.day if phrase.day is not None else None
    dues = []
    for month in months:
        day = min(named or PERIOD_REPORT_DAY, 28 if month == 2 else 30)
        dues.append(Due(phrase.raw, date(year, month, day), phrase.inclusive if named else True))
    return dues


def _period_months(recurrence: str | None, kind: str) -> list[int]:
    if recurrence == "monthly" or kind == ReportKind.MONTHLY:
        return list(range(1, 13))
    return [3, 6, 9, 12]


def recurring_kind(phrase: Phrase, kind: str) -> str | None:
    """The kind a phrase recurs as ('hằng quý' → quarterly), or None for a once-a-period report."""
    if kind in (ReportKind.QUARTERLY, ReportKind.MONTHLY):
        return kind
    return {"quarterly": ReportKind.QUARTERLY, "monthly": ReportKind.MONTHLY}.get(phrase.recurrence or "")


def cutoff_window(kind: str, due: Due, year: int) -> Window | None:
    """The data window of a periodic report: Nghị định 09's where it leaves a working day before the deadline,
    otherwise one that ends the working day before the last working day to report."""
    statutory = _statutory_window(kind, due, year)
    if statutory is None:
        return None
    last_day = due.deadline.last_day
    if working_days_between(statutory.end, last_day) >= 1:
        return statutory
    return Window(statutory.start, _last_working_day(last_day) - timedelta(days=1), "derived")


def _statutory_window(kind: str, due: Due, year: int) -> Window | None:
    end = _CUTOFF_END.get(ReportKind(kind)) if kind in set(ReportKind) else None
    if end is not None:
        return Window(date(year - 1, 12, 15), date(year, *end), "nd09")
    if kind in (ReportKind.QUARTERLY, ReportKind.MONTHLY):
        months = 3 if kind == ReportKind.QUARTERLY else 1
        first_month = due.day.month - months  # the 15th of the month before the period
        start = date(year - 1, 12, 15) if first_month < 1 else date(year, first_month, 15)
        return Window(start, date(year, due.day.month, 14), "nd09")
    return None


def _last_working_day(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def default_cutoff(kind: str, year: int) -> tuple[date, date] | None:
    """Nghị định 09's data window of a periodic report: 15/12 of the previous year to 14/6 or 14/12."""
    end = _CUTOFF_END.get(ReportKind(kind))
    return (date(year - 1, 12, 15), date(year, *end)) if end else None


def cutoff_warning(cutoff_to: date | None, due: Due) -> str | None:
    """A warning when less than one working day separates the data cut-off and the last day to report."""
    if cutoff_to is None:
        return None
    if working_days_between(cutoff_to, due.deadline.last_day) >= 1:
        return None
    return (f"Hạn báo cáo ({due.text}) không cách ngày chốt số liệu ({cutoff_to:%d/%m/%Y}) "
            "ít nhất một ngày làm việc.")
