"""Nơi nhận: default recipient lines per level, and resolving each free-text line to units.

A line keeps its verbatim text beside what it resolved to. Lines naming Party or mass bodies
("Thường trực Huyện ủy") resolve to no unit of ours and are kept as written.

A line is tried whole against a table of patterns (subordinate committees, the issuer's own leaders and
office, the superior, the focal agencies, groups of agencies, a named agency or committee); a line that
matches none is split on ";" and then on "," and " và " into the parts that do match ("Các phòng, ban
thuộc huyện và UBND các xã, thị trấn" is a group of agencies and the communes). A trailing parenthesis
that itself names units spells the line out ("các cơ quan, đơn vị, địa phương (sở, ban, ngành tỉnh; UBND
các huyện, thành phố)"); any other ("(để báo cáo)") is a note. docs/organisation.md lists the phrases.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import Unit
from engine.org.units import agencies_of, committee_children, focal_agency
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

SPECIALISED, SERVICE, OFFICE = "specialised", "service", "office"
_UBND = r"(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)"
# Longest first: "thị xã" before "xã", "thành phố" before nothing shorter.
_DIVISIONS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")
_DIVISION = "(?:" + "|".join(_DIVISIONS) + ")"

# "UBND các xã, thị trấn", "UBND các huyện, thành phố", "Chủ tịch UBND các xã, thị trấn"
_ALL_SUBORDINATES = re.compile(rf"^(?:(?:chủ tịch|lãnh đạo) )?{_UBND} các (xã|huyện|tỉnh|phường|quận)")
# "UBND tỉnh", "Lãnh đạo UBND huyện": the superior, or the issuer's own leaders when the word names the issuer.
_COMMITTEE = re.compile(rf"^(?P<leaders>lãnh đạo )?{_UBND} (?P<where>{_DIVISION})$")
# "CT, các PCT UBND huyện", "Chủ tịch, Phó Chủ tịch UBND xã", "Chỉ tịch, các PCT UBND huyện" (a real typo).
_LEADERS = re.compile(rf"^(?:ct|chủ tịch|chỉ tịch)(?:,| và) (?:các )?(?:pct|phó chủ tịch)(?: {_UBND}(?P<where> .+)?)?$")
# "VP HĐND và UBND: C, PVP, CVNV", "Lãnh đạo Văn phòng UBND tỉnh": the office's people, not the office as a body.
_OFFICE_PEOPLE = re.compile(rf"^(?P<leaders>lãnh đạo )?(?:vp|văn phòng) (?:hđnd (?:và|&) )?{_UBND}"
                            r"(?P<where> [^:]+)?(?P<who>:.*)?$")
_OFFICE_HEADS = re.compile(r"^(?:c|cvp|chánh văn phòng),? (?:các )?(?:pcvp|phó chánh văn phòng)$")
_FOCAL = re.compile(r"^(sở|phòng) nội vụ( (tỉnh|huyện))?$")
_MINISTRY = re.compile(r"^bộ nội vụ$")
_ANYTHING = re.compile(r".")

# The nouns a group of agencies is made of, and the kinds of agency each takes in.
_GROUP_NOUNS: dict[str, frozenset[str]] = {
    "cơ quan chuyên môn": frozenset({SPECIALISED}), "phòng": frozenset({SPECIALISED}),
    "phòng chuyên môn": frozenset({SPECIALISED}), "ban": frozenset({SPECIALISED}), "ngành": frozenset({SPECIALISED}),
    "sở": frozenset({SPECIALISED}), "đơn vị sự nghiệp": frozenset({SERVICE}),
    "đơn vị sự nghiệp công lập": frozenset({SERVICE}), "cơ quan": frozenset({SPECIALISED, SERVICE}),
    "đơn vị": frozenset({SPECIALISED, SERVICE}), "công chức chuyên môn": frozenset({OFFICE}),
    "công chức": frozenset({OFFICE}),
}
# "… thuộc UBND huyện", "… trực thuộc UBND tỉnh", "… huyện": where the group belongs.
_GROUP_TAIL = re.compile(rf"(?: (?:trực thuộc|thuộc|của))?(?: {_UBND})?(?: (?P<where>{_DIVISION}))?$")
# Words that say what kind of body a name is; "Trung tâm VHTT và TDTT" is the centre abbreviated "VHTT&TDTT".
_TYPE_WORDS = ("trung tam ", "van phong ", "phong ", "so ", "ban ", "dai ", "cong chuc ")
_MAX_CHUNK = 8  # tokens in one part of a split line: a name with more commas and "và" than this is not one


@dataclass(frozen=True)
class ResolvedLine:
    line: str
    unit: Unit | None
    implements: bool = False
    internal: bool = False  # the issuer itself or its office: its own leaders, not a body outside


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
    """Every line with what it resolved to: one row per unit it names, or one row naming none."""
    scope = _Scope(session, issuer, on)
    resolved: list[ResolvedLine] = []
    for raw in lines:
        line = nfc(raw).strip()
        if line:
            resolved.extend(_resolve_line(scope, line))
    return resolved


def resolve_assignee(session: Session, issuer: Unit, line: str, on: date) -> list[Unit]:
    """The committees and agencies an assignment line of "Tổ chức thực hiện" names, by the rules of Nơi nhận."""
    units = [r.unit for r in resolve(session, issuer, [line], on) if r.unit is not None]
    return list({unit.id: unit for unit in units}.values())


@dataclass
class _Scope:
    """What resolving one plan's lines reads from the organisation, each read once and only if needed."""

    session: Session
    issuer: Unit
    on: date
    _agencies: dict[int, list[Unit]] = field(default_factory=dict)

    @functools.cached_property
    def children(self) -> list[Unit]:
        return committee_children(self.session, self.issuer.id, self.on)

    @functools.cached_property
    def committees(self) -> list[Unit]:
        """The issuer and the committees above it (the central body has no People's Committee)."""
        chain: list[Unit] = []
        unit: Unit | None = self.issuer
        while unit is not None and unit.level not in ("central", "agency"):
            chain.append(unit)
            unit = unit.parent
        return chain

    def agencies(self, committee: Unit) -> list[Unit]:
        if committee.id not in self._agencies:
            self._agencies[committee.id] = agencies_of(self.session, committee.id, self.on)
        return self._agencies[committee.id]

    def designated(self, where: str | None) -> Unit | None:
        """The committee named by 'huyện' or 'huyện Tứ Kỳ' among the issuer and its superiors; no words: the issuer.

        None when the words name a committee outside that chain (another district, another province).
        """
        text = _loose(where or "").strip(" -,")
        if not text:
            return self.issuer
        word = next((w for w in _LOOSE_DIVISIONS if text == w or text.startswith(w + " ")), None)
        if word is None:
            return None
        return next((c for c in self.committees if text in (_loose(c.name), word)
                     and _loose(c.name).startswith(word + " ")), None)


Resolver = Callable[[_Scope, str, re.Match[str]], list[ResolvedLine] | None]


def _resolve_line(scope: _Scope, line: str) -> list[ResolvedLine]:
    """A bracket that names units spells the line out; otherwise the line itself, part by part (';')."""
    key, note = _key(line)
    for text in ([note] if note else []) + [key]:
        parts = (part.strip(" ,.:-") for part in text.split(";"))
        found = [row for part in parts if part for row in _best_split(scope, line, part)]
        if any(row.unit is not None for row in found):
            return _unique(found)
    return [ResolvedLine(line, None)]


def _key(line: str) -> tuple[str, str | None]:
    """The comparison key of a line, and of a trailing parenthesis if it has one ("(để báo cáo)")."""
    key = fold(line).lstrip("-–•+* ").rstrip(";.,: ")
    found = re.search(r"\s*\(([^()]*)\)$", key)
    if found is None:
        return key, None
    return key[: found.start()].rstrip(";.,: "), found.group(1).strip(";.,: ") or None


def _best_split(scope: _Scope, line: str, part: str) -> list[ResolvedLine]:
    """The part whole if a rule takes it, else the split into chunks that covers the most of it with rules.

    Names hold commas and "và" too ("Phòng Văn hóa và Thông tin", "các sở, ban, ngành"), so the split is
    chosen, not fixed: of all the ways to cut the part at ", " and " và ", the one whose chunks resolve
    over the most tokens, in the fewest chunks.
    """
    whole = _match(scope, line, part)
    if whole is not None:
        return whole
    pieces = re.split(r"(, | và )", part)
    tokens, separators = pieces[0::2], pieces[1::2]
    best: list[tuple[int, int, list[ResolvedLine]]] = [(0, 0, [])]
    for end in range(1, len(tokens) + 1):
        options = []
        for start in range(max(0, end - _MAX_CHUNK), end):
            chunk = tokens[start] + "".join(separators[i] + tokens[i + 1] for i in range(start, end - 1))
            matched = _match(scope, line, chunk.strip()) if (start, end) != (0, len(tokens)) else None
            covered, chunks, found = best[start]
            options.append((covered + (end - start if matched is not None else 0), chunks - 1, found + (matched or [])))
        best.append(max(options, key=lambda option: option[:2]))
    return best[-1][2]


def _match(scope: _Scope, line: str, key: str) -> list[ResolvedLine] | None:
    """What the first rule taking the key resolves it to; None when no rule takes it ([] names no unit yet)."""
    for pattern, resolver in _RULES:
        found = pattern.match(key)
        if found is not None:
            resolved = resolver(scope, line, found)
            if resolved is not None:
                return resolved
    return None


def _subordinates(scope: _Scope, line: str, found: re.Match[str]) -> list[ResolvedLine] | None:
    return [ResolvedLine(line, child, implements=True) for child in scope.children]


def _committee(scope: _Scope, line: str, found: re.Match[str]) -> list[ResolvedLine] | None:
    """'UBND tỉnh' is the superior; 'Lãnh đạo UBND huyện' in the district's own plan is its own leaders."""
    committee = scope.designated(found.group("where"))
    if committee is None:
        return None
    if committee is scope.issuer:
        return [ResolvedLine(line, committee, internal=True)] if found.group("leaders") else None
    return [ResolvedLine(line, committee)]


def _leaders(scope: _Scope, line: str, found: re.Match[str]) -> list[ResolvedLine] | None:
    """'Chủ tịch, các PCT UBND huyện': the issuer's leaders (internal), or a superior's."""
    committee = scope.designated(found.group("where"))
    if committee is None:
        return None
    return [ResolvedLine(line, committee, internal=committee is scope.issuer)]


def _office_people(scope: _Scope, line: str, found: re.Match[str]) -> list[ResolvedLine] | None:
    """The leaders and officers of a committee's office; the office named alone is an agency like any other."""
    if not found.group("leaders") and not found.group("who"):
        return None
    committee = scope.designated(found.group("where"))
    return _office_of(scope, line, committee) if committee is not None else None


def _office_heads(scope: _Scope, line: str, found: re.Match[str]) -> list[ResolvedLine] | None:
    """'C, PCVP': Chánh and Phó Chánh Văn phòng of the issuer."""
    return _office_of(scope, line, scope.issuer)


def _office_of(scope: _Scope, line: str, committee: Unit) -> list[ResolvedLine]:
    """A committee's office agency (Văn phòng HĐND và UBND, Văn phòng UBND tỉnh); the committee if it has none."""
    offices = [a for a in scope.agencies(committee) if _loose(a.name).startswith("van phong")]
    office = min(offices, key=lambda a: a.is_focal) if offices else committee
    return [ResolvedLine(line, office, internal=committee is scope.issuer)]


def _focal(scope: _Scope, line: str, found: re.Match[str]) -> list[ResolvedLine] | None:
    """'Sở Nội vụ' is the province's focal unit, 'Phòng Nội vụ' the district's, seen from the issuer."""
    level = "province" if found.group(1) == "sở" else "district"
    committee = next((c for c in scope.committees if c.level == level), None)
    return [ResolvedLine(line, focal_agency(scope.session, committee.id) if committee else None)]


def _ministry(scope: _Scope, line: str, found: re.Match[str]) -> list[ResolvedLine] | None:
    return [ResolvedLine(line, scope.session.scalar(select(Unit).where(Unit.level == "central")))]


def _group_or_named(scope: _Scope, line: str, found: re.Match[str]) -> list[ResolvedLine] | None:
    key = found.string
    group = _group(key)
    if group is not None:
        kinds, where = group
        committee = scope.designated(where)
        if committee is None:
            return None
        return [ResolvedLine(line, agency) for agency in scope.agencies(committee)
                if agency.kind in kinds and not agency.is_focal]
    child = next((c for c in scope.children if _loose(c.committee_name) == _loose(key)), None)
    if child is not None:
        return [ResolvedLine(line, child, implements=True)]
    agency = _named_agency(scope, key)
    return [ResolvedLine(line, agency)] if agency is not None else None


def _group(key: str) -> tuple[frozenset[str], str | None] | None:
    """The kinds of agency a group phrase takes in and the division word it names, or None if not a group.

    The issuer's focal agency is left out of every group: it drafted the plan and keeps it (Lưu: VT, NV.).
    """
    text = key.removeprefix("thủ trưởng ")
    plural = text.startswith("các ")
    tail = _GROUP_TAIL.search(text.removeprefix("các "))
    assert tail is not None  # every part of the tail is optional: it matches at the end of any text
    nouns = text.removeprefix("các ")[: tail.start()].split(", ")
    if not all(noun in _GROUP_NOUNS for noun in nouns) or not (plural or len(nouns) > 1):
        return None
    return frozenset().union(*(_GROUP_NOUNS[noun] for noun in nouns)), tail.group("where")


def _named_agency(scope: _Scope, key: str) -> Unit | None:
    """An agency named by its name or its abbreviation, of the committee a trailing 'huyện'/'tỉnh' names.

    'Phòng Tư pháp', 'Phòng Tư pháp huyện', 'Phòng Tư pháp huyện Tứ Kỳ' are the same agency; without a
    division word the issuer's agencies come first, then its superiors'.
    """
    loose = _loose(key)
    loose = "van phong " + loose[3:] if loose.startswith("vp ") else loose
    for committee in scope.committees:
        core = _without_designation(loose, committee)
        if core is None:
            continue
        full = _compact(core)
        # Without its type word a name meets the agency's abbreviation ('Trung tâm VHTT và TDTT'), and a
        # commune officer's post meets the office's name ('Công chức Văn hóa - xã hội').
        bare = _compact(next((core[len(w):] for w in _TYPE_WORDS if core.startswith(w)), core))
        for agency in scope.agencies(committee):
            name = _compact(_without_designation(_loose(agency.name), committee) or "")
            short = {_compact(agency.abbreviation or ""), name if core.startswith("cong chuc") else ""} - {""}
            if full == name or bare in short:
                return agency
    return None


def _without_designation(loose: str, committee: Unit) -> str | None:
    """The text without a trailing 'huyện Tứ Kỳ' or 'huyện' naming the committee; None if it names another."""
    name = _loose(committee.name)
    word = next((d for d in _LOOSE_DIVISIONS if name.startswith(d + " ")), name)
    for suffix in (name, word):
        if loose.endswith(" " + suffix):
            return loose[: -len(suffix)].strip(" -,")
    if any(loose.endswith(" " + d) for d in _LOOSE_DIVISIONS):
        return None
    return loose


def _loose(text: str) -> str:
    """A key blind to case and accents: 'Phòng Tư pháp' and 'phong tu phap' meet."""
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_LOOSE_DIVISIONS = tuple(_loose(division) for division in _DIVISIONS)


def _compact(loose: str) -> str:
    """Letters, digits and '&' ('và') only: 'Tài chính - Kế hoạch' and 'Tài chính-Kế hoạch' meet."""
    return re.sub(r"[^a-z0-9&]", "", re.sub(r"\s+(va|&)\s+", "&", _loose(loose)))


def _unique(found: list[ResolvedLine]) -> list[ResolvedLine]:
    """One row per unit in a line (a unit named twice is sent one copy); rows naming none only if nothing resolved."""
    named = [r for r in found if r.unit is not None]
    return list(_first_per_unit(named)) or found[:1]


def _first_per_unit(rows: list[ResolvedLine]) -> Iterator[ResolvedLine]:
    seen: set[int] = set()
    for row in rows:
        assert row.unit is not None
        if row.unit.id not in seen:
            seen.add(row.unit.id)
            yield row


# The table of rules, first match first: each resolver may still decline (None) and let the next rule try.
_RULES: tuple[tuple[re.Pattern[str], Resolver], ...] = (
    (_ALL_SUBORDINATES, _subordinates),
    (_COMMITTEE, _committee),
    (_LEADERS, _leaders),
    (_OFFICE_PEOPLE, _office_people),
    (_OFFICE_HEADS, _office_heads),
    (_FOCAL, _focal),
    (_MINISTRY, _ministry),
    (_ANYTHING, _group_or_named),
)
