"""The document printed to be signed (engine/signatures/placement.py): its number and date fields are empty form
fields that the clerk's issue fills, without the file carrying whole fonts for them."""

from __future__ import annotations

import io

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields

from engine.plans.documents import Document, Paragraph
from engine.signatures.placement import printed
from engine.signing.pades import ISSUE_FIELDS, fill_issue_fields

DOCUMENT = Document(
    issuer=("UBND HUYỆN TỨ KỲ", "UBND XÃ NGỌC KỲ"), number="Số: …/BC-UBND",
    place_date="Ngọc Kỳ, ngày … tháng … năm 2024", kind="BÁO CÁO",
    title="Kết quả công tác dân vận chính quyền 6 tháng đầu năm 2024",
    body=(Paragraph("I. KẾT QUẢ", "heading"), Paragraph("Tổ chức 2 buổi đối thoại; giải quyết 3 đơn thư.")),
    recipients=("- UBND huyện Tứ Kỳ;", "- Lưu: VT."), signature=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    signer="Nguyễn Văn Ánh", is_draft=True, filename="bao-cao-6-thang-2024")


def fields(pdf: bytes) -> dict[str, str]:
    """The form fields of the PDF and their values ('' when empty)."""
    form = PdfFileReader(io.BytesIO(pdf)).root["/AcroForm"]
    return {str(f.get_object()["/T"]): str(f.get_object().get("/V", "")) for f in form["/Fields"]}


def test_the_document_to_sign_has_its_number_and_date_as_empty_fields_and_stays_small():
    page = printed(DOCUMENT)

    assert fields(page.pdf) == dict.fromkeys(ISSUE_FIELDS, "")
    assert page.page == 0 and page.box[2] > page.box[0] and page.box[3] > page.box[1]
    # The fonts of the text are cut to the letters used; a whole Liberation Serif weighs ~400 KB.
    assert len(page.pdf) < 100_000


def test_the_clerk_fills_the_fields_of_the_printed_document_in_the_signature_font():
    filled = fill_issue_fields(printed(DOCUMENT).pdf, "Số: 12/BC-UBND", "Ngọc Kỳ, ngày 20 tháng 5 năm 2024")

    assert fields(filled) == {"so_ky_hieu": "Số: 12/BC-UBND", "ngay_ban_hanh": "Ngọc Kỳ, ngày 20 tháng 5 năm 2024"}
    assert list(enumerate_sig_fields(PdfFileReader(io.BytesIO(filled)))) == []


def test_printing_the_same_document_twice_gives_the_same_place_and_text():
    first, second = printed(DOCUMENT), printed(DOCUMENT)

    assert (first.page, first.box) == (second.page, second.box)
    assert fields(first.pdf) == fields(second.pdf)
