"""Comments and attached files on plans, reports and tasks: scope, limits, types, versions, damaged files."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import datetime

import pytest
from sqlalchemy import select

from engine.discussion.attachments import FileStore, attach_file, files, open_file
from engine.discussion.comments import add_comment, comments, open_thread
from engine.errors import Conflict, InvalidInput, NotFound
from engine.models import Attachment, AuditEntry, Comment
from engine.org.units import get_user
from tests.engine.test_reporting import COMMUNES, DISTRICT, build_cascade

DRAFT, REVIEW = "Soạn thảo dự thảo kế hoạch", "Thẩm định dự thảo kế hoạch"
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def office_file(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


@pytest.fixture
def store(tmp_path) -> FileStore:
    return FileStore(tmp_path / "files", max_bytes=1024)


def comment(planflow, username: str, subject: str, subject_id, text: str) -> None:
    with planflow.unit_of_work() as ctx:
        add_comment(ctx, get_user(ctx.session, username), subject, subject_id, text)


def attach(planflow, store, username: str, subject: str, subject_id, name: str, content: bytes) -> int:
    with planflow.unit_of_work() as ctx:
        return attach_file(ctx, get_user(ctx.session, username), store, subject, subject_id, name, content).id


def thread(planflow, username: str, subject: str, subject_id) -> dict:
    with planflow.unit_of_work() as ctx:
        found = open_thread(ctx.session, get_user(ctx.session, username), subject, subject_id)
        return {"comments": comments(ctx.session, found), "files": files(ctx.session, found)}


def download(planflow, store, username: str, attachment_id: int) -> bytes:
    with planflow.unit_of_work() as ctx:
        return open_file(ctx.session, get_user(ctx.session, username), store, attachment_id)[1]


def stored_rows(planflow) -> tuple[int, int]:
    with planflow.unit_of_work() as ctx:
        return (len(ctx.session.scalars(select(Comment)).all()), len(ctx.session.scalars(select(Attachment)).all()))


def test_a_comment_is_stored_in_nfc_with_its_author_and_audited(demo3, driver, clock):
    plan_id = driver.start_plan("298", "officer.298")
    clock.fixed = datetime(2024, 3, 1, 9, 30)
    comment(demo3, "officer.298", "plan", plan_id, unicodedata.normalize("NFD", "  Đề nghị bổ sung mục IV  "))
    [seen] = thread(demo3, "head.298", "plan", plan_id)["comments"]
    assert seen["text"] == "Đề nghị bổ sung mục IV" and unicodedata.is_normalized("NFC", seen["text"])
    assert (seen["author"], seen["created_at"]) == ("officer.298", "2024-03-01T09:30:00")
    with demo3.unit_of_work() as ctx:
        entry = ctx.session.scalar(select(AuditEntry).where(AuditEntry.action == "comment"))
    assert (entry.actor, entry.plan_id, entry.comment) == ("officer.298", plan_id, "Đề nghị bổ sung mục IV")


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_an_empty_or_overlong_comment_is_refused_and_nothing_is_stored(demo3, driver, text):
    plan_id = driver.start_plan("298", "officer.298")
    with pytest.raises(InvalidInput) as refused:
        comment(demo3, "officer.298", "plan", plan_id, text)
    assert "text" in refused.value.fields
    assert stored_rows(demo3) == (0, 0)


def test_another_units_plan_is_not_found_as_a_missing_id_would_be(demo3, driver, store):
    plan_id = driver.start_plan("298", "officer.298")
    with pytest.raises(NotFound, match=f"Không có kế hoạch #{plan_id} trong phạm vi của bạn"):
        comment(demo3, "officer.294", "plan", plan_id, "Xin chào")
    with pytest.raises(NotFound, match="trong phạm vi của bạn"):
        attach(demo3, store, "officer.294", "plan", plan_id, "a.pdf", PDF)
    attachment_id = attach(demo3, store, "officer.298", "plan", plan_id, "a.pdf", PDF)
    with pytest.raises(NotFound, match=f"Không có tệp #{attachment_id} trong phạm vi của bạn"):
        download(demo3, store, "officer.294", attachment_id)
    assert download(demo3, store, "chair.30", attachment_id) == PDF  # the province sees its districts' plans


def test_a_task_shows_its_plans_thread_and_keeps_it_when_the_task_is_returned_and_redone(demo3, driver, store):
    plan_id = driver.start_plan("298", "officer.298")
    draft = driver.task("officer.298", DRAFT, plan_id)
    attach(demo3, store, "officer.298", "task", draft["id"], "Dự thảo.pdf", PDF)
    comment(demo3, "officer.298", "task", draft["id"], "Dự thảo lần 1")
    driver.complete("officer.298", draft["id"], {"title": "Kế hoạch công tác dân vận năm 2024"})
    driver.act("head.298", REVIEW, {"decision": "return", "comment": "Bổ sung"}, plan_id)
    redo = driver.task("officer.298", DRAFT, plan_id)
    assert redo["id"] != draft["id"]
    seen = thread(demo3, "officer.298", "task", redo["id"])
    assert [f["name"] for f in seen["files"]] == ["Dự thảo.pdf"]
    assert seen["files"][0]["versions"][0]["task_name"] == DRAFT
    assert [c["text"] for c in seen["comments"]] == ["Dự thảo lần 1"]
    assert thread(demo3, "head.298", "plan", plan_id) == seen


def test_a_task_is_not_found_for_someone_who_may_neither_act_on_it_nor_see_its_plan(demo3, driver):
    plan_id = driver.start_plan("298", "officer.298")
    draft = driver.task("officer.298", DRAFT, plan_id)
    with pytest.raises(NotFound, match=f"Không có nhiệm vụ '{draft['id']}' trong phạm vi của bạn"):
        comment(demo3, "officer.11089", "task", draft["id"], "Xin chào")


def test_the_same_name_makes_a_new_version_and_older_versions_stay_downloadable(demo3, driver, store):
    plan_id = driver.start_plan("298", "officer.298")
    first = attach(demo3, store, "officer.298", "plan", plan_id, "Kế hoạch.pdf", PDF)
    second = attach(demo3, store, "head.298", "plan", plan_id, "kế hoạch.PDF", PDF + b"% signed\n")
    other = attach(demo3, store, "officer.298", "plan", plan_id, "Ảnh.png", PNG)
    listed = thread(demo3, "officer.298", "plan", plan_id)["files"]
    assert [(f["name"], [v["version"] for v in f["versions"]]) for f in listed] == \
        [("kế hoạch.PDF", [2, 1]), ("Ảnh.png", [1])]
    assert [v["id"] for v in listed[0]["versions"]] == [second, first] and listed[1]["versions"][0]["id"] == other
    assert download(demo3, store, "officer.298", first) == PDF
    assert download(demo3, store, "officer.298", second) == PDF + b"% signed\n"


def test_uploading_the_same_bytes_again_is_refused_rather_than_making_an_empty_version(demo3, driver, store):
    plan_id = driver.start_plan("298", "officer.298")
    attach(demo3, store, "officer.298", "plan", plan_id, "a.pdf", PDF)
    with pytest.raises(InvalidInput, match="giống hệt phiên bản 1"):
        attach(demo3, store, "officer.298", "plan", plan_id, "A.pdf", PDF)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("a.pdf", b"", "rỗng"),
    ("a.pdf", PDF + b"x" * 1024, "vượt giới hạn 1 KB"),
    ("a.exe", b"MZ\x90\x00", "Không nhận loại tệp của 'a.exe'"),
    ("noextension", PDF, "Không nhận loại tệp"),
    ("a.pdf", PNG, "không phải là tệp PDF"),
    ("a.png", PDF, "không phải là tệp PNG"),
    ("a.docx", office_file("xl/workbook.xml"), "không phải là tệp Word"),
    ("a.xlsx", b"PK\x03\x04 not really a zip", "không phải là tệp Excel"),
    ("", PDF, "Tệp chưa có tên"),
])
def test_a_file_outside_the_limits_is_refused_with_a_precise_message_and_nothing_is_stored(
        demo3, driver, store, name, content, message):
    plan_id = driver.start_plan("298", "officer.298")
    with pytest.raises(InvalidInput, match=message):
        attach(demo3, store, "officer.298", "plan", plan_id, name, content)
    assert stored_rows(demo3) == (0, 0)
    assert not store.root.exists() or not any(store.root.rglob("*"))


@pytest.mark.parametrize(("name", "content"), [
    ("a.docx", office_file("word/document.xml")), ("a.xlsx", office_file("xl/workbook.xml")),
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8), ("a.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 8),
    ("C:\\Users\\me\\scan.pdf", PDF),
])
def test_accepted_types_are_stored_by_checksum_under_their_own_name(demo3, driver, store, name, content):
    plan_id = driver.start_plan("298", "officer.298")
    attachment_id = attach(demo3, store, "officer.298", "plan", plan_id, name, content)
    with demo3.unit_of_work() as ctx:
        row = ctx.session.get(Attachment, attachment_id)
    assert "\\" not in row.name and row.size == len(content)
    assert store.path(row.checksum) == store.root / row.checksum[:2] / row.checksum[2:4] / row.checksum
    assert store.path(row.checksum).read_bytes() == content


def test_a_damaged_or_missing_file_is_an_error_never_wrong_bytes(demo3, driver, store):
    plan_id = driver.start_plan("298", "officer.298")
    attachment_id = attach(demo3, store, "officer.298", "plan", plan_id, "a.pdf", PDF)
    with demo3.unit_of_work() as ctx:
        path = store.path(ctx.session.get(Attachment, attachment_id).checksum)
    path.write_bytes(PDF.replace(b"1.7", b"1.4"))
    with pytest.raises(Conflict, match="bị mất hoặc bị hỏng"):
        download(demo3, store, "officer.298", attachment_id)
    path.unlink()
    with pytest.raises(Conflict, match="bị mất hoặc bị hỏng"):
        download(demo3, store, "officer.298", attachment_id)


def test_a_reports_thread_is_shared_by_its_maker_and_its_receiver_only(demo3, driver, clock, store):
    build_cascade(driver, clock)
    clock.fixed = datetime(2024, 5, 6, 9)
    driver.run_due()
    draft = driver.task(f"officer.{COMMUNES[0]}", "Soạn báo cáo")
    attach(demo3, store, f"officer.{COMMUNES[0]}", "task", draft["id"], "Số liệu.xlsx", office_file("xl/workbook.xml"))
    driver.send_report(COMMUNES[0])
    check = driver.task(f"officer.{DISTRICT}", "Tiếp nhận báo cáo của đơn vị")
    seen = thread(demo3, f"officer.{DISTRICT}", "task", check["id"])
    assert [f["name"] for f in seen["files"]] == ["Số liệu.xlsx"]
    with demo3.unit_of_work() as ctx:
        obligation_id = ctx.session.scalar(select(Attachment.thread)).split(":")[1]
    assert thread(demo3, f"officer.{COMMUNES[0]}", "report", obligation_id)["files"] == seen["files"]
    with pytest.raises(NotFound, match=f"Không có báo cáo #{obligation_id}"):
        thread(demo3, f"officer.{COMMUNES[1]}", "report", obligation_id)
