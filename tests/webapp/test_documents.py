"""Plans and reports as official documents: the page, the Word file and the PDF, within the user's scope."""

from __future__ import annotations

import re
import unicodedata
import zlib
from datetime import datetime
from io import BytesIO

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from sqlalchemy import select

from engine.models import Obligation
from tests.support import APPROVE

TITLE = "Thực hiện công tác dân vận chính quyền năm 2024 trên địa bàn huyện Tứ Kỳ"
RECIPIENTS = ["UBND tỉnh;", "Ban Dân vận Huyện ủy;", "UBND các xã, thị trấn;"]


@pytest.fixture
def issued_plan(demo3, driver, clock) -> int:
    """Issued on 5 February 2024 by the district, signed by its chair."""
    clock.fixed = datetime(2024, 2, 5, 9)
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", title=unicodedata.normalize("NFD", TITLE), summary="I. MỤC ĐÍCH, YÊU CẦU",
                 recipients=RECIPIENTS)
    return plan_id


@pytest.fixture
def commune_report(issued_plan, driver, clock) -> int:
    """The six-month report of Xã Ngọc Kỳ on the district plan, sent on 15 May 2024."""
    clock.fixed = datetime(2024, 5, 15, 9)
    driver.run_due()
    task = driver.task("officer.11089", "Soạn báo cáo")
    driver.complete("officer.11089", task["id"], {"results": "Tổ chức 3 cuộc đối thoại với Nhân dân.",
                                                  "indicators": {"dialogues_held": 3}})
    driver.act("head.11089", "Thẩm định báo cáo", APPROVE)
    driver.act("chair.11089", "Phê duyệt, ký báo cáo", APPROVE)
    driver.act("clerk.11089", "Vào sổ, gửi báo cáo", {})
    with driver.planflow.unit_of_work() as ctx:
        return ctx.session.scalar(select(Obligation.id).where(Obligation.instance_id == task["process_instance_id"]))


def docx_text(data: bytes) -> tuple[str, list]:
    """All the text of a Word file (its tables included) and its runs."""
    word = open_docx(BytesIO(data))
    cells = [cell for table in word.tables for row in table.rows for cell in row.cells]
    paragraphs = [*word.paragraphs, *(p for cell in cells for p in cell.paragraphs)]
    return "\n".join(p.text for p in paragraphs), [r for p in paragraphs for r in p.runs]


def inflated(pdf: bytes) -> list[bytes]:
    streams = []
    for start in re.finditer(rb"stream\r?\n", pdf):
        try:
            streams.append(zlib.decompress(pdf[start.end():pdf.find(b"endstream", start.end())]))
        except zlib.error:  # a match inside binary data
            continue
    return streams


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, one line per positioned run: glyph ids read back through the fonts' ToUnicode maps."""
    streams = inflated(pdf)
    letters = {gid: bytes.fromhex(code.decode()).decode("utf-16-be") for s in streams if b"beginbfchar" in s
               for gid, code in re.findall(rb"<([0-9a-f]{4})> <([0-9a-f]+)>", s)}
    runs = [run for s in streams if b" Tf" in s for block in re.findall(rb"\nBT\n(.*?)\nET\n", s, re.S)
            for run in block.split(b" Tm\n")]
    return "\n".join("".join(letters.get(h[i:i + 4], "\ufffd") for h in re.findall(rb"<([0-9a-f]+)>", run)
                             for i in range(0, len(h), 4)) for run in runs)


def test_an_issued_plan_downloads_as_an_editable_word_file_in_times_new_roman(issued_plan, driver, login_as):
    response = login_as("officer.298").get(f"/plans/{issued_plan}/document.docx")

    assert response.status_code == 200
    assert 'filename=01-KH-UBND-2024-298.docx' in response.headers["Content-Disposition"]
    text, runs = docx_text(response.data)
    for line in ("ỦY BAN NHÂN DÂN", "HUYỆN TỨ KỲ", "Số: 01/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Tứ Kỳ, ngày 05 tháng 02 năm 2024", "KẾ HOẠCH", TITLE, "I. MỤC ĐÍCH, YÊU CẦU", "Nơi nhận:",
                 "- Ban Dân vận Huyện ủy;", "- Lưu: VT, NV.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                 driver.plan(issued_plan)["signature"][-1]):
        assert line in text.splitlines(), line
    assert unicodedata.is_normalized("NFC", text)
    assert {r.font.name for r in runs} == {"Times New Roman"}
    assert {r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in runs} == {"Times New Roman"}


def test_an_issued_plan_prints_as_a_pdf_in_liberation_serif_with_its_diacritics(issued_plan, driver, login_as):
    response = login_as("officer.298").get(f"/plans/{issued_plan}/document.pdf")

    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    fonts = set(re.findall(rb"/FontName\s*/[A-Z]{6}\+([\w-]+)", b"".join(inflated(response.data))))
    assert fonts and all(b"Liberation-Serif" in f or b"Times" in f for f in fonts), fonts
    text = pdf_text(response.data)
    for line in ("Số: 01/KH-UBND", "Tứ Kỳ, ngày 05 tháng 02 năm 2024", "KẾ HOẠCH", "Nơi nhận:", "- Lưu: VT, NV.",
                 "TM. ỦY BAN NHÂN DÂN", driver.plan(issued_plan)["signature"][-1]):
        assert line in text.splitlines(), line
    assert TITLE in " ".join(text.split())


def test_the_document_page_shows_the_plan_as_issued_with_its_downloads(issued_plan, login_as):
    page = login_as("chair.298").get(f"/plans/{issued_plan}/document").get_data(as_text=True)

    assert "Số: 01/KH-UBND" in page and "Tứ Kỳ, ngày 05 tháng 02 năm 2024" in page and TITLE in page
    assert f'href="/plans/{issued_plan}/document.docx"' in page and f'href="/plans/{issued_plan}/document.pdf"' in page
    assert "DỰ THẢO" not in page


def test_a_draft_leaves_the_number_blank_and_carries_no_signature(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", "Soạn thảo dự thảo kế hoạch", {"title": TITLE}, plan_id)
    client = login_as("head.298")

    page = client.get(f"/plans/{plan_id}/document").get_data(as_text=True)
    text, _ = docx_text(client.get(f"/plans/{plan_id}/document.docx").data)

    for shown in (page, text):
        assert "Số: …/KH-UBND" in shown and "ngày … tháng … năm 2024" in shown and "DỰ THẢO" in shown
        assert "TM. ỦY BAN NHÂN DÂN" not in shown and "CHỦ TỊCH" not in shown


def test_a_sent_report_renders_and_downloads_as_a_bao_cao(commune_report, login_as):
    client = login_as("officer.298")  # the receiving district reads it

    page = client.get(f"/reports/{commune_report}/document").get_data(as_text=True)
    text, _ = docx_text(client.get(f"/reports/{commune_report}/document.docx").data)
    pdf = client.get(f"/reports/{commune_report}/document.pdf")

    for shown in (page, text, pdf_text(pdf.data)):
        assert "XÃ NGỌC KỲ" in shown and "Số: 01/BC-UBND" in shown and "BÁO CÁO" in shown
        assert "Ngọc Kỳ, ngày 15 tháng 5 năm 2024" in shown and "Số cuộc đối thoại với Nhân dân" in shown
    assert "filename=01-BC-UBND-2024-11089.pdf" in pdf.headers["Content-Disposition"]


def test_someone_from_another_commune_finds_none_of_the_documents(issued_plan, commune_report, driver, login_as):
    commune_plan = next(c["id"] for c in driver.plan(issued_plan)["children"] if c["unit"] == "11089")
    neighbour = login_as("officer.11113")

    for path in (f"/plans/{commune_plan}/document", f"/reports/{commune_report}/document"):
        for suffix in ("", ".docx", ".pdf"):
            response = neighbour.get(path + suffix)
            assert response.status_code == 404, path + suffix
            assert "phạm vi" in response.get_data(as_text=True)
    own = login_as("officer.11089")
    assert own.get(f"/plans/{commune_plan}/document.txt").status_code == 404
    assert own.get("/plans/99999999999/document.pdf").status_code == 404


def test_a_long_recipient_line_hangs_under_its_text_in_the_word_file(issued_plan, login_as):
    word = open_docx(BytesIO(login_as("officer.298").get(f"/plans/{issued_plan}/document.docx").data))
    cells = [cell for table in word.tables for row in table.rows for cell in row.cells]
    [line] = [p for cell in cells for p in cell.paragraphs if p.text == "- Ban Dân vận Huyện ủy;"]
    indent = line.paragraph_format
    assert (indent.left_indent.mm, indent.first_line_indent.mm) == pytest.approx((3, -3), abs=0.05)
