"""Defensive readers for field values: never raise on odd input.

Fields arrive normalised (SPEC §3) but a reviewer's correction or an OCR slip
can leave a string where a number is expected; every rule reads through these.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from intake.domain import jp

_NUM = re.compile(r"-?\d+(?:\.\d+)?")


def nfkc(value: Any) -> str:
    """NFKC text without surrounding blanks ('' for None)."""
    return jp.nfkc(value)


def compact(value: Any) -> str:
    """NFKC text with every blank removed (for comparisons)."""
    return jp.squash(value)


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict, set)):
        return len(value) == 0
    return False


def to_number(value: Any) -> float | None:
    """A number from 1200, '1,200円', '30%', ' 8 '; None if there is none."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    m = _NUM.search(nfkc(value).replace(",", "").replace("，", ""))
    return float(m.group()) if m else None


def to_int(value: Any) -> int | None:
    n = to_number(value)
    return None if n is None else int(round(n))


def to_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    s = nfkc(value).lower()
    if s in ("true", "yes", "1", "on", "あり", "有", "■", "☑", "✓", "レ"):
        return True
    if s in ("false", "no", "0", "off", "なし", "無", "□", "☐"):
        return False
    return None


def to_date(value: Any) -> dt.date | None:
    """A date from a date, datetime, ISO-like string ('2026-05-01', '2026/5/1 10:00')
    or a 和暦 one a reviewer may type ('令和8年5月1日', 'R8.5.1')."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return jp.parse_date(nfkc(value))


def to_datetime(value: Any) -> dt.datetime | None:
    """A datetime (time 00:00 when only a date is given)."""
    if isinstance(value, dt.datetime):
        return value
    d = to_date(value)
    if d is None:
        return None
    m = re.search(r"[T\s日](\d{1,2})[:時](\d{1,2})", nfkc(value))
    hh, mm = (int(m[1]), int(m[2])) if m else (0, 0)
    try:
        return dt.datetime(d.year, d.month, d.day, hh, mm)
    except ValueError:
        return dt.datetime(d.year, d.month, d.day)


def to_list(value: Any) -> list:
    """A list from a list, or from a string split at 、,・/ (None → [])."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [v for v in value if not is_empty(v)]
    if isinstance(value, str):
        return [p for p in (s.strip() for s in re.split(r"[、,，・/／\n]", value)) if p]
    return [value]


def yen(value: float | int | None) -> str:
    return "—" if value is None else f"{int(round(value)):,}円"
