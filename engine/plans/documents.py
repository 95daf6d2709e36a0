"""Plans and reports as official documents: what each part of the page says, in the layout of
Nghị định 30/2020/NĐ-CP (Phụ lục I). Built from what is stored, never invented; the web layer only
lays it out (HTML, PDF, .docx).

Top left the issuer and "Số: 01/KH-UBND"; top right the national name, the motto and
"Tứ Kỳ, ngày 05 tháng 3 năm 2024"; then the document kind, its title (trích yếu) and body;
bottom left "Nơi nhận:" ending with the archive line ("- Lưu: VT, NV."); bottom right the signature block.

A plan is shown as offices write it: "KẾ HOẠCH" over its trích yếu, never "KẾ HOẠCH / Kế hoạch …" (a title typed
"Kế hoạch thực hiện …" shows "Thực hiện …"); its archive line is its own or "Lưu: VT, <the focal agency's
abbreviation, or NV>."; its body opens by citing the parents it implements ("Thực hiện Kế hoạch số 39/KH-UBND
ngày 10/3/2025 của UBND tỉnh …") unless its content already cites them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import islice

from sqlalchemy.orm import Session

from engine.models import (
    KIND_LABELS,
    RECEIVED,
    Assignment,
    Obligation,
    ObligationStatus,
    Plan,
    ReportingRequirement,
    ReportKind,
    Unit,
    User,
)
from engine.models.plan import URGENCY_LABELS, Urgency
from engine.org.access import require_obligation, require_plan
from engine.org.recipients import default_lines
from engine.org.signing import signature_block, unit_signature
from engine.org.unit_data import short_name
from engine.org.units import focal_agency
from engine.plans.references import reference_citation, references_of
from engine.reading.citations import find_citations
from engine.reporting.assignments import assignments_of, signing_unit
from engine.reporting.reports import (
    INDICATOR_LABELS,
    INDICATORS,
    LINE_MAX,
    LINES_MAX,
    NARRATIVE,
    NARRATIVE_LABELS,
    PARAGRAPHS_MAX,
    TEXT_MAX,
    TITLE_MAX,
    written_count,
)
from engine.reporting.requirements import plan_requirements
from engine.text import fold, nfc

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ARCHIVE_LINE = "Lưu: VT."  # a report's; a plan names its drafting unit too (`archive_line`)
DRAFTING_UNIT = "NV"  # the focal agency (Nội vụ) when it has no abbreviation of its own
_KIND_WORDS = re.compile(r"^kế\s+hoạch(?:\s+|\s*[:\-–]\s*)", re.IGNORECASE)  # "Kế hoạch thực hiện …"
BLANK = "…"  # left for the clerk to write in: the number and the day before issue
CENTRAL_PLACE = "Hà Nội"  # the ministries sit in the capital
# A place named after a person or by a number is written in full ("Thành phố Hồ Chí Minh", "Phường 5").
PLACES_IN_FULL = {"Hồ Chí Minh"}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
_HEADING = re.compile(r"^[IVX]+\.\s")  # "I. MỤC ĐÍCH, YÊU CẦU"
_SUBHEADING = re.compile(r"^\d+(\.\d+)*\.\s")  # "1. Mục đích", "2.1. Đối với cấp huyện"
SUBHEADING_MAX = 100  # longer numbered lines are items of text, not headings
SIGNED_REPORT = RECEIVED | {ObligationStatus.AWAITING_SUBMISSION}  # signed in the current round
# A draft stored before the bounds of engine/reporting/reports.py (or past them) renders no more than they allow,
# so that its page and its PDF cannot stall a worker; what is left out is said, never silently dropped.
CUT_NOTE = "[…] (Phần còn lại vượt quá giới hạn của văn bản, không được hiển thị.)"


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "text"  # "heading" (I. …), "subheading" (1. …) or "text"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Table


@dataclass(frozen=True)
class Document:
    issuer: tuple[str, ...]  # in capitals, bold, a short rule beneath
    number: str  # "Số: 01/KH-UBND", or "Số: …/KH-UBND" before issue
    place_date: str  # italic: "Tứ Kỳ, ngày 05 tháng 3 năm 2024"
    kind: str  # "KẾ HOẠCH", "BÁO CÁO"
    title: str
    body: tuple[Block, ...]
    recipients: tuple[str, ...]  # "- UBND tỉnh;" … "- Lưu: VT."
    signature: tuple[str, ...]  # "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"; empty until signed
    signer: str  # the name under the signature; empty until signed
    is_draft: bool  # not numbered yet
    filename: str  # without extension, ASCII
    urgency_mark: str = ""  # "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC" under the number, in a frame (ô 10b); none if thường
    national_name: str = NATIONAL_NAME
    motto: str = MOTTO


# --- plans ----------------------------------------------------------------------------------------


def plan_document_for(session: Session, user: User, plan_id: int, today: date) -> Document:
    """The plan as a document, if the user may see it."""
    return plan_document(session, require_plan(session, user, plan_id), today)


def plan_document(session: Session, plan: Plan, today: date) -> Document:
    issued_on = plan.issued_date if plan.number is not None else None
    lines = plan.content.get("recipients") or default_lines(session, plan.unit, issued_on or today)
    summary = plan.content.get("summary")
    return _document(plan.unit, "KẾ HOẠCH", plan.doc_type, plan.number_symbol, issued_on, plan.year,
                     title=cut(plain_title(nfc(plan.title or "")), TITLE_MAX),
                     body=parent_blocks(session, plan) + text_blocks(summary) + schedule_blocks(session, plan),
                     recipients=recipient_lines(lines, archive_line(session, plan)), signature=signature_block(plan),
                     draft_id=plan.id, urgency=plan.urgency,
                     issuer=(nfc(plan.issuer_name).upper(),) if plan.issuer_name else None)


def schedule_blocks(session: Session, plan: Plan) -> tuple[Block, ...]:
    """The plan's assignments and what each owes, by when, as the text says it: the table of "Tổ chức thực hiện"
    an office annexes, so that the issued document carries what the system tracks."""
    rows = _schedule_rows(session, plan)[:LINES_MAX]
    if not rows:
        return ()
    numbered = tuple((str(i), f"{who}: {what}" if what else who, due) for i, (who, what, due) in enumerate(rows, 1))
    return (Paragraph("PHÂN CÔNG VÀ THỜI HẠN", "heading"),
            Table(("TT", "Đơn vị thực hiện, nội dung", "Thời hạn"), numbered))


def _schedule_rows(session: Session, plan: Plan) -> list[tuple[str, str, str]]:
    assignees = {a.id: _assignee(a) for a in assignments_of(session, plan.id)}
    rows: dict[tuple, tuple[str, str, str]] = {}  # a recurring report's periods share one phrase: one row
    for r in plan_requirements(session, plan.id):
        if r.request_of_id is not None:
            continue  # a request sent later is not part of the plan's text
        who = assignees[r.assignment_id] if r.assignment_id is not None else nfc(r.reporters)
        what = nfc(r.description or KIND_LABELS[ReportKind(r.kind)])
        rows.setdefault((who, what, r.due_text), (cut(who, LINE_MAX), cut(what, LINE_MAX),
                                                  cut(nfc(r.due_text or BLANK), LINE_MAX)))
    owing = {key[0] for key in rows}
    return [*rows.values(), *((cut(a, LINE_MAX), "", "") for a in assignees.values() if a not in owing)]


def _assignee(assignment: Assignment) -> str:
    role = "chủ trì" if assignment.lead else "phối hợp"
    tasks = "; ".join(nfc(t) for t in assignment.responsibilities or [])
    return f"{nfc(assignment.line)} ({role}{', ' + tasks if tasks else ''})"


def plain_title(title: str) -> str:
    """The trích yếu under "KẾ HOẠCH" without a second "Kế hoạch": "Kế hoạch thực hiện …" → "Thực hiện …"."""
    found = _KIND_WORDS.match(title)
    rest = title[found.end():].strip() if found else ""
    return rest[:1].upper() + rest[1:] if rest else title


def archive_line(session: Session, plan: Plan) -> str:
    """The plan's own archive line as a Nơi nhận item ("Lưu: VT, NV."), else the records office and the drafting
    unit: the focal agency's abbreviation (an agency's own), or NV."""
    if plan.archive_line and plan.archive_line.strip():
        return written_archive_line(plan.archive_line)
    unit = plan.unit if plan.unit.level == "agency" else focal_agency(session, plan.unit_id)
    return f"Lưu: VT, {unit.abbreviation if unit is not None and unit.abbreviation else DRAFTING_UNIT}."


def written_archive_line(text: str) -> str:
    """'VT, NV' → 'Lưu: VT, NV.'; '- Lưu: VT, TH;' → 'Lưu: VT, TH.'."""
    line = " ".join(nfc(text).split()).lstrip("-–• ").rstrip(";.,: ")
    if not fold(line).startswith("lưu"):
        line = f"Lưu: {line}"
    return cut(line, LINE_MAX) + "."


def parent_blocks(session: Session, plan: Plan) -> tuple[Paragraph, ...]:
    """'Thực hiện Kế hoạch số 39/KH-UBND ngày 10/3/2025 của UBND tỉnh …': the parents the content does not cite."""
    summary = plan.content.get("summary")
    cited = {(c.number_symbol.number, fold(c.number_symbol.symbol))
             for c in find_citations(nfc(summary[:TEXT_MAX]))} if isinstance(summary, str) else set()
    citations = [reference_citation(ref.doc_type, ref.number_symbol, ref.issued_on, ref.issuer)
                 for ref in references_of(session, plan.id, "parent")
                 if (ref.number, fold(ref.symbol or "")) not in cited]
    return (Paragraph(f"Thực hiện {'; '.join(citations)}."),) if citations else ()


# --- reports --------------------------------------------------------------------------------------


def report_document_for(session: Session, user: User, obligation_id: int) -> Document:
    """The report as a document, if the user may see it."""
    obligation = require_obligation(session, user, obligation_id)
    return report_document(session, obligation)


def report_document(session: Session, obligation: Obligation) -> Document:
    plan = session.get(Plan, obligation.plan_id)
    requirement = session.get(ReportingRequirement, obligation.requirement_id)
    sent = obligation.resubmitted_at or obligation.submitted_at
    issued_on = sent.date() if sent and obligation.status in RECEIVED else None
    signer = obligation.content.get("signer") or {}
    signed_by = signing_unit(session, obligation)
    signature = unit_signature(signed_by, signer.get("role"), signer.get("name")) \
        if obligation.status in SIGNED_REPORT else []
    receiver = obligation.receiving_unit.committee_name
    via = requirement.via if requirement else None
    return _document(obligation.reporting_unit, "BÁO CÁO", "BC", obligation.number_symbol, issued_on, obligation.year,
                     title=report_title(obligation, plan), body=report_blocks(obligation.content),
                     recipients=recipient_lines([f"{receiver} ({via})" if via else receiver]), signature=signature,
                     draft_id=obligation.id, urgency=obligation.urgency)


def report_title(obligation: Obligation, plan: Plan | None) -> str:
    """'Sơ kết 6 tháng năm 2024 thực hiện Kế hoạch số 01/KH-UBND ngày 05 tháng 3 năm 2024 của UBND huyện
    Tứ Kỳ': the period as the register names it, without the "Báo cáo" the kind line already says."""
    period = KIND_LABELS[ReportKind(obligation.kind)].removeprefix("Báo cáo ").removesuffix(" năm")
    title = f"{period[:1].upper()}{period[1:]} năm {obligation.year}"
    if plan is not None and plan.number is not None and plan.issued_date is not None:
        title += (f" thực hiện Kế hoạch số {plan.number_symbol} {written_date(plan.issued_date)}"
                  f" của {plan.unit.committee_name}")
    return title


def report_blocks(content: dict) -> tuple[Block, ...]:
    """Numbered sections for the narrative the report has; figures under the results."""
    chars, paragraphs = TEXT_MAX, PARAGRAPHS_MAX  # the sections share the bounds of one text
    sections: list[tuple[str, list[Block]]] = []
    for key in NARRATIVE:
        text = text_blocks(content.get(key), chars, paragraphs)
        chars -= sum(len(p.text) for p in text)
        paragraphs -= len(text)
        sections.append((NARRATIVE_LABELS[key], [*text, *(_figures(content) if key == "results" else [])]))
    sections.append(("Kết quả chấm điểm, xếp loại", _scores(content)))
    blocks: list[Block] = []
    for number, (label, section) in zip(ROMAN, [s for s in sections if s[1]], strict=False):
        blocks += [Paragraph(f"{number}. {label.upper()}", "heading"), *section]
    return tuple(blocks)


def _figures(content: dict) -> list[Block]:
    indicators = content.get("indicators")
    indicators = indicators if isinstance(indicators, dict) else {}
    rows = tuple((str(i), INDICATOR_LABELS[name], _figure(indicators[name]))
                 for i, name in enumerate((n for n in INDICATORS if indicators.get(n) is not None), start=1))
    blocks: list[Block] = [Table(("TT", "Chỉ tiêu", "Kết quả"), rows)] if rows else []
    for key, label in (("late_units", "Đơn vị nộp trễ hạn"), ("missing_units", "Đơn vị chưa nộp")):
        names = bounded(content.get(key))
        if names:
            blocks.append(Paragraph(f"{label}: {', '.join(names)}."))
    return blocks


def _figure(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() < 64:
        return str(value)
    return BLANK  # only an indicator stored before the form required a whole number


def cut(text: str, limit: int) -> str:
    """The text, or its first `limit` characters ending in '…'."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def bounded(lines: object) -> list[str]:
    """A stored list of lines as a document shows it: LINES_MAX lines at most, each LINE_MAX characters at most,
    and a last line saying how many were left out."""
    if not isinstance(lines, list):
        return []
    shown = [cut(str(line), LINE_MAX) for line in lines[:LINES_MAX]]
    if len(lines) > LINES_MAX:
        shown.append(f"… (còn {written_count(len(lines) - LINES_MAX)} dòng vượt quá giới hạn {LINES_MAX} dòng, "
                     "không được hiển thị)")
    return shown


def _scores(content: dict) -> list[Block]:
    lines = (("self_total", "Tổng điểm tự chấm: {} điểm."), ("total", "Tổng điểm sau thẩm định: {} điểm."),
             ("classification", "Xếp loại: {}."))
    return [Paragraph(text.format(content[key])) for key, text in lines if content.get(key) is not None]


# --- the parts every document shares ------------------------------------------------------------


def _document(unit: Unit, kind: str, doc_type: str, symbol: str | None, issued_on: date | None, year: int, *,
              title: str, body: tuple[Block, ...], recipients: tuple[str, ...], signature: list[str],
              draft_id: int, urgency: str, issuer: tuple[str, ...] | None = None) -> Document:
    """The parts a plan and a report share: numbered and dated once issued, blank for the clerk before."""
    if symbol is None or issued_on is None:
        number, day, filename = f"Số: {BLANK}/{doc_type}-UBND", None, f"{doc_type}-du-thao-{draft_id}"
    else:
        number, day, filename = f"Số: {symbol}", issued_on, f"{symbol.replace('/', '-')}-{issued_on.year}-{unit.code}"
    return Document(
        issuer=issuer or issuer_lines(unit), number=number, place_date=place_date(unit, day, year), kind=kind,
        title=title, body=body, recipients=recipients, signature=tuple(signature[:-1]),
        signer=signature[-1] if signature else "", is_draft=day is None, filename=filename,
        urgency_mark=urgency_mark(urgency),
    )


def urgency_mark(urgency: str) -> str:
    """The urgency stamp as Nghị định 30 prints it (capitals: "HỎA TỐC"); a normal document has none."""
    level = Urgency(urgency)
    return "" if level == Urgency.NORMAL else URGENCY_LABELS[level].upper()


def issuer_lines(unit: Unit) -> tuple[str, ...]:
    """'Huyện Tứ Kỳ' → ('ỦY BAN NHÂN DÂN', 'HUYỆN TỨ KỲ'). A People's Committee has no superior body
    line above its name: that line is for a body under a 'cơ quan chủ quản' (Phụ lục I, "nếu có")."""
    if unit.level == "central":
        return (unit.name.upper(),)
    if unit.level == "agency" and unit.parent is not None:  # its committee is the body above it (cơ quan chủ quản)
        return (f"ỦY BAN NHÂN DÂN {nfc(unit.parent.name).upper()}", _agency_name(unit).upper())
    return ("ỦY BAN NHÂN DÂN", nfc(unit.name).upper())


def _agency_name(unit: Unit) -> str:
    """'Phòng Tư pháp huyện Tứ Kỳ' under UBND huyện Tứ Kỳ reads 'Phòng Tư pháp' in the header."""
    assert unit.parent is not None
    suffix = " " + unit.parent.name[:1].lower() + unit.parent.name[1:]
    return nfc(unit.name).removesuffix(suffix)


def place_name(unit: Unit) -> str:
    """The place of issue: the unit's name without its kind ('Tứ Kỳ'), in full when that is a number
    or a person's name ('Phường 5', 'Thành phố Hồ Chí Minh')."""
    if unit.level == "central":
        return CENTRAL_PLACE
    if unit.level == "agency" and unit.parent is not None:  # an agency issues where its committee sits
        return place_name(unit.parent)
    name = short_name(unit.name)
    return unit.name if name.isdigit() or name in PLACES_IN_FULL else name


def written_date(day: date) -> str:
    """'ngày 05 tháng 3 năm 2024': days below 10 and the months 1 and 2 take a leading zero
    (Nghị định 30, Phụ lục I), so that no digit can be put in front later."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(unit: Unit, day: date | None, year: int) -> str:
    """The place and date line; before issue the day and month stay blank for the clerk."""
    written = written_date(day) if day else f"ngày {BLANK} tháng {BLANK} năm {year}"
    return f"{place_name(unit)}, {written}"


def text_blocks(text: object, chars: int = TEXT_MAX, paragraphs: int = PARAGRAPHS_MAX) -> tuple[Paragraph, ...]:
    """One paragraph per written line; numbered headings as written ("I. …" and short "1. …").
    At most `chars` characters in `paragraphs` paragraphs, then CUT_NOTE (a draft stored before the bounds)."""
    if not isinstance(text, str):
        return ()
    written = (line for line in (raw.strip() for raw in nfc(text[:max(chars, 0)]).splitlines()) if line)
    blocks = tuple(Paragraph(line, _style(line)) for line in islice(written, max(paragraphs, 0)))
    if len(text) > chars or next(written, None) is not None:
        blocks += (Paragraph(CUT_NOTE),)
    return blocks


def _style(line: str) -> str:
    if _HEADING.match(line):
        return "heading"
    if _SUBHEADING.match(line) and len(line) <= SUBHEADING_MAX and not line.endswith((".", ";")):
        return "subheading"
    return "text"


def recipient_lines(lines: list[str], archive: str = ARCHIVE_LINE) -> tuple[str, ...]:
    """'- UBND tỉnh;' per recipient and the archive line ('- Lưu: VT.') last, whatever punctuation the lines were
    typed with."""
    names = [nfc(line).strip().lstrip("-–• ").rstrip(";.,: ") for line in bounded(lines)]
    return tuple(f"- {name};" for name in names if name) + (f"- {archive}",)
