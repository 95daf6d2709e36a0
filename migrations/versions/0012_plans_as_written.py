"""Plans as written: agencies as units, assignments, requirements as phrased, references, the incoming register.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_PLAN_COLUMNS = (
    sa.Column("origin", sa.String(length=20), nullable=False, server_default="planflow"),
    sa.Column("symbol", sa.String(length=40), nullable=True),
    sa.Column("number_style", sa.String(length=10), nullable=True),
    sa.Column("numbered_in", sa.String(length=120), nullable=True),
    sa.Column("issuer_name", sa.Text(), nullable=True),
    sa.Column("archive_line", sa.Text(), nullable=True),
    sa.Column("signature_heading", sa.Text(), nullable=True),
)
_REQUIREMENT_COLUMNS = (
    sa.Column("assignment_id", sa.Integer(), nullable=True),
    sa.Column("description", sa.Text(), nullable=True),
    sa.Column("on_request", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("recurrence", sa.String(length=20), nullable=True),
    sa.Column("condition", sa.Text(), nullable=True),
    sa.Column("cutoff_source", sa.String(length=20), nullable=True),
    sa.Column("request_of_id", sa.Integer(), nullable=True),
    sa.Column("requested_by", sa.String(length=80), nullable=True),
    sa.Column("requested_at", sa.DateTime(), nullable=True),
)


def upgrade() -> None:
    # Plain ALTERs throughout: a batch copy on SQLite would drop tables that others reference.
    op.add_column("units", sa.Column("kind", sa.String(length=20), nullable=True))
    op.add_column("units", sa.Column("abbreviation", sa.String(length=20), nullable=True))
    for column in _PLAN_COLUMNS:
        op.add_column("plans", column)
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.Column("lead", sa.Boolean(), nullable=False),
        sa.Column("responsibilities", sa.JSON(), nullable=False),
        sa.Column("condition", sa.Text(), nullable=True),
        sa.Column("signer", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_assignments_plan_id", "assignments", ["plan_id"])
    op.create_table(
        "assignment_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), sa.ForeignKey("assignments.id"), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("applies", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assignment_id", "unit_id"),
    )
    op.create_index("ix_assignment_units_assignment_id", "assignment_units", ["assignment_id"])
    op.create_index("ix_assignment_units_unit_id", "assignment_units", ["unit_id"])
    for column in _REQUIREMENT_COLUMNS:
        op.add_column("reporting_requirements", column)
    op.create_index("ix_reporting_requirements_assignment_id", "reporting_requirements", ["assignment_id"])
    op.create_index("ix_reporting_requirements_request_of_id", "reporting_requirements", ["request_of_id"])
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key("fk_requirements_assignment_id", "reporting_requirements", "assignments",
                              ["assignment_id"], ["id"])
        op.create_foreign_key("fk_requirements_request_of_id", "reporting_requirements", "reporting_requirements",
                              ["request_of_id"], ["id"])
    op.create_table(
        "document_references",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column("doc_type", sa.String(length=60), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("symbol", sa.String(length=60), nullable=True),
        sa.Column("number_symbol", sa.String(length=80), nullable=True),
        sa.Column("number_style", sa.String(length=10), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("referenced_plan_id", sa.Integer(), sa.ForeignKey("plans.id"), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_document_references_plan_id", "document_references", ["plan_id"])
    op.create_index("ix_document_references_number_symbol", "document_references", ["number_symbol"])
    op.create_index("ix_document_references_referenced_plan_id", "document_references", ["referenced_plan_id"])
    op.create_table(
        "incoming_counters",
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("unit_id", "year"),
    )
    op.create_table(
        "incoming_entries",
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("received_by", sa.String(length=80), nullable=False),
        sa.Column("sender", sa.Text(), nullable=True),
        sa.Column("doc_type", sa.String(length=60), nullable=True),
        sa.Column("number_symbol", sa.String(length=80), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id"), nullable=True),
        sa.Column("recipient_id", sa.Integer(), sa.ForeignKey("recipients.id"), nullable=True),
        sa.PrimaryKeyConstraint("unit_id", "year", "number"),
    )
    op.create_index("ix_incoming_entries_plan_id", "incoming_entries", ["plan_id"])


def downgrade() -> None:
    op.drop_index("ix_incoming_entries_plan_id", table_name="incoming_entries")
    op.drop_table("incoming_entries")
    op.drop_table("incoming_counters")
    for index in ("referenced_plan_id", "number_symbol", "plan_id"):
        op.drop_index(f"ix_document_references_{index}", table_name="document_references")
    op.drop_table("document_references")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_requirements_request_of_id", "reporting_requirements", type_="foreignkey")
        op.drop_constraint("fk_requirements_assignment_id", "reporting_requirements", type_="foreignkey")
    op.drop_index("ix_reporting_requirements_request_of_id", table_name="reporting_requirements")
    op.drop_index("ix_reporting_requirements_assignment_id", table_name="reporting_requirements")
    for column in reversed(_REQUIREMENT_COLUMNS):
        op.drop_column("reporting_requirements", column.name)
    op.drop_index("ix_assignment_units_unit_id", table_name="assignment_units")
    op.drop_index("ix_assignment_units_assignment_id", table_name="assignment_units")
    op.drop_table("assignment_units")
    op.drop_index("ix_assignments_plan_id", table_name="assignments")
    op.drop_table("assignments")
    for column in reversed(_PLAN_COLUMNS):
        op.drop_column("plans", column.name)
    op.drop_column("units", "abbreviation")
    op.drop_column("units", "kind")
