"""A plan from its text, reviewed by an officer (docs/import.md, "Trong trình duyệt").

engine.reading extracts every item of an uploaded plan with the line it came from; the officer confirms, corrects or
leaves out each item on a review page, then chooses one of two outcomes:

- `record_parent`: the text is a superior's plan issued outside planflow. It is recorded as issued (its number as
  written, State or Party style), with its parents and legal bases as references, its deadlines as requirements and
  its "Tổ chức thực hiện" as assignments, so that a child plan drafted against it (`start_child`) starts with the
  parent's deadlines tightened and the units it names.
- `draft_from_text`: the text becomes a draft at the officer's own unit: title, recipients, references, requirements
  and assignments set, and the open draft form prefilled with them.

The review travels in the form itself, not on the server: `review_of` builds it from the reader's output and
`review_from_form` from what was posted, so a refused submission is shown again exactly as typed. Each outcome runs
in the caller's unit of work and checks everything before it returns: a refusal rolls everything back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn.projection import refresh_prefill
from engine.bpmn.runtime import set_waiting_data
from engine.context import Ctx
from engine.errors import Forbidden, InvalidInput, NotFound
from engine.models import KIND_LABELS, Plan, PlanStatus, ProcessInstance, ReportKind, Unit, User
from engine.org.access import require_plan
from engine.org.recipients import resolve
from engine.org.roles import Role
from engine.org.units import acting_roles, get_unit
from engine.plans import references
from engine.plans.lifecycle import PLANNERS, plan_by_id, start_plan
from engine.reading.citations import parse_number_symbol
from engine.reading.phrases import read_deadline
from engine.reporting.assignments import draft_defaults, set_assignments
from engine.reporting.requirements import set_requirements
from engine.text import clean

EXTERNAL, DRAFT = "external", "draft"
OUTCOMES = {EXTERNAL: "Lưu làm kế hoạch cấp trên (văn bản ngoài hệ thống)", DRAFT: "Tạo dự thảo kế hoạch từ văn bản"}
# The review's groups and the fields of each item, in the order the page shows them.
GROUPS: dict[str, tuple[str, ...]] = {
    "parents": ("citation", "number_symbol", "date", "issuer"),
    "legal_bases": ("citation", "number_symbol", "date", "issuer"),
    "assignments": ("agency", "lead", "responsibilities"),
    "deadlines": ("phrase", "kind", "from", "to", "via", "condition"),
    "recipients": ("line",),
}
DOCUMENT = ("issuer", "number_symbol", "place", "date", "year", "title", "archive", "signature_heading",
            "signer_title", "signer_name")
CHECKBOXES = {"lead"}
# record_external_plan's field names → the review's.
_RECORD_FIELDS = {"number": "doc-number_symbol", "date": "doc-date", "title": "doc-title", "issuer": "doc-issuer"}
ITEMS_MAX = 60  # per group: a plan cites a few dozen documents and assigns a few dozen agencies at most
FIELD_MAX = 4000
LONG_FIELD_MAX = 40 * 4000  # an assignment's responsibilities, one per line (engine/reporting/assignments.py)
# The reader's kinds of deadline (engine/reading/obligations.py) → ours; "" lets the phrase decide (periods it names,
# or a report on request). A kind not listed is something owed by a date: a deliverable.
KINDS = {"subordinate_plans_due": ReportKind.SUB_PLAN, "six_month_report": ReportKind.SIX_MONTH,
         "annual_report": ReportKind.ANNUAL, "dan_van_kheo_registration": ReportKind.DAN_VAN_KHEO,
         "scoring": ReportKind.SCORING, "scoring_results_due": ReportKind.SCORING,
         "summary_report_to_ministry": ReportKind.SUMMARY, "quarterly_report": ReportKind.QUARTERLY,
         "monthly_report": ReportKind.MONTHLY, "dan_van_kheo_results_on_request": "",
         "periodic_reports_undated": ""}
KIND_CHOICES = {"": "Theo cụm từ hạn (kỳ báo cáo hoặc khi có yêu cầu)", **{str(k): v for k, v in KIND_LABELS.items()}}


@dataclass
class Source:
    """The line of the uploaded text an item was read from (1-based) and that line as normalised."""

    line: int | None
    text: str


@dataclass
class Item:
    """One extracted item as the officer sees it: its fields (text), whether it is kept, and where it came from."""

    fields: dict[str, str]
    keep: bool = True
    source: Source | None = None


@dataclass
class Review:
    document: dict[str, Item]
    groups: dict[str, list[Item]]
    notes: dict[str, str] = field(default_factory=dict)  # "assignments-3" → why an item was left unticked


@dataclass(frozen=True)
class ImportChoice:
    """What the officer chose: the outcome, the committee (the issuer of an external parent, or the officer's own
    unit for a draft) and, for a draft, the plan of planflow it implements."""

    outcome: str
    unit_code: str | None = None
    parent_plan_id: int | None = None


# --- the review, from the reader and from the form ------------------------------------------------


def review_of(reading: dict[str, Any]) -> Review:
    """The reader's output (engine.reading.read_plan) as review items, each beside its source line."""
    return Review(document=_document(reading), groups={
        "parents": [_reference(p, p.get("number_symbol"), p.get("issuer")) for p in reading.get("parent_plans", [])],
        "legal_bases": [_reference(b, b.get("number_symbol"), b.get("issuer_raw"))
                        for b in reading.get("legal_bases", [])],
        "assignments": [_assignment(a) for a in reading.get("assignments", [])],
        "deadlines": [_deadline(d) for d in reading.get("deadlines", [])],
        "recipients": _recipients(reading.get("recipients")),
    })


def _source(value: object) -> Source | None:
    if not isinstance(value, dict):
        return None
    line = value.get("line")
    return Source(line if isinstance(line, int) else None, str(value.get("text") or ""))


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _day(iso: object) -> str:
    """'2021-02-05' → '05/02/2021', as plans and officers write dates."""
    try:
        return f"{date.fromisoformat(str(iso)):%d/%m/%Y}" if iso else ""
    except ValueError:
        return ""


def _document(reading: dict[str, Any]) -> dict[str, Item]:
    issuer = reading.get("issuing_body") or {}
    number = reading.get("number_symbol") or {}
    place = reading.get("place_date") or {}
    signature = reading.get("signature") or {}
    archive = (reading.get("recipients") or {}).get("archive") or {}
    heading = " ".join(p for p in (signature.get("authority_marker"), signature.get("on_behalf_of")) if p)
    if signature.get("collective_marker") and signature.get("authority_marker") == "KT.":
        heading = f"{signature['collective_marker']} {signature.get('collective') or ''}".strip()
    normalised = _text(number.get("normalized")).removeprefix("Số:").strip()
    items = {
        "issuer": Item({"value": _text(issuer.get("name"))}, source=_source(issuer.get("source"))),
        "number_symbol": Item({"value": normalised}, source=_source(number.get("source"))),
        "place": Item({"value": _text(place.get("place"))}, source=_source(place.get("source"))),
        "date": Item({"value": _day(place.get("date"))}, source=_source(place.get("source"))),
        "year": Item({"value": _text(reading.get("plan_year"))}, source=_source(reading.get("title_source"))),
        "title": Item({"value": _text(reading.get("title"))}, source=_source(reading.get("title_source"))),
        "archive": Item({"value": _text(archive.get("raw"))}, source=_source(archive.get("source"))),
        "signature_heading": Item({"value": heading}, source=_source(signature.get("source"))),
        "signer_title": Item({"value": _text(signature.get("signer_title"))}, source=_source(signature.get("source"))),
        "signer_name": Item({"value": _text(signature.get("signer_name"))}, source=_source(signature.get("source"))),
    }
    return items


def _reference(cited: dict[str, Any], number: object, issuer: object) -> Item:
    return Item({"citation": _text(cited.get("citation")), "number_symbol": _text(number),
                 "date": _day(cited.get("date")), "issuer": _text(issuer)}, source=_source(cited.get("source")))


def _assignment(assignment: dict[str, Any]) -> Item:
    return Item({"agency": _text(assignment.get("agency")), "lead": "on" if assignment.get("is_focal_point") else "",
                 "responsibilities": "\n".join(assignment.get("responsibilities") or [])},
                source=_source(assignment.get("source")))


def _deadline(deadline: dict[str, Any]) -> Item:
    kind = "" if deadline.get("on_request") else str(KINDS.get(str(deadline.get("kind")), ReportKind.DELIVERABLE))
    return Item({"phrase": _text(deadline.get("raw")), "kind": kind, "from": _text(deadline.get("from")),
                 "to": _text(deadline.get("to")), "via": _text(deadline.get("via")),
                 "condition": _text(deadline.get("condition"))}, source=_source(deadline.get("source")))


def _recipients(recipients: dict[str, Any] | None) -> list[Item]:
    if not recipients:
        return []
    sources = recipients.get("item_sources") or []
    return [Item({"line": line.rstrip(" ;.")}, source=_source(sources[i] if i < len(sources) else None))
            for i, line in enumerate(recipients.get("items") or [])]


def review_from_form(form: Mapping[str, str]) -> Review:
    """The review as posted: `doc-<field>`, `<group>-<i>-<field>`, `<group>-<i>-keep` and the source of each item
    (`…-src-line`, `…-src-text`). Bounded: at most ITEMS_MAX items a group, each field within its limit."""
    document = {name: Item({"value": _posted(form, f"doc-{name}", FIELD_MAX)},
                           source=_posted_source(form, f"doc-{name}")) for name in DOCUMENT}
    groups = {group: _posted_items(form, group, names) for group, names in GROUPS.items()}
    return Review(document=document, groups=groups)


def _posted(form: Mapping[str, str], key: str, limit: int) -> str:
    value = form.get(key) or ""
    if len(value) > limit:
        raise InvalidInput(f"Trường '{key}' dài {len(value)} ký tự, vượt giới hạn {limit} ký tự.", {key: "quá dài"})
    return clean(value, key).strip()


def _posted_source(form: Mapping[str, str], prefix: str) -> Source | None:
    line, text = form.get(f"{prefix}-src-line") or "", _posted(form, f"{prefix}-src-text", 20_000)
    if not line and not text:
        return None
    return Source(int(line) if line.isdigit() and len(line) < 8 else None, text)


def _posted_items(form: Mapping[str, str], group: str, names: tuple[str, ...]) -> list[Item]:
    items = []
    for index in range(ITEMS_MAX):
        prefix = f"{group}-{index}"
        if f"{prefix}-present" not in form:
            break
        limit = LONG_FIELD_MAX if group == "assignments" else FIELD_MAX
        fields = {name: ("on" if form.get(f"{prefix}-{name}") else "") if name in CHECKBOXES
                  else _posted(form, f"{prefix}-{name}", limit) for name in names}
        items.append(Item(fields, keep=bool(form.get(f"{prefix}-keep")), source=_posted_source(form, prefix)))
    return items


def due_preview(phrase: str, year: str, default_year: int) -> dict[str, Any]:
    """What a deadline phrase resolves to, shown beside it: the day, inclusive or not, on request. A date without a
    year takes the plan's year as reviewed (else `default_year`); set_requirements reads the phrase the same way."""
    plan_year = int(year) if year.isdigit() and 1900 < int(year) < 2200 else default_year
    read = read_deadline(phrase[:500], plan_year) if phrase else None
    if read is None:
        return {"day": None, "inclusive": None, "on_request": False}
    return {"day": f"{read.day:%d/%m/%Y}" if read.day else None, "inclusive": read.inclusive,
            "on_request": read.on_request}


def kept(review: Review, group: str) -> list[tuple[int, Item]]:
    return [(index, item) for index, item in enumerate(review.groups.get(group, [])) if item.keep]


def value(review: Review, name: str) -> str:
    return review.document[name].fields.get("value", "") if name in review.document else ""


# --- who may import, and where --------------------------------------------------------------------


def require_planner(user: User) -> None:
    """Importing is planning: an officer, head, chair or vice chair of some committee."""
    if not any(a.role in PLANNERS for a in user.roles):
        raise Forbidden("Chỉ người lập kế hoạch (chuyên viên, trưởng phòng, chủ tịch, phó chủ tịch) mới nhập được "
                        "kế hoạch từ văn bản.")


def own_committees(session: Session, user: User) -> list[Unit]:
    """The committees where the user plans."""
    ids = {a.committee_id for a in user.roles if a.role in PLANNERS}
    return list(session.scalars(select(Unit).where(Unit.id.in_(ids)).order_by(Unit.code)))


def issuing_committees(session: Session, user: User) -> list[Unit]:
    """Where an external parent may be recorded: the superiors of the user's committees (the nearest first, the
    default), then the committees themselves (a plan of one's own committee issued in another system)."""
    own = own_committees(session, user)
    above: list[Unit] = []
    for unit in own:
        current = session.get(Unit, unit.parent_id) if unit.parent_id else None
        while current is not None and current not in above and current not in own:
            above.append(current)
            current = session.get(Unit, current.parent_id) if current.parent_id else None
    return above + own


def parent_choices(session: Session, user: User) -> list[Plan]:
    """Plans a draft may implement: issued plans of the user's superiors, and external plans recorded at the
    user's committees or above (start_plan checks the choice again)."""
    own = own_committees(session, user)
    above = [u.id for u in issuing_committees(session, user) if u not in own]
    query = select(Plan).where(Plan.status.in_((PlanStatus.ISSUED, PlanStatus.CLOSED)),
                               Plan.unit_id.in_(above) | ((Plan.origin == "external")
                                                          & Plan.unit_id.in_([u.id for u in own])))
    return list(session.scalars(query.order_by(Plan.id.desc()).limit(50)))


def mark_unresolved(ctx: Ctx, review: Review, unit_code: str | None) -> None:
    """Untick the assignments that name no unit of planflow at the committee they would be stored at, with a note:
    set_assignments refuses such a line, and a Party organ ('Ban Dân vận Huyện ủy') is not one of ours."""
    unit = _unit_or_none(ctx.session, unit_code, ctx.clock.today())
    if unit is None:
        return
    for index, item in kept(review, "assignments"):
        if item.fields["agency"] and not _names_units(ctx, unit, item.fields["agency"]):
            item.keep = False
            review.notes[f"assignments-{index}"] = f"Không ứng với đơn vị nào của {unit.committee_name} trong hệ thống."


def _unit_or_none(session: Session, code: str | None, on: date) -> Unit | None:
    try:
        return get_unit(session, code, on) if code else None
    except NotFound:
        return None


def _names_units(ctx: Ctx, unit: Unit, line: str) -> bool:
    resolved = resolve(ctx.session, unit, [line], ctx.clock.today())
    return any(r.unit is not None and r.unit.id != unit.id and not getattr(r, "internal", False) for r in resolved)


# --- the outcomes ---------------------------------------------------------------------------------


def import_plan(ctx: Ctx, user: User, review: Review, choice: ImportChoice) -> Plan:
    """Run the chosen outcome; the plan it stored."""
    require_planner(user)
    if choice.outcome == EXTERNAL:
        return record_parent(ctx, user, review, choice.unit_code)
    if choice.outcome == DRAFT:
        return draft_from_text(ctx, user, review, choice.unit_code or "", choice.parent_plan_id)
    raise InvalidInput(f"Không có lựa chọn '{choice.outcome[:40]}'.", {"outcome": "không hợp lệ"})


def record_parent(ctx: Ctx, user: User, review: Review, unit_code: str | None) -> Plan:
    """The superior's plan, issued outside planflow, recorded with its references, requirements and assignments."""
    number, issued_on, title = value(review, "number_symbol"), value(review, "date"), value(review, "title")
    missing = {name: label for name, label in (("number_symbol", "Số, ký hiệu"), ("date", "Ngày ban hành"),
                                               ("title", "Trích yếu")) if not value(review, name)}
    if missing:
        raise InvalidInput("Văn bản cấp trên cần " + ", ".join(f"'{label}'" for label in missing.values()) +
                           ": hãy nhập vào ô còn trống.", {f"doc-{name}": "cần nhập" for name in missing})
    try:
        plan = references.record_external_plan(
            ctx, user, unit_code=unit_code or None, number_symbol=number,
            issued_on=references.parse_day(issued_on, "Ngày ban hành", "doc-date"), title=title,
            issuer_name=value(review, "issuer") or None)
    except InvalidInput as refused:  # its fields named as the review names them, so the message sits beside them
        raise InvalidInput(refused.message, {_RECORD_FIELDS.get(k, k): v for k, v in refused.fields.items()}) \
            from None
    _store_document(plan, review)
    _store_contents(ctx, plan, review, external=True)
    return plan


def draft_from_text(ctx: Ctx, user: User, review: Review, unit_code: str, parent_plan_id: int | None) -> Plan:
    """A draft at the user's own committee, prefilled from the reviewed text."""
    title = value(review, "title")
    if not title:
        raise InvalidInput("Cần nhập 'Trích yếu' của dự thảo.", {"doc-title": "cần nhập"})
    plan = start_plan(ctx, unit_code, user, title=title, parent_plan_id=parent_plan_id)
    _store_document(plan, review)
    _store_contents(ctx, plan, review, external=False)
    instance = ctx.session.get_one(ProcessInstance, _instance_id(ctx, plan))
    prefill = draft_prefill(ctx, plan)
    refresh_prefill(ctx, instance.id, prefill)  # the draft form, when it is already open
    set_waiting_data(ctx, instance, {"draft": prefill})  # and when it opens after the parent's receipt
    return plan


def draft_prefill(ctx: Ctx, plan: Plan) -> dict[str, Any]:
    """The draft form's defaults, as save_draft would return them after saving these values."""
    defaults = {"title": plan.title, "recipients": plan.content.get("recipients") or None,
                "urgency": plan.urgency, "archive_line": plan.archive_line,
                "signature_heading": plan.signature_heading, **draft_defaults(ctx, plan)}
    return {key: item for key, item in defaults.items() if item is not None}


def _instance_id(ctx: Ctx, plan: Plan) -> int:
    found = ctx.session.scalar(select(ProcessInstance.id).where(ProcessInstance.plan_id == plan.id,
                                                                ProcessInstance.unit_id == plan.unit_id))
    if found is None:
        raise NotFound(f"Kế hoạch #{plan.id} chưa có quy trình soạn thảo.")
    return int(found)


def _store_document(plan: Plan, review: Review) -> None:
    """Recipients, the archive line and the signature as the text writes them."""
    lines = [item.fields["line"] for _, item in kept(review, "recipients") if item.fields["line"]]
    plan.content = {**(plan.content or {}), "recipients": lines}
    plan.archive_line = value(review, "archive") or None
    plan.signature_heading = value(review, "signature_heading") or None
    if plan.origin == "external" and value(review, "signer_name"):
        plan.signer_name = value(review, "signer_name")[:200]
        plan.signer_role = Role.VICE_CHAIR if "PHÓ" in value(review, "signer_title").upper() else Role.CHAIR


def _store_contents(ctx: Ctx, plan: Plan, review: Review, *, external: bool) -> None:
    """References, then assignments (which replace the requirements they owe), then the plan's own requirements."""
    parents = [_reference_item(item) for _, item in kept(review, "parents")]
    if plan.parent_id is not None:  # start_plan cited the chosen parent: keep it first, without a duplicate
        parents = _with_chosen_parent(ctx, plan, parents)
    references.set_references(ctx, plan, parents, "parent")
    references.set_references(ctx, plan, [_reference_item(item) for _, item in kept(review, "legal_bases")],
                              "legal_basis")
    _refuse_unresolved(ctx, plan, review)
    set_assignments(ctx, plan, [_assignment_item(item) for _, item in kept(review, "assignments")])
    deadlines = [requirement_item(item, external) for _, item in kept(review, "deadlines")]
    if external or deadlines:  # a draft whose text asks nothing keeps what it started with (parent's or usual)
        set_requirements(ctx, plan, deadlines)


def _reference_item(item: Item) -> dict[str, str]:
    return {name: text for name, text in item.fields.items() if text}


def _with_chosen_parent(ctx: Ctx, plan: Plan, parents: list[dict[str, str]]) -> list[dict[str, str]]:
    chosen = plan_by_id(ctx.session, plan.parent_id) if plan.parent_id else None
    if chosen is None:
        return parents
    others = [p for p in parents if _number_key(p.get("number_symbol") or p["citation"])
              != _number_key(chosen.number_symbol or "")]
    return [{"citation": references.plan_citation(chosen)}, *others]


def _number_key(text: str) -> str | None:
    parsed = parse_number_symbol(text)
    return parsed.normalised if parsed is not None else None


def _refuse_unresolved(ctx: Ctx, plan: Plan, review: Review) -> None:
    """Name each kept assignment that resolves to no unit, beside its own item (set_assignments would refuse the
    first one by its position among those kept, which is not the number the officer sees)."""
    fields = {f"assignments-{index}": f"'{item.fields['agency']}' không ứng với đơn vị nào của "
              f"{plan.unit.committee_name}: sửa tên đơn vị hoặc bỏ chọn mục này."
              for index, item in kept(review, "assignments")
              if item.fields["agency"] and not _names_units(ctx, plan.unit, item.fields["agency"])}
    if fields:
        raise InvalidInput("Tổ chức thực hiện: " + " ".join(fields.values()), fields)


def _assignment_item(item: Item) -> dict[str, Any]:
    duties = [line.strip() for line in item.fields["responsibilities"].splitlines() if line.strip()]
    return {"line": item.fields["agency"], "lead": item.fields["lead"] == "on", "responsibilities": duties}


def requirement_item(item: Item, external: bool) -> dict[str, Any]:
    """A reviewed deadline as set_requirements takes it: the phrase verbatim, our kind (none: the phrase decides),
    who reports. An outside plan's lines may name units planflow does not have, so they are taken as assigned."""
    fields = item.fields
    requirement: dict[str, Any] = {"due": fields["phrase"], "reporters": fields["from"] or None,
                                   "via": fields["via"] or None, "condition": fields["condition"] or None}
    if fields["kind"]:
        requirement["kind"] = fields["kind"]
    if fields["kind"] == ReportKind.SUMMARY:
        requirement["to_superior"] = True
    if fields["kind"] == ReportKind.DELIVERABLE:
        requirement["description"] = fields["phrase"]
    if external:
        requirement["assigned"] = True
    return {key: item for key, item in requirement.items() if item is not None}


# --- after recording a parent: its child ----------------------------------------------------------


def recorded_parent(ctx: Ctx, user: User, plan_id: int) -> Plan:
    """An external plan the user may see (one entered in their committee's incoming register counts, see
    engine/org/access.py), to offer "Lập kế hoạch thực hiện"."""
    plan = require_plan(ctx.session, user, plan_id)
    if plan.origin != "external":
        return _not_found(plan_id)
    return plan


def _not_found(plan_id: int) -> Plan:
    raise NotFound(f"Không có kế hoạch ngoài hệ thống #{plan_id} trong phạm vi của bạn.")


def child_units(ctx: Ctx, user: User, parent: Plan) -> list[Unit]:
    """The user's committees that may implement the parent: at or under its committee."""
    return [u for u in own_committees(ctx.session, user) if references.is_within(ctx.session, u, parent.unit)]


def start_child(ctx: Ctx, user: User, parent_id: int, unit_code: str) -> Plan:
    """Start the plan implementing a recorded parent: its draft starts with the parent's deadlines tightened."""
    parent = recorded_parent(ctx, user, parent_id)
    unit = get_unit(ctx.session, unit_code, ctx.clock.today())
    if not acting_roles(user, unit.id) & PLANNERS:
        raise Forbidden(f"Bạn không có vai trò lập kế hoạch tại {unit.committee_name}.")
    return start_plan(ctx, unit.code, user, parent_plan_id=parent.id)
