"""Demo organisations: real units of either regime, their agencies, one user per role per unit."""

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
from engine.org.unit_data import UnitSeed, agency_seeds, demo_units, focal_kind

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
    agencies = load_agencies(session, seeds, units, regime)
    password_hash = generate_password_hash(DEMO_PASSWORD)
    created = create_role_users(session, units.values(), password_hash)
    created += create_agency_users(session, agencies.get(seeds[2].code, []), password_hash)
    top = units[seeds[1].code]  # the province: system roles sit there for the demo
    for role in (Role.DESIGNER, Role.ADMIN):
        created += _ensure_user(session, f"{role}.{top.code}", _person(f"{role}{top.code}"), top,
                                [role], password_hash)
    return created


def regime_on(day: date) -> int:
    """3 (tỉnh-huyện-xã) before 1 July 2025, 2 (tỉnh-xã) from then."""
    return 2 if day >= REGIME_START[2] else 3


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
        session.add_all([unit, focal_agency_of(unit, seed, valid_from)])
        units[seed.code] = unit
    session.flush()
    return units


def focal_agency_of(unit: Unit, seed: UnitSeed, valid_from: date) -> Unit:
    """A new committee's focal agency: Phòng Nội vụ of a district, the office of a commune (one rule for all)."""
    kind, abbreviation = focal_kind(seed.level, regime_on(valid_from))
    return Unit(code=f"{seed.code}.NV", name=agency_name(seed), level="agency", parent=unit, is_focal=True,
                kind=kind, abbreviation=abbreviation, valid_from=valid_from)


def load_agencies(session: Session, seeds: Iterable[UnitSeed], units: dict[str, Unit],
                  regime: int) -> dict[str, list[Unit]]:
    """The demo committees' other agencies (unit_data.agency_seeds), each once; committee code → its agencies."""
    wanted = {seed.code: agency_seeds(seed.level, regime) for seed in seeds}
    codes = [f"{code}.{a.suffix}" for code, agencies in wanted.items() for a in agencies]
    known = {u.code: u for u in session.scalars(select(Unit).where(Unit.level == "agency", Unit.code.in_(codes)))}
    made: dict[str, list[Unit]] = {}
    for code, agencies in wanted.items():
        committee = units[code]
        for agency in agencies:
            unit = known.get(f"{code}.{agency.suffix}") or Unit(
                code=f"{code}.{agency.suffix}", name=f"{agency.name} {_lower_first(committee.name)}", level="agency",
                parent=committee, kind=agency.kind, abbreviation=agency.abbreviation, valid_from=committee.valid_from)
            session.add(unit)
            made.setdefault(code, []).append(unit)
    session.flush()
    return made


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def agency_name(seed: UnitSeed) -> str:
    """'Phòng Nội vụ' of 'Huyện Tứ Kỳ' → 'Phòng Nội vụ huyện Tứ Kỳ'."""
    if seed.level == "central":
        return f"{seed.focal_name} - {seed.name}"
    return f"{seed.focal_name} {_lower_first(seed.name)}"


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


def create_agency_users(session: Session, agencies: Iterable[Unit], password_hash: str) -> int:
    """An officer and a head at each agency: 'officer.298.tp', 'head.298.tp' (usernames are lower case)."""
    created = 0
    for agency in agencies:
        for role in AGENCY_ROLES:
            username = f"{role}.{agency.code.lower()}"
            created += _ensure_user(session, username, _person(username), agency, [role], password_hash)
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
    """One account per role at the first district (or province) of the demo, its Phòng Tư pháp's, the system roles."""
    units = session.scalars(select(Unit).where(Unit.level.in_(("district", "province"))).order_by(
        Unit.level, Unit.code.desc())).all()
    if not units:
        return []
    unit = units[0]
    names = [f"{role}.{unit.code}" for role in AGENCY_ROLES + COMMITTEE_ROLES]
    names += [f"officer.{child.code}" for child in session.scalars(
        select(Unit).where(Unit.parent_id == unit.id, Unit.level == "commune").order_by(Unit.code).limit(1))]
    # An agency other than the focal one acts for itself only: its Phòng Tư pháp's officer and head show that.
    names += [f"{role}.{unit.code.lower()}.tp" for role in AGENCY_ROLES]
    existing = set(session.scalars(select(User.username).where(User.username.in_(names))))
    system = session.scalars(select(User.username).join(RoleAssignment).where(
        RoleAssignment.role.in_((Role.ADMIN, Role.DESIGNER))).order_by(User.username)).all()
    return [name for name in names if name in existing] + list(system)
