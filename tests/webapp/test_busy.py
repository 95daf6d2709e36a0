"""SQLite's write lock waited out: the user reads that nothing changed and to try again, never a bare 500."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from engine.models import Plan
from tests.support import Driver
from webapp.inbox import STEPS


def test_a_submission_that_waited_out_the_write_lock_is_answered_503_and_changes_nothing(demo3, login_as,
                                                                                        monkeypatch) -> None:
    plan_id = Driver(demo3).start_plan("30", "officer.30")
    task = Driver(demo3).task("officer.30", "Soạn thảo dự thảo kế hoạch", plan_id)

    def locked(*_args, **_kwargs):
        raise OperationalError("UPDATE process_instances …", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setitem(STEPS, "submit", locked)
    client = login_as("officer.30")
    answer = client.post(f"/tasks/{task['id']}", data={"title": "Kế hoạch năm 2024", "action": "submit"})
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    page = answer.get_data(as_text=True)
    assert "Không có gì bị thay đổi" in page
    assert 'value="Kế hoạch năm 2024"' in page  # what was typed is still in the form
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(Plan.status).where(Plan.id == plan_id)) == "drafting"


def test_any_other_page_that_waited_out_the_lock_says_so_in_503(demo3, login_as, monkeypatch) -> None:
    def locked(*_args, **_kwargs):
        raise OperationalError("SELECT …", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr("webapp.inbox.work_list", locked)
    answer = login_as("officer.30").get("/")
    assert answer.status_code == 503 and "hãy thử lại sau" in answer.get_data(as_text=True)
