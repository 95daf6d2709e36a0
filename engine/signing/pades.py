"""Signing a PDF (PAdES, through pyHanko) and filling the number and date at issue, each an incremental update.

Nghị định 30/2020: the competent person signs first; at issue the clerk (văn thư) puts the number and the date in
place, and the issuing body signs last. Each step appends to the file, so every earlier signature keeps covering
exactly the bytes it signed; `verify.py` reads what changed after each one.

Locks say what may change after a signature (ISO 32000 FieldMDP), so that a change made later reads as a
modification and not as harmless form filling: the person's signature leaves open only the fields named in
`open_fields` (the number, the date, the body's signature field); a signature with no `open_fields` closes the
document (no change at all after it).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

import pkcs11
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.form_tools import populate_static_text_field
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import FormFillingError, PdfError
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign.fields import (
    FieldMDPAction,
    FieldMDPSpec,
    MDPPerm,
    SigFieldSpec,
    SigSeedSubFilter,
    enumerate_sig_fields,
)
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner, PdfSigningSession
from pyhanko.sign.timestamps import TimeStamper

from engine.clock import VIETNAM, current_clock
from engine.errors import InvalidInput
from engine.signing.appearance import Stamp, stamp_style, text_box_style
from engine.signing.errors import SigningRefused
from engine.signing.keys import aware, require_usable
from engine.signing.loops import outside_event_loop
from engine.text import clean

__all__ = ["ISSUE_FIELDS", "MAX_PDF_BYTES", "Stamp", "fill_issue_fields", "sign_pdf", "stamp_time"]

NUMBER_FIELD, DATE_FIELD = ISSUE_FIELDS = ("so_ky_hieu", "ngay_ban_hanh")
ISSUE_TEXT_SIZE = 13  # Nghị định 30, Phụ lục I: số, ký hiệu cỡ 13 đứng; địa danh, ngày tháng cỡ 13 nghiêng
MAX_PDF_BYTES = 20 * 1024 * 1024
TEXT_MAX = 200


def stamp_time(moment: datetime) -> str:
    """A signing time as Vietnamese e-office stamps show it: '05.03.2024 09:15:30 +07:00'."""
    local = aware(moment).astimezone(VIETNAM)
    return f"{local:%d.%m.%Y %H:%M:%S} +07:00"


def sign_pdf(pdf: bytes, signer: Signer, *, field: str, page: int, box: tuple[float, float, float, float],
             stamp: Stamp, reason: str, location: str | None = None, when: datetime | None = None,
             open_fields: Sequence[str] = (), timestamper: TimeStamper | None = None) -> bytes:
    """`pdf` with one more PAdES signature (B-B; B-T with a `timestamper`), appended as an incremental update.

    `box` is (x1, y1, x2, y2): the lower-left and upper-right corners of the visible signature in PDF points,
    from the lower-left corner of page `page` (0-based). `when` is the signing time written in the signature
    (default: the clock's now; naive means Vietnam time). `open_fields`: the form fields that may still be filled
    or signed after this signature; none: nothing may change after it."""
    moment = aware(when or current_clock().now())
    require_usable(signer.signing_cert, moment)
    writer = _open(pdf)
    _require_unsigned(writer, field)
    _require_box(writer, page, box)
    style = stamp_style(stamp, box[2] - box[0], box[3] - box[1])
    closes = not open_fields
    permission = MDPPerm.NO_CHANGES if closes else MDPPerm.FILL_FORMS
    lock = FieldMDPSpec(FieldMDPAction.ALL) if closes else FieldMDPSpec(FieldMDPAction.EXCLUDE, list(open_fields))
    meta = PdfSignatureMetadata(field_name=field, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
                                reason=clean(reason, "reason"), location=clean(location, "location") if location
                                else None, docmdp_permissions=permission)
    spec = SigFieldSpec(sig_field_name=field, on_page=page, box=box, field_mdp_spec=lock,  # type: ignore[arg-type]
                        doc_mdp_update_value=MDPPerm.NO_CHANGES if closes else None)
    pdf_signer = _SignerAt(moment, meta, signer=signer, timestamper=timestamper, stamp_style=style,
                           new_field_spec=spec)
    try:
        return outside_event_loop(pdf_signer.sign_pdf, writer).getvalue()
    except pkcs11.PKCS11Error as exc:
        raise SigningRefused(f"Thiết bị ký số không ký được ({type(exc).__name__}); hãy kiểm tra thiết bị rồi ký "
                             "lại.") from exc
    except (SigningError, PdfError) as exc:
        raise SigningRefused(f"Không ký được văn bản: {exc}") from exc


def fill_issue_fields(pdf: bytes, number: str, issued: str) -> bytes:
    """`pdf` with the number ('Số: 12/KH-UBND') and the place and date ('Tứ Kỳ, ngày 05 tháng 3 năm 2024') in the
    template's form fields `so_ky_hieu` and `ngay_ban_hanh`, appended as one incremental update.

    Filling form fields is a change a signature allows (pyHanko reads it as FORM_FILLING): the person's signature
    stays valid. Each field gets a fixed appearance and becomes read-only."""
    writer = _open(pdf)
    for name, text, variant in ((NUMBER_FIELD, number, "regular"), (DATE_FIELD, issued, "italic")):
        value = clean(text, name).strip()
        if not value or len(value) > TEXT_MAX:
            raise InvalidInput(f"Nội dung điền vào '{name}' phải có từ 1 đến {TEXT_MAX} ký tự.", {name: "không hợp lệ"})
        try:
            populate_static_text_field(writer, name, text_box_style(ISSUE_TEXT_SIZE, variant, centred=True), value)
        except FormFillingError as exc:
            raise InvalidInput(f"Văn bản không có ô trống '{name}' để điền số, ký hiệu và ngày ban hành (mẫu văn "
                               "bản thiếu trường này, hoặc văn bản đã được điền).", {name: "không có ô trống"}) from exc
    _show_own_appearances(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class _SignerAt(PdfSigner):
    """pyHanko's signer, at a given signing time rather than the machine's (the engine's clock decides)."""

    def __init__(self, moment: datetime, *args: object, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.moment = moment

    def init_signing_session(self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False
                             ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self.moment
        return session


def _open(pdf: bytes) -> IncrementalPdfFileWriter:
    if len(pdf) > MAX_PDF_BYTES:
        raise InvalidInput(f"Tệp PDF quá lớn để ký ({len(pdf) // 1024 // 1024} MB, tối đa "
                           f"{MAX_PDF_BYTES // 1024 // 1024} MB).")
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf))
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput("Tệp không phải PDF hợp lệ nên không ký được.") from exc


def _require_unsigned(writer: IncrementalPdfFileWriter, field: str) -> None:
    for _filled in enumerate_sig_fields(writer.prev, filled_status=True, with_name=field):
        raise SigningRefused(f"Văn bản đã được ký ở ô chữ ký '{field}'.", {"field": "đã ký"})


def _require_box(writer: IncrementalPdfFileWriter, page: int, box: tuple[float, float, float, float]) -> None:
    pages = int(writer.root["/Pages"]["/Count"])
    if not 0 <= page < pages:
        raise InvalidInput(f"Văn bản có {pages} trang, không có trang số {page + 1} để đặt chữ ký.")
    x1, y1, x2, y2 = box
    if x2 - x1 < 10 or y2 - y1 < 10:
        raise InvalidInput("Ô chữ ký phải rộng và cao ít nhất 10 điểm.")


def _show_own_appearances(writer: IncrementalPdfFileWriter) -> None:
    """WeasyPrint asks viewers to redraw every field (/NeedAppearances): they must show the filled appearance."""
    form = writer.root["/AcroForm"]
    if form.get("/NeedAppearances"):
        form["/NeedAppearances"] = generic.BooleanObject(False)
        writer.update_container(form)
