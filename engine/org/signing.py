"""Who signs for a People's Committee and how the signature block reads (Nghị định 30/2020, Phụ lục I).

The chair signs "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"; a vice chair signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", also when
signing during the chair's delegation (their own role, on the chair's behalf). Plans and reports read it here.
"""

from __future__ import annotations

from engine.context import Ctx
from engine.models import Plan
from engine.org.roles import Role


def signing_role(ctx: Ctx) -> Role:
    """Chair only in their own right: a vice chair signing by the chair's delegation signs KT. CHỦ TỊCH."""
    return Role.CHAIR if Role.CHAIR in ctx.authority.roles and ctx.on_behalf_of is None else Role.VICE_CHAIR


def signature_block(plan: Plan) -> list[str]:
    """TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH, or with KT. CHỦ TỊCH / PHÓ CHỦ TỊCH when a vice chair signed."""
    return signature_lines(plan.signer_role, plan.signer_name)


def signature_lines(role: str | None, name: str | None) -> list[str]:
    """The signature block of whoever signed as chair or vice chair (a plan, or a report)."""
    if role is None:
        return []
    if role == Role.VICE_CHAIR:
        return ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", name or ""]
    return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", name or ""]
