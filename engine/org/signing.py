"""Who signs for a People's Committee or one of its agencies, and how the signature block reads
(Nghị định 30/2020, Phụ lục I).

The chair signs "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"; a vice chair signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", also when
signing during the chair's delegation (their own role, on the chair's behalf). The heading line ("TM. ỦY BAN NHÂN
DÂN") is data: a plan may carry its own (`Plan.signature_heading`), or none at all ("") as many committees write
their plans (seeds 002–004: "CHỦ TỊCH / name"). An agency signs in its head's title, in its own right: "GIÁM ĐỐC"
(a sở, a trung tâm), "TRƯỞNG PHÒNG", "CHÁNH VĂN PHÒNG", "CHÁNH THANH TRA", "TRƯỞNG BAN"; a deputy signs "KT. GIÁM
ĐỐC / PHÓ GIÁM ĐỐC". Plans and reports read it here.
"""

from __future__ import annotations

from engine.context import Authority, Ctx
from engine.models import Plan, Unit
from engine.org.roles import Role
from engine.text import fold

COMMITTEE_HEADING = "TM. ỦY BAN NHÂN DÂN"
COMMITTEE_TITLES = ("CHỦ TỊCH", "PHÓ CHỦ TỊCH")
# An agency's head by the first words of its name, longest first: "Văn phòng" before a bare "Phòng".
AGENCY_TITLES = (
    ("văn phòng", ("CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG")),
    ("thanh tra", ("CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA")),
    ("trung tâm", ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
    ("sở", ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
    ("phòng", ("TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG")),
    ("ban", ("TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")),
)
AGENCY_FALLBACK = ("THỦ TRƯỞNG CƠ QUAN", "PHÓ THỦ TRƯỞNG CƠ QUAN")
# Roles that sign in their own right; any other signer of a plan signs for them (KT.).
PRINCIPALS = {Role.CHAIR, Role.HEAD}


def signing_role(ctx: Ctx) -> Role:
    """Chair only in their own right: a vice chair signing by the chair's delegation signs KT. CHỦ TỊCH. An
    agency's head (the signing lane means the head there) signs in their own right."""
    return role_signing_with(ctx.authority)


def role_signing_with(acting: Authority) -> Role:
    """The role one signs in with this authority (signing_role's rule; a signing page shows it before signing)."""
    roles = acting.roles
    if Role.CHAIR in roles and acting.on_behalf_of is None:
        return Role.CHAIR
    if Role.HEAD in roles and not roles & {Role.CHAIR, Role.VICE_CHAIR}:
        return Role.HEAD
    return Role.VICE_CHAIR


def unit_signature(unit: Unit, role: str | None, name: str | None, heading: str | None = None) -> list[str]:
    """The signature block of a document a unit signed: the committee's, or the agency's in its head's title."""
    if unit.level == "agency":
        return signature_lines(role, name, heading or "", agency_titles(unit))
    return signature_lines(role, name, heading)


def signature_block(plan: Plan) -> list[str]:
    """The plan's signature block: its heading (or the committee's usual one), the signer's title, the name."""
    return unit_signature(plan.unit, plan.signer_role, plan.signer_name, plan.signature_heading)


def agency_titles(unit: Unit) -> tuple[str, str]:
    """The head's and the deputy's title of an agency, read from its name ('Sở Nội vụ …' → GIÁM ĐỐC)."""
    name = fold(unit.name)
    for prefix, titles in AGENCY_TITLES:
        if name == prefix or name.startswith(prefix + " "):
            return titles
    return AGENCY_FALLBACK


def signature_lines(role: str | None, name: str | None, heading: str | None = None,
                    titles: tuple[str, str] = COMMITTEE_TITLES) -> list[str]:
    """The signature block of whoever signed: heading (None: TM. ỦY BAN NHÂN DÂN; "": none), the title — "KT.
    <head>" over the deputy's title when a deputy signed — and the name last."""
    if role is None:
        return []
    head, deputy = titles
    lines = [COMMITTEE_HEADING if heading is None else heading.strip()]
    lines += [head] if role in PRINCIPALS else [f"KT. {head}", deputy]
    return [line for line in lines if line] + [name or ""]
