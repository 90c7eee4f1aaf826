"""The schedule every worker runs: leases so one process runs a job at a time, and the sweeper's
three cases (unsent, a dead worker's row, a message the broker lost)."""
from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import select, update

from intake.blobs import blob_store
from intake.db import session_scope
from intake.models import AuditEvent, Submission, utcnow
from intake.pipeline import InputFile
from intake.schedule import acquire
from intake.submissions import receive
from intake.worker import sweep
from tests.conftest import SAMPLES

LABEL = (SAMPLES / "food_label_clean" / "shokuhin_hyoji.pdf").read_bytes()


def test_a_lease_has_one_holder_until_it_expires(settings):
    url = settings.database_url
    assert acquire(url, "sweep", "host-a:1", 60)
    assert not acquire(url, "sweep", "host-b:2", 60)
    assert acquire(url, "sweep", "host-a:1", 60)             # the holder renews
    assert acquire(url, "retention", "host-b:2", 60)         # another job, another lease
    assert acquire(url, "once", "host-a:1", 0)               # expired at once
    assert acquire(url, "once", "host-b:2", 60)


def test_concurrent_takers_get_one_lease(settings):
    results: list[bool] = []
    threads = [threading.Thread(target=lambda i=i: results.append(
        acquire(settings.database_url, "race", f"h:{i}", 60))) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 5 + [True]


def stored(settings) -> int:
    with session_scope(settings.database_url) as s:
        return receive(s, blob_store(settings), "hamada", [InputFile("label.pdf", LABEL)]).id


def test_an_unsent_row_goes_at_the_next_sweep_a_fresh_one_waits(settings):
    fresh, unsent = stored(settings), stored(settings)
    with session_scope(settings.database_url) as s:
        s.get(Submission, unsent).unsent_since = utcnow()
    assert sweep(settings) == 1                                # eager: processed now
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, fresh).status == "received"
        sub = s.get(Submission, unsent)
        assert sub.status in ("clean", "needs_review") and sub.unsent_since is None


def test_a_processing_row_whose_heartbeat_stopped_is_requeued(settings):
    dead, alive = stored(settings), stored(settings)
    with session_scope(settings.database_url) as s:
        s.execute(update(Submission).where(Submission.id.in_([dead, alive]))
                  .values(status="processing"))
        s.execute(update(Submission).where(Submission.id == dead)
                  .values(updated_at=utcnow() - dt.timedelta(minutes=3)))
    assert sweep(settings, stale_after=dt.timedelta(minutes=2)) == 1
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, dead).status in ("clean", "needs_review")
        assert s.get(Submission, alive).status == "processing"
        event = s.scalar(select(AuditEvent).where(AuditEvent.submission_id == dead,
                                                  AuditEvent.action == "requeued"))
        assert event.from_status == "processing" and "応答しなく" in event.detail["reason"]


def test_a_second_delivery_while_the_first_still_beats_is_skipped(settings):
    from intake.worker import run
    sid = stored(settings)
    with session_scope(settings.database_url) as s:
        s.get(Submission, sid).status = "processing"
    assert run(settings, sid) == "in-progress"
    assert run(settings, sid, takeover=True) in ("clean", "needs_review")   # its own retry
    assert run(settings, sid) == "already-done"
