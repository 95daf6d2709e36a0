"""Ký số: who holds which certificate, the signed copies of plans and reports, the checks of PDFs that arrive.

No private key and no secret is ever in these tables: a key row says where the key lives (an encrypted PKCS#12
file, a PKCS#11 token, a remote signing service) and keeps the certificate, which is public.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from engine.db import Base


class SigningKey(Base):
    """A certificate of a person (`user_id`) or of a body (`unit_id`), and where its private key is.

    An owner has at most one active key; setting a new one retires the old (kept: documents signed with it
    name it).
    """

    __tablename__ = "signing_keys"
    __table_args__ = (CheckConstraint("(user_id IS NULL) <> (unit_id IS NULL)", name="ck_signing_keys_one_owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # pkcs12 | pkcs11 | remote
    location: Mapped[str] = mapped_column(Text)  # the .p12 file, the PKCS#11 module, or the service's address
    token_label: Mapped[str | None] = mapped_column(String(200))
    key_label: Mapped[str | None] = mapped_column(String(200))
    certificate: Mapped[str] = mapped_column(Text)  # PEM
    subject: Mapped[str] = mapped_column(String(300))  # the certificate's common name
    issuer: Mapped[str] = mapped_column(String(300))
    valid_from: Mapped[datetime] = mapped_column(DateTime)
    valid_until: Mapped[datetime] = mapped_column(DateTime)
    # PNG, transparent: the person's signature or the body's seal, as Nghị định 30/2020 Phụ lục I places them.
    image: Mapped[bytes | None] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(80))


class SignedDocument(Base):
    """A plan's or a report's PDF as signed at one stage: 'signed' by the person, 'issued' with the body's own
    signature. The bytes are an attachment in the subject's thread (engine/discussion/attachments.py); the latest
    row of a stage is the current one (a report returned and signed again has two)."""

    __tablename__ = "signed_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(10), index=True)  # plan | report
    subject_id: Mapped[int] = mapped_column(Integer, index=True)
    stage: Mapped[str] = mapped_column(String(10))  # signed | issued
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"))
    key_id: Mapped[int] = mapped_column(ForeignKey("signing_keys.id"))
    signed_by: Mapped[str] = mapped_column(String(80))
    signed_at: Mapped[datetime] = mapped_column(DateTime)
    # Where the visible signature is: {"page": 0-based, "box": [x1, y1, x2, y2]} in PDF points (the body's seal
    # is placed from the person's).
    place: Mapped[dict] = mapped_column(JSON)


class PdfCheck(Base):
    """What verifying a PDF's signatures found, by the file's checksum, against the roots trusted then (`roots`: a
    digest of those root certificates; once the configured roots change, the file is checked again)."""

    __tablename__ = "pdf_checks"

    checksum: Mapped[str] = mapped_column(String(64), primary_key=True)
    roots: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20))  # unsigned | valid | untrusted | modified | invalid | unreadable
    summary: Mapped[str] = mapped_column(Text)
    signatures: Mapped[list] = mapped_column(JSON)
    checked_at: Mapped[datetime] = mapped_column(DateTime)
