"""A unit of work acts for one person, named once at its start; guards check it and never change it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from cli.commands import main
from engine.errors import Forbidden, NotFound
from engine.models import AuditEntry, HumanTask
from engine.org.units import get_user
from engine.work.claims import claim_task
from engine.work.drafts import save_draft

DRAFT = "Soạn thảo dự thảo kế hoạch"


def test_a_unit_of_work_started_for_a_user_audits_what_it_does_as_that_user(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT, plan_id)["id"]

    with demo3.unit_of_work(actor="officer.298") as ctx:
        assert ctx.actor is not None and ctx.actor.username == "officer.298"
        claim_task(ctx, ctx.actor, task_id)

    with demo3.unit_of_work() as ctx:
        claims = ctx.session.scalars(select(AuditEntry).where(AuditEntry.action == "claim")).all()
        assert [(entry.actor, entry.details["to"]) for entry in claims] == [("officer.298", "officer.298")]


def test_acting_for_someone_else_inside_a_unit_of_work_is_refused_and_nothing_is_kept(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT, plan_id)["id"]

    with pytest.raises(Forbidden, match="đang thực hiện cho officer.298"), \
            demo3.unit_of_work(actor="officer.298") as ctx:
        claim_task(ctx, get_user(ctx.session, "head.298"), task_id)

    with demo3.unit_of_work() as ctx:
        assert ctx.session.get(HumanTask, task_id).claimed_by is None
        assert ctx.session.scalars(select(AuditEntry).where(AuditEntry.action == "claim")).all() == []


def test_a_refused_guard_leaves_the_unit_of_work_acting_for_whoever_it_named(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT, plan_id)["id"]

    with demo3.unit_of_work(actor="officer.11089") as ctx:
        with pytest.raises(NotFound):  # another unit's task is not one this officer may see
            save_draft(ctx, ctx.actor, task_id, {"title": "Kế hoạch"})
        assert ctx.actor.username == "officer.11089"


def test_the_command_line_completes_a_task_through_the_same_scope_check_as_the_web(tmp_path) -> None:
    env = {"PLANFLOW_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "PLANFLOW_NOW": "2024-03-01T08:00"}
    runner = CliRunner()
    for setup in (["init"], ["demo", "--regime", "3"], ["plan", "start", "--unit", "298", "--user", "officer.298"]):
        assert runner.invoke(main, setup, env=env).exit_code == 0
    [task] = json.loads(runner.invoke(main, ["tasks", "--user", "officer.298", "--json"], env=env).stdout)

    refused = runner.invoke(main, ["complete", task["id"], "--user", "officer.11089", "--data", "{}"], env=env)

    # Another unit's task is 'not found', as on the task page and in the API; it stays open, as it was.
    assert refused.exit_code == 1
    assert refused.stderr == f"Lỗi: Không có nhiệm vụ '{task['id']}' đang chờ bạn xử lý.\n"
    still = json.loads(runner.invoke(main, ["tasks", "--user", "officer.298", "--json"], env=env).stdout)
    assert [t["id"] for t in still] == [task["id"]]
