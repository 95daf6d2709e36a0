"""Drafts are bounded (engine/reporting/reports.py: TITLE_MAX, TEXT_MAX, PARAGRAPHS_MAX, LINES_MAX, LINE_MAX,
REQUIREMENTS_MAX): a larger plan or report draft is refused field by field and nothing is stored; a draft stored
before the bounds renders no more than they allow, saying what it left out, and quickly."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from sqlalchemy import func, select

from engine.errors import InvalidInput
from engine.models import AuditEntry, Obligation, Plan, ReportingRequirement
from engine.plans.documents import CUT_NOTE, Paragraph, plan_document, report_document
from engine.reporting.reports import LINE_MAX, LINES_MAX, PARAGRAPHS_MAX, REQUIREMENTS_MAX, TEXT_MAX, TITLE_MAX
from tests.support import Driver

DRAFT = "Soạn thảo dự thảo kế hoạch"
TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"
REQUIREMENT = {"kind": "six_month", "due": "trước ngày 25/5"}
# The finding: 50.000 recipient lines (2,8 MB) were accepted, and the PDF took 60 s and a 500.
FIFTY_THOUSAND_LINES = [f"UBND xã số {i} thuộc huyện Tứ Kỳ, tỉnh Hải Dương" for i in range(50_000)]


def plan_state(planflow, plan_id: int) -> tuple:
    with planflow.unit_of_work() as ctx:
        plan = ctx.session.get(Plan, plan_id)
        requirements = ctx.session.scalars(select(ReportingRequirement.id).where(
            ReportingRequirement.plan_id == plan_id)).all()
        audit = ctx.session.scalar(select(func.count()).select_from(AuditEntry))
        return plan.title, plan.content, plan.subplan_due, plan.urgency, tuple(requirements), audit


@pytest.mark.parametrize(("draft", "field", "message"), [
    ({"title": "K" * (TITLE_MAX + 1)}, "title", "'Trích yếu' dài 501 ký tự, vượt giới hạn 500 ký tự."),
    ({"summary": "x" * (TEXT_MAX + 1)}, "summary", "'Nội dung chính' dài 50.001 ký tự, vượt giới hạn 50.000 ký tự."),
    ({"summary": "a\n" * (PARAGRAPHS_MAX + 1)}, "summary", "'Nội dung chính' có 1.001 đoạn, vượt giới hạn 1.000 đoạn."),
    ({"summary": "a\n" * 25_000}, "summary", "'Nội dung chính' có 25.000 đoạn"),
    ({"recipients": FIFTY_THOUSAND_LINES}, "recipients", "'Nơi nhận' có 50.000 dòng, vượt giới hạn 200 dòng."),
    ({"recipients": ["UBND tỉnh"] * (LINES_MAX + 1)}, "recipients", "'Nơi nhận' có 201 dòng"),
    ({"recipients": ["UBND tỉnh", "U" * (LINE_MAX + 1)]}, "recipients",
     "'Nơi nhận' dòng 2 dài 501 ký tự, vượt giới hạn 500 ký tự."),
    ({"reporting": [REQUIREMENT] * (REQUIREMENTS_MAX + 1)}, "reporting",
     "'Yêu cầu báo cáo' có 51 yêu cầu, vượt giới hạn 50 yêu cầu."),
    ({"reporting": [{**REQUIREMENT, "reporters": "UBND các xã " * 60}]}, "reporting",
     "Yêu cầu báo cáo thứ 1: 'Đơn vị báo cáo' dài 720 ký tự"),
    ({"reporting": [{**REQUIREMENT, "due": "trước ngày 25/5" * 40}]}, "reporting", "'Hạn' dài 600 ký tự"),
])
def test_an_oversized_plan_draft_is_refused_with_the_bound_and_nothing_is_stored(demo3, driver: Driver, draft,
                                                                                  field, message):
    plan_id = driver.start_plan("298", "officer.298")
    before = plan_state(demo3, plan_id)
    task = driver.task("officer.298", DRAFT)
    with pytest.raises(InvalidInput) as refused:
        driver.complete("officer.298", task["id"], {"title": TITLE, **draft})
    assert message in refused.value.message and "Traceback" not in refused.value.message
    assert set(refused.value.fields) == {field}
    assert plan_state(demo3, plan_id) == before
    assert driver.task("officer.298", DRAFT)["id"] == task["id"]  # still waiting for a draft that fits


def test_a_plan_draft_at_the_bounds_is_kept_whole(demo3, driver: Driver):
    plan_id = driver.start_plan("298", "officer.298")
    summary = "\n".join([("Nội dung " * 5).strip()] * PARAGRAPHS_MAX)[:TEXT_MAX]
    recipients = [f"UBND tỉnh Hải Dương {i}".ljust(LINE_MAX, ".") for i in range(LINES_MAX)]
    driver.act("officer.298", DRAFT, {"title": "K" * TITLE_MAX, "summary": summary, "recipients": recipients,
                                      "reporting": [REQUIREMENT] * 3})
    with demo3.unit_of_work() as ctx:
        plan = ctx.session.get(Plan, plan_id)
        assert plan.title == "K" * TITLE_MAX
        assert plan.content["recipients"] == recipients
        assert plan.content["summary"] == summary
        document = plan_document(ctx.session, plan, ctx.clock.today())
    assert CUT_NOTE not in [block.text for block in document.body if isinstance(block, Paragraph)]
    assert len(document.recipients) == LINES_MAX + 1  # and "- Lưu: VT."


@pytest.mark.parametrize("stored", [
    {"summary": "a\n" * 25_000, "recipients": FIFTY_THOUSAND_LINES},
    {"summary": "Một đoạn rất dài " * 200_000, "recipients": ["U" * 100_000]},
    {"summary": ["không phải văn bản"], "recipients": "UBND tỉnh"},
])
def test_a_plan_stored_before_the_bounds_renders_within_them_and_says_so(demo3, driver: Driver, stored):
    plan_id = driver.start_plan("298", "officer.298")
    with demo3.unit_of_work() as ctx:  # written behind save_draft's back, as an old row would be
        plan = ctx.session.get(Plan, plan_id)
        plan.title, plan.content = "Trích yếu " * 1_000, stored
    with demo3.unit_of_work() as ctx:
        started = time.perf_counter()
        document = plan_document(ctx.session, ctx.session.get(Plan, plan_id), ctx.clock.today())
        assert time.perf_counter() - started < 2
    assert len(document.title) == TITLE_MAX and document.title.endswith("…")
    text = document.body[:document.body.index(Paragraph("PHÂN CÔNG VÀ THỜI HẠN", "heading"))]
    assert len(text) <= PARAGRAPHS_MAX + 1
    assert sum(len(block.text) for block in text if isinstance(block, Paragraph)) <= TEXT_MAX + len(CUT_NOTE)
    if isinstance(stored["summary"], str):
        assert text[-1] == Paragraph(CUT_NOTE)
    assert len(document.recipients) <= LINES_MAX + 2 and document.recipients[-1] == "- Lưu: VT, NV."
    assert all(len(line) <= LINE_MAX + 3 for line in document.recipients)
    if isinstance(stored["recipients"], list) and len(stored["recipients"]) > LINES_MAX:
        assert "còn 49.800 dòng vượt quá giới hạn 200 dòng" in document.recipients[-2]


# --- reports ----------------------------------------------------------------------------------------


@pytest.fixture
def open_report(demo3, driver: Driver, clock) -> dict:
    """Xã Ngọc Kỳ's six-month report on the district plan, open for drafting."""
    clock.fixed = datetime(2024, 2, 5, 9)
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298")
    clock.fixed = datetime(2024, 5, 15, 9)
    driver.run_due()
    return driver.task("officer.11089", "Soạn báo cáo")


def report_state(planflow, instance_id: int) -> tuple:
    with planflow.unit_of_work() as ctx:
        obligation = ctx.session.scalars(select(Obligation).where(Obligation.instance_id == instance_id)).one()
        return obligation.id, obligation.content, obligation.status


@pytest.mark.parametrize(("draft", "field", "message"), [
    ({"results": "x" * (TEXT_MAX + 1)}, "results", "'Kết quả đạt được' dài 50.001 ký tự"),
    ({"results": "a\n" * (PARAGRAPHS_MAX + 1)}, "results", "'Kết quả đạt được' có 1.001 đoạn"),
    ({"results": "Kết quả", "proposals": "a\n" * 20_000}, "proposals", "'Kiến nghị, đề xuất' có 20.000 đoạn"),
    ({"results": "Kết quả", "late_units": ["Xã Ngọc Kỳ"] * (LINES_MAX + 1)}, "late_units",
     "'Đơn vị nộp trễ hạn' có 201 dòng"),
    ({"results": "Kết quả", "missing_units": ["X" * (LINE_MAX + 1)]}, "missing_units",
     "'Đơn vị chưa nộp' dòng 1 dài 501 ký tự"),
    ({"results": "r" * 30_000, "shortcomings": "s" * 30_000}, None,
     "Các phần của báo cáo dài tổng cộng 60.000 ký tự, 2 đoạn, vượt giới hạn 50.000 ký tự, 1.000 đoạn."),
])
def test_an_oversized_report_draft_is_refused_and_nothing_is_stored(demo3, driver: Driver, open_report, draft,
                                                                     field, message):
    before = report_state(demo3, open_report["process_instance_id"])
    with pytest.raises(InvalidInput) as refused:
        driver.complete("officer.11089", open_report["id"], draft)
    assert message in refused.value.message
    assert set(refused.value.fields) == ({field} if field else set())
    assert report_state(demo3, open_report["process_instance_id"]) == before
    assert driver.task("officer.11089", "Soạn báo cáo")["id"] == open_report["id"]


def test_a_report_stored_before_the_bounds_renders_within_them(demo3, driver: Driver, open_report):
    obligation_id = report_state(demo3, open_report["process_instance_id"])[0]
    with demo3.unit_of_work() as ctx:
        obligation = ctx.session.get(Obligation, obligation_id)
        obligation.content = {"results": "a\n" * 30_000, "shortcomings": "b" * 200_000, "causes": "c\n" * 900,
                              "proposals": "d", "late_units": FIFTY_THOUSAND_LINES,
                              "indicators": {"dialogues_held": 10 ** 40, "dvk_models": "x" * 100_000}}
    with demo3.unit_of_work() as ctx:
        started = time.perf_counter()
        document = report_document(ctx.session, ctx.session.get(Obligation, obligation_id))
        assert time.perf_counter() - started < 2
    paragraphs = [block for block in document.body if isinstance(block, Paragraph)]
    assert len(paragraphs) <= PARAGRAPHS_MAX + 12  # the sections share the bound; headings, figures and notes
    assert sum(len(p.text) for p in paragraphs) <= TEXT_MAX + 2 * LINES_MAX * (LINE_MAX + 2) + 2_000
    assert Paragraph(CUT_NOTE) in paragraphs
    late = next(p.text for p in paragraphs if p.text.startswith("Đơn vị nộp trễ hạn"))
    assert "còn 49.800 dòng vượt quá giới hạn 200 dòng" in late
