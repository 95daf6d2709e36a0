"""Reporting over the demo cascade in the database: requirements, obligations, reports, consolidation,
scoring, dissolution — with the guards and refusals a user meets."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from engine.errors import Forbidden, InvalidInput
from engine.models import HumanTask, Notification, Obligation, ProcessInstance, Unit
from engine.org.demo import REGIME_START, create_role_users, load_units
from engine.org.unit_data import central_body, two_level_units
from engine.org.units import get_unit
from engine.reporting.obligations import requirements_of
from engine.reporting.reports import consolidation_view, obligation_rows
from tests.support import APPROVE, Driver

DRAFT_REPORT, CHECK = "Soạn báo cáo", "Tiếp nhận báo cáo của đơn vị"
DISTRICT, COMMUNES = "298", ("11089", "11113", "11146")


def build_cascade(driver: Driver, clock) -> dict[str, int]:
    """Bộ Nội vụ issues in January; each level receives and issues in turn: {unit code: plan id}."""
    clock.fixed = datetime(2024, 1, 3, 8)
    plans = {"BNV": driver.start_plan("BNV", "officer.BNV")}
    driver.issue(plans["BNV"], "BNV")
    pending = [plans["BNV"]]
    while pending:
        for child in driver.plan(pending.pop())["children"]:
            driver.act(f"clerk.{child['unit']}", "Tiếp nhận kế hoạch cấp trên", {}, child["id"])
            driver.issue(child["id"], child["unit"])
            plans[child["unit"]] = child["id"]
            pending.append(child["id"])
    return plans


def obligations(planflow, **where) -> list[dict]:
    with planflow.unit_of_work() as ctx:
        unit = where.pop("unit", None)
        unit_id = get_unit(ctx.session, unit, ctx.clock.today()).id if unit else None
        return obligation_rows(ctx.session, ctx.clock.today(), unit_id=unit_id, **where)


def matrix(planflow, unit: str, year: int = 2024) -> dict:
    """The six-month compliance matrix of what the unit receives."""
    with planflow.unit_of_work() as ctx:
        today = ctx.clock.today()
        return consolidation_view(ctx.session, get_unit(ctx.session, unit, today).id, year, "six_month", today)


@pytest.fixture
def cascade(demo3, driver, clock) -> dict[str, int]:
    return build_cascade(driver, clock)


def test_requirements_start_from_the_calendar_and_tighten_five_days_per_level(demo3, cascade) -> None:
    with demo3.unit_of_work() as ctx:
        due = {code: [(r.kind, r.due_text) for r in requirements_of(ctx, cascade[code])]
               for code in ("BNV", "30", DISTRICT, COMMUNES[0])}
    assert due["BNV"] == [("six_month", "trước ngày 30/5"), ("annual", "trước ngày 30/11"),
                          ("scoring", "trước ngày 05/12")]
    assert due["30"] == [("six_month", "trước ngày 25/05/2024"), ("annual", "trước ngày 25/11/2024"),
                         ("scoring", "trước ngày 30/11/2024")]
    assert due[DISTRICT][0] == ("six_month", "trước ngày 20/05/2024")
    assert due[COMMUNES[0]] == []  # nobody reports to a commune


def test_issuing_schedules_one_obligation_per_reporting_unit_and_period(demo3, cascade) -> None:
    rows = obligations(demo3, plan_id=cascade[DISTRICT])
    assert sorted((r["unit"], r["kind"]) for r in rows) == sorted(
        (code, kind) for code in COMMUNES for kind in ("six_month", "annual", "scoring"))
    six_month = next(r for r in rows if r["kind"] == "six_month")
    assert (six_month["receiver"], six_month["due_text"], six_month["opens_on"], six_month["status"]) == \
        (DISTRICT, "trước ngày 20/05/2024", "2024-05-05", "scheduled")


def test_a_child_plan_may_tighten_a_deadline_but_a_looser_one_is_refused_and_nothing_changes(demo3, driver, clock):
    clock.fixed = datetime(2024, 1, 3, 8)
    top = driver.start_plan("30", "officer.30")
    driver.issue(top, "30")
    child = driver.plan(top)["children"][0]
    code = child["unit"]
    driver.act(f"clerk.{code}", "Tiếp nhận kế hoạch cấp trên", {}, child["id"])
    draft = driver.task(f"officer.{code}", "Soạn thảo dự thảo kế hoạch", child["id"])
    later = {"title": "Kế hoạch năm 2024", "reporting": [{"kind": "six_month", "due": "trước ngày 10/6"}]}
    with pytest.raises(InvalidInput, match="muộn hơn hạn của kế hoạch cấp trên"):
        driver.complete(f"officer.{code}", draft["id"], later)
    with demo3.unit_of_work() as ctx:
        assert [r.due_text for r in requirements_of(ctx, child["id"])][0] == "trước ngày 25/05/2024"
    tighter = {"title": "Kế hoạch năm 2024", "reporting": [{"kind": "six_month", "due": "trước ngày 15/5"}]}
    driver.complete(f"officer.{code}", draft["id"], tighter)
    with demo3.unit_of_work() as ctx:
        rows = requirements_of(ctx, child["id"])
    [requirement] = [r for r in rows if r.kind == "six_month"]
    inherited = [r for r in rows if r.kind != "six_month"]
    assert (requirement.due_date, requirement.due_inclusive) == (date(2024, 5, 15), False)
    # Nghị định 09's window would end 14/6, after the deadline: one derived from it ends the working day before.
    assert (requirement.cutoff_to, requirement.cutoff_source) == (date(2024, 5, 13), "derived")
    assert requirement.warning is None
    # The rows the draft left out are the parent's: kept as they were, never silently dropped.
    assert [(r.kind, r.due_text) for r in inherited] == [("annual", "trước ngày 25/11/2024"),
                                                         ("scoring", "trước ngày 30/11/2024")]


def test_reports_open_in_their_window_and_a_late_one_is_derived_from_dates(demo3, cascade, driver, clock):
    clock.fixed = datetime(2024, 5, 4, 9)
    driver.run_due()
    assert [t for t in driver.tasks(f"officer.{COMMUNES[0]}") if t["name"] == DRAFT_REPORT] == []
    clock.fixed = datetime(2024, 5, 5, 9)
    driver.run_due()
    assert driver.task(f"officer.{COMMUNES[0]}", DRAFT_REPORT)["due"] == "2024-05-20"
    driver.send_report(COMMUNES[0], {"dialogues_held": 2})
    clock.fixed = datetime(2024, 5, 20, 9)  # "trước ngày 20/5": the 20th is already late
    driver.send_report(COMMUNES[1], {"dialogues_held": 3})
    standing = {r["unit"]: r["standing"] for r in matrix(demo3, DISTRICT)["rows"]}
    assert standing == {COMMUNES[0]: "on_time", COMMUNES[1]: "late", COMMUNES[2]: "missing"}
    with demo3.unit_of_work() as ctx:
        assert {o.status for o in ctx.session.scalars(select(Obligation))} <= {
            "scheduled", "open", "drafting", "submitted"}  # nothing stored says "late" or "overdue"


def test_only_the_receiving_units_officer_may_accept_a_report(demo3, cascade, driver, clock):
    clock.fixed = datetime(2024, 5, 6, 9)
    driver.run_due()
    driver.send_report(COMMUNES[0])
    task = driver.task(f"officer.{DISTRICT}", CHECK)
    assert task["unit"] == DISTRICT
    with pytest.raises(Forbidden):
        driver.complete("officer.294", task["id"], {"verdict": "accept"})
    with pytest.raises(Forbidden):
        driver.complete(f"officer.{COMMUNES[0]}", task["id"], {"verdict": "accept"})
    driver.complete(f"officer.{DISTRICT}", task["id"], {"verdict": "accept"})
    assert obligations(demo3, unit=COMMUNES[0])[0]["status"] == "accepted"


def test_a_returned_report_is_redrafted_prefilled_and_resubmitted_under_a_new_number(demo3, cascade, driver, clock):
    clock.fixed = datetime(2024, 5, 6, 9)
    driver.run_due()
    driver.send_report(COMMUNES[0], {"dialogues_held": 1})
    task = driver.task(f"officer.{DISTRICT}", CHECK)
    with pytest.raises(InvalidInput, match="comment"):
        driver.complete(f"officer.{DISTRICT}", task["id"], {"verdict": "return"})
    driver.complete(f"officer.{DISTRICT}", task["id"], {"verdict": "return", "comment": "Bổ sung số cuộc đối thoại"})
    assert matrix(demo3, DISTRICT)["rows"][0]["standing"] == "returned"
    redraft = driver.task(f"officer.{COMMUNES[0]}", DRAFT_REPORT)
    assert redraft["form"]["properties"]["indicators"]["default"] == {"dialogues_held": 1}
    with demo3.unit_of_work() as ctx:
        notice = ctx.session.scalar(select(Notification).where(Notification.kind == "returned"))
    assert notice.text == ("Báo cáo sơ kết 6 tháng bị UBND huyện Tứ Kỳ trả lại: Bổ sung số cuộc đối thoại")
    driver.send_report(COMMUNES[0], {"dialogues_held": 4})
    driver.act(f"officer.{DISTRICT}", CHECK, {"verdict": "accept"})
    [row] = [r for r in obligations(demo3, unit=COMMUNES[0]) if r["kind"] == "six_month"]
    # The commune's register: 01 its plan (KH), 02 the returned report, 03 the resubmitted one.
    assert (row["status"], row["number"], row["returns"], row["standing"]) == ("accepted", "03/BC-UBND", 1, "on_time")


def test_the_district_report_opens_when_all_are_in_prefilled_and_closes_them_when_sent(demo3, cascade, driver, clock):
    clock.fixed = datetime(2024, 5, 10, 9)
    driver.run_due()
    for n, code in enumerate(COMMUNES, 1):
        assert [t for t in driver.tasks(f"officer.{DISTRICT}") if t["name"] == DRAFT_REPORT] == []
        driver.send_report(code, {"dialogues_held": n, "complaints_resolved": 2})
    driver.act(f"officer.{DISTRICT}", CHECK, {"verdict": "accept"})  # the district drafts while it checks
    form = driver.task(f"officer.{DISTRICT}", DRAFT_REPORT)["form"]["properties"]
    assert form["indicators"]["default"] == {"dialogues_held": 6, "complaints_resolved": 6, "dvk_models": 0}
    assert (form["late_units"]["default"], form["missing_units"]["default"]) == ([], [])
    driver.send_report(DISTRICT, form["indicators"]["default"])
    assert {r["status"] for r in matrix(demo3, DISTRICT)["rows"]} == {"consolidated"}
    assert matrix(demo3, "30")["rows"][1]["standing"] == "on_time"


def test_notices_come_once_even_when_the_system_was_down(demo3, cascade, driver, clock):
    clock.fixed = datetime(2024, 5, 5, 9)
    driver.run_due()
    clock.fixed = datetime(2024, 6, 20, 9)  # down for six weeks
    driver.run_due()
    driver.run_due()
    with demo3.unit_of_work() as ctx:
        commune = get_unit(ctx.session, COMMUNES[0], ctx.clock.today())
        kinds = [n.kind for n in ctx.session.scalars(select(Notification).join(Obligation).where(
            Obligation.reporting_unit_id == commune.id).order_by(Notification.id))]
    # Reminders are dropped once late; one overdue notice to the officer; one escalation to chair and vice chair.
    assert (kinds.count("reminder"), kinds.count("overdue"), kinds.count("escalation")) == (0, 1, 2)


def test_dissolving_a_district_cancels_its_reports_and_those_it_was_to_receive(demo3, cascade, driver, clock):
    clock.fixed = datetime(2024, 5, 5, 9)
    driver.run_due()
    with demo3.unit_of_work() as ctx:
        ctx.session.scalar(select(Unit).where(Unit.code == "294")).valid_to = date(2024, 6, 30)
    clock.fixed = datetime(2024, 7, 1, 9)
    driver.run_due()
    cancelled = [r for r in obligations(demo3, plan_id=cascade["30"]) if r["unit"] == "294"]
    assert {r["status"] for r in cancelled} == {"cancelled"}
    assert cancelled[0]["cancel_reason"] == "UBND huyện Thanh Hà giải thể từ ngày 01/07/2024."
    assert {r["status"] for r in obligations(demo3, plan_id=cascade["294"])} == {"cancelled"}
    assert "cancelled" not in {r["status"] for r in obligations(demo3, plan_id=cascade[DISTRICT])}  # Tứ Kỳ stays
    with demo3.unit_of_work() as ctx:
        open_tasks = ctx.session.scalars(select(HumanTask).join(ProcessInstance).where(
            HumanTask.status == "ready", ProcessInstance.status == "cancelled")).all()
    assert open_tasks == []


def _score(driver: Driver, code: str, receiver: str, scores: dict, superior: dict) -> None:
    driver.act(f"officer.{code}", "Tự chấm điểm", {"scores": scores})
    driver.act(f"chair.{code}", "Phê duyệt kết quả tự chấm", APPROVE)
    driver.act(f"officer.{receiver}", "Thẩm định, chấm điểm phần của cấp trên", {"superior_scores": superior})


def test_scores_out_of_range_are_refused_and_the_dmn_table_classifies_the_total(demo3, cascade, driver, clock):
    clock.fixed = datetime(2024, 11, 10, 9)
    driver.run_due()
    task = driver.task(f"officer.{COMMUNES[0]}", "Tự chấm điểm")
    assert task["form"]["properties"]["scores"]["default"] == {"lanh_dao": 0, "cai_cach": 0, "dan_chu": 0,
                                                               "dan_van_kheo": 0}
    with pytest.raises(InvalidInput, match="tiêu chí 'cai_cach' phải là số nguyên từ 0 đến 20"):
        driver.complete(f"officer.{COMMUNES[0]}", task["id"],
                        {"scores": {"lanh_dao": 15, "cai_cach": 25, "dan_chu": 20, "dan_van_kheo": 15}})
    assert driver.task(f"officer.{COMMUNES[0]}", "Tự chấm điểm")["id"] == task["id"]
    _score(driver, COMMUNES[0], DISTRICT, {"lanh_dao": 15, "cai_cach": 20, "dan_chu": 18, "dan_van_kheo": 14},
           {"lanh_dao": 5, "cai_cach": 8, "dan_chu": 6, "dan_van_kheo": 4})
    [row] = [r for r in obligations(demo3, unit=COMMUNES[0]) if r["kind"] == "scoring"]
    assert (row["total"], row["classification"], row["status"]) == (90, "Hoàn thành xuất sắc nhiệm vụ", "accepted")


def test_a_new_version_of_the_table_changes_the_bands_of_later_classifications(demo3, cascade, driver, clock,
                                                                               tmp_path: Path):
    source = (Path(__file__).resolve().parents[2] / "workflows" / "xep_loai_dan_van.dmn").read_text(encoding="utf-8")
    stricter = tmp_path / "xep_loai_dan_van.dmn"
    stricter.write_text(source.replace("? &gt;= 90", "? &gt;= 95").replace("80 &lt;= ? &lt; 90", "80 &lt;= ? &lt; 95"),
                        encoding="utf-8")
    with demo3.unit_of_work() as ctx:
        assert demo3.deploy_file(ctx, stricter, "system").version == 2
    clock.fixed = datetime(2024, 11, 10, 9)
    driver.run_due()
    _score(driver, COMMUNES[1], DISTRICT, {"lanh_dao": 15, "cai_cach": 20, "dan_chu": 18, "dan_van_kheo": 14},
           {"lanh_dao": 5, "cai_cach": 8, "dan_chu": 6, "dan_van_kheo": 4})
    [row] = [r for r in obligations(demo3, unit=COMMUNES[1]) if r["kind"] == "scoring"]
    assert (row["total"], row["classification"]) == (90, "Hoàn thành tốt nhiệm vụ")


def test_a_province_of_the_two_level_regime_receives_from_its_168_communes_directly(planflow, driver, clock):
    """Thành phố Hồ Chí Minh after July 2025: no districts, 168 communes report to the city's Sở Nội vụ."""
    seeds = [s for s in two_level_units() if s.code == "79" or s.parent_code == "79"]
    with planflow.unit_of_work() as ctx:
        units = load_units(ctx.session, [central_body(), *seeds], REGIME_START[2])
        create_role_users(ctx.session, [units["79"], units[seeds[1].code]], generate_password_hash("x"))
    clock.fixed = datetime(2026, 1, 5, 8)
    plan_id = driver.start_plan("79", "officer.79")
    driver.issue(plan_id, "79", title="Kế hoạch công tác dân vận chính quyền năm 2026")
    assert len(driver.plan(plan_id)["children"]) == 168
    assert len(obligations(planflow, plan_id=plan_id)) == 168 * 3
    clock.fixed = datetime(2026, 5, 15, 9)
    driver.run_due()
    driver.send_report(seeds[1].code, {"dvk_models": 2})
    view = matrix(planflow, "79", 2026)
    assert len(view["rows"]) == 168
    assert (view["counts"]["on_time"], view["counts"]["pending"], view["indicators"]["dvk_models"]) == (1, 167, 2)



def test_a_report_arriving_after_the_consolidated_draft_opened_updates_its_prefill(demo3, cascade, driver, clock):
    clock.fixed = datetime(2024, 5, 10, 9)
    driver.run_due()
    for code in COMMUNES[:2]:
        driver.send_report(code, {"dialogues_held": 1})
    clock.fixed = datetime(2024, 5, 20, 9)  # the communes' deadline: the district's draft opens without Nguyên Giáp
    driver.run_due()
    assert driver.task(f"officer.{DISTRICT}", DRAFT_REPORT)["form"]["properties"]["missing_units"]["default"] == [
        "UBND xã Nguyên Giáp"]
    driver.send_report(COMMUNES[2], {"dialogues_held": 5})
    form = driver.task(f"officer.{DISTRICT}", DRAFT_REPORT)["form"]["properties"]
    assert (form["indicators"]["default"]["dialogues_held"], form["late_units"]["default"],
            form["missing_units"]["default"]) == (7, ["UBND xã Nguyên Giáp"], [])


def test_reporters_default_to_the_subordinates_and_a_line_naming_none_is_refused(demo3, driver, clock):
    plan_id = driver.start_plan(DISTRICT, f"officer.{DISTRICT}")
    draft = driver.task(f"officer.{DISTRICT}", "Soạn thảo dự thảo kế hoạch", plan_id)
    nobody = {"title": "Kế hoạch năm 2024", "reporting": [
        {"kind": "annual", "due": "trước ngày 20/11", "reporters": "Các hội, đoàn thể"}]}
    with pytest.raises(InvalidInput, match="'Các hội, đoàn thể' không ứng với đơn vị nào thuộc UBND huyện Tứ Kỳ"):
        driver.complete(f"officer.{DISTRICT}", draft["id"], nobody)
    driver.complete(f"officer.{DISTRICT}", draft["id"], {"title": "Kế hoạch năm 2024", "reporting": [
        {"kind": "annual", "due": "trước ngày 20/11"}]})
    with demo3.unit_of_work() as ctx:
        [requirement] = requirements_of(ctx, plan_id)
    assert (requirement.reporters, requirement.via) == ("UBND các xã, thị trấn", "qua Phòng Nội vụ huyện Tứ Kỳ")
