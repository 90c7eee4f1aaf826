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


def make_docx() -> bytes:
    """Paragraphs, a label：value line, glyph boxes, a table with a horizontal and a vertical merge,
    and a content-control checkbox."""
    import docx
    from docx.oxml import parse_xml
    d = docx.Document()
    d.add_paragraph("返礼品提供申請書")
    d.add_paragraph("提出日：令和8年5月1日")
    d.add_paragraph("☑ 冷凍　□ 冷蔵　□ 常温")
    t = d.add_table(rows=4, cols=3)
    t.style = "Table Grid"
    t.cell(0, 0).text, t.cell(0, 1).text = "事業者名", "株式会社はまだ水産"
    t.cell(0, 1).merge(t.cell(0, 2))
    t.cell(1, 0).text, t.cell(1, 1).text, t.cell(1, 2).text = "商品名", "のどぐろ干物", "内容量"
    t.cell(2, 0).text, t.cell(2, 1).text, t.cell(2, 2).text = "アレルギー", "えび", "○"
    t.cell(3, 1).text = "かに"
    t.cell(2, 0).merge(t.cell(3, 0))
    p = d.add_paragraph("PL保険加入 ")
    sdt = parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:sdtPr>'
        '<w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr>'
        '<w:sdtContent><w:r><w:t>☐</w:t></w:r></w:sdtContent></w:sdt>')
    p._p.append(sdt)
    p.add_run(" 加入済")
    q = d.add_paragraph("配送：")
    q._p.append(parse_xml('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                          '<w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'))
    q.add_run("宅配便")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_xlsx() -> bytes:
    import datetime as dt

    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "申請書"
    ws["A1"] = "返礼品提供申請書"
    ws.merge_cells("A1:D1")
    ws["A3"], ws["C3"] = "事業者名", "有限会社なりた農園"     # value two columns right, B empty
    ws["A4"], ws["B4"] = "提出日", dt.datetime(2026, 5, 1)
    ws["A5"], ws["B5"] = "寄附金額", 12000
    ws["A6"], ws["B6"] = "返礼率", 0.3
    ws["B6"].number_format = "0%"
    ws["A8"], ws["B8"] = "えび", "○"
    ws["A9"] = "かに"
    ws["A10"], ws["B10"] = "小麦", "○"
    ws["A12"], ws["B12"] = "☑", "冷凍"
    ws["C12"], ws["D12"] = "□", "冷蔵"
    ws2 = wb.create_sheet("内訳")
    ws2.append(["品目", "数量", "単価"])
    ws2.append(["干物セット", 2, 5000])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def make_eml() -> bytes:
    from email.message import EmailMessage
    from email.policy import SMTP
    inner = EmailMessage()
    inner["Subject"] = "転送元"
    inner["From"] = "b@example.jp"
    inner.set_content("転送された本文")
    inner.add_attachment(b"%PDF-1.4 inner", maintype="application", subtype="pdf", filename="誓約書.pdf")
    msg = EmailMessage()
    msg["Subject"] = "返礼品の申請（石垣市）"
    msg["From"] = "山田 <yamada@example.jp>"
    msg["To"] = "intake+ishigaki@example.jp"
    msg["Message-ID"] = "<abc123@example.jp>"
    msg.set_content("申請書を添付します。\nよろしくお願いします。", charset="iso-2022-jp")
    msg.add_attachment(b"PK\x03\x04 docx bytes", maintype="application", subtype="octet-stream",
                       filename="申請書（様式第1号）.docx")
    msg.add_attachment(inner)
    return msg.as_bytes(policy=SMTP)
