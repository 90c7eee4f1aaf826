"""Key–value pairs by adjacency: a label cell and the value beside or below it, or `ラベル：値` on a line.

Readers call these so every format finds pairs the same way.
"""
from __future__ import annotations

import re

from .layout import BBox, KeyValue, Line, Table

_INLINE = re.compile(r"^\s*(?:【(?P<bkey>[^【】]{1,20})】\s*[：:]?|[\[]?(?P<key>(?:[^：:【】\[\]（(]|[（(][^）)]*[）)]){1,20}?)[\]]?\s*[：:])"
                     r"\s*(?P<value>\S.*?)\s*$")
_DIGITS = re.compile(r"\d")
_LETTERS = re.compile(r"[A-Za-z\u3040-\u30ff\u3400-\u9fff]")


def looks_like_label(text: str) -> bool:
    """Short, has letters, no digits, not a sentence: the shape of a form label."""
    t = text.strip()
    return (0 < len(t) <= 20 and not _DIGITS.search(t) and bool(_LETTERS.search(t))
            and not t.endswith(("。", "です", "ます")))


def split_inline(text: str) -> tuple[str, str] | None:
    """`ラベル：値` → (ラベル, 値); None when the line is not of that shape."""
    m = _INLINE.match(text)
    key = m and (m.group("bkey") or m.group("key"))
    if not key or not looks_like_label(key) or m.group("value").startswith("//"):
        return None                      # `https://…` is not a label and a value
    return key.strip(), m.group("value").strip()


def kvs_from_lines(lines: list[Line]) -> list[KeyValue]:
    out = []
    for line in lines:
        pair = split_inline(line.text)
        if pair:
            out.append(KeyValue(pair[0], pair[1], line.bbox, line.bbox, line.confidence))
    return out


def kvs_from_table(table: Table) -> list[KeyValue]:
    """Pair label cells with the first non-empty cell to the right, else below; header rows pair downwards."""
    grid: dict[tuple[int, int], object] = {}
    for c in table.cells:
        grid[(c.row, c.col)] = c
    used: set[int] = set()
    out: list[KeyValue] = []
    rows = table.rows()
    for r, row in enumerate(rows):
        filled = [c for c in row if c.text.strip()]
        if _is_header_row(filled, rows[r + 1] if r + 1 < len(rows) else []):
            for c in filled:
                below = _below(grid, c, table.n_rows)
                if below is not None:
                    out.append(_kv(c, below))
            continue
        for c in filled:
            if id(c) in used or not looks_like_label(c.text):
                continue
            value = _right(grid, c, table.n_cols)
            if value is None or id(value) in used:
                value = _below(grid, c, table.n_rows)
                if value is not None and looks_like_label(value.text) and _right(grid, value, table.n_cols):
                    value = None      # the cell below is itself a label with its own value
            if value is not None:
                out.append(_kv(c, value))
                used.add(id(value))
                used.add(id(c))
    return out


def _is_header_row(filled, next_row) -> bool:
    nxt = [c for c in next_row if c.text.strip()]
    values = sum(not looks_like_label(c.text) for c in nxt)
    return (len(filled) >= 3 and all(looks_like_label(c.text) for c in filled)
            and values >= max(2, len(nxt) / 2))


def _right(grid, cell, n_cols):
    start = cell.col + cell.colspan
    for col in range(start, n_cols):
        other = grid.get((cell.row, col))
        if other is not None and other.text.strip():
            # Past an empty cell, a label with its own value beside it means ours was left blank.
            if col > start and looks_like_label(other.text) and _right(grid, other, n_cols) is not None:
                return None
            return other
    return None


def _below(grid, cell, n_rows):
    r = cell.row + cell.rowspan
    if r < n_rows:
        other = grid.get((r, cell.col))
        if other is not None and other.text.strip():
            return other
    return None


def _kv(key_cell, value_cell) -> KeyValue:
    conf = min(key_cell.confidence, value_cell.confidence)
    return KeyValue(key_cell.text.strip(), value_cell.text.strip(), key_cell.bbox, value_cell.bbox, conf)


def union(boxes: list[BBox | None]) -> BBox | None:
    boxes = [b for b in boxes if b]
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]
