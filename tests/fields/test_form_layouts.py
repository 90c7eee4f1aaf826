"""One application's values laid out the ways people lay forms out in Excel, Word and PDF, read
through the real readers: label above its value, two pairs per row, labels across with values
in the row below, label paragraphs followed by value paragraphs, ruled and unruled PDF rows."""
from __future__ import annotations

import io

import docx
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from office_files import docx_table, read_application, xlsx      # tests/fields is on the path

TITLE = "ふるさと納税返礼品提供申請書"
PAIRS = [("事業者名", "株式会社みどり食品"), ("代表者職氏名", "代表取締役 山田 太郎"),
         ("所在地", "沖縄県石垣市登野城1丁目2番3号"), ("電話番号", "0980-82-1234"), ("担当者名", "佐藤 花子"),
         ("メールアドレス", "info@midori.example.jp"), ("商品名", "石垣島マンゴージャム"), ("内容量", "150g×2本"),
         ("賞味期限", "製造日より180日"), ("寄附金額", "10,000円"), ("送料", "1,200円"), ("梱包資材費", "200円"),
         ("商品代金（税込）", "4,000円"), ("その他費用", "300円")]
WANT = {"applicant.name": "株式会社みどり食品", "applicant.representative": "代表取締役 山田 太郎",
        "applicant.address": "沖縄県石垣市登野城1丁目2番3号", "applicant.phone": "0980-82-1234",
        "applicant.contact_person": "佐藤 花子", "applicant.email": "info@midori.example.jp",
        "product.name": "石垣島マンゴージャム", "product.contents": "150g×2本", "product.best_before_days": 180,
        "product.best_before_basis": "manufacture", "donation.amount": 10000, "price.shipping": 1200,
        "price.packaging": 200, "price.item_incl_tax": 4000, "price.other": 300}
NOT_READ = ["price.item_ex_tax"]      # 商品代金（税込）: its note says which of the two it is
FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"


def _docx(paragraphs: list[str], table_cols: int = 0) -> bytes:
    d = docx.Document()
    d.add_paragraph(TITLE)
    for p in paragraphs:
        d.add_paragraph(p)
    if table_cols:
        t = d.add_table(rows=0, cols=table_cols)
        per = table_cols // 2
        for i in range(0, len(PAIRS), per):
            cells = t.add_row().cells
            for j, (k, v) in enumerate(PAIRS[i:i + per]):
                cells[2 * j].text, cells[2 * j + 1].text = k, v
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf(draw) -> bytes:
    if "IPAexG" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("IPAexG", FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("IPAexG", 10)
    c.drawString(150, 800, TITLE)
    draw(c)
    c.save()
    return buf.getvalue()


def _pdf_below(c) -> None:      # a small label over its value on an underline
    for n, (k, v) in enumerate(PAIRS):
        y = 760 - 50 * n
        c.setFont("IPAexG", 8)
        c.drawString(60, y, k)
        c.setFont("IPAexG", 11)
        c.drawString(70, y - 15, v)
        c.line(60, y - 19, 400, y - 19)


def _pdf_two_pairs(ruled: bool):
    def draw(c) -> None:
        for n in range(0, len(PAIRS), 2):
            y = 760 - 11 * n
            for (k, v), x in zip(PAIRS[n:n + 2], (50, 310)):
                c.drawString(x + 4, y + 6, k)
                c.drawString(x + 90, y + 6, v)
                if ruled:
                    c.rect(x, y, 85, 22)
                    c.rect(x + 85, y, 175, 22)
    return draw


def _across(per: int) -> list[list]:
    """Rows of `per` labels, each row followed by the row of their values."""
    rows = [[TITLE], []]
    for i in range(0, len(PAIRS), per):
        rows += [[k for k, _ in PAIRS[i:i + per]], [v for _, v in PAIRS[i:i + per]]]
    return rows


def _docx_rows(rows: list[list]) -> bytes:
    return docx_table([TITLE], rows)


def _docx_merged() -> bytes:
    """Two pairs per ruled row; an address or e-mail row's value merged across the other three cells."""
    d = docx.Document()
    d.add_paragraph(TITLE)
    t = d.add_table(rows=0, cols=4)
    t.style = "Table Grid"
    long = {"所在地", "メールアドレス", "商品名"}
    pending = []
    for k, v in PAIRS:
        if k in long:
            cells = t.add_row().cells
            cells[0].text = k
            cells[1].merge(cells[3]).text = v
            continue
        pending.append((k, v))
        if len(pending) == 2:
            cells = t.add_row().cells
            for j, (pk, pv) in enumerate(pending):
                cells[2 * j].text, cells[2 * j + 1].text = pk, pv
            pending = []
    if pending:
        cells = t.add_row().cells
        cells[0].text, cells[1].text = pending[0]
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf_columns(c) -> None:      # two columns of small labels, each over its value
    for n, (k, v) in enumerate(PAIRS):
        x, y = (60, 760 - 50 * (n // 2)) if n % 2 == 0 else (320, 760 - 50 * (n // 2))
        c.setFont("IPAexG", 8)
        c.drawString(x, y, k)
        c.setFont("IPAexG", 10)
        c.drawString(x + 6, y - 15, v)


LAYOUTS = {
    "xlsx two labels across, values below": lambda: (xlsx(_across(2)), "a.xlsx"),
    "xlsx three labels across, values below": lambda: (xlsx(_across(3)), "a.xlsx"),
    "docx table, label row then value row": lambda: (_docx_rows(_across(3)[2:]), "a.docx"),
    "pdf two columns of labels over values": lambda: (_pdf(_pdf_columns), "a.pdf"),
    "xlsx label row, value row": lambda: (xlsx([[TITLE], []] + [r for k, v in PAIRS for r in ([k], [v])]), "a.xlsx"),
    "xlsx labels across, values below": lambda: (xlsx([[TITLE], [], [k for k, _ in PAIRS[:6]], [v for _, v in PAIRS[:6]],
                                                        [k for k, _ in PAIRS[6:]], [v for _, v in PAIRS[6:]]]), "a.xlsx"),
    "xlsx two pairs per row": lambda: (xlsx([[TITLE], []] + [[*PAIRS[i], *PAIRS[i + 1]] for i in range(0, len(PAIRS), 2)]),
                                       "a.xlsx"),
    "docx two pairs per table row": lambda: (_docx([], table_cols=4), "a.docx"),
    "docx two pairs per row, long values merged across": lambda: (_docx_merged(), "a.docx"),
    "docx label paragraph, value paragraph": lambda: (_docx([p for pair in PAIRS for p in pair]), "a.docx"),
    "pdf label over its value": lambda: (_pdf(_pdf_below), "a.pdf"),
    "pdf two pairs per ruled row": lambda: (_pdf(_pdf_two_pairs(True)), "a.pdf"),
    "pdf two pairs per row, no rules": lambda: (_pdf(_pdf_two_pairs(False)), "a.pdf"),
}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_value_is_read_whatever_the_layout(name):
    got, wrong = read_application(*LAYOUTS[name](), WANT)
    assert not wrong, wrong
    assert not [k for k in NOT_READ if k in got], {k: got[k].value for k in NOT_READ if k in got}
