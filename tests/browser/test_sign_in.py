"""Signing in through the browser, with CSRF on, and the notices bell on every page."""

from __future__ import annotations

from playwright.sync_api import expect


def test_an_officer_signs_in_and_sees_their_work(page, live_server, sign_in, driver):
    driver.start_plan("298", "officer.298")
    sign_in("officer.298")
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
    expect(page.get_by_text("Soạn thảo dự thảo kế hoạch").first).to_be_visible()


def test_a_wrong_password_keeps_the_user_on_the_sign_in_page(page, live_server):
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill("officer.298")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()


def test_english_chosen_on_the_sign_in_page_stays_after_signing_in(page, live_server):
    page.goto(f"{live_server}/tasks/1")  # sent to the sign-in page, which returns here afterwards
    page.get_by_role("link", name="English").click()
    page.get_by_label("Username").fill("officer.298")
    page.get_by_label("Password").fill("planflow")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
