"""Field values as text in a form, and back: lists as 「、」-separated text, tables as a grid of
cells under the catalogue's Japanese column names (`t:<field id>:<row>:<column>` inputs)."""
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


def as_grid(value: Any, key: str = "", en: bool = False) -> tuple[list[tuple[str, str]], list[list[str]]] | None:
    """A table field (purchase rows, plan items) as [(column, heading)] and rows of text: the
    catalogue's columns first, in its order and language, then any other the rows hold."""
    from intake.domain import catalogue

    if not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
        return None
    known = catalogue.columns(key)       # column → the header wordings a form prints, first the usual
    if not value and not known:
        return None
    names = list(known)
    for record in value:
        names += [k for k in record if k not in names]
    columns = [(c, known[c][0] if c in known and known[c] and not en else c.replace("_", " ")) for c in names]
    return columns, [[as_text(record.get(c)) for c in names] for record in value]


def parse_grid(form: Any, field_id: int, key: str, old: Any) -> list[dict[str, Any]]:
    """The rows a reviewer left in a table field's grid; an all-blank row is dropped (that is how
    a row is deleted, and the spare row at the end adds one). A column whose values were numbers
    takes numbers (as `parse` takes the old value's type)."""
    prefix = f"t:{field_id}:"
    cells: dict[int, dict[str, str]] = {}
    for name, text in form.items():
        if not name.startswith(prefix):
            continue
        try:
            row, column = name[len(prefix):].split(":", 1)
            cells.setdefault(int(row), {})[column] = (text or "").strip()
        except ValueError:
            continue
    samples = {c: v for record in (old or []) if isinstance(record, dict) for c, v in record.items()
               if v is not None}
    out = []
    for _, record in sorted(cells.items()):
        if not any(record.values()):
            continue
        parsed = {}
        for column, text in record.items():
            if text == "":
                parsed[column] = None
            elif isinstance(samples.get(column), (int, float)) and not isinstance(samples.get(column), bool):
                number = text.replace(",", "").replace("，", "").removesuffix("円").strip()
                try:
                    parsed[column] = int(number) if re.fullmatch(r"-?\d+", number) else float(number)
                except ValueError:
                    raise BadValue(text) from None
            else:
                parsed[column] = text
        out.append(parsed)
    return out
