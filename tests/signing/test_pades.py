"""A plan signed by the chair, numbered and dated by the clerk, then sealed by the committee (Nghị định 30/2020):
both signatures verify, the file is a standard PAdES file, and any later change reads as a change."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess

import pypdf
import pytest
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf.generic import ContentStream

from engine.errors import InvalidInput
from engine.signing.errors import SigningRefused
from engine.signing.keys import open_signer
from engine.signing.pades import Stamp, fill_issue_fields, sign_pdf, stamp_time
from engine.signing.verify import verify_pdf
from tests.signing.conftest import (
    BODY,
    BODY_FIELD,
    BODY_SIGNS,
    CHAIR,
    CHAIR_FIELD,
    CHAIR_SIGNS,
    COMMITTEE,
    ISSUED,
    NUMBER,
    SECRET,
    sign_as_body,
    sign_as_chair,
)
from tests.signing.helpers import aware, flip_byte_in_largest_stream


def test_the_issued_plan_carries_the_chairs_and_the_committees_signatures_both_valid(pki, issued):
    chair, body = verify_pdf(issued, [pki.ca_certificate])
    assert (chair.field, chair.signer, chair.body, chair.title) == (CHAIR_FIELD, "Nguyễn Văn A", COMMITTEE, "Chủ tịch")
    assert (body.field, body.signer, body.body) == (BODY_FIELD, COMMITTEE, COMMITTEE)
    assert chair.signed_at == aware(CHAIR_SIGNS) and body.signed_at == aware(BODY_SIGNS)
    for check in (chair, body):
        assert check.intact and check.trusted and check.valid
    assert body.modification == "none"
    assert body.summary == f"Hợp lệ: {COMMITTEE} ký lúc 14:02:11 ngày 21/05/2025."


def test_filling_the_number_and_date_after_the_chair_signed_reads_as_form_filling_and_keeps_it_valid(pki, issued):
    chair = verify_pdf(issued, [pki.ca_certificate])[0]
    assert chair.modification == "form_filling" and chair.valid
    assert chair.summary == ("Hợp lệ: Nguyễn Văn A (Ủy ban nhân dân huyện Tứ Kỳ) ký lúc 09:15:30 ngày 20/05/2025; "
                             "sau đó văn bản chỉ được điền số, ngày ban hành và ký tiếp.")


def test_a_standard_reader_finds_two_pades_signatures_the_last_covering_the_whole_file(issued):
    reader = pypdf.PdfReader(io.BytesIO(issued))
    fields = reader.get_fields()
    signatures = {name: field["/V"] for name, field in fields.items() if field.get("/FT") == "/Sig"}
    assert set(signatures) == {CHAIR_FIELD, BODY_FIELD}
    for signature in signatures.values():
        assert signature["/SubFilter"] == "/ETSI.CAdES.detached"
        start, first, second, rest = signature["/ByteRange"]
        assert start == 0 and second > first
    body_range = signatures[BODY_FIELD]["/ByteRange"]
    assert body_range[2] + body_range[3] == len(issued)
    assert (fields["so_ky_hieu"]["/V"], fields["ngay_ban_hanh"]["/V"]) == (NUMBER, ISSUED)


def test_each_signature_checks_out_by_hand_digest_and_ecdsa_over_its_byte_range(issued):
    """Independent of pyHanko: hash the signed bytes, compare with the CMS, verify the ECDSA signature."""
    reader = pypdf.PdfReader(io.BytesIO(issued))
    for field in reader.get_fields().values():
        if field.get("/FT") != "/Sig":
            continue
        value = field["/V"]
        a, b, c, d = value["/ByteRange"]
        signed_data = cms.ContentInfo.load(bytes(value["/Contents"]))["content"]
        signer_info = signed_data["signer_infos"][0]
        digest = next(attr["values"][0].native for attr in signer_info["signed_attrs"]
                      if attr["type"].native == "message_digest")
        assert hashlib.sha256(issued[a:a + b] + issued[c:c + d]).digest() == digest
        serial = signer_info["sid"].chosen["serial_number"].native
        [signer_certificate] = [c.chosen for c in signed_data["certificates"] if c.chosen.serial_number == serial]
        certificate = x509.load_der_x509_certificate(signer_certificate.dump())
        public_key = certificate.public_key()
        assert isinstance(public_key, ec.EllipticCurvePublicKey)
        public_key.verify(signer_info["signature"].native, signer_info["signed_attrs"].untag().dump(),
                          ec.ECDSA(hashes.SHA256()))  # raises if the signature does not hold


@pytest.mark.skipif(shutil.which("pdfsig") is None,
                    reason="poppler's pdfsig (Debian poppler-utils) is not installed: the reader's check is skipped")
def test_poppler_pdfsig_reads_both_signatures_as_valid(issued, tmp_path):
    """A second, independent reader (poppler, with NSS): each signature's cryptography holds. It does not know the
    demo CA, so it says nothing here about trust."""
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(issued)
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout
    assert report.count("Signature Validation: Signature is Valid.") == 2
    assert report.count("Signature Type: ETSI.CAdES.detached") == 2
    assert "Signer Certificate Common Name: Nguyễn Văn A" in report


def test_a_byte_changed_inside_the_signed_bytes_reads_as_not_intact_for_both(pki, issued):
    checks = verify_pdf(flip_byte_in_largest_stream(issued), [pki.ca_certificate])
    assert [(c.intact, c.valid) for c in checks] == [(False, False), (False, False)]
    assert checks[1].summary.startswith("Không hợp lệ: văn bản đã bị sửa sau khi")


def test_changing_the_number_after_the_committee_signed_reads_as_a_modification(pki, issued):
    writer = IncrementalPdfFileWriter(io.BytesIO(issued))
    [reference] = [f for f in writer.root["/AcroForm"]["/Fields"] if f.get_object()["/T"] == "so_ky_hieu"]
    reference.get_object()["/V"] = generic.TextStringObject("Số: 99/KH-UBND")
    writer.mark_update(reference)
    out = io.BytesIO()
    writer.write(out)
    body = verify_pdf(out.getvalue(), [pki.ca_certificate])[1]
    assert body.intact and body.trusted and not body.valid
    assert body.modification == "other"
    assert body.summary.startswith("Không hợp lệ: sau khi Ủy ban nhân dân huyện Tứ Kỳ ký")


def test_a_signature_from_a_certificate_of_another_ca_reads_as_untrusted(pki, stranger_pki, plan_pdf):
    signed = sign_as_chair(plan_pdf, stranger_pki.people["x"], None)
    [check] = verify_pdf(signed, [pki.ca_certificate])
    assert check.intact and not check.trusted and not check.valid
    assert check.summary.startswith("Chưa xác thực: chữ ký của Trần Thị B (Công ty X)")
    [trusted] = verify_pdf(signed, [stranger_pki.ca_certificate])
    assert trusted.valid


def test_an_unsigned_pdf_has_no_signatures(pki, plan_pdf):
    assert verify_pdf(plan_pdf, [pki.ca_certificate]) == []


@pytest.mark.parametrize(("data", "message"), [
    (b"PK\x03\x04 a word file", "Tệp không phải PDF nên không kiểm tra được chữ ký số."),
    (b"%PDF-1.7\n1 0 obj\n<<", "Tệp PDF bị hỏng hoặc không đúng cấu trúc, không đọc được chữ ký số."),
    (b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024), "Tệp quá lớn để kiểm tra chữ ký số (20.0 MB, tối đa 20 MB)."),
])
def test_a_file_that_cannot_be_read_is_refused_in_vietnamese(pki, data, message):
    with pytest.raises(InvalidInput) as refused:
        verify_pdf(data, [pki.ca_certificate])
    assert refused.value.message == message


def test_a_truncated_signed_file_is_refused_as_damaged(pki, issued):
    with pytest.raises(InvalidInput, match="bị hỏng"):
        verify_pdf(issued[: len(issued) // 2], [pki.ca_certificate])


def test_the_same_signature_field_cannot_be_signed_twice(pki, chair_signed):
    with pytest.raises(SigningRefused, match=f"Văn bản đã được ký ở ô chữ ký '{CHAIR_FIELD}'."):
        sign_as_chair(chair_signed, pki.people[CHAIR.key], None)


def test_the_number_and_date_cannot_be_filled_twice_nor_into_a_document_without_the_fields(chair_signed, pki):
    with pytest.raises(InvalidInput, match="không có ô trống 'so_ky_hieu'"):
        fill_issue_fields(fill_issue_fields(chair_signed, NUMBER, ISSUED), NUMBER, ISSUED)
    unsigned_without_fields = sign_as_body(_blank_pdf(), pki.bodies[BODY.key], None)
    with pytest.raises(InvalidInput, match="mẫu văn bản thiếu trường này"):
        fill_issue_fields(unsigned_without_fields, NUMBER, ISSUED)


def test_a_certificate_cannot_sign_outside_its_validity(pki, plan_pdf):
    signer = open_signer(pki.people[CHAIR.key], SECRET, now=CHAIR_SIGNS)
    stamp = Stamp("person", ("Người ký: Nguyễn Văn A",))
    with pytest.raises(SigningRefused, match=r"Chứng thư số của Nguyễn Văn A đã hết hạn ngày \d\d/\d\d/2030"):
        sign_pdf(plan_pdf, signer, field="x", page=0, box=(10, 10, 200, 60), stamp=stamp, reason="Ký",
                 when=CHAIR_SIGNS.replace(year=2031))


@pytest.mark.parametrize(("page", "box", "message"), [
    (3, (10, 10, 200, 60), "Văn bản có 1 trang, không có trang số 4 để đặt chữ ký."),
    (0, (10, 10, 15, 60), "Ô chữ ký phải rộng và cao ít nhất 10 điểm."),
])
def test_a_signature_box_off_the_document_is_refused(pki, plan_pdf, page, box, message):
    signer = open_signer(pki.people[CHAIR.key], SECRET, now=CHAIR_SIGNS)
    with pytest.raises(InvalidInput) as refused:
        sign_pdf(plan_pdf, signer, field="x", page=page, box=box, stamp=Stamp("person", ("A",)), reason="Ký",
                 when=CHAIR_SIGNS)
    assert refused.value.message == message


def test_a_stamp_image_must_be_a_png(pki, plan_pdf):
    signer = open_signer(pki.people[CHAIR.key], SECRET, now=CHAIR_SIGNS)
    with pytest.raises(InvalidInput, match="phải là tệp PNG nền trong suốt"):
        sign_pdf(plan_pdf, signer, field="x", page=0, box=(10, 10, 200, 60), reason="Ký", when=CHAIR_SIGNS,
                 stamp=Stamp("person", ("A",), b"GIF89a not a png"))


def test_the_visible_signature_writes_vietnamese_text_in_an_embedded_font_spaced_as_the_font_says(chair_signed):
    reader = pypdf.PdfReader(io.BytesIO(chair_signed))
    [widget] = [a.get_object() for a in reader.pages[0]["/Annots"] if a.get_object().get("/T") == CHAIR_FIELD]
    appearance = widget["/AP"]["/N"].get_object()
    fonts = _fonts_within(appearance)
    assert any("LiberationSerif" in font["/BaseFont"] for font in fonts)
    assert _actual_texts(appearance, reader) == \
        ["Người ký: Nguyễn Văn A", "Chủ tịch", "Thời gian ký: 20.05.2025 09:15:30 +07:00"]
    widths = [w for font in fonts for w in _widths(font)]
    # in thousandths of an em: a 2048-unit font not scaled would give widths of 1000 to 2000 (letters spaced apart)
    assert widths and max(widths) <= 1100 and sorted(widths)[len(widths) // 2] < 700


def test_a_signing_time_reads_as_e_office_stamps_show_it():
    assert stamp_time(CHAIR_SIGNS) == "20.05.2025 09:15:30 +07:00"


def _blank_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _fonts_within(xobject) -> list:
    found = []
    resources = xobject.get("/Resources") or {}
    for font in (resources.get("/Font") or {}).values():
        found.append(font.get_object())
    for inner in _forms(xobject):
        found += _fonts_within(inner)
    return found


def _forms(xobject) -> list:
    """The form XObjects drawn by `xobject` (images are XObjects too, but hold no text)."""
    inner = ((xobject.get("/Resources") or {}).get("/XObject") or {}).values()
    return [x.get_object() for x in inner if x.get_object().get("/Subtype") == "/Form"]


def _widths(font) -> list[int]:
    descendant = font["/DescendantFonts"][0].get_object()
    return [int(w) for item in descendant["/W"] if isinstance(item, list) for w in item]


def _actual_texts(xobject, reader) -> list[str]:
    """The text a reader copies out of an appearance: the /ActualText of its marked content, line by line."""
    texts = [str(operands[1]["/ActualText"]) for operands, operator in ContentStream(xobject, reader).operations
             if operator == b"BDC" and isinstance(operands[1], dict) and "/ActualText" in operands[1]]
    for inner in _forms(xobject):
        texts += _actual_texts(inner, reader)
    return texts


def test_checking_and_signing_work_inside_a_running_event_loop(pki, issued, plan_pdf, signature_png):
    """An async host (or Playwright's sync API in a test process) runs a loop; pyHanko's own asyncio.run must not
    collide with it."""
    import asyncio

    def check_and_sign():
        return verify_pdf(issued, [pki.ca_certificate]), sign_as_chair(plan_pdf, pki.people[CHAIR.key], signature_png)

    async def inside_a_loop():
        return check_and_sign()

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no loop yet: start one, as an async host would
        checks, signed = asyncio.run(inside_a_loop())
    else:  # a browser test earlier in this process left Playwright's loop running here: the case itself
        checks, signed = check_and_sign()
    assert [c.valid for c in checks] == [True, True]
    assert verify_pdf(signed, [pki.ca_certificate])[0].valid
