"""Writes sent with the next statement (engine/deferred.py, issue 16): on PostgreSQL a step's writes that nothing reads
back travel with its next statement or its COMMIT; what the transaction sees, what is stored and what a failure
leaves behind are exactly as if each had been executed at once. The same tests run on SQLite, where they are."""

from __future__ import annotations

import pytest
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import event, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from engine.bpmn.runtime import complete_task, load_workflow, run_to_wait
from engine.deferred import write_later
from engine.errors import Conflict
from engine.models import AuditEntry, HumanTask, Plan, ProcessInstance
from engine.org.units import get_user
from engine.work.drafts import submit_task

DRAFT = "Soạn thảo dự thảo kế hoạch"
REVIEW = "Thẩm định dự thảo kế hoạch"
AUDIT = AuditEntry.__table__
TASKS = HumanTask.__table__
PLANS = Plan.__table__
INSTANCES = ProcessInstance.__table__


def _count(planflow, action: str) -> int:
    with planflow.db.connect() as connection:
        return connection.execute(select(func.count()).select_from(AUDIT).where(AUDIT.c.action == action)).scalar()


def _entry_with_time(ctx, action: str, **fields: object) -> dict:
    return {"at": ctx.now(), "actor": "officer.298", "action": action, "instance_id": None, "plan_id": None,
            "task_name": None, "comment": None, "details": {}, **fields}


def test_a_later_write_is_seen_by_the_next_statement_and_stored_at_the_commit(demo3) -> None:
    with demo3.unit_of_work() as ctx:
        connection = ctx.session.connection()
        write_later(connection, insert(AUDIT), [_entry_with_time(ctx, "thử ghi sau")])
        write_later(connection, insert(AUDIT), [_entry_with_time(ctx, "thử ghi sau")])
        seen = connection.execute(select(func.count()).select_from(AUDIT).where(AUDIT.c.action == "thử ghi sau"))
        assert seen.scalar() == 2
        write_later(connection, insert(AUDIT), [_entry_with_time(ctx, "thử ghi sau")])  # goes with the COMMIT

    assert _count(demo3, "thử ghi sau") == 3


def test_later_writes_keep_their_order_before_an_update_of_the_same_row(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    with demo3.unit_of_work() as ctx:
        connection = ctx.session.connection()
        write_later(connection, update(PLANS).where(PLANS.c.id == plan_id), {"status": "thử 1"})
        write_later(connection, update(PLANS).where(PLANS.c.id == plan_id), {"status": "thử 2"})
        connection.execute(update(PLANS).where(PLANS.c.id == plan_id, PLANS.c.status == "thử 2"), {"title": "sau"})

    with demo3.db.connect() as connection:
        assert connection.execute(select(PLANS.c.status, PLANS.c.title).where(PLANS.c.id == plan_id)).one() == (
            "thử 2", "sau")


def test_a_later_write_that_fails_fails_the_commit_and_nothing_of_the_transaction_is_stored(demo3) -> None:
    with pytest.raises(IntegrityError), demo3.unit_of_work() as ctx:
        connection = ctx.session.connection()
        write_later(connection, insert(AUDIT), [_entry_with_time(ctx, "ghi trước lỗi")])
        write_later(connection, insert(AUDIT), [_entry_with_time(ctx, "tham chiếu sai", plan_id=987654)])

    assert _count(demo3, "ghi trước lỗi") == 0
    with demo3.unit_of_work() as ctx:  # the pooled connection is usable again
        write_later(ctx.session.connection(), insert(AUDIT), [_entry_with_time(ctx, "sau lỗi")])
    assert _count(demo3, "sau lỗi") == 1


def test_a_later_write_that_fails_is_reported_by_the_next_statement(demo3) -> None:
    with pytest.raises(IntegrityError), demo3.unit_of_work() as ctx:
        connection = ctx.session.connection()
        write_later(connection, insert(AUDIT), [_entry_with_time(ctx, "tham chiếu sai", plan_id=987654)])
        connection.execute(select(func.count()).select_from(AUDIT))
        pytest.fail("the statement after a failed write must not run")
    assert _count(demo3, "tham chiếu sai") == 0


def test_a_rollback_drops_the_waiting_writes_and_the_connection_serves_the_next_unit_of_work(demo3) -> None:
    class Undone(Exception):
        pass

    with pytest.raises(Undone), demo3.unit_of_work() as ctx:
        write_later(ctx.session.connection(), insert(AUDIT), [_entry_with_time(ctx, "bị hủy")])
        raise Undone
    with demo3.unit_of_work() as ctx:
        connection = ctx.session.connection()
        undone = select(func.count()).select_from(AUDIT).where(AUDIT.c.action == "bị hủy")
        assert connection.execute(undone).scalar() == 0
        write_later(connection, insert(AUDIT), [_entry_with_time(ctx, "sau khi hủy")])

    assert (_count(demo3, "bị hủy"), _count(demo3, "sau khi hủy")) == (0, 1)


def test_a_connection_that_rolled_back_starts_its_next_transaction_without_the_dropped_writes(demo3, clock) -> None:
    entry = {"at": clock.now(), "actor": "officer.298", "action": "bị hủy", "details": {}}
    with demo3.db.connect() as connection:
        with connection.begin() as transaction:
            write_later(connection, insert(AUDIT), [entry])
            transaction.rollback()
        with connection.begin():
            write_later(connection, insert(AUDIT), [{**entry, "action": "giữ lại"}])
            undone = select(func.count()).select_from(AUDIT).where(AUDIT.c.action == "bị hủy")
            assert connection.execute(undone).scalar() == 0

    assert (_count(demo3, "bị hủy"), _count(demo3, "giữ lại")) == (0, 1)


def test_writes_inside_a_savepoint_rolled_back_are_undone_and_those_before_it_kept(demo3) -> None:
    with demo3.unit_of_work() as ctx:
        connection = ctx.session.connection()
        write_later(connection, insert(AUDIT), [_entry_with_time(ctx, "trước điểm lưu")])
        savepoint = connection.begin_nested()
        write_later(connection, insert(AUDIT), [_entry_with_time(ctx, "trong điểm lưu")])
        savepoint.rollback()

    assert (_count(demo3, "trước điểm lưu"), _count(demo3, "trong điểm lưu")) == (1, 0)


def test_a_completion_on_postgresql_waits_for_the_server_only_for_what_it_reads(demo3, driver) -> None:
    """The officer's submission waits for what it reads (the user, the locked task, the plan's requirements and
    assignments): the task completed, the review task, the plan's status, the instance and the audit entry travel
    with those or with the COMMIT."""
    if demo3.db.dialect.name != "postgresql":
        pytest.skip("SQLite runs in the process: nothing to wait for")
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT, plan_id)["id"]
    carried: list[str] = []

    def record(_conn, _cursor, statement: str, _parameters, context, _many) -> None:
        if context.execution_options.get("planflow_carried"):  # engine.deferred.CARRIED
            carried.append(" ".join(statement.split()[:3 if statement.startswith("INSERT") else 2]))

    event.listen(demo3.db, "before_cursor_execute", record)
    try:
        with demo3.unit_of_work(actor="officer.298") as ctx:
            submit_task(ctx, get_user(ctx.session, "officer.298"), task_id,
                        {"title": "Kế hoạch dân vận", "summary": "Tiếp công dân."})
    finally:
        event.remove(demo3.db, "before_cursor_execute", record)

    assert sorted(carried) == ["INSERT INTO audit_log", "INSERT INTO human_tasks", "UPDATE human_tasks", "UPDATE plans",
                               "UPDATE process_instances"]
    assert driver.task("head.298", REVIEW, plan_id)["plan_id"] == plan_id
    assert [t for t in driver.tasks("officer.298") if t["plan_id"] == plan_id] == []
    with demo3.db.connect() as connection:
        assert connection.execute(select(PLANS.c.status).where(PLANS.c.id == plan_id)).scalar() != "draft"


# --- the instance's own row, written later because the step holds it locked (engine/bpmn/runtime.py, _save) -----


def _state(planflow, plan_id: int) -> tuple:
    with planflow.db.connect() as connection:
        instance = connection.execute(select(INSTANCES.c.row_version, INSTANCES.c.state)
                                      .where(INSTANCES.c.plan_id == plan_id)).one()
        plan = connection.execute(select(PLANS.c.status, PLANS.c.title).where(PLANS.c.id == plan_id)).one()
        open_tasks = connection.execute(select(TASKS.c.name).where(TASKS.c.plan_id == plan_id,
                                                                    TASKS.c.status == "ready")).scalars().all()
    return tuple(instance), tuple(plan), open_tasks


def test_a_step_stores_its_instance_with_the_next_row_version(demo3, driver) -> None:
    plan_id = driver.start_plan("298", "officer.298")
    (version, _), _, _ = _state(demo3, plan_id)
    driver.complete("officer.298", driver.task("officer.298", DRAFT, plan_id)["id"], {"title": "Kế hoạch dân vận"})

    (after, _), (status, title), open_tasks = _state(demo3, plan_id)
    assert (after, status, title, open_tasks) == (version + 1, "in_review", "Kế hoạch dân vận", [REVIEW])
    with demo3.unit_of_work() as ctx:
        ctx.warm = None  # the workflow as its row stores it, not the copy kept in memory
        instance = ctx.session.scalars(select(ProcessInstance).where(ProcessInstance.plan_id == plan_id)).one()
        waiting = load_workflow(ctx, instance).get_tasks(state=TaskState.READY, manual=True)
    assert [task.task_spec.bpmn_name for task in waiting] == [REVIEW]


def test_a_completion_through_a_copy_of_its_instance_older_than_the_lock_is_refused_and_nothing_is_stored(
        demo3, driver) -> None:
    """The session already held the instance when the step locked it, and the row has moved on since: the step
    would save over a version it did not see, so it is refused as the row-version check refused it."""
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT, plan_id)["id"]
    before = _state(demo3, plan_id)
    with pytest.raises(Conflict, match="vừa được người khác cập nhật"), \
            demo3.unit_of_work(actor="officer.298") as ctx:
        held = ctx.session.scalars(select(ProcessInstance).where(ProcessInstance.plan_id == plan_id)).one()
        ctx.session.connection().execute(update(INSTANCES).where(INSTANCES.c.id == held.id)
                                         .values(row_version=INSTANCES.c.row_version + 1))
        complete_task(ctx, get_user(ctx.session, "officer.298"), task_id, {"title": "Kế hoạch dân vận"})

    assert _state(demo3, plan_id) == before


def test_a_locked_save_that_finds_another_row_version_fails_its_transaction_rather_than_overwrite(
        demo3, driver) -> None:
    """The server's own check behind that refusal: the later UPDATE moves the version on only from the one read."""
    plan_id = driver.start_plan("298", "officer.298")
    before = _state(demo3, plan_id)
    with pytest.raises(IntegrityError), demo3.unit_of_work() as ctx:
        instance = ctx.session.scalars(select(ProcessInstance).where(ProcessInstance.plan_id == plan_id)).one()
        ctx.session.connection().execute(update(INSTANCES).where(INSTANCES.c.id == instance.id)
                                         .values(row_version=INSTANCES.c.row_version + 1))
        run_to_wait(ctx, instance, load_workflow(ctx, instance), locked=True)

    assert _state(demo3, plan_id) == before
