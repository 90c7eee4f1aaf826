"""Small documents generated in the test run (no committed binaries)."""
from __future__ import annotations

import io

FONT_PATH = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"


def register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    if "IPAexG" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("IPAexG", FONT_PATH))
    return "IPAexG"


def make_pdf(draw, pages: int = 1, **canvas_kw) -> bytes:
    """Run `draw(canvas, page_index)` for each page and return the PDF bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, **canvas_kw)
    for i in range(pages):
        draw(c, i)
        c.showPage()
    c.save()
    return buf.getvalue()


def form_pdf(font: str) -> bytes:
    """A one-page application-like form: title, inline pair, ruled 2×4 table, glyph and drawn checkboxes."""
    def draw(c, _):
        c.setFont(font, 16)
        c.drawString(60, 800, "返礼品提供申請書")
        c.setFont(font, 10.5)
        c.drawString(60, 770, "提出日：令和8年5月1日")
        top, left, widths, h = 740, 60, [100, 300], 24
        rows = [("事業者名", "株式会社いしがき物産"), ("商品名", "石垣島マンゴー 2kg"),
                ("寄附金額", "12,000円"), ("電話番号", "0980-12-3456")]
        for r, (k, v) in enumerate(rows):
            y = top - r * h
            x = left
            for w, text in zip(widths, (k, v)):
                c.rect(x, y - h, w, h)
                c.drawString(x + 4, y - h + 7, text)
                x += w
        c.drawString(60, 600, "■ 冷凍   □ 冷蔵   □ 常温")
        c.rect(60, 570, 10, 10)
        c.line(61, 571, 69, 579)
        c.line(61, 579, 69, 571)
        c.drawString(76, 571, "通年発送")
        c.rect(160, 570, 10, 10)
        c.drawString(176, 571, "期間限定")
    return make_pdf(draw)
