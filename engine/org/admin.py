"""Administration: users, their roles at units, and units that open or are dissolved. Admins only."""

from __future__ import annotations

import re
from datetime import date
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from engine.context import Ctx
from engine.errors import Conflict, InvalidInput, NotFound
from engine.models import LEVELS, RoleAssignment, Unit, User
from engine.org.demo import REGIME_START, agency_name
from engine.org.roles import Role
from engine.org.unit_data import UnitSeed, focal_name
from engine.org.units import get_unit, get_user, require_role
from engine.text import nfc

USERNAME = re.compile(r"^[a-z0-9_.-]{3,80}$")
MIN_PASSWORD = 8
# Officers and heads work in the focal agency; the others at the committee itself.
AGENCY_ROLES = {Role.OFFICER, Role.HEAD}


class UserView(TypedDict):
    """A user as the admin list and `planflow users` show them: the committee of their first role."""

    username: str
    full_name: str
    unit: str | None
    unit_name: str | None
    level: str | None
    agency: str | None
    roles: list[str]


def require_admin(user: User) -> None:
    require_role(user, {Role.ADMIN})


def create_user(ctx: Ctx, username: str, full_name: str, password: str) -> User:
    username, full_name = nfc(username).strip().lower(), nfc(full_name).strip()
    problems = {}
    if not USERNAME.match(username):
        problems["username"] = "3–80 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới"
    if not full_name:
        problems["full_name"] = "cần nhập họ và tên"
    if len(password) < MIN_PASSWORD:
        problems["password"] = f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự"
    if problems:
        raise InvalidInput("Chưa tạo được người dùng: " + "; ".join(problems.values()) + ".", problems)
    if ctx.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"Tên đăng nhập '{username}' đã có người dùng.")
    user = User(username=username, full_name=full_name, password_hash=generate_password_hash(password))
    ctx.session.add(user)
    ctx.session.flush()
    ctx.audit("create_user", details={"username": username})
    return user


def set_password(ctx: Ctx, username: str, password: str) -> None:
    """A new password ends the user's open sessions and API tokens (they carry a stamp of the old one)."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.", {"password": "quá ngắn"})
    get_user(ctx.session, username).password_hash = generate_password_hash(password)
    ctx.audit("set_password", details={"username": username})


def grant_role(ctx: Ctx, username: str, role: str, unit_code: str) -> RoleAssignment:
    """Give a role at a committee; officers and heads are placed in its focal agency."""
    if role not in set(Role):
        raise InvalidInput(f"Vai trò '{role}' không tồn tại.", {"role": "không hợp lệ"})
    user = get_user(ctx.session, username)
    unit = get_unit(ctx.session, unit_code, ctx.clock.today())
    where = _focal_agency(ctx, unit) if role in AGENCY_ROLES else unit
    if any(a.role == role and a.unit_id == where.id for a in user.roles):
        raise Conflict(f"{user.full_name} đã có vai trò này tại {unit.committee_name}.")
    assignment = RoleAssignment(user=user, unit=where, role=role)
    ctx.session.add(assignment)
    ctx.session.flush()
    ctx.audit("grant_role", details={"username": username, "role": role, "unit": unit.code})
    return assignment


def revoke_role(ctx: Ctx, assignment_id: int) -> None:
    assignment = ctx.session.get(RoleAssignment, assignment_id)
    if assignment is None:
        raise NotFound(f"Không có phân quyền #{assignment_id}.")
    if assignment.role == Role.ADMIN and ctx.actor is not None and assignment.user_id == ctx.actor.id:
        raise Conflict("Không thể tự bỏ vai trò quản trị của chính mình.")
    ctx.audit("revoke_role", details={"username": assignment.user.username, "role": assignment.role,
                                      "unit": assignment.unit.code})
    ctx.session.delete(assignment)


def add_unit(ctx: Ctx, code: str, name: str, level: str, parent_code: str | None, valid_from: date) -> Unit:
    """A new committee with its focal agency (named as the regime of that day names it), valid from a day."""
    code, name = nfc(code).strip(), nfc(name).strip()
    if level not in LEVELS[1:] or not code or not name:
        raise InvalidInput("Cần mã, tên và cấp (tỉnh, huyện hoặc xã) của đơn vị.",
                           {"level": "không hợp lệ"} if level not in LEVELS[1:] else {})
    parent = get_unit(ctx.session, parent_code, valid_from) if parent_code else None
    if ctx.session.scalar(select(Unit.id).where(Unit.code == code, Unit.level == level,
                                                Unit.valid_to.is_(None))) is not None:
        raise Conflict(f"Đã có đơn vị mã '{code}' đang hiệu lực.")
    regime = 2 if valid_from >= REGIME_START[2] else 3
    seed = UnitSeed(code, name, level, parent_code, focal_name(level, regime))
    unit = Unit(code=code, name=name, level=level, parent=parent, valid_from=valid_from)
    focal = Unit(code=f"{code}.NV", name=agency_name(seed), level="agency", parent=unit, is_focal=True,
                 valid_from=valid_from)
    ctx.session.add_all([unit, focal])
    ctx.session.flush()
    ctx.audit("add_unit", details={"unit": code, "level": level, "from": valid_from.isoformat()})
    return unit


def _focal_agency(ctx: Ctx, unit: Unit) -> Unit:
    agency = ctx.session.scalar(select(Unit).where(Unit.parent_id == unit.id, Unit.is_focal.is_(True)))
    if agency is None:
        raise NotFound(f"{unit.committee_name} chưa có cơ quan đầu mối để xếp chuyên viên, trưởng phòng.")
    return agency


def list_users(session: Session, q: str = "", limit: int | None = None) -> list[UserView]:
    """Users by username, those whose username or name contains `q`; at most `limit` of them."""
    query = select(User).order_by(User.username).limit(limit)
    if q:
        query = query.where(User.username.contains(q.lower()) | User.full_name.ilike(f"%{nfc(q)}%"))
    return [_user_view(user) for user in session.scalars(query).all()]


def _user_view(user: User) -> UserView:
    assignment = user.roles[0] if user.roles else None
    committee = assignment.unit.parent if assignment and assignment.unit.level == "agency" else (
        assignment.unit if assignment else None)
    return {
        "username": user.username, "full_name": user.full_name,
        "unit": committee.code if committee else None,
        "unit_name": committee.committee_name if committee else None,
        "level": committee.level if committee else None,
        "agency": assignment.unit.name if assignment and assignment.unit.level == "agency" else None,
        "roles": sorted({a.role for a in user.roles}),
    }
