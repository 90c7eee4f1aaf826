"""Per-request database session, settings and blob store."""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from intake import config
from intake.blobs import BlobStore, blob_store
from intake.db import new_session


def settings() -> config.Settings:
    return current_app.config["INTAKE_SETTINGS"]


def db() -> Session:
    """The request's session, opened on first use and closed on teardown."""
    if "db" not in g:
        g.db = new_session(settings().database_url)
    return g.db


def blobs() -> BlobStore:
    return blob_store(settings())


def discard_session() -> None:
    """Drop the request's session after a lost connection (its rollback may fail too)."""
    session = g.pop("db", None)
    if session is not None:
        try:
            session.close()
        except Exception:  # noqa: BLE001 - the connection is gone; the pool replaces it
            pass


def _close(_exc: BaseException | None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(_close)
