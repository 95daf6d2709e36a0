"""Signing in under attack: wrong-password limits, sessions that end on the server, lifetimes, safe returns."""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer

from engine.org import units
from engine.org.units import get_user
from webapp import auth, create_app

API = "/api/v1"
LOCKED = "Đã nhập sai mật khẩu quá nhiều lần"
EXPIRED = "Phiên đăng nhập đã hết hạn"


def _state(app, username: str = "officer.298") -> tuple:
    with app.extensions["planflow"].unit_of_work() as ctx:
        user = get_user(ctx.session, username)
        return user.password_hash, user.session_epoch


def _sign_in(client, username: str, password: str = "planflow", **extra):
    return client.post("/login", data={"username": username, "password": password, **extra})


@pytest.fixture
def limited_app(demo3):
    """Small limits, so that a test reaches them in a few requests."""
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test",
                       "SIGNIN_ACCOUNT_LIMIT": "3 per minute", "SIGNIN_ADDRESS_LIMIT": "6 per minute"}, planflow=demo3)


# --- wrong-password limits -----------------------------------------------------------------------


def test_after_five_wrong_passwords_the_account_is_locked_even_for_the_right_password(app, client):
    before = _state(app)
    for _ in range(5):
        assert _sign_in(client, "officer.298", "sai").status_code == 401
    locked = _sign_in(client, "officer.298")
    page = locked.get_data(as_text=True)
    assert locked.status_code == 429 and LOCKED in page and "phút" in page
    assert int(locked.headers["Retry-After"]) > 0
    assert client.get("/").status_code == 302  # not signed in
    assert _state(app) == before


@pytest.mark.parametrize("spelling", ["OFFICER.298", " officer.298 ", "Officer.298\t", "officer.298"])
def test_every_spelling_of_a_username_counts_against_the_same_account(limited_app, spelling):
    client = limited_app.test_client()
    for name in ["officer.298", "Officer.298", " OFFICER.298"]:
        assert _sign_in(client, name, "sai").status_code == 401
    assert _sign_in(client, spelling).status_code == 429


def test_an_unknown_username_is_locked_the_same_way_so_the_lock_tells_nothing(limited_app):
    client = limited_app.test_client()
    answers = [_sign_in(client, "khong.co.ai", "sai").status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]


def test_successful_sign_ins_do_not_count_against_the_limits(client):
    for _ in range(12):
        assert _sign_in(client, "officer.298").status_code == 302
        client.post("/logout")


def test_another_account_still_signs_in_while_one_is_locked(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        _sign_in(client, "officer.298", "sai")
    assert _sign_in(client, "officer.298").status_code == 429
    assert _sign_in(limited_app.test_client(), "head.298").status_code == 302


def test_one_address_trying_many_accounts_is_limited_but_other_addresses_are_not(limited_app):
    client = limited_app.test_client()
    for n in range(6):
        assert _sign_in(client, f"nguoi.{n}", "sai").status_code == 401
    assert _sign_in(client, "head.298").status_code == 429
    elsewhere = limited_app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert _sign_in(elsewhere, "head.298").status_code == 302


def test_the_api_token_endpoint_shares_the_limit_and_answers_with_a_vietnamese_problem(app, client):
    before = _state(app)
    for _ in range(5):
        wrong = client.post(f"{API}/tokens", json={"username": "officer.298", "password": "sai"})
        assert wrong.status_code == 401
    locked = client.post(f"{API}/tokens", json={"username": "officer.298", "password": "planflow"})
    assert locked.status_code == 429 and locked.headers["Content-Type"] == "application/problem+json"
    assert LOCKED in locked.get_json()["detail"] and int(locked.headers["Retry-After"]) > 0
    assert _sign_in(client, "officer.298").status_code == 429  # the form shares the account's bucket
    assert _state(app) == before


@pytest.mark.parametrize("body", ['{"username": "officer.298"', "[" * 5000 + "]" * 5000, '{"username": ["x"]}',
                                  '{"username": 1e999, "password": "x"}', "null"])
def test_junk_token_requests_are_refused_without_a_500_and_do_not_lock_anyone(client, body):
    for _ in range(8):
        answer = client.post(f"{API}/tokens", data=body, content_type="application/json")
        assert answer.status_code in (400, 422)
    assert client.post(f"{API}/tokens", json={"username": "officer.298", "password": "planflow"}).status_code == 201


def test_limits_can_be_switched_off_for_tests_that_do_not_test_them(demo3):
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test", "RATELIMIT_ENABLED": False},
                     planflow=demo3)
    client = app.test_client()
    for _ in range(8):
        assert _sign_in(client, "officer.298", "sai").status_code == 401
    assert _sign_in(client, "officer.298").status_code == 302


# --- the same cost for unknown and known usernames ------------------------------------------------


def test_an_unknown_user_and_a_wrong_password_run_the_same_password_hash_check(client, monkeypatch):
    calls = []
    real = units.check_password_hash
    monkeypatch.setattr(units, "check_password_hash",
                        lambda stored, password: calls.append(stored.split("$")[0]) or real(stored, password))
    for username in ["khong.co.ai", "officer.298"]:
        answer = _sign_in(client, username, "sai")
        assert answer.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng." in answer.get_data(as_text=True)
    assert len(calls) == 2 and calls[0] == calls[1]
    calls.clear()
    assert client.post(f"{API}/tokens", json={"username": "khong.co.ai", "password": "sai"}).status_code == 401
    assert len(calls) == 1


# --- sessions end on the server -------------------------------------------------------------------


def test_a_session_cookie_stops_working_after_signing_out(app, login_as):
    officer = login_as("officer.298")
    cookie = officer.get_cookie("session").value
    assert officer.post("/logout").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    answer = replay.get("/")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")


def test_signing_out_ends_every_session_and_api_token_of_that_user_but_not_of_others(app, login_as, client):
    token = client.post(f"{API}/tokens", json={"username": "officer.298", "password": "planflow"}).get_json()["token"]
    laptop, phone, head = login_as("officer.298"), login_as("officer.298"), login_as("head.298")
    laptop.post("/logout")
    assert phone.get("/").status_code == 302
    refused = client.get(f"{API}/tasks", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401 and "đăng xuất" in refused.get_json()["detail"]
    assert head.get("/").status_code == 200
    assert login_as("officer.298").get("/").status_code == 200  # signing in again works


def test_signing_out_without_a_session_changes_nothing(app, client):
    before = _state(app)
    assert client.post("/logout").status_code == 302
    assert _state(app) == before


def test_a_password_set_by_an_administrator_ends_the_users_api_tokens(app, client, login_as):
    token = client.post(f"{API}/tokens", json={"username": "officer.298", "password": "planflow"}).get_json()["token"]
    assert login_as("admin.30").post("/admin/users/officer.298/password",
                                     data={"password": "Sông Hồng 1945"}).status_code == 302
    assert client.get(f"{API}/tasks", headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize("password", ["        ", "12345678", "officer.298!", "Planflow123", "x" * 201, "ngắn"])
def test_a_weak_password_from_the_administration_is_refused_and_nothing_changes(app, login_as, password):
    officer = login_as("officer.298")
    before = _state(app)
    refused = login_as("admin.30").post("/admin/users/officer.298/password", data={"password": password})
    assert refused.status_code == 422 and "Chưa đặt được mật khẩu" in refused.get_data(as_text=True)
    assert _state(app) == before
    assert officer.get("/").status_code == 200


# --- idle and absolute lifetimes ------------------------------------------------------------------


def _at(monkeypatch, start: float, minutes: float) -> None:
    monkeypatch.setattr(auth, "now", lambda: start + minutes * 60)


def test_a_session_idle_for_more_than_thirty_minutes_is_sent_to_sign_in_with_a_message(login_as, monkeypatch):
    start = auth.now()
    _at(monkeypatch, start, 0)
    officer = login_as("officer.298")
    _at(monkeypatch, start, 29)
    assert officer.get("/").status_code == 200
    _at(monkeypatch, start, 29 + 31)
    expired = officer.get("/plans?year=2024")
    assert expired.status_code == 302 and expired.headers["Location"].startswith("/login?next=/plans")
    page = officer.get(expired.headers["Location"]).get_data(as_text=True)
    assert EXPIRED in page
    assert officer.get("/").status_code == 302  # the expired cookie does not come back to life


def test_an_active_session_still_ends_twelve_hours_after_signing_in(login_as, monkeypatch):
    start = auth.now()
    _at(monkeypatch, start, 0)
    officer = login_as("officer.298")
    for minutes in range(25, 12 * 60, 25):
        _at(monkeypatch, start, minutes)
        assert officer.get("/").status_code == 200, minutes
    _at(monkeypatch, start, 12 * 60 + 1)
    assert officer.get("/").status_code == 302


def test_the_lifetimes_are_settings_and_the_message_follows_the_language(demo3, monkeypatch):
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test", "SESSION_IDLE_MINUTES": 5},
                     planflow=demo3)
    start = auth.now()
    _at(monkeypatch, start, 0)
    client = app.test_client()
    _sign_in(client, "officer.298")
    client.get("/language/en")
    _at(monkeypatch, start, 6)
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Your session has expired" in page


def test_a_session_cookie_without_its_sign_in_time_is_not_accepted(app):
    cookie = _forged(app, {"_user_id": _session_of(app, "officer.298"), "_fresh": True})
    client = app.test_client()
    client.set_cookie("session", cookie)
    assert client.get("/").status_code == 302


# --- the user id in a session ---------------------------------------------------------------------


@pytest.mark.parametrize("user_id", ["²:abc", "9" * 40 + ":abc", "-1:abc", "0:abc", "1 :abc", "١:abc", "", ":",
                                     "1", 12, None, ["1"], "1:" + "a" * 5000, "\x00:abc"])
def test_a_forged_or_odd_user_id_in_a_session_is_signed_out_not_a_500(app, user_id):
    cookie = _forged(app, {"_user_id": user_id, "_fresh": True, "signed_in_at": auth.now(), "seen_at": auth.now()})
    client = app.test_client()
    client.set_cookie("session", cookie)
    answer = client.get("/plans")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")


def _session_of(app, username: str) -> str:
    with app.extensions["planflow"].unit_of_work() as ctx:
        return auth.session_id(get_user(ctx.session, username))


def _forged(app, data: dict) -> str:
    """A cookie signed with the app's own key: what a stolen key or a bug could put in a session."""
    serializer = app.session_interface.get_signing_serializer(app)
    assert isinstance(serializer, URLSafeTimedSerializer)
    return serializer.dumps(data)


# --- returning only to a page of this site --------------------------------------------------------

HOSTILE_NEXT = ["//evil.example/", "/\\evil.example", "\\/evil.example", "/\t/evil.example", "/\n/evil.example",
                "/\r\n/evil.example", "http://evil.example/", "https://evil.example", "HTTP://evil.example",
                "javascript:alert(1)", "/ /evil.example", "/\u200b/evil.example", "/\x00/evil.example",
                "\t//evil.example", " /plans", "evil.example", "///evil.example", "/%5Cevil.example\\",
                "/\u3000/evil.example", "//", "/" + "a" * 3000, "data:text/html,x"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_signing_in_never_follows_a_next_address_off_this_site(client, target):
    answer = _sign_in(client, "officer.298", next=target)
    assert answer.status_code == 302 and answer.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_language_switch_never_follows_a_next_address_off_this_site(login_as, target):
    answer = login_as("officer.298").get("/language/en", query_string={"next": target})
    assert answer.status_code == 302 and answer.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE_NEXT[:6])
def test_the_sign_in_page_does_not_carry_a_hostile_next_into_its_form(client, target):
    page = client.get("/login", query_string={"next": target}).get_data(as_text=True)
    assert 'name="next" value=""' in page


@pytest.mark.parametrize("target", ["/plans?year=2024&unit=298", "/reports", "/tasks/abc#top", "/plans/%2F%2Fx"])
def test_a_page_of_this_site_is_still_followed(client, login_as, target):
    assert _sign_in(client, "officer.298", next=target).headers["Location"] == target
    assert login_as("officer.298").get("/language/vi", query_string={"next": target}).headers["Location"] == target


def test_a_page_asked_for_before_signing_in_is_reached_after_it(client):
    first = client.get("/plans?year=2024")
    assert first.headers["Location"] == "/login?next=/plans?year%3D2024"
    target = client.get(first.headers["Location"]).get_data(as_text=True).split('name="next" value="')[1]
    target = target.split('"')[0]
    assert _sign_in(client, "officer.298", next=target.replace("&amp;", "&")).headers["Location"] == "/plans?year=2024"
