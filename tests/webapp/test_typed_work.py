"""Typed work is never lost: a comment or a file posted from a task page leaves the task's form as it is.

With JavaScript, htmx posts only the comment or the file and gets the discussion back alone; without it, the
buttons post the whole task form, whose answers are kept as the user's draft before the comment or file is added.
"""

from __future__ import annotations

import io

import pytest
from lxml import html
from sqlalchemy import select

from engine.models.process import TaskDraft
from webapp import create_app

DRAFT = "Soạn thảo dự thảo kế hoạch"
HTMX = {"HX-Request": "true"}
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
SAVED_TITLE, TYPED_TITLE = "Kế hoạch dân vận năm 2024", "Kế hoạch công tác dân vận chính quyền năm 2024"


@pytest.fixture
def app(demo3, tmp_path):
    """Files in a temporary folder, limited to 1 KB so the limit is cheap to cross."""
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test",
                       "FILES_DIR": str(tmp_path / "files"), "MAX_UPLOAD_MB": 1 / 1024}, planflow=demo3)


@pytest.fixture
def drafting(driver, login_as):
    """The officer's drafting task with a saved draft: (signed-in client, task id)."""
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT, plan_id)["id"]
    officer = login_as("officer.298")
    officer.post(f"/tasks/{task_id}", data={"action": "save", "title": SAVED_TITLE, "summary": "Đối thoại"})
    return officer, task_id


def saved_draft(planflow, task_id: str) -> list[tuple[dict, object]]:
    with planflow.unit_of_work() as ctx:
        drafts = ctx.session.scalars(select(TaskDraft).where(TaskDraft.task_id == task_id))
        return [(draft.data, draft.saved_at) for draft in drafts]


def task_field(page: str, name: str) -> str:
    """What the task form's field shows: an input's value or a textarea's text."""
    [element] = html.fromstring(page).xpath(f'//form[@id="task-form"]//*[@name="{name}"]')
    return element.text_content() if element.tag == "textarea" else element.get("value", "")


def test_a_comment_posted_with_htmx_answers_the_discussion_alone_and_leaves_the_draft_as_it_was(drafting, planflow):
    officer, task_id = drafting
    before = saved_draft(planflow, task_id)
    answer = officer.post(f"/discussion/task/{task_id}/comments", headers=HTMX, data={"text": "Đã gửi dự thảo"})
    body = answer.get_data(as_text=True)
    assert answer.status_code == 200 and body.lstrip().startswith('<section class="discussion" id="discussion">')
    assert "<html" not in body and 'id="task-form"' not in body  # only the discussion is replaced
    assert "Đã gửi dự thảo" in body and "Đã gửi bình luận." in body
    assert saved_draft(planflow, task_id) == before
    page = officer.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert task_field(page, "title") == SAVED_TITLE and "Đã gửi bình luận." not in page  # said once, in place


def test_a_file_uploaded_with_htmx_answers_the_discussion_alone_and_leaves_the_draft_as_it_was(drafting, planflow):
    officer, task_id = drafting
    before = saved_draft(planflow, task_id)
    answer = officer.post(f"/discussion/task/{task_id}/files", headers=HTMX, content_type="multipart/form-data",
                          data={"file": (io.BytesIO(PDF), "Dự thảo.pdf")})
    body = answer.get_data(as_text=True)
    assert answer.status_code == 200 and body.lstrip().startswith('<section class="discussion" id="discussion">')
    assert "Đã đính kèm Dự thảo.pdf (phiên bản 1)." in body and 'href="/files/1"' in body
    assert saved_draft(planflow, task_id) == before


def test_refusals_with_htmx_show_beside_the_discussion_form_and_keep_the_comment_typed(drafting, planflow):
    officer, task_id = drafting
    before = saved_draft(planflow, task_id)
    empty = officer.post(f"/discussion/task/{task_id}/comments", headers=HTMX, data={"text": "  "})
    assert empty.status_code == 422
    outcome = html.fromstring(empty.get_data(as_text=True)).get_element_by_id("comment-outcome")
    assert outcome.text_content() == "Bình luận đang trống." and "error" in outcome.get("class")
    too_long = officer.post(f"/discussion/task/{task_id}/comments", headers=HTMX, data={"text": "ý" * 5001})
    box = html.fromstring(too_long.get_data(as_text=True)).get_element_by_id("comment-text")
    assert too_long.status_code == 422 and box.text_content() == "ý" * 5001  # nothing typed is lost
    large = officer.post(f"/discussion/task/{task_id}/files", headers=HTMX, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(PDF + b"0" * 2000), "Phụ lục.pdf")})
    outcome = html.fromstring(large.get_data(as_text=True)).get_element_by_id("files-outcome")
    assert large.status_code == 422 and "vượt giới hạn 1 KB" in outcome.text_content()
    assert "Chưa có tệp." in large.get_data(as_text=True) and saved_draft(planflow, task_id) == before


def test_a_body_far_over_the_limit_still_answers_htmx_with_the_discussion(drafting):
    officer, task_id = drafting
    answer = officer.post(f"/discussion/task/{task_id}/files", headers=HTMX, data=b"x" * 2 * 1024 * 1024,
                          content_type="multipart/form-data; boundary=x")
    outcome = html.fromstring(answer.get_data(as_text=True)).get_element_by_id("files-outcome")
    assert answer.status_code == 413 and outcome.text_content() == "Tệp vượt giới hạn 1 KB."


def test_without_javascript_a_comment_keeps_the_typed_form_as_a_draft_first_and_the_page_shows_it(drafting, planflow):
    officer, task_id = drafting
    page = officer.get(f"/tasks/{task_id}").get_data(as_text=True)
    [button] = html.fromstring(page).xpath('//button[normalize-space()="Gửi bình luận"]')
    assert (button.get("form"), button.get("formaction")) == ("task-form", f"/discussion/task/{task_id}/comments")

    # What the browser sends for that button: the whole task form, the comment and the button's own name.
    posted = officer.post(f"/discussion/task/{task_id}/comments", data={
        "title": TYPED_TITLE, "summary": "Đẩy mạnh đối thoại", "text": "Xin ý kiến về nơi nhận", "keep_draft": "1"})
    assert posted.status_code == 303 and posted.headers["Location"] == f"/tasks/{task_id}#discussion"
    [(answers, _)] = saved_draft(planflow, task_id)
    assert (answers["title"], answers["summary"]) == (TYPED_TITLE, "Đẩy mạnh đối thoại")
    page = officer.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert task_field(page, "title") == TYPED_TITLE and task_field(page, "summary") == "Đẩy mạnh đối thoại"
    assert "Xin ý kiến về nơi nhận" in page and "Đã gửi bình luận." in page
    assert "Đã lưu nháp biểu mẫu để nội dung bạn đang nhập không bị mất." in page


def test_without_javascript_an_upload_keeps_the_typed_form_as_a_draft_even_when_the_file_is_refused(drafting):
    officer, task_id = drafting
    refused = officer.post(f"/discussion/task/{task_id}/files", content_type="multipart/form-data", data={
        "title": TYPED_TITLE, "keep_draft": "1", "file": (io.BytesIO(b""), "rong.pdf")}, follow_redirects=True)
    page = refused.get_data(as_text=True)
    assert "Tệp &#39;rong.pdf&#39; rỗng (0 byte)." in page and task_field(page, "title") == TYPED_TITLE
    sent = officer.post(f"/discussion/task/{task_id}/files", content_type="multipart/form-data", data={
        "title": TYPED_TITLE + " (sửa)", "keep_draft": "1", "file": (io.BytesIO(PDF), "Dự thảo.pdf")},
        follow_redirects=True)
    page = sent.get_data(as_text=True)
    assert "Đã đính kèm Dự thảo.pdf (phiên bản 1)." in page and task_field(page, "title") == TYPED_TITLE + " (sửa)"


def test_a_plain_comment_without_the_task_form_never_touches_the_draft(drafting, planflow):
    officer, task_id = drafting
    before = saved_draft(planflow, task_id)
    officer.post(f"/discussion/task/{task_id}/comments", data={"text": "Một dòng"})
    assert saved_draft(planflow, task_id) == before
