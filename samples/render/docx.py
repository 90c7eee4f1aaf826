"""DOCX (python-docx): paragraphs and ruled tables, checkboxes as ☑/☐ characters."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from samples.model import KV, DocSpec, Grid, Para, value_text

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _para(doc, text: str, align: str = "left", size: float = 10.5) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.font.name = "IPAexGothic"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "IPAexGothic")
    p.alignment = ALIGN[align]


def _table(doc, rows: list[list[str]]) -> None:
    t = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text


def render(spec: DocSpec, style: dict | None = None) -> bytes:
    style = style or {}
    doc = Document()
    for b in spec.blocks:
        if isinstance(b, Para):
            _para(doc, b.text, b.align, b.size)
        elif isinstance(b, KV):
            if b.heading:
                _para(doc, b.heading, size=11)
            rows = [[k, value_text(v, "☑", "☐")] for k, v in b.rows]
            if b.style == "colon":
                for k, v in rows:
                    _para(doc, f"{k}：{v}")
            elif style.get("docx_wide") and len(rows) > 1:   # two label/value pairs per row
                pairs = [rows[i] + (rows[i + 1] if i + 1 < len(rows) else ["", ""]) for i in range(0, len(rows), 2)]
                _table(doc, pairs)
            else:
                _table(doc, rows)
        elif isinstance(b, Grid):
            if b.heading:
                _para(doc, b.heading, size=11)
            _table(doc, [b.header] + b.rows)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
