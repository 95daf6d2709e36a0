"""Claiming in the work list and on the task page, the head's view of the unit's work, and the delegation page."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from engine.models import Delegation
from tests.engine.test_claims import DRAFT, add_colleague
from tests.engine.test_delegation import delegate
from tests.support import APPROVE

REVIEW, SIGN = "Thẩm định dự thảo kế hoạch", "Phê duyệt, ký kế hoạch"


def test_a_claim_in_the_work_list_shows_the_holder_to_colleagues_and_refuses_their_submission(
        demo3, driver, login_as) -> None:
    add_colleague(demo3, "officer2.298", like="officer.298")
    driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT)["id"]
    holder, colleague = login_as("officer.298"), login_as("officer2.298")

    claimed = holder.post(f"/tasks/{task_id}/claim", follow_redirects=True).get_data(as_text=True)
    assert "Bạn đã nhận xử lý nhiệm vụ" in claimed and "Trả về nhóm" in claimed

    seen = colleague.get("/").get_data(as_text=True)
    assert "Đang do" in seen and "xử lý" in seen and f"/tasks/{task_id}/claim" not in seen
    refused = colleague.post(f"/tasks/{task_id}", data={"title": "Kế hoạch của tôi"})
    assert refused.status_code == 409 and "(officer.298) xử lý" in refused.get_data(as_text=True)
    race = colleague.post(f"/tasks/{task_id}/claim")
    assert race.status_code == 409 and "nhận xử lý trước bạn" in race.get_data(as_text=True)


def test_the_holder_releases_from_the_task_page_and_stays_there(demo3, driver, login_as) -> None:
    driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT)["id"]
    client = login_as("officer.298")
    client.post(f"/tasks/{task_id}/claim", data={"back": "task"})

    released = client.post(f"/tasks/{task_id}/release", data={"back": "task"})

    assert released.headers["Location"] == f"/tasks/{task_id}"
    assert driver.task("officer.298", DRAFT)["claimed_by"] is None


def test_the_head_sees_the_units_work_and_hands_a_task_to_another_officer(demo3, driver, login_as) -> None:
    add_colleague(demo3, "officer2.298", like="officer.298", full_name="Trần Thị Hoa")
    driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT)["id"]
    login_as("officer.298").post(f"/tasks/{task_id}/claim")
    head = login_as("head.298")

    page = head.get("/").get_data(as_text=True)
    assert "Việc của đơn vị" in page and DRAFT in page and "Trần Thị Hoa (officer2.298)" in page

    given = head.post(f"/tasks/{task_id}/assign", data={"username": "officer2.298"}, follow_redirects=True)
    assert "Đã giao nhiệm vụ cho Trần Thị Hoa" in given.get_data(as_text=True)
    assert driver.task("officer.298", DRAFT)["claimed_by"] == "officer2.298"
    assert login_as("officer.298").post(f"/tasks/{task_id}/assign", data={"username": "officer.298"}).status_code == 403
    assert login_as("head.294").post(f"/tasks/{task_id}/release").status_code == 404


def test_the_chair_hands_a_review_to_the_heads_delegate_who_finds_the_notice(demo3, driver, login_as,
                                                                             clock) -> None:
    delegate(demo3, "head.298", "head.298", "officer.298", "head", date(2024, 3, 1), date(2024, 3, 8))
    plan_id, _ = driver.drafted_plan("Kế hoạch năm 2024", "Tóm tắt")
    task_id = driver.task("head.298", REVIEW, plan_id)["id"]
    chair = login_as("chair.298")

    page = chair.get("/").get_data(as_text=True)
    assert "(officer.298) — được ủy quyền đến 08/03/2024</option>" in page
    given = chair.post(f"/tasks/{task_id}/assign", data={"username": "officer.298"}, follow_redirects=True)
    assert given.status_code == 200 and driver.task("officer.298", REVIEW)["claimed_by"] == "officer.298"

    officer = login_as("officer.298")
    notices = officer.get("/notifications").get_data(as_text=True)
    assert "Được giao" in notices and f"Bạn được giao nhiệm vụ «{REVIEW}» (kế hoạch #{plan_id})" in notices
    officer.get("/language/en")
    assert "Assigned to you" in officer.get("/notifications").get_data(as_text=True)
    clock.fixed = datetime(2024, 3, 9, 8)
    assert "được ủy quyền" not in chair.get("/").get_data(as_text=True)


def test_a_chair_delegates_signing_on_the_page_and_the_vice_chair_signs_kt(demo3, driver, login_as, clock) -> None:
    chair = login_as("chair.298")
    form = chair.get("/delegations").get_data(as_text=True)
    assert "vice_chair.298" in form and "Ủy quyền mới" in form
    created = chair.post("/delegations", data={"role": "chair", "delegate": "vice_chair.298",
                                               "starts_on": "2024-03-01", "ends_on": "2024-03-03",
                                               "reason": "Đi công tác"}, follow_redirects=True)
    assert "Đã ủy quyền." in created.get_data(as_text=True) and "Đang có hiệu lực" in created.get_data(as_text=True)

    plan_id, _ = driver.drafted_plan("Kế hoạch năm 2024", "Tóm tắt")
    driver.act("head.298", REVIEW, APPROVE, plan_id)
    vice = login_as("vice_chair.298")
    task_id = driver.task("vice_chair.298", SIGN, plan_id)["id"]
    assert vice.post(f"/tasks/{task_id}", data={"decision": "approve"}).status_code == 302

    assert driver.plan(plan_id)["signature"][:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    clock.fixed = datetime(2024, 3, 4, 8)
    listed = vice.get("/delegations").get_data(as_text=True)
    assert "Đã hết hạn" in listed and "Hủy ủy quyền" not in listed


def test_a_refused_delegation_names_the_field_and_stores_nothing(demo3, login_as) -> None:
    chair = login_as("chair.298")

    refused = chair.post("/delegations", data={"role": "chair", "delegate": "vice_chair.298",
                                               "starts_on": "2024-03-09", "ends_on": "2024-03-05"})

    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "trước ngày bắt đầu" in body and 'aria-invalid="true"' in body
    bad_day = chair.post("/delegations", data={"role": "chair", "delegate": "vice_chair.298",
                                               "starts_on": "5/3", "ends_on": "2024-03-05"})
    assert bad_day.status_code == 422 and "Ngày &#39;5/3&#39; không hợp lệ" in bad_day.get_data(as_text=True)
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(func.count(Delegation.id))) == 0


def test_only_the_delegator_cancels(demo3, login_as) -> None:
    chair = login_as("chair.298")
    chair.post("/delegations", data={"role": "chair", "delegate": "vice_chair.298", "starts_on": "2024-03-05",
                                     "ends_on": "2024-03-06"})
    with demo3.unit_of_work() as ctx:
        delegation_id = ctx.session.scalar(select(Delegation.id))

    assert login_as("vice_chair.298").post(f"/delegations/{delegation_id}/cancel").status_code == 403
    assert login_as("chair.294").post(f"/delegations/{delegation_id}/cancel").status_code == 404
    cancelled = chair.post(f"/delegations/{delegation_id}/cancel", follow_redirects=True).get_data(as_text=True)
    assert "Đã hủy ủy quyền." in cancelled and "Đã hủy</span>" in cancelled


def api_token(client, username: str) -> dict:
    response = client.post("/api/v1/tokens", json={"username": username, "password": "planflow"})
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def test_the_api_claims_releases_and_assigns_and_lists_the_holder(demo3, driver, client) -> None:
    add_colleague(demo3, "officer2.298", like="officer.298", full_name="Trần Thị Hoa")
    driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT)["id"]
    officer, colleague, head = (api_token(client, name) for name in ("officer.298", "officer2.298", "head.298"))

    claimed = client.post(f"/api/v1/tasks/{task_id}/claim", headers=officer)
    assert claimed.status_code == 200 and claimed.get_json()["claimed_by"] == "officer.298"
    race = client.post(f"/api/v1/tasks/{task_id}/claim", headers=colleague)
    assert race.status_code == 409 and "(officer.298)" in race.get_json()["detail"]
    [row] = client.get("/api/v1/tasks", headers=colleague).get_json()["tasks"]
    assert row["claimed_by"] == "officer.298"

    given = client.post(f"/api/v1/tasks/{task_id}/assign", headers=head, json={"username": "officer2.298"})
    assert given.get_json() == {"task_id": task_id, "claimed_by": "officer2.298", "claimed_by_name": "Trần Thị Hoa"}
    assert client.post(f"/api/v1/tasks/{task_id}/assign", headers=head, json={}).status_code == 422
    released = client.post(f"/api/v1/tasks/{task_id}/release", headers=colleague)
    assert released.get_json()["claimed_by"] is None


def test_the_api_creates_lists_and_cancels_a_delegation(demo3, client) -> None:
    head = api_token(client, "head.298")
    body = {"delegate": "officer.298", "role": "head", "starts_on": "2024-03-01", "ends_on": "2024-03-08",
            "reason": "Nghỉ phép"}

    created = client.post("/api/v1/delegations", headers=head, json=body)
    assert created.status_code == 201, created.get_json()
    assert (created.get_json()["state"], created.get_json()["delegate"]) == ("in_force", "officer.298")
    overlap = client.post("/api/v1/delegations", headers=head, json={**body, "starts_on": "2024-03-08"})
    assert overlap.status_code == 422 and set(overlap.get_json()["errors"]) == {"starts_on", "ends_on"}
    listed = client.get("/api/v1/delegations", headers=api_token(client, "officer.298")).get_json()
    assert [d["delegator"] for d in listed["delegations"]] == ["head.298"]

    delegation_id = created.get_json()["id"]
    assert client.post(f"/api/v1/delegations/{delegation_id}/cancel",
                       headers=api_token(client, "officer.298")).status_code == 403
    cancelled = client.post(f"/api/v1/delegations/{delegation_id}/cancel", headers=head)
    assert cancelled.get_json()["state"] == "cancelled"
