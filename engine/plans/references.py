"""The documents a plan cites — the parents it implements and its legal bases — and plans issued outside planflow.

A plan opens with "Thực hiện Kế hoạch số 39/KH-UBND ngày 10/3/2025 của UBND tỉnh …": each cited document is a
DocumentReference kept as written (the citation) beside what was read from it (type, number and symbol, date,
issuer, title). Numbers and symbols come in the State style `09/KH-UBND` and the Party style `1043-KH/BCSĐ`; both,
and their noisy variants, are read by engine.reading.citations alone (one rule in one place). A citation that names
a plan known to planflow — issued here, or recorded as issued elsewhere (`record_external_plan`) — is linked to it.

A plan issued in another system (the province's e-office, a Party committee) is recorded so that children can be
drafted against it: origin "external", issued, with its number as it was given, no lifecycle and no obligations.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import iso
from engine.context import Ctx
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound
from engine.models import DocumentReference, IncomingEntry, Plan, PlanStatus, Unit, User
from engine.org.register import record_number, register_incoming
from engine.org.roles import Role
from engine.reading.citations import NumberSymbol, find_citations, parse_number_symbol
from engine.reporting.reports import LINE_MAX, TITLE_MAX
from engine.text import clean, fold

RELATIONS = {"parent": "Văn bản cấp trên", "legal_basis": "Căn cứ"}
REFERENCES_MAX = 30  # a plan cites a handful; seed 000 cites three parents
ITEM_FIELDS = {"citation", "doc_type", "number_symbol", "date", "issuer", "title"}
# The widths of the columns (engine/models/plan.py), and what an issuer's name may take.
DOC_TYPE_MAX, NUMBER_SYMBOL_MAX, ISSUER_MAX, REGISTER_NAME_MAX = 60, 80, 300, 120
PLANNERS = {Role.OFFICER, Role.HEAD, Role.CHAIR, Role.VICE_CHAIR}
LINKABLE = {PlanStatus.ISSUED, PlanStatus.CLOSED}
# The kinds of document a symbol names, as a citation writes them out.
DOC_TYPE_NAMES = {"KH": "Kế hoạch", "QĐ": "Quyết định", "CT": "Chỉ thị", "KL": "Kết luận", "NQ": "Nghị quyết",
                  "BC": "Báo cáo", "TTr": "Tờ trình", "TB": "Thông báo", "HD": "Hướng dẫn", "CV": "Công văn",
                  "QC": "Quy chế", "CTr": "Chương trình"}
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class ReferenceView(TypedDict):
    relation: str
    citation: str
    doc_type: str | None
    number_symbol: str | None
    issued_on: str | None
    issuer: str | None
    title: str | None
    referenced_plan_id: int | None


# --- a plan's references -------------------------------------------------------------------------


def set_references(ctx: Ctx, plan: Plan, items: list[dict], relation: str) -> list[DocumentReference]:
    """Replace the plan's parents (relation "parent") or legal bases ("legal_basis") with these; every item is
    checked before anything changes, so a refusal stores nothing."""
    if relation not in RELATIONS:
        raise InvalidInput(f"Loại trích dẫn '{str(relation)[:40]}' không được hỗ trợ (chỉ 'parent' hoặc "
                           "'legal_basis').", {"relation": "không hợp lệ"})
    label = RELATIONS[relation]
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise InvalidInput(f"'{label}' phải là danh sách các văn bản.", {relation: "phải là danh sách"})
    if len(items) > REFERENCES_MAX:
        raise InvalidInput(f"'{label}' có {len(items)} văn bản, vượt giới hạn {REFERENCES_MAX} văn bản.",
                           {relation: f"tối đa {REFERENCES_MAX} văn bản"})
    rows = [_reference(ctx.session, plan, relation, position, item)
            for position, item in enumerate(items, start=1)]
    for old in ctx.session.scalars(select(DocumentReference).where(
            DocumentReference.plan_id == plan.id, DocumentReference.relation == relation)):
        ctx.session.delete(old)
    ctx.session.add_all(rows)
    ctx.session.flush()
    return rows


def add_parent_reference(ctx: Ctx, child: Plan, parent: Plan) -> DocumentReference:
    """The parent a child plan was drafted against, cited the way the child's opening line cites it."""
    position = len(references_of(ctx.session, child.id, "parent")) + 1
    row = DocumentReference(plan_id=child.id, relation="parent", position=position, citation=plan_citation(parent),
                            doc_type=parent.doc_type, number=parent.number, symbol=_symbol_of(parent),
                            number_symbol=parent.number_symbol, number_style=parent.number_style or "state",
                            issued_on=parent.issued_date, issuer=issuer_of(parent), title=parent.title,
                            referenced_plan_id=parent.id)
    ctx.session.add(row)
    ctx.session.flush()
    return row


def references_of(session: Session, plan_id: int, relation: str | None = None) -> list[DocumentReference]:
    query = select(DocumentReference).where(DocumentReference.plan_id == plan_id)
    if relation is not None:
        query = query.where(DocumentReference.relation == relation)
    return list(session.scalars(query.order_by(DocumentReference.relation, DocumentReference.position)))


def reference_view(row: DocumentReference) -> ReferenceView:
    return {"relation": row.relation, "citation": row.citation, "doc_type": row.doc_type,
            "number_symbol": row.number_symbol, "issued_on": iso(row.issued_on), "issuer": row.issuer,
            "title": row.title, "referenced_plan_id": row.referenced_plan_id}


def _reference(session: Session, plan: Plan, relation: str, position: int, item: dict) -> DocumentReference:
    """One item, read and bounded: what it says outright wins over what its citation says."""
    where = f"{RELATIONS[relation]} thứ {position}"
    unknown = sorted(set(item) - ITEM_FIELDS)
    if unknown:
        raise InvalidInput(f"{where}: trường '{str(unknown[0])[:40]}' không được hỗ trợ.", {relation: "trường lạ"})
    citation = _text(item.get("citation"), where, "Trích dẫn", LINE_MAX, relation)
    if not citation:
        raise InvalidInput(f"{where}: cần ghi trích dẫn như văn bản viết (ví dụ: 'Kế hoạch số 39/KH-UBND ngày "
                           "10/3/2025 của UBND tỉnh').", {relation: "cần trích dẫn"})
    read = _read_citation(citation)
    written = _text(item.get("number_symbol"), where, "Số, ký hiệu", NUMBER_SYMBOL_MAX, relation)
    number = _number_symbol(written, where, relation) if written else read.get("number_symbol")
    doc_type = _text(item.get("doc_type"), where, "Loại văn bản", DOC_TYPE_MAX, relation) \
        or read.get("doc_type") or (_doc_type_of(number) if number else None)
    issued_on = parse_day(item.get("date"), where, relation) if item.get("date") else read.get("date")
    issuer = _text(item.get("issuer"), where, "Cơ quan ban hành", ISSUER_MAX, relation) or read.get("issuer")
    title = _text(item.get("title"), where, "Trích yếu", TITLE_MAX, relation) or read.get("title")
    linked = find_plan(session, number, issued_on.year if issued_on else None, issuer) if number else None
    return DocumentReference(
        plan_id=plan.id, relation=relation, position=position, citation=citation, doc_type=doc_type,
        number=number.number if number else None, symbol=number.symbol if number else None,
        number_symbol=number.normalised if number else None, number_style=number.style if number else None,
        issued_on=issued_on, issuer=issuer, title=title,
        referenced_plan_id=linked.id if linked is not None and linked.id != plan.id else None)


def _read_citation(citation: str) -> dict:
    """What the citation says of the document (engine.reading): its type, number and symbol, date and issuer;
    a citation that is only a number ("Số: 09 /KH-UBND") gives that alone."""
    found = next(find_citations(citation), None)
    if found is None:
        number = parse_number_symbol(citation)
        return {"number_symbol": number} if number is not None and number.number is not None else {}
    read: dict[str, Any] = {"doc_type": found.doc_type, "issuer": found.issuer,
            "date": found.date.value if found.date is not None else None}
    if found.number_symbol.number is not None:
        read["number_symbol"] = found.number_symbol
    return {key: value for key, value in read.items() if value}


def _text(value: object, where: str, label: str, limit: int, field: str) -> str | None:
    """Text as given, NFC, without control characters, within its bound; None when absent or blank."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{where}: '{label}' phải là văn bản.", {field: f"'{label}' phải là văn bản"})
    text = " ".join(clean(value, field).split())
    if len(text) > limit:
        raise InvalidInput(f"{where}: '{label}' dài {len(text)} ký tự, vượt giới hạn {limit} ký tự.",
                           {field: f"'{label}' tối đa {limit} ký tự"})
    return text or None


def _number_symbol(text: str, where: str, field: str) -> NumberSymbol:
    parsed = parse_number_symbol(text)
    if parsed is None or parsed.number is None:
        raise InvalidInput(f"{where}: không đọc được số, ký hiệu '{text[:40]}'; hãy viết như '09/KH-UBND' (văn bản "
                           "nhà nước) hoặc '1043-KH/BCSĐ' (văn bản của Đảng).", {field: "số, ký hiệu không hợp lệ"})
    return parsed


def parse_day(value: object, where: str, field: str) -> date:
    """A date written 'YYYY-MM-DD' or 'dd/mm/yyyy' (as a citation writes it)."""
    text = value.strip() if isinstance(value, str) else ""
    try:
        found = _DMY.match(text)
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{where}: ngày '{str(value)[:40]}' không hợp lệ; hãy viết dạng dd/mm/yyyy hoặc "
                           "YYYY-MM-DD.", {field: "ngày không hợp lệ"}) from None


def _doc_type_of(number: NumberSymbol) -> str:
    """The kind of document a symbol names: 'KH' of 'KH-UBND' and of 'KH/BCSĐ'."""
    return re.split(r"[-/]", number.symbol, maxsplit=1)[0]


# --- finding a cited plan -------------------------------------------------------------------------


def find_plan(session: Session, number: NumberSymbol, year: int | None, issuer: str | None) -> Plan | None:
    """The plan of planflow a citation names: same number and symbol, issued that year, by that issuer. Linked
    only when exactly one plan fits and the citation says its year or its issuer: a bare number is not enough."""
    if year is None and not issuer:
        return None
    candidates = [plan for plan in session.scalars(select(Plan).where(
        Plan.number == number.number, Plan.status.in_(LINKABLE)))
        if _same_number(plan, number) and (year is None or _issue_year(plan) == year)
        and (not issuer or _same_issuer(plan, issuer))]
    return candidates[0] if len(candidates) == 1 else None


def _same_number(plan: Plan, number: NumberSymbol) -> bool:
    """Same number, symbol and style: '9/KH-UBND' as a citation writes it is the plan numbered '09/KH-UBND'."""
    own = parse_number_symbol(plan.number_symbol or "")
    return own is not None and _number_key(own) == _number_key(number)


def _number_key(number: NumberSymbol) -> tuple[int | None, str, str]:
    return number.number, fold(number.symbol), number.style


def _issue_year(plan: Plan) -> int:
    return plan.issued_date.year if plan.issued_date else plan.year


def _issuer_key(text: str) -> str:
    """'Ủy ban nhân dân tỉnh Hà Giang', 'UBND tỉnh Hà Giang' and 'Uỷ ban …' compare equal."""
    return fold(text).replace("uỷ", "ủy").replace("ủy ban nhân dân", "ubnd")


def _same_issuer(plan: Plan, issuer: str) -> bool:
    wanted = _issuer_key(issuer)
    names = [plan.unit.committee_name, plan.unit.name, plan.issuer_name or ""]
    return any(name and _issuer_key(name) == wanted for name in names)


def issuer_of(plan: Plan) -> str:
    """Who issued a plan, as a citation names it: the issuer as written for a body outside planflow."""
    return plan.issuer_name or plan.unit.committee_name


def _symbol_of(plan: Plan) -> str:
    return plan.symbol or f"{plan.doc_type}-UBND"


def cited_date(day: date) -> str:
    """'07/01/2022', '15/3/2023': the day and the months 1 and 2 with a leading zero, as Nghị định 30 writes."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def doc_type_name(doc_type: str | None) -> str:
    """'KH' → 'Kế hoạch'; a type already written out stays as written."""
    if not doc_type:
        return "Văn bản"
    return DOC_TYPE_NAMES.get(doc_type, doc_type[:1].upper() + doc_type[1:])


def plan_citation(plan: Plan) -> str:
    """'Kế hoạch số 39/KH-UBND ngày 10/3/2025 của UBND tỉnh Hải Dương'."""
    return reference_citation(plan.doc_type, plan.number_symbol, plan.issued_date, issuer_of(plan))


def reference_citation(doc_type: str | None, number_symbol: str | None, issued_on: date | None,
                       issuer: str | None) -> str:
    parts = [doc_type_name(doc_type)]
    if number_symbol:
        parts.append(f"số {number_symbol}")
    if issued_on:
        parts.append(f"ngày {cited_date(issued_on)}")
    if issuer:
        parts.append(f"của {issuer}")
    return " ".join(parts)


# --- plans issued outside planflow ---------------------------------------------------------------


def record_external_plan(ctx: Ctx, user: User, *, unit_code: str | None, number_symbol: str, issued_on: date,
                         title: str, issuer_name: str | None = None, numbered_in: str | None = None) -> Plan:
    """Record a plan issued outside planflow, at its issuing committee if that is in planflow, else at the
    recording user's superior committee with the issuer kept as written. It is issued as given: its number and
    symbol in their style, no lifecycle, no obligations (callers set its requirements and assignments). The
    recording committee enters it in its incoming register when it is not the issuer itself."""
    ctx.act_as(user)
    where = "Kế hoạch ban hành ngoài hệ thống"
    number = _number_symbol(_text(number_symbol, where, "Số, ký hiệu", NUMBER_SYMBOL_MAX, "number") or "",
                            where, "number")
    written_title = _text(title, where, "Trích yếu", TITLE_MAX, "title")
    if not written_title:
        raise InvalidInput("Cần nhập 'Trích yếu' của kế hoạch.", {"title": "cần nhập 'Trích yếu'"})
    issuer_written = _text(issuer_name, where, "Cơ quan ban hành", ISSUER_MAX, "issuer")
    register_name = _text(numbered_in, where, "Sổ đã cấp số", REGISTER_NAME_MAX, "numbered_in")
    if issued_on > ctx.clock.today():
        raise InvalidInput(f"Ngày ban hành {issued_on:%d/%m/%Y} chưa đến.", {"date": "ngày chưa đến"})
    issuer = _issuing_unit(ctx.session, unit_code, issued_on)
    recording = _recording_committee(ctx.session, user, issuer, issued_on)
    if issuer is None and not issuer_written:
        raise InvalidInput(f"Không có đơn vị mã '{str(unit_code)[:40]}' trong hệ thống: hãy ghi tên cơ quan ban "
                           "hành (issuer).", {"issuer": "cần tên cơ quan ban hành"})
    at = issuer if issuer is not None else (_superior(ctx.session, recording) or recording)
    _refuse_duplicate(ctx.session, at, number, issued_on.year)
    plan = Plan(unit_id=at.id, year=issued_on.year, status=PlanStatus.ISSUED, title=written_title, content={},
                doc_type=_doc_type_of(number), number=number.number, symbol=number.symbol,
                number_style=number.style, numbered_in=register_name, issuer_name=issuer_written,
                issued_date=issued_on, origin="external", created_at=ctx.now())
    ctx.session.add(plan)
    ctx.session.flush()
    if issuer is not None and number.style == "state" and number.number is not None \
            and number.symbol.endswith("-UBND"):  # the committee's own outgoing number: planflow must not give it
        record_number(ctx.session, at.id, plan.doc_type, issued_on, written_title, number.number, plan.id,
                      register_name)
    incoming = None
    if recording.id != at.id or issuer is None:
        incoming = receive_plan(ctx, plan, recording.id)
    ctx.audit("record_external", plan_id=plan.id, details={
        "number": plan.number_symbol, "unit": at.code, "issuer": issuer_of(plan), "incoming_number": incoming})
    return plan


def receive_plan(ctx: Ctx, plan: Plan, unit_id: int, recipient_id: int | None = None) -> int:
    """Enter a plan in a unit's incoming register, once: a unit that already registered it (recording it as
    an external plan, then its clerk receiving it for a child plan) keeps its first số đến."""
    known = ctx.session.scalar(select(IncomingEntry.number).where(
        IncomingEntry.unit_id == unit_id, IncomingEntry.plan_id == plan.id).order_by(IncomingEntry.received_at))
    if known is not None:
        return int(known)
    return register_incoming(
        ctx.session, unit_id, ctx.clock.today(), sender=issuer_of(plan), doc_type=plan.doc_type,
        number_symbol=plan.number_symbol, issued_on=plan.issued_date, title=plan.title, plan_id=plan.id,
        recipient_id=recipient_id, received_by=ctx.actor.username if ctx.actor else "system", received_at=ctx.now())


def _issuing_unit(session: Session, code: str | None, on: date) -> Unit | None:
    """The committee with this code on the issue date; None when planflow has no such code at all."""
    if not code or not code.strip():
        return None
    units = session.scalars(select(Unit).where(Unit.code == clean(code.strip(), "unit"), Unit.level != "agency")).all()
    if not units:
        return None
    valid = [unit for unit in units if unit.is_valid_on(on)]
    if not valid:
        raise NotFound(f"Đơn vị '{code[:40]}' không có hiệu lực vào ngày {on:%d/%m/%Y} (ngày ban hành).")
    return valid[0]


def _recording_committee(session: Session, user: User, issuer: Unit | None, on: date) -> Unit:
    """The committee the user plans for that records the plan: the issuer itself or one under it."""
    committees = sorted({a.committee_id for a in user.roles if a.role in PLANNERS})
    for committee_id in committees:
        unit = session.get(Unit, committee_id)
        if unit is not None and (issuer is None or is_within(session, unit, issuer)):
            return unit
    where = issuer.committee_name if issuer is not None else "đơn vị nào"
    raise Forbidden(f"Bạn không có vai trò lập kế hoạch tại {where} hay đơn vị cấp dưới của nó, nên không thể ghi "
                    "nhận kế hoạch này.")


def is_within(session: Session, unit: Unit, ancestor: Unit) -> bool:
    """The unit is the ancestor or sits under it (a few levels at most: central, province, district, commune)."""
    current: Unit | None = unit
    for _ in range(8):
        if current is None:
            return False
        if current.id == ancestor.id:
            return True
        current = session.get(Unit, current.parent_id) if current.parent_id else None
    return False


def _superior(session: Session, unit: Unit) -> Unit | None:
    return session.get(Unit, unit.parent_id) if unit.parent_id else None


def _refuse_duplicate(session: Session, unit: Unit, number: NumberSymbol, year: int) -> None:
    for plan in session.scalars(select(Plan).where(Plan.unit_id == unit.id, Plan.number == number.number)):
        if _issue_year(plan) == year and _same_number(plan, number):
            raise Conflict(f"Kế hoạch số {number.normalised} năm {year} của {issuer_of(plan)} đã có trong hệ thống "
                           f"(kế hoạch #{plan.id}).")
