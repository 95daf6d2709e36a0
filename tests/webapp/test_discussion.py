"""The discussion under a plan, a task and a report in the browser: comments, uploads, versions, downloads, scope."""

from __future__ import annotations

import base64
import hashlib
import io
import unicodedata
from pathlib import Path

import pytest

from engine.discussion import attachments
from webapp import create_app

DRAFT, REVIEW = "Soạn thảo dự thảo kế hoạch", "Thẩm định dự thảo kế hoạch"
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture
def app(demo3, tmp_path):
    """Files in a temporary folder, limited to 1 KB so the limit is cheap to cross."""
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test",
                       "FILES_DIR": str(tmp_path / "files"), "MAX_UPLOAD_MB": 1 / 1024}, planflow=demo3)


def upload(client, subject: str, subject_id, name: str, content: bytes):
    return client.post(f"/discussion/{subject}/{subject_id}/files", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def test_a_comment_posted_on_a_plan_reads_in_nfc_under_the_plan(login_as, driver):
    plan_id = driver.start_plan("298", "officer.298")
    officer = login_as("officer.298")
    sent = officer.post(f"/discussion/plan/{plan_id}/comments",
                        data={"text": unicodedata.normalize("NFD", "Đề nghị bổ sung kinh phí")})
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"/plans/{plan_id}#discussion")
    page = login_as("head.298").get(f"/plans/{plan_id}").get_data(as_text=True)
    assert "Đề nghị bổ sung kinh phí" in page and "officer.298" in page


def test_an_empty_comment_is_refused_with_a_message_and_nothing_is_added(login_as, driver):
    plan_id = driver.start_plan("298", "officer.298")
    page = login_as("officer.298").post(f"/discussion/plan/{plan_id}/comments", data={"text": "  "},
                                        follow_redirects=True).get_data(as_text=True)
    assert "Bình luận đang trống." in page and "Chưa có bình luận." in page


def test_an_uploaded_file_downloads_with_its_bytes_name_and_checksum(login_as, driver):
    plan_id = driver.start_plan("298", "officer.298")
    officer = login_as("officer.298")
    page = upload(officer, "plan", plan_id, "Kế hoạch đã ký.pdf", PDF).get_data(as_text=True)
    assert "Đã đính kèm Kế hoạch đã ký.pdf (phiên bản 1)." in page
    response = login_as("chair.298").get("/files/1")
    assert response.status_code == 200 and response.data == PDF and response.mimetype == "application/pdf"
    assert "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20%C4%91%C3%A3%20k%C3%BD.pdf" in \
        response.headers["Content-Disposition"]
    digest = base64.b64encode(hashlib.sha256(PDF).digest()).decode()
    assert response.headers["Repr-Digest"] == f"sha-256=:{digest}:"


def test_the_same_name_adds_a_version_and_the_page_lists_both(login_as, driver):
    plan_id = driver.start_plan("298", "officer.298")
    officer = login_as("officer.298")
    upload(officer, "plan", plan_id, "du-thao.pdf", PDF)
    page = upload(officer, "plan", plan_id, "du-thao.pdf", PDF + b"%v2\n").get_data(as_text=True)
    assert "(phiên bản 2)" in page
    assert officer.get("/files/1").data == PDF and officer.get("/files/2").data == PDF + b"%v2\n"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("big.pdf", PDF + b"x" * 1100, "vượt giới hạn 1 KB"),
    ("empty.pdf", b"", "rỗng"),
    ("virus.exe", b"MZ", "Không nhận loại tệp của &#39;virus.exe&#39;"),
    ("fake.pdf", b"\x89PNG\r\n\x1a\n", "không phải là tệp PDF"),
])
def test_a_file_outside_the_limits_is_refused_with_a_clear_message(login_as, driver, name, content, message):
    plan_id = driver.start_plan("298", "officer.298")
    officer = login_as("officer.298")
    page = upload(officer, "plan", plan_id, name, content).get_data(as_text=True)
    assert message in page and "Chưa có tệp." in page
    assert officer.get("/files/1").status_code == 404


def test_an_upload_refused_after_its_file_was_written_leaves_no_file(app, login_as, driver, monkeypatch):
    plan_id = driver.start_plan("298", "officer.298")
    officer = login_as("officer.298")
    upload(officer, "plan", plan_id, "du-thao.pdf", PDF)
    # Two people upload 'du-thao.pdf' at once: both read "no version yet", the database refuses the second row.
    monkeypatch.setattr(attachments, "_latest_version", lambda *_: None)
    refused = upload(officer, "plan", plan_id, "du-thao.pdf", PDF + b"%v2\n")
    assert refused.status_code == 409 and "vừa được tải lên cùng lúc" in refused.get_data(as_text=True)
    stored = [path.name for path in Path(app.config["FILES_DIR"]).rglob("*") if path.is_file()]
    assert stored == [hashlib.sha256(PDF).hexdigest()]


def test_a_body_far_over_the_limit_is_stopped_before_it_is_read(login_as, driver):
    plan_id = driver.start_plan("298", "officer.298")
    response = login_as("officer.298").post(f"/discussion/plan/{plan_id}/files", data=b"x" * 2 * 1024 * 1024,
                                            content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413 and "Tệp vượt giới hạn 1 KB." in response.get_data(as_text=True)


def test_another_units_plan_task_and_file_answer_not_found(login_as, driver):
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT, plan_id)["id"]
    upload(login_as("officer.298"), "plan", plan_id, "a.pdf", PDF)
    other = login_as("officer.294")
    assert other.post(f"/discussion/plan/{plan_id}/comments", data={"text": "x"}).status_code == 404
    assert other.post(f"/discussion/task/{task_id}/comments", data={"text": "x"}).status_code == 404
    assert upload(other, "plan", plan_id, "b.pdf", PDF).status_code == 404
    refused = other.get("/files/1")
    assert refused.status_code == 404 and "Không có tệp #1 trong phạm vi của bạn." in refused.get_data(as_text=True)
    assert other.post("/discussion/invoice/1/comments", data={"text": "x"}).status_code == 404


def test_a_returned_task_keeps_the_files_attached_to_its_first_round(login_as, driver):
    plan_id = driver.start_plan("298", "officer.298")
    draft = driver.task("officer.298", DRAFT, plan_id)
    officer = login_as("officer.298")
    page = upload(officer, "task", draft["id"], "Dự thảo lần 1.pdf", PDF).get_data(as_text=True)
    assert "Dự thảo lần 1.pdf" in page  # back on the task page
    driver.complete("officer.298", draft["id"], {"title": "Kế hoạch công tác dân vận năm 2024"})
    driver.act("head.298", REVIEW, {"decision": "return", "comment": "Bổ sung"}, plan_id)
    redo = driver.task("officer.298", DRAFT, plan_id)
    page = officer.get(f"/tasks/{redo['id']}").get_data(as_text=True)
    assert "Dự thảo lần 1.pdf" in page and officer.get("/files/1").data == PDF


def test_the_upload_form_carries_the_csrf_token_and_a_post_without_it_is_refused(demo3, driver, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "FILES_DIR": str(tmp_path / "files")}, planflow=demo3)
    plan_id = driver.start_plan("298", "officer.298")
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = login.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"username": "officer.298", "password": "planflow", "csrf_token": token})
    page = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and page.count('name="csrf_token"') >= 3
    assert upload(client, "plan", plan_id, "a.pdf", PDF).status_code == 400


def bearer(client, username: str) -> dict:
    token = client.post("/api/v1/tokens", json={"username": username, "password": "planflow"}).get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_the_api_lists_and_adds_comments_and_files_within_scope(client, driver):
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT, plan_id)["id"]
    officer, other = bearer(client, "officer.298"), bearer(client, "officer.294")
    posted = client.post(f"/api/v1/tasks/{task_id}/comments", headers=officer,
                         json={"text": unicodedata.normalize("NFD", " Đã gửi dự thảo ")})
    assert posted.status_code == 201 and posted.get_json()["text"] == "Đã gửi dự thảo"
    assert posted.get_json()["task_name"] == DRAFT
    listed = client.get(f"/api/v1/plans/{plan_id}/comments", headers=officer).get_json()["comments"]
    assert [c["text"] for c in listed] == ["Đã gửi dự thảo"]
    too_long = client.post(f"/api/v1/plans/{plan_id}/comments", headers=officer, json={"text": "x" * 5001})
    assert too_long.status_code == 422 and "vượt giới hạn 5000" in too_long.get_json()["detail"]
    sent = client.post(f"/api/v1/plans/{plan_id}/files", headers=officer, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(PDF), "Kế hoạch.pdf")})
    assert sent.status_code == 201 and sent.get_json()["checksum"] == hashlib.sha256(PDF).hexdigest()
    [entry] = client.get(f"/api/v1/tasks/{task_id}/files", headers=officer).get_json()["files"]
    assert entry["name"] == "Kế hoạch.pdf" and [v["version"] for v in entry["versions"]] == [1]
    assert client.get(f"/api/v1/files/{entry['versions'][0]['id']}", headers=officer).data == PDF
    assert client.get(f"/api/v1/plans/{plan_id}/files", headers=other).status_code == 404
    assert client.get(f"/api/v1/files/{entry['versions'][0]['id']}", headers=other).status_code == 404
    refused = client.post(f"/api/v1/plans/{plan_id}/files", headers=officer, content_type="multipart/form-data",
                          data={"file": (io.BytesIO(b""), "rong.pdf")})
    assert refused.status_code == 422 and refused.get_json()["errors"] == {"file": "Tệp rỗng."}
