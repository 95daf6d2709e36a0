"""Process instances keep the signature of their pending timers, so a completion need not read the timers table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("process_instances", sa.Column("timers", sa.JSON(), nullable=False, server_default="[]"))
    _fill_signatures()


def _fill_signatures() -> None:
    """Instances already waiting on timers get the signature of their existing rows."""
    connection = op.get_bind()
    instances = sa.table("process_instances", sa.column("id"), sa.column("timers", sa.JSON()))
    timers = sa.table("timers", sa.column("instance_id"), sa.column("name"), sa.column("due_at", sa.DateTime()))
    signatures: dict[int, list] = {}
    rows = connection.execute(sa.select(timers.c.instance_id, timers.c.name, timers.c.due_at))
    for instance_id, name, due_at in rows:
        signatures.setdefault(instance_id, []).append([name, due_at.isoformat()])
    for instance_id, signature in signatures.items():
        connection.execute(instances.update().where(instances.c.id == instance_id).values(timers=sorted(signature)))


def downgrade() -> None:
    op.drop_column("process_instances", "timers")  # plain ALTER: a rebuilt table would break the foreign keys
