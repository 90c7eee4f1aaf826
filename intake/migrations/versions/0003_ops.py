"""ops: job leases, a supplier's contract end, a submission whose task could not be sent

Revision ID: ops
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "ops"
down_revision = "mailin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("job_leases",
                    sa.Column("name", sa.String(length=32), nullable=False),
                    sa.Column("holder", sa.String(length=128), nullable=False),
                    sa.Column("expires_at", sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("name"))
    with op.batch_alter_table("suppliers") as batch_op:
        batch_op.add_column(sa.Column("contract_ended_on", sa.Date(), nullable=True))
    with op.batch_alter_table("submissions") as batch_op:
        batch_op.add_column(sa.Column("unsent_since", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch_op:
        batch_op.drop_column("unsent_since")
    with op.batch_alter_table("suppliers") as batch_op:
        batch_op.drop_column("contract_ended_on")
    op.drop_table("job_leases")
