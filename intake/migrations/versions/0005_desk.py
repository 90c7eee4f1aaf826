"""review desk: due dates, page words, learned wordings, search tables

Revision ID: desk
Revises: 0001
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "desk"
down_revision = "security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))
        batch_op.create_index("ix_submissions_due", ["profile", "status", "max_severity", "due_on", "id"])
        batch_op.create_index("ix_submissions_status_due", ["status", "max_severity", "due_on", "id"])
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("words", sa.JSON(), nullable=True))
    op.create_table(
        "learned_wordings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("field_key", sa.String(length=100), nullable=False),
        sa.Column("wording", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("examples", sa.JSON(), nullable=False),
        sa.Column("proposed_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("decided_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("profile", "kind", "field_key", "wording"),
    )
    op.create_index("ix_learned_wordings_status", "learned_wordings", ["profile", "status"])
    op.create_table(
        "search_docs",
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submissions.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("body", sa.Text(), nullable=False),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(body, tokenize='trigram')")
    elif bind.dialect.name == "postgresql":
        op.execute('CREATE TABLE search_grams (gram varchar(2) COLLATE "C" NOT NULL, '
                   "submission_id integer NOT NULL REFERENCES submissions(id) ON DELETE CASCADE, "
                   "PRIMARY KEY (gram, submission_id))")
        available = bind.execute(sa.text(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).scalar()
        if available:
            # a savepoint: without the right to create it, the search falls back to bigrams
            bind.execute(sa.text("SAVEPOINT trgm"))
            try:
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                bind.execute(sa.text("CREATE INDEX ix_search_docs_trgm ON search_docs USING gin (body gin_trgm_ops)"))
                bind.execute(sa.text("RELEASE SAVEPOINT trgm"))
            except sa.exc.DBAPIError:
                bind.execute(sa.text("ROLLBACK TO SAVEPOINT trgm"))
    _backfill_due(bind)


def _backfill_due(bind) -> None:
    """Due dates of the submissions already there, one UPDATE per profile and arrival day."""
    from intake.deadlines import due_on

    rows = bind.execute(sa.text("SELECT DISTINCT profile, CAST(created_at AS DATE) FROM submissions")).all()
    for profile, day in rows:
        if isinstance(day, str):
            day = dt.date.fromisoformat(day[:10])
        start = dt.datetime.combine(day, dt.time())
        bind.execute(sa.text("UPDATE submissions SET due_on = :due WHERE profile = :p AND created_at >= :a "
                             "AND created_at < :b"),
                     {"due": due_on(profile, start + dt.timedelta(hours=12)), "p": profile, "a": start,
                      "b": start + dt.timedelta(days=1)})


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP TABLE search_grams")
    op.drop_table("search_docs")
    op.drop_index("ix_learned_wordings_status", table_name="learned_wordings")
    op.drop_table("learned_wordings")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("words")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index("ix_submissions_status_due")
        batch_op.drop_index("ix_submissions_due")
        batch_op.drop_column("due_on")
