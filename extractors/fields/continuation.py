"""A spreadsheet printed wider than its paper, read as the one sheet it is.

Excel and LibreOffice Calc cut a sheet too wide for the page into pages side by side, unless it is
scaled to fit: the columns on the right print on a page of their own, row for row at the same heights
(「所在地：」 on the first page, its value at the top of the second; the date at the top right of the
form alone on the last). The field readers read such a page joined to the right of the one it
continues; what they find there is put back on its own page (`put_back`).

A page continues another when the PDF was written by a spreadsheet program and a line crosses the
cut between them: a text run (a title merged across the columns, a long value) is written on both
pages, clipped at the paper's edge, and on the right-hand page it starts left of the paper. Its text
and height name the page it continues — in the print order "down, then over" not always the page
before (a form two pages long and two wide prints its right halves third and fourth). With no line
across the cut, the pages stay apart (its labels' values, unread, are then reported missing).
"""
from __future__ import annotations

import copy
import re

from ..layout import BBox, Layout, Page

SPREADSHEET = re.compile(r"\bCalc\b|Excel|Numbers|Google Sheets|スプレッドシート", re.I)
ROW_TOLERANCE = 0.5      # pt: the same row printed on two pages stands at the same height
SAME_RUN = 6             # glyphs at the start of a clipped run that name it on both pages


def continuations(layout: Layout) -> dict[int, tuple[int, float]]:
    """Page number → (the page it continues to the right, the x at which it stands joined there)."""
    if not SPREADSHEET.search(str((layout.metadata or {}).get("made_by") or "")):
        return {}
    out: dict[int, tuple[int, float]] = {}
    for j, page in enumerate(layout.pages):
        if page.method != "text":
            continue
        base = next((b for b in reversed(layout.pages[:j]) if b.method == "text"
                     and abs(b.height - page.height) < 1 and _crosses_into(b, page)), None)
        if base is not None:
            root, at = out.get(base.number, (base.number, 0.0))    # a third page continues the pair
            out[page.number] = (root, at + base.width)
    return out


def _crosses_into(left: Page, right: Page) -> bool:
    """A line of `right` that starts left of the paper is a run of `left` carried over the cut."""
    spilled = [ln for ln in right.lines if ln.bbox and ln.bbox[0] < 0 and len(ln.text.strip()) >= SAME_RUN]
    return any(abs(ln.bbox[1] - other.bbox[1]) <= ROW_TOLERANCE and other.text.strip()[:SAME_RUN] == ln.text.strip()[:SAME_RUN]
               for ln in spilled for other in left.lines if other.bbox)


def join_continuations(layout: Layout) -> tuple[Layout, dict[int, tuple[int, float]]]:
    """A copy with every continuing page's lines, tables and boxes moved onto the page it continues,
    shifted right by where it joins (the layout itself when none continues)."""
    joins = continuations(layout)
    if not joins:
        return layout, {}
    out = copy.deepcopy(layout)
    for number, (base, dx) in joins.items():
        src, dst = out.pages[number - 1], out.pages[base - 1]
        src.map_boxes(lambda box, dx=dx: _shift(box, dx))
        dst.lines = _reading_order(dst.lines + src.lines)
        dst.tables += src.tables
        dst.checkboxes += src.checkboxes
        dst.kvs += src.kvs
        dst.width = max(dst.width, dx + src.width)
        src.lines, src.tables, src.checkboxes, src.kvs = [], [], [], []
    return out, joins


def _reading_order(lines: list) -> list:
    """Rows top to bottom, each left to right: the continued row's end after its start."""
    rows: list[list] = []
    for ln in sorted(lines, key=lambda ln: ln.bbox[1] if ln.bbox else 0.0):
        top = ln.bbox[1] if ln.bbox else 0.0
        if rows and abs(top - rows[-1][0]) <= ROW_TOLERANCE:
            rows[-1][1].append(ln)
        else:
            rows.append((top, [ln]))
    return [ln for _, row in rows for ln in sorted(row, key=lambda ln: ln.bbox[0] if ln.bbox else 0.0)]


def put_back(page: int, bbox: BBox | None, joins: dict[int, tuple[int, float]]) -> tuple[int, BBox | None]:
    """A box found on a joined page, on the page it was printed on."""
    if not bbox:
        return page, bbox
    for number, (base, dx) in sorted(joins.items(), key=lambda j: -j[1][1]):   # the rightmost first
        if base == page and bbox[0] >= dx - 0.5:
            return number, _shift(bbox, -dx)
    return page, bbox


def _shift(box: BBox | None, dx: float) -> BBox | None:
    return None if box is None else [box[0] + dx, box[1], box[2] + dx, box[3]]
