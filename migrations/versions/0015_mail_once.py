"""Mail goes once: a new task's mail is queued once per task and person, and notice recipients are found by index.

Two senders collecting new-task mail at the same moment both inserted the same (task, person) rows; the unique
index (partial: notices' copies have no task) lets the second insert do nothing (engine/notify/outbox.py). It
replaces the index on task_id alone, its first column. Duplicates queued before it are removed first, keeping
the first of each. Recipients of a notice are looked up by (unit_id, role) (engine/org/units.py `role_holders`):
the index replaces the one on unit_id alone.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-16
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_TASK_MAIL = sa.text("task_id IS NOT NULL")
_DUPLICATE_TASK_MAIL = """
DELETE FROM mail_messages WHERE task_id IS NOT NULL AND id NOT IN (
  SELECT first_id FROM (SELECT MIN(id) AS first_id FROM mail_messages WHERE task_id IS NOT NULL
                        GROUP BY task_id, user_id) AS firsts)
"""


def upgrade() -> None:
    op.execute(_DUPLICATE_TASK_MAIL)
    op.create_index("ux_mail_messages_task_user", "mail_messages", ["task_id", "user_id"], unique=True,
                    sqlite_where=_TASK_MAIL, postgresql_where=_TASK_MAIL)
    op.drop_index("ix_mail_messages_task_id", table_name="mail_messages")
    op.create_index("ix_role_assignments_unit_role", "role_assignments", ["unit_id", "role"])
    op.drop_index("ix_role_assignments_unit_id", table_name="role_assignments")


def downgrade() -> None:
    op.create_index("ix_role_assignments_unit_id", "role_assignments", ["unit_id"])
    op.drop_index("ix_role_assignments_unit_role", table_name="role_assignments")
    op.create_index("ix_mail_messages_task_id", "mail_messages", ["task_id"])
    op.drop_index("ux_mail_messages_task_user", table_name="mail_messages")
