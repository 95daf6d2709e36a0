"""The discussion under a plan in Chromium: comments in NFC with their author and time, file versions and downloads,
refused files, and a returned draft that keeps all of it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from engine.org.units import get_user

DRAFT, REVIEW = "Soạn thảo dự thảo kế hoạch", "Thẩm định dự thảo kế hoạch"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PDF_V2 = PDF + b"% ban sua sau gop y\n"
NAME = "Dự thảo kế hoạch.pdf"
# The file cell names the file, then what the signature check found (this fixture is no real PDF).
NAME_CELL = re.compile(rf"^{re.escape(NAME)}\s+Không kiểm tra được chữ ký số\s*$")
COMMENT = "Đề nghị bổ sung kinh phí tập huấn cho cán bộ cấp xã."
AT = "08:00 01/03/2024"  # the test clock (conftest.clock), the time every comment and upload records


@pytest.fixture(autouse=True)
def small_file_store(monkeypatch, tmp_path):
    """Files in a temporary folder, and a 10 KB limit so that crossing it is cheap (read as the app starts)."""
    monkeypatch.setenv("PLANFLOW_FILES_DIR", str(tmp_path / "files"))
    monkeypatch.setenv("PLANFLOW_MAX_UPLOAD_MB", "0.01")


def full_name(planflow, username: str) -> str:
    with planflow.unit_of_work() as ctx:
        return get_user(ctx.session, username).full_name


def write_comment(page: Page, text: str) -> None:
    page.get_by_label("Bình luận").press_sequentially(text)
    page.get_by_role("button", name="Gửi bình luận").click()
    expect(page.get_by_text("Đã gửi bình luận.")).to_be_visible()


def upload(page: Page, name: str, content: bytes, mime_type: str = "application/pdf") -> None:
    page.get_by_label("Đính kèm tệp").set_input_files({"name": name, "mimeType": mime_type, "buffer": content})
    page.get_by_role("button", name="Tải lên").click()


def file_rows(page: Page):
    """The rows of the file table (the header row has no cells)."""
    return page.locator("#files + table").get_by_role("row").filter(has=page.get_by_role("cell"))


def download(page: Page, link) -> tuple[str, bytes]:
    with page.expect_download() as started:
        link.click()
    received = started.value
    return received.suggested_filename, Path(received.path()).read_bytes()


def test_a_comment_typed_decomposed_is_stored_in_nfc_and_the_head_reads_it_with_author_and_time(
        page, live_server, sign_in, demo3, driver):
    plan_id = driver.start_plan("298", "officer.298")
    officer = full_name(demo3, "officer.298")

    sign_in("officer.298")
    page.goto(f"{live_server}/plans/{plan_id}")
    expect(page.get_by_text("Chưa có bình luận.")).to_be_visible()
    write_comment(page, unicodedata.normalize("NFD", COMMENT))
    # to_have_text compares code points: an NFD text stored as typed would not match the NFC one.
    expect(page.get_by_role("article").locator("p.comment")).to_have_text(COMMENT)

    sign_in("head.298")
    page.goto(f"{live_server}/plans/{plan_id}")
    comment = page.get_by_role("article").filter(has_text=COMMENT)
    expect(comment).to_have_count(1)
    expect(comment).to_contain_text(f"{officer} (officer.298) · {AT}")
    assert unicodedata.is_normalized("NFC", comment.locator("p.comment").inner_text())


def test_a_file_of_the_same_name_adds_a_version_and_each_version_downloads_its_exact_bytes(
        page, live_server, sign_in, driver):
    plan_id = driver.start_plan("298", "officer.298")

    sign_in("officer.298")
    page.goto(f"{live_server}/plans/{plan_id}")
    expect(page.get_by_text("Chưa có tệp.")).to_be_visible()
    upload(page, NAME, PDF)
    expect(page.get_by_text(f"Đã đính kèm {NAME} (phiên bản 1).")).to_be_visible()
    expect(file_rows(page)).to_have_count(1)
    expect(file_rows(page).get_by_role("cell")).to_have_text([NAME_CELL, "1", f"{len(PDF)} byte", "officer.298", AT])

    upload(page, NAME, PDF_V2)
    expect(page.get_by_text(f"Đã đính kèm {NAME} (phiên bản 2).")).to_be_visible()
    rows = file_rows(page)
    expect(rows).to_have_count(2)  # newest first, the older version kept beneath it
    expect(rows.nth(0).get_by_role("cell")).to_have_text([NAME_CELL, "2", f"{len(PDF_V2)} byte", "officer.298", AT])
    expect(rows.nth(1).get_by_role("cell")).to_have_text([NAME_CELL, "1", f"{len(PDF)} byte", "officer.298", AT])

    assert download(page, rows.nth(0).get_by_role("link", name=NAME)) == (NAME, PDF_V2)
    assert download(page, rows.nth(1).get_by_role("link", name=NAME)) == (NAME, PDF)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("Phụ lục lớn.pdf", PDF + b"0" * 20_000, "Tệp 'Phụ lục lớn.pdf' nặng 20 KB, vượt giới hạn 10 KB."),
    ("ghi-chu.txt", b"Ghi chu cuoc hop", "Không nhận loại tệp của 'ghi-chu.txt'. Các loại được nhận: .pdf, "),
])
def test_a_file_too_large_or_of_a_refused_type_shows_why_and_the_list_is_unchanged(
        page, live_server, sign_in, driver, name, content, message):
    plan_id = driver.start_plan("298", "officer.298")

    sign_in("officer.298")
    page.goto(f"{live_server}/plans/{plan_id}")
    upload(page, NAME, PDF)
    expect(page.get_by_text(f"Đã đính kèm {NAME} (phiên bản 1).")).to_be_visible()  # posted in place (htmx)
    expect(file_rows(page)).to_have_count(1)

    upload(page, name, content, "application/octet-stream")
    expect(page.get_by_role("status")).to_contain_text(message)
    expect(file_rows(page)).to_have_count(1)
    expect(file_rows(page).get_by_role("cell")).to_have_text([NAME_CELL, "1", f"{len(PDF)} byte", "officer.298", AT])
    expect(page.get_by_text(name)).to_have_count(1)  # in the message only, never in the list


def test_a_returned_draft_keeps_its_comments_and_files_on_the_plan_and_on_the_redone_task(
        page, live_server, sign_in, driver):
    plan_id = driver.start_plan("298", "officer.298")

    sign_in("officer.298")
    page.get_by_role("link", name=DRAFT).click()  # the drafting task from the work list
    write_comment(page, COMMENT)
    upload(page, NAME, PDF)
    expect(page.get_by_text(f"Đã đính kèm {NAME} (phiên bản 1).")).to_be_visible()

    driver.act("officer.298", DRAFT, {"title": "Kế hoạch công tác dân vận chính quyền năm 2024"}, plan_id)
    driver.act("head.298", REVIEW, {"decision": "return", "comment": "Bổ sung dự toán"}, plan_id)

    sign_in("officer.298")
    page.get_by_role("link", name=DRAFT).click()  # the draft again, back in the work list
    expect(page.get_by_role("article").filter(has_text=COMMENT)).to_have_count(1)
    rows = file_rows(page)
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("cell").nth(0)).to_have_text(NAME_CELL)
    assert download(page, rows.get_by_role("link", name=NAME)) == (NAME, PDF)

    page.goto(f"{live_server}/plans/{plan_id}")
    expect(page.get_by_role("article").filter(has_text=COMMENT)).to_have_count(1)
    expect(file_rows(page)).to_have_count(1)
