"""Moving running plans to a newer version of the plan process: what moves, what stays, who may move."""

from __future__ import annotations

import re

from bdd_support import ACTOR, UNIT, UNIT_ARG, attempt, latest_plan, username
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from engine.models import Definition, ProcessInstance
from engine.org.units import get_user
from engine.processes.migration import migrate_instances, preview_migration
from tests.workflow_variants import RECHECK, deploy_variant, stored, with_recheck, without_review

scenarios("di_chuyen_phien_ban.feature")

PROCESS = "plan_lifecycle"
DESIGNER = "designer.30"
CHANGES = {f'thêm bước "{RECHECK}" của trưởng phòng sau bước thẩm định': with_recheck,
           "bỏ bước thẩm định của trưởng phòng": without_review}
UNITS = rf"(?P<units>{UNIT}(?: và {UNIT})*)"


def instance_of_unit(planflow, unit: str) -> int:
    """The plan process instance of the unit's newest plan."""
    with planflow.unit_of_work() as ctx:
        return ctx.session.scalar(select(ProcessInstance.id).where(
            ProcessInstance.plan_id == latest_plan(planflow, unit), ProcessInstance.process_id == PROCESS))


def move(planflow, user: str, units: list[str], version: int):
    instance_ids = [instance_of_unit(planflow, unit) for unit in units]
    with planflow.unit_of_work() as ctx:
        ctx.actor = get_user(ctx.session, user)
        return migrate_instances(ctx, PROCESS, version, instance_ids)


@given(parsers.re(r"người thiết kế quy trình đã triển khai phiên bản (?P<version>\d+) của quy trình kế hoạch, "
                  r"(?P<change>.+)"))
def deploy_version(planflow, tmp_path, version, change):
    assert deploy_variant(planflow, tmp_path, CHANGES[change]) == int(version)


@when(parsers.re(r"người thiết kế quy trình xem các kế hoạch có thể chuyển sang phiên bản (?P<version>\d+)"))
def look(planflow, context, version):
    with planflow.unit_of_work() as ctx:
        context["outcome"] = {c.instance_id: c for c in preview_migration(ctx, PROCESS, int(version))}


@when(parsers.re(rf"người thiết kế quy trình chuyển kế hoạch của {UNITS} sang phiên bản (?P<version>\d+)"))
def move_plans(planflow, context, units, version):
    names = re.findall(UNIT, units)
    context["before_move"] = {unit: stored(planflow, instance_of_unit(planflow, unit)) for unit in names}
    result = move(planflow, DESIGNER, names, int(version))
    context["outcome"] = {c.instance_id: c for c in result.refused}
    context["moved"] = result.moved


@when(parsers.re(rf"{ACTOR} chuyển kế hoạch của {UNIT_ARG} sang phiên bản (?P<version>\d+)"))
def move_as(planflow, driver, context, actor, unit, version):
    attempt(context, driver, lambda: move(planflow, username(planflow, actor), [unit], int(version)))


@when(parsers.re(rf"{ACTOR} thẩm định lại dự thảo"))
def recheck(planflow, driver, context, actor):
    driver.act(username(planflow, actor), RECHECK, {}, context["plan"])


@then(parsers.re(rf'kế hoạch của {UNIT_ARG} có thể chuyển, đang chờ "(?P<task>[^"]+)"'))
def can_move(planflow, context, unit, task):
    candidate = context["outcome"][instance_of_unit(planflow, unit)]
    assert (candidate.movable, candidate.current) == (True, (task,)), candidate


@then(parsers.re(rf'kế hoạch của {UNIT_ARG} không chuyển được vì "(?P<reason>[^"]+)"'))
def cannot_move(planflow, context, unit, reason):
    candidate = context["outcome"][instance_of_unit(planflow, unit)]
    assert (candidate.movable, candidate.reason) == (False, reason), candidate


@then(parsers.re(rf"kế hoạch của {UNIT_ARG} chạy theo phiên bản (?P<version>\d+) của quy trình"))
def runs_on(planflow, unit, version):
    with planflow.unit_of_work() as ctx:
        used = ctx.session.scalar(select(Definition.version).join(
            ProcessInstance, ProcessInstance.definition_id == Definition.id)
            .where(ProcessInstance.id == instance_of_unit(planflow, unit)))
    assert used == int(version)


@then(parsers.re(rf"kế hoạch của {UNIT_ARG} vẫn chạy theo phiên bản (?P<version>\d+) như trước khi chuyển"))
def unchanged(planflow, context, unit, version):
    runs_on(planflow, unit, version)
    assert stored(planflow, instance_of_unit(planflow, unit)) == context["before_move"][unit]


@then(parsers.re(rf"lịch sử kế hoạch của {UNIT_ARG} ghi người thiết kế quy trình đã chuyển "
                 r"từ phiên bản (?P<old>\d+) sang phiên bản (?P<new>\d+)"))
def history_records_move(driver, planflow, unit, old, new):
    moves = [(a["actor"], a["details"]) for a in driver.plan(latest_plan(planflow, unit))["audit"]
             if a["action"] == "migrate"]
    assert moves == [(DESIGNER, {"from_version": int(old), "to_version": int(new)})]
