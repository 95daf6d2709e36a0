"""Claiming group tasks and delegating a role for a date range.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("human_tasks") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(), nullable=True))
    op.create_table(
        "delegations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("delegator_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("delegate_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("cancelled_by", sa.String(length=80), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_delegations_delegate", "delegations", ["delegate_id", "starts_on", "ends_on"])


def downgrade() -> None:
    op.drop_index("ix_delegations_delegate", table_name="delegations")
    op.drop_table("delegations")
    with op.batch_alter_table("human_tasks") as batch:
        batch.drop_column("claimed_at")
        batch.drop_column("claimed_by")
