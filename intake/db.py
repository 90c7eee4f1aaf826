"""Engine and sessions; SQLite gets WAL and a busy timeout so web and worker share it.

Database errors never carry values into logs: bound parameters are hidden, and PostgreSQL's
DETAIL lines ("Failing row contains (…)", "Key (…)=(…)") are cut from the error's text.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    engine = _create(url)
    event.listen(engine, "handle_error", _without_values)
    return engine


def _without_values(context) -> None:  # noqa: ANN001
    """Keep only the first line (the primary message) of a driver's error: its DETAIL and
    CONTEXT lines quote row values. `diag` (psycopg) keeps all for code that needs it."""
    for exc in (context.original_exception, context.sqlalchemy_exception):
        if exc is not None and exc.args and isinstance(exc.args[0], str) and "\n" in exc.args[0]:
            exc.args = (exc.args[0].split("\n", 1)[0],) + exc.args[1:]


def _create(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, hide_parameters=True,
                               connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(conn, _record):  # noqa: ANN001
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, hide_parameters=True, pool_pre_ping=True, pool_size=10,
                         max_overflow=20)


@lru_cache(maxsize=8)
def _factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


def new_session(url: str) -> Session:
    return _factory(url)()


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = new_session(url)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
