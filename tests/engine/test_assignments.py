"""Tổ chức thực hiện as data, and requirements as the text says them: conditions, reports on request,
periodic phrases, sub-plan deadlines written in a reporting row, cut-off windows shown."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from engine.errors import Conflict, Forbidden, InvalidInput
from engine.models import Obligation, Plan
from engine.org.units import get_user
from engine.reporting.assignments import assignments_view, requirements_view
from engine.reporting.obligations import requirements_of
from engine.reporting.requests import request_report
from tests.support import Driver

DISTRICT, COMMUNES = "298", ("11089", "11113", "11146")
TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"
CONDITION = "đối với địa phương chưa phân công công chức phụ trách công tác dân vận"


def _obligations(planflow, plan_id: int) -> list[tuple[str, str, str]]:
    with planflow.unit_of_work() as ctx:
        rows = ctx.session.scalars(select(Obligation).where(Obligation.plan_id == plan_id).order_by(Obligation.id))
        return [(o.reporting_unit.code, o.kind, o.status) for o in rows]


def _issue(driver: Driver, clock, **draft) -> int:
    clock.fixed = datetime(2024, 3, 1, 8)
    plan_id = driver.start_plan(DISTRICT, f"officer.{DISTRICT}")
    driver.issue(plan_id, DISTRICT, TITLE, **draft)
    return plan_id


def test_a_conditional_item_binds_only_the_units_an_officer_marked(demo3, driver, clock):
    assignments = [{
        "line": "UBND các xã, thị trấn", "responsibilities": ["Phân công công chức phụ trách công tác dân vận."],
        "condition": CONDITION, "applies_to": [COMMUNES[1]],
        "owes": [{"kind": "deliverable", "due": "gửi về Phòng Nội vụ trước ngày 25/3/2024",
                  "description": "Quyết định phân công công chức phụ trách"}],
    }]
    plan_id = _issue(driver, clock, assignments=assignments)

    assert [o for o in _obligations(demo3, plan_id) if o[1] == "deliverable"] == [(COMMUNES[1], "deliverable",
                                                                                   "scheduled")]
    with demo3.unit_of_work() as ctx:
        [shown] = assignments_view(ctx.session, plan_id)
    assert shown["condition"] == CONDITION
    assert [(u["code"], u["applies"]) for u in shown["units"]] == [(c, c == COMMUNES[1]) for c in COMMUNES]
    [owed] = shown["owes"]
    assert (owed["due_text"], owed["due_date"], owed["inclusive"]) == (
        "gửi về Phòng Nội vụ trước ngày 25/3/2024", "2024-03-25", False)
    assert owed["description"] == "Quyết định phân công công chức phụ trách"


def test_a_condition_with_no_unit_marked_binds_nobody_and_a_stranger_unit_is_refused(demo3, driver, clock):
    clock.fixed = datetime(2024, 3, 1, 8)
    plan_id = driver.start_plan(DISTRICT, f"officer.{DISTRICT}")
    draft = driver.task(f"officer.{DISTRICT}", "Soạn thảo dự thảo kế hoạch", plan_id)
    stranger = {"title": TITLE, "assignments": [{"line": "UBND các xã, thị trấn", "condition": CONDITION,
                                                  "applies_to": ["11200"], "owes": [{"due": "khi có yêu cầu"}]}]}
    with pytest.raises(InvalidInput, match="đơn vị 11200 không thuộc những đơn vị mà nhiệm vụ này giao"):
        driver.complete(f"officer.{DISTRICT}", draft["id"], stranger)
    with demo3.unit_of_work() as ctx:
        assert assignments_view(ctx.session, plan_id) == []


def test_a_report_on_request_is_owed_only_once_the_receiver_asks_with_its_own_deadline(demo3, driver, clock):
    assignments = [{"line": "UBND các xã, thị trấn", "owes": [{"due": "khi có yêu cầu"}]}]
    plan_id = _issue(driver, clock, assignments=assignments)
    assert [o for o in _obligations(demo3, plan_id) if o[1] == "ad_hoc"] == []
    with demo3.unit_of_work() as ctx:
        [standing] = [r for r in requirements_of(ctx, plan_id) if r.on_request]
        assert requirements_view(ctx.session, plan_id)[-1]["due_date"] is None

    clock.fixed = datetime(2024, 4, 2, 9)
    with demo3.unit_of_work() as ctx:
        request = request_report(ctx, get_user(ctx.session, f"head.{DISTRICT}"), standing.id, "trước ngày 10/4/2024",
                                 "Báo cáo kết quả đối thoại với Nhân dân quý I", [COMMUNES[0], COMMUNES[2]])
        request_id = request.id
    asked = [o for o in _obligations(demo3, plan_id) if o[1] == "ad_hoc"]
    assert asked == [(COMMUNES[0], "ad_hoc", "drafting"), (COMMUNES[2], "ad_hoc", "drafting")]
    driver.task(f"officer.{COMMUNES[0]}", "Soạn báo cáo")
    with demo3.unit_of_work() as ctx:
        rows = ctx.session.scalars(select(Obligation).where(Obligation.requirement_id == request_id)).all()
        assert {(o.due_date, o.due_inclusive) for o in rows} == {(date(2024, 4, 10), False)}


def test_a_request_is_refused_to_a_reporter_for_a_past_day_and_for_a_dated_requirement(demo3, driver, clock):
    assignments = [{"line": "UBND các xã, thị trấn", "owes": [{"due": "khi có yêu cầu"}]}]
    plan_id = _issue(driver, clock, assignments=assignments)
    with demo3.unit_of_work() as ctx:
        rows = requirements_of(ctx, plan_id)
        standing = next(r.id for r in rows if r.on_request)
        dated = next(r.id for r in rows if not r.on_request)
    before = _obligations(demo3, plan_id)
    cases = [(f"officer.{COMMUNES[0]}", standing, "trước ngày 30/4", Forbidden, "Chỉ chuyên viên"),
             (f"officer.{DISTRICT}", standing, "trước ngày 01/3/2024", InvalidInput, "đã qua"),
             (f"officer.{DISTRICT}", dated, "trước ngày 30/4", Conflict, "không phải báo cáo khi có yêu cầu")]
    for user, requirement, due, error, message in cases:
        with pytest.raises(error, match=message), demo3.unit_of_work() as ctx:
            request_report(ctx, get_user(ctx.session, user), requirement, due, "Báo cáo nhanh")
    assert _obligations(demo3, plan_id) == before


def test_periodic_phrases_stand_for_their_periods_with_windows_shown(demo3, driver, clock):
    reporting = [{"reporters": "UBND các xã, thị trấn", "due": "Định kỳ 6 tháng, 01 năm"},
                 {"reporters": "UBND các xã, thị trấn", "due": "hằng quý"}]
    plan_id = _issue(driver, clock, reporting=reporting)
    with demo3.unit_of_work() as ctx:
        shown = requirements_view(ctx.session, plan_id)
    periodic = [(r["kind"], r["due_text"], r["due_date"], r["cutoff"]["source"]) for r in shown]
    assert periodic == [
        ("six_month", "Định kỳ 6 tháng, 01 năm", "2024-05-30", "derived"),
        ("annual", "Định kỳ 6 tháng, 01 năm", "2024-11-30", "derived"),
        ("quarterly", "hằng quý", "2024-03-18", "nd09"),
        ("quarterly", "hằng quý", "2024-06-18", "nd09"),
        ("quarterly", "hằng quý", "2024-09-18", "nd09"),
        ("quarterly", "hằng quý", "2024-12-18", "nd09"),
    ]
    # Nghị định 09's six-month window ends 14/6, after this plan's 30/5: the derived one ends the working day
    # before the last day to report, and says so.
    assert shown[0]["cutoff"]["label"] == "Chốt số liệu từ 15/12/2023 đến 28/05/2024 (lùi theo hạn báo cáo)"
    assert shown[2]["cutoff"]["label"] == "Chốt số liệu từ 15/12/2023 đến 14/03/2024 (theo Nghị định 09/2019/NĐ-CP)"
    assert len([o for o in _obligations(demo3, plan_id) if o[1] == "quarterly"]) == 4 * len(COMMUNES)


def test_a_sub_plan_deadline_written_in_a_reporting_row_drives_the_children(demo3, driver, clock):
    reporting = [{"kind": "sub_plan", "due": "Căn cứ Kế hoạch này, xây dựng kế hoạch trước ngày 25/3/2024"}]
    plan_id = _issue(driver, clock, reporting=reporting)
    children = driver.plan(plan_id)["children"]
    assert children
    with demo3.unit_of_work() as ctx:
        dues = {ctx.session.get_one(Plan, child["id"]).due_date for child in children}
    assert dues == {date(2024, 3, 25)}


def test_the_childs_draft_form_shows_the_inherited_rows_and_filling_one_keeps_the_others(demo3, driver, clock):
    clock.fixed = datetime(2024, 1, 3, 8)
    top = driver.start_plan("30", "officer.30")
    driver.issue(top, "30")
    child = next(c for c in driver.plan(top)["children"] if c["unit"] == DISTRICT)
    driver.act(f"clerk.{DISTRICT}", "Tiếp nhận kế hoạch cấp trên", {}, child["id"])
    draft = driver.task(f"officer.{DISTRICT}", "Soạn thảo dự thảo kế hoạch", child["id"])
    shown = draft["form"]["properties"]["reporting"]["default"]
    assert [(row["kind"], row["due"]) for row in shown] == [
        ("six_month", "trước ngày 25/05/2024"), ("annual", "trước ngày 25/11/2024"),
        ("scoring", "trước ngày 30/11/2024")]

    driver.complete(f"officer.{DISTRICT}", draft["id"], {"title": TITLE, "reporting": [
        {"kind": "six_month", "reporters": "UBND các xã, thị trấn", "due": "chậm nhất ngày 15/5/2024"}]})
    with demo3.unit_of_work() as ctx:
        kept = {(r.kind, r.due_text, r.due_inclusive) for r in requirements_of(ctx, child["id"])}
    assert kept == {("six_month", "chậm nhất ngày 15/5/2024", True), ("annual", "trước ngày 25/11/2024", False),
                    ("scoring", "trước ngày 30/11/2024", False)}


def test_the_issued_document_carries_each_assignment_and_what_it_owes_once_per_phrase(demo3, driver, clock):
    from engine.plans.documents import Table, plan_document

    assignments = [{"line": "Phòng Tư pháp", "lead": True, "responsibilities": ["Phổ biến Luật Thực hiện dân chủ."],
                    "owes": [{"kind": "deliverable", "due": "chậm nhất ngày 10/6/2024",
                              "description": "Báo cáo kết quả phổ biến"}]},
                   {"line": "UBND các xã, thị trấn", "owes": [{"due": "hằng quý, trước ngày 15 tháng cuối quý"}]}]
    plan_id = _issue(driver, clock, assignments=assignments)
    with demo3.unit_of_work() as ctx:
        body = plan_document(ctx.session, ctx.session.get(Plan, plan_id), date(2024, 3, 1)).body
    [table] = [b for b in body if isinstance(b, Table)]
    rows = [row[1:] for row in table.rows]
    assert ("UBND các xã, thị trấn: Báo cáo sơ kết 6 tháng", "trước ngày 30/5") in rows  # the general rows too
    assert rows[-2:] == [
        ("Phòng Tư pháp (chủ trì, Phổ biến Luật Thực hiện dân chủ.): Báo cáo kết quả phổ biến",
         "chậm nhất ngày 10/6/2024"),
        ("UBND các xã, thị trấn (phối hợp): Báo cáo quý", "hằng quý, trước ngày 15 tháng cuối quý")]


def test_an_agency_report_the_plan_has_the_chair_sign_is_signed_by_the_committee(demo3, driver, clock):
    from engine.plans.documents import report_document
    from tests.support import APPROVE

    assignments = [{"line": "Phòng Tư pháp", "signer": "committee",
                    "owes": [{"kind": "deliverable", "due": "chậm nhất ngày 10/6/2024",
                              "description": "Báo cáo PBGDPL"}]}]
    plan_id = _issue(driver, clock, assignments=assignments)
    clock.fixed = datetime(2024, 6, 3, 8)
    driver.run_due()
    draft = driver.task("officer.298.tp", "Soạn báo cáo")
    driver.complete("officer.298.tp", draft["id"], {"results": "Đã phổ biến luật tại 3 xã."})
    instance = draft["process_instance_id"]
    driver.act("head.298.tp", "Thẩm định báo cáo", APPROVE)
    assert not [t for t in driver.tasks("head.298.tp") if t["name"] == "Phê duyệt, ký báo cáo"]
    driver.act("chair.298", "Phê duyệt, ký báo cáo", APPROVE)
    with demo3.unit_of_work() as ctx:
        obligation = ctx.session.scalar(select(Obligation).where(Obligation.instance_id == instance))
        assert obligation.plan_id == plan_id
        document = report_document(ctx.session, obligation)
    assert document.signature[:2] == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
