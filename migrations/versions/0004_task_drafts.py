"""Drafts of task forms: what a user saved of an open task before submitting it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task_drafts",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("task_id", sa.String(length=36), sa.ForeignKey("human_tasks.id"), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_task_drafts_task_id", "task_drafts", ["task_id"])


def downgrade() -> None:
    op.drop_index("ix_task_drafts_task_id", table_name="task_drafts")
    op.drop_table("task_drafts")
