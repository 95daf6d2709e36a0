"""What the reporting pages read: the periods a user follows, one period's dashboard, one report.

Standings and sums come from the compliance matrix (engine.reporting.reports); this module adds what a page
shows around it — scope, the plans behind a period, the submissions over time — and never writes.
A unit or report outside the user's scope is "not found", like an id that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypedDict

from sqlalchemy import case, func, select

from engine.bpmn.incidents import suspension_of
from engine.context import Ctx
from engine.deadline import Deadline, label
from engine.errors import NotFound
from engine.models import (
    KIND_LABELS,
    RECEIVED,
    Obligation,
    ObligationStatus,
    Plan,
    ReportingRequirement,
    ReportKind,
    Unit,
    User,
)
from engine.org.access import in_scope, is_admin, own_unit_ids, require_obligation, unit_subtree
from engine.org.roles import ROLE_TITLES
from engine.org.units import get_unit
from engine.reporting.obligations import is_consolidated, may_set_report_urgency, period_kinds, sub_obligations
from engine.reporting.reports import (
    INDICATOR_LABELS,
    NARRATIVE_LABELS,
    STANDING_LABELS,
    ConsolidationView,
    ObligationView,
    consolidation_view,
    obligation_rows,
    obligation_view,
)

PERIOD_LIMIT = 300  # a ministry-wide list past this many periods asks for a filter instead


class PlanLink(TypedDict):
    """A plan as a report page links to it."""

    id: int
    number: str | None
    title: str | None
    unit_name: str


class ReportPeriods(TypedDict):
    received: list[dict]  # received_periods' rows, the first PERIOD_LIMIT of them
    more: int  # periods left out
    own: list[ObligationView]


class Section(TypedDict):
    label: str
    text: str


class Submission(TypedDict):
    at: datetime
    unit_name: str
    standing: str
    count: int  # how many were in with this one


class Timeline(TypedDict):
    expected: int
    opens_on: date | None
    deadlines: list[tuple[date, str]]
    submissions: list[Submission]


class PeriodDashboard(ConsolidationView):
    kind_label: str
    unit: str
    unit_name: str
    plans: list[PlanLink]
    timeline: Timeline
    with_indicators: bool
    indicator_rows: list[dict]
    count_rows: list[dict]
    narratives: list[dict]
    own_drafted: bool


class ReportDetail(ObligationView):
    plan: PlanLink
    first_submitted_at: datetime | None
    resubmitted_at: datetime | None
    accepted_at: datetime | None
    narrative_rows: list[Section]
    indicator_rows: list[dict]
    late_units: list[str]
    missing_units: list[str]
    signer: str | None
    period_kind: str
    consolidates: bool
    receiver_in_scope: bool
    may_set_urgency: bool
    suspension: dict | None


@dataclass(frozen=True)
class PeriodFilter:
    year: int | None = None
    kind: str | None = None

    def admits(self, year: int, kind: str) -> bool:
        return self.year in (None, year) and (self.kind is None or kind in period_kinds(self.kind))


def period_kind(kind: str) -> str:
    """The kind that names a period: an annual report and the summary sent up with it are one period."""
    kinds = period_kinds(kind)
    return next(k for k in ReportKind if k in kinds)


def carries_indicators(kind: str) -> bool:
    """Reports that are consolidated carry indicators; scoring results and registrations do not."""
    return is_consolidated(kind)


# --- the periods a user follows -----------------------------------------------------------------


def report_periods(ctx: Ctx, user: User, wanted: PeriodFilter) -> ReportPeriods:
    """The periods units in the user's scope receive reports for, and the reports of the user's own units."""
    periods = received_periods(ctx, user, wanted)
    return {"received": periods[:PERIOD_LIMIT], "more": max(len(periods) - PERIOD_LIMIT, 0),
            "own": own_reports(ctx, user, wanted)}


def received_periods(ctx: Ctx, user: User, wanted: PeriodFilter) -> list[dict]:
    """One row per receiving unit, year and period: how many reports are expected and how many are in."""
    query = select(Obligation)
    if not is_admin(user):  # of the reports the user sees (visible_obligations), those received in their scope
        query = query.where(Obligation.receiving_unit_id.in_(unit_subtree(user)))
    if wanted.year is not None:
        query = query.where(Obligation.year == wanted.year)
    if wanted.kind is not None:
        query = query.where(Obligation.kind.in_(period_kinds(wanted.kind)))
    expected = func.sum(case((Obligation.status != ObligationStatus.CANCELLED, 1), else_=0))
    received = func.sum(case((Obligation.status.in_([str(s) for s in RECEIVED]), 1), else_=0))
    columns = (Obligation.receiving_unit_id, Obligation.year, Obligation.kind, Obligation.plan_id,
               Obligation.due_date, Obligation.due_inclusive, ReportingRequirement.due_text)
    rows = ctx.session.execute(query.join(ReportingRequirement, ReportingRequirement.id == Obligation.requirement_id)
                               .with_only_columns(*columns, expected, received).group_by(*columns)).all()
    periods: dict[tuple, dict] = {}
    for unit_id, year, kind, plan_id, day, inclusive, phrase, expecting, received_count in rows:
        key = (unit_id, year, period_kind(kind))
        deadline = Deadline.written(day, inclusive, phrase)
        period = periods.setdefault(key, {"year": year, "kind": key[2], "plan_ids": set(), "expected": 0,
                                          "received": 0, "deadline": deadline})
        period["plan_ids"].add(plan_id)
        period["expected"] += expecting or 0
        period["received"] += received_count or 0
        period["deadline"] = min(period["deadline"], deadline, key=lambda d: d.last_day)
    return _named(ctx, periods)


def _named(ctx: Ctx, periods: dict[tuple, dict]) -> list[dict]:
    units = {u.id: u for u in ctx.session.scalars(select(Unit).where(Unit.id.in_({k[0] for k in periods})))}
    plans = plan_links(ctx, {plan_id for period in periods.values() for plan_id in period["plan_ids"]})
    rows = []
    for (unit_id, _, _), period in periods.items():
        plan_ids, deadline = period.pop("plan_ids"), period.pop("deadline")
        rows.append({**period, "due": deadline.day, "due_text": label(deadline), "unit": units[unit_id].code,
                     "unit_name": units[unit_id].committee_name,
                     "kind_label": KIND_LABELS[ReportKind(period["kind"])],
                     "plans": [plans[i] for i in sorted(plan_ids)]})
    order = list(ReportKind)
    return sorted(rows, key=lambda r: (-r["year"], r["unit_name"], order.index(ReportKind(r["kind"]))))


def own_reports(ctx: Ctx, user: User, wanted: PeriodFilter) -> list[ObligationView]:
    """The reports the user's own committees must make, with their standing."""
    today = ctx.clock.today()
    rows = (row for unit_id in sorted(own_unit_ids(user))
            for row in obligation_rows(ctx.session, today, unit_id=unit_id))
    return [row for row in rows if wanted.admits(row["year"], row["kind"])]


def plan_links(ctx: Ctx, plan_ids: set[int]) -> dict[int, PlanLink]:
    plans: Iterable[Plan] = ctx.session.scalars(select(Plan).where(Plan.id.in_(plan_ids))) if plan_ids else []
    return {p.id: {"id": p.id, "number": p.number_symbol, "title": p.title, "unit_name": p.unit.committee_name}
            for p in plans}


# --- one period ---------------------------------------------------------------------------------


def unit_in_scope(ctx: Ctx, user: User, code: str) -> Unit:
    """The committee with this code, if the user may follow it (the same answer for one that does not exist)."""
    try:
        unit = get_unit(ctx.session, code, ctx.clock.today())
    except NotFound:
        unit = None
    if unit is None or not in_scope(ctx.session, user, unit.id):
        raise NotFound(f"Không có đơn vị mã '{code}' trong phạm vi của bạn.")
    return unit


def period_dashboard(ctx: Ctx, user: User, code: str, year: int, kind: str) -> PeriodDashboard:
    """The compliance matrix of what a unit receives for a period, with its plans, timeline and own report."""
    unit = unit_in_scope(ctx, user, code)
    view = consolidation_view(ctx.session, unit.id, year, kind, ctx.clock.today())
    own = view["own_report"]
    named = period_kind(kind)
    return {
        **view, "kind": named, "kind_label": KIND_LABELS[ReportKind(named)], "unit": unit.code,
        "unit_name": unit.committee_name, "plans": list(plan_links(ctx, {r["plan_id"] for r in view["rows"]}).values()),
        "timeline": submission_timeline(view["rows"]), "with_indicators": carries_indicators(named),
        "indicator_rows": [{"name": name, "label": INDICATOR_LABELS[name], "total": total}
                           for name, total in view["indicators"].items()],
        "count_rows": [{"standing": name, "label": STANDING_LABELS[name], "count": count}
                       for name, count in view["counts"].items()],
        "narratives": [{"unit_name": r["unit_name"], "obligation_id": r["obligation_id"],
                        "sections": _sections(r["narrative"])} for r in view["rows"] if r["narrative"]],
        "own_drafted": bool(own and (own["narrative"] or own["indicators"])),
    }


def _sections(narrative: dict) -> list[Section]:
    """The narrative sections a report filled in, titled and in the form's order."""
    return [{"label": label, "text": narrative[name]}
            for name, label in NARRATIVE_LABELS.items() if narrative.get(name)]


def submission_timeline(rows: Sequence[Mapping[str, Any]]) -> Timeline:
    """The reports that are in, in the order they came (last submission counts), and the period's deadlines."""
    active = [r for r in rows if r["standing"] != "cancelled"]
    arrived = sorted((datetime.fromisoformat(r["submitted_at"]), r["unit_name"], r["standing"])
                     for r in active if r["standing"] in ("on_time", "late"))
    return {
        "expected": len(active),
        "opens_on": min((date.fromisoformat(r["opens_on"]) for r in active), default=None),
        "deadlines": sorted({(date.fromisoformat(r["deadline"]), r["due_text"]) for r in active}),
        "submissions": [{"at": at, "unit_name": name, "standing": state, "count": n}
                        for n, (at, name, state) in enumerate(arrived, 1)],
    }


# --- one report ---------------------------------------------------------------------------------


def report_detail(ctx: Ctx, user: User, obligation_id: int) -> ReportDetail:
    """One report with its dates, content and the plan it answers, if the user may see it."""
    obligation = require_obligation(ctx.session, user, obligation_id)
    content = obligation.content
    indicators = content.get("indicators") or {}
    return {
        **obligation_view(obligation, ctx.clock.today()),
        "plan": plan_links(ctx, {obligation.plan_id})[obligation.plan_id],
        "first_submitted_at": obligation.submitted_at, "resubmitted_at": obligation.resubmitted_at,
        "accepted_at": obligation.accepted_at,
        "narrative_rows": _sections(content),
        "indicator_rows": [{"label": label, "value": indicators[name]}
                           for name, label in INDICATOR_LABELS.items() if name in indicators],
        "late_units": content.get("late_units") or [], "missing_units": content.get("missing_units") or [],
        "signer": _signer(content.get("signer")), "period_kind": period_kind(obligation.kind),
        "consolidates": bool(sub_obligations(ctx, obligation)),
        "receiver_in_scope": in_scope(ctx.session, user, obligation.receiving_unit_id),
        "may_set_urgency": may_set_report_urgency(user, obligation),
        "suspension": suspension_of(ctx.session, obligation.instance_id),
    }


def _signer(signer: dict | None) -> str | None:
    """'Trần Văn B (Phó Chủ tịch)': who signed the report, as it is recorded."""
    if not signer:
        return None
    return f"{signer['name']} ({ROLE_TITLES.get(signer['role'], signer['role'])})"
