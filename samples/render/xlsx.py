"""XLSX (openpyxl): labels and values in cells, sometimes merged, checkboxes as ■/□."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side

from samples.model import KV, DocSpec, Grid, Para, value_text

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def render(spec: DocSpec, style: dict | None = None) -> bytes:
    style = style or {}
    wb = Workbook()
    ws = wb.active
    ws.title = spec.stem[:30]
    col0 = 1 + style.get("xlsx_offset", 0)      # suppliers start their forms in different columns
    merge = style.get("xlsx_merge", False)
    r = 1
    for b in spec.blocks:
        if isinstance(b, Para):
            ws.cell(r, col0, b.text)
            r += 1
        elif isinstance(b, KV):
            if b.heading:
                ws.cell(r, col0, b.heading)
                r += 1
            for k, v in b.rows:
                if b.style == "colon":
                    ws.cell(r, col0, f"{k}：{value_text(v)}")
                else:
                    ws.cell(r, col0, k).border = BOX
                    cell = ws.cell(r, col0 + 1, value_text(v))
                    cell.border = BOX
                    cell.alignment = Alignment(wrap_text=True)
                    if merge:
                        ws.merge_cells(start_row=r, start_column=col0 + 1, end_row=r, end_column=col0 + 4)
                r += 1
            r += 1
        elif isinstance(b, Grid):
            if b.heading:
                ws.cell(r, col0, b.heading)
                r += 1
            for row in [b.header] + b.rows:
                for c, text in enumerate(row):
                    ws.cell(r, col0 + c, _typed(text)).border = BOX
                r += 1
            r += 1
    ws.column_dimensions["A"].width = 24
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _typed(text: str):
    """Numbers as numbers, like a spreadsheet a person typed."""
    plain = text.replace(",", "")
    return int(plain) if plain.isdigit() and not text.startswith("0") else text
