"""The Celery app and the processing task.

Results live in the database, not in a result backend. The task is
idempotent (a version already processed is skipped), acknowledged late and
rejected on worker loss, so a crash re-delivers it instead of losing it.
"""
from __future__ import annotations

import datetime as dt
import logging
import os

from celery import Celery
from celery.signals import worker_process_init

from intake import config, learned
from intake.audit import set_status
from intake.blobs import LocalBlobStore
from intake.db import session_scope
from intake.domain import catalogue
from intake.models import Submission
from intake.pipeline import InputFile, default_as_of, evaluate, read_document
from intake.records import Record
from intake.submissions import ACTIVE, store_result

log = logging.getLogger(__name__)
OCR_MEDIA = ("image/jpeg", "image/png", "image/tiff")


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
        broker_transport_options={"visibility_timeout": 3600},
        worker_hijack_root_logger=False,
    )
    return app


celery_app = make_celery()


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


def configure(settings: config.Settings) -> None:
    """Point the shared app at these settings (web app factory, tests)."""
    if celery_app.conf.broker_url != settings.celery_broker_url:
        celery_app.conf.broker_url = settings.celery_broker_url
        celery_app._after_fork()  # drop connection/producer pools bound to the old broker
    celery_app.conf.task_always_eager = settings.eager


def queue_for(sub: Submission, blobs: LocalBlobStore | None = None) -> str:
    """Scans and photos go to the slow `ocr` queue so born-digital files never wait behind them; a PDF
    is a scan when a page has no usable text layer (a look at its blob, milliseconds)."""
    docs = sub.current_documents()
    if any(d.media_type in OCR_MEDIA for d in docs):
        return "ocr"
    pdfs = [d for d in docs if d.media_type == "application/pdf"]
    if pdfs:
        from extractors.readers.pdf import needs_ocr
        blobs = blobs or LocalBlobStore(config.load().blob_dir)
        for d in pdfs:
            try:
                if needs_ocr(blobs.get(d.sha256)):
                    return "ocr"
            except Exception:  # a missing blob: the task will report it
                log.warning("could not look into document %s", d.sha256[:12])
    return "default"


def enqueue(sub: Submission) -> None:
    """Send the task; call only after the submission's rows are committed."""
    try:
        process_submission.apply_async((sub.id,), queue=queue_for(sub))
    except Exception:  # broker down: the row stays `received` and the sweeper re-sends it
        log.exception("could not enqueue submission %s", sub.id)


@celery_app.task(bind=True, name="intake.process_submission", max_retries=3,
                 acks_late=True, reject_on_worker_lost=True)
def process_submission(self, submission_id: int) -> str:
    settings = config.load()
    try:
        return run(settings, submission_id)
    except Exception as exc:
        log.exception("processing submission %s failed", submission_id)
        if self.request.retries < self.max_retries and not settings.eager:
            raise self.retry(exc=exc, countdown=10 * 2 ** self.request.retries)
        mark_failed(settings, submission_id, "処理中にエラーが発生しました。管理者が確認します。")
        return "failed"


def run(settings: config.Settings, submission_id: int) -> str:
    """Process the submission's current version once; a repeat is a no-op."""
    with session_scope(settings.database_url) as session:
        sub = session.get(Submission, submission_id)
        if sub is None:
            return "missing"
        if sub.processed_version >= sub.version and sub.status not in ACTIVE:
            return "already-done"
        sub.attempts += 1
        if sub.status != "processing":
            set_status(session, sub, "processing")
        rows = [r for r in sub.current_documents() if r.parent_id is None]
        blobs = LocalBlobStore(settings.blob_dir)
        files = [(InputFile(r.filename, blobs.get(r.sha256), r.role)) for r in rows]
        profile, as_of = sub.profile, sub.as_of or default_as_of(sub.profile)
        wordings = learned.accepted(session, profile)
    # read outside the transaction: OCR may take a while; the fields are read (in this process,
    # from the child's Layout) with the municipality's accepted wordings
    record = Record(profile=profile)
    with catalogue.learned_wordings(wordings):
        for f in files:
            record.documents += read_document(f, record.meta)
    findings, status = evaluate(record, profile, as_of)
    with session_scope(settings.database_url) as session:
        sub = session.get(Submission, submission_id)
        if record.meta:
            sub.meta = {**(sub.meta or {}), **record.meta}
        store_result(session, sub, record.documents, findings)
        sub.processed_version = sub.version
        set_status(session, sub, status, action="processed")
    return status


def mark_failed(settings: config.Settings, submission_id: int, reason: str) -> None:
    with session_scope(settings.database_url) as session:
        sub = session.get(Submission, submission_id)
        if sub is not None and sub.status in ACTIVE:
            set_status(session, sub, "failed", reason=reason)


def sweep(settings: config.Settings, older_than: dt.timedelta = dt.timedelta(minutes=15)) -> int:
    """Re-send submissions stuck in received/processing (broker down, worker killed)."""
    from sqlalchemy import select

    from intake.models import utcnow
    with session_scope(settings.database_url) as session:
        stuck = session.scalars(select(Submission).where(
            Submission.status.in_(ACTIVE), Submission.updated_at < utcnow() - older_than)).all()
        for sub in stuck:
            sub.updated_at = utcnow()
        ids = [(s.id, queue_for(s)) for s in stuck]
    for sid, queue in ids:
        process_submission.apply_async((sid,), queue=queue)
    return len(ids)
