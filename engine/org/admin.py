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
from engine.org.demo import focal_agency_of, regime_on
from engine.org.roles import Role
from engine.org.unit_data import UnitSeed, focal_name
from engine.org.units import end_sessions, get_unit, get_unit_or_agency, get_user, require_role
from engine.text import clean, nfc

USERNAME = re.compile(r"^[a-z0-9_.-]{3,80}$")
# Unit codes: GSO codes ("298"), and an agency's after its committee's ("298.TP"); the column holds 20.
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
# ASCII only, as mail needs it (engine/notify/outbox.py checks an address the same way when a user sets it).
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
# What the columns hold (engine/models/org.py).
MAX_NAME, MAX_ABBREVIATION, MAX_EMAIL = 200, 20, 254
# Unit.kind of an agency: sở, phòng, ban, Văn phòng, Thanh tra; trung tâm, đài, báo; a commune's công chức.
KINDS = {"specialised": "cơ quan chuyên môn", "service": "đơn vị sự nghiệp", "office": "công chức chuyên môn (xã)"}
# The level a committee's superior has: a commune sits under a district, or under a province from July 2025.
PARENT_LEVELS = {"province": ("central",), "district": ("province",), "commune": ("district", "province")}
MIN_PASSWORD = 8
MAX_PASSWORD = 200  # what POST /api/v1/tokens accepts: a longer password could never sign in to the API
# Passwords guessed first: the lists attackers try, in Vietnamese habits too, and this application's own name.
COMMON_PASSWORDS = frozenset({
    "12345678", "123456789", "1234567890", "87654321", "11111111", "00000000", "88888888", "66666666",
    "12341234", "11223344", "123123123", "password", "password1", "password123", "passw0rd", "p@ssw0rd",
    "qwerty123", "qwertyuiop", "1qaz2wsx", "abc12345", "abcd1234", "iloveyou", "admin123", "administrator",
    "welcome1", "letmein1", "sunshine", "football", "baseball", "princess", "matkhau", "matkhau1", "matkhau123",
    "mat khau", "anhyeuem", "emyeuanh", "yeuemnhieu", "vietnam1", "vietnam123", "hanoi123", "saigon123",
    "planflow", "planflow1", "planflow123", "ubnd1234", "ubnd2024", "dandan123",
})
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


def password_problem(password: str, username: str) -> str | None:
    """What makes a new password too weak, in Vietnamese; None when it is fine. The one password policy.

    Applied when a password is set (an administrator creates a user or sets a password), not when signing in.
    Leading and trailing spaces do not count towards the length; the password is stored as typed.
    """
    text = nfc(password)
    core, name = text.strip(), nfc(username).strip().casefold()
    folded = core.casefold()
    if len(core) < MIN_PASSWORD:
        return f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự (không tính khoảng trắng ở đầu và cuối)"
    if len(text) > MAX_PASSWORD:
        return f"mật khẩu dài tối đa {MAX_PASSWORD} ký tự"
    if len(name) >= 3 and (name in folded or folded in name):
        return "mật khẩu không được trùng hoặc chứa tên đăng nhập"
    if folded in COMMON_PASSWORDS or len(set(folded)) == 1:
        return "mật khẩu quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác"
    return None


def create_user(ctx: Ctx, username: str, full_name: str, password: str) -> User:
    username, full_name = nfc(username).strip().lower(), nfc(full_name).strip()
    problems = {}
    if not USERNAME.match(username):
        problems["username"] = "3–80 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới"
    elif ctx.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"Tên đăng nhập '{username}' đã có người dùng.")
    if not full_name:
        problems["full_name"] = "cần nhập họ và tên"
    weak = password_problem(password, username)
    if weak:
        problems["password"] = weak
    if problems:
        raise InvalidInput("Chưa tạo được người dùng: " + "; ".join(problems.values()) + ".", problems)
    user = User(username=username, full_name=full_name, password_hash=generate_password_hash(password))
    ctx.session.add(user)
    ctx.session.flush()
    ctx.audit("create_user", details={"username": username})
    return user


def set_password(ctx: Ctx, username: str, password: str) -> None:
    """A new password ends the user's open sessions and API tokens (they carry a stamp of the old one)."""
    user = get_user(ctx.session, username)
    weak = password_problem(password, user.username)
    if weak:
        raise InvalidInput(f"Chưa đặt được mật khẩu: {weak}.", {"password": weak})
    user.password_hash = generate_password_hash(password)
    end_sessions(user)
    ctx.audit("set_password", details={"username": username})


def grant_role(ctx: Ctx, username: str, role: str, unit_code: str) -> RoleAssignment:
    """Give a role at a committee or at an agency.

    Officers and heads given at a committee are placed in its focal agency (they act for the committee);
    given at another agency they act for that agency only. Chairs and vice chairs sit at committees.
    """
    if role not in set(Role):
        raise InvalidInput(f"Vai trò '{role}' không tồn tại.", {"role": "không hợp lệ"})
    user = get_user(ctx.session, username)
    unit = get_unit_or_agency(ctx.session, unit_code, ctx.clock.today())
    where = _place_of(ctx, unit, role)
    if any(a.role == role and a.unit_id == where.id for a in user.roles):
        raise Conflict(f"{user.full_name} đã có vai trò này tại {where.committee_name}.")
    assignment = RoleAssignment(user=user, unit=where, role=role)
    ctx.session.add(assignment)
    ctx.session.flush()
    ctx.audit("grant_role", details={"username": username, "role": role, "unit": where.code})
    return assignment


def role_place(ctx: Ctx, role: str, unit_code: str) -> Unit:
    """The unit where `grant_role` would place the role given at this code (a committee's: its focal agency)."""
    if role not in set(Role):
        raise InvalidInput(f"Vai trò '{role}' không tồn tại.", {"role": "không hợp lệ"})
    return _place_of(ctx, get_unit_or_agency(ctx.session, unit_code, ctx.clock.today()), role)


def _place_of(ctx: Ctx, unit: Unit, role: str) -> Unit:
    if unit.level != "agency":
        return _focal_agency(ctx, unit) if role in AGENCY_ROLES else unit
    if role in (Role.CHAIR, Role.VICE_CHAIR):
        raise InvalidInput(f"Chủ tịch, Phó Chủ tịch giữ vai trò tại UBND, không tại {unit.name}.",
                           {"role": "không giao tại cơ quan"})
    return unit


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
    code, name = _code(code), clean_text(name, "name", "tên", MAX_NAME)
    if level not in LEVELS[1:] or not code or not name:
        raise InvalidInput("Cần mã, tên và cấp (tỉnh, huyện hoặc xã) của đơn vị.",
                           {"level": "không hợp lệ"} if level not in LEVELS[1:] else {})
    parent = get_unit(ctx.session, parent_code, valid_from) if parent_code else None
    if parent is not None and parent.level not in PARENT_LEVELS[level]:
        raise InvalidInput(f"Đơn vị cấp {_LEVEL_NAMES[level]} không thể trực thuộc {parent.committee_name}.",
                           {"parent": "không đúng cấp"})
    if ctx.session.scalar(select(Unit.id).where(Unit.code == code, Unit.level == level,
                                                Unit.valid_to.is_(None))) is not None:
        raise Conflict(f"Đã có đơn vị mã '{code}' đang hiệu lực.")
    seed = UnitSeed(code, name, level, parent_code, focal_name(level, regime_on(valid_from)))
    unit = Unit(code=code, name=name, level=level, parent=parent, valid_from=valid_from)
    ctx.session.add_all([unit, focal_agency_of(unit, seed, valid_from)])
    ctx.session.flush()
    ctx.audit("add_unit", details={"unit": code, "level": level, "from": valid_from.isoformat()})
    return unit


def add_agency(ctx: Ctx, code: str, name: str, committee_code: str, kind: str, abbreviation: str | None,
               valid_from: date) -> Unit:
    """A new agency of a committee (sở, phòng, ban, trung tâm; a commune's office), valid from a day.

    Every committee has exactly one focal agency, made with it (add_unit): an agency added here never is.
    """
    code, name = _code(code), clean_text(name, "name", "tên", MAX_NAME)
    abbreviation = clean_text(abbreviation or "", "abbreviation", "tên viết tắt", MAX_ABBREVIATION) or None
    if kind not in KINDS:
        raise InvalidInput(f"Loại cơ quan '{kind}' không hợp lệ; chọn một trong: {', '.join(KINDS)}.",
                           {"kind": "không hợp lệ"})
    if not name:
        raise InvalidInput("Cần tên của cơ quan.", {"name": "cần nhập"})
    committee = get_unit(ctx.session, committee_code, valid_from)
    if ctx.session.scalar(select(Unit.id).where(Unit.code == code, Unit.valid_to.is_(None))) is not None:
        raise Conflict(f"Đã có đơn vị hoặc cơ quan mã '{code}' đang hiệu lực.")
    agency = Unit(code=code, name=name, level="agency", parent=committee, kind=kind, abbreviation=abbreviation,
                  valid_from=valid_from)
    ctx.session.add(agency)
    ctx.session.flush()
    ctx.audit("add_agency", details={"unit": code, "committee": committee.code, "kind": kind})
    return agency


def add_user_without_password(ctx: Ctx, username: str, full_name: str, email: str | None = None) -> User:
    """A user who cannot sign in until an administrator sets a password (set_password): imported people."""
    username, full_name = _username(ctx, username), clean_text(full_name, "full_name", "họ và tên", MAX_NAME)
    if not full_name:
        raise InvalidInput("Cần nhập họ và tên.", {"full_name": "cần nhập họ và tên"})
    user = User(username=username, full_name=full_name, password_hash=None, email=valid_email(email or ""))
    ctx.session.add(user)
    ctx.session.flush()
    ctx.audit("create_user", details={"username": username, "password": False})
    return user


def valid_email(email: str) -> str | None:
    """The address as stored (None when empty); refused when mail could not reach it."""
    email = clean_text(email, "email", "thư điện tử", MAX_EMAIL)
    if email and not EMAIL.match(email):
        raise InvalidInput(f"'{email}' không phải địa chỉ thư điện tử hợp lệ (chữ không dấu, dạng ten@co-quan.gov.vn).",
                           {"email": "không hợp lệ"})
    return email or None


_LEVEL_NAMES = {"province": "tỉnh", "district": "huyện", "commune": "xã"}


def clean_text(value: str, field: str, label: str, limit: int) -> str:
    """Input text as stored: NFC, trimmed, no control characters, at most `limit` characters."""
    text = clean(value, field).strip()
    if len(text) > limit:
        raise InvalidInput(f"{label[:1].upper()}{label[1:]} dài tối đa {limit} ký tự (có {len(text)}).",
                           {field: "quá dài"})
    return text


def _code(value: str) -> str:
    code = clean_text(value, "code", "mã", 20)
    if code and not CODE.match(code):
        raise InvalidInput(f"Mã '{code}' chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang (tối đa 20 ký tự).",
                           {"code": "không hợp lệ"})
    return code


def _username(ctx: Ctx, value: str) -> str:
    username = nfc(value).strip().lower()
    if not USERNAME.match(username):
        raise InvalidInput(f"Tên đăng nhập '{clean(username, 'username')[:80]}' không hợp lệ: 3–80 ký tự, chữ thường "
                           "không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.", {"username": "không hợp lệ"})
    if ctx.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"Tên đăng nhập '{username}' đã có người dùng.")
    return username


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
