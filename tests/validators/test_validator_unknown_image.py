"""An image that reads as a form, or as no known kind, is DOC_UNKNOWN_KIND — never a product
photo that satisfies hamada's photo requirement. A title word alone does not make a page an
application."""
import io
import os
import shutil

import pytest

from extractors.classify import classify
from extractors.layout import Layout, Line, Page
from validators.engine import validate
from vbuild import AS_OF, codes, doc, record

FORM_LINES = ["届出書", "届出者の氏名", "住所", "電話番号", "届出の内容", "上記のとおり届け出ます。", "令和8年11月1日"]
APPLICATION_WORDS = ["商品名 焼菓子詰合せ", "提案金額 3,000円", "寄附金額 10,000円", "梱包サイズ 60サイズ"]


def layout(media_type, texts, width=2480, height=3508):
    lines = [Line(t, [100, 100 + 120 * i, 100 + 60 * len(t), 160 + 120 * i]) for i, t in enumerate(texts)]
    return Layout(media_type, [Page(1, width, height, "px", lines=lines)])


@pytest.mark.parametrize("media_type,texts,kind", [
    ("image/jpeg", FORM_LINES, "other"),                                   # A4 form scan of no known kind
    ("image/png", ["会社案内", "私たちは地域とともに歩みます。創業百年の老舗です。"], "other"),
    ("image/jpeg", ["特産品"], "product_photo"),                            # a photo: little text
    ("image/jpeg", [], "product_photo"),
    ("application/pdf", ["特産品提供申請書", "会社案内 私たちは地域とともに歩みます。"], "other"),  # title alone
    ("image/jpeg", ["特産品提供申請書", "会社案内 私たちは地域とともに歩みます。"], "other"),
    ("application/pdf", ["特産品提供申請書", *APPLICATION_WORDS], "application"),   # title and body
    ("application/pdf", APPLICATION_WORDS, "application"),
])
def test_kind_of_a_page(media_type, texts, kind):
    assert classify(layout(media_type, texts), "scan0001.jpg")[0] == kind


def test_a4_form_scan_is_unknown_kind_and_no_product_photo():
    kind, _ = classify(layout("image/jpeg", FORM_LINES), "IMG_0001.jpg")
    scan = doc(kind, "IMG_0001.jpg", pages=1)
    fs = validate(record(doc("application", applicant__name="浜田製菓", applicant__address="島根県浜田市殿町1",
                             product__name="木工品", product__category="craft"), scan), "hamada", AS_OF)
    assert [f.document for f in fs if f.code == "DOC_UNKNOWN_KIND"] == ["IMG_0001.jpg"]
    assert codes(fs).count("PHOTO_MISSING") == 2       # neither the product nor the packaging photo


FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"


@pytest.mark.skipif(not os.path.exists(FONT) or not shutil.which("tesseract"), reason="needs a Japanese font and OCR")
def test_a4_form_scan_through_the_pipeline():
    from PIL import Image, ImageDraw, ImageFont

    from intake.pipeline import InputFile, process

    img = Image.new("L", (1240, 1754), 255)               # A4 at 150 dpi
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    draw.text((420, 120), "変更届出書", font=font, fill=0)
    for i, label in enumerate(["届出者の氏名", "住所", "電話番号", "変更の内容", "変更の年月日"]):
        y = 300 + i * 110
        draw.rectangle([120, y, 1120, y + 90], outline=0, width=2)
        draw.line([460, y, 460, y + 90], fill=0, width=2)
        draw.text((140, y + 22), label, font=font, fill=0)
    draw.text((140, 900), "上記のとおり届け出ます。", font=font, fill=0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    app_text = "特産品提案書\n事業者名 浜田製菓株式会社\n所在地 島根県浜田市殿町1番地\n商品名 木工品\n提案金額 3,000円\n寄附金額 10,000円\n"
    result = process([InputFile("IMG_0001.jpg", buf.getvalue()), InputFile("teian.txt", app_text.encode())],
                     "hamada", AS_OF)
    kinds = {d.source: d.kind for d in result.record.documents}
    assert kinds["IMG_0001.jpg"] != "product_photo", kinds
    found = [(f.code, f.document) for f in result.findings]
    assert ("DOC_UNKNOWN_KIND", "IMG_0001.jpg") in found, found
    assert [c for c, _ in found].count("PHOTO_MISSING") == 2
    assert result.status == "needs_review"
