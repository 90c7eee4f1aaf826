"""Pages of submissions by keyset (never OFFSET): newest first for lists, urgent first for the queue."""
from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select, tuple_

from intake.models import Submission, User

from web.access import visible
from web.ids import parse_id
from web.store import db


class BadCursor(ValueError):
    pass


def encode_cursor(*parts: object) -> str:
    raw = "|".join(p.isoformat() if isinstance(p, dt.datetime) else str(p) for p in parts)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, n: int) -> list[str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise BadCursor(cursor) from None
    parts = raw.split("|")
    if len(parts) != n:
        raise BadCursor(cursor)
    return parts


def _after_newest(cursor: str):  # noqa: ANN202
    created, sid = decode_cursor(cursor, 2)
    try:
        c, i = dt.datetime.fromisoformat(created), parse_id(sid)
    except ValueError:
        raise BadCursor(cursor) from None
    if i is None:
        raise BadCursor(cursor)
    return tuple_(Submission.created_at, Submission.id) < tuple_(c, i)


@dataclass
class Page:
    items: list[Submission] = field(default_factory=list)
    next_cursor: str | None = None


def newest(user: User, status: str | None = None, profile: str | None = None,
           cursor: str | None = None, limit: int = 50) -> Page:
    """The user's visible submissions, newest first."""
    stmt = visible(select(Submission), user)
    if status:
        stmt = stmt.where(Submission.status == status)
    if profile:
        stmt = stmt.where(Submission.profile == profile)
    if cursor:
        stmt = stmt.where(_after_newest(cursor))
    stmt = stmt.order_by(Submission.created_at.desc(), Submission.id.desc()).limit(limit + 1)
    rows = list(db().scalars(stmt))
    page = Page(rows[:limit])
    if len(rows) > limit:
        last = page.items[-1]
        page.next_cursor = encode_cursor(last.created_at, last.id)
    return page
