"""The main pages over a realistic half-year, opened in Chromium: each renders without a browser error.

With PLANFLOW_SCREENSHOTS=docs/screenshots the test also saves the pictures the README links.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.waiting import wait_until


@pytest.fixture
def half_year(driver, clock) -> dict[str, int]:
    """Hải Dương and Tứ Kỳ issue their plans in March; in May one commune reports on time, one late, one not."""
    clock.fixed = datetime(2024, 3, 1, 9)
    province = driver.start_plan("30", "officer.30")
    driver.issue(province, "30")
    district = next(c["id"] for c in driver.plan(province)["children"] if c["unit"] == "298")
    driver.act("clerk.298", "Tiếp nhận kế hoạch cấp trên", {}, district)
    driver.issue(district, "298", summary="I. MỤC ĐÍCH, YÊU CẦU\nNâng cao chất lượng công tác dân vận chính quyền.")
    commune = next(c["id"] for c in driver.plan(district)["children"] if c["unit"] == "11089")
    driver.act("clerk.11089", "Tiếp nhận kế hoạch cấp trên", {}, commune)
    driver.act("officer.11089", "Soạn thảo dự thảo kế hoạch", {"title": "Kế hoạch dân vận năm 2024"}, commune)
    driver.act("head.11089", "Thẩm định dự thảo kế hoạch", {"decision": "return", "comment": "Bổ sung chỉ tiêu."},
               commune)
    clock.fixed = datetime(2024, 5, 20, 9)
    driver.run_due()
    driver.send_report("11089", {"dialogues_held": 2, "complaints_resolved": 5})
    driver.act("officer.298", "Tiếp nhận báo cáo của đơn vị", {"verdict": "accept"})
    clock.fixed = datetime(2024, 6, 3, 9)
    driver.send_report("11113", {"dialogues_held": 3, "complaints_resolved": 4})
    driver.run_due()
    return {"province": province, "district": district, "commune": commune,
            "district_instance": driver.plan(district)["instance_id"]}


PAGES = [  # (user, path, what must show, picture)
    (None, "/login", "Đăng nhập", "dang-nhap"),
    ("officer.11089", "/", "Việc của tôi", "viec-cua-toi"),
    ("officer.11089", "task:Soạn thảo dự thảo kế hoạch", "Bổ sung chỉ tiêu.", "nhiem-vu"),
    ("chair.298", "/plans/{district}", "Kế hoạch cấp dưới", "ke-hoach"),
    ("chair.298", "/plans/{district}/document", "KẾ HOẠCH", "van-ban"),
    ("head.298", "/reports/dashboard?unit=298&year=2024&kind=six_month", "Nộp trễ hạn", "bang-theo-doi-bao-cao"),
    ("chair.11146", "/notifications", "Quá hạn", "thong-bao"),
    ("admin.30", "/admin", "Người dùng", "quan-tri"),
    ("designer.30", "/designer/plan_lifecycle", "Lưu và triển khai", "thiet-ke-quy-trinh"),
    ("chair.298", "/instances/{district_instance}", "Sơ đồ quy trình", "so-do-ho-so"),
]
# Pages whose diagram the bundle draws after load: the picture waits for it.
DRAWN = {"/designer/": "window.planflowDesigner", "/instances/": "window.planflowViewer"}


def test_the_main_pages_render_without_browser_errors(page: Page, live_server, sign_in, half_year):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/login") else None)
    pictures = os.environ.get("PLANFLOW_SCREENSHOTS")
    for user, path, shows, picture in PAGES:
        if user:
            sign_in(user)
        if path.startswith("task:"):
            page.get_by_role("link", name=path.removeprefix("task:")).first.click()
        else:
            page.goto(live_server + path.format(**half_year))
        expect(page.get_by_text(shows).first).to_be_visible()
        for prefix, drawn in DRAWN.items():
            if path.startswith(prefix):
                wait_until(page, drawn)
        if pictures:
            Path(pictures).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{pictures}/{picture}.png", full_page=True)
    assert errors == []
