"""Faults with real processes: a worker killed mid-OCR, the broker down during uploads, PostgreSQL
gone mid-run, a task that always fails, and two workers sharing nothing but broker, database and
an S3 store. Each test starts its own Redis (and proxy, and S3 server) on free ports; the
machine's shared PostgreSQL is reached only through a proxy the test cuts, never stopped."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import SAMPLES, require_service
from tests.intake.services import (S3_ENV, RedisServer, TcpProxy, kill_tree, moto_s3, start_worker,
                                   stop_tree, wait_for)
from tests.intake.test_integration import pg_url  # noqa: F401 - a fixture

pytestmark = pytest.mark.integration
SCANS = SAMPLES / "scans" / "s8v4r0_shika_clean"
PDFS = [SAMPLES / "s7v4r0_shika_clean" / "pl_hoken_kakunin.pdf",
        SAMPLES / "s7v4r0_shika_outside" / "menkyo_kyoka_kakunin.pdf",
        SAMPLES / "s7v4r0_hamada_return_ratio" / "eigyo_kyoka.pdf",
        SAMPLES / "food_label_clean" / "shokuhin_hyoji.pdf"]
FAST = {"INTAKE_SWEEP_EVERY_S": "1", "INTAKE_STALE_AFTER_S": "6", "INTAKE_RETRY_DELAY_S": "0.5",
        "INTAKE_RETENTION_EVERY_S": "3600"}
DONE = ("clean", "needs_review", "failed")


@dataclass
class Cluster:
    env: dict[str, str]
    client: object
    auth: dict[str, str]
    settings: object
    logs: Path
    supplier_id: int

    def post(self, path: Path, profile: str = "shika") -> int:
        with path.open("rb") as fh:
            resp = self.client.post("/api/v1/submissions", headers=self.auth,
                                    data={"profile": profile, "files": [(fh, path.name)]},
                                    content_type="multipart/form-data")
        assert resp.status_code == 202, resp.get_data(as_text=True)
        return resp.json["id"]

    def get(self, sid: int):
        return self.client.get(f"/api/v1/submissions/{sid}", headers=self.auth)

    def statuses(self, ids: list[int]) -> dict[int, str]:
        from intake.db import session_scope
        from intake.models import Submission
        with session_scope(self.settings.database_url) as s:
            return dict(s.execute(select(Submission.id, Submission.status)
                                  .where(Submission.id.in_(ids))).all())

    def wait_done(self, ids: list[int], timeout: float) -> dict[int, str]:
        def done():
            st = self.statuses(ids)
            return st if all(v in DONE for v in st.values()) and len(st) == len(ids) else None
        try:
            return wait_for(done, timeout, f"submissions {ids} to be processed", step=0.5)
        except AssertionError:
            raise AssertionError(f"{self.statuses(ids)}\n" + self.worker_logs()) from None

    def worker_logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in sorted(self.logs.glob("*.log")))

    def processed_counts(self, ids: list[int]) -> dict[int, int]:
        """How many times each submission's results were written (audit `processed`)."""
        from intake.db import session_scope
        from intake.models import AuditEvent
        with session_scope(self.settings.database_url) as s:
            rows = dict(s.execute(select(AuditEvent.submission_id, func.count())
                                  .where(AuditEvent.submission_id.in_(ids),
                                         AuditEvent.action == "processed")
                                  .group_by(AuditEvent.submission_id)).all())
        return {i: rows.get(i, 0) for i in ids}

    def worker(self, name: str, queues: str = "default,ocr", **extra: str):
        return start_worker({**self.env, **extra}, self.logs / f"{name}.log", queues=queues)


def make_cluster(tmp_path: Path, monkeypatch, database_url: str, broker_url: str,
                 **extra: str) -> Cluster:
    env = {**os.environ, "INTAKE_HOME": str(tmp_path / "web"), "INTAKE_DATABASE_URL": database_url,
           "INTAKE_BROKER_URL": broker_url, "INTAKE_EAGER": "false",
           "INTAKE_SECRET_KEY": "test-secret", **FAST, **extra}
    for key in ("INTAKE_HOME", "INTAKE_DATABASE_URL", "INTAKE_BROKER_URL", "INTAKE_EAGER",
                "INTAKE_SECRET_KEY", *FAST, *extra):
        monkeypatch.setenv(key, env[key])
    from intake import config
    from intake.accounts import add_user, create_token
    from intake.db import session_scope
    from intake.migrate import upgrade
    from web import create_app

    settings = config.load()
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as s:
        shop = add_user(s, "shop@example.jp", "supplier", password="pw-123456")
        token = create_token(s, shop)
        s.flush()
        supplier_id = shop.supplier_id
        add_user(s, "admin@example.jp", "admin", password="correct horse 42")
    client = create_app(settings=settings, test_config={"TESTING": True}).test_client()
    logs = tmp_path / "logs"
    logs.mkdir()
    return Cluster(env, client, {"Authorization": f"Bearer {token}"}, settings, logs, supplier_id)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.mark.timeout(240)
def test_a_worker_killed_mid_ocr_loses_nothing_and_repeats_nothing(tmp_path, monkeypatch, pg_url,
                                                                    redis_server):
    c = make_cluster(tmp_path, monkeypatch, pg_url, redis_server.url)
    first = c.worker("first")
    try:
        scan = c.post(SCANS / "IMG_6202.jpg")
        wait_for(lambda: c.statuses([scan])[scan] == "processing", 90, "the scan to be read")
        time.sleep(1.5)                       # inside the OCR
        kill_tree(first)                      # the whole host's worker tree, as a crash would
    finally:
        stop_tree(first)
    killed_at = time.monotonic()
    queued = [c.post(p) for p in PDFS]        # waiting in the broker while no worker runs
    second = c.worker("second")
    try:
        ids = [scan, *queued]
        statuses = c.wait_done(ids, 150)
        assert set(statuses.values()) <= {"clean", "needs_review"}, statuses
        # re-sent by the sweeper within seconds of going stale, not after the broker's hour
        assert time.monotonic() - killed_at < 120
        assert c.processed_counts(ids) == {i: 1 for i in ids}
        body = c.get(scan).json
        assert body["documents"][0]["method"] == "ocr" and body["documents"][0]["fields"]
    finally:
        stop_tree(second)
    from intake.db import session_scope
    from intake.models import AuditEvent
    with session_scope(c.settings.database_url) as s:
        requeued = s.scalars(select(AuditEvent).where(AuditEvent.submission_id == scan,
                                                      AuditEvent.action == "requeued")).all()
    assert requeued and requeued[0].from_status == "processing"


@pytest.mark.timeout(180)
def test_uploads_while_the_broker_is_down_are_kept_and_processed_when_it_returns(
        tmp_path, monkeypatch, pg_url, redis_server):
    c = make_cluster(tmp_path, monkeypatch, pg_url, redis_server.url)
    worker = c.worker("w")
    try:
        redis_server.stop()
        started = time.monotonic()
        ids = [c.post(p) for p in PDFS[:3]]           # 202 each: stored, committed
        assert time.monotonic() - started < 30          # an upload does not hang on the broker
        assert set(c.statuses(ids).values()) == {"received"}
        from intake.blobs import blob_store
        from intake.db import session_scope
        from intake.models import Submission
        with session_scope(c.settings.database_url) as s:
            subs = s.scalars(select(Submission).where(Submission.id.in_(ids))).all()
            assert all(sub.unsent_since is not None for sub in subs)
            assert all(blob_store(c.settings).exists(d.sha256) for sub in subs for d in sub.documents)
        time.sleep(2)
        redis_server.start()                           # same port: the worker reconnects
        statuses = c.wait_done(ids, 120)
        assert set(statuses.values()) <= {"clean", "needs_review"}
        assert c.processed_counts(ids) == {i: 1 for i in ids}
    finally:
        stop_tree(worker)


@pytest.mark.timeout(180)
def test_postgresql_gone_mid_run_503_then_the_worker_carries_on(tmp_path, monkeypatch, pg_url,
                                                                 redis_server):
    from tests.web.conftest import login

    require_service("PostgreSQL", 5432)
    proxy = TcpProxy(("127.0.0.1", 5432))
    proxy.restore()
    via_proxy = pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    c = make_cluster(tmp_path, monkeypatch, via_proxy, redis_server.url)
    worker = c.worker("w")
    try:
        scan = c.post(SCANS / "IMG_6202.jpg")
        wait_for(lambda: c.statuses([scan])[scan] == "processing", 90, "the scan to be read")
        login(c.client, "admin@example.jp")
        proxy.cut()
        resp = c.get(scan)
        assert resp.status_code == 503
        assert resp.json["message"] == "データベースに接続できません。しばらく待ってからやり直してください。"
        page = c.client.get("/admin/health")              # the signed-in user is looked up
        assert page.status_code == 503 and "データベースに接続できません" in page.get_data(as_text=True)
        health = c.client.get("/healthz")
        assert health.status_code == 503 and health.json["checks"]["database"]["ok"] is False
        time.sleep(4)
        proxy.restore()
        assert c.get(scan).status_code == 200
        later = c.post(PDFS[0])
        statuses = c.wait_done([scan, later], 120)
        assert set(statuses.values()) <= {"clean", "needs_review"}, statuses
        assert c.processed_counts([scan, later]) == {scan: 1, later: 1}
    finally:
        stop_tree(worker)
        proxy.cut()


@pytest.mark.timeout(150)
def test_a_task_that_always_fails_ends_failed_with_its_reason_and_can_be_retried(
        tmp_path, monkeypatch, pg_url, redis_server):
    from intake.blobs import blob_store
    from intake.db import session_scope
    from intake.models import AuditEvent, Submission
    from intake.pipeline import InputFile
    from intake.submissions import receive
    from intake.worker import enqueue
    from tests.web.conftest import login

    c = make_cluster(tmp_path, monkeypatch, pg_url, redis_server.url)
    data = PDFS[0].read_bytes()
    store = blob_store(c.settings)
    with session_scope(c.settings.database_url) as s:
        sid = receive(s, store, "shika", [InputFile("hoken.pdf", data)],
                      supplier_id=c.supplier_id).id
    sha = store.put(data)
    store.delete(sha)                                 # the original is gone: every attempt fails
    worker = c.worker("w")
    try:
        with session_scope(c.settings.database_url) as s:
            enqueue(s.get(Submission, sid))
        c.wait_done([sid], 60)
        body = c.get(sid).json
        assert body["status"] == "failed"
        assert "原本ファイル" in body["status_reason"] and "見つかりません" in body["status_reason"]
        with session_scope(c.settings.database_url) as s:
            assert s.get(Submission, sid).attempts == 4          # the first try and 3 retries
        login(c.client, "admin@example.jp")
        page = c.client.get("/admin/health").get_data(as_text=True)
        assert f"#{sid}" in page and "原本ファイル" in page
        store.put(data)                                          # an operator restores the file
        from tests.web.conftest import csrf_of
        resp = c.client.post(f"/admin/health/{sid}/retry", data={"csrf_token": csrf_of(page)})
        assert resp.status_code == 302
        statuses = c.wait_done([sid], 60)
        assert statuses[sid] in ("clean", "needs_review")
        with session_scope(c.settings.database_url) as s:
            actions = s.scalars(select(AuditEvent.action).where(AuditEvent.submission_id == sid)
                                .order_by(AuditEvent.id)).all()
        assert actions.count("retried") == 1 and actions[-1] == "processed"
    finally:
        stop_tree(worker)


@pytest.mark.timeout(180)
def test_two_workers_sharing_only_broker_database_and_s3(tmp_path, monkeypatch, pg_url,
                                                         redis_server):
    for key, value in S3_ENV.items():
        monkeypatch.setenv(key, value)
    with moto_s3("intake-test") as endpoint:
        blob_url = f"s3://intake-test/originals?endpoint={endpoint}"
        c = make_cluster(tmp_path, monkeypatch, pg_url, redis_server.url, INTAKE_BLOB_URL=blob_url,
                         **S3_ENV)
        homes = [tmp_path / "host-a", tmp_path / "host-b"]
        # born-digital files only, so each host's `default` worker is enough
        workers = [c.worker(f"host-{i}", queues="default", INTAKE_HOME=str(h))
                   for i, h in enumerate(homes)]
        try:
            for i in range(2):
                wait_for(lambda i=i: " ready." in (c.logs / f"host-{i}.log").read_text(
                    errors="replace"), 90, f"worker host-{i} to start")
            ids = [c.post(p) for p in PDFS * 2]
            statuses = c.wait_done(ids, 120)
            assert set(statuses.values()) <= {"clean", "needs_review"}, statuses
            assert c.processed_counts(ids) == {i: 1 for i in ids}
        finally:
            for w in workers:
                stop_tree(w)
            import boto3
            listed = boto3.client("s3", endpoint_url=endpoint).list_objects_v2(
                Bucket="intake-test", Prefix="originals/")
            assert len(listed.get("Contents", [])) == len(PDFS)   # one object per distinct file
        done = [(c.logs / f"host-{i}.log").read_text(errors="replace").count(" succeeded in ")
                for i in range(2)]
        assert sum(done) >= len(ids) and all(n > 0 for n in done), f"both hosts take work: {done}"
        for home in [tmp_path / "web", *homes]:      # no original on any host's disk
            assert not any((home / "blobs").rglob("*"))
