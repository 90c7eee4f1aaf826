"""search and queue at a million submissions: postings by municipality, queue indexes that cover
the filters, and the order of the all-statuses tab

- search_docs.profile and search_grams.profile (PostgreSQL): a reviewer sees one municipality,
  and a word common elsewhere but rare in theirs must be found as rare — the key is now
  (gram, profile, submission_id), and the trigram index is helped by a btree on profile. A
  submission's municipality never changes, so the copy never goes stale.
- search_grams loses its foreign key: with it every deleted submission scanned the whole table
  (its key does not start with the submission); search.forget deletes a submission's grams by
  key first, as it already does for the FTS rows on SQLite.
- ix_submissions_due_cover (PostgreSQL): the queue's order (profile, status, max_severity,
  due_on, id) carrying kinds, created_at and supplier_id, so the tabs' counts with a filter are
  read from the index alone.
- ix_submissions_profile_due, ix_submissions_severity_due: the queue's order without a status.

Revision ID: search_speed
Revises: supplier
"""
import sqlalchemy as sa
from alembic import op

revision = "search_speed"
down_revision = "supplier"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index("ix_submissions_profile_due", ["profile", "max_severity", "due_on", "id"])
        batch_op.create_index("ix_submissions_severity_due", ["max_severity", "due_on", "id"])
    if bind.dialect.name != "postgresql":
        return
    op.create_index("ix_submissions_due_cover", "submissions", ["profile", "status", "max_severity", "due_on", "id"],
                    postgresql_include=["kinds", "created_at", "supplier_id"])
    op.drop_index("ix_submissions_due", table_name="submissions")
    op.execute("ALTER TABLE search_docs ADD COLUMN profile varchar(32)")
    op.execute("UPDATE search_docs d SET profile = s.profile FROM submissions s WHERE s.id = d.submission_id")
    op.execute("CREATE INDEX ix_search_docs_profile ON search_docs (profile)")
    # a new table filled in one pass is much faster than an UPDATE of every gram row
    op.execute('CREATE TABLE search_grams_new (gram varchar(2) COLLATE "C" NOT NULL, '
               'profile varchar(32) COLLATE "C" NOT NULL, submission_id integer NOT NULL)')
    op.execute("INSERT INTO search_grams_new (gram, profile, submission_id) "
               "SELECT g.gram, s.profile, g.submission_id FROM search_grams g JOIN submissions s ON s.id = g.submission_id")
    op.execute("DROP TABLE search_grams")
    op.execute("ALTER TABLE search_grams_new RENAME TO search_grams")
    op.execute("ALTER TABLE search_grams ADD CONSTRAINT search_grams_pkey PRIMARY KEY (gram, profile, submission_id)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute('CREATE TABLE search_grams_old (gram varchar(2) COLLATE "C" NOT NULL, '
                   "submission_id integer NOT NULL REFERENCES submissions(id) ON DELETE CASCADE)")
        op.execute("INSERT INTO search_grams_old SELECT g.gram, g.submission_id FROM search_grams g "
                   "WHERE EXISTS (SELECT 1 FROM submissions s WHERE s.id = g.submission_id)")
        op.execute("DROP TABLE search_grams")
        op.execute("ALTER TABLE search_grams_old RENAME TO search_grams")
        op.execute("ALTER TABLE search_grams ADD CONSTRAINT search_grams_pkey PRIMARY KEY (gram, submission_id)")
        op.execute("DROP INDEX ix_search_docs_profile")
        op.execute("ALTER TABLE search_docs DROP COLUMN profile")
        op.create_index("ix_submissions_due", "submissions", ["profile", "status", "max_severity", "due_on", "id"])
        op.drop_index("ix_submissions_due_cover", table_name="submissions")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index("ix_submissions_severity_due")
        batch_op.drop_index("ix_submissions_profile_due")
