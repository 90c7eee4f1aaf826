"""documents.geometry: page sizes and box units kept when a document is read

Revision ID: supplier
Revises: ops
"""
from alembic import op
import sqlalchemy as sa


revision = "supplier"
down_revision = "desk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("geometry", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("geometry")
