"""Parents and legal bases as document references, plans issued outside planflow, numbers from another register."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from engine.errors import Conflict, Forbidden, InvalidInput
from engine.models import DocumentReference, IncomingEntry, Obligation, Plan, PlanStatus, ProcessInstance
from engine.org.units import get_user
from engine.plans.lifecycle import issue_plan, start_plan
from engine.plans.references import record_external_plan, references_of, set_references
from engine.reporting import obligations
from tests.support import APPROVE

DRAFT, ISSUE, RECEIVE = "Soạn thảo dự thảo kế hoạch", "Vào sổ, ban hành kế hoạch", "Tiếp nhận kế hoạch cấp trên"


def record(planflow, user: str = "officer.298", unit: str | None = "30", number: str = "39/KH-UBND",
           day: date = date(2024, 2, 10), **more) -> int:
    with planflow.unit_of_work() as ctx:
        return record_external_plan(ctx, get_user(ctx.session, user), unit_code=unit, number_symbol=number,
                                    issued_on=day, title="Kế hoạch công tác dân vận chính quyền năm 2024", **more).id


def cite(planflow, plan_id: int, items: list[dict], relation: str = "parent") -> list[dict]:
    with planflow.unit_of_work() as ctx:
        set_references(ctx, ctx.session.get(Plan, plan_id), items, relation)
    return stored(planflow, plan_id)


def stored(planflow, plan_id: int) -> list[dict]:
    with planflow.unit_of_work() as ctx:
        return [{"number_symbol": r.number_symbol, "style": r.number_style, "number": r.number, "symbol": r.symbol,
                 "doc_type": r.doc_type, "issued_on": r.issued_on, "issuer": r.issuer, "plan": r.referenced_plan_id,
                 "relation": r.relation, "citation": r.citation} for r in references_of(ctx.session, plan_id)]


@pytest.mark.parametrize(("citation", "normalised", "style", "doc_type"), [
    ("Kế hoạch số 09/KH-UBND ngày 07/01/2022 của UBND tỉnh Hà Giang", "09/KH-UBND", "state", "Kế hoạch"),
    ("Kế hoạch số 1043-KH/BCSĐ ngày 5/3/2024 của Ban cán sự đảng UBND tỉnh", "1043-KH/BCSĐ", "party", "Kế hoạch"),
    ("Số: 09 /KH-UBND", "09/KH-UBND", "state", "KH"),
    ("Kết luận số 120 -KL/TW ngày 07/01/2016 của Bộ Chính trị", "120-KL/TW", "party", "Kết luận"),
    ("Quy định số 23- QĐ/TW ngày 30/10/2006 của Bộ Chính trị", "23-QĐ/TW", "party", "Quy định"),
    ("Chỉ thị 35 CT/TW", "35-CT/TW", "party", "Chỉ thị"),
])
def test_both_numbering_styles_and_their_noisy_variants_are_read_from_the_citation(
        demo3, driver, citation, normalised, style, doc_type) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    [ref] = cite(demo3, plan_id, [{"citation": citation}], "legal_basis")
    assert (ref["number_symbol"], ref["style"], ref["doc_type"], ref["citation"]) == (
        normalised, style, doc_type, citation)


def test_what_an_item_says_outright_wins_over_its_citation_and_dates_are_read_both_ways(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    refs = cite(demo3, plan_id, [
        {"citation": "Kế hoạch số 09/KH-UBND ngày 07/01/2022 của UBND tỉnh Hà Giang", "date": "2022-01-08",
         "issuer": "Ủy ban nhân dân tỉnh Hà Giang", "title": "Công tác dân vận chính quyền năm 2022"},
        {"citation": "Chương trình công tác năm", "number_symbol": "12-CTr/HU", "date": "15/02/2024"}])
    assert (refs[0]["issued_on"], refs[0]["issuer"]) == (date(2022, 1, 8), "Ủy ban nhân dân tỉnh Hà Giang")
    assert (refs[1]["number_symbol"], refs[1]["style"], refs[1]["doc_type"], refs[1]["issued_on"]) == (
        "12-CTr/HU", "party", "CTr", date(2024, 2, 15))  # the type its symbol names, as the citation names none


def test_a_citation_naming_a_plan_issued_in_planflow_is_linked(demo3, driver, clock) -> None:
    clock.fixed = datetime(2024, 1, 8, 9)
    province = driver.start_plan("30", "officer.30")
    driver.issue(province, "30")
    child = driver.start_plan("298", "officer.298")
    refs = cite(demo3, child, [
        {"citation": "Kế hoạch số 1/KH-UBND ngày 08/01/2024 của Ủy ban nhân dân tỉnh Hải Dương"},
        {"citation": "Kế hoạch số 01/KH-UBND ngày 08/01/2023 của UBND tỉnh Hải Dương"},  # another year
        {"citation": "Kế hoạch số 01/KH-UBND ngày 08/01/2024 của UBND tỉnh Quảng Trị"}])  # another issuer
    assert [r["plan"] for r in refs] == [province, None, None]


def test_a_plan_issued_outside_planflow_is_recorded_at_its_issuer_issued_without_a_lifecycle(demo3, driver) -> None:
    plan_id = record(demo3, numbered_in="VNPT-iOffice")
    view = driver.plan(plan_id)
    assert (view["unit"], view["origin"], view["status"], view["number"], view["issued_date"], view["numbered_in"]) \
        == ("30", "external", PlanStatus.ISSUED, "39/KH-UBND", "2024-02-10", "VNPT-iOffice")
    assert view["instance_id"] is None
    assert [(e["unit"], e["number"], e["received_on"]) for e in view["incoming"]] == [("298", 1, "2024-03-01")]
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(ProcessInstance)) == 0
        assert ctx.session.scalar(select(func.count()).select_from(Obligation)) == 0


def test_a_party_plan_of_a_body_outside_planflow_is_recorded_at_the_superior_committee(demo3, driver) -> None:
    issuer = "Ban Thường vụ Tỉnh ủy Hải Dương"
    plan_id = record(demo3, unit="TU-HD", number="1043-KH/TU", issuer_name=issuer)
    view = driver.plan(plan_id)
    assert (view["unit"], view["number"], view["issuer_name"]) == ("30", "1043-KH/TU", issuer)
    assert view["incoming"][0]["sender"] == issuer


def test_only_planners_of_the_issuer_or_below_may_record_and_a_plan_is_recorded_once(demo3, driver) -> None:
    with pytest.raises(Forbidden, match="vai trò lập kế hoạch"):
        record(demo3, user="clerk.298")
    with pytest.raises(Forbidden, match="vai trò lập kế hoạch"):
        record(demo3, user="officer.11089", unit="294")
    with pytest.raises(InvalidInput, match="tên cơ quan ban hành"):
        record(demo3, unit="TU-HD")
    with pytest.raises(InvalidInput, match="không đọc được số, ký hiệu"):
        record(demo3, number="Kế hoạch năm 2024")
    record(demo3)
    with pytest.raises(Conflict, match="39/KH-UBND năm 2024 .* đã có trong hệ thống"):
        record(demo3, user="officer.294", number="Số: 39 /KH-UBND")
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(Plan)) == 1
        assert ctx.session.scalar(select(func.count()).select_from(IncomingEntry)) == 1


def test_a_child_drafted_against_an_external_parent_inherits_its_requirements_and_cites_it(demo3, driver) -> None:
    parent_id = record(demo3)
    with demo3.unit_of_work() as ctx:
        obligations.start_requirements(ctx, ctx.session.get(Plan, parent_id), None)  # as a caller sets them
        expected = sorted((r.kind, r.due_date) for r in obligations.requirements_of(ctx, parent_id))
        user = get_user(ctx.session, "officer.298")
        child_id = start_plan(ctx, "298", user, parent_plan_id=parent_id).id
    with demo3.unit_of_work() as ctx:
        inherited = sorted((r.kind, r.due_date) for r in obligations.requirements_of(ctx, child_id))
    assert [kind for kind, _ in inherited] == [kind for kind, _ in expected]
    assert all(due < parent_due for (_, due), (_, parent_due) in zip(inherited, expected, strict=True))
    view = driver.plan(child_id)
    assert (view["parent_id"], view["status"]) == (parent_id, PlanStatus.RECEIVED)
    [ref] = view["references"]
    assert (ref["relation"], ref["number_symbol"], ref["referenced_plan_id"]) == ("parent", "39/KH-UBND", parent_id)
    assert ref["citation"] == "Kế hoạch số 39/KH-UBND ngày 10/02/2024 của UBND tỉnh Hải Dương"
    driver.act("clerk.298", RECEIVE, {}, child_id)  # the same số đến: recorded once at Tứ Kỳ
    assert [(e["unit"], e["number"]) for e in driver.plan(parent_id)["incoming"]] == [("298", 1)]
    driver.act("officer.298", DRAFT, {"title": "Thực hiện Kế hoạch 39/KH-UBND"}, child_id)


def test_a_parent_must_be_issued_and_above_the_unit(demo3, driver) -> None:
    draft = driver.start_plan("30", "officer.30")
    thanh_ha = record(demo3, user="officer.294", unit="294", number="05/KH-UBND")  # not above Ngọc Kỳ (Tứ Kỳ)
    refusals = (("298", draft, "chưa ban hành"), ("11089", thanh_ha, "không phải kế hoạch của cấp trên"))
    for code, parent, message in refusals:
        with demo3.unit_of_work() as ctx, pytest.raises(InvalidInput, match=message):
            start_plan(ctx, code, get_user(ctx.session, f"officer.{code}"), parent_plan_id=parent)
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(Plan)) == 2


def test_a_refused_item_stores_nothing_and_keeps_the_references_before(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    before = cite(demo3, plan_id, [{"citation": "Kế hoạch số 09/KH-UBND ngày 07/01/2024 của UBND tỉnh Hải Dương"}])
    refusals = [
        ([{"citation": "Kế hoạch số 10/KH-UBND"}, {"citation": "Kế hoạch\x07 số 11/KH-UBND"}], "ký tự điều khiển"),
        ([{"citation": "Kế hoạch số 10/KH-UBND", "date": "31/02/2024"}], "ngày '31/02/2024' không hợp lệ"),
        ([{"citation": "Kế hoạch", "number_symbol": "KH năm nay"}], "không đọc được số, ký hiệu"),
        ([{"citation": ""}], "cần ghi trích dẫn"),
        ([{"citation": "x" * 501}], "vượt giới hạn 500 ký tự"),
        ([{"citation": "Kế hoạch số 10/KH-UBND", "page": 3}], "trường 'page' không được hỗ trợ"),
        ([{"citation": f"Kế hoạch số {n}/KH-UBND"} for n in range(31)], "vượt giới hạn 30 văn bản"),
    ]
    for items, message in refusals:
        with pytest.raises(InvalidInput, match=message):
            cite(demo3, plan_id, items)
    assert stored(demo3, plan_id) == before
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(DocumentReference)) == 1


def _ready_to_issue(driver, code: str = "298") -> int:
    plan_id = driver.start_plan(code, f"officer.{code}")
    driver.act(f"officer.{code}", DRAFT, {"title": "Kế hoạch dân vận 2024"}, plan_id)
    driver.act(f"head.{code}", "Thẩm định dự thảo kế hoạch", APPROVE, plan_id)
    driver.act(f"chair.{code}", "Phê duyệt, ký kế hoạch", APPROVE, plan_id)
    return plan_id


def _issue_directly(planflow, plan_id: int, data: dict) -> dict:
    with planflow.unit_of_work() as ctx:
        instance = ctx.session.scalar(select(ProcessInstance).where(ProcessInstance.plan_id == plan_id))
        return issue_plan(ctx, instance, data)


def test_a_plan_numbered_in_another_register_keeps_its_number_and_our_register_skips_it(demo3, driver) -> None:
    first = _ready_to_issue(driver)
    assert _issue_directly(demo3, first, {"number": 2, "numbered_in": "VNPT-iOffice"})["number"] == "02/KH-UBND"
    second, third = _ready_to_issue(driver), _ready_to_issue(driver)
    driver.act("clerk.298", ISSUE, {}, second)
    driver.act("clerk.298", ISSUE, {}, third)
    assert [driver.plan(p)["number"] for p in (first, second, third)] == ["02/KH-UBND", "01/KH-UBND", "03/KH-UBND"]
    assert driver.plan(first)["numbered_in"] == "VNPT-iOffice"
    fourth = _ready_to_issue(driver)
    with pytest.raises(Conflict, match="Số 03 \\(cấp từ VNPT-iOffice\\) đã được dùng .* năm 2024"):
        _issue_directly(demo3, fourth, {"number": 3, "numbered_in": "VNPT-iOffice"})
    with pytest.raises(InvalidInput, match="được cấp từ đâu"):
        _issue_directly(demo3, fourth, {"number": 4})
    assert driver.plan(fourth)["status"] == PlanStatus.APPROVED


def test_the_clerk_enters_a_number_from_another_register_in_the_issue_step(demo3, driver) -> None:
    """Needs the host to hand the issue step's data to issue_plan (engine/host.py)."""
    plan_id = _ready_to_issue(driver)
    driver.act("clerk.298", ISSUE, {"number": 39, "numbered_in": "VNPT-iOffice"}, plan_id)
    assert (driver.plan(plan_id)["number"], driver.plan(plan_id)["numbered_in"]) == ("39/KH-UBND", "VNPT-iOffice")
