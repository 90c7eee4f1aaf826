"""Office files built in code for the reader tests, and the one check of an application read from them."""
from __future__ import annotations

import io

import docx
import openpyxl

from extractors.classify import classify
from extractors.fields import extract
from extractors.reader import read
from samples.compare import same


def xlsx(rows: list[list], merges: tuple[str, ...] | list[str] = ()) -> bytes:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    for m in merges:
        wb.active.merge_cells(m)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def docx_table(lines: list[str], rows: list[list]) -> bytes:
    """Paragraphs, then a table of `rows` (as wide as its widest row)."""
    d = docx.Document()
    for ln in lines:
        d.add_paragraph(ln)
    t = d.add_table(rows=0, cols=max(len(r) for r in rows))
    for r in rows:
        for c, v in zip(t.add_row().cells, r):
            c.text = str(v)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def read_application(data: bytes, filename: str, want: dict) -> tuple[dict, dict]:
    """(the fields read, the wanted ones read wrong or not at all) of a file that must classify as an application."""
    layout = read(data, filename)
    kind, _ = classify(layout, filename)
    assert kind == "application"
    got = extract(kind, layout, filename)
    return got, {k: (got[k].value if k in got else None) for k, v in want.items()
                 if not same(v, got[k].value if k in got else None)}
