"""Role codes, their Vietnamese titles, and how a BPMN lane names the roles that may act in it."""

from __future__ import annotations

from enum import StrEnum

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
