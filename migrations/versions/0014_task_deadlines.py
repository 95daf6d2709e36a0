"""One deadline, one meaning: a task row keeps whether its due day is included and the phrase as written.

Open tasks of a report or a plan take them from the report's requirement or the plan, so that "trước ngày X"
stops reading as "Hạn: X" on the day of the upgrade (engine/deadline.py).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-15
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_OF_REPORT = "FROM obligations o WHERE o.instance_id = human_tasks.instance_id"
_REPORT_TASKS = f"""
UPDATE human_tasks SET
  due_inclusive = (SELECT o.due_inclusive {_OF_REPORT}),
  due_text = (SELECT r.due_text FROM obligations o JOIN reporting_requirements r ON r.id = o.requirement_id
              WHERE o.instance_id = human_tasks.instance_id)
WHERE EXISTS (SELECT 1 {_OF_REPORT} AND o.due_date = human_tasks.due)
"""
_PLAN_TASKS = f"""
UPDATE human_tasks SET due_inclusive = (SELECT p.due_inclusive FROM plans p WHERE p.id = human_tasks.plan_id)
WHERE NOT EXISTS (SELECT 1 {_OF_REPORT})
  AND EXISTS (SELECT 1 FROM plans p WHERE p.id = human_tasks.plan_id AND p.due_date = human_tasks.due)
"""


def upgrade() -> None:
    # Plain ALTERs: a batch copy on SQLite would drop tables that others reference.
    op.add_column("human_tasks", sa.Column("due_inclusive", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("human_tasks", sa.Column("due_text", sa.Text(), nullable=True))
    op.execute(_REPORT_TASKS)
    op.execute(_PLAN_TASKS)


def downgrade() -> None:
    op.drop_column("human_tasks", "due_text")
    op.drop_column("human_tasks", "due_inclusive")
