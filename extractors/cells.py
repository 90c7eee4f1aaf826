"""Checkboxes in grids (DOCX tables, spreadsheets): a cell holding only a mark, labelled by its neighbour."""
from __future__ import annotations

from .kv import looks_like_label
from .layout import Cell, Checkbox, Table
from .marks import BOX_GLYPHS, boxes_in_text, is_cell_mark


def table_checkboxes(table: Table) -> list[Checkbox]:
    """Box glyphs label to their right (☑ 冷凍); circle/tick marks label to their left (えび | ○).

    In a column that holds circle marks, an empty cell beside a label is that label unticked.
    """
    grid = {(c.row, c.col): c for c in table.cells}
    out: list[Checkbox] = []
    mark_cols: set[int] = set()
    for c in table.cells:
        state = is_cell_mark(c.text)
        if state is None:
            out.extend(_inline_boxes(c))
            continue
        glyph = c.text.strip()
        box_style = glyph in BOX_GLYPHS
        order = (_right, _left) if box_style else (_left, _right)
        label = next((n.text.strip() for f in order if (n := f(grid, c)) is not None), "")
        if label:
            out.append(Checkbox(label=label, checked=state, bbox=c.bbox, confidence=c.confidence))
            if not box_style:
                mark_cols.add(c.col)
    for col in mark_cols:
        rows = [c.row for c in table.cells if c.col == col and is_cell_mark(c.text) is not None]
        for row in range(min(rows), max(rows) + 1):
            here = grid.get((row, col))
            if here is not None and here.text.strip():
                continue
            left = _left(grid, Cell(row=row, col=col, text=""))
            if left is not None and looks_like_label(left.text):
                bbox = here.bbox if here is not None else [float(col), float(row), col + 1.0, row + 1.0]
                out.append(Checkbox(label=left.text.strip(), checked=False, bbox=bbox, confidence=0.8))
    return out


def _inline_boxes(cell: Cell) -> list[Checkbox]:
    """`☑冷凍 □冷蔵` written inside one cell."""
    return [Checkbox(label=label, checked=checked, bbox=cell.bbox, confidence=cell.confidence)
            for label, checked, _s, _e in boxes_in_text(cell.text) if label]


def _labelled(cell) -> bool:
    return cell is not None and cell.text.strip() and is_cell_mark(cell.text) is None


def _right(grid, c):
    n = grid.get((c.row, c.col + c.colspan))
    return n if _labelled(n) else None


def _left(grid, c):
    for col in range(c.col - 1, -1, -1):
        n = grid.get((c.row, col))
        if n is not None:
            return n if _labelled(n) else None
    return None
