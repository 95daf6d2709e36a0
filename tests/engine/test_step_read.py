"""A step reads its task, instance, unit and plan in one statement (issue 16): what users see is as before."""

from __future__ import annotations

import pytest

from engine.core import Planflow
from engine.errors import NotFound
from engine.org.units import get_user
from engine.plans.detail import plan_detail
from engine.work.drafts import submit_task
from tests.support import Driver

DRAFT = "Soạn thảo dự thảo kế hoạch"
REVIEW = "Thẩm định dự thảo kế hoạch"
RETURN = {"decision": "return", "comment": "Bổ sung chỉ tiêu."}


def test_a_process_that_kept_nothing_in_memory_takes_the_next_step_from_the_stored_state(demo3, driver) -> None:
    # The web process keeps each workflow it saved; another process (a CLI call) reads the stored state instead,
    # and the first one must then notice that the instance moved on without it.
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch dân vận", "summary": "Tiếp công dân"}, plan_id)
    other = Driver(Planflow(db=demo3.db, clock=demo3.clock))

    other.act("head.298", REVIEW, RETURN, plan_id)
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch dân vận (bổ sung)", "summary": "Tiếp công dân"}, plan_id)

    assert driver.task("head.298", REVIEW, plan_id)["plan_id"] == plan_id
    assert [t for t in driver.tasks("officer.298") if t["plan_id"] == plan_id] == []
    with demo3.unit_of_work() as ctx:
        assert plan_detail(ctx.session, plan_id)["title"] == "Kế hoạch dân vận (bổ sung)"


def test_submitting_a_task_one_may_not_see_is_not_found_and_leaves_it_open(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT, plan_id)["id"]

    for username, wanted in (("officer.294", task_id), ("officer.298", "no-such-task")):
        with pytest.raises(NotFound, match=f"Không có nhiệm vụ '{wanted}' đang chờ bạn xử lý"), \
                demo3.unit_of_work() as ctx:
            submit_task(ctx, get_user(ctx.session, username), wanted, {"title": "Kế hoạch"})

    assert driver.task("officer.298", DRAFT, plan_id)["id"] == task_id
