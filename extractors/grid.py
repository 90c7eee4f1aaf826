"""Row/column indices and spans for a set of cell boxes (ruled tables from PDFs and from scans)."""
from __future__ import annotations

import re


def index_cells(boxes: list[list[float]], tol: float = 2.0) -> list[tuple[int, int, int, int]]:
    """(row, col, rowspan, colspan) per box, from the sorted distinct cell edges."""
    xs = _merge_close(sorted({v for b in boxes for v in (b[0], b[2])}), tol)
    ys = _merge_close(sorted({v for b in boxes for v in (b[1], b[3])}), tol)
    out = []
    for b in boxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        out.append((r0, c0, max(1, r1 - r0), max(1, c1 - c0)))
    return out


def _merge_close(vals, tol):
    out = []
    for v in vals:
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(edges, v) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))



_ROW_NUMBER = re.compile(r"^(\d{1,3}[.．]?)([^\d\s年月日時分円個本枚件号番回%％.．,，:：/／-].*)$")


_ROW_NUMBER_ALONE = re.compile(r"^\d{1,3}[.．]?$")


def _numbered(word) -> list:
    """A row number and the item beside it set as one word (a spreadsheet right-aligns 14 against the
    next cell's オレンジ: 「14オレンジ」) are two cells' words; the cut is placed by the characters'
    widths (digits are half as wide)."""
    m = _ROW_NUMBER.match(word.text)
    if not m:
        return [word]
    from .layout import Word
    weight = lambda t: sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in t)   # noqa: E731
    x0, y0, x1, y1 = word.bbox
    cut = x0 + (x1 - x0) * weight(m.group(1)) / max(weight(word.text), 0.5)
    return [Word(m.group(1), [x0, y0, cut, y1], word.confidence), Word(m.group(2), [cut, y0, x1, y1], word.confidence)]


def text_grid(words: list) -> list[list[str]]:
    """A table printed without rules (a Word table with no borders saved as PDF, columns set with tabs)
    as a grid of cell texts. Rows are words on one level; in a row, a gap wider than a character
    starts a cell, and so does a word at a left edge where cells of three other rows start (text that
    fills its column leaves no gap before the next); cells starting at one left edge (within half a
    character) are a column. [] when nothing stands in two columns."""
    words = [part for w in words if w.text.strip() and w.bbox[3] > w.bbox[1] for part in _numbered(w)]
    if len(words) < 4:
        return []
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    h = heights[len(heights) // 2]
    rows: list[list] = []
    for w in sorted(words, key=lambda w: ((w.bbox[1] + w.bbox[3]) / 2, w.bbox[0])):
        mid = (w.bbox[1] + w.bbox[3]) / 2
        if rows and abs(mid - rows[-1][0]) < 0.5 * h:
            rows[-1][1].append(w)
        else:
            rows.append([mid, [w]])
    rows = [sorted(ws, key=lambda w: w.bbox[0]) for _, ws in rows]
    cells = [_cells(ws, h, []) for ws in rows]
    starts = [c[0] for row in cells for c in row]
    common = [x for x in _merge_close(sorted(starts), 0.5 * h) if sum(abs(s - x) <= 0.5 * h for s in starts) >= 3]
    cells = [_cells(ws, h, common) for ws in rows]
    edges = _merge_close(sorted(c[0] for row in cells for c in row), 0.5 * h)
    if len(edges) < 2:
        return []
    grid = []
    for row in cells:
        out = [""] * len(edges)
        for x0, _, text in row:
            col = _index(edges, x0)
            out[col] = f"{out[col]} {text}".strip()
        grid.append(out)
    return grid


def _cells(ws: list, h: float, edges: list[float]) -> list[list]:
    """[x0, x1, text] per cell of one row of words."""
    row: list[list] = []
    for w in ws:
        at_edge = any(abs(w.bbox[0] - x) <= 0.5 * h for x in edges)
        if row and w.bbox[0] - row[-1][1] <= h and not at_edge and not _ROW_NUMBER_ALONE.match(row[-1][2]):
            row[-1][1], row[-1][2] = max(row[-1][1], w.bbox[2]), f"{row[-1][2]} {w.text}"
        else:
            row.append([w.bbox[0], w.bbox[2], w.text])
    return row
