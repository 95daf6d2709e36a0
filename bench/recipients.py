"""Notice recipients by index (issue 16): `python -m bench.recipients --database-url URL [--old-task-mail]`.

On the national 3-level tree (56,835 users), with one new ready task per commune (10,598, a report window opened
this morning) and five older ones each, and one user in seven opted in to mail: EXPLAIN ANALYZE and the time per
call of `role_holders` as it was (one query: assignments "at the unit OR at its focal agency") and as it is (the
unit and its focal agency, then the assignments there, by index), and of the new-task mail query
(`UNMAILED_TASKS`) from the tasks; `--old-task-mail` also runs the old one (users joined on the rule: minutes).
The database's planflow tables are DROPPED and recreated. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from datetime import timedelta
from time import perf_counter
from typing import Any

from sqlalchemy import Connection, bindparam, exists, select, text
from sqlalchemy.orm import Session

from bench.common import BENCH_NOW, CACHE_DIR, fresh_database, heading, new_planflow
from bench.org_loader import bulk_load
from engine.models import HumanTask, MailMessage, RoleAssignment, Unit, User
from engine.notify.outbox import TASK_NEWS, UNMAILED_TASKS
from engine.org.authority import MAY_ACT_ON_TASK
from engine.org.demo import REGIME_START
from engine.org.roles import Role, roles_at
from engine.org.unit_data import fetch_three_level_wheel, three_level_units
from engine.org.units import ROLE_HOLDERS, role_holders

SEED = """
INSERT INTO process_instances (definition_id, process_id, unit_id, status, state, started_by, created_at,
                               updated_at, row_version)
SELECT (SELECT min(id) FROM definitions), 'bench', (SELECT min(id) FROM units), 'running', '{}', 'bench',
       :now, :now, 1;
INSERT INTO human_tasks (id, instance_id, bpmn_id, name, roles, unit_id, form, status, created_at)
SELECT md5(u.id || '-' || n), (SELECT max(id) FROM process_instances), 'report', 'Lập báo cáo', 'officer,head',
       u.id, '{}', 'ready', CASE WHEN n = 0 THEN :now ELSE :now - interval '10 days' END
FROM units u CROSS JOIN generate_series(0, 5) AS n WHERE u.level = 'commune';
UPDATE users SET email = username || '@gov.vn', email_opt_in = (id % 7 = 0);
ANALYZE;
"""


def old_role_holders(session: Session, unit_id: int, roles: list[str]) -> list[User]:
    """role_holders before issue 16."""
    focal = select(Unit.id).where(Unit.parent_id == unit_id, Unit.level == "agency", Unit.is_focal.is_(True))
    wanted = roles_at({Role(r) for r in roles}, session.get(Unit, unit_id))
    query = (select(User).join(RoleAssignment).where(RoleAssignment.role.in_([str(r) for r in wanted]))
             .where((RoleAssignment.unit_id == unit_id) | RoleAssignment.unit_id.in_(focal)).order_by(User.username))
    return list(session.scalars(query).unique())


_USERS, _TASKS, _MAILS = User.__table__, HumanTask.__table__, MailMessage.__table__
OLD_UNMAILED_TASKS = (  # before issue 16: every opted-in user joined to every new task on the rule
    select(_TASKS.c.id, _TASKS.c.name, _USERS.c.id.label("user_id"), _USERS.c.email).select_from(_TASKS)
    .join(_USERS, _USERS.c.email_opt_in.is_(True) & _USERS.c.email.is_not(None) & MAY_ACT_ON_TASK)
    .where(_TASKS.c.status == "ready", _TASKS.c.created_at >= bindparam("since"),
           ~exists().where(_MAILS.c.task_id == _TASKS.c.id, _MAILS.c.user_id == _USERS.c.id))
    .order_by(_TASKS.c.created_at))


def explain(connection: Connection, statement: Any, label: str) -> None:
    """The plan's nodes and the execution time, the statement's parameters written into it."""
    sql = str(statement.compile(connection.engine, compile_kwargs={"literal_binds": True})).replace("%%", "%")
    plan = [row[0] for row in connection.execution_options(no_parameters=True)
            .exec_driver_sql(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")]
    print(f"  {label}:")
    for line in plan:
        if "->" in line or "Execution Time" in line or line == plan[0]:
            print(f"    {line.strip()}")


def per_call(session: Session, holders: Callable[[Session, int, list[str]], list[User]], units: list[int]) -> str:
    began = perf_counter()
    for unit_id in units:
        holders(session, unit_id, ["officer", "head"])
        holders(session, unit_id, ["chair", "vice_chair"])
    return f"{(perf_counter() - began) * 1000 / (2 * len(units)):.3f} ms per call"


def run(url: str, old_task_mail: bool) -> None:
    planflow = new_planflow(fresh_database("recipients", url))
    with planflow.unit_of_work() as ctx:
        bulk_load(ctx.session, three_level_units(fetch_three_level_wheel(CACHE_DIR)), REGIME_START[3], "bench")
    with planflow.db.begin() as connection:
        for statement in SEED.split(";\n"):
            if statement.strip():
                connection.execute(text(statement), {"now": BENCH_NOW})
    heading("Notice recipients by index (issue 16)")
    with Session(planflow.db) as session:
        committees = list(session.scalars(select(Unit.id).where(Unit.level != "agency")))
        commune = session.scalar(select(Unit.id).where(Unit.level == "commune").order_by(Unit.id).offset(5000))
        assert commune is not None
        focal = select(Unit.id).where(Unit.parent_id == commune, Unit.level == "agency", Unit.is_focal.is_(True))
        connection = session.connection()
        explain(connection, select(User).join(RoleAssignment).where(RoleAssignment.role.in_(["officer", "head"]))
                .where((RoleAssignment.unit_id == commune) | RoleAssignment.unit_id.in_(focal)), "role_holders, old")
        explain(connection, ROLE_HOLDERS.params(unit_id=commune, roles=["head", "officer"]), "role_holders, new")
        sample = random.Random(16).sample(committees, 500)
        print(f"  role_holders over 500 committees: old {per_call(session, old_role_holders, sample)}, "
              f"new {per_call(session, role_holders, sample)}")
        since = BENCH_NOW - TASK_NEWS
        explain(connection, UNMAILED_TASKS.params(since=since), "new-task mail, 10,598 new tasks, new")
        explain(connection, UNMAILED_TASKS.params(since=BENCH_NOW + timedelta(minutes=1)),
                "new-task mail, no new task, new")
        if old_task_mail:
            explain(connection, OLD_UNMAILED_TASKS.params(since=since), "new-task mail, 10,598 new tasks, old")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.recipients", description=__doc__.split("\n\n")[1])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL URL (its planflow tables are DROPPED)")
    parser.add_argument("--old-task-mail", action="store_true", help="also the old new-task mail query (minutes)")
    args = parser.parse_args()
    run(args.database_url, args.old_task_mail)


if __name__ == "__main__":
    main()
