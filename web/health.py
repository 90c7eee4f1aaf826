"""`/healthz` for a load balancer or monitor: database, broker and blob store, no login.

200 when all three answer, 503 otherwise; the body says which (never an error's text: it may
name hosts or credentials).
"""
from __future__ import annotations

import time
from typing import Any, Callable

from flask import Blueprint, jsonify
from sqlalchemy import text

from intake.blobs import blob_store
from intake.db import get_engine

from web.store import settings

bp = Blueprint("health", __name__)


def _database() -> None:
    with get_engine(settings().database_url).connect() as conn:
        conn.execute(text("SELECT 1"))


def _broker() -> None:
    from intake.worker import celery_app
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=0, timeout=3)


def _blobs() -> None:
    blob_store(settings()).check()


CHECKS: dict[str, Callable[[], None]] = {"database": _database, "broker": _broker,
                                         "blob_store": _blobs}


def run_checks() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, check in CHECKS.items():
        start = time.monotonic()
        try:
            check()
            out[name] = {"ok": True}
        except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
            out[name] = {"ok": False, "error": type(exc).__name__}
        out[name]["ms"] = round((time.monotonic() - start) * 1000, 1)
    return out


@bp.get("/healthz")
def healthz() -> Any:
    checks = run_checks()
    ok = all(c["ok"] for c in checks.values())
    response = jsonify({"status": "ok" if ok else "unavailable", "checks": checks})
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response
