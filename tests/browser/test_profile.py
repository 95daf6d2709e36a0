"""The profile page in Chromium: a user sets the address e-mail notices go to, and opts in."""

from __future__ import annotations

from playwright.sync_api import Page, expect

ADDRESS, OPT_IN, SAVE = "Địa chỉ thư điện tử", "Gửi thông báo cho tôi qua thư điện tử", "Lưu"


def open_profile(page: Page) -> None:
    page.get_by_title("Hồ sơ của tôi").click()  # the user's name in the header
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()


def expect_saved(page: Page, address: str, opted_in: bool) -> None:
    """What a fresh load of the profile shows, i.e. what is stored."""
    page.reload()
    expect(page.get_by_label(ADDRESS)).to_have_value(address)
    expect(page.get_by_label(OPT_IN)).to_be_checked(checked=opted_in)


def test_an_invalid_address_is_refused_with_its_problem_and_nothing_is_saved(page, sign_in):
    sign_in("officer.298")
    open_profile(page)
    page.get_by_label(ADDRESS).fill("can.bo@tukygov")  # the browser lets it through; it has no top-level domain
    page.get_by_label(OPT_IN).check()
    page.get_by_role("button", name=SAVE).click()

    expect(page.get_by_role("alert")).to_have_text(
        "'can.bo@tukygov' không phải địa chỉ thư điện tử hợp lệ (chữ không dấu, dạng ten@co-quan.gov.vn).")
    expect(page.get_by_label(ADDRESS)).to_have_value("can.bo@tukygov")  # kept to correct it
    expect(page.get_by_label(ADDRESS)).to_have_attribute("aria-invalid", "true")
    page.goto(page.url)  # load the page again (a reload would resend the form)
    expect(page.get_by_label(ADDRESS)).to_have_value("")
    expect(page.get_by_label(OPT_IN)).not_to_be_checked()


def test_an_address_the_browser_rejects_is_never_sent(page, sign_in):
    sign_in("officer.298")
    open_profile(page)
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.get_by_label(ADDRESS).fill("can.bo@")
    page.get_by_role("button", name=SAVE).click()  # waits for any navigation the click starts

    assert posts == []
    assert not page.get_by_label(ADDRESS).evaluate("field => field.validity.valid")
    expect_saved(page, "", opted_in=False)


def test_a_valid_address_with_the_opt_in_is_saved_and_shown_again(page, sign_in):
    sign_in("officer.298")
    open_profile(page)
    page.get_by_label(ADDRESS).fill("can.bo@tuky.gov.vn")
    page.get_by_label(OPT_IN).check()
    page.get_by_role("button", name=SAVE).click()

    expect(page.get_by_text("Đã lưu thư điện tử nhận thông báo.")).to_be_visible()
    expect_saved(page, "can.bo@tuky.gov.vn", opted_in=True)
    expect(page.get_by_text("Đã lưu thư điện tử nhận thông báo.")).to_have_count(0)  # said once


def test_opting_in_without_an_address_is_refused(page, sign_in):
    sign_in("head.298")
    open_profile(page)
    page.get_by_label(OPT_IN).check()
    page.get_by_role("button", name=SAVE).click()

    expect(page.get_by_role("alert")).to_have_text("Cần nhập địa chỉ thư điện tử để nhận thông báo qua thư.")
    page.goto(page.url)
    expect(page.get_by_label(OPT_IN)).not_to_be_checked()
