"""The Celery app and the processing task.

Results live in the database, not in a result backend. The task is
idempotent (a version already processed is skipped), acknowledged late and
rejected on worker loss, so a crash re-delivers it instead of losing it.
While a task reads, it beats (touches its row); the sweeper re-sends a
`processing` row whose beat stopped (a dead worker) within minutes, without
waiting for the broker's visibility timeout.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from contextlib import contextmanager
from typing import Iterator

from celery import Celery
from celery.signals import worker_process_init, worker_ready, worker_shutdown
from sqlalchemy import or_, select, update
from sqlalchemy.exc import DBAPIError

from intake import config, outbox
from intake.audit import record_event, set_status
from intake.blobs import BlobMissing, BlobStore, blob_store
from intake.db import session_scope
from intake.models import Submission, utcnow
from intake.schedule import timing
from intake.pipeline import InputFile, default_as_of, evaluate, read_document
from intake.records import Record
from intake.submissions import ACTIVE, store_result

log = logging.getLogger(__name__)
OCR_MEDIA = ("image/jpeg", "image/png", "image/tiff", "image/webp", "image/heic", "image/heif")


def make_celery(settings: config.Settings | None = None) -> Celery:
    settings = settings or config.load()
    app = Celery("intake", broker=settings.celery_broker_url)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        worker_prefetch_multiplier=1,
        task_default_queue="default",
        task_always_eager=settings.eager,
        broker_connection_retry_on_startup=True,
        # Redis re-delivers an unacknowledged task after this; it must outlast the longest task
        # (a redelivery while the first still beats is skipped). A dead worker's task is re-sent
        # sooner by the sweeper (INTAKE_STALE_AFTER_S).
        broker_transport_options={"visibility_timeout": config.env_int(
            "INTAKE_VISIBILITY_TIMEOUT_S", 3600)},
        broker_connection_timeout=5,
        # An upload must not hang while the broker is down: give up quickly, the sweeper sends later.
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5,
                                   "interval_max": 1},
        worker_hijack_root_logger=False,
    )
    return app


celery_app = make_celery()
_settings: config.Settings | None = None


def current_settings() -> config.Settings:
    return _settings or config.load()


@worker_process_init.connect
def _warm_ocr(**_kwargs) -> None:
    """Start this worker process's reading child, which loads the OCR models once (~1.7 s), not in
    the first scan's task (not for a worker of the `default` queue only). Without isolation the
    models load here."""
    warm = os.environ.get("INTAKE_WORKER_QUEUES", "default,ocr") != "default"
    try:
        from intake.pipeline import start_reading
        if start_reading(warm=warm) is None and warm:
            from extractors.ocr import registry
            registry.warm()
    except Exception:  # OCR still loads lazily on first use
        log.exception("could not start the reading child")


@worker_ready.connect
def _start_schedule(**_kwargs) -> None:
    """Every worker runs the sweeper and the retention job on a timer (one at a time, by lease)."""
    global _schedule
    from intake import schedule
    _schedule = schedule.start(current_settings())


_schedule: threading.Event | None = None


@worker_shutdown.connect
def _stop_schedule(**_kwargs) -> None:
    if _schedule is not None:
        _schedule.set()


def configure(settings: config.Settings) -> None:
    """Point the shared app at these settings (web app factory, tests)."""
    global _settings
    _settings = settings
    if celery_app.conf.broker_url != settings.celery_broker_url:
        celery_app.conf.broker_url = settings.celery_broker_url
        celery_app._after_fork()  # drop connection/producer pools bound to the old broker
    celery_app.conf.task_always_eager = settings.eager


def queue_for(sub: Submission, blobs: BlobStore | None = None) -> str:
    """Scans and photos go to the slow `ocr` queue so born-digital files never wait behind them; a PDF
    is a scan when a page has no usable text layer (a look at its blob, milliseconds)."""
    docs = sub.current_documents()
    if any(d.media_type in OCR_MEDIA for d in docs):
        return "ocr"
    pdfs = [d for d in docs if d.media_type == "application/pdf"]
    if pdfs:
        from extractors.readers.pdf import needs_ocr
        blobs = blobs or blob_store(current_settings())
        for d in pdfs:
            try:
                if needs_ocr(blobs.get(d.sha256)):
                    return "ocr"
            except Exception:  # a missing blob: the task will report it
                log.warning("could not look into document %s", d.sha256[:12])
    return "default"


def enqueue(sub: Submission) -> None:
    """Send the task; call only after the submission's rows are committed."""
    send(sub.id, queue_for(sub))


def send(submission_id: int, queue: str) -> bool:
    """Send the task; when the broker is down, mark the row unsent (the sweeper sends it later)."""
    try:
        process_submission.apply_async((submission_id,), queue=queue)
        return True
    except Exception as exc:  # noqa: BLE001 - kombu raises many kinds
        log.error("could not enqueue submission %s: %s", submission_id, type(exc).__name__)
    try:
        with session_scope(current_settings().database_url) as session:
            session.execute(update(Submission).where(Submission.id == submission_id)
                            .values(unsent_since=utcnow()))
    except DBAPIError:  # the database is down too: the sweeper's age rule still finds it
        log.error("could not mark submission %s unsent", submission_id)
    return False


@celery_app.task(bind=True, name="intake.process_submission", acks_late=True,
                 reject_on_worker_lost=True)
def process_submission(self, submission_id: int) -> str:
    settings, t = current_settings(), timing()
    try:
        return run(settings, submission_id, takeover=self.request.retries > 0)
    except Exception as exc:
        if self.request.retries < t.max_retries and not settings.eager:
            log.warning("processing submission %s failed (%s); retrying", submission_id,
                        type(exc).__name__)
            raise self.retry(exc=exc, countdown=t.retry_delay_s * 2 ** self.request.retries,
                             max_retries=t.max_retries)
        log.exception("processing submission %s failed for good", submission_id)
        mark_failed(settings, submission_id, failure_reason(exc))
        return "failed"


def failure_reason(exc: BaseException) -> str:
    """What an admin reads beside a failed submission (never the exception's text: it may quote
    personal data)."""
    if isinstance(exc, BlobMissing):
        return f"原本ファイル（{str(exc)[:12]}…）が保存先に見つかりません。"
    if isinstance(exc, DBAPIError):
        return "データベースに接続できなかったため、処理できませんでした。"
    return f"処理中にエラーが発生しました（{type(exc).__name__}）。管理者が確認します。"


def run(settings: config.Settings, submission_id: int, takeover: bool = False) -> str:
    """Process the submission's current version once; a repeat is a no-op, and so is a second
    delivery while another worker is still at it (its heartbeat is fresh)."""
    t = timing()
    with session_scope(settings.database_url) as session:
        sub = session.get(Submission, submission_id, with_for_update=True)
        if sub is None:
            return "missing"
        if sub.processed_version >= sub.version and sub.status not in ACTIVE:
            return "already-done"
        fresh = sub.updated_at > utcnow() - dt.timedelta(seconds=t.stale_after_s)
        if sub.status == "processing" and fresh and not takeover:
            return "in-progress"
        sub.attempts += 1
        sub.unsent_since = None
        if sub.status != "processing":
            set_status(session, sub, "processing")
        else:
            sub.updated_at = utcnow()
        rows = [(r.filename, r.sha256, r.role, r.media_type)
                for r in sub.current_documents() if r.parent_id is None]
        passwords = dict((sub.meta or {}).get("zip_passwords") or {})
        profile, as_of = sub.profile, sub.as_of or default_as_of(sub.profile)
    # the attempt is committed (an admin sees it even when it fails); fetch and read outside the
    # transaction: OCR may take a while
    blobs = blob_store(settings)
    record = Record(profile=profile, meta={"zip_passwords": passwords} if passwords else {})
    with heartbeat(settings.database_url, submission_id, t.heartbeat_s):
        for name, sha, role, media_type in rows:
            record.documents += read_document(InputFile(name, blobs.get(sha), role, media_type), record.meta)
    findings, status = evaluate(record, profile, as_of)
    with session_scope(settings.database_url) as session:
        sub = session.get(Submission, submission_id)
        if record.meta:
            sub.meta = {**(sub.meta or {}), **record.meta}
        store_result(session, sub, record.documents, findings)
        sub.processed_version = sub.version
        set_status(session, sub, status, action="processed")
        outbox.on_read(session, sub)   # the receipt, in the same transaction: once per version
    return status


def mark_failed(settings: config.Settings, submission_id: int, reason: str) -> None:
    with session_scope(settings.database_url) as session:
        sub = session.get(Submission, submission_id)
        if sub is not None and sub.status in ACTIVE:
            set_status(session, sub, "failed", reason=reason)


@contextmanager
def heartbeat(database_url: str, submission_id: int, every: float) -> Iterator[None]:
    """Touch the row every `every` seconds while the body runs: proof that its worker lives."""
    stopping = threading.Event()

    def beat() -> None:
        while not stopping.wait(every):
            try:
                with session_scope(database_url) as session:
                    session.execute(update(Submission).where(
                        Submission.id == submission_id, Submission.status == "processing")
                        .values(updated_at=utcnow()))
            except DBAPIError:  # the database is restarting; the next beat will do
                log.warning("heartbeat of submission %s failed", submission_id)

    thread = threading.Thread(target=beat, name=f"heartbeat-{submission_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopping.set()
        thread.join(timeout=10)


def sweep(settings: config.Settings, older_than: dt.timedelta | None = None,
          stale_after: dt.timedelta | None = None) -> int:
    """Re-send what a lost task left behind: a `received` row whose task could not be sent (at
    once), a `processing` row whose heartbeat stopped (its worker died), and a `received` row
    older than `older_than` (a broker that lost its messages). Returns how many were sent."""
    t = timing()
    older_than = dt.timedelta(seconds=t.resend_after_s) if older_than is None else older_than
    stale_after = dt.timedelta(seconds=t.stale_after_s) if stale_after is None else stale_after
    now = utcnow()
    with session_scope(settings.database_url) as session:
        stuck = session.scalars(select(Submission).where(or_(
            (Submission.status == "received") & Submission.unsent_since.is_not(None),
            (Submission.status == "received") & (Submission.updated_at < now - older_than),
            (Submission.status == "processing") & (Submission.updated_at < now - stale_after),
        )).with_for_update(skip_locked=True)).all()
        for sub in stuck:
            if sub.status == "processing":
                set_status(session, sub, "received", action="requeued",
                           reason="処理中のワーカーが応答しなくなったため、再送しました。")
            else:
                record_event(session, sub, "requeued", detail={"unsent": sub.unsent_since is not None})
            sub.unsent_since = None
            sub.updated_at = now
        ids = [(s.id, queue_for(s)) for s in stuck]
    return sum(send(sid, queue) for sid, queue in ids)
