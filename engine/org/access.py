"""What a user may see: the units under their roles, and the plans and reports that concern them.

A user sees their own committees and every unit beneath them (a district's people follow its communes), the plans
addressed to those units (a commune sees the district plan it implements) or entered in their incoming registers
(a plan recorded from outside), and the parent chain of their own plans. Administrators see everything. Anything
outside answers "not found", so an id typed from another unit reveals nothing.
"""

from __future__ import annotations

from sqlalchemy import CompoundSelect, Select, or_, select, union
from sqlalchemy.orm import Session, aliased

from engine.errors import NotFound
from engine.models import IncomingEntry, Obligation, Plan, Recipient, Unit, User
from engine.org.roles import Role


def is_admin(user: User) -> bool:
    return any(a.role == Role.ADMIN for a in user.roles)


def own_unit_ids(user: User) -> set[int]:
    """The committees (and agencies) where the user holds a role."""
    return {unit_id for assignment in user.roles for unit_id in assignment.acts_for}


def unit_subtree(user: User) -> Select:
    """The ids of the user's units and every unit beneath them, as a recursive query."""
    tree = select(Unit.id).where(Unit.id.in_(own_unit_ids(user) or {-1})).cte("scope", recursive=True)
    child = aliased(Unit)
    tree = tree.union(select(child.id).where(child.parent_id == tree.c.id))
    return select(tree.c.id)


def visible_plan_ids(user: User) -> CompoundSelect:
    """The ids of the plans the user may open."""
    own = unit_subtree(user)
    addressed = select(Recipient.plan_id).where(Recipient.unit_id.in_(own_unit_ids(user) or {-1}))
    # A document entered in their incoming register: a plan recorded from outside, at the superior committee.
    received = select(IncomingEntry.plan_id).where(IncomingEntry.unit_id.in_(own_unit_ids(user) or {-1}),
                                                   IncomingEntry.plan_id.is_not(None))
    chain = select(Plan.parent_id).where(Plan.unit_id.in_(own), Plan.parent_id.is_not(None)).cte(
        "chain", recursive=True)
    parent = aliased(Plan)
    chain = chain.union(select(parent.parent_id).where(parent.id == chain.c.parent_id,
                                                       parent.parent_id.is_not(None)))
    return union(select(Plan.id).where(Plan.unit_id.in_(own)), addressed, received, select(chain.c.parent_id))


def visible_plans(user: User) -> Select:
    """A query of the plans the user may see, to filter and order further."""
    query = select(Plan)
    return query if is_admin(user) else query.where(Plan.id.in_(visible_plan_ids(user)))


def require_plan(session: Session, user: User, plan_id: int) -> Plan:
    """The plan, if the user may see it; otherwise the same 'not found' as for a missing id."""
    plan = session.scalar(visible_plans(user).where(Plan.id == plan_id))
    if plan is None:
        raise NotFound(f"Không có kế hoạch #{plan_id} trong phạm vi của bạn.")
    return plan


def visible_obligations(user: User) -> Select:
    """A query of the reports the user may see: made or received by units in their scope."""
    query = select(Obligation)
    if is_admin(user):
        return query
    own = unit_subtree(user)
    return query.where(or_(Obligation.reporting_unit_id.in_(own), Obligation.receiving_unit_id.in_(own)))


def may_see_obligation(session: Session, user: User, obligation_id: int) -> bool:
    """Whether the report is one the user may see: made or received by a unit in their scope."""
    return session.scalar(visible_obligations(user).with_only_columns(Obligation.id)
                          .where(Obligation.id == obligation_id)) is not None


def require_obligation(session: Session, user: User, obligation_id: int) -> Obligation:
    """The report, if the user may see it (visible_obligations); otherwise the same 'not found' as for a missing id."""
    obligation = session.scalar(visible_obligations(user).where(Obligation.id == obligation_id))
    if obligation is None:
        raise NotFound(f"Không có báo cáo #{obligation_id} trong phạm vi của bạn.")
    return obligation


def in_scope(session: Session, user: User, unit_id: int) -> bool:
    """Whether the unit is one of the user's or lies beneath them."""
    return is_admin(user) or session.scalar(
        select(Unit.id).where(Unit.id == unit_id, Unit.id.in_(unit_subtree(user)))) is not None
