"""Nơi nhận: default recipient lines per level, and resolving each free-text line to units.

A line keeps its verbatim text beside what it resolved to. Lines naming Party or mass bodies
("Thường trực Huyện ủy") resolve to no unit of ours and are kept as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import Unit
from engine.org.units import committee_children, focal_agency
from engine.text import fold, nfc

DEFAULT_LINES = {
    "central": ["UBND các tỉnh, thành phố trực thuộc Trung ương;"],
    "province": ["Bộ Nội vụ;", "Thường trực Tỉnh ủy;", "Ban Dân vận Tỉnh ủy;", "Các sở, ban, ngành tỉnh;"],
    "district": ["UBND tỉnh;", "Sở Nội vụ;", "Ban Dân vận Huyện ủy;", "Các phòng, ban thuộc huyện;",
                 "UBND các xã, thị trấn;"],
    "commune": ["Thường trực Đảng ủy xã;", "Thường trực HĐND xã;", "Chủ tịch, Phó Chủ tịch UBND xã;"],
}
# A commune reports to the district's Phòng Nội vụ before July 2025, to the Sở Nội vụ after.
_COMMUNE_SUPERIOR_LINES = {
    "district": ["Phòng Nội vụ huyện;", "Ban Dân vận Huyện ủy;"],
    "province": ["Sở Nội vụ;", "Ban Dân vận Tỉnh ủy;"],
}
_SUBORDINATES_LINE = {"district": "UBND các huyện, thành phố;", "commune": "UBND các xã, phường, đặc khu;"}

# "UBND các xã, thị trấn", "UBND các huyện, thành phố", "UBND các tỉnh, thành phố ..."
_ALL_SUBORDINATES = re.compile(r"^(ubnd|ủy ban nhân dân|uỷ ban nhân dân) các (xã|huyện|tỉnh|phường|quận)")
_SUPERIOR = re.compile(r"^(lãnh đạo )?(ubnd|ủy ban nhân dân|uỷ ban nhân dân) (tỉnh|huyện|thành phố)$")
_FOCAL = re.compile(r"^(sở|phòng) nội vụ( (tỉnh|huyện))?$")


@dataclass(frozen=True)
class ResolvedLine:
    line: str
    unit: Unit | None
    implements: bool = False


def default_lines(session: Session, unit: Unit, on: date) -> list[str]:
    """The usual Nơi nhận of a plan at this unit; subordinates implement it when there are any."""
    lines = list(DEFAULT_LINES.get(unit.level, []))
    if unit.level == "commune" and unit.parent is not None:
        lines = _COMMUNE_SUPERIOR_LINES.get(unit.parent.level, []) + lines
    children = committee_children(session, unit.id, on)
    if unit.level == "province" and children:
        lines.append(_SUBORDINATES_LINE[children[0].level])
    return lines


def resolve(session: Session, issuer: Unit, lines: list[str], on: date) -> list[ResolvedLine]:
    # The issuer's subordinates are read once, and only if a line needs them.
    children = functools.cache(lambda: committee_children(session, issuer.id, on))
    resolved: list[ResolvedLine] = []
    for raw in lines:
        line = nfc(raw).strip()
        if line:
            resolved.extend(_resolve_line(session, issuer, line, children))
    return resolved


def _resolve_line(session: Session, issuer: Unit, line: str,
                  children: Callable[[], list[Unit]]) -> list[ResolvedLine]:
    key = fold(line).rstrip(";.,: ")
    if _ALL_SUBORDINATES.match(key):
        return [ResolvedLine(line, child, implements=True) for child in children()] or [ResolvedLine(line, None)]
    superior = issuer.parent if issuer.parent and issuer.parent.level != "central" else None
    if superior and _SUPERIOR.match(key) and key.split()[-1] in fold(superior.name):
        return [ResolvedLine(line, superior)]
    if _FOCAL.match(key):
        return [ResolvedLine(line, _focal_for(session, issuer, key))]
    if key == "bộ nội vụ":
        return [ResolvedLine(line, session.scalar(select(Unit).where(Unit.level == "central")))]
    named = next((child for child in children() if fold(child.committee_name) == key), None)
    return [ResolvedLine(line, named, implements=named is not None)]


def _focal_for(session: Session, issuer: Unit, key: str) -> Unit | None:
    """'Sở Nội vụ' is the province's focal unit, 'Phòng Nội vụ' the district's, seen from the issuer."""
    level = "province" if key.startswith("sở") else "district"
    unit: Unit | None = issuer
    while unit is not None and unit.level != level:
        unit = unit.parent
    return focal_agency(session, unit.id) if unit else None
