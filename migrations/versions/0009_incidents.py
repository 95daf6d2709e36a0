"""Incidents of failed steps, and suspended instances.

`process_instances.status` (String(20)) also takes `suspended` and `terminated`: no column changes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("instance_id", sa.Integer(), sa.ForeignKey("process_instances.id"), nullable=False),
        sa.Column("element_id", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=80), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
    )
    op.create_index("ix_incidents_instance_id", "incidents", ["instance_id"])
    op.create_index("ix_incidents_status_instance", "incidents", ["status", "instance_id"])
    # Set while an incident is open: a completion then closes it without reading the incidents table.
    op.add_column("process_instances",
                  sa.Column("has_incident", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("process_instances", "has_incident")
    op.drop_index("ix_incidents_status_instance", table_name="incidents")
    op.drop_index("ix_incidents_instance_id", table_name="incidents")
    op.drop_table("incidents")
    # Instances suspended or terminated by a repair read as running / cancelled to the older schema.
    op.execute("UPDATE human_tasks SET status = 'ready' WHERE status = 'suspended'")
    op.execute("UPDATE process_instances SET status = 'running' WHERE status = 'suspended'")
    op.execute("UPDATE process_instances SET status = 'cancelled' WHERE status = 'terminated'")
