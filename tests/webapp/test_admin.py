"""Administration in the browser: only administrators; users, roles and units."""

from __future__ import annotations


def test_only_an_administrator_opens_the_administration(login_as):
    assert login_as("chair.298").get("/admin").status_code == 403
    page = login_as("admin.30").get("/admin").get_data(as_text=True)
    assert "officer.298" in page and "UBND huyện Tứ Kỳ" in page


def test_an_administrator_creates_a_user_gives_a_role_and_the_user_signs_in_to_their_work(driver, login_as):
    admin = login_as("admin.30")
    created = admin.post("/admin/users", data={"username": "nguyenvana", "full_name": "Nguyễn Văn A",
                                              "password": "matkhau-2024"})
    assert created.status_code == 302
    assert admin.post("/admin/users/nguyenvana/roles", data={"role": "officer", "unit": "298"}).status_code == 302
    plan_id = driver.start_plan("298", "officer.298")
    newcomer = login_as("nguyenvana", "matkhau-2024")
    assert "Soạn thảo dự thảo kế hoạch" in newcomer.get("/").get_data(as_text=True)
    assert newcomer.get(f"/plans/{plan_id}").status_code == 200


def test_bad_user_data_is_refused_with_the_reasons_and_nothing_is_created(login_as):
    admin = login_as("admin.30")
    refused = admin.post("/admin/users", data={"username": "A B", "full_name": "", "password": "ngan"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "ít nhất 8 ký tự" in text and "cần nhập họ và tên" in text
    assert "A B" not in admin.get("/admin?q=a b").get_data(as_text=True)
    taken = admin.post("/admin/users", data={"username": "officer.298", "full_name": "X", "password": "12345678"})
    assert taken.status_code == 409


def test_a_new_password_ends_the_old_sessions(login_as):
    officer = login_as("officer.298")
    login_as("admin.30").post("/admin/users/officer.298/password", data={"password": "mat-khau-moi"})
    assert officer.get("/").status_code == 302
    assert login_as("officer.298", "mat-khau-moi").get("/").status_code == 200


def test_revoking_a_role_takes_the_work_away(driver, login_as):
    driver.start_plan("298", "officer.298")
    admin = login_as("admin.30")
    page = admin.get("/admin/users/officer.298").get_data(as_text=True)
    revoke = page.split('action="/admin/users/officer.298/roles/')[1].split('"')[0]
    assert admin.post(f"/admin/users/officer.298/roles/{revoke}").status_code == 302
    assert "Soạn thảo dự thảo kế hoạch" not in login_as("officer.298").get("/").get_data(as_text=True)


def test_an_administrator_adds_a_commune_and_dissolves_it(login_as):
    admin = login_as("admin.30")
    added = admin.post("/admin/units", data={"code": "99999", "name": "Xã Thử Nghiệm", "level": "commune",
                                            "parent": "298", "valid_from": "2024-01-01"})
    assert added.status_code == 302
    assert "UBND xã Thử Nghiệm" in admin.get("/admin").get_data(as_text=True)
    assert admin.post("/admin/units/99999/dissolve", data={"on": "2024-02-01", "confirm": "yes"}).status_code == 302
    assert admin.post("/admin/units", data={"code": "1", "name": "X", "level": "galaxy",
                                            "valid_from": "2024-01-01"}).status_code == 422
