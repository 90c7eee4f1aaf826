"""On PostgreSQL: reviewers acting on the same submission at once are serialised by the row lock."""
from __future__ import annotations

import threading
import time
import uuid

import psycopg
import pytest

from tests.conftest import require_service

pytestmark = pytest.mark.integration
ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def pg_settings(intake_env, monkeypatch):
    require_service("PostgreSQL", 5432)
    name = f"intake_web_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    monkeypatch.setenv("INTAKE_DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
    from intake import config
    from intake.migrate import upgrade
    from intake.worker import configure
    settings = config.load()
    upgrade(settings.database_url)
    configure(settings)
    yield settings
    from intake.db import get_engine
    get_engine(settings.database_url).dispose()
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_second_reviewer_waits_for_the_first_and_then_sees_the_claim(pg_settings):
    from intake.accounts import add_user
    from intake.db import new_session, session_scope
    from intake.models import Submission
    from tests.web.conftest import People, make_submission
    from web import create_app

    with session_scope(pg_settings.database_url) as s:
        alice = add_user(s, "alice@example.jp", "supplier", password="pw-123456789")
        rita = add_user(s, "rita@example.jp", "reviewer", profile="hamada", password="pw-123456789")
        rei = add_user(s, "rei@example.jp", "reviewer", profile="hamada", password="pw-123456789")
        s.flush()
        from intake.accounts import create_token
        token = create_token(s, rita)
        people = People({"alice": alice.id}, {"alice": alice.supplier_id}, {})
        rei_id = rei.id
    sid = make_submission(pg_settings, people)
    client = create_app(settings=pg_settings).test_client()

    first = new_session(pg_settings.database_url)  # rei, mid-action, holds the row
    sub = first.get(Submission, sid, with_for_update=True)
    sub.claimed_by = rei_id
    answer = {}

    def rita_decides():
        answer["resp"] = client.post(f"/api/v1/submissions/{sid}/decision",
                                     headers={"Authorization": f"Bearer {token}"},
                                     json={"decision": "reject", "comment": "x"})

    thread = threading.Thread(target=rita_decides)
    thread.start()
    time.sleep(1.0)
    assert thread.is_alive()  # waiting on the lock, not deciding on stale data
    first.commit()
    first.close()
    thread.join(30)
    assert answer["resp"].status_code == 409
    with session_scope(pg_settings.database_url) as s:
        assert s.get(Submission, sid).status == "needs_review"
