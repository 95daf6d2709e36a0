"""Signing in: passwords, sessions, CSRF on forms."""

from __future__ import annotations

from webapp import create_app


def test_every_page_asks_for_sign_in_first(client):
    response = client.get("/plans")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_wrong_password_is_refused_with_a_vietnamese_message(client):
    response = client.post("/login", data={"username": "officer.298", "password": "sai"})
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)


def test_after_sign_in_the_user_lands_on_their_work_and_can_sign_out(login_as):
    client = login_as("officer.298")
    page = client.get("/").get_data(as_text=True)
    assert "Việc của tôi" in page and "Chuyên viên" in page
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_a_form_posted_without_its_csrf_token_is_refused(demo3):
    app = create_app({"TESTING": True, "SECRET_KEY": "test"}, planflow=demo3)
    response = app.test_client().post("/login", data={"username": "officer.298", "password": "planflow"})
    assert response.status_code == 400
    assert "biểu mẫu không hợp lệ" in response.get_data(as_text=True)


def test_the_sign_in_page_only_returns_to_pages_of_this_site(client):
    response = client.post("/login", data={"username": "officer.298", "password": "planflow",
                                           "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_the_interface_switches_to_english(login_as):
    client = login_as("officer.298")
    client.get("/language/en")
    assert "My work" in client.get("/").get_data(as_text=True)


def test_without_a_configured_key_the_app_keeps_one_signing_key_in_its_instance_folder(tmp_path):
    from webapp import _instance_secret

    first = _instance_secret(tmp_path)
    assert _instance_secret(tmp_path) == first and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
