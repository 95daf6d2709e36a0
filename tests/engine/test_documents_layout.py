"""Documents as offices write them: archive line, signature heading, a title not doubled, parents cited."""

from __future__ import annotations

from datetime import date

import pytest

from engine.models import Plan, Unit
from engine.org.signing import agency_titles, signature_block, signature_lines
from engine.org.units import get_user
from engine.plans.documents import Document, plain_title, plan_document, written_archive_line
from engine.plans.lifecycle import start_plan
from engine.plans.references import record_external_plan
from tests.support import APPROVE

DRAFT = "Soạn thảo dự thảo kế hoạch"


def document(planflow, plan_id: int) -> Document:
    with planflow.unit_of_work() as ctx:
        return plan_document(ctx.session, ctx.session.get(Plan, plan_id), ctx.clock.today())


def test_the_archive_line_names_the_drafting_unit_unless_the_draft_writes_its_own(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch dân vận"}, plan_id)
    assert document(demo3, plan_id).recipients[-1] == "- Lưu: VT, NV."
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", {"decision": "return", "comment": "Sửa dòng lưu"}, plan_id)
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch dân vận", "archive_line": "- Lưu: VT, NV, TH;"}, plan_id)
    assert document(demo3, plan_id).recipients[-1] == "- Lưu: VT, NV, TH."


@pytest.mark.parametrize(("typed", "shown"), [
    ("VT, NV", "Lưu: VT, NV."), ("Lưu: VT, TP.", "Lưu: VT, TP."), ("- Lưu:   VT,  NV;", "Lưu: VT, NV."),
])
def test_an_archive_line_is_written_the_usual_way_whatever_was_typed(typed, shown) -> None:
    assert written_archive_line(typed) == shown


@pytest.mark.parametrize(("heading", "signed"), [
    (None, ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    ("", ("CHỦ TỊCH",)),
    ("-", ("CHỦ TỊCH",)),
    ("TM. ỦY BAN NHÂN DÂN HUYỆN", ("TM. ỦY BAN NHÂN DÂN HUYỆN", "CHỦ TỊCH")),
])
def test_the_signature_heading_is_the_drafts_none_or_the_committees_usual(demo3, driver, heading, signed) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    draft = {} if heading is None else {"signature_heading": heading}
    driver.issue(plan_id, "298", **draft)
    assert document(demo3, plan_id).signature == signed


def test_a_vice_chair_signs_kt_under_no_heading_when_the_draft_has_none(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", signer="vice_chair", signature_heading="")
    assert document(demo3, plan_id).signature == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


@pytest.mark.parametrize(("name", "titles"), [
    ("Sở Nội vụ tỉnh Hải Dương", ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
    ("Trung tâm Văn hóa - Thể thao huyện Tứ Kỳ", ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
    ("Phòng Tư pháp huyện Tứ Kỳ", ("TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG")),
    ("Văn phòng HĐND và UBND huyện Tứ Kỳ", ("CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG")),
    ("Thanh tra huyện Tứ Kỳ", ("CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA")),
])
def test_an_agency_signs_with_its_heads_title_and_a_deputy_signs_kt(name, titles) -> None:
    unit = Unit(code="x", name=name, level="agency", valid_from=date(2024, 1, 1))
    assert agency_titles(unit) == titles
    head, deputy = titles
    assert signature_lines("head", "Nguyễn Văn An", "", titles) == [head, "Nguyễn Văn An"]
    assert signature_lines("vice_chair", "Trần Thị Bình", "", titles) == [f"KT. {head}", deputy, "Trần Thị Bình"]


def test_a_plan_of_an_agency_signs_without_the_committees_heading() -> None:
    agency = Unit(code="30.NV", name="Sở Nội vụ tỉnh Hải Dương", level="agency", valid_from=date(2024, 1, 1))
    plan = Plan(unit=agency, signer_role="head", signer_name="Nguyễn Văn An")
    assert signature_block(plan) == ["GIÁM ĐỐC", "Nguyễn Văn An"]
    plan.signer_role, plan.signature_heading = "vice_chair", "TL. GIÁM ĐỐC SỞ"
    assert signature_block(plan) == ["TL. GIÁM ĐỐC SỞ", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]


@pytest.mark.parametrize(("typed", "shown"), [
    ("Kế hoạch thực hiện công tác dân vận chính quyền năm 2024", "Thực hiện công tác dân vận chính quyền năm 2024"),
    ("KẾ HOẠCH triển khai Quy chế dân chủ", "Triển khai Quy chế dân chủ"),
    ("Kế hoạch: Công tác dân vận", "Công tác dân vận"),
    ("Công tác dân vận chính quyền năm 2024", "Công tác dân vận chính quyền năm 2024"),
    ("Kế hoạch", "Kế hoạch"),
])
def test_the_title_under_ke_hoach_does_not_say_ke_hoach_again(typed, shown) -> None:
    assert plain_title(typed) == shown


def test_the_document_shows_the_title_once(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch thực hiện công tác dân vận năm 2024"}, plan_id)
    doc = document(demo3, plan_id)
    assert (doc.kind, doc.title) == ("KẾ HOẠCH", "Thực hiện công tác dân vận năm 2024")


def test_the_document_cites_its_parents_unless_its_content_already_does(demo3, driver) -> None:
    with demo3.unit_of_work() as ctx:
        user = get_user(ctx.session, "officer.298")
        parent = record_external_plan(ctx, user, unit_code="30", number_symbol="39/KH-UBND",
                                      issued_on=date(2024, 2, 10), title="Kế hoạch dân vận 2024")
        child = start_plan(ctx, "298", user, parent_plan_id=parent.id).id
    driver.act("clerk.298", "Tiếp nhận kế hoạch cấp trên", {}, child)
    driver.act("officer.298", DRAFT, {"title": "Dân vận 2024", "summary": "I. MỤC ĐÍCH"}, child)
    assert document(demo3, child).body[0].text == (
        "Thực hiện Kế hoạch số 39/KH-UBND ngày 10/02/2024 của UBND tỉnh Hải Dương.")
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", {"decision": "return", "comment": "Ghi căn cứ"}, child)
    cited = "Thực hiện Kế hoạch số 39 /KH-UBND ngày 10/02/2024 của UBND tỉnh Hải Dương;\nI. MỤC ĐÍCH"
    driver.act("officer.298", DRAFT, {"title": "Dân vận 2024", "summary": cited}, child)
    assert [p.text for p in document(demo3, child).body][:2] == [
        "Thực hiện Kế hoạch số 39 /KH-UBND ngày 10/02/2024 của UBND tỉnh Hải Dương;", "I. MỤC ĐÍCH"]


def test_the_draft_keeps_its_archive_line_and_heading_between_rounds(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch dân vận", "archive_line": "VT, NV, TH",
                                      "signature_heading": ""}, plan_id)
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", APPROVE, plan_id)
    view = driver.plan(plan_id)
    assert (view["archive_line"], view["signature_heading"]) == ("VT, NV, TH", "")
