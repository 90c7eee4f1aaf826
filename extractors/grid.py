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



def text_grid(words: list) -> list[list[str]]:
    """A table printed without rules (a Word table with no borders saved as PDF, columns set with tabs)
    as a grid of cell texts. Rows are words on one level; in a row, a gap wider than a character
    starts a cell; cells starting at the same left edge (within half a character) are a column.
    [] when nothing stands in two columns."""
    words = [w for w in words if w.text.strip() and w.bbox[3] > w.bbox[1]]
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
    cells: list[list[list]] = []       # per row: [x0, x1, text]
    for _, ws in rows:
        row: list[list] = []
        for w in sorted(ws, key=lambda w: w.bbox[0]):
            if row and w.bbox[0] - row[-1][1] <= h:
                row[-1][1], row[-1][2] = max(row[-1][1], w.bbox[2]), f"{row[-1][2]} {w.text}"
            else:
                row.append([w.bbox[0], w.bbox[2], w.text])
        cells.append(row)
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
