"""XLSX → Layout (openpyxl, cached values): one Page per sheet, one Table of its cells with merged
ranges as spans, mark cells as checkboxes, key–value pairs by adjacency. Coordinates are cell units."""
from __future__ import annotations

import datetime as dt
import io
import re

from .. import limits
from ..cells import table_checkboxes
from ..errors import unreadable
from ..kv import kvs_from_table
from ..layout import Cell, Layout, Line, Page, Table
from ..ziplimits import check_zip


def read_xlsx(data: bytes) -> Layout:
    check_zip(data)
    import openpyxl
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except KeyError as e:
        raise unreadable("corrupt", f"xlsx part missing: {e}") from None
    if len(wb.worksheets) > limits.MAX_PAGES:
        raise unreadable("too_many_pages", f"{len(wb.worksheets)} sheets")
    pages, budget = [], limits.MAX_XLSX_CELLS
    controls = _controls(data)
    sheets = _filled_in(wb.worksheets)
    for number, (index, ws) in enumerate(sheets, start=1):
        page, used, (row0, col0) = _sheet_page(ws, number, budget)
        budget -= used
        for cb in controls[index] if index < len(controls) else []:
            if cb.label:
                if cb.bbox:        # sheet cell units → this page's cell units
                    cb.bbox = [cb.bbox[0] - col0, cb.bbox[1] - row0, cb.bbox[2] - col0, cb.bbox[3] - row0]
                page.checkboxes.append(cb)
        pages.append(page)
    if not any(p.lines for p in pages):
        raise unreadable("no_content", "workbook without values")
    return Layout(media_type="", pages=pages, method="xlsx",
                  metadata={"sheets": [ws.title for _, ws in sheets],
                            "sheets_left_out": [ws.title for ws in wb.worksheets if all(ws is not k for _, k in sheets)]})


# a sheet that shows how to fill the form in (記入例, 見本, 入力例, sample): its values are no one's
EXAMPLE = re.compile(r"記入例|記載例|入力例|見本|サンプル|^例$|^例[\s(（]|sample|example", re.I)


def _filled_in(worksheets) -> list:
    """(index, sheet) of the sheets to read: the visible ones that are not a filled-in example; all of
    them when that leaves none (a workbook of one hidden sheet is still read)."""
    visible = [(i, ws) for i, ws in enumerate(worksheets)
               if getattr(ws, "sheet_state", "visible") == "visible" and not EXAMPLE.search(ws.title or "")]
    return visible or list(enumerate(worksheets))


def _controls(data: bytes) -> list:
    """Form-control checkboxes are optional extras: a malformed drawing part must not sink the workbook."""
    from .xlsx_controls import form_checkboxes
    try:
        return form_checkboxes(data)
    except Exception:
        return []


def _sheet_page(ws, number: int, budget: int) -> tuple[Page, int, tuple[int, int]]:
    values = _values(ws, budget)
    merged = {}
    hidden = set()
    for rng in ws.merged_cells.ranges:
        merged[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        hidden.update((r, c) for r in range(rng.min_row, rng.max_row + 1)
                      for c in range(rng.min_col, rng.max_col + 1) if (r, c) != (rng.min_row, rng.min_col))
    keys = sorted(k for k in values if k not in hidden)
    min_r = min((r for r, _ in keys), default=1)
    min_c = min((c for _, c in keys), default=1)
    cells, lines = [], []
    for r, c in keys:
        rowspan, colspan = merged.get((r, c), (1, 1))
        row, col = r - min_r, c - min_c
        bbox = [float(col), float(row), float(col + colspan), float(row + rowspan)]
        text = values[(r, c)]
        cells.append(Cell(row=row, col=col, text=text, bbox=bbox, rowspan=rowspan, colspan=colspan))
        lines.append(Line(text=text, bbox=bbox))
    table = Table(cells=cells, bbox=[0.0, 0.0, float(max((c.col + c.colspan for c in cells), default=0)),
                                     float(max((c.row + c.rowspan for c in cells), default=0))])
    page = Page(number=number, width=table.bbox[2], height=table.bbox[3], unit="cell", method="xlsx",
                lines=lines, tables=[table] if cells else [])
    if cells:
        page.kvs = kvs_from_table(table)
        page.checkboxes = table_checkboxes(table)
    return page, len(values), (min_r - 1, min_c - 1)


# a cell holding only the colon between a label's cell and its value's (氏名 | ： | 山田 太郎): no text of its own
SEPARATOR = re.compile(r"\s*[:：]\s*")


def _values(ws, budget: int) -> dict[tuple[int, int], str]:
    """Non-empty cells only; openpyxl keeps them in a sparse dict, so huge styled ranges cost nothing."""
    store = getattr(ws, "_cells", None)
    items = store.items() if isinstance(store, dict) else (
        ((c.row, c.column), c) for row in ws.iter_rows() for c in row)
    out = {}
    for key, cell in items:
        text = format_value(cell.value, cell.number_format)
        if text and not SEPARATOR.fullmatch(text):
            out[key] = text
            if len(out) > budget:
                raise unreadable("bomb", "too many cells")
    return out


def format_value(v, number_format: str = "General") -> str:
    """Cached cell value as the text a person sees (dates ISO, percentages with %, integers plain)."""
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ", timespec="minutes")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float)):
        if "%" in (number_format or ""):
            return f"{round(v * 100, 6):g}%"
        if float(v).is_integer():
            return str(int(v))
        return f"{v:.10g}"
    return str(v).strip()
