"""The urgency of plans and reports (thường, khẩn, thượng khẩn, hỏa tốc).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("plans", "obligations")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("urgency", sa.String(length=20), nullable=False, server_default="thuong"))
    # The inbox reads a report task's urgency from its obligation, found by the task's instance.
    op.create_index("ix_obligations_instance_id", "obligations", ["instance_id"])


def downgrade() -> None:
    op.drop_index("ix_obligations_instance_id", table_name="obligations")
    # A plain DROP COLUMN (SQLite 3.35+): a batch copy would drop `plans`, which other tables reference.
    for table in TABLES:
        op.drop_column(table, "urgency")
