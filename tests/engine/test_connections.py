"""A pooled PostgreSQL connection the server has closed (a restart, an administrator ending sessions) is replaced
before a step uses it: the first officer after the restart sees their work done, not an error."""

from __future__ import annotations

import pytest

from engine.core import Planflow
from engine.db import make_engine
from engine.work.drafts import submit_task

DRAFT = "Soạn thảo dự thảo kế hoạch"


def test_a_step_after_the_server_closed_the_pooled_connection_is_done_on_a_new_one(demo3, driver, clock) -> None:
    if demo3.db.dialect.name != "postgresql":
        pytest.skip("only a database server closes connections; SQLite has none")
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT, plan_id)["id"]
    server = Planflow(db=make_engine(demo3.db.url.render_as_string(hide_password=False)), clock=clock)
    try:
        with server.db.connect() as connection:  # now idle in the pool
            backend = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with demo3.db.connect() as admin:  # waits up to 5 s for that session to end
            assert admin.exec_driver_sql(f"SELECT pg_terminate_backend({int(backend)}, 5000)").scalar()

        with server.unit_of_work(actor="officer.298") as ctx:
            submit_task(ctx, ctx.actor, task_id, {"title": "Kế hoạch dân vận", "summary": "Tiếp công dân."})
            used = ctx.session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
    finally:
        server.db.dispose()
    assert used != backend
    assert [t["id"] for t in driver.tasks("officer.298") if t["name"] == DRAFT] == []
