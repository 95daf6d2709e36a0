"""Ký số on a phone (390 px): the chair's «Đồng ý» opens the confirmation — the plan as it will be signed, the
certificate, the key's passphrase — a wrong passphrase signs nothing, the right one signs; the clerk issues with the
body's PIN; the issued PDF carries both signatures, valid and trusted."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import Page, expect

from tests.signatures.fixtures import signing, signing_folder, signing_world  # noqa: F401 - fixtures
from tests.support import APPROVE

PHONE = {"width": 390, "height": 844}
TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"
SIGN, ISSUE = "Phê duyệt, ký kế hoạch", "Vào sổ, ban hành kế hoạch"


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def confirm_with(page: Page, secret: str) -> None:
    page.get_by_label("Mã PIN", exact=False).or_(page.get_by_label("Mật khẩu tệp khóa", exact=False)).fill(secret)
    page.get_by_role("button", name="Ký số", exact=True).click()


def test_the_chair_signs_digitally_from_a_phone_and_the_clerk_issues_with_the_bodys_signature(
        page: Page, live_server, sign_in, driver, signing):  # noqa: F811 - the fixture imported above
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", "Soạn thảo dự thảo kế hoạch", {"title": TITLE, "summary": "Tăng cường đối thoại."},
               plan_id)
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", APPROVE, plan_id)
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size(PHONE)

    sign_in("chair.298")
    page.get_by_role("link", name=SIGN).first.click()
    page.get_by_role("button", name="Đồng ý", exact=True).click()
    expect(page.get_by_role("heading", name=f"Ký số: {SIGN}")).to_be_visible()
    expect(page.get_by_text("planflow demo CA").first).to_be_visible()  # the certificate that will sign
    expect(page.get_by_text("Tăng cường đối thoại.").first).to_be_visible()  # what will be signed
    fits_the_phone(page)
    confirm_with(page, "sai-mat-khau")
    expect(page.get_by_text("mật khẩu không đúng", exact=False).first).to_be_visible()
    assert driver.plan(plan_id)["status"] == "awaiting_signature"
    confirm_with(page, "planflow")
    expect(page.get_by_text("Đã ký số", exact=False).first).to_be_visible()
    assert driver.plan(plan_id)["signature"][:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]

    sign_in("clerk.298")
    page.get_by_role("link", name=ISSUE).first.click()
    page.get_by_role("button", name="Gửi", exact=True).click()
    fits_the_phone(page)
    confirm_with(page, "planflow")
    expect(page.get_by_text("Đã ký số và ban hành", exact=False).first).to_be_visible()

    # Checked off the test's thread: Playwright runs an event loop here, and pyHanko's validator starts its own.
    with ThreadPoolExecutor(1) as pool:
        state, _, signatures = pool.submit(signing.check, signing.copy("plan", plan_id, "issued")).result()
    assert state == "valid" and len(signatures) == 2, signatures
    assert all(s["valid"] and s["trusted"] and s["intact"] for s in signatures)
