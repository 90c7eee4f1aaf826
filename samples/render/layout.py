"""DocSpec -> Layout directly, the shape a perfect reader would return.

Lets field extractors be unit-tested without any reader or OCR in the loop.
"""
from __future__ import annotations

from extractors.layout import Cell, Checkbox, KeyValue, Layout, Line, Page, Table
from samples.model import KV, Checks, DocSpec, Grid, Para, value_text


def _kvs(lines: list[Line], tables: list[Table]) -> list[KeyValue]:
    try:
        from extractors import kv
    except ImportError:
        return []
    return kv.kvs_from_lines(lines) + [p for t in tables for p in kv.kvs_from_table(t)]


def to_layout(spec: DocSpec, method: str = "text") -> Layout:
    lines: list[Line] = []
    tables: list[Table] = []
    boxes: list[Checkbox] = []
    y = 40.0

    def line(text: str) -> None:
        nonlocal y
        for part in text.split("\n"):
            lines.append(Line(part, [50, y, 50 + 10 * len(part), y + 12]))
            y += 16

    for b in spec.blocks:
        if isinstance(b, Para):
            line(b.text)
        elif isinstance(b, KV):
            if b.heading:
                line(b.heading)
            for v in (v for _, v in b.rows if isinstance(v, Checks)):
                boxes += [Checkbox(t, c, [60, y, 70, y + 10]) for t, c in v.options]
            if b.style == "colon":
                for k, v in b.rows:
                    line(f"{k}：{value_text(v)}")
                continue
            cells = []
            for r, (k, v) in enumerate(b.rows):
                cells += [Cell(r, 0, k, [50, y, 150, y + 14]), Cell(r, 1, value_text(v), [150, y, 540, y + 14])]
                line(f"{k} {value_text(v)}")
            tables.append(Table(cells))
        elif isinstance(b, Grid):
            if b.heading:
                line(b.heading)
            cells = [Cell(0, c, h) for c, h in enumerate(b.header)]
            cells += [Cell(r, c, t) for r, row in enumerate(b.rows, 1) for c, t in enumerate(row)]
            tables.append(Table(cells))
            for row in [b.header] + b.rows:
                line(" ".join(row))
    page = Page(1, 595, 842, "pt", method, lines, tables, boxes, _kvs(lines, tables))
    media = "image/jpeg" if spec.image else "application/pdf"
    meta = {"width": spec.image["width"], "height": spec.image["height"], "format": "JPEG"} if spec.image else {}
    return Layout(media, [page] if not spec.image else [Page(1, 0, 0, "px", "image")], method, meta)
