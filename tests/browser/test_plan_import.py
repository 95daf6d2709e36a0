"""A plan from its text on a phone (390 px): upload the superior's plan, review it, record it as the external
parent, and start the plan that implements it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from playwright.sync_api import Page, expect

SEED_000 = Path(__file__).parents[1] / "data" / "seeds" / "000_bfe6059bc76dc0e5.txt"


def test_an_officer_records_the_superiors_plan_from_its_text_and_starts_the_child_plan(
        page: Page, live_server, sign_in, clock):
    clock.fixed = datetime(2023, 4, 1, 9)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("officer.298")
    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="Nhập kế hoạch từ văn bản").click()
    page.get_by_label("Tệp kế hoạch").set_input_files(str(SEED_000))
    page.get_by_role("button", name="Đọc văn bản").click()

    expect(page.get_by_role("heading", name="Xem lại văn bản đã đọc")).to_be_visible()
    expect(page.get_by_text("Dòng 6").first).to_be_visible()  # the parent citation beside its source line
    # The review fits the phone: its items stack, nothing is wider than the screen.
    assert page.evaluate("document.querySelector('form.import-review').scrollWidth") <= 390
    page.locator("input[name='doc-number_symbol']").fill("47/KH-UBND")
    page.locator("input[name='doc-date']").fill("15/03/2023")
    page.get_by_role("button", name="Lưu làm kế hoạch cấp trên (văn bản ngoài hệ thống)").click()

    expect(page.get_by_role("heading", name="Kế hoạch cấp trên: 47/KH-UBND")).to_be_visible()
    expect(page.get_by_text("Định kỳ 6 tháng (trước 30/5)")).to_be_visible()
    page.get_by_role("button", name="Lập kế hoạch thực hiện").click()
    expect(page.get_by_text("Đã lập kế hoạch thực hiện")).to_be_visible()
    expect(page.get_by_role("link", name="kế hoạch #1")).to_be_visible()  # the child implements the recorded parent

    # The child's page shows what it inherited, as written, and fits the phone too.
    page.get_by_role("link", name="kế hoạch #1").click()
    expect(page.get_by_role("heading", name="Yêu cầu báo cáo")).to_be_visible()
    expect(page.get_by_text("Định kỳ 6 tháng (trước 30/5)").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
