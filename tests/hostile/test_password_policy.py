"""The one password policy: applied whenever a password is set, refusing weak ones in Vietnamese."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.errors import InvalidInput
from engine.models import User
from engine.org import units
from engine.org.admin import create_user, password_problem, set_password
from engine.org.units import authenticate, get_user

WEAK = [  # (password, words the refusal must contain)
    ("        ", "ít nhất 8 ký tự"),
    ("\t\n \u3000  \u00a0 ", "ít nhất 8 ký tự"),
    ("  abc   ", "ít nhất 8 ký tự"),
    ("ngắn", "ít nhất 8 ký tự"),
    ("x" * 201, "tối đa 200 ký tự"),
    ("12345678", "quá phổ biến"),
    ("PassWord", "quá phổ biến"),
    ("  matkhau123  ", "quá phổ biến"),
    ("Planflow123", "quá phổ biến"),
    ("qwerty123", "quá phổ biến"),
    ("aaaaaaaaaaaa", "quá phổ biến"),
    ("nguyenvana", "tên đăng nhập"),
    ("NguyenVanA-2024", "tên đăng nhập"),
    ("2024nguyenvana!", "tên đăng nhập"),
]


def _users(app) -> int:
    with app.unit_of_work() as ctx:
        return ctx.session.scalar(select(func.count(User.id)))


@pytest.mark.parametrize(("password", "words"), WEAK)
def test_a_weak_password_is_refused_when_a_user_is_created_and_nobody_is_created(demo3, password, words):
    before = _users(demo3)
    with pytest.raises(InvalidInput) as refused, demo3.unit_of_work() as ctx:
        create_user(ctx, "nguyenvana", "Nguyễn Văn A", password)
    assert words in refused.value.message and words in refused.value.fields["password"]
    assert refused.value.message.startswith("Chưa tạo được người dùng")
    assert _users(demo3) == before


@pytest.mark.parametrize(("password", "words"), [(p, w) for p, w in WEAK if "tên đăng nhập" not in w])
def test_a_weak_new_password_is_refused_and_the_old_one_still_signs_in(demo3, password, words):
    with demo3.unit_of_work() as ctx:
        stored = get_user(ctx.session, "officer.298")
        before = (stored.password_hash, stored.session_epoch)
    with pytest.raises(InvalidInput) as refused, demo3.unit_of_work() as ctx:
        set_password(ctx, "officer.298", password)
    assert refused.value.message.startswith("Chưa đặt được mật khẩu") and words in refused.value.message
    with demo3.unit_of_work() as ctx:
        stored = get_user(ctx.session, "officer.298")
        assert (stored.password_hash, stored.session_epoch) == before
        assert authenticate(ctx.session, "officer.298", "planflow") is not None


@pytest.mark.parametrize("password", ["officer.298", "OFFICER.298-moi", "x-officer.298-y"])
def test_a_new_password_may_not_contain_the_username(demo3, password):
    with pytest.raises(InvalidInput, match="không được trùng hoặc chứa tên đăng nhập"), demo3.unit_of_work() as ctx:
        set_password(ctx, "officer.298", password)


def test_a_good_password_is_accepted_and_ends_the_users_sessions(demo3):
    with demo3.unit_of_work() as ctx:
        epoch = get_user(ctx.session, "officer.298").session_epoch
        set_password(ctx, "officer.298", "Đồng lúa xanh 2024")
    with demo3.unit_of_work() as ctx:
        user = get_user(ctx.session, "officer.298")
        assert user.session_epoch == epoch + 1
        assert authenticate(ctx.session, "officer.298", "Đồng lúa xanh 2024") is user
        assert authenticate(ctx.session, "officer.298", "planflow") is None


def test_the_policy_accepts_ordinary_passphrases_and_messages_are_vietnamese_nfc():
    import unicodedata

    for fine in ["mat-khau-moi", "matkhau-2024", "Sông Hồng 1945", "  tám ký tự  "]:
        assert password_problem(fine, "officer.298") is None, fine
    for weak, _ in WEAK:
        message = password_problem(weak, "nguyenvana")
        assert message and unicodedata.is_normalized("NFC", message)


def test_the_demo_password_still_signs_in_though_the_policy_would_not_let_it_be_set(demo3):
    assert password_problem("planflow", "officer.298") is not None
    with demo3.unit_of_work() as ctx:
        assert authenticate(ctx.session, "officer.298", "planflow") is not None


@pytest.mark.parametrize("username", ["officer.298", "khong.co.ai", "", "   ", "x" * 500, "officer.298\x00"])
def test_signing_in_runs_exactly_one_password_hash_check_whether_or_not_the_user_exists(demo3, monkeypatch,
                                                                                         username):
    calls = []
    real = units.check_password_hash
    monkeypatch.setattr(units, "check_password_hash", lambda stored, password: calls.append(stored) or real(
        stored, password))
    with demo3.unit_of_work() as ctx:
        assert authenticate(ctx.session, username, "sai mật khẩu") is None
    assert len(calls) == 1
    assert calls[0].split("$")[0] == _demo_hash_method(demo3)  # the dummy hash costs what a real one costs


def test_an_account_that_cannot_sign_in_also_costs_one_hash_check(demo3, monkeypatch):
    with demo3.unit_of_work() as ctx:
        get_user(ctx.session, "officer.298").password_hash = "!"  # a placeholder: no method Werkzeug knows
    calls = []
    real = units.check_password_hash
    monkeypatch.setattr(units, "check_password_hash", lambda stored, password: calls.append(stored) or real(
        stored, password))
    with demo3.unit_of_work() as ctx:
        assert authenticate(ctx.session, "officer.298", "!") is None
    assert calls == [units._dummy_hash()]  # the placeholder is never "checked" in no time: the dummy is


def _demo_hash_method(app) -> str:
    with app.unit_of_work() as ctx:
        return get_user(ctx.session, "officer.298").password_hash.split("$")[0]
