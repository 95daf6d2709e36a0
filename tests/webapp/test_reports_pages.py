"""The reporting pages: the periods a user follows, the district's dashboard of its communes, one report."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from engine.org.units import get_unit
from engine.reporting.reports import obligation_rows
from tests.support import Driver

DISTRICT = "298"
ON_TIME, LATE, MISSING = "11089", "11113", "11146"  # Ngọc Kỳ, Tân Kỳ, Nguyên Giáp
DRAFT_REPORT = "Soạn báo cáo"
DASHBOARD = f"/reports/dashboard?unit={DISTRICT}&year=2024&kind=six_month"


def send_report(driver: Driver, code: str, indicators: dict) -> None:
    driver.send_report(code, indicators, results=f"Kết quả thực hiện của xã {code}")


def six_month_report(planflow, code: str) -> int:
    with planflow.unit_of_work() as ctx:
        unit = get_unit(ctx.session, code, ctx.clock.today())
        rows = obligation_rows(ctx.session, ctx.clock.today(), unit_id=unit.id)
    return next(r["id"] for r in rows if r["kind"] == "six_month")


@pytest.fixture
def reports(demo3, driver, clock) -> dict[str, int]:
    """The province and the district issue their plans in March; for the six-month report (due "trước ngày
    25/05/2024") one commune reports on 12/05, one on 25/05 (late) and one not at all; the district, whose
    own report then opens, drafts it. Returns each unit's six-month report id."""
    clock.fixed = datetime(2024, 3, 1, 9)
    province = driver.start_plan("30", "officer.30")
    driver.issue(province, "30")
    district = next(c for c in driver.plan(province)["children"] if c["unit"] == DISTRICT)
    driver.act(f"clerk.{DISTRICT}", "Tiếp nhận kế hoạch cấp trên", {}, district["id"])
    driver.issue(district["id"], DISTRICT)
    clock.fixed = datetime(2024, 5, 10, 9)
    driver.run_due()
    clock.fixed = datetime(2024, 5, 12, 9)
    send_report(driver, ON_TIME, {"dialogues_held": 2, "complaints_resolved": 5, "dvk_models": 1})
    driver.act(f"officer.{DISTRICT}", "Tiếp nhận báo cáo của đơn vị", {"verdict": "accept"})
    clock.fixed = datetime(2024, 5, 25, 9)
    send_report(driver, LATE, {"dialogues_held": 3, "complaints_resolved": 4, "dvk_models": 0})
    driver.act(f"officer.{DISTRICT}", DRAFT_REPORT, {"results": "Tổng hợp 2/3 báo cáo của các xã.",
                                                     "indicators": {"dialogues_held": 5}})
    return {code: six_month_report(demo3, code) for code in (ON_TIME, LATE, MISSING, DISTRICT)}


def matrix_marks(page: str) -> dict[str, str]:
    """Reporting unit → the standing its row is marked with."""
    rows = re.findall(r'<tr class="standing-(\w+)"><th scope="row"><a href="/reports/\d+">([^<]+)</a>', page)
    return {unit: standing for standing, unit in rows}


def test_the_district_dashboard_marks_each_commune_on_time_late_or_missing_and_sums_what_came_in(reports, login_as):
    page = login_as("head.298").get(DASHBOARD).get_data(as_text=True)
    assert "Báo cáo sơ kết 6 tháng năm 2024 gửi UBND huyện Tứ Kỳ" in page
    assert matrix_marks(page) == {"UBND xã Ngọc Kỳ": "on_time", "UBND xã Tân Kỳ": "late",
                                  "UBND xã Nguyên Giáp": "missing"}
    for label in ("Nộp đúng hạn", "Nộp trễ hạn", "Chưa nộp, đã quá hạn"):
        assert f'{label}</span> <strong>1</strong>' in page
    assert 'Chưa đến hạn</span> <strong>0</strong>' in page
    assert re.findall(r'<th scope="row">([^<]+)</th><td class="number">(\d+)</td>', page) == [
        ("Số cuộc đối thoại với Nhân dân", "5"), ("Số đơn thư khiếu nại, tố cáo đã giải quyết", "9"),
        ("Số mô hình “Dân vận khéo” đăng ký", "1")]
    assert "Kết quả thực hiện của xã 11113" in page  # the communes' narratives
    assert "Nộp trễ hạn: UBND xã Tân Kỳ." in page and "Chưa nộp: UBND xã Nguyên Giáp." in page


def test_the_dashboard_charts_are_svg_with_a_point_per_report_received_and_a_bar_per_indicator(reports, login_as):
    page = login_as("head.298").get(DASHBOARD).get_data(as_text=True)
    assert page.count('<svg class="chart"') == 2
    assert '<title id="chart-submissions-title">Số báo cáo đã nhận theo thời gian</title>' in page
    points = re.findall(r'<circle class="point (\w+)"[^>]*><title>([^<]+)</title>', page)
    assert points == [("on_time", "UBND xã Ngọc Kỳ: 09:00 12/05/2024"), ("late", "UBND xã Tân Kỳ: 09:00 25/05/2024")]
    assert "Hạn: trước ngày 25/05/2024" in page
    bars = re.findall(r'<rect class="bar"[^>]*><title>([^<]+)</title>', page)
    assert bars == ["Số cuộc đối thoại với Nhân dân: 5", "Số đơn thư khiếu nại, tố cáo đã giải quyết: 9",
                    "Số mô hình “Dân vận khéo” đăng ký: 1"]
    assert "<script" not in page.split('<svg class="chart"', 1)[1].split("</main>")[0]


def test_the_dashboard_shows_the_districts_own_consolidated_report_once_drafted(reports, login_as):
    page = login_as("officer.298").get(DASHBOARD).get_data(as_text=True)
    own = reports[DISTRICT]
    assert f'href="/reports/{own}">Báo cáo sơ kết 6 tháng năm 2024</a>' in page
    assert "gửi UBND tỉnh Hải Dương" in page and "Đang thẩm định" in page
    assert f'href="/reports/{own}/document.docx"' in page and f'href="/reports/{own}/document.pdf"' in page


def test_a_commune_user_gets_not_found_for_the_district_dashboard_and_a_neighbours_report(reports, login_as):
    client = login_as(f"officer.{ON_TIME}")
    refused = client.get(DASHBOARD)
    assert refused.status_code == 404
    assert "Không có đơn vị mã &#39;298&#39; trong phạm vi của bạn." in refused.get_data(as_text=True)
    assert client.get(f"/reports/{reports[LATE]}").status_code == 404
    own = client.get(f"/reports/{reports[ON_TIME]}")
    assert own.status_code == 200 and "Nộp đúng hạn" in own.get_data(as_text=True)


def test_the_index_lists_the_periods_received_in_scope_and_the_units_own_reports(reports, login_as):
    page = login_as("head.298").get("/reports").get_data(as_text=True)
    assert f'href="/reports/dashboard?unit={DISTRICT}&amp;year=2024&amp;kind=six_month"' in page
    assert "<td>2/3</td>" in page and "<td>0/3</td>" in page  # six months: two in; the year: none yet
    assert f'href="/reports/{reports[DISTRICT]}">Báo cáo sơ kết 6 tháng</a>' in page  # its own, to the province
    commune = login_as(f"officer.{ON_TIME}").get("/reports").get_data(as_text=True)
    assert "Không có kỳ báo cáo nào gửi đơn vị trong phạm vi của bạn." in commune
    assert f'href="/reports/{reports[ON_TIME]}"' in commune and "kind=six_month" not in commune


def test_the_index_filters_by_year_and_kind_and_refuses_a_year_that_is_not_a_number(reports, login_as):
    client = login_as("head.298")
    annual = client.get("/reports?kind=annual").get_data(as_text=True)
    assert "kind=annual" in annual and "kind=six_month" not in annual
    assert "Không có kỳ báo cáo nào" in client.get("/reports?year=2023").get_data(as_text=True)
    refused = client.get("/reports?year=năm nay")
    assert refused.status_code == 422 and "Năm phải là một số, ví dụ 2024." in refused.get_data(as_text=True)


def test_a_dashboard_query_without_a_unit_or_with_an_unknown_kind_says_what_to_choose(reports, login_as):
    client = login_as("head.298")
    missing = client.get("/reports/dashboard?year=2024&kind=six_month")
    assert missing.status_code == 422 and "Hãy chọn đơn vị nhận báo cáo (unit)." in missing.get_data(as_text=True)
    unknown = client.get(f"/reports/dashboard?unit={DISTRICT}&year=2024&kind=weekly")
    assert unknown.status_code == 422 and "Loại báo cáo &#39;weekly&#39; không tồn tại" in unknown.get_data(
        as_text=True)
    assert client.get("/reports/dashboard?unit=99999&year=2024&kind=six_month").status_code == 404


def test_a_report_page_shows_its_dates_content_and_links_to_its_document(reports, login_as):
    report = reports[LATE]
    page = login_as("head.298").get(f"/reports/{report}").get_data(as_text=True)
    assert "Báo cáo sơ kết 6 tháng năm 2024 — UBND xã Tân Kỳ" in page
    assert "trước ngày 25/05/2024" in page and "09:00 25/05/2024" in page and "Nộp trễ hạn" in page
    assert "Kết quả thực hiện của xã 11113" in page
    assert '<th scope="row">Số cuộc đối thoại với Nhân dân</th><td class="number">3</td>' in page
    assert f'href="/reports/{report}/document.docx"' in page
    assert DASHBOARD.replace("&", "&amp;") in page  # back to what the district received
