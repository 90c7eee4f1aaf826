"""Tables with a header row (plans, purchaser lists, license lists), read by header names, not column numbers."""
from __future__ import annotations

import re
import statistics

from intake.domain import catalogue, jp
from intake.records import FieldValue
from ..layout import Layout, Line
from .base import _union, bare_label, core_label, mid, norm_key, rows_of


def _notes(text: str) -> list[str]:
    """What a header says in brackets: 氏名（フリガナ） → フリガナ."""
    return [core_label(n) for n in re.findall(r"[(（]([^)）]+)[)）]", jp.squash(text))]


def _score(header: str, wordings: list[str], terms: list[str]) -> float:
    """How surely a header names a column: its own words (4 exact, 3.5 ending in a wording, 3 holding
    one, 2.5 the end of one, 2 its start: 購入数 for 購入数量), a bracketed note naming it (5: 氏名（フリガナ） is the reading,
    not the name), a key term (1). A trailing 等 or 欄 says nothing (購入数量欄)."""
    core = core_label(bare_label(header))
    if not core:
        return 0.0
    names = [core_label(w) for w in wordings]
    if any(n and n in _notes(header) for n in names):
        return 5.0
    if core in names:
        return 4.0
    if any(len(n) >= 2 and core.endswith(n) for n in names):
        return 3.5      # a wording that ends the header is its head: 氏名カナ is a reading, not a name
    if any(len(n) >= 2 and n in core for n in names):
        return 3.0
    if len(core) >= 2 and any(n.endswith(core) for n in names):
        return 2.5      # the head of a wording (氏名 of 購入者氏名) before its first words (氏名 of 氏名カナ)
    if len(core) >= 2 and any(n.startswith(core) for n in names):
        return 2.0
    if any(core_label(t) in part for t in terms if core_label(t) for part in [core, *_notes(header)]):
        return 1.0      # a key term, in the header or its note (有効期限（満了日）, 期首 misread: 満了 still says it)
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
                starts = {f: x0[i] for f, i in cols.items() if i in x0}
                for f, i in cols.items():      # a header a stray rule cut in two (有 期首 | (満了日)) starts left
                    if i - 1 in x0 and i - 1 not in cols.values() and header[i - 1].strip() and columns_of(
                            header[:i - 1] + [header[i - 1] + header[i], ""] + header[i + 1:], key).get(f) == i - 1:
                        starts[f] = x0[i - 1]
                ranges = _ranges(starts) if page.method == "ocr" and all(c.bbox for c in t.cells) else None
                confs, used = [], set()
                for row in grid[h + 1:]:
                    if ranges and not row:
                        continue       # a row every cell reaches into from above starts nothing of its own
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


def _ranges(starts: dict[str, float], stops: list[float] = ()) -> list[tuple[str, float, float]]:
    """(column, x from, x to) for each named column, from the left edge of its header to the next named
    header's (so an unnamed cell beside a header, a split of its column, belongs to it) or to the
    next of `stops` (the headers of columns no field is read from, in a list without rules)."""
    xs = sorted((x, f) for f, x in starts.items())
    out = []
    for n, (x, f) in enumerate(xs):
        end = min([xs[n + 1][0] if n + 1 < len(xs) else 1e9] + [e for e in stops if e > x])
        out.append((f, -1e9 if n == 0 else x, end))
    return out


def _by_ranges(lines, ranges) -> dict[str, str]:
    """Each column's text: the lines whose middle falls in its extent, in reading order. A segment
    running over a column edge (OCR joins 880 and 5 of adjacent cells when the rule between them
    faded) is shared out by its words, or by its glyphs' estimated places."""
    rec = {f: [] for f, _, _ in ranges}
    for ln in (ln for row in rows_of(lines) for ln in row):
        for text, x in _pieces(ln, ranges):
            for f, lo, hi in ranges:
                if lo <= x < hi:
                    rec[f].append(text.strip())
    return {f: "".join(v) for f, v in rec.items()}


def _pieces(ln, ranges) -> list[tuple[str, float]]:
    """(text, x middle) parts of a line, one per column it covers."""
    x0, _, x1, _ = ln.bbox
    text = ln.text.strip()
    per = (x1 - x0) / max(1, len(text))
    if not text or not any(x0 + per / 2 < lo < x1 - per / 2 for _, lo, _ in ranges):
        return [(ln.text, mid(ln.bbox)[0])]
    words = [w for w in ln.words if w.bbox and w.text.strip()]
    if len(words) > 1 and "".join(w.text for w in words).replace(" ", "") == text.replace(" ", ""):
        return [(w.text, mid(w.bbox)[0]) for w in words]
    tokens = text.split()
    if len(tokens) > 1:      # cells' texts with a blank between: the first starts the segment, the last ends it
        h = ln.bbox[3] - ln.bbox[1]
        half = [sum(0.6 * h if c.isascii() else h for c in t) / 2 for t in tokens]    # a digit ≈ 0.6 of the height
        first, last = x0 + half[0], x1 - half[-1]
        return [(t, first + (last - first) * i / (len(tokens) - 1)) for i, t in enumerate(tokens)]
    return [(ch, x0 + per * (i + 0.5)) for i, ch in enumerate(text)]


def _aligned(page, key: str, required: tuple[str, ...]) -> tuple[list[dict[str, str]], list | None, float]:
    """A list printed without rules: a row of segments naming the columns, then the rows aligned under it.

    A row with text in one column only continues the record above (a wrapped name or address); a
    row that spans the columns (a note), or a gap of more than two rows, ends the list.
    """
    rows = rows_of(page.lines)
    for n, row in enumerate(rows):
        row = _joined(row)
        names, wrapped = _wrapped_header(row, rows[n + 1] if n + 1 < len(rows) else [])
        cols = columns_of(names, key)
        if any(r not in cols for r in required) or len(cols) < 2:
            continue
        named = set(cols.values())
        ranges = _ranges({f: row[i].bbox[0] for f, i in cols.items()},
                         [ln.bbox[0] for i, ln in enumerate(row) if i not in named])
        out: list[dict[str, str]] = []
        confs, box, prev = [], list(row[0].bbox), rows[n + wrapped]
        for data in rows[n + 1 + wrapped:]:
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


def _joined(row) -> list:
    """A row's segments with those OCR split inside one header joined (有 期首 | (満了日): a blank of
    less than half a glyph between them)."""
    out = []
    for ln in row:
        h = ln.bbox[3] - ln.bbox[1]
        if out and ln.bbox[0] - out[-1].bbox[2] < 0.5 * h:
            prev = out[-1]
            out[-1] = Line(prev.text + ln.text, _union(prev.bbox, ln.bbox), min(prev.confidence, ln.confidence))
        else:
            out.append(ln)
    return out


def _wrapped_header(row, below) -> tuple[list[str], int]:
    """The header's names, with a name wrapped onto the next line joined (お一人様上 / 限), and how many
    rows that took (0 or 1). The row below is a wrapped part when its few segments each stand under
    a header segment, closely, and read as no data (no digits)."""
    names = [ln.text for ln in row]
    if not below or len(below) * 2 > len(row) or any(re.search(r"\d", ln.text) for ln in below):
        return names, 0
    h = max(ln.bbox[3] - ln.bbox[1] for ln in row)
    if min(ln.bbox[1] for ln in below) - max(ln.bbox[3] for ln in row) > 0.5 * h:
        return names, 0
    for part in below:
        under = [i for i, ln in enumerate(row) if ln.bbox[0] - 0.5 * h <= part.bbox[0] <= ln.bbox[2]]
        if not under:
            return [ln.text for ln in row], 0
        names[under[0]] += part.text
    return names, 1


def number(text: str | None) -> int | None:
    n = jp.parse_number(text)
    return int(n) if n is not None else None
