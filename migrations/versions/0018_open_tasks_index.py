"""An instance's open tasks found by index: (instance_id, status) instead of instance_id alone.

Every step reads the instance's open tasks (`status = 'ready'`) with the task it completes. With an index on
`instance_id` alone the server read every task the instance ever had, open or not, and filtered them: an instance
returned for revision many times paid for its whole history at each step (600 rows read for one open task after
300 draft/return rounds; docs/benchmarks.md, "(a) on PostgreSQL against SQLite"). The composite index serves that
read and, through its first column, everything the old one served (the foreign key, an instance's tasks).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("human_tasks") as batch_op:
        batch_op.create_index("ix_human_tasks_instance_status", ["instance_id", "status"], unique=False)
        batch_op.drop_index("ix_human_tasks_instance_id")


def downgrade() -> None:
    with op.batch_alter_table("human_tasks") as batch_op:
        batch_op.create_index("ix_human_tasks_instance_id", ["instance_id"], unique=False)
        batch_op.drop_index("ix_human_tasks_instance_status")
