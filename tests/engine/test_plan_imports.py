"""A plan from its text, reviewed (engine/plans/imports.py): recorded as the superior's external plan, or made a
prefilled draft; a child drafted against the recorded parent inherits its deadlines; refusals change nothing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.errors import Forbidden
from engine.models import DocumentReference, HumanTask, Plan
from engine.org.units import get_user
from engine.plans.imports import (
    DRAFT,
    EXTERNAL,
    ImportChoice,
    Review,
    import_plan,
    mark_unresolved,
    review_of,
    start_child,
)
from engine.reading import read_plan_file
from engine.reporting.assignments import assignments_of
from engine.reporting.requirements import requirements_of
from tests.support import Driver

SEEDS = Path(__file__).parents[1] / "data" / "seeds"
SEED_000, SEED_002 = "000_bfe6059bc76dc0e5.txt", "002_7154f2613ef9aaa5.txt"
PROVINCE, DISTRICT, OTHER_DISTRICT = "30", "298", "294"


def _review(seed: str) -> Review:
    return review_of(read_plan_file((SEEDS / seed).read_bytes(), seed))


def _import(planflow, username: str, review: Review, choice: ImportChoice, untick_at: str | None = None) -> int:
    with planflow.unit_of_work() as ctx:
        user = get_user(ctx.session, username)
        if untick_at:
            mark_unresolved(ctx, review, untick_at)
        return import_plan(ctx, user, review, choice).id


def _stored(planflow, plan_id: int) -> dict:
    with planflow.unit_of_work() as ctx:
        plan = ctx.session.get(Plan, plan_id)
        refs = ctx.session.scalars(select(DocumentReference).where(DocumentReference.plan_id == plan_id)
                                   .order_by(DocumentReference.relation, DocumentReference.position)).all()
        return {
            "plan": (plan.unit.code, plan.origin, plan.status, plan.number_symbol, plan.issued_date, plan.title,
                     plan.issuer_name, plan.content.get("recipients"), plan.archive_line, plan.signer_name),
            "parents": [r.number_symbol for r in refs if r.relation == "parent"],
            "bases": [(r.number_symbol, r.number_style) for r in refs if r.relation == "legal_basis"],
            "requirements": [(r.kind, r.due_text, r.due_date, r.due_inclusive, r.to_superior, r.assignment_id)
                             for r in requirements_of(ctx, plan_id)],
            "assignments": [(a.line, a.lead, len(a.responsibilities)) for a in assignments_of(ctx.session, plan_id)],
        }


def _plans(planflow) -> int:
    with planflow.unit_of_work() as ctx:
        return int(ctx.session.scalar(select(func.count(Plan.id))))


def test_seed_002_recorded_as_the_external_parent_keeps_its_number_references_deadlines_and_assignments(
        demo3, clock):
    clock.fixed = datetime(2022, 2, 1, 9)
    plan_id = _import(demo3, "officer.298", _review(SEED_002), ImportChoice(EXTERNAL, PROVINCE))
    stored = _stored(demo3, plan_id)
    assert stored["plan"][:7] == (PROVINCE, "external", "issued", "09/KH-UBND", date(2022, 1, 7),
                                  "Tiếp tục tăng cường và đổi mới công tác dân vận của cơ quan hành chính nhà nước, "
                                  "chính quyền các cấp trong tình hình mới trên địa bàn tỉnh Hà Giang năm 2022",
                                  "UBND tỉnh Hà Giang")
    assert stored["plan"][7][0] == "Bộ Nội vụ" and stored["plan"][8] == "Lưu: VT, NCPC. N"
    assert stored["plan"][9] == "Nguyễn Văn Sơn"
    assert stored["parents"] == ["33/CT-TTg"]
    assert ("23-QĐ/TW", "party") in stored["bases"] and ("264/KH-UBND", "state") in stored["bases"]
    assert stored["requirements"] == [
        ("sub_plan", "Căn cứ Kế hoạch này, xây dựng, ban hành Kế hoạch của cơ quan, đơn vị, địa phương trước ngày "
                     "15/01/2021.", date(2021, 1, 15), False, False, None),
        ("annual", "Định kỳ hàng năm, báo cáo UBND tỉnh về tình hình kết quả thực hiện kế hoạch (qua Sở Nội vụ) "
                   "trước ngày 30 tháng 11 hằng năm", date(2022, 11, 30), False, False, None),
        ("summary", "Tổng hợp, tham mưu xây dựng báo cáo của UBND tỉnh trước ngày 10 tháng 12 hàng năm gửi Bộ Nội vụ "
                    "theo quy định.", date(2022, 12, 10), False, True, None),
    ]
    assert [line for line, _, _ in stored["assignments"]] == [
        "các cơ quan, đơn vị, địa phương", "Sở Nội vụ", "Sở Thông tin và Truyền thông, Đài Phát thanh và Truyền hình "
        "tỉnh, Báo Hà Giang và các cơ quan Thông tấn trên địa bàn tỉnh", "Thanh tra tỉnh"]
    assert [lead for _, lead, _ in stored["assignments"]] == [False, True, False, False]

    with demo3.unit_of_work() as ctx:  # the district implements it: the parent's deadlines, five days earlier
        child_id = start_child(ctx, get_user(ctx.session, "officer.298"), plan_id, DISTRICT).id
    child = _stored(demo3, child_id)
    assert [(kind, due) for kind, _, due, *_ in child["requirements"]] == [
        ("sub_plan", date(2021, 1, 10)), ("annual", date(2022, 11, 25))]
    assert child["parents"] == ["09/KH-UBND"]


def test_seed_000_typed_number_and_date_complete_what_the_text_left_out(demo3, clock):
    clock.fixed = datetime(2023, 4, 1, 9)
    review = _review(SEED_000)
    assert review.document["number_symbol"].fields["value"] == "" and review.document["date"].fields["value"] == ""
    review.document["number_symbol"].fields["value"] = "47/KH-UBND"
    review.document["date"].fields["value"] = "15/03/2023"
    plan_id = _import(demo3, "officer.298", review, ImportChoice(EXTERNAL, PROVINCE), untick_at=PROVINCE)
    stored = _stored(demo3, plan_id)
    assert stored["plan"][3:5] == ("47/KH-UBND", date(2023, 3, 15))
    assert stored["parents"] == ["25/KH-UBND", "63/KH-UBND", "36/KH-UBND"]
    assert ("30-CT/TW", "party") in stored["bases"] and ("35-CT/TW", "party") in stored["bases"]
    assert stored["requirements"] == [
        ("six_month", "Định kỳ 6 tháng (trước 30/5)", date(2023, 5, 30), False, False, None),
        ("annual", "một năm (trước 15/11)", date(2023, 11, 15), False, False, None)]
    assert "Ban Dân vận Huyện ủy" not in [line for line, _, _ in stored["assignments"]]

    with demo3.unit_of_work() as ctx:
        child_id = start_child(ctx, get_user(ctx.session, "officer.298"), plan_id, DISTRICT).id
    assert [(kind, text, due) for kind, text, due, *_ in _stored(demo3, child_id)["requirements"]] == [
        ("six_month", "trước ngày 25/05/2023", date(2023, 5, 25)),
        ("annual", "trước ngày 10/11/2023", date(2023, 11, 10))]


def test_a_draft_from_the_text_is_prefilled_with_its_title_recipients_and_requirements(demo3, clock):
    clock.fixed = datetime(2023, 4, 1, 9)
    plan_id = _import(demo3, "officer.298", _review(SEED_000), ImportChoice(DRAFT, DISTRICT), untick_at=DISTRICT)
    stored = _stored(demo3, plan_id)
    assert stored["plan"][:3] == (DISTRICT, "planflow", "drafting")
    assert stored["plan"][5] == "Thực hiện công tác dân vận chính quyền năm 2023"
    assert stored["plan"][7][-1] == "UBND các xã, thị trấn"
    assert stored["parents"] == ["25/KH-UBND", "63/KH-UBND", "36/KH-UBND"]
    with demo3.unit_of_work() as ctx:
        task = ctx.session.scalars(select(HumanTask).where(HumanTask.plan_id == plan_id,
                                                           HumanTask.status == "ready")).one()
        defaults = {name: spec.get("default") for name, spec in task.form["properties"].items()}
    assert task.name == "Soạn thảo dự thảo kế hoạch"
    assert defaults["title"] == "Thực hiện công tác dân vận chính quyền năm 2023"
    assert defaults["recipients"][:2] == ["UBND tỉnh", "Sở Nội vụ"]
    assert [(r["kind"], r["due"]) for r in defaults["reporting"]] == [
        ("six_month", "Định kỳ 6 tháng (trước 30/5)"), ("annual", "một năm (trước 15/11)")]
    assert "Phòng Tư pháp" in [a["line"] for a in defaults["assignments"]]
    assert defaults["archive_line"] == "Lưu: VT, NV."


def test_a_draft_against_a_parent_plan_opens_prefilled_after_the_parents_receipt(demo3, clock):
    clock.fixed = datetime(2023, 4, 1, 9)
    driver = Driver(demo3)
    parent = driver.start_plan(PROVINCE, f"officer.{PROVINCE}")
    driver.issue(parent, PROVINCE)
    plan_id = _import(demo3, "officer.298", _review(SEED_000), ImportChoice(DRAFT, DISTRICT, parent),
                      untick_at=DISTRICT)
    driver.act("clerk.298", "Tiếp nhận kế hoạch cấp trên", {}, plan_id)
    defaults = {name: spec.get("default")
                for name, spec in driver.task("officer.298", "Soạn thảo dự thảo kế hoạch", plan_id)["form"]
                ["properties"].items()}
    assert defaults["title"] == "Thực hiện công tác dân vận chính quyền năm 2023"
    assert "Phòng Tư pháp" in [a["line"] for a in defaults["assignments"]]


@pytest.mark.parametrize(("username", "choice"), [
    ("clerk.298", ImportChoice(EXTERNAL, PROVINCE)),  # a clerk registers plans, does not plan
    ("officer.298", ImportChoice(DRAFT, OTHER_DISTRICT)),  # a draft at a committee that is not theirs
    ("officer.298", ImportChoice(EXTERNAL, "11089")),  # recorded below their own committee
])
def test_refused_imports_change_nothing(demo3, clock, username, choice):
    clock.fixed = datetime(2022, 2, 1, 9)
    before = _plans(demo3)
    with pytest.raises(Forbidden):
        _import(demo3, username, _review(SEED_002), choice)
    assert _plans(demo3) == before
