"""Urgency (độ khẩn) of plans and reports: set when a plan starts or is drafted, inherited down the cascade
and by reports, sorted first in the inbox and the plan list, printed on the document."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from cli.commands import main
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound
from engine.models import AuditEntry, Obligation, Plan
from engine.org.units import get_user
from engine.plans.documents import plan_document
from engine.plans.lifecycle import start_plan
from engine.plans.listing import PlanFilter, search_plans
from engine.reporting.obligations import may_set_report_urgency, set_report_urgency
from tests.support import Driver

DRAFT = "Soạn thảo dự thảo kế hoạch"


def start(planflow, unit: str, user: str, urgency: str | None, due: date | None = None) -> int:
    with planflow.unit_of_work() as ctx:
        return start_plan(ctx, unit, get_user(ctx.session, user), due, None, urgency).id


def plan_count(planflow) -> int:
    with planflow.unit_of_work() as ctx:
        return ctx.session.scalar(select(func.count(Plan.id)))


def test_a_plan_is_normal_unless_started_urgent(demo3, driver: Driver) -> None:
    assert driver.plan(driver.start_plan("298", "officer.298"))["urgency"] == "thuong"
    assert driver.plan(start(demo3, "298", "officer.298", "hoa_toc"))["urgency"] == "hoa_toc"


def test_an_unknown_urgency_is_refused_and_nothing_is_started(demo3) -> None:
    before = plan_count(demo3)
    with pytest.raises(InvalidInput) as refused:
        start(demo3, "298", "officer.298", "gấp")
    assert "Độ khẩn 'gấp' không tồn tại" in str(refused.value)
    assert "hoa_toc (hỏa tốc)" in str(refused.value)
    assert refused.value.fields == {"urgency": "độ khẩn không hợp lệ"}
    assert plan_count(demo3) == before


def test_the_draft_form_offers_the_plans_urgency_and_the_officer_may_change_it(demo3, driver: Driver) -> None:
    plan_id = start(demo3, "298", "officer.298", "khan")
    task = driver.task("officer.298", DRAFT, plan_id)
    assert task["form"]["properties"]["urgency"]["default"] == "khan"
    driver.complete("officer.298", task["id"], {"title": "Kế hoạch khẩn năm 2024", "urgency": "thuong_khan"})
    assert driver.plan(plan_id)["urgency"] == "thuong_khan"


def test_a_returned_draft_reopens_with_the_urgency_chosen_in_the_last_round(demo3, driver: Driver) -> None:
    plan_id = start(demo3, "298", "officer.298", "khan")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch khẩn năm 2024", "urgency": "hoa_toc"}, plan_id)
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", {"decision": "return", "comment": "Sửa lại"}, plan_id)
    assert driver.task("officer.298", DRAFT, plan_id)["form"]["properties"]["urgency"]["default"] == "hoa_toc"


def test_the_draft_form_refuses_an_unknown_urgency(demo3, driver: Driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    with pytest.raises(InvalidInput):
        driver.act("officer.298", DRAFT, {"title": "Kế hoạch năm 2024", "urgency": "rat_gap"}, plan_id)
    assert driver.plan(plan_id)["urgency"] == "thuong"


def test_child_plans_and_their_reports_inherit_the_parents_urgency(demo3, driver: Driver) -> None:
    plan_id = start(demo3, "298", "officer.298", "thuong_khan")
    driver.issue(plan_id, "298")
    children = driver.plan(plan_id)["children"]
    assert children and {driver.plan(child["id"])["urgency"] for child in children} == {"thuong_khan"}
    with demo3.unit_of_work() as ctx:
        urgencies = set(ctx.session.scalars(select(Obligation.urgency).where(Obligation.plan_id == plan_id)))
    assert urgencies == {"thuong_khan"}


def test_urgent_tasks_come_first_then_by_due_date(demo3, driver: Driver) -> None:
    later_urgent = start(demo3, "298", "officer.298", "khan", date(2024, 6, 1))
    soon_normal = start(demo3, "298", "officer.298", None, date(2024, 3, 10))
    flash = start(demo3, "298", "officer.298", "hoa_toc", date(2024, 7, 1))
    sooner_urgent = start(demo3, "298", "officer.298", "khan", date(2024, 5, 1))
    order = [(t["plan_id"], t["urgency"]) for t in driver.tasks("officer.298") if t["name"] == DRAFT]
    assert order == [(flash, "hoa_toc"), (sooner_urgent, "khan"), (later_urgent, "khan"), (soon_normal, "thuong")]


def plan_list(planflow, user: str, **wanted) -> list[dict]:
    with planflow.unit_of_work() as ctx:
        rows, _ = search_plans(ctx.session, get_user(ctx.session, user), PlanFilter(**wanted), ctx.clock.today())
        return rows


def test_the_plan_list_puts_unfinished_urgent_plans_first_and_filters_by_urgency(demo3, driver: Driver) -> None:
    issued_flash = start(demo3, "298", "officer.298", "hoa_toc")
    driver.issue(issued_flash, "298")
    urgent = start(demo3, "298", "officer.298", "khan")
    normal = driver.start_plan("298", "officer.298")
    rows = plan_list(demo3, "officer.298")
    # The communes' plans, still to be drafted, inherited "hỏa tốc"; an issued plan's urgency is history.
    assert [(row["urgency"], row["status"]) for row in rows[:3]] == [("hoa_toc", "received")] * 3
    assert [row["id"] for row in rows[3:]] == [urgent, normal, issued_flash]
    assert [row["id"] for row in plan_list(demo3, "officer.298", urgency="khan")] == [urgent]


def test_the_document_prints_the_urgency_under_the_number(demo3, driver: Driver) -> None:
    flash, normal = start(demo3, "298", "officer.298", "hoa_toc"), driver.start_plan("298", "officer.298")
    with demo3.unit_of_work() as ctx:
        today = ctx.clock.today()
        assert plan_document(ctx.session, ctx.session.get(Plan, flash), today).urgency_mark == "HỎA TỐC"
        assert plan_document(ctx.session, ctx.session.get(Plan, normal), today).urgency_mark == ""


@pytest.fixture
def report_id(demo3, driver: Driver) -> int:
    """A commune's six-month report required by an urgent district plan."""
    plan_id = start(demo3, "298", "officer.298", "khan")
    driver.issue(plan_id, "298")
    with demo3.unit_of_work() as ctx:
        return ctx.session.scalars(select(Obligation.id).where(Obligation.plan_id == plan_id)
                                   .order_by(Obligation.id)).first()


def set_urgency(planflow, user: str, obligation_id: int, urgency: str) -> str:
    with planflow.unit_of_work() as ctx:
        return set_report_urgency(ctx, get_user(ctx.session, user), obligation_id, urgency).urgency


def test_the_reporting_unit_may_set_its_reports_urgency_and_the_change_is_audited(demo3, report_id) -> None:
    with demo3.unit_of_work() as ctx:
        unit = ctx.session.get(Obligation, report_id).reporting_unit.code
    assert set_urgency(demo3, f"officer.{unit}", report_id, "hoa_toc") == "hoa_toc"
    with demo3.unit_of_work() as ctx:
        entry = ctx.session.scalars(select(AuditEntry).where(AuditEntry.action == "set_urgency")).one()
        assert (entry.actor, entry.details) == (f"officer.{unit}", {"obligation_id": report_id, "from": "khan",
                                                                    "to": "hoa_toc"})


def test_only_the_reports_drafters_and_signers_may_set_its_urgency(demo3, report_id) -> None:
    with demo3.unit_of_work() as ctx:
        unit = ctx.session.get(Obligation, report_id).reporting_unit.code
    with pytest.raises(Forbidden):
        set_urgency(demo3, f"clerk.{unit}", report_id, "hoa_toc")
    with pytest.raises(Forbidden):  # the receiving district sees the report but does not write it
        set_urgency(demo3, "officer.298", report_id, "hoa_toc")
    with pytest.raises(NotFound):  # another district's commune: as if the id did not exist
        set_urgency(demo3, "officer.10816", report_id, "hoa_toc")
    with pytest.raises(InvalidInput):
        set_urgency(demo3, f"officer.{unit}", report_id, "rat_gap")
    with demo3.unit_of_work() as ctx:
        assert ctx.session.get(Obligation, report_id).urgency == "khan"


def test_a_sent_report_keeps_its_urgency(demo3, report_id) -> None:
    with demo3.unit_of_work() as ctx:
        obligation = ctx.session.get(Obligation, report_id)
        obligation.status, unit = "submitted", obligation.reporting_unit.code
    with pytest.raises(Conflict):
        set_urgency(demo3, f"officer.{unit}", report_id, "thuong")


def test_setting_the_urgency_it_already_has_records_nothing(demo3, report_id) -> None:
    with demo3.unit_of_work() as ctx:
        unit = ctx.session.get(Obligation, report_id).reporting_unit.code
    assert set_urgency(demo3, f"officer.{unit}", report_id, "khan") == "khan"
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalars(select(AuditEntry).where(AuditEntry.action == "set_urgency")).all() == []


def test_the_page_offers_the_change_exactly_to_those_the_engine_lets_make_it(demo3, report_id) -> None:
    with demo3.unit_of_work() as ctx:
        obligation = ctx.session.get(Obligation, report_id)
        unit = obligation.reporting_unit.code
        offered = {name: may_set_report_urgency(get_user(ctx.session, f"{name}.{unit}"), obligation)
                   for name in ("officer", "head", "chair", "vice_chair", "clerk")}
        assert offered == {"officer": True, "head": True, "chair": True, "vice_chair": True, "clerk": False}
        assert not may_set_report_urgency(get_user(ctx.session, "officer.298"), obligation)
        obligation.status = "submitted"
        assert not may_set_report_urgency(get_user(ctx.session, f"officer.{unit}"), obligation)


def test_the_cli_starts_an_urgent_plan_and_refuses_an_unknown_urgency(tmp_path) -> None:
    env = {"PLANFLOW_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "PLANFLOW_NOW": "2024-03-01T08:00"}
    runner = CliRunner()
    for setup in (["init"], ["demo", "--regime", "3"]):
        assert runner.invoke(main, setup, env=env).exit_code == 0
    started = runner.invoke(main, ["plan", "start", "--unit", "298", "--user", "officer.298", "--urgency",
                                   "thuong_khan", "--json"], env=env)
    assert started.exit_code == 0, started.output
    assert json.loads(started.output)["urgency"] == "thuong_khan"
    refused = runner.invoke(main, ["plan", "start", "--unit", "298", "--user", "officer.298", "--urgency", "gap"],
                            env=env)
    assert refused.exit_code == 2 and "gap" in refused.output
