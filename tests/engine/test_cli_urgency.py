"""`planflow report urgency`: a report's unit marks it more or less urgent before sending it, each call a
separate process over one SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.clock import Clock
from engine.core import Planflow
from engine.models import AuditEntry, Obligation, Unit
from engine.org.demo import load_demo
from tests.support import Driver

OPEN_SINCE = datetime(2024, 5, 16, 9)


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[dict, Planflow, int]]:
    """The CLI's environment, the database it uses, and Xã Ngọc Kỳ's six-month report, open since mid-May."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    clock = Clock(datetime(2024, 1, 3, 8))
    planflow = Planflow(url, clock)
    planflow.init()
    with planflow.unit_of_work() as ctx:
        load_demo(ctx.session, 3)
    driver = Driver(planflow)
    driver.issue(driver.start_plan("298", "officer.298"), "298")
    clock.fixed = OPEN_SINCE
    driver.run_due()
    with planflow.unit_of_work() as ctx:
        report_id = ctx.session.scalar(select(Obligation.id).join(Unit, Obligation.reporting_unit_id == Unit.id)
                                       .where(Unit.code == "11089", Obligation.instance_id.is_not(None)))
    yield {**os.environ, "PLANFLOW_DATABASE_URL": url, "PLANFLOW_NOW": OPEN_SINCE.isoformat()}, planflow, report_id
    planflow.db.dispose()


def planflow_cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.commands", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def urgency_of(planflow: Planflow, report_id: int) -> str:
    with planflow.unit_of_work() as ctx:
        return ctx.session.get(Obligation, report_id).urgency


def test_the_reporting_officer_makes_the_report_urgent_and_it_comes_first_in_the_inbox(setup) -> None:
    env, planflow, report_id = setup
    Driver(planflow).start_plan("11089", "officer.11089", date(2024, 5, 20))  # due before the report
    first = json.loads(planflow_cli(env, "tasks", "--user", "officer.11089", "--json").stdout)[0]
    assert first["name"] == "Soạn thảo dự thảo kế hoạch"
    changed = planflow_cli(env, "report", "urgency", str(report_id), "--user", "officer.11089", "--urgency", "khan",
                           "--json")
    assert changed.returncode == 0, changed.stderr
    assert {k: json.loads(changed.stdout)[k] for k in ("id", "unit", "urgency")} == {
        "id": report_id, "unit": "11089", "urgency": "khan"}
    first = json.loads(planflow_cli(env, "tasks", "--user", "officer.11089", "--json").stdout)[0]
    assert (first["name"], first["urgency"]) == ("Soạn báo cáo", "khan")
    with planflow.unit_of_work() as ctx:
        entry = ctx.session.scalars(select(AuditEntry).where(AuditEntry.action == "set_urgency")).one()
        assert (entry.actor, entry.details) == ("officer.11089", {"obligation_id": report_id, "from": "thuong",
                                                                  "to": "khan"})


def test_the_text_output_names_the_new_urgency(setup) -> None:
    env, planflow, report_id = setup
    changed = planflow_cli(env, "report", "urgency", str(report_id), "--user", "chair.11089", "--urgency", "hoa_toc")
    assert changed.returncode == 0 and changed.stdout.strip() == f"Báo cáo #{report_id}: độ khẩn hỏa tốc."


@pytest.mark.parametrize("user, urgency, reason", [
    ("officer.10816", "khan", "Lỗi: Không có báo cáo #{id} trong phạm vi của bạn."),
    ("clerk.11089", "khan", "Lỗi: Bạn không có vai trò soạn thảo hay ký báo cáo của UBND xã Ngọc Kỳ."),
    ("officer.11089", "gap", "Lỗi: Độ khẩn 'gap' không tồn tại (chọn: thuong (thường), khan (khẩn), "
                             "thuong_khan (thượng khẩn), hoa_toc (hỏa tốc))."),
    ("nobody", "khan", "Lỗi: Không có người dùng 'nobody'"),
])
def test_a_refused_change_exits_non_zero_with_its_reason_and_changes_nothing(setup, user, urgency, reason) -> None:
    env, planflow, report_id = setup
    refused = planflow_cli(env, "report", "urgency", str(report_id), "--user", user, "--urgency", urgency)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith(reason.format(id=report_id)) and refused.stderr.count("\n") == 1
    assert urgency_of(planflow, report_id) == "thuong"


def test_a_sent_report_keeps_its_urgency(setup) -> None:
    env, planflow, report_id = setup
    Driver(planflow).send_report("11089")
    refused = planflow_cli(env, "report", "urgency", str(report_id), "--user", "officer.11089", "--urgency", "khan")
    assert refused.returncode == 1
    assert refused.stderr == "Lỗi: Báo cáo đã gửi hoặc đã đóng; không đổi được độ khẩn.\n"
    assert urgency_of(planflow, report_id) == "thuong"
