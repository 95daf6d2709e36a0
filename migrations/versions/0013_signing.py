"""Ký số: keys per person and per body, signed copies of plans and reports, checks of PDFs that arrive.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-14
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("token_label", sa.String(length=200), nullable=True),
        sa.Column("key_label", sa.String(length=200), nullable=True),
        sa.Column("certificate", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("valid_from", sa.DateTime(), nullable=False),
        sa.Column("valid_until", sa.DateTime(), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint("(user_id IS NULL) <> (unit_id IS NULL)", name="ck_signing_keys_one_owner"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_signing_keys_user_id", "signing_keys", ["user_id"])
    op.create_index("ix_signing_keys_unit_id", "signing_keys", ["unit_id"])
    op.create_table(
        "signed_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=10), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("attachment_id", sa.Integer(), sa.ForeignKey("attachments.id"), nullable=False),
        sa.Column("key_id", sa.Integer(), sa.ForeignKey("signing_keys.id"), nullable=False),
        sa.Column("signed_by", sa.String(length=80), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_signed_documents_subject", "signed_documents", ["subject"])
    op.create_index("ix_signed_documents_subject_id", "signed_documents", ["subject_id"])
    op.create_table(
        "pdf_checks",
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("roots", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("signatures", sa.JSON(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("checksum"),
    )


def downgrade() -> None:
    op.drop_table("pdf_checks")
    op.drop_index("ix_signed_documents_subject_id", table_name="signed_documents")
    op.drop_index("ix_signed_documents_subject", table_name="signed_documents")
    op.drop_table("signed_documents")
    op.drop_index("ix_signing_keys_unit_id", table_name="signing_keys")
    op.drop_index("ix_signing_keys_user_id", table_name="signing_keys")
    op.drop_table("signing_keys")
