"""Born-digital PDF with a CJK TrueType font (reportlab)."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from samples.model import KV, DocSpec, Grid, Para, value_text

FONT_PATH = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
FONT = "IPAexGothic"
MARGIN = 50


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH))
    return FONT


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break text into lines that fit `width` (CJK text breaks anywhere)."""
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for ch in para:
            if pdfmetrics.stringWidth(line + ch, FONT, size) > width and line:
                out.append(line)
                line = ""
            line += ch
        out.append(line)
    return out


class _Writer:
    def __init__(self, c: canvas.Canvas, size: tuple[float, float], style: dict):
        self.c, (self.w, self.h), self.style = c, size, style
        self.y = self.h - MARGIN
        self.fs = style.get("font_size", 10.0)

    def need(self, dy: float) -> None:
        if self.y - dy < MARGIN:
            self.c.showPage()
            self.y = self.h - MARGIN

    def para(self, p: Para) -> None:
        lines = wrap(p.text, self.w - 2 * MARGIN, p.size)
        for ln in lines:
            self.need(p.size * 1.6)
            self.y -= p.size * 1.5
            self.c.setFont(FONT, p.size)
            if p.align == "center":
                self.c.drawCentredString(self.w / 2, self.y, ln)
            elif p.align == "right":
                self.c.drawRightString(self.w - MARGIN, self.y, ln)
            else:
                self.c.drawString(MARGIN, self.y, ln)
        self.y -= p.size * 0.5

    def table(self, rows: list[list[str]], widths: list[float]) -> None:
        fs, pad = self.fs, 4
        for row in rows:
            cells = [wrap(t, w - 2 * pad, fs) for t, w in zip(row, widths)]
            hgt = max(len(c) for c in cells) * fs * 1.35 + 2 * pad
            self.need(hgt)
            x = MARGIN
            for lines, w in zip(cells, widths):
                self.c.rect(x, self.y - hgt, w, hgt)
                ty = self.y - pad - fs
                self.c.setFont(FONT, fs)
                for ln in lines:
                    self.c.drawString(x + pad, ty, ln)
                    ty -= fs * 1.35
                x += w
            self.y -= hgt
        self.y -= fs

    def kv(self, b: KV) -> None:
        if b.heading:
            self.para(Para(b.heading, size=self.fs + 1))
        rows = [[k, value_text(v)] for k, v in b.rows]
        if b.style == "colon":
            for k, v in rows:
                self.para(Para(f"{k}{self.style.get('colon', '：')}{v}", size=self.fs))
            self.y -= self.fs * 0.5
            return
        lw = self.style.get("label_width", 110)
        self.table(rows, [lw, self.w - 2 * MARGIN - lw])

    def grid(self, b: Grid) -> None:
        if b.heading:
            self.para(Para(b.heading, size=self.fs + 1))
        n = len(b.header)
        self.table([b.header] + b.rows, [(self.w - 2 * MARGIN) / n] * n)


def render(spec: DocSpec, style: dict | None = None) -> bytes:
    _font()
    size = landscape(A4) if spec.landscape else A4
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size)
    c.setTitle(spec.stem)
    w = _Writer(c, size, style or {})
    for b in spec.blocks:
        {Para: w.para, KV: w.kv, Grid: w.grid}[type(b)](b)
    c.showPage()
    c.save()
    return buf.getvalue()
