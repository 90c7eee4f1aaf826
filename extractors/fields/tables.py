"""Tables with a header row (plans, purchaser lists, license lists), read by header names, not column numbers."""
from __future__ import annotations

import re
import statistics

from intake.domain import catalogue, jp
from intake.records import FieldValue
from ..layout import Layout
from .base import core_label, mid, norm_key, rows_of


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
    """Rows of every table whose header names the required columns of table field `key`, as {column: cell text}.

    On a page image the header's cells give each column its extent and a row's text is the OCR lines
    inside it (ruled lines broken on a fax split and shift cells); a list printed without rules is read
    from its aligned lines the same way.
    """
    rows: list[dict[str, str]] = []
    where = None
    for page in layout.pages:
        found = False
        for t in page.tables:
            grid = t.rows()
            for h, header_cells in enumerate(grid):
                header = [""] * t.n_cols
                for c in header_cells:
                    header[c.col] = c.text
                cols = columns_of(header, key)
                if any(r not in cols for r in required) or len(cols) < 2:
                    continue
                x0 = {c.col: c.bbox[0] for c in header_cells if c.bbox}
                ranges = _ranges({f: x0[i] for f, i in cols.items() if i in x0}) \
                    if page.method == "ocr" and all(c.bbox for c in t.cells) else None
                confs, used = [], set()
                for row in grid[h + 1:]:
                    if ranges:
                        # the row's usual extent (a cell whose rule broke spans the next row too); each line once
                        top = statistics.median(c.bbox[1] for c in row if c.rowspan == 1) if any(
                            c.rowspan == 1 for c in row) else min(c.bbox[1] for c in row)
                        bottom = statistics.median(c.bbox[3] for c in row if c.rowspan == 1) if any(
                            c.rowspan == 1 for c in row) else max(c.bbox[3] for c in row)
                        inside = [ln for ln in page.lines if id(ln) not in used and top <= mid(ln.bbox)[1] <= bottom]
                        used.update(id(ln) for ln in inside)
                        rec = _by_ranges(inside, ranges)
                    else:
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
                found = True
                break
        if not found and page.method == "ocr":
            more, box, conf = _aligned(page, key, required)
            if more:
                rows += more
                where = where or FieldValue(None, conf, page.method, page.number, box)
    return rows, where


def _ranges(starts: dict[str, float]) -> list[tuple[str, float, float]]:
    """(column, x from, x to) for each named column, from the left edge of its header to the next named
    header's (so an unnamed cell beside a header, a split of its column, belongs to it)."""
    xs = sorted((x, f) for f, x in starts.items())
    return [(f, -1e9 if n == 0 else x, xs[n + 1][0] if n + 1 < len(xs) else 1e9) for n, (x, f) in enumerate(xs)]


def _by_ranges(lines, ranges) -> dict[str, str]:
    """Each column's text: the lines whose middle falls in its extent, in reading order."""
    rec = {f: [] for f, _, _ in ranges}
    for ln in (ln for row in rows_of(lines) for ln in row):
        x = mid(ln.bbox)[0]
        for f, lo, hi in ranges:
            if lo <= x < hi:
                rec[f].append(ln.text.strip())
    return {f: "".join(v) for f, v in rec.items()}


def _aligned(page, key: str, required: tuple[str, ...]) -> tuple[list[dict[str, str]], list | None, float]:
    """A list printed without rules: a row of segments naming the columns, then the rows aligned under it.

    A row with text in one column only continues the record above (a wrapped name or address); a
    row that spans the columns (a note), or a gap of more than two rows, ends the list.
    """
    rows = rows_of(page.lines)
    for n, row in enumerate(rows):
        cols = columns_of([ln.text for ln in row], key)
        if any(r not in cols for r in required) or len(cols) < 2:
            continue
        ranges = _ranges({f: row[i].bbox[0] for f, i in cols.items()})
        out: list[dict[str, str]] = []
        confs, box, prev = [], list(row[0].bbox), row
        for data in rows[n + 1:]:
            h = max(ln.bbox[3] - ln.bbox[1] for ln in data)
            gap = min(ln.bbox[1] for ln in data) - max(ln.bbox[3] for ln in prev)
            wide = any(sum(1 for _, lo, hi in ranges if ln.bbox[0] < hi and ln.bbox[2] > lo) > 2 for ln in data)
            if gap > 2.5 * h or wide:
                break
            rec = _by_ranges(data, ranges)
            filled = [f for f, v in rec.items() if v]
            if len(filled) == 1 and out:
                out[-1][filled[0]] += rec[filled[0]]
            elif filled:
                out.append(rec)
            confs += [ln.confidence for ln in data]
            for ln in data:
                box = [min(box[0], ln.bbox[0]), min(box[1], ln.bbox[1]), max(box[2], ln.bbox[2]), max(box[3], ln.bbox[3])]
            prev = data
        if out:
            return out, box, min(confs, default=1.0)
    return [], None, 1.0


def number(text: str | None) -> int | None:
    n = jp.parse_number(text)
    return int(n) if n is not None else None
