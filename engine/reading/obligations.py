"""Deadlines and reporting lines, read from the duties of section III and from the closing paragraph.

A duty is cut into clauses at "; ". A clause with a cue-led date ("trước ngày 30/5") is a deadline; a report
clause naming its periods but no date ("báo cáo định kỳ 6 tháng, 01 năm") is an undated periodic deadline.
"Định kỳ 6 tháng (trước 30/5), một năm (trước 15/11)" pairs each period with its own date. The destination of a
report is the organisation after "báo cáo", "gửi (về)" or "phản ánh về"; the channel is "(qua X)".
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from engine.reading.citations import find_citations
from engine.reading.normalize import UPPER
from engine.reading.phrases import DatePhrase, date_phrases, on_request, periods_in
from engine.text import fold

_PAIRED = re.compile(
    r"(?:[Đđ]ịnh kỳ\s)?"
    r"(?P<period>(?:0?6|sáu)\stháng|(?:0?1|một|hằng|hàng)\snăm|(?:hằng|hàng)\squý|(?:hằng|hàng)\stháng)"
    r"\s?\((?P<inner>[^()]{1,80})\)"
)
_PERIOD_KIND = {"six_month": "six_month_report", "annual": "annual_report", "quarterly": "quarterly_report",
                "monthly": "monthly_report"}
_ORG_STOP = frozenset([
    "về", "kết", "tình", "trước", "theo", "để", "trong", "chậm", "định", "hoặc", "khi", "qua", "thông", "đúng",
    "đầy", "việc", "nội", "số", "bằng", "tại", "cho", "nhằm", "đồng", "kèm", "sau", "hằng", "hàng", "đến", "trực",
    "của", "chỉ", "giải", "xem", "phê", "triển", "thực", "tổ", "kiểm", "hướng", "quyết", "tham", "theo", "để"
])
_ORG_HEAD = re.compile(r"^(?:UBND|Ủy ban|Uỷ ban|Sở|Phòng|Bộ|Huyện ủy|Huyện uỷ|Tỉnh ủy|Tỉnh uỷ|Ban|Văn phòng|Thanh tra|"
                       r"Trung tâm|Công an|Đảng ủy|Đảng uỷ|Thường trực|Chủ tịch|HĐND|Hội đồng)\b")
_REPORT_TO = re.compile(rf"(?i:báo cáo)\s(?:(?:kết quả|tình hình|kết quả thực hiện)\s)?(?:về\s)?(?=[{UPPER}])")
_SEND_TO = re.compile(rf"\b(?:gửi|gởi)\s(?:về\s)?(?:cho\s)?(?=[{UPPER}])")
_REPORT_OF = re.compile(r"(?i:báo cáo)\scủa\s")
_VIA = re.compile(r"\(?(?:thông qua|qua)\s"
                  r"(?P<via>(?:[Pp]hòng|Sở|Văn phòng|Ban|UBND|Ủy ban|[Cc]ông chức)[^();,.]{0,60})\)?")
_HELPS = re.compile(rf"\b(?:giúp|tham mưu cho|tham mưu)\s(?=[{UPPER}])")
_REGIME = re.compile(r"chế độ\s(?:thông tin\s)?báo cáo")
_PURPOSE_TAIL = re.compile(r"\sđể\s[^;]*$")
_CONDITION = re.compile(r"(?P<cond>(?:[Đđ]ối với|[Tt]rường hợp|[Nn]ếu)\s[^,;:]{3,160})")


def read_org(text: str) -> str | None:
    """The organisation at the start of `text`: "UBND huyện về …" → "UBND huyện"; "X và Y" → "X; Y"."""
    words = text.split(" ")
    taken: list[str] = []
    for word in words[:12]:
        bare = word.rstrip(",;.:)")
        if not bare or bare[0] in "(“\"" or bare in _ORG_STOP:
            break
        taken.append(bare)
        if bare != word:
            break
    name = " ".join(taken).strip()
    if not name or not _ORG_HEAD.match(name):
        return None
    parts = re.split(rf"\svà\s(?=[{UPPER}])", name)
    if len(parts) > 1 and not name.split(" và ")[0].endswith("HĐND") and all(_ORG_HEAD.match(p) for p in parts):
        return "; ".join(parts)
    return name


def destination(clause: str) -> tuple[str | None, int | None]:
    """(organisation, offset of its verb) for "gửi X" / "báo cáo X" / "báo cáo kết quả về X"."""
    for pattern in (_SEND_TO, _REPORT_TO):
        for match in pattern.finditer(clause):
            org = read_org(clause[match.end():])
            if org is not None:
                return org, match.start()
    return None, None


def via_of(clause: str) -> str | None:
    match = _VIA.search(clause)
    return match.group("via").strip() if match else None


def clauses(duty: str) -> list[tuple[str, bool]]:
    """(clause, is_whole_duty)."""
    parts = [p.strip() for p in duty.split("; ") if p.strip()]
    return [(p, len(parts) == 1) for p in parts]


def _kind(clause: str, periods: tuple[str, ...], to: str | None, dated: bool) -> str:
    folded = fold(clause)
    if "dân vận khéo" in folded and "đăng ký" in folded:
        return "dan_van_kheo_registration"
    if "dân vận khéo" in folded and on_request(clause):
        return "dan_van_kheo_results_on_request"
    if ("xây dựng" in folded or "ban hành" in folded) and "kế hoạch" in folded and "báo cáo" not in folded:
        return "subordinate_plans_due"
    if "phân công" in folded and ("ban chỉ đạo" in folded or "rà soát" in folded):
        return "assignment_review_and_steering_committee"
    if ("chấm điểm" in folded or "xếp loại" in folded) and "báo cáo" in folded:
        return "scoring_results_due"
    if "chấm điểm" in folded:
        return "scoring"
    if to is not None and to.startswith("Bộ "):
        return "summary_report_to_ministry"
    if not dated:
        return "periodic_reports_undated"
    for period in periods:
        return _PERIOD_KIND[period]
    return "report" if "báo cáo" in folded else "other"


def _due(phrase: DatePhrase, plan_year: int, plan_date: date | None) -> dict[str, Any]:
    resolved = phrase.resolve(plan_year)
    due: dict[str, Any] = {"day": resolved.day, "month": resolved.month, "year": phrase.year}
    if phrase.tail_recurrence:
        due["recurring"] = phrase.tail_recurrence
    if phrase.year is not None and plan_date is not None and resolved < plan_date:
        # Written before the plan's own date: a typo in the original (DOMAIN.md §2). Keep what is written and
        # offer the plan-year reading; no date is assumed.
        due["iso_as_written"] = resolved.isoformat()
        due["iso_probable"] = resolved.replace(year=plan_year).isoformat()
        due["warning"] = "due_before_issue"
    else:
        due["iso_assumed"] = resolved.isoformat()
    return due


def _trim_raw(clause: str, phrase_end: int, whole: bool) -> str:
    """A dated clause as written, without a trailing purpose ("để theo dõi, …") that follows the date."""
    tail = clause[phrase_end:]
    purpose = _PURPOSE_TAIL.search(tail)
    if purpose is not None:
        return clause[:phrase_end + purpose.start()].rstrip(" ,")
    return clause if whole or clause.endswith(".") else clause.rstrip(" .;")


def deadlines_in_duty(duty: str, agency: str, plan_year: int, plan_date: date | None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    to, _ = destination(duty)
    via = via_of(duty)
    paired = list(_PAIRED.finditer(duty))
    for match in paired:
        phrases = date_phrases(match.group("inner"))
        if not phrases:
            continue
        period = periods_in(match.group("period")) or periods_in(match.group(0))
        kind = _PERIOD_KIND.get(period[0], "report") if period else "report"
        found.append(_deadline_dict(kind, match.group(0), phrases[0], plan_year, plan_date, agency, to, via, duty))
    if found:
        return found
    for clause, whole in clauses(duty):
        found.extend(_clause_deadlines(clause, whole, agency, plan_year, plan_date))
    return found


def dated_first(deadlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dated deadlines in text order, then the undated periodic ones (they wait for a date from elsewhere)."""
    return [d for d in deadlines if d["due"] is not None] + [d for d in deadlines if d["due"] is None]


def _clause_deadlines(clause: str, whole: bool, agency: str, plan_year: int,
                      plan_date: date | None) -> list[dict[str, Any]]:
    to, _ = destination(clause)
    via = via_of(clause)
    source = _REPORT_OF.search(clause)
    origin = read_org(clause[source.end():]) if source else None
    phrases = date_phrases(clause)
    periods = periods_in(clause)
    result = []
    for phrase in phrases:
        kind = _kind(clause, periods, to, dated=True)
        raw = _trim_raw(clause, phrase.end, whole)
        result.append(_deadline_dict(kind, raw, phrase, plan_year, plan_date, origin or agency, to, via, clause))
    if not phrases and periods and "báo cáo" in clause:
        result.append({"kind": _kind(clause, periods, to, dated=False), "raw": clause.rstrip(" .;"), "due": None,
                       "inclusive": None, "from": origin or agency, "to": to, "via": via, "periods": list(periods),
                       "on_request": on_request(clause), "condition": _condition(clause)})
    return result


def _condition(clause: str) -> str | None:
    match = _CONDITION.search(clause)
    return match.group("cond").strip() if match else None


def _criteria(clause: str) -> str | None:
    """The scoring rules a scoring deadline follows: "theo Quyết định số 629/QĐ-UBND … của UBND tỉnh"."""
    at = clause.find("theo ")
    if at < 0:
        return None
    cite = next(find_citations(clause[at + 5:]), None)
    return clause[at + 5 + cite.start:at + 5 + cite.end] if cite is not None and cite.start == 0 else None


def _deadline_dict(kind: str, raw: str, phrase: DatePhrase, plan_year: int, plan_date: date | None, origin: str,
                   to: str | None, via: str | None, clause: str) -> dict[str, Any]:
    found = {"kind": kind, "raw": raw, "due": _due(phrase, plan_year, plan_date), "inclusive": phrase.inclusive,
             "from": origin, "to": to, "via": via, "periods": list(periods_in(clause)),
             "on_request": on_request(clause), "condition": _condition(clause)}
    if kind in ("scoring_results_due", "scoring"):
        found["criteria"] = _criteria(clause)
    return found


# --- reporting lines ---------------------------------------------------------------------------------------------

def _span_end(clause: str, start: int, whole: bool) -> str:
    """The reporting span from `start`: to the clause end, stopping before a deadline that follows it."""
    text = clause[start:]
    phrases = date_phrases(text)
    if phrases and phrases[0].start > 0 and not _SEND_TO.search(text, phrases[0].end):
        text = text[:phrases[0].start]
    if whole and start == 0:
        return text.strip()
    return text.strip().rstrip(" ./;,").rstrip(" ./")


def reporting_in_duty(duty: str, agency: str) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for clause, whole in clauses(duty):
        if "báo cáo" not in clause.casefold() and not _SEND_TO.search(clause):
            continue
        via = via_of(clause)
        source = _REPORT_OF.search(clause)
        origin = read_org(clause[source.end():]) if source else None
        to, verb_at = destination(clause)
        if to is not None and verb_at is not None:
            report = re.search(r"(?i:báo cáo)", clause)
            start = report.start() if report and (report.start() == verb_at or source) else verb_at
            lines.append({"from": origin or agency, "to": to, "via": via, "raw": _span_end(clause, start, whole)})
            continue
        regime = _REGIME.search(clause)
        if regime is not None:
            verb = re.search(r"(?i:thực hiện)[^;]{0,30}?chế độ", clause)
            start = verb.start() if verb else regime.start()
            lines.append({"from": agency, "to": None, "via": via, "raw": _span_end(clause, start, False)})
            continue
        helps = _HELPS.search(clause)
        if helps is not None and "báo cáo" in clause:
            lines.append({"from": agency, "to": read_org(clause[helps.end():]), "via": via,
                          "raw": clause if whole else clause.rstrip(" .;")})
    return lines


_ADDRESSEE = re.compile(r"(?P<verb>[Đđ]ề nghị|[Yy]êu cầu)\s(?P<who>.{3,120}?)\s"
                        r"(?=phản ánh|nghiêm túc|kịp thời|triển khai|"
                        r"tổ chức|thực hiện|chủ động)")
_RAISE = re.compile(rf"(?:phản ánh|báo cáo)\svề\s(?=[{UPPER}])")
_COORDINATE = re.compile(rf"phối hợp với\s(?=[{UPPER}])")


def _addressee(text: str) -> str | None:
    match = _ADDRESSEE.search(text)
    if match is None:
        return None
    who = re.sub(r"\svà\s(?:các\s)?(?:đơn vị|cơ quan)(?:,\s\w+)?\s(?:có\s)?liên quan$", "", match.group("who"))
    return who.strip()


def reporting_in_closing(text: str) -> list[dict[str, Any]]:
    """ "… đề nghị các cơ quan, đơn vị phản ánh về Ủy ban nhân dân huyện (thông qua phòng Nội vụ) …"."""
    who = _addressee(text)
    lines: list[dict[str, Any]] = []
    raise_ = _RAISE.search(text)
    coordinate = _COORDINATE.search(text)
    if raise_ is not None:
        to = read_org(text[raise_.end():])
        ask = _ADDRESSEE.search(text)
        start = ask.start() if ask is not None and ask.start() < raise_.start() else raise_.start()
        lines.append({"from": who, "to": to, "via": via_of(text[raise_.start():]),
                      "raw": text[start:].rstrip(" ./")})
    elif coordinate is not None:
        via = read_org(text[coordinate.end():])
        after = text[coordinate.end():]
        proposal = re.search(rf"(?:đề xuất|báo cáo|trình)\s(?=[{UPPER}])", after)
        to = read_org(after[proposal.end():]) if proposal else via
        start = text.rfind(", ", 0, coordinate.start())
        start = start + 2 if start >= 0 else coordinate.start()
        lines.append({"from": who, "to": to, "via": via, "raw": text[start:].rstrip(" ./")})
    return lines
