"""Every PDF that arrives is verified (ký số): who signed it, for which body, when, whether it is intact since, and
whether the certificate chains to a trusted root. The result is one short line beside the file.

A file's check is kept by its checksum (`PdfCheck`), made when it is attached (engine/discussion/attachments.py),
when a plan or a report is signed here (engine/signatures/) and, for a file attached before checks existed or
checked against other roots, when its thread is next shown (at most CHECKS_ON_VIEW per showing, so a page stays
quick). The roots are the configured ones (`engine.signing.verify.trust_roots`: PLANFLOW_TRUST_ROOTS and the demo
CA); a check made against other roots is made again. A PDF uploaded to be read (engine/plans/imports.py) is checked
without being kept (`check_pdf`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.clock import VIETNAM, iso
from engine.errors import InvalidInput, PlanflowError
from engine.models import PdfCheck

CHECKS_ON_VIEW = 5
PDF = "application/pdf"
# From the best to the worst: a file reads as its worst signature.
STATES = ("valid", "untrusted", "invalid", "modified")
STATE_LABELS = {
    "valid": "Chữ ký số hợp lệ",
    "untrusted": "Chữ ký số chưa xác thực (chứng thư số không thuộc tổ chức chứng thực được tin cậy)",
    "invalid": "Chữ ký số không hợp lệ",
    "modified": "Văn bản đã bị sửa sau khi ký",
    "unsigned": "Không có chữ ký số",
    "unreadable": "Không kiểm tra được chữ ký số",
}


class SignatureView(TypedDict):
    """One signature of a file, as `planflow verify --json` prints it."""

    field: str
    signer: str
    body: str | None
    signed_at: str | None
    intact: bool
    trusted: bool
    valid: bool
    modification: str
    summary: str


class CheckView(TypedDict):
    """What the check of a file found: `state` (STATE_LABELS), its label, the signatures, when it was checked."""

    state: str
    label: str
    summary: str
    signatures: list[SignatureView]
    checked_at: str | None


def configured_roots() -> list[bytes]:
    """The trusted root certificates (DER), as configured now."""
    from engine.signing.verify import trust_roots  # pyHanko loads only when a PDF is checked

    return trust_roots()


def roots_digest(roots: Sequence[bytes]) -> str:
    return hashlib.sha256(b"".join(sorted(roots))).hexdigest()


def check_pdf(content: bytes, roots: Sequence[bytes] | None = None) -> tuple[str, str, list[SignatureView]]:
    """Verify a PDF's signatures: (state, one line, each signature). A file that cannot be read is 'unreadable'."""
    from engine.signing.verify import verify_pdf

    try:
        checks = verify_pdf(content, configured_roots() if roots is None else roots)
    except InvalidInput as exc:
        return "unreadable", exc.message, []
    signatures: list[SignatureView] = [{
        "field": c.field, "signer": c.signer, "body": c.body, "signed_at": _local(c.signed_at), "intact": c.intact,
        "trusted": c.trusted, "valid": c.valid, "modification": c.modification, "summary": c.summary}
        for c in checks]
    if not signatures:
        return "unsigned", STATE_LABELS["unsigned"] + ".", []
    state = max((_state_of(s) for s in signatures), key=STATES.index)
    return state, " ".join(s["summary"] for s in signatures), signatures


def _local(moment: datetime | None) -> str | None:
    """A signing time in Vietnam time (a foreign signature may state it in UTC)."""
    return iso(moment.astimezone(VIETNAM) if moment is not None and moment.tzinfo is not None else moment)


def _state_of(signature: SignatureView) -> str:
    if not signature["intact"] or signature["modification"] == "other":
        return "modified"
    if not signature["trusted"]:
        return "untrusted"
    return "valid" if signature["valid"] else "invalid"


def record_check(session: Session, checksum: str, content: bytes, now: datetime,
                 roots: Sequence[bytes] | None = None) -> PdfCheck:
    """Check a PDF and keep the result by its checksum (the one before it, against other roots, is replaced)."""
    roots = configured_roots() if roots is None else roots
    state, summary, signatures = check_pdf(content, roots)
    check = session.get(PdfCheck, checksum)
    if check is None:
        check = PdfCheck(checksum=checksum)
        try:
            with session.begin_nested():  # the same bytes checked at this moment by another request: theirs stands
                session.add(check)
                _fill(check, roots, state, summary, signatures, now)
                session.flush()
        except IntegrityError:
            existing = session.get(PdfCheck, checksum)
            assert existing is not None  # the other request's row made the insert fail
            return existing
        return check
    _fill(check, roots, state, summary, signatures, now)
    return check


def _fill(check: PdfCheck, roots: Sequence[bytes], state: str, summary: str, signatures: list[SignatureView],
          now: datetime) -> None:
    check.roots, check.state, check.summary, check.signatures, check.checked_at = \
        roots_digest(roots), state, summary, list(signatures), now


def check_view(check: PdfCheck) -> CheckView:
    return {"state": check.state, "label": STATE_LABELS.get(check.state, check.state), "summary": check.summary,
            "signatures": list(check.signatures), "checked_at": iso(check.checked_at)}


def checks_of(session: Session, files: Iterable[tuple[str, str]], now: datetime,
              read: Callable[[str], bytes] | None = None) -> dict[str, CheckView]:
    """The checks of these files (checksum, content type), by checksum: PDFs only. With `read` (a checksum's bytes),
    a PDF never checked, or checked against other roots, is checked now — CHECKS_ON_VIEW at most."""
    wanted = {checksum for checksum, content_type in files if content_type == PDF}
    if not wanted:
        return {}
    found = {c.checksum: c for c in session.scalars(select(PdfCheck).where(PdfCheck.checksum.in_(wanted)))}
    if read is not None:
        roots = configured_roots()
        digest = roots_digest(roots)
        stale = sorted(c for c in wanted if c not in found or found[c].roots != digest)
        for checksum in stale[:CHECKS_ON_VIEW]:
            try:
                found[checksum] = record_check(session, checksum, read(checksum), now, roots)
            except PlanflowError:  # missing or damaged in the store: its download says so
                continue
    return {checksum: check_view(check) for checksum, check in found.items()}
