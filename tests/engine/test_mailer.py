"""E-mail copies of new tasks and notices, sent through a real SMTP server on the loopback address."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from engine.errors import Forbidden, InvalidInput
from engine.models import MailMessage
from engine.notify.outbox import set_mail_preferences
from engine.notify.sender import MAX_ATTEMPTS, MailSettings, send_queued
from engine.org.delegation import create_delegation
from engine.org.units import get_user
from engine.plans.lifecycle import start_plan
from tests.engine.test_reporting import CHECK, COMMUNES, DISTRICT, build_cascade
from tests.support import APPROVE

DRAFT_PLAN = "Soạn thảo dự thảo kế hoạch"
REVIEW, SIGN = "Thẩm định dự thảo kế hoạch", "Phê duyệt, ký kế hoạch"


class Inbox:
    """An aiosmtpd handler keeping what it accepts; recipients in `refused` get a 550."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 Hộp thư không tồn tại"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.received if m["To"] == address]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def settings(port) -> MailSettings:
    return MailSettings(host="127.0.0.1", port=port, sender="planflow@haiduong.gov.vn", rate=500)


@pytest.fixture
def smtp(port) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def base_url(monkeypatch) -> None:
    monkeypatch.setenv("PLANFLOW_BASE_URL", "https://planflow.haiduong.gov.vn/")


def outcome(sent: int = 0, retrying: int = 0, failed: int = 0, uncertain: int = 0) -> dict[str, int]:
    """What a sending run reports."""
    return {"sent": sent, "retrying": retrying, "failed": failed, "uncertain": uncertain}


def opt_in(planflow, username: str, address: str, wanted: bool = True) -> None:
    with planflow.unit_of_work() as ctx:
        user = get_user(ctx.session, username)
        set_mail_preferences(ctx, user, user, address, wanted)


def queue(planflow) -> list[MailMessage]:
    with planflow.unit_of_work() as ctx:
        return list(ctx.session.scalars(select(MailMessage).order_by(MailMessage.id)))


def test_a_new_task_is_mailed_only_to_role_holders_who_opted_in(demo3, driver, settings, smtp):
    opt_in(demo3, "officer.298", "can.bo@tuky.gov.vn")
    opt_in(demo3, "head.298", "truong.phong@tuky.gov.vn", wanted=False)
    opt_in(demo3, "officer.294", "can.bo@thanhha.gov.vn")  # another district: not offered the task
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT_PLAN, plan_id)["id"]
    assert send_queued(demo3, settings) == outcome(sent=1)
    [mail] = smtp.received
    with demo3.unit_of_work() as ctx:
        officer = get_user(ctx.session, "officer.298").full_name
    assert mail["To"] == "can.bo@tuky.gov.vn"
    assert mail["From"] == "planflow <planflow@haiduong.gov.vn>"
    assert mail["Subject"] == f"[planflow] Nhiệm vụ mới: {DRAFT_PLAN}"
    assert mail.get_content_type() == "text/plain" and mail.get_content_charset() == "utf-8"
    body = mail.get_content()
    assert body.startswith(f"Kính gửi {officer},")
    assert f"«{DRAFT_PLAN}» (kế hoạch #{plan_id})" in body
    assert f"https://planflow.haiduong.gov.vn/tasks/{task_id}" in body
    assert send_queued(demo3, settings) == outcome()  # sent once


def test_reminders_and_overdue_notices_are_mailed_with_a_link_to_the_plan(demo3, driver, clock, settings, smtp):
    opt_in(demo3, "officer.298", "can.bo@tuky.gov.vn")
    opt_in(demo3, "chair.298", "chu.tich@tuky.gov.vn")
    clock.fixed = datetime(2024, 3, 1, 9)
    province_plan = driver.start_plan("30", "officer.30")
    driver.issue(province_plan, "30", subplan_due="2024-04-15")
    district_plan = next(c["id"] for c in driver.plan(province_plan)["children"] if c["unit"] == "298")
    clock.fixed = datetime(2024, 4, 20, 9)
    driver.run_due()
    send_queued(demo3, settings)
    subjects = {address: [m["Subject"] for m in smtp.to(address)]
                for address in ("can.bo@tuky.gov.vn", "chu.tich@tuky.gov.vn")}
    assert "[planflow] Nhắc hạn: UBND huyện Tứ Kỳ cần ban hành kế hoạch trước ngày 15/04/2024." in \
        subjects["can.bo@tuky.gov.vn"]
    assert subjects["chu.tich@tuky.gov.vn"] == [
        "[planflow] Quá hạn: UBND huyện Tứ Kỳ chưa ban hành kế hoạch, hạn là trước ngày 15/04/2024."]
    [overdue] = smtp.to("chu.tich@tuky.gov.vn")
    assert f"https://planflow.haiduong.gov.vn/plans/{district_plan}" in overdue.get_content()


def test_a_returned_report_is_mailed_with_the_reason_and_a_link_to_the_report(demo3, driver, clock, settings, smtp):
    build_cascade(driver, clock)
    opt_in(demo3, f"officer.{COMMUNES[0]}", "van.phong@xa.gov.vn")
    clock.fixed = datetime(2024, 5, 6, 9)
    driver.run_due()
    driver.send_report(COMMUNES[0], {"dialogues_held": 1})
    driver.act(f"officer.{DISTRICT}", CHECK, {"verdict": "return", "comment": "Bổ sung số cuộc đối thoại"})
    send_queued(demo3, settings)
    returned = [m for m in smtp.to("van.phong@xa.gov.vn") if "trả lại" in m["Subject"]]
    assert [m["Subject"] for m in returned] == [
        "[planflow] Báo cáo sơ kết 6 tháng bị UBND huyện Tứ Kỳ trả lại: Bổ sung số cuộc đối thoại"]
    assert "https://planflow.haiduong.gov.vn/reports/" in returned[0].get_content()


def lend(planflow, delegator: str, delegate: str, role: str) -> None:
    """The delegator is away from 5 to 10 March 2024, both days included."""
    with planflow.unit_of_work() as ctx:
        user = lambda name: get_user(ctx.session, name)  # noqa: E731 - two look-ups in one call
        create_delegation(ctx, user(delegator), user(delegator), user(delegate), role, date(2024, 3, 5),
                          date(2024, 3, 10), "Nghỉ phép")


@pytest.mark.parametrize(("day", "lent"), [(date(2024, 3, 5), True), (date(2024, 3, 10), True),
                                           (date(2024, 3, 11), False)])
def test_a_review_task_is_mailed_to_the_officer_reviewing_for_the_head_inside_the_window(
        demo3, driver, clock, settings, smtp, day, lent):
    lend(demo3, "head.298", "officer.298", "head")
    opt_in(demo3, "officer.298", "can.bo@tuky.gov.vn")
    opt_in(demo3, "head.298", "truong.phong@tuky.gov.vn")
    clock.fixed = datetime.combine(day, datetime.min.time()).replace(hour=9)
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT_PLAN, {"title": "Kế hoạch năm 2024"}, plan_id)

    send_queued(demo3, settings)

    review = f"[planflow] Nhiệm vụ mới: {REVIEW}"
    assert [m["Subject"] for m in smtp.to("truong.phong@tuky.gov.vn")] == [review]  # the head still hears of it
    assert (review in [m["Subject"] for m in smtp.to("can.bo@tuky.gov.vn")]) == lent


def test_a_vice_chair_holding_the_signing_lane_and_the_chairs_delegation_is_mailed_once(demo3, driver, clock,
                                                                                          settings, smtp):
    lend(demo3, "chair.298", "vice_chair.298", "chair")
    opt_in(demo3, "vice_chair.298", "pho.chu.tich@tuky.gov.vn")
    clock.fixed = datetime(2024, 3, 5, 9)
    plan_id, _ = driver.drafted_plan("Kế hoạch năm 2024", "Tóm tắt")
    driver.act("head.298", REVIEW, APPROVE, plan_id)

    send_queued(demo3, settings)

    assert [m["Subject"] for m in smtp.to("pho.chu.tich@tuky.gov.vn")] == [f"[planflow] Nhiệm vụ mới: {SIGN}"]


def test_a_refused_step_queues_no_mail(demo3, driver, clock):
    opt_in(demo3, "officer.298", "can.bo@tuky.gov.vn")
    with pytest.raises(RuntimeError), demo3.unit_of_work() as ctx:
        start_plan(ctx, "298", get_user(ctx.session, "officer.298"), None)
        raise RuntimeError("the request failed after the step")
    assert queue(demo3) == []


def test_while_the_server_is_down_the_workflow_goes_on_and_mail_is_retried_later(demo3, driver, clock, settings,
                                                                                 port):
    opt_in(demo3, "officer.298", "can.bo@tuky.gov.vn")
    plan_id = driver.start_plan("298", "officer.298")
    assert send_queued(demo3, settings) == outcome(retrying=1)
    [mail] = queue(demo3)
    assert (mail.status, mail.attempts, mail.next_attempt_at) == ("queued", 1, clock.now() + timedelta(minutes=5))
    assert "ConnectionRefusedError" in mail.last_error
    driver.act("officer.298", DRAFT_PLAN, {"title": "Kế hoạch năm 2024"}, plan_id)  # the workflow is not held up
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert send_queued(demo3, settings) == outcome()  # not due again yet
        clock.fixed = clock.now() + timedelta(minutes=5)
        assert send_queued(demo3, settings) == outcome(sent=1)
    finally:
        controller.stop()
    assert [m["Subject"] for m in inbox.received] == [f"[planflow] Nhiệm vụ mới: {DRAFT_PLAN}"]
    assert [(m.status, m.attempts, m.last_error) for m in queue(demo3)] == [("sent", 2, None)]


def test_a_refused_recipient_is_retried_then_marked_failed_while_others_are_delivered(demo3, driver, clock,
                                                                                    settings, smtp):
    opt_in(demo3, "officer.298", "nham@tuky.gov.vn")
    opt_in(demo3, "officer.294", "can.bo@thanhha.gov.vn")
    smtp.refused.add("nham@tuky.gov.vn")
    driver.start_plan("298", "officer.298")
    driver.start_plan("294", "officer.294")
    assert send_queued(demo3, settings) == outcome(sent=1, retrying=1)
    for _ in range(2, MAX_ATTEMPTS + 1):
        clock.fixed = clock.now() + timedelta(days=1)
        last = send_queued(demo3, settings)
    assert last == outcome(failed=1)
    failed = next(m for m in queue(demo3) if m.to_address == "nham@tuky.gov.vn")
    assert (failed.status, failed.attempts) == ("failed", MAX_ATTEMPTS)
    assert failed.last_error.startswith("Người nhận bị từ chối (550)")
    clock.fixed = clock.now() + timedelta(days=30)
    assert send_queued(demo3, settings) == outcome()  # given up for good
    assert [m["To"] for m in smtp.received] == ["can.bo@thanhha.gov.vn"]


@pytest.mark.parametrize(("address", "wanted", "problem"), [
    ("không phải thư", True, "không phải địa chỉ thư điện tử hợp lệ"),
    ("cán.bộ@tuky.gov.vn", False, "chữ không dấu"),  # the mail could never leave: few servers speak SMTPUTF8
    ("", True, "Cần nhập địa chỉ thư điện tử"),
])
def test_an_address_is_checked_and_a_refusal_changes_nothing(demo3, address, wanted, problem):
    opt_in(demo3, "officer.298", "can.bo@tuky.gov.vn", wanted=False)
    with pytest.raises(InvalidInput, match=problem):
        opt_in(demo3, "officer.298", address, wanted)
    with demo3.unit_of_work() as ctx:
        user = get_user(ctx.session, "officer.298")
        assert (user.email, user.email_opt_in) == ("can.bo@tuky.gov.vn", False)


def test_sending_without_a_configured_server_is_refused_with_the_setting_to_set(demo3):
    with pytest.raises(InvalidInput, match="PLANFLOW_SMTP_HOST"):
        send_queued(demo3, MailSettings.from_env({}))


def test_settings_come_from_the_environment():
    settings = MailSettings.from_env({"PLANFLOW_SMTP_HOST": "smtp.gov.vn", "PLANFLOW_SMTP_PORT": "587",
                                      "PLANFLOW_SMTP_STARTTLS": "true", "PLANFLOW_SMTP_USER": "planflow",
                                      "PLANFLOW_SMTP_PASSWORD": "bí mật", "PLANFLOW_SMTP_FROM": "noreply@gov.vn"})
    assert settings == MailSettings("smtp.gov.vn", 587, "planflow", "bí mật", True, "noreply@gov.vn")
    with pytest.raises(InvalidInput, match="PLANFLOW_SMTP_PORT 'abc'"):
        MailSettings.from_env({"PLANFLOW_SMTP_PORT": "abc"})


def test_only_an_administrator_sets_another_users_address(demo3):
    with pytest.raises(Forbidden), demo3.unit_of_work() as ctx:
        set_mail_preferences(ctx, get_user(ctx.session, "head.298"), get_user(ctx.session, "officer.298"),
                             "khac@tuky.gov.vn", True)
    with demo3.unit_of_work() as ctx:
        set_mail_preferences(ctx, get_user(ctx.session, "admin.30"), get_user(ctx.session, "officer.298"),
                             "can.bo@tuky.gov.vn", True)
    with demo3.unit_of_work() as ctx:
        assert get_user(ctx.session, "officer.298").email == "can.bo@tuky.gov.vn"


def test_run_due_sends_the_queue_after_its_own_work_and_mail_status_counts_it(demo3, driver, port, smtp):
    opt_in(demo3, "officer.298", "can.bo@tuky.gov.vn")
    driver.start_plan("298", "officer.298")
    # Each call its own process, as in use (an in-process call would leave its database connections open).
    env = {"PLANFLOW_DATABASE_URL": demo3.db.url.render_as_string(hide_password=False)}
    without_server = planflow_cli(env, "mail", "send")
    assert (without_server.returncode, without_server.stderr) == (
        1, "Lỗi: Chưa cấu hình máy chủ thư: đặt PLANFLOW_SMTP_HOST.\n")
    env |= {"PLANFLOW_SMTP_HOST": "127.0.0.1", "PLANFLOW_SMTP_PORT": str(port)}
    done = json.loads(planflow_cli(env, "run-due", "--now", "2024-03-01T09:00", "--json").stdout)
    assert done["mail"] == outcome(sent=1)
    assert [m["To"] for m in smtp.received] == ["can.bo@tuky.gov.vn"]
    assert json.loads(planflow_cli(env, "mail", "status", "--json").stdout) == {
        "queued": 0, "sending": 0, "sent": 1, "failed": 0, "uncertain": 0}


def planflow_cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.commands", *args], env={**os.environ, **env},
                          capture_output=True, text=True, check=False)
