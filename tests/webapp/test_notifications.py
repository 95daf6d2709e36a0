"""The notifications page and the bell: what the engine sent, once each, and marking notices read."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from webapp import create_app

PLAN_REMINDER = "Nhắc hạn: UBND huyện Tứ Kỳ cần ban hành kế hoạch trước ngày 15/04/2024."
PLAN_OVERDUE = "Quá hạn: UBND huyện Tứ Kỳ chưa ban hành kế hoạch, hạn là trước ngày 15/04/2024."


def listed(client) -> list[tuple[str, int, str]]:
    """(read or unread, id, text) of each notice on the page, in the order shown."""
    page = client.get("/notifications").get_data(as_text=True)
    return [(state, int(notice_id), text) for state, notice_id, text in re.findall(
        r'<li class="notice (read|unread)" id="notice-(\d+)">.*?<a href="[^"]+">([^<]+)</a>', page, re.S)]


def bell(client) -> int:
    badge = re.search(r'<span class="badge" id="unread-count">(\d+)</span>', client.get("/reports").get_data(
        as_text=True))
    return int(badge.group(1)) if badge else 0


@pytest.fixture
def late_district(demo3, driver, clock):
    """The province issues on 01/03/2024 a plan its districts must follow "trước ngày 15/04/2024"; Tứ Kỳ never does."""
    clock.fixed = datetime(2024, 3, 1, 9)
    plan_id = driver.start_plan("30", "officer.30")
    driver.issue(plan_id, "30", subplan_due="2024-04-15")
    return plan_id


def test_after_downtime_and_repeated_runs_each_notice_is_listed_exactly_once(late_district, driver, clock, login_as):
    clock.fixed = datetime(2024, 4, 20, 9)  # down since March: the reminder (12/04) and the notice (15/04) were missed
    driver.run_due()
    driver.run_due()
    officer, chair, vice_chair = (login_as(f"{role}.298") for role in ("officer", "chair", "vice_chair"))
    assert [text for _, _, text in listed(officer)] == [PLAN_REMINDER]
    assert [text for _, _, text in listed(chair)] == [PLAN_OVERDUE]
    assert [text for _, _, text in listed(vice_chair)] == [PLAN_OVERDUE]
    clock.fixed = datetime(2024, 6, 20, 9)  # down again, past the district's own six-month report (30/05)
    driver.run_due()
    driver.run_due()
    report_overdue = "Quá hạn: Báo cáo sơ kết 6 tháng của UBND huyện Tứ Kỳ chưa được gửi, hạn là trước ngày 30/05/2024."
    report_escalation = ("Quá hạn 21 ngày: Báo cáo sơ kết 6 tháng của UBND huyện Tứ Kỳ vẫn chưa được gửi "
                         "(hạn trước ngày 30/05/2024).")
    assert [text for _, _, text in listed(officer)] == [report_overdue, PLAN_REMINDER]
    assert [text for _, _, text in listed(chair)] == [report_escalation, PLAN_OVERDUE]
    assert (bell(officer), bell(chair)) == (2, 2)


def test_each_notice_links_to_its_plan_or_report(late_district, driver, clock, login_as):
    clock.fixed = datetime(2024, 6, 20, 9)
    driver.run_due()
    district_plan = next(c["id"] for c in driver.plan(late_district)["children"] if c["unit"] == "298")
    page = login_as("officer.298").get("/notifications").get_data(as_text=True)
    assert f'<a href="/plans/{district_plan}">{PLAN_REMINDER}</a>' in page
    report_link = re.search(r'<a href="(/reports/\d+)">Quá hạn: Báo cáo sơ kết 6 tháng', page).group(1)
    assert "UBND huyện Tứ Kỳ" in login_as("officer.298").get(report_link).get_data(as_text=True)


def test_marking_a_notice_read_lowers_the_bell_and_the_page_marks_it_read(late_district, driver, clock, login_as):
    clock.fixed = datetime(2024, 4, 20, 9)
    driver.run_due()
    chair = login_as("chair.298")
    [(state, notice_id, _)] = listed(chair)
    assert (state, bell(chair)) == ("unread", 1)
    response = chair.post(f"/notifications/{notice_id}/read", data={"page": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/notifications?page=1")
    assert (listed(chair)[0][0], bell(chair)) == ("read", 0)
    assert chair.post(f"/notifications/{notice_id}/read").status_code == 302  # again: nothing changes


def test_another_users_notice_is_not_found_and_stays_unread(late_district, driver, clock, login_as):
    clock.fixed = datetime(2024, 4, 20, 9)
    driver.run_due()
    chair, vice_chair = login_as("chair.298"), login_as("vice_chair.298")
    [(_, notice_id, _)] = listed(chair)
    refused = vice_chair.post(f"/notifications/{notice_id}/read")
    assert refused.status_code == 404 and f"Không có thông báo #{notice_id} gửi bạn." in refused.get_data(as_text=True)
    assert (listed(chair)[0][0], bell(chair), bell(vice_chair)) == ("unread", 1, 1)
    assert vice_chair.post("/notifications/999999/read").status_code == 404


def test_mark_all_read_clears_only_the_users_own_notices(late_district, driver, clock, login_as):
    clock.fixed = datetime(2024, 6, 20, 9)
    driver.run_due()
    officer, chair = login_as("officer.298"), login_as("chair.298")
    page = officer.post("/notifications/read-all", follow_redirects=True).get_data(as_text=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in page
    assert [state for state, _, _ in listed(officer)] == ["read", "read"]
    assert (bell(officer), bell(chair)) == (0, 2)
    again = officer.post("/notifications/read-all", follow_redirects=True).get_data(as_text=True)
    assert "Không có thông báo nào chưa đọc." in again


def test_marking_read_without_the_forms_csrf_token_is_refused(late_district, driver, clock, demo3):
    clock.fixed = datetime(2024, 4, 20, 9)
    driver.run_due()
    app = create_app({"TESTING": True, "SECRET_KEY": "test"}, planflow=demo3)
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    client.post("/login", data={"username": "chair.298", "password": "planflow", "csrf_token": token})
    [(_, notice_id, _)] = listed(client)
    assert client.post(f"/notifications/{notice_id}/read").status_code == 400
    assert (listed(client)[0][0], bell(client)) == ("unread", 1)
    page = client.get("/notifications").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/notifications/{notice_id}/read", data={"csrf_token": token}).status_code == 302
    assert bell(client) == 0


def test_the_list_is_newest_first_and_says_when_there_is_nothing(late_district, driver, clock, login_as):
    officer = login_as("officer.298")
    assert "Chưa có thông báo." in officer.get("/notifications").get_data(as_text=True)
    clock.fixed = datetime(2024, 4, 12, 8)
    driver.run_due()
    clock.fixed = datetime(2024, 6, 1, 9)
    driver.run_due()
    assert [text.split(":")[0] for _, _, text in listed(officer)] == ["Quá hạn", "Nhắc hạn"]
