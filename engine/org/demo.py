"""Demo organisations: real units of either regime, their focal agencies, one user per role per unit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from itertools import cycle

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from engine.models import RoleAssignment, Unit, User
from engine.org.roles import Role
from engine.org.unit_data import UnitSeed, demo_units

DEMO_PASSWORD = "planflow"
# The 3-level demo stands alone as the tree was before the reform; the 2-level one starts on 1/7/2025.
REGIME_START = {3: date(2008, 8, 1), 2: date(2025, 7, 1)}
AGENCY_ROLES = (Role.OFFICER, Role.HEAD)
COMMITTEE_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.CLERK)
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
_MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh", "Xuân")
_GIVEN = ("An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Mai",
          "Nam", "Nga", "Phong", "Phương", "Sơn", "Tâm", "Thành", "Thảo", "Trung", "Tuấn", "Vân", "Yến")


def load_demo(session: Session, regime: int) -> int:
    """Load the demo organisation of a regime once; return how many users were created."""
    seeds = demo_units(regime)
    units = load_units(session, seeds, REGIME_START[regime])
    created = create_role_users(session, units.values(), generate_password_hash(DEMO_PASSWORD))
    top = units[seeds[1].code]  # the province: system roles sit there for the demo
    for role in (Role.DESIGNER, Role.ADMIN):
        created += _ensure_user(session, f"{role}.{top.code}", _person(f"{role}{top.code}"), top,
                                [role], generate_password_hash(DEMO_PASSWORD))
    return created


def load_units(session: Session, seeds: Iterable[UnitSeed], valid_from: date) -> dict[str, Unit]:
    """Create each unit (and its focal agency) unless one with that code is already valid then."""
    units: dict[str, Unit] = {}
    for seed in seeds:
        existing = session.scalar(select(Unit).where(Unit.code == seed.code, Unit.level == seed.level))
        if existing is not None and existing.is_valid_on(max(valid_from, existing.valid_from)):
            units[seed.code] = existing
            continue
        parent = units.get(seed.parent_code) if seed.parent_code else None
        unit = Unit(code=seed.code, name=seed.name, level=seed.level, parent=parent, valid_from=valid_from)
        focal = Unit(code=f"{seed.code}.NV", name=agency_name(seed), level="agency", parent=unit,
                     is_focal=True, valid_from=valid_from)
        session.add_all([unit, focal])
        units[seed.code] = unit
    session.flush()
    return units


def agency_name(seed: UnitSeed) -> str:
    """'Phòng Nội vụ' of 'Huyện Tứ Kỳ' → 'Phòng Nội vụ huyện Tứ Kỳ'."""
    if seed.level == "central":
        return f"{seed.focal_name} - {seed.name}"
    return f"{seed.focal_name} {seed.name[:1].lower()}{seed.name[1:]}"


def create_role_users(session: Session, units: Iterable[Unit], password_hash: str) -> int:
    """One user per role per unit: officer and head at the focal agency, the rest at the committee."""
    created = 0
    for unit in units:
        focal = session.scalar(select(Unit).where(Unit.parent_id == unit.id, Unit.is_focal.is_(True)))
        for role in AGENCY_ROLES + COMMITTEE_ROLES:
            where = focal if role in AGENCY_ROLES and focal is not None else unit
            created += _ensure_user(session, f"{role}.{unit.code}", _person(f"{role}{unit.code}"), where,
                                    [role], password_hash)
    session.flush()
    return created


def _ensure_user(session: Session, username: str, full_name: str, unit: Unit, roles: list[str],
                 password_hash: str) -> int:
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        return 0
    user = User(username=username, full_name=full_name, password_hash=password_hash)
    user.roles = [RoleAssignment(unit=unit, role=role) for role in roles]
    session.add(user)
    return 1


def _person(seed: str) -> str:
    """A stable, plausible Vietnamese full name for a demo account."""
    digest = hashlib.sha256(seed.encode()).digest()
    parts = cycle(digest)
    return f"{_FAMILY[next(parts) % len(_FAMILY)]} {_MIDDLE[next(parts) % len(_MIDDLE)]} " \
           f"{_GIVEN[next(parts) % len(_GIVEN)]}"


def demo_accounts(session: Session) -> list[str]:
    """One account per role at the first district (or province) of the demo, and the system roles."""
    units = session.scalars(select(Unit).where(Unit.level.in_(("district", "province"))).order_by(
        Unit.level, Unit.code.desc())).all()
    if not units:
        return []
    unit = units[0]
    names = [f"{role}.{unit.code}" for role in AGENCY_ROLES + COMMITTEE_ROLES]
    names += [f"officer.{child.code}" for child in session.scalars(
        select(Unit).where(Unit.parent_id == unit.id, Unit.level == "commune").order_by(Unit.code).limit(1))]
    existing = set(session.scalars(select(User.username).where(User.username.in_(names))))
    system = session.scalars(select(User.username).join(RoleAssignment).where(
        RoleAssignment.role.in_((Role.ADMIN, Role.DESIGNER))).order_by(User.username)).all()
    return [name for name in names if name in existing] + list(system)
