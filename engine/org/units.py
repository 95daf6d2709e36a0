"""Organisation queries: who holds which role where, and which units sit under which."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload, lazyload
from werkzeug.security import check_password_hash, generate_password_hash

from engine.errors import Forbidden, NotFound
from engine.models import RoleAssignment, Unit, User
from engine.org.roles import ROLE_TITLES, Role, roles_at
from engine.text import CONTROL_CHARACTERS, fold, nfc

# Built once: on SQLite, building and hashing a statement costs more than running it (docs/benchmarks.md).
USER_BY_NAME = select(User).options(joinedload(User.roles)).where(User.username == bindparam("username"))
CHILD_COMMITTEES = (select(Unit).where(Unit.parent_id == bindparam("unit_id"), Unit.level != "agency")
                    .order_by(Unit.code))
FOCAL_AGENCY = select(Unit).where(Unit.parent_id == bindparam("unit_id"), Unit.is_focal.is_(True))
# A unit and its focal agency, then who holds the roles there: two index lookups in one statement. Joining users
# to assignments "at the unit OR at its focal agency" scanned every user on PostgreSQL (docs/benchmarks.md).
_UNIT_AND_FOCAL = select(Unit.id).where((Unit.id == bindparam("unit_id"))
                                        | ((Unit.parent_id == bindparam("unit_id")) & Unit.is_focal.is_(True)))
ROLE_HOLDERS = (
    select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
    .where(RoleAssignment.unit_id.in_(_UNIT_AND_FOCAL), RoleAssignment.role.in_(bindparam("roles", expanding=True)))
    .order_by(User.username)
    # Their roles only when read: whoever sends a notice reads names and addresses, not roles.
    .options(lazyload(User.roles))
)


def get_user(session: Session, username: str) -> User:
    user = _user_named(session, nfc(username))
    if user is None:
        raise NotFound(f"Không có người dùng '{username}'.")
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user if the password matches their stored hash; None for any mismatch (no hint which).

    Exactly one password-hash check runs whatever the username: an unknown user, or an account that cannot sign
    in, is checked against a dummy hash, so the time taken does not tell which usernames exist.
    """
    user = _user_named(session, nfc(username.strip()))
    if _password_matches(user.password_hash if user is not None else None, password):
        return user
    return None


def _user_named(session: Session, name: str) -> User | None:
    """A name with a control character is no user's, and is not looked up (PostgreSQL refuses NUL in a query)."""
    if CONTROL_CHARACTERS.search(name):
        return None
    return session.scalars(USER_BY_NAME, {"username": name}).unique().first()


def _password_matches(stored: str | None, password: str) -> bool:
    if stored and stored.count("$") >= 2:  # "method$salt$hash"; anything else is a placeholder
        try:
            return check_password_hash(stored, password)
        except ValueError:  # a placeholder hash (accounts that cannot sign in): checked like an unknown user
            pass
    check_password_hash(_dummy_hash(), password)
    return False


@cache
def _dummy_hash() -> str:
    """A hash made like every stored one (Werkzeug's default method and cost), of a password nobody knows."""
    return generate_password_hash("planflow: no such user")


def end_sessions(user: User) -> None:
    """End every session and API token of the user (signing out, a new password): their stamp changes."""
    user.session_epoch = (user.session_epoch or 0) + 1


def get_agency(session: Session, code: str, on: date) -> Unit:
    """The agency with this code valid on the day ('298.TP': Phòng Tư pháp huyện Tứ Kỳ)."""
    units = session.scalars(select(Unit).where(Unit.code == nfc(code), Unit.level == "agency")).all()
    valid = [u for u in units if u.is_valid_on(on)]
    if not valid:
        if units:
            raise NotFound(f"Cơ quan '{code}' không còn hiệu lực vào ngày {on:%d/%m/%Y}.")
        raise NotFound(f"Không có cơ quan mã '{code}'.")
    return valid[0]


def get_unit_or_agency(session: Session, code: str, on: date) -> Unit:
    """A committee with this code valid on the day, else an agency with it (their codes never meet: '298', '298.TP')."""
    try:
        return get_unit(session, code, on)
    except NotFound:
        if not session.scalar(select(Unit.id).where(Unit.code == nfc(code), Unit.level == "agency").limit(1)):
            raise
    return get_agency(session, code, on)


def agencies_of(session: Session, committee_id: int, on: date, kinds: Iterable[str] | None = None) -> list[Unit]:
    """A committee's agencies valid on the day, of the given kinds if any, in Vietnamese order of their names."""
    query = select(Unit).where(Unit.parent_id == committee_id, Unit.level == "agency")
    if kinds is not None:
        query = query.where(Unit.kind.in_(list(kinds)))
    return sorted((u for u in session.scalars(query) if u.is_valid_on(on)), key=lambda u: name_key(u.name))


# Vietnamese alphabetical order: a ă â b c d đ e ê … o ô ơ … u ư …, then tones (none, huyền, hỏi, ngã, sắc, nặng).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def name_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A sort key in Vietnamese order: letters first ("Đà Nẵng" after "Dương", before "Gia Lai"), tones second."""
    letters: list[int] = []
    tones: list[int] = []
    for char in fold(text):
        parts = unicodedata.normalize("NFD", char)
        tone = next((_TONES[p] for p in parts if p in _TONES), 0)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONES))
        letters.append(_ALPHABET.index(base) + 0x10000 if base in _ALPHABET else ord(base))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def get_unit(session: Session, code: str, on: date) -> Unit:
    """The committee with this code valid on the day (codes are reused across regimes)."""
    units = session.scalars(select(Unit).where(Unit.code == nfc(code), Unit.level != "agency")).all()
    valid = [u for u in units if u.is_valid_on(on)]
    if not valid:
        if units:
            raise NotFound(f"Đơn vị '{code}' không còn hiệu lực vào ngày {on:%d/%m/%Y}.")
        raise NotFound(f"Không có đơn vị mã '{code}'.")
    return valid[0]


def acting_roles(user: User, unit_id: int) -> set[str]:
    """The roles the user may use at a unit: held there, or at an agency of that committee."""
    return {a.role for a in user.roles if unit_id in a.acts_for}


def require_role(user: User, roles: set[Role]) -> None:
    """System roles (designer, admin) count wherever they are held."""
    if not {a.role for a in user.roles} & roles:
        titles = " hoặc ".join(ROLE_TITLES[r] for r in sorted(roles))
        raise Forbidden(f"Cần vai trò {titles}.")


def role_holders(session: Session, unit_id: int, roles: Iterable[str]) -> list[User]:
    """Who holds one of the roles for the unit: at it, or at its focal agency (RoleAssignment.acts_for). At an
    agency the roles stand for the agency's own (`roles_at`): a notice for the chair of its report reaches its head."""
    wanted = roles_at({Role(r) for r in roles if r in set(Role)}, session.get(Unit, unit_id))
    return list(session.scalars(ROLE_HOLDERS, {"unit_id": unit_id, "roles": sorted(map(str, wanted))}).unique())


def committee_children(session: Session, unit_id: int, on: date) -> list[Unit]:
    """The subordinate committees of a unit valid on the day (its agencies excluded).

    Kept for the session: starting a plan reads them for its recipients and again for its reporters,
    and nothing that runs in a unit of work with plans changes the tree.
    """
    known = session.info.setdefault("committee_children", {})
    if unit_id not in known:
        known[unit_id] = session.scalars(CHILD_COMMITTEES, {"unit_id": unit_id}).all()
    return [u for u in known[unit_id] if u.is_valid_on(on)]


def focal_agency(session: Session, unit_id: int) -> Unit | None:
    return session.scalar(FOCAL_AGENCY, {"unit_id": unit_id})
