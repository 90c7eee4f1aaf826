"""queue order without a status: (profile, max_severity, due_on, id) and (max_severity, due_on, id)

The queue walks each (overdue, severity) group in due-date order and stops after a page; the
"all statuses" tab had no index in that order, so every group was read whole and sorted.

Revision ID: search_speed
Revises: supplier
"""
from alembic import op

revision = "search_speed"
down_revision = "supplier"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index("ix_submissions_profile_due", ["profile", "max_severity", "due_on", "id"])
        batch_op.create_index("ix_submissions_severity_due", ["max_severity", "due_on", "id"])


def downgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index("ix_submissions_severity_due")
        batch_op.drop_index("ix_submissions_profile_due")
