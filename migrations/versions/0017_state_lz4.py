"""PostgreSQL: the instances' stored state compressed with lz4 instead of pglz.

Every step rewrites `process_instances.state` (a JSON text of 5–30 KB, so always compressed by the server), and a
cold step reads it back. With PostgreSQL's default compression (pglz) that UPDATE was the step's dearest statement
(0.74 ms of a 8.3 ms warm completion); with lz4 it takes 0.33 ms and the completion 6.9 ms (docs/benchmarks.md,
"(a) on PostgreSQL against SQLite"). Rows keep the compression they were written with until their next step.
A server built without lz4 (or older than PostgreSQL 14) keeps pglz; SQLite has nothing to change.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _set_state_compression("lz4")


def downgrade() -> None:
    _set_state_compression("pglz")


def _set_state_compression(method: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or bind.dialect.server_version_info < (14,):
        return
    savepoint = bind.begin_nested()
    try:
        bind.exec_driver_sql(f"ALTER TABLE process_instances ALTER COLUMN state SET COMPRESSION {method}")
    except DBAPIError:  # "compression method lz4 not supported": this server was built without it
        savepoint.rollback()
    else:
        savepoint.commit()
