"""Document references: "Kế hoạch số 25/KH-UBND ngày 05 tháng 02 năm 2021 của UBND tỉnh Quảng Trị về việc ...".

Two numbering systems meet in a plan. The State writes the number, a slash, then the symbol
(`09/KH-UBND`, `04/2015/NĐ-CP`); the Party writes the number, a hyphen, the type, a slash, the organ
(`1043-KH/BCSĐ`, `30-CT/TW`). Real texts are noisy (`Số: 09 /KH-UBND`, `120 -KL/TW`, `23- QĐ/TW`, `35 CT/TW`,
`114-KL /TW`), so both patterns accept a little whitespace around every separator. All patterns applied to
whole documents run on RE2 (linear time, no backtracking); the short follow-up parsing uses plain string work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import re2  # type: ignore[import-untyped]  # google-re2 ships no type information

from engine.text import fold, nfc

# Canonical spellings, longest first so "Quy chế làm việc" wins over "Quy chế".
DOC_TYPES: tuple[str, ...] = (
    "Chương trình hành động", "Nghị quyết liên tịch", "Thông tư liên tịch", "Quy chế làm việc", "Quy chế phối hợp",
    "Chương trình", "Quyết định", "Nghị quyết", "Nghị định", "Hướng dẫn", "Kết luận", "Pháp lệnh", "Thông tư",
    "Thông báo", "Công văn", "Công điện", "Kế hoạch", "Quy định", "Chỉ thị", "Tờ trình", "Báo cáo", "Điều lệ",
    "Văn bản", "Quy chế", "Đề án", "Luật",
)
_CANONICAL = {fold(t): t for t in DOC_TYPES}

_SYM = r"[A-ZĐ][A-Za-zĐđ0-9]{0,11}"
_STATE = rf"(?P<sn>\d{{1,5}})?\s?/\s?(?:(?P<sy>\d{{4}})\s?/\s?)?(?P<ss>{_SYM}(?:\s?-\s?{_SYM}){{0,4}})"
_PARTY = rf"(?P<pn>\d{{1,5}})?(?:\s?-\s?|\s)(?P<pt>[A-ZĐ][A-Za-zĐđ]{{0,5}})\s?/\s?(?P<po>{_SYM}(?:-{_SYM}){{0,3}})"
NUMSYM = rf"(?:{_PARTY}|{_STATE})"

_TYPES_ALT = "|".join(DOC_TYPES)
CITATION = re2.compile(rf"(?P<type>(?i:{_TYPES_ALT}))\s(?:(?i:số)\s?:?\s?)?(?P<ns>(?:{NUMSYM}))")
_NUMBER_SYMBOL = re2.compile(rf"(?P<so>(?i:số)\s?:?\s?)?(?P<ns>{NUMSYM})")

_DATE_NUMERIC = re.compile(r"(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4})")
_DATE_WORDS = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_DATE_LEAD = re.compile(r"^,?\s?(?:ban hành\s)?ngày\s?:?\s?")


@dataclass(frozen=True)
class NumberSymbol:
    raw: str  # verbatim, as matched ("Số: 09 /KH-UBND", "120 -KL/TW")
    number: int | None  # None when the number is left blank for the records clerk ("Số: /KH-UBND")
    symbol: str  # "KH-UBND" (State, without the year) or "KH/BCSĐ" (Party: type/organ)
    style: str  # "state" | "party"
    normalised: str  # "09/KH-UBND", "04/2015/NĐ-CP", "1043-KH/BCSĐ"

    @property
    def number_display(self) -> str | None:
        """The number as written ("09"), digits only."""
        digits = "".join(c for c in self.raw.split("/")[0] if c.isdigit())
        return digits or None


def _nospace(text: str) -> str:
    return "".join(text.split())


def span(match: Any, group: str) -> tuple[int, int]:
    """A named group's span: RE2 matches take group numbers only."""
    index = match.re.groupindex[group]
    return int(match.start(index)), int(match.end(index))


def _from_match(match: Any, group: str = "ns", raw_start: int | None = None) -> NumberSymbol:
    start, end = span(match, group)
    raw = match.string[start if raw_start is None else raw_start:end].strip()
    if match.group("pt"):
        number_text = match.group("pn")
        symbol = f"{match.group('pt')}/{_nospace(match.group('po'))}"
        normalised = f"{number_text}-{symbol}" if number_text else f"-{symbol}"
        style = "party"
    else:
        number_text = match.group("sn")
        symbol = _nospace(match.group("ss"))
        year = f"{match.group('sy')}/" if match.group("sy") else ""
        normalised = f"{number_text or ''}/{year}{symbol}"
        style = "state"
    return NumberSymbol(raw, int(number_text) if number_text else None, symbol, style, normalised)


def parse_number_symbol(text: str) -> NumberSymbol | None:
    """The first number-symbol in `text`, State or Party style, with an optional leading "Số:".

    A number left blank is accepted only after "Số" (a bare "/KH-UBND" is too weak a signal).
    """
    text = nfc(" ".join(text.split()))[:2000]
    for match in _NUMBER_SYMBOL.finditer(text):
        number = match.group("pn") or match.group("sn")
        if number is None and match.group("so") is None:
            continue
        if match.group("pt") and number is None and not match.string[span(match, "ns")[0]:].lstrip().startswith("-"):
            continue  # "Số: KH/..." without a number and without the Party hyphen is not a symbol
        return _from_match(match, raw_start=match.start())
    return None


@dataclass(frozen=True)
class DateText:
    raw: str  # "07/4/2022" or "05 tháng 02 năm 2021" (without the word "ngày")
    value: date | None
    end: int  # offset just after the date, in the text it was read from


def read_date_at(text: str) -> DateText | None:
    """A full date (day, month, year) at the start of `text`, after an optional ", ngày"."""
    lead = _DATE_LEAD.match(text)
    if lead is None:
        return None
    rest = text[lead.end():]
    match = _DATE_NUMERIC.match(rest) or _DATE_WORDS.match(rest)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        value: date | None = date(year, month, day)
    except ValueError:
        value = None
    return DateText(match.group(0), value, lead.end() + match.end())


# Words that end an issuer's name: the verb or preposition that starts the title of the cited document.
_ISSUER_STOP_WORDS = frozenset([
    "về", "tại", "theo", "trong", "nhằm", "để", "đã", "gắn", "ngày", "với", "cho", "là", "có", "được", "sau",
    "trước", "thì", "khi", "nay"
])
_ISSUER_STOP_PAIRS = frozenset((
    "ban hành", "quy định", "hướng dẫn", "triển khai", "thực hiện", "tiếp tục", "đối với", "phê duyệt",
    "kiện toàn", "sửa đổi", "bổ sung", "chỉ đạo", "tăng cường", "quy chế", "tổ chức", "xây dựng", "nâng cao",
    "đẩy mạnh", "báo cáo", "lãnh đạo", "phát huy",
))
_MAX_ISSUER_WORDS = 14


def _starts_doc_type(words: list[str]) -> bool:
    head = fold(" ".join(words[:4]))
    return any(head.startswith(key) for key in _CANONICAL)


def read_issuer(text: str) -> tuple[str, int] | None:
    """After "của": the issuer's name and where it ends, or None when `text` does not start with "của"."""
    match = re.match(r"^,?\s?của\s", text)
    if match is None:
        return None
    words = text[match.end():match.end() + 400].split(" ")
    taken: list[str] = []
    for index, word in enumerate(words[:_MAX_ISSUER_WORDS]):
        if not word or word[0] in "(“\"'[" or word[0] in "¹²³⁴⁵⁶⁷⁸⁹⁰":
            break
        pair = " ".join(words[index:index + 2]).rstrip(",;.:)")
        if word in _ISSUER_STOP_WORDS or pair in _ISSUER_STOP_PAIRS:
            break
        if word == "và" and _starts_doc_type(words[index + 1:]):
            break
        stripped = word.rstrip(",;.:)")
        if stripped != word:
            if stripped:
                taken.append(stripped)
            break
        taken.append(word)
    if not taken:
        return None
    name = " ".join(taken)
    return name, match.end() + text[match.end():].find(name) + len(name)


PARTY_HEADS = ("Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành", "Ban Thường vụ", "Ban thường vụ", "Ban Cán sự",
               "Ban cán sự", "Ban Dân vận", "Ban Tuyên giáo", "Ban Tổ chức", "Ban Kiểm tra", "Tỉnh ủy", "Tỉnh uỷ",
               "Huyện ủy", "Huyện uỷ", "Thành ủy", "Thành uỷ", "Quận ủy", "Đảng ủy", "Đảng uỷ", "Trung ương Đảng",
               "Đảng đoàn", "Ban Chỉ đạo")
STATE_HEADS = ("Chính phủ", "Thủ tướng", "Quốc hội", "Ủy ban", "Uỷ ban", "UBND", "Chủ tịch", "HĐND", "Hội đồng",
               "Bộ ", "Sở ", "Phòng ", "Văn phòng", "Thanh tra", "Tòa án", "Viện kiểm sát", "Kiểm toán")


def _system_of_part(part: str) -> str | None:
    if part.startswith(PARTY_HEADS):
        return "party"
    if part.startswith(STATE_HEADS):
        return "state"
    return None


def issuer_system(issuer: str | None, style: str) -> str | None:
    """"party", "state" or "joint" (two issuers of different systems), by the organ that heads each name.

    "Ban Cán sự đảng UBND tỉnh" is one Party organ (its name contains UBND); only a name joined by " - " or
    " và " is split. An organ known to neither list takes the system of the document's numbering.
    """
    if not issuer:
        return None
    parts = re.split(r" - | và ", issuer)
    systems = {_system_of_part(part) or style for part in parts}
    return systems.pop() if len(systems) == 1 else "joint"


_CENTRAL_MARKERS = ("Chính phủ", "Thủ tướng", "Quốc hội", "Bộ Chính trị", "Ban Bí thư", "Trung ương", "Bộ ")


def issuer_level(issuer: str | None) -> str | None:
    """"central", "province", "district" or "commune", from the first unit word in the issuer's name."""
    if not issuer:
        return None
    if issuer.startswith(_CENTRAL_MARKERS) or "Trung ương" in issuer:
        return "central"
    from engine.reading.units import level_in  # late: units imports this module's helpers

    return level_in(issuer)


@dataclass(frozen=True)
class Citation:
    start: int
    end: int  # end of the reference itself (number, date, issuer): not the cited title
    doc_type: str  # canonical ("Kế hoạch")
    number_symbol: NumberSymbol
    date: DateText | None
    issuer: str | None

    def text(self, source: str) -> str:
        return source[self.start:self.end]


def find_citations(text: str) -> Iterator[Citation]:
    """Every "<type> [số] <number-symbol> [, ngày <date>] [, của <issuer>]" in `text`, in order."""
    for match in CITATION.finditer(text):
        ns = _from_match(match)
        end = match.end()
        when = read_date_at(text[end:end + 80])
        if when is not None:
            end += when.end
        who = read_issuer(text[end:end + 500])
        issuer = None
        if who is not None:
            issuer, length = who
            end += length
        doc_type = _CANONICAL.get(fold(match.group("type")), match.group("type"))
        yield Citation(match.start(), end, doc_type, ns, when, issuer)
