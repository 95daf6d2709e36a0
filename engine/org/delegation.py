"""Delegation: a chair lends signing to a vice chair, a head lends review to an officer, for a date range.

During the range (both days included) the delegate acts with the delegator's role at the committee;
the delegator keeps it too. Actions taken through a delegation are audited with both people: the
actor is the delegate, `details.on_behalf_of` the delegator (engine/bpmn/runtime.py, Ctx.audit).
A head lends review to an officer of the same agency only: another head there already reviews in
their own right, and DOMAIN.md gives review to the focal agency's people.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypedDict

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from engine.context import Ctx
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound
from engine.models import Delegation, RoleAssignment, User
from engine.org.access import is_admin
from engine.org.roles import ROLE_TITLES, Role
from engine.text import clean, nfc

# The role a delegator lends → the role the delegate must hold at the same unit (committee or agency).
DELEGABLE: dict[str, Role] = {Role.CHAIR: Role.VICE_CHAIR, Role.HEAD: Role.OFFICER}
ROLE_CHOICES = "Chủ tịch (cho Phó Chủ tịch) hoặc Trưởng phòng (cho Chuyên viên)"
STATE_LABELS = {"planned": "Sắp có hiệu lực", "in_force": "Đang có hiệu lực", "ended": "Đã hết hạn",
                "cancelled": "Đã hủy"}


class Colleague(TypedDict):
    username: str
    full_name: str


class DelegableRole(TypedDict):
    """A role the user may lend, with the colleagues who may receive it."""

    role: str
    role_title: str
    unit_name: str
    delegate_title: str
    candidates: list[Colleague]


class DelegationView(TypedDict):
    id: int
    role: str
    role_title: str
    delegator: str
    delegator_name: str
    delegate: str
    delegate_name: str
    unit: str
    unit_name: str
    starts_on: str
    ends_on: str
    reason: str | None
    state: str  # a key of STATE_LABELS
    cancellable: bool


def in_force(session: Session, delegate: User, day: date) -> list[Delegation]:
    """The delegations lending the user a role on the day."""
    return list(session.scalars(_in_force_on(day).where(Delegation.delegate_id == delegate.id)))


def lent_at(session: Session, unit_ids: Iterable[int], day: date) -> list[Delegation]:
    """The delegations in force on the day at any of the units (one query for a whole work list)."""
    return list(session.scalars(_in_force_on(day).where(Delegation.unit_id.in_(list(unit_ids)))))


def _in_force_on(day: date) -> Select:
    """Not cancelled, and the day within the range (both days included)."""
    return select(Delegation).where(Delegation.cancelled_at.is_(None), Delegation.starts_on <= day,
                                    Delegation.ends_on >= day).order_by(Delegation.id)


def create_delegation(ctx: Ctx, actor: User, delegator: User, delegate: User, role: str,
                      starts_on: date, ends_on: date, reason: str = "") -> Delegation:
    """Lend the delegator's role to the delegate from `starts_on` to `ends_on`; the delegator or an admin acts."""
    ctx.act_as(actor)
    if actor.id != delegator.id and not is_admin(actor):
        raise Forbidden("Chỉ người ủy quyền hoặc quản trị hệ thống mới tạo được ủy quyền.")
    if role not in DELEGABLE:
        raise InvalidInput(f"Chỉ ủy quyền được vai trò {ROLE_CHOICES}.", {"role": "vai trò không ủy quyền được"})
    held = _assignment(delegator, role)
    _check_delegate(delegator, delegate, held, DELEGABLE[role])
    _check_dates(ctx, starts_on, ends_on)
    _check_no_overlap(ctx.session, delegator, held.committee_id, role, starts_on, ends_on)
    delegation = Delegation(delegator_id=delegator.id, delegate_id=delegate.id, unit_id=held.committee_id, role=role,
                            starts_on=starts_on, ends_on=ends_on, reason=clean(reason, "reason").strip() or None,
                            created_by=actor.username, created_at=ctx.now())
    ctx.session.add(delegation)
    ctx.session.flush()
    ctx.audit("delegate", comment=delegation.reason, details=_audit_details(delegation))
    return delegation


def delegate_by_name(ctx: Ctx, actor: User, delegator: str, delegate: str, role: str, starts_on: str,
                     ends_on: str, reason: str = "") -> Delegation:
    """What a form, the API or the CLI sends: usernames and ISO dates; each bad field named."""
    days = {name: _day(raw, name) for name, raw in (("starts_on", starts_on), ("ends_on", ends_on))}
    people = {name: _person(ctx.session, raw, name) for name, raw in (("delegator", delegator), ("delegate", delegate))}
    return create_delegation(ctx, actor, people["delegator"], people["delegate"], role, days["starts_on"],
                             days["ends_on"], reason)


def delegable(session: Session, user: User) -> list[DelegableRole]:
    """The roles the user may lend, each with the colleagues who may receive it (the form's choices)."""
    choices: list[DelegableRole] = []
    for held in (a for a in user.roles if a.role in DELEGABLE):
        needed = DELEGABLE[held.role]
        people = session.scalars(select(User).join(RoleAssignment).where(
            RoleAssignment.unit_id == held.unit_id, RoleAssignment.role == needed).order_by(User.username)).all()
        choices.append({"role": held.role, "role_title": ROLE_TITLES[Role(held.role)],
                        "unit_name": held.unit.committee_name, "delegate_title": ROLE_TITLES[needed],
                        "candidates": [{"username": p.username, "full_name": p.full_name} for p in people]})
    return choices


def cancel_delegation(ctx: Ctx, actor: User, delegation_id: int) -> Delegation:
    """End a delegation now; days already past stay as they were (the audit trail keeps what was done)."""
    ctx.act_as(actor)
    delegation = _visible(ctx.session, actor, delegation_id)
    if actor.id != delegation.delegator_id and not is_admin(actor):
        raise Forbidden("Chỉ người ủy quyền hoặc quản trị hệ thống mới hủy được ủy quyền.")
    if delegation.cancelled_at is not None:
        raise Conflict(f"Ủy quyền #{delegation.id} đã bị {delegation.cancelled_by} hủy lúc "
                       f"{delegation.cancelled_at:%H:%M %d/%m/%Y}.")
    if delegation.ends_on < ctx.clock.today():
        raise Conflict(f"Ủy quyền #{delegation.id} đã hết hạn ngày {delegation.ends_on:%d/%m/%Y}.")
    delegation.cancelled_by, delegation.cancelled_at = actor.username, ctx.now()
    ctx.audit("cancel_delegation", details=_audit_details(delegation))
    return delegation


def delegations_of(session: Session, user: User, today: date) -> list[DelegationView]:
    """Delegations the user gave or received (an administrator sees all), newest first."""
    query = select(Delegation).order_by(Delegation.starts_on.desc(), Delegation.id.desc())
    if not is_admin(user):
        query = query.where((Delegation.delegator_id == user.id) | (Delegation.delegate_id == user.id))
    return [delegation_view(d, user, today) for d in session.scalars(query)]


def delegation_view(delegation: Delegation, viewer: User, today: date) -> DelegationView:
    return {
        "id": delegation.id, "role": delegation.role, "role_title": ROLE_TITLES[Role(delegation.role)],
        "delegator": delegation.delegator.username, "delegator_name": delegation.delegator.full_name,
        "delegate": delegation.delegate.username, "delegate_name": delegation.delegate.full_name,
        "unit": delegation.unit.code, "unit_name": delegation.unit.committee_name,
        "starts_on": delegation.starts_on.isoformat(), "ends_on": delegation.ends_on.isoformat(),
        "reason": delegation.reason, "state": _state(delegation, today),
        "cancellable": _state(delegation, today) in ("planned", "in_force")
        and (viewer.id == delegation.delegator_id or is_admin(viewer)),
    }


def _state(delegation: Delegation, today: date) -> str:
    if delegation.cancelled_at is not None:
        return "cancelled"
    if today < delegation.starts_on:
        return "planned"
    return "in_force" if today <= delegation.ends_on else "ended"


def _assignment(delegator: User, role: str) -> RoleAssignment:
    held = [a for a in delegator.roles if a.role == role]
    if not held:
        raise InvalidInput(f"{delegator.full_name} không giữ vai trò {ROLE_TITLES[Role(role)]} để ủy quyền.",
                           {"role": "người ủy quyền không giữ vai trò này"})
    return held[0]


def _check_delegate(delegator: User, delegate: User, held: RoleAssignment, needed: Role) -> None:
    """The delegate holds the needed role at the very unit (committee, or the head's agency) the role is held."""
    if delegate.id == delegator.id:
        raise InvalidInput("Không thể tự ủy quyền cho chính mình.", {"delegate": "chọn người khác"})
    if not any(a.role == needed and a.unit_id == held.unit_id for a in delegate.roles):
        raise InvalidInput(
            f"{delegate.full_name} không phải {ROLE_TITLES[needed]} của {held.unit.committee_name}: "
            f"chỉ ủy quyền {ROLE_TITLES[Role(held.role)]} cho {ROLE_TITLES[needed]} cùng đơn vị.",
            {"delegate": f"cần là {ROLE_TITLES[needed]} của {held.unit.committee_name}"})


def _check_dates(ctx: Ctx, starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise InvalidInput(f"Ngày kết thúc {ends_on:%d/%m/%Y} trước ngày bắt đầu {starts_on:%d/%m/%Y}.",
                           {"ends_on": "trước ngày bắt đầu"})
    if ends_on < ctx.clock.today():
        raise InvalidInput(f"Khoảng ủy quyền đã qua (kết thúc {ends_on:%d/%m/%Y}).", {"ends_on": "đã qua"})


def _check_no_overlap(session: Session, delegator: User, unit_id: int, role: str, starts_on: date,
                      ends_on: date) -> None:
    """One delegate at a time per role: two would leave it unclear who acts on the delegator's behalf."""
    other = session.scalars(select(Delegation).where(
        Delegation.delegator_id == delegator.id, Delegation.unit_id == unit_id, Delegation.role == role,
        Delegation.cancelled_at.is_(None), Delegation.starts_on <= ends_on, Delegation.ends_on >= starts_on)).first()
    if other is not None:
        message = (f"Trùng thời gian với ủy quyền #{other.id} cho {other.delegate.full_name} "
                   f"từ {other.starts_on:%d/%m/%Y} đến {other.ends_on:%d/%m/%Y}.")
        raise InvalidInput(message, {"starts_on": "trùng ủy quyền khác", "ends_on": "trùng ủy quyền khác"})


def _day(raw: str, field: str) -> date:
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        raise InvalidInput(f"Ngày '{raw}' không hợp lệ (cần dạng 2024-03-05).", {field: "ngày không hợp lệ"}) from None


def _person(session: Session, username: str, field: str) -> User:
    user = session.scalar(select(User).where(User.username == nfc(username or "").strip().lower()))
    if user is None:
        raise InvalidInput(f"Không có người dùng '{username}'.", {field: "không có người dùng này"})
    return user


def _visible(session: Session, user: User, delegation_id: int) -> Delegation:
    """A delegation the user gave or received (any, for an admin); others answer 'not found'."""
    delegation = session.get(Delegation, delegation_id)
    if delegation is None or not (is_admin(user) or user.id in (delegation.delegator_id, delegation.delegate_id)):
        raise NotFound(f"Không có ủy quyền #{delegation_id} trong phạm vi của bạn.")
    return delegation


def _audit_details(delegation: Delegation) -> dict:
    return {"delegation_id": delegation.id, "delegator": delegation.delegator.username,
            "delegate": delegation.delegate.username, "role": delegation.role, "unit": delegation.unit.code,
            "starts_on": delegation.starts_on.isoformat(), "ends_on": delegation.ends_on.isoformat()}
