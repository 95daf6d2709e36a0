"""Administrative units named in a plan: "UBND huyện Vĩnh Linh", "ỦY BAN NHÂN DÂN / TỈNH HÀ GIANG", "tỉnh Lạng Sơn".

The unit word fixes the level (tỉnh → province, huyện/quận/thị xã → district, xã/phường/thị trấn/đặc khu →
commune). "Thành phố" is a province only for the centrally-run cities, a district otherwise.
"""

from __future__ import annotations

import re

# Unit words, longest first. The value is the level; "thành phố" is decided by `_city_level`.
UNIT_WORDS: tuple[tuple[str, str], ...] = (
    ("thành phố", "city"), ("thị trấn", "commune"), ("thị xã", "district"), ("đặc khu", "commune"),
    ("tỉnh", "province"), ("huyện", "district"), ("quận", "district"), ("phường", "commune"), ("xã", "commune"),
)
CENTRAL_CITIES = frozenset(("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"))
_UNIT_ALT = "|".join(word for word, _ in UNIT_WORDS)
# A proper name: capitalised words (or a number: "Phường 1"), possibly joined by " - " ("Bà Rịa - Vũng Tàu").
_NAME = r"(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w*|\d{1,3})"
NAMED_UNIT = re.compile(rf"\b(?P<word>{_UNIT_ALT}|TP\.)\s(?P<name>{_NAME}(?:(?:\s-\s|\s){_NAME}){{0,4}})")


def _city_level(name: str | None) -> str:
    return "province" if name in CENTRAL_CITIES else "district"


def level_of(word: str, name: str | None = None) -> str:
    word = word.casefold()
    if word in ("tp.", "thành phố"):
        return _city_level(name)
    return dict(UNIT_WORDS)[word]


def level_in(text: str) -> str | None:
    """The level of the first unit word in `text` ("UBND tỉnh" → province), or None."""
    match = re.search(rf"(?<!\w)({_UNIT_ALT})(?!\w)(?:\s({_NAME}(?:\s{_NAME}){{0,3}}))?", text)
    if match is None:
        return None
    return level_of(match.group(1), match.group(2))


def title_case(name: str) -> str:
    """ "VĨNH LINH" → "Vĩnh Linh": header lines are in capitals, names in the text are not."""
    return " ".join(w if w == "-" else w[:1].upper() + w[1:].lower() for w in name.split())


def find_named(text: str, word: str) -> str | None:
    """The first proper name after the unit word `word` ("tỉnh" → "Quảng Trị"), or None."""
    for match in NAMED_UNIT.finditer(text):
        if match.group("word").casefold() == word:
            return match.group("name")
    return None


def committee_name(word: str, name: str | None) -> tuple[str, str]:
    """("UBND huyện Vĩnh Linh", "Ủy ban nhân dân huyện Vĩnh Linh")."""
    word = "thành phố" if word.casefold() == "tp." else word.casefold()
    tail = f"{word} {name}" if name else word
    return f"UBND {tail}", f"Ủy ban nhân dân {tail}"


_COMMITTEE_UNIT = re.compile(
    rf"(?i:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s?(?P<word>(?i:{_UNIT_ALT}|TP\.))"
    rf"(?:\s(?P<name>{_NAME}(?:(?:\s-\s|\s){_NAME}){{0,4}}))?"
)


def committee_in(text: str) -> tuple[str, str | None, int] | None:
    """The first "UBND <unit word> [<Name>]" in `text`: (unit word, name or None, offset).

    A header line in capitals ("UBND HUYỆN VĨNH LINH") gives its name in title case.
    """
    match = _COMMITTEE_UNIT.search(text)
    if match is None:
        return None
    name = match.group("name")
    if name is not None and name.isupper():
        name = title_case(name)
    return match.group("word").casefold(), name, match.start()
