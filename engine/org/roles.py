"""Role codes, their Vietnamese titles, and how a BPMN lane names the roles that may act in it."""

from __future__ import annotations

from enum import StrEnum

from engine.models import Unit
from engine.text import fold


class Role(StrEnum):
    OFFICER = "officer"
    HEAD = "head"
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    CLERK = "clerk"
    DESIGNER = "designer"
    ADMIN = "admin"


# Keyed by code: a Role is its code, and rows (tasks, assignments, delegations) keep roles as plain codes.
ROLE_TITLES: dict[str, str] = {
    Role.OFFICER: "Chuyên viên",
    Role.HEAD: "Trưởng phòng",
    Role.CHAIR: "Chủ tịch",
    Role.VICE_CHAIR: "Phó Chủ tịch",
    Role.CLERK: "Văn thư",
    Role.DESIGNER: "Người thiết kế quy trình",
    Role.ADMIN: "Quản trị hệ thống",
}

# A lane may also carry a collective title; the signing lane admits the chair and a vice chair (KT.).
_LANE_ALIASES: dict[str, frozenset[Role]] = {
    "lãnh đạo ubnd": frozenset({Role.CHAIR, Role.VICE_CHAIR}),
    "lãnh đạo phòng": frozenset({Role.HEAD}),
}


# A lane whose name ends with this acts at the unit receiving the instance's report, not at its own.
RECEIVER_MARK = "(nơi nhận)"


def at_receiver(lane: str | None) -> bool:
    if not lane:
        return False
    return fold(lane).endswith(RECEIVER_MARK)


def lane_roles(lane: str | None) -> frozenset[Role]:
    """Return the roles a lane admits: codes or titles separated by ',' or '/'; empty if unknown."""
    if not lane:
        return frozenset()
    if at_receiver(lane):
        lane = fold(lane).removesuffix(RECEIVER_MARK)
    roles: set[Role] = set()
    for part in lane.replace("/", ",").split(","):
        key = fold(part)
        if key in _LANE_ALIASES:
            roles |= _LANE_ALIASES[key]
            continue
        match = [r for r in Role if key in (r.value, fold(ROLE_TITLES[r]))]
        if not match:
            return frozenset()
        roles.update(match)
    return frozenset(roles)


# Who leads a committee: the chair, and a vice chair signing KT.
LEADER_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR})

# At an agency there is no Chủ tịch: its Thủ trưởng (head) signs what the agency issues, and a small phòng has no
# văn thư of its own, so its head registers and sends too. Every other role acts as itself.
_AT_AGENCY: dict[Role, frozenset[Role]] = {
    Role.CHAIR: frozenset({Role.HEAD}),
    Role.VICE_CHAIR: frozenset({Role.HEAD}),
    Role.CLERK: frozenset({Role.CLERK, Role.HEAD}),
}


def roles_at(roles: frozenset[Role] | set[Role], unit: Unit | None) -> frozenset[Role]:
    """The roles that stand for these at a unit: themselves at a committee, the agency's own at an agency (a notice
    for the chair of an agency's report reaches its head)."""
    if unit is None or unit.level != "agency":
        return frozenset(roles)
    return frozenset(acting for role in roles for acting in _AT_AGENCY.get(role, frozenset({role})))


def lane_roles_at(lane: str | None, unit: Unit | None) -> frozenset[Role]:
    """The roles a lane admits at the unit where its task acts: `lane_roles`, translated at an agency.

    An agency's own processes (its report, its sub-plan, its receipt) run at the agency unit; there the
    'Lãnh đạo UBND' lane means the agency's head and 'Văn thư' its clerk or its head. None: no translation.
    """
    return roles_at(lane_roles(lane), unit)
