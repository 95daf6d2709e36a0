"""Hostile text: control characters are refused wherever text enters, and text stored before still renders."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from docx import Document as open_docx
from sqlalchemy import select, update

from engine.errors import InvalidInput
from engine.models import Comment, Plan
from engine.models.process import TaskDraft
from engine.org.units import get_user
from engine.work.drafts import save_draft
from tests.webapp.test_api import API

DRAFT = "Soạn thảo dự thảo kế hoạch"
# Bell, escape, NUL, vertical tab, DEL and a C1 control: each has been seen pasted from other systems.
CONTROLS = ["\x07", "\x1b[31m", "\x00", "\x0b", "\x7f", "\x85"]


@pytest.mark.parametrize("control", CONTROLS)
def test_a_draft_title_with_a_control_character_is_refused_and_the_task_stays_open(demo3, driver, control) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    task = driver.task("officer.298", DRAFT, plan_id)

    with pytest.raises(InvalidInput, match=f"'title' chứa ký tự điều khiển U\\+{ord(control[0]):04X}"):
        driver.complete("officer.298", task["id"], {"title": f"Kế hoạch{control} 2024", "summary": "I."})

    assert driver.task("officer.298", DRAFT, plan_id)["id"] == task["id"]
    assert driver.plan(plan_id)["title"] is None


def test_tabs_and_line_breaks_are_text_and_are_kept(demo3, driver) -> None:
    plan_id, _ = driver.drafted_plan("Kế hoạch\tnăm 2024", "I. MỤC ĐÍCH\r\nII. NỘI DUNG\n")

    assert driver.plan(plan_id)["title"] == "Kế hoạch\tnăm 2024"


def test_a_saved_draft_with_a_control_character_is_refused_and_nothing_is_saved(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT, plan_id)["id"]

    with pytest.raises(InvalidInput, match="U\\+001B"), demo3.unit_of_work() as ctx:
        save_draft(ctx, get_user(ctx.session, "officer.298"), task_id, {"summary": "\x1b[2J xóa màn hình"})

    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalars(select(TaskDraft)).all() == []


@pytest.mark.parametrize("text", ["Ý kiến\x00", "\x08\x08\x08Đồng ý", "Xem lại\x9b"])
def test_a_comment_with_a_control_character_is_refused_and_not_posted(login_as, driver, text) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    officer = login_as("officer.298")

    answer = officer.post(f"/discussion/plan/{plan_id}/comments", data={"text": text}, follow_redirects=True)

    assert answer.status_code == 200
    assert "chứa ký tự điều khiển" in answer.get_data(as_text=True)
    with driver.planflow.unit_of_work() as ctx:
        assert ctx.session.scalars(select(Comment)).all() == []


@pytest.mark.parametrize("title", ["Kế hoạch\x0c", "\x1bKế hoạch", "Kế\x85hoạch"])
def test_the_api_refuses_a_control_character_with_a_problem_naming_the_field(client, token_for, title) -> None:
    answer = client.post(f"{API}/plans", json={"unit": "298", "title": title}, headers=token_for("officer.298"))

    assert answer.status_code == 422
    assert "title" in answer.get_json()["errors"]
    with client.application.extensions["planflow"].unit_of_work() as ctx:
        assert ctx.session.scalars(select(Plan)).all() == []


def test_a_title_stored_before_the_rule_still_gives_a_word_file(login_as, driver, clock) -> None:
    clock.fixed = datetime(2024, 2, 5, 9)
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", title="Kế hoạch năm 2024", summary="I. MỤC ĐÍCH")
    with driver.planflow.unit_of_work() as ctx:  # as an older version, or another system, stored it
        ctx.session.execute(update(Plan).where(Plan.id == plan_id).values(title="Kế hoạch\x07 năm 2024"))

    answer = login_as("officer.298").get(f"/plans/{plan_id}/document.docx")

    assert answer.status_code == 200
    text = "\n".join(p.text for p in open_docx(BytesIO(answer.data)).paragraphs)
    assert "Kế hoạch năm 2024" in text
