"""What a plan requires of the units it names: each requirement as written, with what it resolved to.

A plan's requirements start from its parent's (each due a few days earlier, so the unit can consolidate before it
reports up) or, at the top, from the usual calendar; the draft may change them, but never later than the parent's,
and an inherited requirement is never dropped by leaving it out. A phrase may stand for several requirements: "định
kỳ 6 tháng, 01 năm" is two, "hằng quý" four (one per quarter); "khi có yêu cầu" is a standing requirement that
owes nothing until the receiver sends a request (engine/reporting/requests.py), each request a dated requirement.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.clock import iso
from engine.context import Ctx
from engine.deadline import Deadline, is_late, written
from engine.deadline import label as due_label
from engine.errors import InvalidInput
from engine.models import KIND_LABELS, Assignment, Plan, ReportingRequirement, ReportKind, Unit
from engine.org.recipients import resolve
from engine.org.units import committee_children, focal_agency
from engine.reading.phrases import Deadline as Phrase
from engine.reporting.deadlines import (
    QUARTER_NAMES,
    Due,
    Window,
    cutoff_warning,
    cutoff_window,
    paired_periods,
    period_dues,
    read_phrase,
    recurring_kind,
)
from engine.text import nfc

TIGHTEN_DAYS = 5  # a child plan asks for its reports this many days before its own are due
DEFAULT_OPEN_DAYS = 15
# The usual calendar of a plan that has no parent in the system (DOMAIN.md §2, the seeds).
TOP_LEVEL_CALENDAR = ((ReportKind.SIX_MONTH, "trước ngày 30/5"), (ReportKind.ANNUAL, "trước ngày 30/11"),
                      (ReportKind.SCORING, "trước ngày 05/12"))
_USUAL_DUE: dict[str, str] = {kind: text for kind, text in TOP_LEVEL_CALENDAR}
_PERIOD_KINDS = {"six_month": ReportKind.SIX_MONTH, "annual": ReportKind.ANNUAL,
                 "quarterly": ReportKind.QUARTERLY, "monthly": ReportKind.MONTHLY}
_SUBORDINATES = {"central": "UBND các tỉnh, thành phố trực thuộc Trung ương", "district": "UBND các xã, thị trấn"}
# Built once: every plan issued in the cascade reads its requirements.
_REQUIREMENTS = (select(ReportingRequirement).where(ReportingRequirement.plan_id == bindparam("plan_id"))
                 .order_by(ReportingRequirement.id))


def subordinates_line(ctx: Ctx, unit: Unit, on: date) -> str | None:
    """'UBND các xã, thị trấn' or the like: the unit's subordinate committees, as plans write them."""
    children = committee_children(ctx.session, unit.id, on)
    if not children:
        return None
    if unit.level == "province":
        return "UBND các huyện, thành phố" if children[0].level == "district" else "UBND các xã, phường, đặc khu"
    return _SUBORDINATES.get(unit.level, "UBND các xã, thị trấn")


class Organisation:
    """What checking one plan's requirements reads from the organisation, each read once."""

    def __init__(self, ctx: Ctx, plan: Plan):
        self.ctx, self.plan, self.today = ctx, plan, ctx.clock.today()
        self.units_named = functools.cache(self._units_named)
        self.via = functools.cache(self._via)

    @functools.cached_property
    def subordinates(self) -> str | None:
        return subordinates_line(self.ctx, self.plan.unit, self.today)

    def _units_named(self, line: str) -> tuple[Unit, ...]:
        """The committees and agencies a line names, the issuer's own focal agency excepted (it receives)."""
        focal = focal_agency(self.ctx.session, self.plan.unit_id)
        resolved = resolve(self.ctx.session, self.plan.unit, [line], self.today)
        units = {r.unit.id: r.unit for r in resolved if r.unit is not None and not getattr(r, "internal", False)}
        return tuple(u for u in units.values() if u.id != self.plan.unit_id and (focal is None or u.id != focal.id))

    def _via(self, to_superior: bool) -> str | None:
        """'qua Phòng Nội vụ huyện Tứ Kỳ': the receiving committee's focal agency."""
        receiver = self.plan.unit.parent if to_superior else self.plan.unit
        agency = focal_agency(self.ctx.session, receiver.id) if receiver else None
        return f"qua {agency.name}" if agency else None


# --- starting from the parent -------------------------------------------------------------------


def start_requirements(ctx: Ctx, plan: Plan, parent: Plan | None) -> None:
    """A new plan's requirements: the parent's that reach it, each due TIGHTEN_DAYS earlier, or the usual calendar."""
    organisation = Organisation(ctx, plan)
    reporters = organisation.subordinates
    if reporters is None:
        return
    items: list[dict[str, Any]]
    if parent is None:
        items = [{"kind": kind, "due": text} for kind, text in TOP_LEVEL_CALENDAR]
    else:
        items = [_tightened(r) for r in reaching(ctx, parent.id, plan.unit_id)]
    set_requirements(ctx, plan, [{"reporters": reporters, **item} for item in items], organisation)


def _tightened(requirement: ReportingRequirement) -> dict[str, Any]:
    if requirement.on_request:
        return {"kind": requirement.kind, "due": requirement.due_text}
    due = written(requirement.due_date - timedelta(days=TIGHTEN_DAYS), requirement.due_inclusive)
    item = {"kind": requirement.kind, "due": due, "open_days": requirement.open_days}
    if requirement.cutoff_source == "written":  # a window the parent chose; a computed one is computed anew
        item |= {"cutoff_from": iso(requirement.cutoff_from), "cutoff_to": iso(requirement.cutoff_to)}
    return item


def reaching(ctx: Ctx, plan_id: int, unit_id: int) -> list[ReportingRequirement]:
    """The plan's standing requirements that a child at this unit inherits: those not owed upwards, not a request,
    and — when an assignment names who owes them — only where that assignment applies to the unit."""
    rows = [r for r in requirements_of(ctx, plan_id) if not r.to_superior and r.request_of_id is None]
    assignments = {r.assignment_id for r in rows if r.assignment_id is not None}
    applying = _applying(ctx, assignments) if assignments else {}
    return [r for r in rows if r.assignment_id is None or unit_id in applying.get(r.assignment_id, set())]


def _applying(ctx: Ctx, assignment_ids: Iterable[int]) -> dict[int, set[int]]:
    assignments = ctx.session.scalars(select(Assignment).where(Assignment.id.in_(list(assignment_ids))))
    return {a.id: {u.unit_id for u in a.units if u.applies} for a in assignments}


def requirements_of(ctx: Ctx, plan_id: int) -> list[ReportingRequirement]:
    return plan_requirements(ctx.session, plan_id)


def plan_requirements(session: Session, plan_id: int) -> list[ReportingRequirement]:
    return list(session.scalars(_REQUIREMENTS, {"plan_id": plan_id}))


# --- setting them -------------------------------------------------------------------------------


def set_requirements(ctx: Ctx, plan: Plan, items: list[dict], organisation: Organisation | None = None,
                     *, assignment: Assignment | None = None) -> list[ReportingRequirement]:
    """Replace the plan's requirements (those of one assignment, when given); each is checked against the
    parent plan's before anything changes. A requirement inherited from the parent that the items leave out is
    kept as it was: a child may tighten what its parent asks, never drop it."""
    parent_deadlines = _parent_deadlines(ctx, plan)
    organisation = organisation or Organisation(ctx, plan)
    rows = [row for item in items for row in _requirements(ctx, plan, item, parent_deadlines, organisation)]
    old = [r for r in requirements_of(ctx, plan.id)
           if r.request_of_id is None and r.assignment_id == (assignment.id if assignment else None)]
    if assignment is None:
        rows += _kept_inherited(old, rows, parent_deadlines)
    for row in rows:
        row.assignment_id = assignment.id if assignment else row.assignment_id
    for stale in old:
        if stale not in rows:
            ctx.session.delete(stale)
    ctx.session.add_all(rows)
    ctx.session.flush()
    return rows


def _kept_inherited(old: list[ReportingRequirement], rows: list[ReportingRequirement],
                    parent_deadlines: dict[tuple[str, int], Deadline]) -> list[ReportingRequirement]:
    """The old rows of a kind the parent asks for that the new items no longer contain."""
    present = {_key(r.kind, r) for r in rows}
    return [r for r in old if _key(r.kind, r) in parent_deadlines and _key(r.kind, r) not in present]


def _key(kind: str, requirement: ReportingRequirement | Due) -> tuple[str, int]:
    """Requirements compare by kind, and a recurring one by the month its period ends."""
    day = requirement.due_date if isinstance(requirement, ReportingRequirement) else requirement.day
    recurring = kind in (ReportKind.QUARTERLY, ReportKind.MONTHLY)
    return (kind, day.month if recurring and day is not None else 0)


def _parent_deadlines(ctx: Ctx, plan: Plan) -> dict[tuple[str, int], Deadline]:
    """The earliest deadline of each kind the parent asks of this plan's unit."""
    if plan.parent_id is None:
        return {}
    deadlines: dict[tuple[str, int], Deadline] = {}
    for r in reaching(ctx, plan.parent_id, plan.unit_id):
        if not r.on_request:
            key, deadline = _key(r.kind, r), Due(r.due_text, r.due_date, r.due_inclusive).deadline
            deadlines[key] = min(deadline, deadlines.get(key, deadline), key=lambda d: d.last_day)
    return deadlines


def _requirements(ctx: Ctx, plan: Plan, item: dict, parent_deadlines: dict[tuple[str, int], Deadline],
                  organisation: Organisation) -> list[ReportingRequirement]:
    """One written requirement as the rows it stands for (one, or one per period it names)."""
    phrase = read_phrase(str(item.get("due") or "")[:500], plan.year)
    kinds = _kinds(item.get("kind"), phrase)
    rows = []
    for kind in kinds:
        for due in _dues(kind, phrase, plan.year, parent_deadlines):
            rows.append(_row(ctx, plan, item, kind, due, phrase, parent_deadlines, organisation))
    return rows


def _kinds(value: object, phrase: Phrase) -> list[str]:
    """The kind given, else those the phrase names ('định kỳ 6 tháng, 01 năm'), else a report on request or a
    deliverable by the date written."""
    if value:
        kind = _kind(value)
        return [recurring_kind(phrase, kind) or kind]
    named = [_PERIOD_KINDS[p] for p in phrase.periods if p in _PERIOD_KINDS]
    if phrase.recurrence in ("quarterly", "monthly") and not named:
        named = [_PERIOD_KINDS[phrase.recurrence]]
    if named:
        return list(dict.fromkeys(named))
    if phrase.on_request:
        return [ReportKind.AD_HOC]
    if phrase.day is not None:  # "gửi về Phòng Nội vụ trước ngày 25/3": something owed by a date
        return [ReportKind.DELIVERABLE]
    raise InvalidInput(f"Hạn '{phrase.raw}': không có ngày, kỳ báo cáo hay 'khi có yêu cầu'; hãy chọn loại báo cáo.")


def _dues(kind: str, phrase: Phrase, year: int, parent_deadlines: dict[tuple[str, int], Deadline]) -> list[Due | None]:
    """The dated deadlines of a kind: the phrase's date, every period of a recurring one, the parent's or the usual
    calendar's when the phrase names the period but no date; None for a report on request."""
    if phrase.on_request and phrase.day is None:
        return [None]
    if kind in (ReportKind.QUARTERLY, ReportKind.MONTHLY):
        return list(period_dues(phrase, kind, year))
    paired = paired_periods(phrase, year)
    if kind in paired:
        return [paired[kind]]
    if phrase.day is not None:
        return [Due(phrase.raw, phrase.day, phrase.inclusive)]
    if (kind, 0) in parent_deadlines:  # TIGHTEN_DAYS before the parent's first late day, not included
        return [Due(phrase.raw, parent_deadlines[(kind, 0)].first_late_day - timedelta(days=TIGHTEN_DAYS), False)]
    if kind in _USUAL_DUE:
        usual = read_phrase(_USUAL_DUE[kind], year)
        assert usual.day is not None  # the usual calendar is dated
        return [Due(phrase.raw, usual.day, usual.inclusive)]
    raise InvalidInput(f"{KIND_LABELS[ReportKind(kind)]}: hạn '{phrase.raw}' không ghi ngày; hãy ghi ngày cụ thể.")


def _row(ctx: Ctx, plan: Plan, item: dict, kind: str, due: Due | None, phrase: Phrase,
         parent_deadlines: dict[tuple[str, int], Deadline], organisation: Organisation) -> ReportingRequirement:
    label = KIND_LABELS[ReportKind(kind)]
    if due is not None:
        _check_parent(label, kind, due, parent_deadlines)
    window = _window(item, kind, due, plan.year, label)
    to_superior = bool(item.get("to_superior"))
    reporters = plan.unit.committee_name if to_superior else _reporters(organisation, item, label)
    return ReportingRequirement(
        plan_id=plan.id, kind=kind, reporters=reporters, to_superior=to_superior,
        via=nfc(str(item["via"]))[:500] if item.get("via") else organisation.via(to_superior),
        due_text=phrase.raw,
        due_date=due.day if due else date(plan.year, 12, 31),
        due_inclusive=due.inclusive if due else True, on_request=due is None,
        recurrence=phrase.recurrence if kind in (ReportKind.QUARTERLY, ReportKind.MONTHLY) else None,
        description=nfc(str(item["description"]))[:2000] if item.get("description") else None,
        condition=nfc(str(item["condition"]))[:2000] if item.get("condition") else None,
        cutoff_from=window.start if window else None, cutoff_to=window.end if window else None,
        cutoff_source=window.source if window else None, open_days=_open_days(item, label),
        warning=_warnings(window, due, ctx.clock.today()) if due else None,
    )


def _check_parent(kind_label: str, kind: str, due: Due, parent_deadlines: dict[tuple[str, int], Deadline]) -> None:
    limit = parent_deadlines.get(_key(kind, due))
    if limit is not None and due.deadline.last_day > limit.last_day:
        raise InvalidInput(f"{kind_label}: hạn '{due.text}' muộn hơn hạn của kế hoạch cấp trên "
                           f"({due_label(limit)}); kế hoạch cấp dưới chỉ được rút ngắn hạn.")


def _window(item: dict, kind: str, due: Due | None, year: int, label: str) -> Window | None:
    """The window written in the item, else the statutory or derived one (engine/reporting/deadlines.py)."""
    start, end = _date(item.get("cutoff_from"), "cutoff_from"), _date(item.get("cutoff_to"), "cutoff_to")
    computed = cutoff_window(kind, due, year) if due is not None else None
    if start is None and end is None:
        return computed
    start, end = start or (computed.start if computed else None), end or (computed.end if computed else None)
    if start is None or end is None:
        raise InvalidInput(f"{label}: cần cả ngày bắt đầu và ngày kết thúc chốt số liệu.")
    if start > end:
        raise InvalidInput(f"{label}: ngày bắt đầu chốt số liệu sau ngày kết thúc.")
    return Window(start, end, "written")


def _open_days(item: dict, label: str) -> int:
    open_days = item.get("open_days") or DEFAULT_OPEN_DAYS
    if not isinstance(open_days, int) or isinstance(open_days, bool) or not 1 <= open_days <= 366:
        raise InvalidInput(f"{label}: số ngày mở kỳ báo cáo phải là số nguyên từ 1 đến 366.")
    return open_days


def _warnings(window: Window | None, due: Due, today: date) -> str | None:
    """Suspicious but possible dates are kept as written, with a warning (seed 002 has such a typo)."""
    past = f"Hạn báo cáo ({due.text}) đã qua trước ngày lập kế hoạch." if is_late(due.deadline, today) else None
    tight = cutoff_warning(window.end, due) if window and window.source == "written" else None
    return " ".join(w for w in (past, tight) if w) or None


def _reporters(organisation: Organisation, item: dict, label: str) -> str:
    """Who reports, as written; by default the plan's subordinate committees. It must name some unit, unless an
    assignment already says who (its units were resolved and marked there)."""
    issuer = organisation.plan.unit.committee_name
    line = nfc(str(item.get("reporters") or "")).strip()[:500] or organisation.subordinates
    if not line:
        raise InvalidInput(f"{label}: {issuer} không có cấp dưới; hãy ghi đơn vị báo cáo.")
    if not item.get("assigned") and not organisation.units_named(line):
        raise InvalidInput(f"{label}: '{line}' không ứng với đơn vị nào thuộc {issuer}.")
    return line


def _kind(value: object) -> ReportKind:
    try:
        return ReportKind(str(value))
    except ValueError:
        known = ", ".join(ReportKind)
        raise InvalidInput(f"Loại báo cáo '{value}' không tồn tại (chọn: {known}).") from None


def _date(value: object, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:40])
    except ValueError:
        raise InvalidInput(f"'{field}' phải là ngày dạng YYYY-MM-DD, nhận được '{str(value)[:40]}'.") from None


def period_label(requirement: ReportingRequirement) -> str | None:
    """'Quý II', 'Tháng 5': which period of a recurring report a row is (its phrase is the same for all)."""
    if requirement.kind == ReportKind.QUARTERLY:
        return f"Quý {QUARTER_NAMES[(requirement.due_date.month - 1) // 3]}"
    if requirement.kind == ReportKind.MONTHLY:
        return f"Tháng {requirement.due_date.month}"
    return None


def form_items(rows: Iterable[ReportingRequirement]) -> list[dict[str, Any]]:
    """Requirements as the draft form shows them: one item per phrase written (a recurring phrase's periods
    are one item), so that saving the form unchanged stores the same rows."""
    items: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        if r.request_of_id is not None:
            continue
        key = (r.kind, r.due_text, r.reporters) if period_label(r) else (r.kind, r.due_text, str(r.id))
        items.setdefault(key, {k: v for k, v in {
            "kind": r.kind, "reporters": r.reporters, "to_superior": r.to_superior or None, "via": r.via,
            "due": r.due_text, "description": r.description,
            "cutoff_from": iso(r.cutoff_from) if r.cutoff_source == "written" else None,
            "cutoff_to": iso(r.cutoff_to) if r.cutoff_source == "written" else None,
            "open_days": r.open_days if r.open_days != DEFAULT_OPEN_DAYS else None,
        }.items() if v is not None})
    return list(items.values())

