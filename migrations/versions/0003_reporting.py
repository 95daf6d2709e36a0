"""Reporting: requirements written in plans, obligations per reporting unit, scoring schemes;
notifications name the obligation they are about.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('scoring_schemes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('decision_id', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['province_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('scoring_schemes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scoring_schemes_province_id'), ['province_id'], unique=False)

    op.create_table('reporting_requirements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('reporters', sa.Text(), nullable=False),
    sa.Column('to_superior', sa.Boolean(), nullable=False),
    sa.Column('via', sa.Text(), nullable=True),
    sa.Column('due_text', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('due_inclusive', sa.Boolean(), nullable=False),
    sa.Column('cutoff_from', sa.Date(), nullable=True),
    sa.Column('cutoff_to', sa.Date(), nullable=True),
    sa.Column('open_days', sa.Integer(), nullable=False),
    sa.Column('warning', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reporting_requirements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reporting_requirements_plan_id'), ['plan_id'], unique=False)

    op.create_table('obligations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('reporting_unit_id', sa.Integer(), nullable=False),
    sa.Column('receiving_unit_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('due_inclusive', sa.Boolean(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('resubmitted_at', sa.DateTime(), nullable=True),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('return_count', sa.Integer(), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instances.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ),
    sa.ForeignKeyConstraint(['receiving_unit_id'], ['units.id'], ),
    sa.ForeignKeyConstraint(['reporting_unit_id'], ['units.id'], ),
    sa.ForeignKeyConstraint(['requirement_id'], ['reporting_requirements.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('requirement_id', 'reporting_unit_id')
    )
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_obligations_opens_on'), ['opens_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_obligations_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_obligations_receiving_unit_id'), ['receiving_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_obligations_reporting_unit_id'), ['reporting_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_obligations_requirement_id'), ['requirement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_obligations_status'), ['status'], unique=False)

    # A plain ALTER: SQLite would rebuild the table to add the constraint, so it checks nothing there.
    op.add_column('notifications', sa.Column('obligation_id', sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != 'sqlite':
        op.create_foreign_key('fk_notifications_obligation_id', 'notifications', 'obligations',
                              ['obligation_id'], ['id'])
    op.create_index('ix_notifications_obligation_id', 'notifications', ['obligation_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_notifications_obligation_id', table_name='notifications')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('obligation_id')

    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_obligations_status'))
        batch_op.drop_index(batch_op.f('ix_obligations_requirement_id'))
        batch_op.drop_index(batch_op.f('ix_obligations_reporting_unit_id'))
        batch_op.drop_index(batch_op.f('ix_obligations_receiving_unit_id'))
        batch_op.drop_index(batch_op.f('ix_obligations_plan_id'))
        batch_op.drop_index(batch_op.f('ix_obligations_opens_on'))

    op.drop_table('obligations')
    with op.batch_alter_table('reporting_requirements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reporting_requirements_plan_id'))

    op.drop_table('reporting_requirements')
    with op.batch_alter_table('scoring_schemes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scoring_schemes_province_id'))

    op.drop_table('scoring_schemes')
