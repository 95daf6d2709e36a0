"""Incidents and repairs: a failing reminder, retry after the fix, suspend and resume, move back, terminate a plan
started by mistake, a reason always."""

from __future__ import annotations

from bdd_support import ACTOR, attempt
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from engine.models import AuditEntry
from engine.models.plan import STATUS_LABELS
from engine.models.process import ACTION_LABELS
from engine.org.units import get_user
from engine.processes import repairs as incidents
from tests.engine.test_incidents import deploy_and_start, fix_and_migrate, timer_process

scenarios("su_co.feature")

PROCESS = "tiep_dan"
REPAIRS = {"thử lại": incidents.retry_instance, "tạm dừng": incidents.suspend_instance,
           "tiếp tục": incidents.resume_instance, "chấm dứt": incidents.terminate_instance}
INSTANCE = r"hồ sơ (?P<which>tiếp dân|của kế hoạch)"


def instance_of(driver, context, which: str) -> int:
    return context["instance"] if which == "tiếp dân" else driver.plan(context["plan"])["instance_id"]


def as_admin(planflow, action, *args) -> None:
    with planflow.unit_of_work() as ctx:
        action(ctx, get_user(ctx.session, "admin.30"), *args)


@given(parsers.re(r'quy trình tiếp dân có lời nhắc sau một giờ chạy tập lệnh "(?P<script>[^"]+)"'))
def broken_process(context, script):
    context["source"] = timer_process(PROCESS, script)


@given(parsers.re(rf"{ACTOR} đã bắt đầu hồ sơ tiếp dân"))
def start_reception(planflow, context, actor):
    context["instance"] = deploy_and_start(planflow, context["source"], PROCESS)


@when(parsers.re(rf'quản trị hệ thống (?P<repair>thử lại|tạm dừng|tiếp tục|chấm dứt) {INSTANCE} '
                 r'với lý do "(?P<reason>[^"]*)"'))
def repair(planflow, driver, context, repair, which, reason):
    instance_id = instance_of(driver, context, which)
    attempt(context, driver, lambda: as_admin(planflow, REPAIRS[repair], instance_id, reason))


@when(parsers.re(rf'quản trị hệ thống đưa {INSTANCE} về bước "(?P<step>[^"]+)" với lý do "(?P<reason>[^"]*)"'))
def move_back(planflow, driver, context, which, step, reason):
    as_admin(planflow, incidents.move_instance, instance_of(driver, context, which), step, reason)


@when(parsers.re(r'nhà thiết kế sửa tập lệnh thành "(?P<script>[^"]+)" và chuyển hồ sơ tiếp dân sang phiên bản mới'))
def fix(planflow, context, script):
    fix_and_migrate(planflow, timer_process(PROCESS, script), PROCESS, context["instance"])


def listed(planflow, status: str = "open") -> list[dict]:
    with planflow.unit_of_work() as ctx:
        return incidents.list_incidents(ctx, get_user(ctx.session, "admin.30"), status)


@then(parsers.re(r'danh sách sự cố có hồ sơ tiếp dân lỗi ở bước "(?P<element>[^"]+)" khi "(?P<action>[^"]+)", '
                 r'thông báo có "(?P<fragment>[^"]+)"'))
def incident_listed(planflow, context, element, action, fragment):
    [row] = [r for r in listed(planflow) if r["instance_id"] == context["instance"]]
    assert (row["element_id"], row["action_label"]) == (element, action)
    assert fragment in row["error"]


@then(parsers.re(r'lần thử lại bị từ chối với lỗi có "(?P<fragment>[^"]+)"'))
def retry_refused(context, fragment):
    assert context["error"] is not None and fragment in context["error"].message


@then(parsers.re(r"sự cố của hồ sơ tiếp dân đã xảy ra (?P<times>\d+) lần"))
def occurrences(planflow, context, times):
    assert [r["occurrences"] for r in listed(planflow) if r["instance_id"] == context["instance"]] == [int(times)]


@then("danh sách sự cố đang mở không còn hồ sơ tiếp dân")
def none_open(planflow, context):
    assert context["error"] is None, context["error"]
    assert [r for r in listed(planflow) if r["instance_id"] == context["instance"]] == []


@then(parsers.re(rf'nhật ký {INSTANCE} ghi quản trị hệ thống "(?P<label>[^"]+)" với lý do "(?P<reason>[^"]+)"'))
def audited(planflow, driver, context, which, label, reason):
    with planflow.unit_of_work() as ctx:
        entries = ctx.session.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.comment)
                                      .where(AuditEntry.instance_id == instance_of(driver, context, which))).all()
    assert ("admin.30", label, reason) in [(actor, ACTION_LABELS[action], comment) for actor, action, comment in entries
                                           if action in ACTION_LABELS]



@then(parsers.re(r'trang kế hoạch ghi trạng thái "(?P<label>[^"]+)"'))
def plan_reads(driver, context, label):
    assert context["error"] is None, context["error"]
    assert STATUS_LABELS[driver.plan(context["plan"])["status"]] == label
