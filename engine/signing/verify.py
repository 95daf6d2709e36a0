"""Reading every signature of a PDF: who signed, for which body, when, and whether it still holds (pyHanko).

For each signature: `intact` (the bytes it covers are unchanged), `trusted` (its certificate chains to a configured
root), `modification` (what was appended after it: nothing, form filling such as the number and date at issue,
annotations, or other changes) and `valid`, all of these together with sound cryptography. A signature is checked
at the time it claims (as Adobe Reader does by default), so a certificate that expired since still verifies;
revocation is not checked (no network from the server; see docs/signing.md).

A file from outside may be hostile: it is refused past a size, a number of signatures or of revisions, and
pyHanko's decode limits bound what its streams may inflate to. It is read in pyHanko's strict mode: a file whose
structure can be read two ways (hybrid cross-references) cannot be verified safely and is refused.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import x509
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.decode_limits import DecodeLimits, DocumentDecodeBudget
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from engine.clock import VIETNAM
from engine.errors import InvalidInput
from engine.signing.loops import outside_event_loop
from engine.signing.settings import SigningSettings

MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_SIGNATURES = 20
MAX_REVISIONS = 50
ROOT_SUFFIXES = (".pem", ".crt", ".cer", ".der")
MAX_ROOT_BYTES = 256 * 1024
# A hostile file's streams may inflate to at most this much in all (pyHanko's own default is 256 MB).
DECODE_LIMITS = DecodeLimits(document_budget=DocumentDecodeBudget(base_allowance=64 * 1024 * 1024, max_ratio=20))
COVERED = (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignatureCheck:
    """One signature as the page, the CLI and the API show it (`summary`: one Vietnamese sentence)."""

    field: str
    signer: str
    body: str | None
    signed_at: datetime | None
    intact: bool
    trusted: bool
    valid: bool
    modification: str  # "none" | "lta_updates" | "form_filling" | "annotations" | "other"
    summary: str
    title: str | None = None  # the certificate's title attribute ("Chủ tịch"), to compare with the signature block


def verify_pdf(pdf: bytes, trust_roots: Sequence[bytes]) -> list[SignatureCheck]:
    """Every signature of `pdf`, in the order they were made; [] for an unsigned PDF.

    `trust_roots`: root certificates, PEM or DER (`trust_roots(settings)`). A file that is not a PDF, is damaged,
    or exceeds the bounds is refused with InvalidInput."""
    if len(pdf) > MAX_PDF_BYTES:
        raise InvalidInput(f"Tệp quá lớn để kiểm tra chữ ký số ({len(pdf) / 1024 / 1024:.1f} MB, tối đa "
                           f"{MAX_PDF_BYTES // 1024 // 1024} MB).")
    if b"%PDF-" not in pdf[:1024]:
        raise InvalidInput("Tệp không phải PDF nên không kiểm tra được chữ ký số.")
    roots = certificates(trust_roots)
    return [check_signature(signature, roots) if signature is not None else unreadable(name)
            for name, signature in _signatures(pdf)]


def trust_roots(settings: SigningSettings | None = None) -> list[bytes]:
    """The configured roots (DER): every certificate file in PLANFLOW_TRUST_ROOTS, and the demo CA if the demo
    made one. A file there that is not a certificate is skipped with a warning in the log, not fatal."""
    settings = settings or SigningSettings.from_env()
    files: list[Path] = []
    if settings.trust_roots_dir is not None and settings.trust_roots_dir.is_dir():
        files += sorted(p for p in settings.trust_roots_dir.iterdir() if p.suffix.lower() in ROOT_SUFFIXES)
    if settings.demo_ca.is_file():
        files.append(settings.demo_ca)
    roots: list[bytes] = []
    for path in files:
        try:
            roots += [c.dump() for c in certificates([path.read_bytes()[:MAX_ROOT_BYTES]])]
        except (OSError, InvalidInput):
            logger.warning("trust root %s is not a readable certificate; skipped", path)
    return list(dict.fromkeys(roots))


def certificates(blobs: Sequence[bytes]) -> list[x509.Certificate]:
    """Certificates from PEM (one or several per blob) or DER."""
    found: list[x509.Certificate] = []
    for blob in blobs:
        try:
            for certificate in load_certs_from_pemder_data(blob):
                certificate.native  # noqa: B018 - parses the whole structure now, so a bad one fails here
                found.append(certificate)
        except (ValueError, TypeError, KeyError) as exc:
            raise InvalidInput("Chứng thư số gốc được cấu hình không đọc được (cần tệp PEM hoặc DER).") from exc
    return found


def check_signature(signature: EmbeddedPdfSignature, roots: Sequence[x509.Certificate]) -> SignatureCheck:
    """One signature's check; a signature pyHanko cannot read at all is reported invalid, never raised."""
    field = signature.field_name or "?"
    try:
        claimed = signature.self_reported_timestamp
        context = ValidationContext(trust_roots=list(roots), allow_fetching=False, revocation_mode="soft-fail",
                                    moment=claimed)
        status = outside_event_loop(validate_pdf_signature, signature, context)
    # A hostile or foreign signature can fail anywhere inside the CMS and PDF parsers; whatever the exception, the
    # answer is the same: this signature cannot be relied on.
    except Exception as exc:  # noqa: BLE001
        logger.info("signature %s unreadable: %r", field, exc)
        return unreadable(field)
    return _check_from_status(field, status)


def unreadable(field: str) -> SignatureCheck:
    return SignatureCheck(field=field, signer="?", body=None, signed_at=None, intact=False, trusted=False, valid=False,
                          modification="other", summary=f"Không hợp lệ: không đọc được chữ ký số ở ô '{field}'.")


def _check_from_status(field: str, status: PdfSignatureStatus) -> SignatureCheck:
    subject = status.signing_cert.subject.native
    signer = subject.get("common_name") or "?"
    body = subject.get("organization_name")
    level = status.modification_level
    modification = level.name.lower() if level is not None else "other"
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        modification = ModificationLevel.NONE.name.lower()
    intact, trusted = bool(status.intact), bool(status.trusted)
    valid = bool(status.bottom_line) and intact and trusted and modification != "other" and \
        status.coverage in COVERED
    signed_at = status.signer_reported_dt
    return SignatureCheck(field=field, signer=signer, body=body, signed_at=signed_at, intact=intact, trusted=trusted,
                          valid=valid, modification=modification, title=subject.get("title"),
                          summary=summary(signer, body, signed_at, intact=intact, trusted=trusted, valid=valid,
                                          sound=bool(status.valid), modification=modification))


def summary(signer: str, body: str | None, signed_at: datetime | None, *, intact: bool, trusted: bool, valid: bool,
            sound: bool, modification: str) -> str:
    """The one sentence shown beside the file."""
    who = f"{signer} ({body})" if body and body != signer else signer
    when = f"lúc {signed_at.astimezone(VIETNAM):%H:%M:%S} ngày {signed_at.astimezone(VIETNAM):%d/%m/%Y}" \
        if signed_at else "(không rõ thời điểm)"
    if not intact:
        return f"Không hợp lệ: văn bản đã bị sửa sau khi {who} ký {when}."
    if not sound:
        return f"Không hợp lệ: chữ ký của {who} không khớp với chứng thư số của người ký."
    if modification == "other":
        return f"Không hợp lệ: sau khi {who} ký {when}, văn bản đã bị thay đổi ngoài phần được phép."
    if not trusted:
        return (f"Chưa xác thực: chữ ký của {who} ký {when} còn nguyên vẹn, nhưng chứng thư số không thuộc tổ chức "
                "chứng thực được tin cậy (hoặc không còn hiệu lực lúc ký).")
    if not valid:
        return f"Không hợp lệ: chữ ký của {who} ký {when} không đáp ứng yêu cầu kiểm tra."
    after = {"form_filling": "; sau đó văn bản chỉ được điền số, ngày ban hành và ký tiếp",
             "annotations": "; sau đó văn bản chỉ được thêm ghi chú"}.get(modification, "")
    return f"Hợp lệ: {who} ký {when}{after}."


def _signatures(pdf: bytes) -> list[tuple[str, EmbeddedPdfSignature | None]]:
    """Each filled signature field, in signing order: its name and its signature, None where pyHanko cannot even
    locate what it signed (such fields come last)."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=True, decode_limits=DECODE_LIMITS)
        if reader.xrefs.total_revisions > MAX_REVISIONS:
            raise InvalidInput(f"Tệp PDF có {reader.xrefs.total_revisions} lần cập nhật, vượt giới hạn "
                               f"{MAX_REVISIONS} để kiểm tra chữ ký số.")
        fields = list(enumerate_sig_fields(reader, filled_status=True))
    except InvalidInput:
        raise
    # As in check_signature: the PDF parser on a hostile file may fail in any way; it reads as a damaged file.
    except Exception as exc:  # noqa: BLE001
        raise InvalidInput("Tệp PDF bị hỏng hoặc không đúng cấu trúc, không đọc được chữ ký số.") from exc
    if len(fields) > MAX_SIGNATURES:
        raise InvalidInput(f"Tệp PDF có {len(fields)} chữ ký, vượt giới hạn {MAX_SIGNATURES} để kiểm tra.")
    located: list[tuple[int, str, EmbeddedPdfSignature | None]] = []
    for name, _value, field in fields:
        try:
            signature = EmbeddedPdfSignature(reader, field, name)
            if signature.sig_object_type == "/Sig":  # a document timestamp (/DocTimeStamp) is no one's signature
                located.append((signature.signed_revision, name, signature))
        except Exception:  # noqa: BLE001 - as above, for one signature: it reads as unreadable
            located.append((MAX_REVISIONS + 1, name, None))
    return [(name, signature) for _order, name, signature in sorted(located, key=lambda s: s[0])]
