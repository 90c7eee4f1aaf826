"""Tables with a header row (plans, purchaser lists, license lists), read by header names, not column numbers."""
from __future__ import annotations

import re

from intake.domain import catalogue, jp
from intake.records import FieldValue
from ..layout import Layout
from .base import core_label, norm_key


def _notes(text: str) -> list[str]:
    """What a header says in brackets: 氏名（フリガナ） → フリガナ."""
    return [core_label(n) for n in re.findall(r"[(（]([^)）]+)[)）]", jp.squash(text))]


def _score(header: str, wordings: list[str], terms: list[str]) -> float:
    """How surely a header names a column: its own words (4 exact, 3 holding a wording, 2 a shorter
    form of one: 購入数 for 購入数量), a bracketed note naming it (5: 氏名（フリガナ） is the reading,
    not the name), a key term (1)."""
    core = core_label(header)
    if not core:
        return 0.0
    names = [core_label(w) for w in wordings]
    if any(n and n in _notes(header) for n in names):
        return 5.0
    if core in names:
        return 4.0
    if any(len(n) >= 2 and n in core for n in names):
        return 3.0
    if len(core) >= 2 and any(n.startswith(core) for n in names):
        return 2.0
    if any(core_label(t) in core for t in terms if core_label(t)):
        return 1.0
    return 0.0


def columns_of(header: list[str], key: str) -> dict[str, int]:
    """Which header cell names which column of the table field `key`: the surest pairs first, each
    cell and each column used once (so 氏名 and 氏名カナ do not both go to the name)."""
    wordings, terms = catalogue.columns(key), catalogue.column_terms(key)
    pairs = sorted(((_score(h, wordings[col], terms.get(col, [])), -i, col, i)
                    for col in wordings for i, h in enumerate(header) if h and h.strip()), reverse=True)
    out: dict[str, int] = {}
    for score, _, col, i in pairs:
        if score > 0 and col not in out and i not in out.values():
            out[col] = i
    return out


def header_match(layout: Layout, key: str, rows: int = 5) -> int:
    """How many of the table field's columns the best header row (among each table's first rows) names."""
    best = 0
    for page in layout.pages:
        for t in page.tables:
            for cells in t.rows()[:rows]:
                best = max(best, len(columns_of([c.text for c in cells], key)))
    return best


def header_rows(layout: Layout, key: str,
                required: tuple[str, ...] = ()) -> tuple[list[dict[str, str]], FieldValue | None]:
    """Rows of every table whose header names the required columns of table field `key`, as {column: cell text}."""
    rows: list[dict[str, str]] = []
    where = None
    for page in layout.pages:
        for t in page.tables:
            grid = t.rows()
            for h, header_cells in enumerate(grid):
                header = [""] * t.n_cols
                for c in header_cells:
                    header[c.col] = c.text
                cols = columns_of(header, key)
                if any(r not in cols for r in required) or len(cols) < 2:
                    continue
                confs = []
                for row in grid[h + 1:]:
                    cells = {c.col: c for c in row}
                    rec = {f: cells[i].text.strip() if i in cells else "" for f, i in cols.items()}
                    if not any(rec.values()):
                        break          # a blank row ends the table inside a spreadsheet
                    if norm_key("".join(rec.values())) == norm_key("".join(header)):
                        continue       # the header repeated on a new page
                    confs += [c.confidence for c in row]
                    rows.append(rec)
                if where is None:
                    where = FieldValue(None, min(confs, default=1.0), page.method, page.number, t.bbox)
                break
    return rows, where


def number(text: str | None) -> int | None:
    n = jp.parse_number(text)
    return int(n) if n is not None else None
