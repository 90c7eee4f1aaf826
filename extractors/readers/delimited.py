"""CSV (e.g. purchase_list) → one Table; plain text → lines. UTF-8 (with BOM) or Shift_JIS/cp932."""
from __future__ import annotations

import csv
import io

from .. import limits
from ..detect import decode_text
from ..errors import unreadable
from ..kv import kvs_from_lines
from ..layout import Cell, Layout, Line, Page, Table


def _decode(data: bytes) -> str:
    text = decode_text(data)
    if text is None:
        raise unreadable("corrupt", "text in an unknown encoding")
    return text


def read_csv(data: bytes) -> Layout:
    text = _decode(data)
    sample = text[:8192]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    cells, lines = [], []
    for r, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter)):
        if r >= limits.MAX_CSV_ROWS:
            raise unreadable("too_many_pages", f"more than {limits.MAX_CSV_ROWS} rows")
        for c, value in enumerate(row):
            cells.append(Cell(row=r, col=c, text=value.strip(), bbox=[float(c), float(r), c + 1.0, r + 1.0]))
        if any(v.strip() for v in row):
            lines.append(Line(text=delimiter.join(v.strip() for v in row), bbox=[0.0, float(r), float(len(row)), r + 1.0]))
    if not lines:
        raise unreadable("no_content", "empty csv")
    table = Table(cells=cells)
    page = Page(number=1, width=float(table.n_cols), height=float(table.n_rows), unit="cell",
                method="text", lines=lines, tables=[table])
    return Layout(media_type="", pages=[page], method="text",
                  metadata={"rows": table.n_rows, "columns": table.n_cols, "delimiter": delimiter})


def read_text(data: bytes) -> Layout:
    text = _decode(data)
    lines = [Line(text=t.strip(), bbox=[0.0, float(i), 0.0, i + 1.0])
             for i, t in enumerate(text.splitlines()) if t.strip()]
    if not lines:
        raise unreadable("no_content", "empty text")
    page = Page(number=1, width=0.0, height=float(len(text.splitlines())), unit="line", method="text",
                lines=lines, kvs=kvs_from_lines(lines))
    return Layout(media_type="", pages=[page], method="text")
