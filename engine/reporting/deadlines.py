"""Deadlines as plans write them ("trước ngày 30/5"), data cut-off windows, and working days.

"trước ngày X" is due strictly before X; "chậm nhất ngày X", "trong ngày X", "đến hết ngày X" include X.
A date without a year takes the plan's year. Working days are those of `engine.bpmn.scripting` (the
helpers BPMN scripts use): Monday to Friday except the fixed-date public holidays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from engine.calendar import working_days_between
from engine.errors import InvalidInput
from engine.models import ReportKind
from engine.text import fold, nfc

_DAY_MONTH = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INCLUSIVE_WORDS = ("chậm nhất", "trong ngày", "đến hết", "hoặc")
# Nghị định 09/2019/NĐ-CP: data for a year's reports run from 15/12 of the previous year.
_CUTOFF_END = {ReportKind.SIX_MONTH: (6, 14), ReportKind.ANNUAL: (12, 14), ReportKind.SUMMARY: (12, 14)}


@dataclass(frozen=True)
class Due:
    text: str
    day: date
    inclusive: bool

    @property
    def deadline(self) -> date:
        """The first day on which the report is late."""
        return self.day + timedelta(days=1) if self.inclusive else self.day


def parse_due(text: str, year: int) -> Due:
    """'trước ngày 30/5' → 30 May of the year, not inclusive; an ISO date (as the CLI takes it) is inclusive."""
    written = nfc(text).strip()
    if _ISO.match(written):
        return Due(written, date.fromisoformat(written), True)
    match = _DAY_MONTH.search(written)
    if match is None:
        raise InvalidInput(f"Không hiểu hạn '{written}': ghi như 'trước ngày 30/5' hoặc '2024-05-30'.")
    day, month, written_year = int(match[1]), int(match[2]), match[3]
    try:
        when = date(int(written_year) if written_year else year, month, day)
    except ValueError as exc:
        raise InvalidInput(f"Hạn '{written}' không phải ngày có thật.") from exc
    key = fold(written)
    inclusive = "trước" not in key or any(word in key for word in _INCLUSIVE_WORDS)
    return Due(written, when, inclusive)


def default_cutoff(kind: str, year: int) -> tuple[date, date] | None:
    """The data window of a periodic report: 15/12 of the previous year to 14/6 or 14/12."""
    end = _CUTOFF_END.get(ReportKind(kind))
    return (date(year - 1, 12, 15), date(year, *end)) if end else None


def cutoff_warning(cutoff_to: date | None, due: Due) -> str | None:
    """A warning when less than one working day separates the data cut-off and the last day to report."""
    if cutoff_to is None:
        return None
    last_day = due.deadline - timedelta(days=1)
    if working_days_between(cutoff_to, last_day) >= 1:
        return None
    return (f"Hạn báo cáo ({due.text}) không cách ngày chốt số liệu ({cutoff_to:%d/%m/%Y}) "
            "ít nhất một ngày làm việc.")
