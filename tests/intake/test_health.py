"""/healthz: database, broker and blob store, without login; 503 naming what is down."""
from __future__ import annotations

import pytest

from tests.intake.services import RedisServer


@pytest.mark.timeout(60)
def test_healthz_answers_200_when_all_answer_and_503_naming_the_broker_when_it_is_down(
        tmp_path, monkeypatch, intake_env):
    from intake import config
    from intake.migrate import upgrade
    from web import create_app

    redis = RedisServer(tmp_path / "redis")
    redis.start()
    try:
        monkeypatch.setenv("INTAKE_BROKER_URL", redis.url)
        settings = config.load()
        upgrade(settings.database_url)
        client = create_app(settings=settings).test_client()
        resp = client.get("/healthz")
        assert resp.status_code == 200, resp.json
        assert resp.json["status"] == "ok"
        assert {k: v["ok"] for k, v in resp.json["checks"].items()} == {
            "database": True, "broker": True, "blob_store": True}
        redis.stop()
        down = client.get("/healthz")
        assert down.status_code == 503 and down.json["status"] == "unavailable"
        assert down.json["checks"]["broker"]["ok"] is False
        assert down.json["checks"]["database"]["ok"] is True
        assert "127.0.0.1" not in down.get_data(as_text=True)        # no hosts, no credentials
        assert down.headers["Cache-Control"] == "no-store"
    finally:
        redis.stop()


def test_healthz_reports_a_blob_store_it_cannot_use(settings, tmp_path):
    from dataclasses import replace

    from web import create_app

    (tmp_path / "a-file").write_text("not a folder")
    broken = replace(settings, blob_url=(tmp_path / "a-file" / "blobs").as_uri())
    resp = create_app(settings=broken).test_client().get("/healthz")
    assert resp.status_code == 503
    assert resp.json["checks"]["blob_store"] == {"ok": False, "error": "NotADirectoryError",
                                                 "ms": resp.json["checks"]["blob_store"]["ms"]}
