"""Field values as text in a form, and back: lists as 「、」-separated text, tables as JSON."""
from __future__ import annotations

import json
import re
from typing import Any

TRUE = {"true", "1", "yes", "on", "はい", "有", "あり", "✓"}
FALSE = {"false", "0", "no", "off", "いいえ", "無", "なし"}
SEPARATORS = re.compile(r"\s*[、,，]\s*")


class BadValue(ValueError):
    pass


def _scalar(v: Any) -> bool:
    return isinstance(v, (str, int, float)) or v is None


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(_scalar(v) for v in value):
        return "、".join("" if v is None else str(v) for v in value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def is_table(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and not all(_scalar(v) for v in value))


def parse(text: str, old: Any) -> Any:
    """The typed value a reviewer meant, using the old value's type as the guide."""
    text = (text or "").strip()
    if text == "":
        return [] if isinstance(old, list) else None
    if isinstance(old, bool):
        low = text.lower()
        if low in TRUE:
            return True
        if low in FALSE:
            return False
        raise BadValue(text)
    try:
        if isinstance(old, int):
            return int(text.replace(",", ""))
        if isinstance(old, float):
            return float(text.replace(",", ""))
        if is_table(old):
            return json.loads(text)
    except ValueError:
        raise BadValue(text) from None
    if isinstance(old, list):
        return [p for p in SEPARATORS.split(text) if p]
    return text


def as_grid(value: Any) -> tuple[list[str], list[list[str]]] | None:
    """A list of records (purchase rows, plan items) as columns and rows of text, to show as a table."""
    if not (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
        return None
    columns: list[str] = []
    for record in value:
        columns += [k for k in record if k not in columns]
    return columns, [[as_text(record.get(c)) for c in columns] for record in value]
