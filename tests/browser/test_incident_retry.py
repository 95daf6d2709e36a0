"""An administrator finds a failed reminder on the incidents page and retries it after the fix, with a reason."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from tests.engine.test_incidents import deploy_and_start, fix_and_migrate, stored, timer_process


def test_an_administrator_retries_a_failed_timer_from_the_incidents_page(page, live_server, sign_in, demo3, driver,
                                                                        clock):
    instance_id = deploy_and_start(demo3, timer_process("tiep_dan", "x = 1/0"), "tiep_dan")
    clock.fixed += timedelta(hours=2)
    driver.run_due()
    fix_and_migrate(demo3, timer_process("tiep_dan", "x = 1"), "tiep_dan", instance_id)

    sign_in("admin.30")
    page.get_by_role("link", name="Sự cố").click()
    row = page.locator(f'tr[data-instance-id="{instance_id}"]')
    expect(row).to_contain_text("ZeroDivisionError")
    expect(row.get_by_role("link", name=f"#{instance_id}")).to_have_attribute("href", f"/instances/{instance_id}")
    row.get_by_label("Lý do").fill("Đã sửa tập lệnh ở phiên bản 2")
    row.get_by_role("button", name="Thử lại").click()

    expect(page.get_by_text(f"Đã thử lại hồ sơ #{instance_id}")).to_be_visible()
    expect(page.get_by_text("Không có sự cố nào.")).to_be_visible()
    page.get_by_role("link", name="Đã xử lý").click()
    expect(page.locator(f'tr[data-instance-id="{instance_id}"]')).to_contain_text("Đã sửa tập lệnh ở phiên bản 2")
    [incident], audit, _ = stored(demo3, instance_id)
    assert incident.status == "resolved" and audit[-1].action == "incident_retry"
