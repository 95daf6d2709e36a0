"""The scheduler's page: administrators see whether a worker runs, what is due and late; others are refused."""

from __future__ import annotations

from datetime import timedelta

from engine.models import Worker
from engine.scheduler.worker import wall_now


def test_the_administrator_sees_a_silent_worker_and_the_due_work(demo3, login_as) -> None:
    long_ago = wall_now() - timedelta(minutes=30)
    with demo3.unit_of_work() as ctx:
        ctx.session.add(Worker(host="app-1", pid=77, status="running", poll_seconds=10, started_at=long_ago,
                               last_tick_at=long_ago, ticks=12, last_error="OperationalError: connection refused"))
    page = login_as("admin.30").get("/admin/worker").get_data(as_text=True)
    assert 'data-state="silent"' in page and "Mất nhịp" in page
    assert "app-1 · pid 77" in page and "connection refused" in page
    assert 'data-key="timers_due">0<' in page and "Kỳ báo cáo chờ mở" in page


def test_with_no_worker_the_page_says_the_work_is_waiting(demo3, login_as) -> None:
    page = login_as("admin.30").get("/admin/worker").get_data(as_text=True)
    assert 'data-state="stopped"' in page and "nhắc hạn, mở kỳ báo cáo và thư đều đang chờ" in page


def test_only_administrators_see_the_scheduler(demo3, login_as) -> None:
    assert login_as("chair.30").get("/admin/worker").status_code == 403
