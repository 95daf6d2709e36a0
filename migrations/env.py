"""Alembic environment: the engine comes from engine.schema (or PLANFLOW_DATABASE_URL for the CLI)."""

from alembic import context

from engine import models  # noqa: F401 - registers every table
from engine.db import Base, make_engine

config = context.config
db = config.attributes.get("engine") or make_engine()

with db.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
