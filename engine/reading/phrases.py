"""Deadline phrases: "trước ngày 30/5", "chậm nhất ngày 10/10/2025", "trong tháng 6/2024", "trước ngày 15 hằng tháng".

A plan states deadlines in words; the product needs a date, whether the date itself is still in time, and how
often the obligation recurs. `read_deadline` reads one phrase; `find_deadlines` finds every cue-led date inside a
sentence (a bare date in a sentence is usually a citation's date, so finding requires a cue such as "trước").
Dates without a year take the plan's year (DOMAIN.md §2.6). The patterns are short and linear and run on one
sentence at a time.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from engine.errors import InvalidInput
from engine.text import nfc

# Cues before a date, longest first. Inclusive: the day itself is still in time.
_INCLUSIVE_CUES = (
    "trước hoặc trong", "chậm nhất là vào", "chậm nhất là", "chậm nhất vào", "chậm nhất trong", "chậm nhất",
    "hạn cuối là", "hạn cuối", "hạn chót là", "hạn chót", "không muộn hơn", "đến hết", "trong", "hạn",
)
_EXCLUSIVE_CUES = ("trước",)
_CUE = "|".join(re.escape(c) for c in sorted(_INCLUSIVE_CUES + _EXCLUSIVE_CUES, key=len, reverse=True))
_DAY_WORD = r"(?:ngày\s?)?"

_NUMERIC = r"(?P<d>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<m>\d{1,2})(?:\s?[/.\-]\s?(?P<y>\d{4}))?(?![\d/])"
_WORDS = r"(?P<d2>\d{1,2})\s(?:tháng|thg)\s(?P<m2>\d{1,2})(?:\s?(?:năm\s|/)(?P<y2>\d{4}))?(?!\d)"
_MONTHLY = r"(?P<d3>\d{1,2})\s(?:của\s)?(?:hằng|hàng|mỗi)\stháng"
_QUARTER_END = r"(?P<d4>\d{1,2})\s(?:của\s)?tháng\scuối(?:\s(?:của|mỗi|hằng|hàng))?\squý"
_MONTH = r"tháng\s(?P<m5>\d{1,2})(?:\s?(?:năm\s|/)(?P<y5>\d{4}))?(?![\d/])"
_QUARTER = r"quý\s(?P<q>iv|i{1,3}|IV|I{1,3}|[1-4])(?:\s?(?:năm\s|/)(?P<y6>\d{4}))?(?![\w/])"

_DATE_FORMS = rf"(?:{_MONTHLY}|{_QUARTER_END}|{_WORDS}|{_NUMERIC})"
# With a cue (used to find deadlines inside a sentence) and without (reading a phrase the caller isolated).
_CUED = re.compile(rf"(?<!\w)(?P<cue>{_CUE})\s?(?:(?P<month_form>{_MONTH}|{_QUARTER})|{_DAY_WORD}{_DATE_FORMS})")
_BARE = re.compile(rf"(?<![\w/])(?:ngày\s?)?{_DATE_FORMS}")

_RECURRING_TAIL = re.compile(r"^\s?(?:của\s)?(?:hằng|hàng|mỗi)\s(năm|tháng|quý)")
_ON_REQUEST = re.compile(r"khi có yêu cầu|khi được yêu cầu|theo yêu cầu|đột xuất")
_PERIOD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("monthly", re.compile(r"(?:hằng|hàng|mỗi|theo)\stháng(?!\s?\d)|báo cáo tháng|định kỳ tháng")),
    ("quarterly", re.compile(r"(?:hằng|hàng|mỗi|theo|định kỳ)\squý|báo cáo quý|tháng cuối(?:\s\w+)?\squý")),
    ("six_month", re.compile(r"(?<!\d)(?:0?6|sáu)\stháng(?!\s?\d)")),
    ("annual", re.compile(r"(?<!\d)(?:0?1|một|hằng|hàng|mỗi|cả)\snăm(?!\s?\d)"
                          r"|(?:báo cáo|tổng kết)\s(?:kết quả\s)?năm(?!\s?\d)")),
)
_RECURRENCE_OF = {"monthly": "monthly", "quarterly": "quarterly", "six_month": "six_monthly", "annual": "yearly"}
_TAIL_RECURRENCE = {"năm": "yearly", "tháng": "monthly", "quý": "quarterly"}
_ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True)
class Deadline:
    raw: str  # the phrase verbatim (NFC, whitespace collapsed)
    day: date | None  # resolved date; a missing year takes `year`; None when undated / on request
    year_written: bool
    inclusive: bool  # "trước ngày X" → False; "chậm nhất ngày X", "trong tháng 6", a bare date → True
    recurrence: str | None  # "monthly" | "quarterly" | "six_monthly" | "yearly" | None
    periods: tuple[str, ...]  # report periods named, in order: ("six_month", "annual"), ("quarterly",) …
    on_request: bool  # "khi có yêu cầu", "theo yêu cầu", "đột xuất"


@dataclass(frozen=True)
class DatePhrase:
    """One date found in a text: where it is and what it says, before the plan year is applied."""

    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None  # as written
    form: str  # "date" | "month_end" | "quarter_end" | "monthly" | "quarter_last_month"
    inclusive: bool
    cued: bool
    tail_recurrence: str | None  # "hằng năm" right after the date: the date itself recurs

    def resolve(self, year: int) -> date:
        """The calendar date; raises InvalidInput when the written date does not exist ("31/2")."""
        y = self.year if self.year is not None else year
        try:
            if self.form == "month_end":
                assert self.month is not None
                return date(y, self.month, calendar.monthrange(y, self.month)[1]) if self.inclusive \
                    else date(y, self.month, 1)
            if self.form == "quarter_end":
                assert self.month is not None
                return date(y, self.month, calendar.monthrange(y, self.month)[1])
            if self.form == "monthly":
                assert self.day is not None
                return date(y, 1, self.day)  # the first occurrence in the plan year
            if self.form == "quarter_last_month":
                assert self.day is not None
                return date(y, 3, self.day)  # the first quarter's last month
            assert self.day is not None and self.month is not None
            return date(y, self.month, self.day)
        except ValueError as exc:
            written = f"{self.day or ''}/{self.month or ''}" + (f"/{y}" if self.year else "")
            raise InvalidInput(f"Hạn '{written}' không phải ngày có thật.",
                               {"deadline": "ngày không hợp lệ"}) from exc


def _clean(text: str) -> str:
    return " ".join(nfc(text).split())


def _phrase(match: re.Match[str], text: str, lenient: bool = False) -> DatePhrase | None:
    g = match.groupdict()
    cue = g.get("cue")
    inclusive = cue is None or cue not in _EXCLUSIVE_CUES
    tail = _RECURRING_TAIL.match(text[match.end():match.end() + 30])
    tail_recurrence = _TAIL_RECURRENCE[tail.group(1)] if tail else None

    def make(day: int | None, month: int | None, year: int | None, form: str,
             recurrence: str | None = tail_recurrence) -> DatePhrase:
        return DatePhrase(match.start(), match.end(), day, month, year, form, inclusive, cue is not None, recurrence)

    if g.get("m5"):
        return make(None, int(g["m5"]), _int(g.get("y5")), "month_end")
    if g.get("q"):
        quarter = _ROMAN_QUARTERS.get(g["q"].upper()) or int(g["q"])
        return make(None, quarter * 3, _int(g.get("y6")), "quarter_end")
    if g.get("d3"):
        return make(int(g["d3"]), None, None, "monthly", "monthly")
    if g.get("d4"):
        return make(int(g["d4"]), None, None, "quarter_last_month", "quarterly")
    day, month, year = (g.get("d2"), g.get("m2"), g.get("y2")) if g.get("d2") else (g.get("d"), g.get("m"), g.get("y"))
    if day is None or month is None:
        return None
    if g.get("sep") in (".", "-") and year is None and cue is None and not lenient:
        return None  # "2.5" or "6-12" alone is a number, not a date
    if not 1 <= int(month) <= 12 and year is None:
        return None
    return make(int(day), int(month), _int(year), "date")


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def date_phrases(text: str, cued_only: bool = True) -> list[DatePhrase]:
    """Dates in `text`, in order. With `cued_only`, only dates led by a deadline cue ("trước", "chậm nhất"…)."""
    text = _lower(text)
    found = [p for m in _CUED.finditer(text) if (p := _phrase(m, text)) is not None]
    if cued_only or found:
        return found
    return [p for m in _BARE.finditer(text) if (p := _phrase(m, text, lenient=True)) is not None]


def _lower(text: str) -> str:
    """Text as the patterns read it ("Trước ngày", "ĐỊNH KỲ"): lower case, its offsets unchanged."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text


def periods_in(text: str) -> tuple[str, ...]:
    text = _lower(text)
    hits = sorted((m.start(), name) for name, pattern in _PERIOD_PATTERNS for m in pattern.finditer(text))
    seen: list[str] = []
    for _, name in hits:
        if name not in seen:
            seen.append(name)
    return tuple(seen)


def recurrence_in(text: str, phrase: DatePhrase | None = None) -> str | None:
    """The shortest cycle named (monthly before quarterly before six-monthly before yearly)."""
    if phrase is not None and phrase.tail_recurrence:
        return phrase.tail_recurrence
    named = periods_in(text)
    for period in ("monthly", "quarterly", "six_month", "annual"):
        if period in named:
            return _RECURRENCE_OF[period]
    return None


def on_request(text: str) -> bool:
    return _ON_REQUEST.search(_lower(text)) is not None


def _deadline(text: str, phrase: DatePhrase | None, year: int) -> Deadline:
    return Deadline(
        raw=text,
        day=phrase.resolve(year) if phrase is not None else None,
        year_written=phrase is not None and phrase.year is not None,
        inclusive=phrase.inclusive if phrase is not None else True,
        recurrence=recurrence_in(text, phrase),
        periods=periods_in(text),
        on_request=on_request(text),
    )


def read_deadline(text: str, year: int) -> Deadline:
    """Read one deadline phrase. Undated text gives day=None; only an impossible date raises InvalidInput."""
    text = _clean(text)
    phrases = date_phrases(text, cued_only=False)
    return _deadline(text, phrases[0] if phrases else None, year)


@dataclass(frozen=True)
class FoundDeadline:
    phrase: DatePhrase
    deadline: Deadline  # read from the cue-led phrase plus its recurrence tail


def find_deadlines(sentence: str, year: int) -> list[FoundDeadline]:
    """Every cue-led date in a sentence, each read as a deadline (the sentence gives periods/recurrence)."""
    sentence = _clean(sentence)
    found = []
    for phrase in date_phrases(sentence, cued_only=True):
        raw = sentence[phrase.start:phrase.end]
        deadline = Deadline(raw=raw, day=phrase.resolve(year), year_written=phrase.year is not None,
                            inclusive=phrase.inclusive, recurrence=recurrence_in(sentence, phrase),
                            periods=periods_in(sentence), on_request=on_request(sentence))
        found.append(FoundDeadline(phrase, deadline))
    return found
