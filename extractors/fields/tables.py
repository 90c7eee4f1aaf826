"""Tables with a header row (plans, purchaser lists, license lists), read by header names, not column numbers."""
from __future__ import annotations

from functools import lru_cache

from intake.records import FieldValue

from intake.domain import jp
from ..layout import Layout
from .base import norm_key


def _column_of(header: list[str], names: list[str]) -> int | None:
    return _column_in(tuple(header), tuple(names))


@lru_cache(maxsize=8192)     # classification asks it of the same header rows for every kind's columns
def _column_in(header: tuple[str, ...], names: tuple[str, ...]) -> int | None:
    keys = [norm_key(h) for h in header]
    for want in (norm_key(n) for n in names):
        for i, k in enumerate(keys):
            if k == want:
                return i
    for want in (norm_key(n) for n in names):
        for i, k in enumerate(keys):
            if want in k:
                return i
    for want in (norm_key(n) for n in names):      # a shorter header: 購入数 for 購入数量
        for i, k in enumerate(keys):
            if len(k) >= 2 and want.startswith(k):
                return i
    return None


def header_match(layout: Layout, columns: dict[str, list[str]], rows: int = 5) -> int:
    """How many of the columns the best header row (among each table's first rows) names."""
    best = 0
    for page in layout.pages:
        for t in page.tables:
            for cells in t.rows()[:rows]:
                header = [c.text for c in cells]
                best = max(best, sum(_column_of(header, names) is not None for names in columns.values()))
    return best


def header_rows(layout: Layout, columns: dict[str, list[str]],
                required: tuple[str, ...] = ()) -> tuple[list[dict[str, str]], FieldValue | None]:
    """Rows of every table whose header names the required columns, as {field: cell text}."""
    rows: list[dict[str, str]] = []
    where = None
    for page in layout.pages:
        for t in page.tables:
            grid = t.rows()
            for h, header_cells in enumerate(grid):
                header = [""] * t.n_cols
                for c in header_cells:
                    header[c.col] = c.text
                cols = {f: _column_of(header, names) for f, names in columns.items()}
                if any(cols[r] is None for r in required) or sum(v is not None for v in cols.values()) < 2:
                    continue
                confs = []
                for row in grid[h + 1:]:
                    cells = {c.col: c for c in row}
                    rec = {f: cells[i].text.strip() if i in cells else "" for f, i in cols.items() if i is not None}
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
