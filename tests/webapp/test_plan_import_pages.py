"""A plan from its text in the web: upload (.txt, .docx), review items beside their source lines, both outcomes,
a refused submission that keeps what was typed, who may import, and an unreadable file."""

from __future__ import annotations

import io
import re
from datetime import datetime
from html import unescape
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from engine.models import Plan

SEED_000 = Path(__file__).parents[1] / "data" / "seeds" / "000_bfe6059bc76dc0e5.txt"


@pytest.fixture(autouse=True)
def in_2023(clock):
    clock.fixed = datetime(2023, 4, 1, 9)


def _upload(client, name: str, content: bytes):
    return client.post("/plans/import", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def _form(html: str) -> dict[str, str]:
    """The review form as a browser would post it: inputs, checked boxes, textareas, selected options."""
    fields: dict[str, str] = {}
    for tag in re.findall(r"<input [^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name[1] == "csrf_token":
            continue
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        found = re.search(r'value="([^"]*)"', tag)
        fields[name[1]] = unescape(found[1]) if found else ""
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = unescape(text)
    for name, options in re.findall(r'<select name="([^"]+)">(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options) or re.search(r'<option value="([^"]*)"',
                                                                                       options)
        fields[name] = unescape(chosen[1]) if chosen else ""
    return fields


def _seed_docx() -> bytes:
    document = docx.Document()
    for paragraph in SEED_000.read_text(encoding="utf-8").split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.replace("**", "").strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_plans_page_links_planners_to_the_import(login_as):
    assert "Nhập kế hoạch từ văn bản" in login_as("officer.298").get("/plans").get_data(as_text=True)
    assert "Nhập kế hoạch từ văn bản" not in login_as("clerk.298").get("/plans").get_data(as_text=True)


@pytest.mark.parametrize(("name", "content"), [("ke-hoach.txt", SEED_000.read_bytes()), ("ke-hoach.docx", None)])
def test_the_review_shows_each_item_beside_its_source_line(login_as, name, content):
    page = _upload(login_as("officer.298"), name, content or _seed_docx())
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'value="Thực hiện công tác dân vận chính quyền năm 2023"' in html
    assert "Kế hoạch số 25/KH-UBND ngày 05 tháng 02 năm 2021 của UBND tỉnh Quảng Trị" in html
    assert 'value="30-CT/TW"' in html and 'value="Định kỳ 6 tháng (trước 30/5)"' in html
    assert "<strong>30/05/2023</strong> · không tính ngày này" in html
    assert 'value="UBND các xã, thị trấn"' in html and 'value="Thái Văn Thành"' in html
    assert re.search(r'<span class="import-line">Dòng \d+</span> - Lưu: VT, NV\.', html)
    assert "không thấy trong văn bản" in html  # the seed has no number nor date
    if name.endswith(".txt"):
        assert '<span class="import-line">Dòng 6</span> Thực hiện Kế hoạch số 25/KH-UBND' in html


def test_recording_the_parent_then_starting_the_child_plan(login_as, demo3):
    officer = login_as("officer.298")
    form = _form(_upload(officer, "ke-hoach.txt", SEED_000.read_bytes()).get_data(as_text=True))
    assert form["external_unit"] == "30"  # the officer's superior committee
    form |= {"doc-number_symbol": "47/KH-UBND", "doc-date": "15/03/2023", "outcome": "external"}
    saved = officer.post("/plans/import/save", data=form)
    assert saved.status_code == 302
    page = officer.get(saved.headers["Location"]).get_data(as_text=True)
    assert "47/KH-UBND" in page and "Định kỳ 6 tháng (trước 30/5)" in page and "Lập kế hoạch thực hiện" in page
    parent_id = int(saved.headers["Location"].rsplit("/", 1)[1])
    child = officer.post(f"/plans/import/{parent_id}/child", data={"unit": "298"})
    assert child.status_code == 302
    with demo3.unit_of_work() as ctx:
        plan = ctx.session.get(Plan, int(child.headers["Location"].rsplit("/", 1)[1]))
        assert (plan.parent_id, plan.unit.code) == (parent_id, "298")


def test_a_refused_submission_keeps_what_was_typed(login_as, demo3):
    officer = login_as("officer.298")
    form = _form(_upload(officer, "ke-hoach.txt", SEED_000.read_bytes()).get_data(as_text=True))
    form |= {"doc-number_symbol": "số bốn bảy", "doc-date": "15/03/2023", "doc-title": "Tiêu đề đã sửa tay",
             "outcome": "external"}
    refused = officer.post("/plans/import/save", data=form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "không đọc được số, ký hiệu" in html
    assert 'value="số bốn bảy"' in html and 'value="Tiêu đề đã sửa tay"' in html and 'value="15/03/2023"' in html
    assert '<span class="import-line">Dòng 6</span>' in html  # the sources came back with the form
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalars(select(Plan)).all() == []


def test_a_prefilled_draft_from_the_text(login_as, demo3):
    officer = login_as("officer.298")
    form = _form(_upload(officer, "ke-hoach.txt", SEED_000.read_bytes()).get_data(as_text=True))
    form = {k: v for k, v in form.items() if not re.fullmatch(r"assignments-\d+-keep", k)}  # no assignments
    form |= {"outcome": "draft", "draft_unit": "298"}
    saved = officer.post("/plans/import/save", data=form)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    plan_id = int(saved.headers["Location"].rsplit("/", 1)[1])
    with demo3.unit_of_work() as ctx:
        plan = ctx.session.get(Plan, plan_id)
        assert plan.title == "Thực hiện công tác dân vận chính quyền năm 2023"
        assert plan.content["recipients"][0] == "UBND tỉnh"


def test_someone_who_does_not_plan_gets_403(login_as):
    clerk = login_as("clerk.298")
    assert clerk.get("/plans/import").status_code == 403
    assert _upload(clerk, "ke-hoach.txt", SEED_000.read_bytes()).status_code == 403
    assert clerk.post("/plans/import/save", data={"outcome": "external", "doc-title": "x"}).status_code == 403


def test_a_corrupt_pdf_gets_a_vietnamese_message(login_as):
    page = _upload(login_as("officer.298"), "ke-hoach.pdf", b"%PDF-1.4\n garbage without objects")
    assert page.status_code == 422
    assert "Không đọc được tệp PDF 'ke-hoach.pdf': tệp hỏng" in unescape(page.get_data(as_text=True))
    page = _upload(login_as("officer.298"), "ke-hoach.pdf", b"not a pdf at all")  # the attachments' type rule
    assert page.status_code == 422
    assert "không phải là tệp PDF" in unescape(page.get_data(as_text=True))
