"""Row ids from URLs, forms and query strings: only what a row id can be.

Ids are PostgreSQL `integer` columns; a larger number cannot name a row and would make the
database refuse the query (a 500), so it is simply not found.
"""
from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

ID_MAX = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` in every route, bounded to the ids that can exist (else 404)."""

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = ID_MAX, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)


def parse_id(value: Any) -> int | None:
    """A positive id from text, or None when it is not one (letters, 0, out of range)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= ID_MAX else None


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: rules bind their converters when added."""
    app.url_map.converters["int"] = IdConverter
