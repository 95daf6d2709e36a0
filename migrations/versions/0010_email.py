"""E-mail notices: addresses, opt-in, and the outgoing queue.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("email", sa.String(length=254), nullable=True))
    op.add_column("users", sa.Column("email_opt_in", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "mail_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=True, index=True),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_mail_messages_due", "mail_messages", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("mail_messages")
    op.drop_column("users", "email_opt_in")  # plain ALTER: a rebuilt table would break the foreign keys
    op.drop_column("users", "email")
