"""Row/column indices and spans for a set of cell boxes (ruled tables from PDFs and from scans)."""
from __future__ import annotations


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
