"""Ký số in the demo: a demo certificate authority, a key for each signer and each committee, all opened with the
demo secret "planflow" — for `planflow demo` and `make run` only, never for real documents (real keys come from a
licensed CA, on a token or behind a remote-signing service: docs/signing.md).

The CA's certificate lands in the demo folder (PLANFLOW_SIGNING_DIR, default instance/signing), where the
verification trusts it (engine/signing/verify.py `trust_roots`). Run again, the folder and the keys already
registered stay as they are, so `make run` stays quick.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from engine.context import Ctx
from engine.models import RoleAssignment, SigningKey, Unit, User
from engine.org.roles import ROLE_TITLES, Role
from engine.signatures.certificates import Owner, set_key
from engine.signing.appearance import font_file
from engine.signing.pki import Body, Person, make_demo_pki

DEMO_SECRET = "planflow"  # demo only: the passphrase of every demo key
SIGNERS = (Role.CHAIR, Role.VICE_CHAIR, Role.HEAD)
BLUE, RED = (20, 45, 160, 255), (205, 20, 20, 235)  # Phụ lục I: the signature in blue, the seal in red


def demo_signers(session: Session, usernames: Iterable[str] | None = None) -> tuple[list[Person], list[Body]]:
    """The demo's signers (chairs, vice chairs, heads: or only these usernames) and its committees, as the demo CA
    certifies them: a person by their full name, title and unit; a committee by its full name."""
    wanted = set(usernames) if usernames is not None else None
    people: list[Person] = []
    rows = session.execute(select(User, RoleAssignment.role, Unit)
                           .join(RoleAssignment, RoleAssignment.user_id == User.id)
                           .join(Unit, Unit.id == RoleAssignment.unit_id)
                           .where(RoleAssignment.role.in_(SIGNERS)).order_by(User.username)).all()
    for user, role, unit in rows:
        if wanted is None or user.username in wanted:
            people.append(Person(user.username, user.full_name, _organisation(unit), ROLE_TITLES[role]))
    committees = session.scalars(select(Unit).where(Unit.level != "agency", Unit.level != "central")
                                 .order_by(Unit.code)).all()
    bodies = [Body(unit.code, _organisation(unit)) for unit in committees]
    return people, bodies


def _organisation(unit: Unit) -> str:
    """'Ủy ban nhân dân huyện Tứ Kỳ', or an agency's own name."""
    if unit.level == "agency":
        return unit.name
    return "Ủy ban nhân dân " + unit.name[:1].lower() + unit.name[1:]


def set_up_demo_signing(ctx: Ctx, folder: Path, usernames: Iterable[str] | None = None,
                        unit_codes: Iterable[str] | None = None) -> int:
    """Make the demo PKI in `folder` and register a key for every demo signer and committee that has none (or only
    these); the number of keys registered."""
    people, bodies = demo_signers(ctx.session, usernames)
    if unit_codes is not None:
        codes = set(unit_codes)
        bodies = [body for body in bodies if body.key in codes]
    pki = make_demo_pki(folder, people, bodies, DEMO_SECRET)
    registered = 0
    for person in people:
        user = ctx.session.scalars(select(User).where(User.username == person.key)).one()
        if not _has_key(ctx.session, SigningKey.user_id == user.id):
            set_key(ctx, Owner(user=user), pki.people[person.key], DEMO_SECRET, signature_image(person.name))
            registered += 1
    for body in bodies:
        unit = ctx.session.scalars(select(Unit).where(Unit.code == body.key, Unit.level != "agency")
                                   .order_by(Unit.valid_from.desc())).first()
        if unit is not None and not _has_key(ctx.session, SigningKey.unit_id == unit.id):
            set_key(ctx, Owner(unit=unit), pki.bodies[body.key], DEMO_SECRET, seal_image(body.name))
            registered += 1
    return registered


def _has_key(session: Session, owned: ColumnElement[bool]) -> bool:
    return session.scalar(select(SigningKey.id).where(owned, SigningKey.active.is_(True)).limit(1)) is not None


def signature_image(name: str) -> bytes:
    """A demo handwritten signature: the given name in blue italics over a flourish, on a transparent ground."""
    image = Image.new("RGBA", (360, 140), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.text((30, 20), name.split()[-1], font=_font("italic", 64), fill=BLUE)
    draw.line([(20, 110), (120, 96), (230, 104), (340, 84)], fill=BLUE, width=4, joint="curve")
    return _png(image)


def seal_image(name: str) -> bytes:
    """A demo seal: two red rings, a star, and the body's name across it, on a transparent ground."""
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([8, 8, 392, 392], outline=RED, width=12)
    draw.ellipse([48, 48, 352, 352], outline=RED, width=5)
    draw.regular_polygon((200, 118, 38), 5, rotation=0, fill=RED)  # a pentagon reads as the star at this size
    words = name.upper().split()
    for row, line in enumerate((" ".join(words[:3]), " ".join(words[3:]))):
        font = _font("regular", 26)
        width = draw.textlength(line, font=font)
        draw.text((200 - width / 2, 190 + row * 40), line, font=font, fill=RED)
    return _png(image)


def _font(variant: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_file(variant), size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
