"""The profile page: a user sets the address e-mail notices go to, and opts in or out."""

from __future__ import annotations

from sqlalchemy import select

from engine.models import AuditEntry, MailMessage
from engine.notify.outbox import queue_new_task_mail
from engine.org.units import get_user


def preferences(planflow, username: str) -> tuple[str | None, bool]:
    with planflow.unit_of_work() as ctx:
        user = get_user(ctx.session, username)
        return user.email, user.email_opt_in


def test_the_header_links_to_the_profile_where_the_address_and_opt_in_are_saved(app, demo3, login_as):
    officer = login_as("officer.298")
    assert 'href="/profile"' in officer.get("/").get_data(as_text=True)
    response = officer.post("/profile", data={"email": " Can.Bo@TuKy.gov.vn ", "email_opt_in": "on"})
    assert response.status_code == 302
    assert "Đã lưu thư điện tử nhận thông báo." in officer.get("/profile").get_data(as_text=True)
    assert preferences(demo3, "officer.298") == ("Can.Bo@TuKy.gov.vn", True)
    with demo3.unit_of_work() as ctx:
        entry = ctx.session.scalars(select(AuditEntry).where(AuditEntry.action == "set_email")).one()
    assert (entry.actor, entry.details["opt_in"]) == ("officer.298", True)


def test_an_opted_in_user_gets_mail_for_a_new_task_and_an_opted_out_one_does_not(app, demo3, driver, login_as):
    login_as("officer.298").post("/profile", data={"email": "can.bo@tuky.gov.vn", "email_opt_in": "on"})
    login_as("head.298").post("/profile", data={"email": "truong.phong@tuky.gov.vn"})
    plan_id = driver.start_plan("298", "officer.298")
    collect_task_mail(demo3)  # the sender's first step: the officer's drafting task
    driver.act("officer.298", "Soạn thảo dự thảo kế hoạch", {"title": "Kế hoạch năm 2024"}, plan_id)
    collect_task_mail(demo3)  # the head's review: the head did not opt in
    with demo3.unit_of_work() as ctx:
        queued = [m.to_address for m in ctx.session.scalars(select(MailMessage))]
    assert queued == ["can.bo@tuky.gov.vn"]


def collect_task_mail(planflow) -> None:
    with planflow.unit_of_work() as ctx:
        queue_new_task_mail(ctx)


def test_a_wrong_address_is_shown_again_with_its_problem_and_nothing_changes(app, demo3, login_as):
    officer = login_as("officer.298")
    officer.post("/profile", data={"email": "can.bo@tuky.gov.vn"})
    response = officer.post("/profile", data={"email": "can.bo@", "email_opt_in": "on"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "&#39;can.bo@&#39; không phải địa chỉ thư điện tử hợp lệ" in page
    assert 'value="can.bo@"' in page and 'aria-invalid="true"' in page
    assert preferences(demo3, "officer.298") == ("can.bo@tuky.gov.vn", False)


def test_opting_in_without_an_address_is_refused(app, demo3, login_as):
    response = login_as("officer.298").post("/profile", data={"email": "", "email_opt_in": "on"})
    assert response.status_code == 422
    assert "Cần nhập địa chỉ thư điện tử" in response.get_data(as_text=True)
    assert preferences(demo3, "officer.298") == (None, False)


def test_the_profile_page_reads_in_english_on_request(app, demo3, login_as):
    officer = login_as("officer.298")
    officer.get("/language/en")
    page = officer.get("/profile").get_data(as_text=True)
    assert "Send me notifications by e-mail" in page and "E-mail address" in page


def test_an_administrator_sets_a_users_address_and_nobody_else_can(app, demo3, login_as):
    admin = login_as("admin.30")
    assert admin.post("/admin/users/officer.298/email", data={"email": "can.bo@tuky.gov.vn",
                                                               "email_opt_in": "on"}).status_code == 302
    assert 'value="can.bo@tuky.gov.vn"' in admin.get("/admin/users/officer.298").get_data(as_text=True)
    assert preferences(demo3, "officer.298") == ("can.bo@tuky.gov.vn", True)
    refused = login_as("head.298").post("/admin/users/officer.298/email", data={"email": "khac@tuky.gov.vn"})
    assert refused.status_code == 403
    assert preferences(demo3, "officer.298") == ("can.bo@tuky.gov.vn", True)


def api_token(client, username: str) -> dict:
    response = client.post("/api/v1/tokens", json={"username": username, "password": "planflow"})
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def test_the_api_reads_and_sets_my_address_and_refuses_a_wrong_one_by_field(app, demo3, client):
    headers = api_token(client, "officer.298")
    assert client.get("/api/v1/profile", headers=headers).get_json()["email"] is None
    saved = client.put("/api/v1/profile", headers=headers, json={"email": "can.bo@tuky.gov.vn", "email_opt_in": True})
    assert (saved.status_code, saved.get_json()["email_opt_in"]) == (200, True)
    wrong = client.put("/api/v1/profile", headers=headers, json={"email": "can.bo", "email_opt_in": "có"})
    assert wrong.status_code == 422
    assert wrong.get_json()["errors"] == {"email_opt_in": "Cần true hoặc false."}
    refused = client.put("/api/v1/profile", headers=headers, json={"email": "can.bo", "email_opt_in": True})
    assert (refused.status_code, refused.get_json()["errors"]) == (422, {"email": "không hợp lệ"})
    assert preferences(demo3, "officer.298") == ("can.bo@tuky.gov.vn", True)
    assert "/profile" in client.get("/api/v1/openapi.json").get_json()["paths"]
