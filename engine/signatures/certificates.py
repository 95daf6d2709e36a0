"""The certificate each signer and each body (unit) holds, and where its private key lives.

The operator registers a key (`planflow key set`): the key is opened once with its secret, which proves the secret
opens it and reads its certificate; the row keeps where the key is and the certificate (public), never the key nor
the secret. A person's certificate must be theirs: its common name is their full name, so that the signature a
reader sees and the name in the signature block agree. A body has ký số on once it holds an active key: from then
on its signers must sign digitally (engine/signatures/documents.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from engine.clock import VIETNAM, iso
from engine.context import Ctx
from engine.errors import InvalidInput
from engine.models import SigningKey, Unit, User
from engine.text import fold

if TYPE_CHECKING:  # pyHanko and its ASN.1 codec load only when a key is used (a second and more at import)
    from asn1crypto import x509

    from engine.signing.keys import KeySource

KIND_LABELS = {"pkcs12": "Tệp khóa PKCS#12", "pkcs11": "Thiết bị ký số (PKCS#11)", "remote": "Ký số từ xa"}
IMAGE_MAX_BYTES = 512 * 1024  # a signature or a seal as a transparent PNG: tens of KB
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Owner:
    """Whose key: a person, or a body (a committee or an agency)."""

    user: User | None = None
    unit: Unit | None = None

    @property
    def name(self) -> str:
        if self.user is not None:
            return f"{self.user.full_name} ({self.user.username})"
        assert self.unit is not None
        return self.unit.committee_name


def set_key(ctx: Ctx, owner: Owner, source: KeySource, secret: str, image: bytes | None = None) -> SigningKey:
    """Register the owner's key (the one before it retires): opened once with `secret` to read its certificate."""
    from engine.signing.keys import signing_key

    _check_image(image)
    with signing_key(source, secret, ctx.now()) as signer:
        certificate = signer.signing_cert
    if owner.user is not None:
        require_holder(certificate, owner.user)
    valid_from, valid_until = _validity(certificate)
    ctx.session.execute(update(SigningKey).where(_owned_by(owner), SigningKey.active.is_(True)).values(active=False))
    key = SigningKey(user_id=owner.user.id if owner.user else None, unit_id=owner.unit.id if owner.unit else None,
                     kind=source.kind, location=source.location, token_label=source.token_label,
                     key_label=source.key_label, certificate=pem_of(certificate), subject=common_name(certificate),
                     issuer=_issuer(certificate), valid_from=valid_from, valid_until=valid_until, image=image,
                     active=True, created_at=ctx.now(), created_by=ctx.actor_name)
    ctx.session.add(key)
    ctx.session.flush()
    ctx.audit("signing_key", comment=f"{owner.name}: {KIND_LABELS[source.kind]}, {key.subject}",
              details={"key_id": key.id, "user": owner.user.username if owner.user else None,
                       "unit": owner.unit.code if owner.unit else None, "kind": source.kind,
                       "subject": key.subject, "issuer": key.issuer, "serial": serial_of(certificate)})
    return key


def _owned_by(owner: Owner) -> ColumnElement[bool]:
    if owner.user is not None:
        return SigningKey.user_id == owner.user.id
    assert owner.unit is not None
    return SigningKey.unit_id == owner.unit.id


def _check_image(image: bytes | None) -> None:
    if image is None:
        return
    if not image.startswith(PNG_MAGIC):
        raise InvalidInput("Hình chữ ký hoặc con dấu phải là tệp PNG (nền trong suốt, Nghị định 30/2020 Phụ lục I).",
                           {"image": "không phải tệp PNG"})
    if len(image) > IMAGE_MAX_BYTES:
        raise InvalidInput(f"Hình chữ ký hoặc con dấu nặng {len(image) // 1024} KB, vượt giới hạn "
                           f"{IMAGE_MAX_BYTES // 1024} KB.", {"image": "tệp quá lớn"})


def require_holder(certificate: x509.Certificate, user: User) -> None:
    """The certificate is this person's: its common name is their full name (case and spacing aside)."""
    name = common_name(certificate)
    if fold(name) != fold(user.full_name):
        raise InvalidInput(f"Chứng thư số cấp cho '{name}', không phải cho {user.full_name} ({user.username}): "
                           "người ký chỉ ký bằng chứng thư số của chính mình.", {"key": "chứng thư số của người khác"})


def active_key(session: Session, *, user_id: int | None = None, unit_id: int | None = None) -> SigningKey | None:
    """The owner's active key, if any."""
    owned = SigningKey.user_id == user_id if user_id is not None else SigningKey.unit_id == unit_id
    return session.scalar(select(SigningKey).where(owned, SigningKey.active.is_(True))
                          .order_by(SigningKey.id.desc()).limit(1))


def signs_digitally(session: Session, unit_id: int) -> bool:
    """Ký số is on for a body once it holds an active key."""
    return active_key(session, unit_id=unit_id) is not None


def source_of(key: SigningKey) -> KeySource:
    from engine.signing.keys import KeySource

    return KeySource(kind=key.kind, location=key.location, token_label=key.token_label, key_label=key.key_label)


def certificate_of(key: SigningKey) -> x509.Certificate:
    from asn1crypto import pem, x509

    _, _, der = pem.unarmor(key.certificate.encode())
    return x509.Certificate.load(der)


def pem_of(certificate: x509.Certificate) -> str:
    from asn1crypto import pem

    return pem.armor("CERTIFICATE", certificate.dump()).decode()


def common_name(certificate: x509.Certificate) -> str:
    return str(certificate.subject.native.get("common_name") or certificate.subject.human_friendly)[:300]


def serial_of(certificate: x509.Certificate) -> str:
    return format(certificate.serial_number, "X")


def fingerprint(certificate: x509.Certificate) -> str:
    return hashlib.sha256(certificate.dump()).hexdigest()


def _issuer(certificate: x509.Certificate) -> str:
    return str(certificate.issuer.native.get("common_name") or certificate.issuer.human_friendly)[:300]


def _validity(certificate: x509.Certificate) -> tuple[datetime, datetime]:
    """The validity period as the engine keeps times: naive, Vietnam time."""
    validity = certificate["tbs_certificate"]["validity"]
    starts, ends = (validity[name].native.astimezone(VIETNAM).replace(tzinfo=None)
                    for name in ("not_before", "not_after"))
    return starts, ends


class KeyView(TypedDict):
    """A key as the operator's list and the administrator's page show it (never where a secret would be)."""

    id: int
    owner: str
    owner_kind: str  # person | body
    kind: str
    kind_label: str
    location: str
    token_label: str | None
    key_label: str | None
    subject: str
    issuer: str
    valid_from: str | None
    valid_until: str | None
    has_image: bool
    active: bool


def key_view(key: SigningKey, owner: str) -> KeyView:
    return {"id": key.id, "owner": owner, "owner_kind": "person" if key.user_id else "body", "kind": key.kind,
            "kind_label": KIND_LABELS.get(key.kind, key.kind), "location": key.location,
            "token_label": key.token_label, "key_label": key.key_label, "subject": key.subject, "issuer": key.issuer,
            "valid_from": iso(key.valid_from), "valid_until": iso(key.valid_until), "has_image": key.image is not None,
            "active": key.active}


def list_keys(session: Session, *, include_retired: bool = False) -> list[KeyView]:
    """Every active key (and retired ones if asked): bodies first, then people, by owner."""
    query = (select(SigningKey, User.username, Unit.code)
             .outerjoin(User, User.id == SigningKey.user_id).outerjoin(Unit, Unit.id == SigningKey.unit_id))
    if not include_retired:
        query = query.where(SigningKey.active.is_(True))
    rows = session.execute(query.order_by(SigningKey.user_id.is_not(None), Unit.code, User.username,
                                          SigningKey.id)).all()
    return [key_view(key, username or f"unit:{code}") for key, username, code in rows]


def keys_of_user(session: Session, user: User) -> list[KeyView]:
    """What the administrator's page of a user shows: the person's keys, newest first, then the active keys of the
    bodies where they hold a role (a committee's, for its clerk and its leaders)."""
    own = session.scalars(select(SigningKey).where(SigningKey.user_id == user.id).order_by(SigningKey.id.desc()))
    bodies = {a.committee_id for a in user.roles}
    held = session.execute(select(SigningKey, Unit).join(Unit, Unit.id == SigningKey.unit_id)
                           .where(SigningKey.unit_id.in_(bodies), SigningKey.active.is_(True))
                           .order_by(Unit.code)).all() if bodies else []
    return [key_view(key, user.username) for key in own] + [key_view(key, unit.committee_name) for key, unit in held]
