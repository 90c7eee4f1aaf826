"""The sweeper re-sends a submission whose task was lost."""
import datetime as dt

from intake.blobs import LocalBlobStore
from intake.db import session_scope
from intake.models import Submission
from intake.pipeline import InputFile
from intake.submissions import receive
from intake.worker import sweep
from tests.conftest import SAMPLES


def test_a_lost_task_is_resent(settings):
    data = (SAMPLES / "food_label_clean" / "shokuhin_hyoji.pdf").read_bytes()
    with session_scope(settings.database_url) as s:
        sid = receive(s, LocalBlobStore(settings.blob_dir), "hamada",
                      [InputFile("label.pdf", data)]).id  # never enqueued: the broker "was down"
    assert sweep(settings, older_than=dt.timedelta(hours=1)) == 0   # too young to be stuck
    assert sweep(settings, older_than=dt.timedelta(0)) == 1        # eager: processed now
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, sid)
        assert sub.status in ("clean", "needs_review") and sub.processed_version == 1
