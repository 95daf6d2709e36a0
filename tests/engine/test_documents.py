"""Plans and reports as official documents (Nghị định 30/2020/NĐ-CP): what each part of the page says."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest
from sqlalchemy import select

from engine.models import Obligation, Plan, Unit
from engine.org.units import get_unit, get_user
from engine.plans.documents import Document, Paragraph, Table, place_date, plan_document, report_document, written_date
from tests.support import APPROVE

SUMMARY = """Thực hiện Kế hoạch số 09/KH-UBND ngày 07/01/2024 của UBND tỉnh Hải Dương;
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Tiếp tục nâng cao chất lượng công tác dân vận chính quyền.
II. NỘI DUNG
III. TỔ CHỨC THỰC HIỆN"""
TITLE = "Thực hiện công tác dân vận chính quyền năm 2024 trên địa bàn huyện Tứ Kỳ"


def plan_as_document(planflow, plan_id: int) -> Document:
    with planflow.unit_of_work() as ctx:
        return plan_document(ctx.session, ctx.session.get(Plan, plan_id), ctx.clock.today())


def full_name(planflow, username: str) -> str:
    with planflow.unit_of_work() as ctx:
        return get_user(ctx.session, username).full_name


@pytest.mark.parametrize(("day", "written"), [
    (date(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
    (date(2024, 1, 17), "ngày 17 tháng 01 năm 2024"),
    (date(2024, 3, 5), "ngày 05 tháng 3 năm 2024"),
    (date(2024, 11, 30), "ngày 30 tháng 11 năm 2024"),
])
def test_days_below_10_and_the_months_january_and_february_take_a_leading_zero(day, written) -> None:
    assert written_date(day) == written


def test_a_plan_signed_by_the_chair_reads_as_the_decree_lays_it_out(demo3, driver, clock) -> None:
    clock.fixed = datetime(2024, 2, 5, 9)
    plan_id = driver.start_plan("298", "officer.298")
    typed = ["UBND tỉnh", "Sở Nội vụ;", "- Ban Dân vận Huyện ủy."]
    driver.issue(plan_id, "298", title=TITLE, summary=SUMMARY, recipients=typed)

    doc = plan_as_document(demo3, plan_id)

    assert doc.issuer == ("ỦY BAN NHÂN DÂN", "HUYỆN TỨ KỲ")
    assert doc.number == "Số: 01/KH-UBND"
    assert (doc.national_name, doc.motto) == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert doc.place_date == "Tứ Kỳ, ngày 05 tháng 02 năm 2024"
    assert (doc.kind, doc.title) == ("KẾ HOẠCH", TITLE)
    assert doc.recipients == ("- UBND tỉnh;", "- Sở Nội vụ;", "- Ban Dân vận Huyện ủy;", "- Lưu: VT, NV.")
    assert doc.signature == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert doc.signer == full_name(demo3, "chair.298")
    assert not doc.is_draft and doc.filename == "01-KH-UBND-2024-298"


def test_the_body_is_the_plans_text_line_by_line_with_its_headings_in_bold(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", title=TITLE, summary=SUMMARY)

    body = plan_as_document(demo3, plan_id).body
    body = body[:body.index(Paragraph("PHÂN CÔNG VÀ THỜI HẠN", "heading"))]  # then what the plan asks of whom

    assert [p.text for p in body] == SUMMARY.splitlines()
    assert [p.style for p in body] == ["text", "heading", "subheading", "text", "heading", "heading"]


def test_a_vice_chair_signs_for_the_chair_with_kt(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", title=TITLE, signer="vice_chair")

    doc = plan_as_document(demo3, plan_id)

    assert doc.signature == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert doc.signer == full_name(demo3, "vice_chair.298")


def test_a_draft_leaves_the_number_and_day_blank_and_has_no_signature(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", "Soạn thảo dự thảo kế hoạch", {"title": TITLE}, plan_id)

    doc = plan_as_document(demo3, plan_id)

    assert (doc.number, doc.place_date) == ("Số: …/KH-UBND", "Tứ Kỳ, ngày … tháng … năm 2024")
    assert (doc.signature, doc.signer, doc.is_draft) == ((), "", True)
    assert doc.recipients[-1] == "- Lưu: VT, NV."  # the usual Nơi nhận of a district until the officer writes them


@pytest.mark.parametrize(("name", "level", "place"), [
    ("Huyện Tứ Kỳ", "district", "Tứ Kỳ"), ("Xã Ngọc Kỳ", "commune", "Ngọc Kỳ"),
    ("Tỉnh Hải Dương", "province", "Hải Dương"),
    ("Phường 5", "commune", "Phường 5"), ("Thành phố Hồ Chí Minh", "province", "Thành phố Hồ Chí Minh"),
    ("Bộ Nội vụ", "central", "Hà Nội"),
])
def test_the_place_of_issue_is_the_units_name_without_its_kind_unless_that_is_a_number_or_a_person(
        name, level, place) -> None:
    unit = Unit(code="x", name=name, level=level, valid_from=date(2008, 8, 1))
    assert place_date(unit, date(2024, 3, 15), 2024) == f"{place}, ngày 15 tháng 3 năm 2024"


def test_typed_text_arrives_in_nfc(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", title=unicodedata.normalize("NFD", TITLE))

    assert plan_as_document(demo3, plan_id).title == TITLE


def test_a_sent_report_is_a_numbered_bao_cao_with_its_sections_and_figures(demo3, driver, clock) -> None:
    clock.fixed = datetime(2024, 1, 8, 9)
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", title=TITLE)
    clock.fixed = datetime(2024, 5, 15, 9)
    driver.run_due()  # the communes' six-month reports open 15 days before "trước ngày 30/5"
    driver.act("officer.11089", "Soạn báo cáo", {
        "results": "Tổ chức 3 cuộc đối thoại.", "proposals": "Đề nghị tập huấn.",
        "indicators": {"dialogues_held": 3, "dvk_models": 1}})
    driver.act("head.11089", "Thẩm định báo cáo", APPROVE)
    driver.act("vice_chair.11089", "Phê duyệt, ký báo cáo", APPROVE)
    driver.act("clerk.11089", "Vào sổ, gửi báo cáo", {})

    with demo3.unit_of_work() as ctx:
        commune = get_unit(ctx.session, "11089", ctx.clock.today())
        report = ctx.session.scalars(select(Obligation).where(
            Obligation.plan_id == plan_id, Obligation.kind == "six_month",
            Obligation.reporting_unit_id == commune.id)).one()
        doc = report_document(ctx.session, report)

    assert (doc.issuer, doc.number, doc.kind) == (("ỦY BAN NHÂN DÂN", "XÃ NGỌC KỲ"), "Số: 01/BC-UBND", "BÁO CÁO")
    assert doc.place_date == "Ngọc Kỳ, ngày 15 tháng 5 năm 2024"
    assert doc.title == ("Sơ kết 6 tháng năm 2024 thực hiện Kế hoạch số 01/KH-UBND ngày 08 tháng 01 năm 2024"
                         " của UBND huyện Tứ Kỳ")
    assert [b.text for b in doc.body if isinstance(b, Paragraph)] == [
        "I. KẾT QUẢ ĐẠT ĐƯỢC", "Tổ chức 3 cuộc đối thoại.", "II. KIẾN NGHỊ, ĐỀ XUẤT", "Đề nghị tập huấn."]
    [figures] = [b for b in doc.body if isinstance(b, Table)]
    assert figures.rows == (("1", "Số cuộc đối thoại với Nhân dân", "3"),
                            ("2", "Số mô hình “Dân vận khéo” đăng ký", "1"))
    assert doc.recipients == ("- UBND huyện Tứ Kỳ (qua Phòng Nội vụ huyện Tứ Kỳ);", "- Lưu: VT.")
    assert doc.signature == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
