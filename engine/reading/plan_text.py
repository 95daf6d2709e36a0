"""`read_plan`: the text of a Kế hoạch → its structured form (the field names of tests/data/seeds/seed_plans.json).

The reader runs in this order (docs/import.md explains each rule):
1. normalise lines and rebuild paragraphs (normalize.py);
2. find the type line "KẾ HOẠCH"; the header is above it, the title right after it (header.py);
3. the preamble runs from the title to section I: parents ("Thực hiện …") and the issuer's self-naming;
4. sections by Roman numerals, subsections by Arabic numerals (sections.py);
5. assignments from "Tổ chức thực hiện", then deadlines and reporting lines from their duties (obligations.py);
6. legal bases: every citation in the body that is not a parent, first mention kept (citations.py);
7. closing paragraph, recipients with the archive line, signature block (closing.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from engine.reading.citations import find_citations, issuer_system
from engine.reading.closing import read_recipients, read_signature
from engine.reading.document import Document, line_at
from engine.reading.header import (
    first_section_index,
    header_lines,
    plan_year,
    read_issuer,
    read_number_symbol,
    read_parents,
    read_place_date,
    read_title,
    title_index,
)
from engine.reading.obligations import dated_first, deadlines_in_duty, reporting_in_closing, reporting_in_duty
from engine.reading.sections import assignment_dicts, read_assignments, read_sections, section_dict
from engine.reading.sources import read_text


def read_plan_file(data: bytes, filename: str) -> dict[str, Any]:
    """Read an uploaded .txt/.docx/.pdf (bounded, untrusted) and extract the plan."""
    return read_plan(read_text(data, filename))


def _legal_bases(doc: Document, start_line: int, end_line: int, parents: set[str]) -> list[dict[str, Any]]:
    text, marks = doc.flat(start_line)
    seen = set(parents)
    bases = []
    for cite in find_citations(text):
        line = line_at(marks, cite.start)
        if line >= end_line:
            break
        ns = cite.number_symbol
        if ns.normalised in seen:
            continue
        seen.add(ns.normalised)
        bases.append({
            "citation": cite.text(text), "doc_type": cite.doc_type, "number_symbol": ns.raw,
            "date_raw": cite.date.raw if cite.date else None, "issuer_raw": cite.issuer,
            "numbering_style": ns.style, "issuer_system": issuer_system(cite.issuer, ns.style),
            "normalized": ns.normalised, "number": ns.number,
            "date": cite.date.value.isoformat() if cite.date and cite.date.value else None,
            "source": doc.source(line),
        })
    return bases


def _plan_date(place_date: dict[str, Any]) -> date | None:
    return date.fromisoformat(place_date["date"]) if place_date.get("date") else None


def _closing(doc: Document) -> tuple[str, int] | None:
    for para in doc.paras:
        if para.text.startswith("Trên đây"):
            return para.text, para.line
    return None


def _obligations(doc: Document, assignments: list[Any], closing: tuple[str, int] | None, year: int | None,
                 plan_day: date | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    deadlines: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    for assignment in assignments:
        for duty, line in assignment.duties:
            if year is not None:
                for found in deadlines_in_duty(duty, assignment.agency, year, plan_day):
                    deadlines.append({**found, "source": doc.source(line)})
            lines.extend({**found, "source": doc.source(line)} for found in reporting_in_duty(duty, assignment.agency))
    if closing is not None:
        lines.extend({**found, "source": doc.source(closing[1])} for found in reporting_in_closing(closing[0]))
    return dated_first(deadlines), lines


def read_plan(text: str) -> dict[str, Any]:
    """Extract the structured plan from its text. Fields missing from the text are None or []."""
    doc = Document.read(text)
    anchor = title_index(doc)
    title = read_title(doc, anchor)
    header = header_lines(doc, anchor)
    number_symbol = read_number_symbol(doc, header)
    place_date = read_place_date(doc, header)
    body_start = anchor + (2 if title and title["source"]["line"] != doc.paras[anchor].line else 1) \
        if anchor is not None else 0
    first_section = first_section_index(doc, body_start)
    preamble = " ".join(p.text for p in doc.paras[body_start:first_section])
    year = plan_year(title["text"] if title else None, place_date, preamble)
    plan_day = _plan_date(place_date)
    issuer = read_issuer(doc, header, body_start, first_section, title["text"] if title else None,
                         place_date.get("place"))
    parents = read_parents(doc, body_start, first_section)
    sections = read_sections(doc, first_section)
    implementation = next((s for s in sections if s.key == "to_chuc_thuc_hien"), None)
    assignments = read_assignments(doc, implementation) if implementation else []
    closing = _closing(doc)
    deadlines, reporting = _obligations(doc, assignments, closing, year, plan_day)
    recipients, recipients_end = read_recipients(doc)
    signature_from = recipients_end or (closing[1] if closing else len(doc.lines))
    body_first_line = doc.paras[body_start].line if body_start < len(doc.paras) else 1
    body_end = recipients_end - (len(recipients["items"]) + 1 if recipients else 0) if recipients_end \
        else len(doc.lines) + 1
    return {
        "document_type": "Kế hoạch" if anchor is not None else None,
        "document_type_abbr": "KH" if anchor is not None else None,
        "issuing_body": issuer,
        "number_symbol": number_symbol,
        "place_date": place_date,
        "plan_year": year,
        "title": title["text"] if title else None,
        "title_with_type": title["with_type"] if title else None,
        "title_source": title["source"] if title else None,
        "parent_plans": parents,
        "preamble": preamble or None,
        "legal_bases": _legal_bases(doc, body_first_line, max(body_end, body_first_line + 1),
                                    {p["number_symbol"] for p in parents}),
        "sections": [section_dict(doc, s) for s in sections],
        "assignments": assignment_dicts(doc, assignments),
        "deadlines": deadlines,
        "reporting_lines": reporting,
        "closing": closing[0] if closing else None,
        "recipients": recipients,
        "signature": read_signature(doc, signature_from),
    }
