"""The document's own identity: issuer, number and symbol, place and date, title, year, parents.

Real plans print the header as a two-column block (issuer and number left, national motto and place/date right);
extractions often lose it, so the issuer is also read from the sentence where the plan names itself
("UBND huyện Vĩnh Linh xây dựng Kế hoạch ... như sau:"), and the province from the first named "tỉnh X".
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from engine.reading.citations import find_citations, issuer_level, issuer_system, parse_number_symbol
from engine.reading.document import Document, line_at, para_offsets
from engine.reading.normalize import ROMAN, UPPER, is_all_caps
from engine.reading.units import committee_in, committee_name, level_of, title_case
from engine.text import fold

_TITLE_WORD = "kế hoạch"
_MOTTO = re.compile(r"CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐỘC LẬP", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^(?P<place>[A-ZĐÂĂÊÔƠƯ][^\d,]{1,60}?),\s?ngày\s?(?P<d>\d{1,2})?\s?tháng\s?(?P<m>\d{1,2})?\s?năm\s?(?P<y>\d{4})"
)
_SELF_NAMING = re.compile(r"\b(?:xây dựng|ban hành)\s(?:Kế hoạch|kế hoạch)")
_YEAR_IN_TITLE = re.compile(r"năm\s(\d{4})")
_PROVINCE = re.compile(rf"(?:\btỉnh|Tỉnh ủy|Tỉnh uỷ)\s(?P<name>[{UPPER}]\w*(?:(?:\s-\s|\s)[{UPPER}]\w*){{0,3}})")
_NAMED = {
    "district": re.compile(r"\b(?:huyện|quận|thị xã)\s(?P<name>[A-ZĐÂĂÊÔƠƯ0-9]\w*(?:\s[A-ZĐÂĂÊÔƠƯ]\w*){0,3})"),
}
_PARENT_LEADS = re.compile(r"(?P<lead>Căn cứ|căn cứ|Thực hiện|thực hiện|Triển khai|triển khai|Trên cơ sở)\s")


def title_index(doc: Document) -> int | None:
    """The paragraph that says "KẾ HOẠCH" (the document type line above the title)."""
    for index, para in enumerate(doc.paras[:60]):
        text = para.text
        if fold(text) == _TITLE_WORD or (text.startswith("KẾ HOẠCH") and is_all_caps(text[:8])):
            return index
    return None


def first_section_index(doc: Document, start: int) -> int:
    for index in range(start, len(doc.paras)):
        if ROMAN.match(doc.paras[index].text):
            return index
    return len(doc.paras)


def read_title(doc: Document, anchor: int | None) -> dict[str, Any] | None:
    if anchor is None:
        return None
    type_para = doc.paras[anchor]
    inline = type_para.text[len("KẾ HOẠCH"):].strip()
    if inline:
        title, source = inline, type_para
    elif anchor + 1 < len(doc.paras):
        source = doc.paras[anchor + 1]
        title = source.text
    else:
        return None
    return {"text": title, "with_type": f"KẾ HOẠCH {title}", "source": doc.source(source.line)}


def header_lines(doc: Document, anchor: int | None) -> list[int]:
    """Line numbers above the type line (or the first 15 lines when there is none)."""
    last = doc.paras[anchor].line - 1 if anchor is not None else min(15, len(doc.lines))
    return [n for n in range(1, last + 1) if doc.lines[n - 1].text]


def read_number_symbol(doc: Document, header: list[int]) -> dict[str, Any]:
    for number in header:
        text = doc.lines[number - 1].text
        if re.match(r"^Số\b", text):
            parsed = parse_number_symbol(text)
            if parsed is not None:
                return {"present": True, "raw": parsed.raw, "number": parsed.number,
                        "number_display": parsed.number_display, "symbol": parsed.symbol, "style": parsed.style,
                        "normalized": f"Số: {parsed.normalised}", "source": doc.source(number)}
    return {"present": False, "raw": None, "number": None, "symbol": None}


def read_place_date(doc: Document, header: list[int]) -> dict[str, Any]:
    for number in header:
        match = _PLACE_DATE.search(doc.lines[number - 1].text)
        if match is None:
            continue
        day, month, year = (int(g) if g else None for g in match.group("d", "m", "y"))
        value = None
        if day and month and year:
            try:
                value = date(year, month, day).isoformat()
            except ValueError:
                value = None
        found: dict[str, Any] = {"present": True, "raw": match.group(0), "place": match.group("place").strip(),
                                 "date": value, "source": doc.source(number)}
        if value is None:
            found["date_partial"] = {"day": day, "month": month, "year": year}
        return found
    return {"present": False, "raw": None, "place": None, "date": None}


def plan_year(title: str | None, place_date: dict[str, Any], preamble: str) -> int | None:
    years = _YEAR_IN_TITLE.findall(title or "")
    if years:
        return int(years[-1])
    partial = place_date.get("date_partial") or {}
    if place_date.get("date"):
        return int(place_date["date"][:4])
    if partial.get("year"):
        return int(partial["year"])
    years = _YEAR_IN_TITLE.findall(preamble)
    return int(years[0]) if years else None


def _header_issuer(doc: Document, header: list[int]) -> tuple[str, str | None, int] | None:
    """The lowest committee named in the capitals of the header ("UBND HUYỆN TỨ KỲ / UBND XÃ NGỌC KỲ")."""
    caps = [n for n in header if is_all_caps(doc.lines[n - 1].text) and not _MOTTO.search(doc.lines[n - 1].text)]
    found = None
    for index, number in enumerate(caps):
        joined = " ".join(doc.lines[n - 1].text for n in caps[index:index + 2])
        hit = committee_in(joined)
        if hit is not None and hit[2] == 0:
            found = (hit[0], hit[1], number)
    return found


def _self_naming(doc: Document, start: int, stop: int) -> tuple[str, str | None, int, str] | None:
    """The clause where the plan names its issuer: "UBND xã Ngọc Kỳ xây dựng Kế hoạch ... như sau:"."""
    for para in doc.paras[start:stop]:
        text = para.text
        verb = _SELF_NAMING.search(text)
        if verb is None:
            continue
        hit = None
        for candidate in re.finditer(r"(?i:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)", text[:verb.start()]):
            hit = committee_in(text[candidate.start():verb.start()])
            if hit is not None:
                hit = (hit[0], hit[1], candidate.start())
        if hit is not None:
            line = line_at(para_offsets(para), hit[2])
            return hit[0], hit[1], line, text[hit[2]:]
    return None


def _province(text: str) -> str | None:
    match = _PROVINCE.search(text)
    return match.group("name") if match else None


def read_issuer(doc: Document, header: list[int], start: int, stop: int, title: str | None,
                place: str | None) -> dict[str, Any] | None:
    whole, _ = doc.flat()
    header_hit = _header_issuer(doc, header)
    naming = _self_naming(doc, start, stop)
    if header_hit is not None:
        word, name, line = header_hit
        evidence = doc.lines[line - 1].text
    elif naming is not None:
        word, name, line, evidence = naming
    else:
        return None
    level = level_of(word, name)
    if name is None:  # "Ủy ban nhân dân tỉnh ban hành ...": the name is in the title or the place line
        name = _name_from_context(word, title or "", place, whole)
        level = level_of(word, name)
    short, full = committee_name(word, name)
    province = name if level == "province" else _province(whole)
    district = name if level == "district" else None
    if level == "commune":
        match = _NAMED["district"].search(whole)
        district = match.group("name") if match else None
    return {"name": short, "name_full": full, "level": level, "province": province, "district": district,
            "commune": name if level == "commune" else None, "evidence": evidence, "source": doc.source(line)}


def _name_from_context(word: str, title: str, place: str | None, whole: str) -> str | None:
    pattern = re.compile(rf"\b{word}\s(?P<name>[A-ZĐÂĂÊÔƠƯ]\w*(?:(?:\s-\s|\s)[A-ZĐÂĂÊÔƠƯ]\w*){{0,3}})")
    for text in (title, whole):
        match = pattern.search(text)
        if match:
            return match.group("name")
    return title_case(place) if place else None


def _clause_end(text: str, start: int) -> int:
    """Where a parent citation's title ends: ";", a sentence end, the plan naming itself, the next citation."""
    ends = [len(text)]
    for pattern in (r";", r"\.\s[A-ZĐ]", r"\.$", r",\s(?:UBND|Ủy ban|Uỷ ban|ỦY BAN)\s",
                    r",\s(?=(?:Kế hoạch|Chỉ thị|Quyết định|Nghị quyết|Kết luận)\s(?:số\s)?\d)",
                    r"\svà\s(?=(?:Kế hoạch|Chỉ thị|Quyết định|Nghị quyết|Kết luận)\s(?:số\s)?\d)"):
        match = re.compile(pattern).search(text, start)
        if match:
            ends.append(match.start())
    return min(ends)


def read_parents(doc: Document, start: int, stop: int) -> list[dict[str, Any]]:
    """Citations led by "Thực hiện"/"Triển khai" in the preamble; "Căn cứ" ones are legal bases only."""
    parents: list[dict[str, Any]] = []
    for para in doc.paras[start:stop]:
        text = para.text
        leads = [(m.start(), m.group("lead").casefold()) for m in _PARENT_LEADS.finditer(text)]
        for cite in find_citations(text):
            lead = next((name for at, name in reversed(leads) if at <= cite.start), "thực hiện")
            if lead == "căn cứ":
                continue
            end = _clause_end(text, cite.end)
            citation = text[cite.start:end].rstrip(" ,.:")
            ns = cite.number_symbol
            parents.append({
                "citation": citation, "doc_type": cite.doc_type, "number": ns.number, "symbol": ns.symbol,
                "number_symbol": ns.normalised, "date": cite.date.value.isoformat() if cite.date and cite.date.value
                else None, "issuer": cite.issuer, "issuer_level": issuer_level(cite.issuer),
                "issuer_system": issuer_system(cite.issuer, ns.style), "relation": "implements",
                "source": doc.source(line_at(para_offsets(para), cite.start)),
            })
    return parents
