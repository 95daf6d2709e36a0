"""Claiming group work: one officer takes a task, the others see who holds it; the head releases or reassigns."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from cli.commands import main
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound
from engine.models import AuditEntry, MailMessage, RoleAssignment, User
from engine.notify.notices import notice_page
from engine.org.units import get_user
from engine.work.claims import assign_task, claim_task, release_task, team_tasks
from tests.engine.test_delegation import delegate
from tests.support import APPROVE

DRAFT = "Soạn thảo dự thảo kế hoạch"
REVIEW = "Thẩm định dự thảo kế hoạch"


def add_colleague(planflow, username: str, like: str, full_name: str = "Trần Thị Hoa") -> None:
    """A second user holding the same role at the same unit as `like` (and the same password)."""
    with planflow.unit_of_work() as ctx:
        like_user = get_user(ctx.session, like)
        model = like_user.roles[0]
        user = User(username=username, full_name=full_name, password_hash=like_user.password_hash)
        ctx.session.add(user)
        ctx.session.flush()
        ctx.session.add(RoleAssignment(user_id=user.id, unit_id=model.unit_id, role=model.role))


def act_on(planflow, action, username: str, task_id: str, *args) -> None:
    with planflow.unit_of_work() as ctx:
        action(ctx, get_user(ctx.session, username), task_id, *args)


@pytest.fixture
def draft_task(demo3, driver) -> str:
    """A plan at Tứ Kỳ whose draft is offered to its two officers."""
    add_colleague(demo3, "officer2.298", like="officer.298")
    plan_id = driver.start_plan("298", "officer.298")
    return driver.task("officer.298", DRAFT, plan_id)["id"]


def audit(planflow, action: str) -> list[AuditEntry]:
    with planflow.unit_of_work() as ctx:
        return list(ctx.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_claimed_task_shows_its_holder_to_every_colleague(demo3, driver, draft_task) -> None:
    act_on(demo3, claim_task, "officer2.298", draft_task)

    seen = [t for t in driver.tasks("officer.298") if t["id"] == draft_task][0]
    assert (seen["claimed_by"], seen["claimed_by_name"]) == ("officer2.298", "Trần Thị Hoa")
    assert [(e.actor, e.details["to"]) for e in audit(demo3, "claim")] == [("officer2.298", "officer2.298")]


def test_only_the_holder_completes_a_claimed_task_and_the_refusal_names_them(demo3, driver, draft_task) -> None:
    act_on(demo3, claim_task, "officer2.298", draft_task)

    with pytest.raises(Conflict, match="đang do Trần Thị Hoa \\(officer2.298\\) xử lý"):
        driver.complete("officer.298", draft_task, {"title": "Kế hoạch"})
    driver.complete("officer2.298", draft_task, {"title": "Kế hoạch"})
    assert driver.task("head.298", REVIEW)["claimed_by"] is None  # the next step is offered to the group again


def test_the_second_of_two_claims_is_refused_naming_the_first(demo3, draft_task) -> None:
    act_on(demo3, claim_task, "officer.298", draft_task)

    with pytest.raises(Conflict, match="đã do .* \\(officer.298\\) nhận xử lý trước bạn"):
        act_on(demo3, claim_task, "officer2.298", draft_task)
    act_on(demo3, claim_task, "officer.298", draft_task)  # claiming one's own task again changes nothing
    assert len(audit(demo3, "claim")) == 1


def test_an_unclaimed_task_is_still_completed_by_anyone_eligible(demo3, driver, draft_task) -> None:
    driver.complete("officer2.298", draft_task, {"title": "Kế hoạch"})

    assert driver.task("head.298", REVIEW)


def test_the_holder_releases_and_a_colleague_may_then_claim(demo3, driver, draft_task) -> None:
    act_on(demo3, claim_task, "officer.298", draft_task)
    with pytest.raises(Forbidden, match="Chỉ .* hoặc lãnh đạo đơn vị"):
        act_on(demo3, release_task, "officer2.298", draft_task)

    act_on(demo3, release_task, "officer.298", draft_task)
    act_on(demo3, claim_task, "officer2.298", draft_task)

    assert driver.task("officer.298", DRAFT)["claimed_by"] == "officer2.298"
    assert [e.details["from"] for e in audit(demo3, "release")] == ["officer.298"]


def test_the_head_releases_or_reassigns_to_another_eligible_user(demo3, driver, draft_task) -> None:
    act_on(demo3, claim_task, "officer.298", draft_task)

    act_on(demo3, assign_task, "head.298", draft_task, "officer2.298")
    assert driver.task("officer.298", DRAFT)["claimed_by"] == "officer2.298"
    act_on(demo3, release_task, "chair.298", draft_task)  # the chair manages the committee's work too
    assert driver.task("officer.298", DRAFT)["claimed_by"] is None
    assert [(e.actor, e.details["from"], e.details["to"]) for e in audit(demo3, "assign")] == [
        ("head.298", "officer.298", "officer2.298")]


def test_a_task_is_not_assigned_to_someone_who_may_not_act_on_it(demo3, driver, draft_task) -> None:
    with pytest.raises(InvalidInput, match="không có vai trò để xử lý nhiệm vụ"):
        act_on(demo3, assign_task, "head.298", draft_task, "clerk.298")
    with pytest.raises(Forbidden, match="Chỉ Trưởng phòng hoặc Chủ tịch"):
        act_on(demo3, assign_task, "officer.298", draft_task, "officer2.298")
    assert driver.task("officer.298", DRAFT)["claimed_by"] is None


def notices_and_mail(planflow, username: str) -> tuple[list[str], list[MailMessage]]:
    with planflow.unit_of_work() as ctx:
        user = get_user(ctx.session, username)
        mails = list(ctx.session.scalars(select(MailMessage).where(MailMessage.user_id == user.id)))
        return [n["text"] for n in notice_page(ctx.session, user)["items"]], mails


def assigned_text(planflow, task: str, plan_id: int, by: str) -> str:
    with planflow.unit_of_work() as ctx:
        name = get_user(ctx.session, by).full_name
    return f"Bạn được giao nhiệm vụ «{task}» (kế hoạch #{plan_id}), hạn trước ngày 31/03/2024; người giao: {name}."


def test_the_assignee_gets_a_notice_and_its_mail_with_the_link_to_the_task(demo3, driver, draft_task) -> None:
    with demo3.unit_of_work() as ctx:
        officer = get_user(ctx.session, "officer2.298")
        officer.email, officer.email_opt_in = "hoa@tuky.gov.vn", True
    plan_id = driver.task("officer.298", DRAFT)["plan_id"]

    act_on(demo3, assign_task, "head.298", draft_task, "officer2.298")
    act_on(demo3, assign_task, "head.298", draft_task, "officer2.298")  # already theirs: nothing new to tell

    texts, [mail] = notices_and_mail(demo3, "officer2.298")
    assert texts == [assigned_text(demo3, DRAFT, plan_id, by="head.298")]
    assert (mail.kind, mail.to_address, mail.subject) == ("assigned", "hoa@tuky.gov.vn", f"[planflow] {texts[0]}")
    assert f"/tasks/{draft_task}\n" in mail.body


def test_assigning_a_task_to_oneself_tells_nobody(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch"}, plan_id)

    act_on(demo3, assign_task, "head.298", driver.task("head.298", REVIEW)["id"], "head.298")

    assert notices_and_mail(demo3, "head.298") == ([], [])


@pytest.mark.parametrize(("day", "lent"), [(date(2024, 3, 10), True), (date(2024, 3, 11), False)])
def test_the_assign_list_offers_a_delegate_in_force_marked_with_the_last_day(demo3, driver, clock, day,
                                                                             lent) -> None:
    delegate(demo3, "head.298", "head.298", "officer.298", "head")
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch"}, plan_id)
    clock.fixed = datetime.combine(day, datetime.min.time()).replace(hour=9)

    with demo3.unit_of_work() as ctx:
        [review] = [t for t in team_tasks(ctx, get_user(ctx.session, "chair.298")) if t["name"] == REVIEW]

    offered = [(p["username"], p["delegated_until"]) for p in review["candidates"]]
    assert offered == [("head.298", None), ("officer.298", date(2024, 3, 10))] if lent else [("head.298", None)]
    if lent:
        act_on(demo3, assign_task, "chair.298", review["id"], "officer.298")
        assert notices_and_mail(demo3, "officer.298")[0] == [assigned_text(demo3, REVIEW, plan_id, by="chair.298")]


def test_a_delegate_who_holds_a_role_of_the_task_is_listed_once_in_their_own_right(demo3, driver) -> None:
    delegate(demo3, "chair.298", "chair.298", "vice_chair.298", "chair", date(2024, 3, 1), date(2024, 3, 3))
    plan_id, _ = driver.drafted_plan("Kế hoạch", "Tóm tắt")
    driver.act("head.298", REVIEW, APPROVE, plan_id)

    with demo3.unit_of_work() as ctx:
        [sign] = team_tasks(ctx, get_user(ctx.session, "head.298"))

    assert [(p["username"], p["delegated_until"]) for p in sign["candidates"]] == [
        ("chair.298", None), ("vice_chair.298", None)]


def test_a_task_of_another_unit_is_not_found(demo3, draft_task) -> None:
    with pytest.raises(NotFound, match="đang chờ bạn xử lý"):
        act_on(demo3, claim_task, "officer.294", draft_task)
    with pytest.raises(NotFound):
        act_on(demo3, assign_task, "head.294", draft_task, "officer.294")


def test_a_claim_ends_when_the_task_is_returned_and_comes_back(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch"}, plan_id)
    review = driver.task("head.298", REVIEW, plan_id)["id"]
    act_on(demo3, claim_task, "head.298", review)
    driver.complete("head.298", review, {"decision": "return", "comment": "Bổ sung"})
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch"}, plan_id)

    again = driver.task("head.298", REVIEW, plan_id)
    assert (again["id"] != review, again["claimed_by"]) == (True, None)
    with pytest.raises(Conflict, match="đã được head.298 hoàn thành"):
        act_on(demo3, claim_task, "head.298", review)
    driver.complete("head.298", again["id"], APPROVE)


def test_the_cli_claims_assigns_and_delegates(tmp_path) -> None:
    env = {"PLANFLOW_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "PLANFLOW_NOW": "2024-03-01T08:00"}
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(main, [*args, "--json"], env=env)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    for setup in (["init"], ["demo", "--regime", "3"], ["plan", "start", "--unit", "298", "--user", "officer.298"]):
        run(*setup)
    [task] = run("tasks", "--user", "officer.298")
    assert run("task", "claim", task["id"], "--user", "officer.298")["claimed_by"] == "officer.298"
    refused = runner.invoke(main, ["task", "release", task["id"], "--user", "officer.294"], env=env)
    assert refused.exit_code == 1 and "đang chờ bạn xử lý" in refused.stderr
    assert run("task", "assign", task["id"], "--user", "chair.298", "--to", "officer.298")["claimed_by"] == \
        "officer.298"
    assert run("task", "release", task["id"], "--user", "officer.298")["claimed_by"] is None

    [made] = run("delegate", "--user", "chair.298", "--to", "vice_chair.298", "--role", "chair", "--from",
                 "2024-03-01", "--until", "2024-03-02")
    assert (made["delegate"], made["state"]) == ("vice_chair.298", "in_force")
    [cancelled] = run("delegate", "--user", "chair.298", "--cancel", str(made["id"]))
    assert cancelled["state"] == "cancelled"
    bad = runner.invoke(main, ["delegate", "--user", "chair.298", "--to", "vice_chair.298", "--role", "chair",
                               "--from", "mai", "--until", "2024-03-02"], env=env)
    assert bad.exit_code == 1 and "Ngày 'mai' không hợp lệ" in bad.stderr
