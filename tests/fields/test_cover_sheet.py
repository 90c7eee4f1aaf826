"""A fax's cover sheet (FAX送信票) before the form: its sender's address and telephone are not the
applicant's, and a page that only looks like one is still read."""
from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractors.classify import classify
from extractors.fields import extract
from extractors.reader import read

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
COVER = ["FAX送信票", "宛先：石垣市 ふるさと納税推進室 御中", "送信者：株式会社サンプル商事 総務部 比嘉",
         "住所：沖縄県那覇市泉崎1-2-3", "TEL：098-000-1111", "送信枚数：2枚（本紙を含む）", "件名：返礼品提供事業者の登録書類"]
FORM = ["石垣市ふるさと納税返礼品 提供申込書", "事業者名：株式会社やいま食品", "代表者：代表取締役 宮城 大輔",
        "住所：沖縄県石垣市登野城1-1", "電話番号：0980-11-2222", "商品名：島らっきょう塩漬け"]


def _pdf(pages: list[list[str]]) -> bytes:
    if "IPAexG" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("IPAexG", FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for lines in pages:
        c.setFont("IPAexG", 11)
        for i, text in enumerate(lines):
            c.drawString(60, A4[1] - 80 - 24 * i, text)
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("title", ["FAX送信票", "FAX送付状", "書類送付のご案内"])
def test_the_cover_sheet_is_no_part_of_the_fields(title):
    layout = read(_pdf([[title, *COVER[1:]], FORM]), "moushikomisho.pdf")
    kind, _ = classify(layout, "moushikomisho.pdf")
    got = extract(kind, layout, "moushikomisho.pdf")
    assert kind == "application"
    assert got["applicant.address"].value == "沖縄県石垣市登野城1-1" and got["applicant.address"].page == 2
    assert got["applicant.phone"].value == "0980-11-2222"


def test_a_form_alone_is_read_even_when_it_names_a_sender():
    """One page is never dropped, whatever it prints: a form with a 送信者 line is still the form."""
    layout = read(_pdf([["FAX送信票", *FORM[1:], "送信枚数：1枚"]]), "moushikomisho.pdf")
    assert extract("application", layout, "moushikomisho.pdf")["applicant.address"].value == "沖縄県石垣市登野城1-1"
