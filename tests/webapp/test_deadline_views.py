"""One deadline, one meaning, seen from every door: a report due "trước ngày 24/5" and one due "chậm nhất ngày 24/5"
walked through the work list, the task page, the notices, the obligations' standing, the command line's JSON and
the API — which all say the same — and the receiver's check, due by its own deadline."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from click.testing import CliRunner

from cli.commands import main
from engine.notify.notices import notifications
from engine.org.units import get_user
from engine.work.inbox import work_list
from tests.support import Driver

API = "/api/v1"
DRAFT_REPORT, CHECK = "Soạn báo cáo", "Tiếp nhận báo cáo của đơn vị"
COMMUNE, OFFICER, RECEIVER = "11089", "officer.11089", "officer.298"
ACCEPTANCE = "Tiếp nhận trong 2 ngày làm việc kể từ ngày nhận (chậm nhất ngày 28/05/2024)"
# phrase → (its words everywhere, state on Mon 20/5, state on Fri 24/5, the notice on 24/5, standing if sent 24/5)
CASES = {
    "trước ngày 24/5": ("trước ngày 24/05/2024", "due_soon", "overdue",
                        "Quá hạn: Báo cáo sơ kết 6 tháng của UBND xã Ngọc Kỳ chưa được gửi, hạn là trước ngày "
                        "24/05/2024.", "late"),
    "chậm nhất ngày 24/5": ("chậm nhất ngày 24/05/2024", "on_time", "due_today",
                            "Nhắc hạn: Báo cáo sơ kết 6 tháng của UBND xã Ngọc Kỳ cần gửi chậm nhất ngày "
                            "24/05/2024 (còn 1 ngày).", "on_time"),
}
MARKS = {"on_time": None, "due_soon": "Sắp đến hạn", "due_today": "Hôm nay là hạn cuối", "overdue": "Quá hạn"}


@pytest.fixture
def cli_json(db_engine, clock):
    """`planflow … --json` in this process, over the test database, at the test clock's time."""

    def run(*args: str):
        env = {"PLANFLOW_DATABASE_URL": db_engine.url.render_as_string(hide_password=False),
               "PLANFLOW_NOW": clock.now().isoformat()}
        result = CliRunner().invoke(main, [*args, "--json"], env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    return run


def issue_with_six_month_report_due(driver: Driver, clock, phrase: str) -> int:
    """Tứ Kỳ's plan, issued in January, asks its communes for the six-month report as `phrase` says."""
    clock.fixed = datetime(2024, 1, 3, 8)
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", reporting=[{"kind": "six_month", "due": phrase}])
    return plan_id


def views_of_the_draft(planflow, client, login_as, token_for, cli_json, clock) -> list[tuple[str | None, str | None]]:
    """(words, state) of the reporting officer's task as the engine, the API, the CLI, the work list and the task
    page give them."""
    with planflow.unit_of_work() as ctx:
        [item] = [t for t in work_list(ctx.session, get_user(ctx.session, OFFICER), clock.now().date())
                  if t["name"] == DRAFT_REPORT]
    [api] = [t for t in client.get(f"{API}/tasks", headers=token_for(OFFICER)).get_json()["tasks"]
             if t["name"] == DRAFT_REPORT]
    [cli] = [t for t in cli_json("tasks", "--user", OFFICER) if t["name"] == DRAFT_REPORT]
    browser = login_as(OFFICER)
    [row] = [r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", browser.get("/").get_data(as_text=True), re.S)
             if DRAFT_REPORT in r]
    header = browser.get(f"/tasks/{item['id']}").get_data(as_text=True).split('class="task-meta">')[1]
    return [(item["due_text"], item["due_state"]), (api["due_text"], api["due_state"]),
            (cli["due_text"], cli["due_state"]), shown(row, item["due_text"]),
            shown(header.split("</p>")[0], item["due_text"])]


def shown(html: str, words: str) -> tuple[str | None, str]:
    """What a page shows of a deadline: the words if they are there, and the one mark beside them."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    marks = [state for state, mark in MARKS.items() if mark and mark in text]
    assert len(marks) <= 1, text
    return (words if words in text else None), (marks[0] if marks else "on_time")


def page_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.mark.parametrize("phrase", list(CASES))
def test_a_report_deadline_says_the_same_in_every_view_from_opening_to_the_receivers_check(
        demo3, driver, clock, client, login_as, token_for, cli_json, phrase):
    words, on_monday, on_friday, notice, standing = CASES[phrase]
    plan_id = issue_with_six_month_report_due(driver, clock, phrase)
    views = (demo3, client, login_as, token_for, cli_json, clock)

    clock.fixed = datetime(2024, 5, 20, 9)  # Monday: the report opened on the 9th
    driver.run_due()
    assert views_of_the_draft(*views) == [(words, on_monday)] * 5

    clock.fixed = datetime(2024, 5, 24, 9)  # Friday, the day both phrases name
    driver.run_due()
    assert views_of_the_draft(*views) == [(words, on_friday)] * 5
    with demo3.unit_of_work() as ctx:
        assert notifications(ctx.session, get_user(ctx.session, OFFICER))[0]["text"] == notice

    driver.send_report(COMMUNE)  # on the 24th: late for "trước ngày 24/5", in time for "chậm nhất ngày 24/5"
    [cli_row] = [r for r in cli_json("obligations", "--plan", str(plan_id)) if r["unit"] == COMMUNE]
    plan = client.get(f"{API}/plans/{plan_id}", headers=token_for(RECEIVER)).get_json()
    [api_row] = [r for r in plan["obligations"] if r["unit"] == COMMUNE]
    matrix = client.get(f"{API}/compliance?unit=298&kind=six_month&year=2024", headers=token_for(RECEIVER))
    [matrix_row] = [r for r in matrix.get_json()["rows"] if r["unit"] == COMMUNE]
    for row in (cli_row, api_row, matrix_row):
        assert (row["due_text"], row["standing"], row["due_state"]) == (words, standing, None)

    # The receiver checks it by a deadline of its own: two working days from the Friday it arrived, not red at once.
    check = driver.task(RECEIVER, CHECK)
    assert (check["due"], check["due_last_day"], check["due_text"], check["due_state"]) == (
        "2024-05-28", "2024-05-28", ACCEPTANCE, "due_soon")
    header = login_as(RECEIVER).get(f"/tasks/{check['id']}").get_data(as_text=True).split('class="task-meta">')[1]
    assert f"Hạn: {ACCEPTANCE} Sắp đến hạn" in page_text(header.split("</p>")[0])
    clock.fixed = datetime(2024, 5, 29, 9)
    assert driver.task(RECEIVER, CHECK)["due_state"] == "overdue"
