"""OCR on rendered pages: real tesseract (and PP-OCRv6 in the combined strategy)."""
import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.ocr.checkboxes import find_boxes
from extractors.ocr.corrections import correct
from extractors.ocr.evaluate import cer, edit_distance
from extractors.ocr.preprocess import prepare
from extractors.ocr.synthetic import FONTS
from extractors.reader import read

FONT = FONTS[0]


def _checkbox_page() -> tuple[Image.Image, dict]:
    img = Image.new("L", (1400, 400), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 44)
    ticks = {"冷凍": True, "冷蔵": False, "常温": True}
    x = 60
    for label, ticked in ticks.items():
        d.rectangle([x, 100, x + 40, 140], outline=0, width=3)
        if ticked:
            d.line([x + 7, 120, x + 18, 134, x + 36, 104], fill=0, width=5)
        d.text((x + 60, 96), label, font=font, fill=0)
        x += 360
    d.text((60, 250), "口座番号 1234567", font=font, fill=0)   # 口 is a kanji here, not a box
    return img, ticks


def test_edit_distance_and_cer():
    assert edit_distance("令和8年", "今和8年") == 1
    assert edit_distance("", "abc") == 3
    assert cer("１２,０００円", "12,000 円") == 0.0


def test_corrections_only_where_certain():
    assert correct("今和8年5月1日") == "令和8年5月1日"
    assert correct("党業許可") == "営業許可"
    assert correct("12.000円") == "12,000円"
    assert correct("豚肉（国産）ノ調味料（アミノ酸等）") == "豚肉（国産）／調味料（アミノ酸等）"
    assert correct("今日は12.5kg") == "今日は12.5kg"          # nothing certain here
    assert correct("容量·数") == "容量・数" and correct("3·5") == "3·5"   # a Latin dot between Japanese words
    assert correct("三隅八の一○の二三") == "三隅八の一〇の二三" and correct("○常温") == "○常温"   # 〇 after a numeral
    assert correct("麵類製造業") == "麺類製造業" and correct("指合八保第4357号") == "指令八保第4357号"
    assert correct("2028年1】月30日まで") == "2028年11月30日まで" and correct("第1】号") == "第1】号"
    assert correct("茨城鼎稲敷市") == "茨城県稲敷市"
    # glyph pairs that are no word, and counts whose glyph was misread or lost (the dev split's faxes)
    assert correct("浜田市黒川町3丁日4番") == "浜田市黒川町3丁目4番" and correct("十丁日") == "十丁目"
    assert correct("喬附金額") == "寄附金額" and correct("榴包資材費") == "梱包資材費" and correct("屬号") == "屋号"
    assert correct("申込登付期間") == "申込受付期間"
    assert correct("720ml×6本人") == "720ml×6本入" and correct("2本人参") == "2本人参" and correct("申請者本人") == "申請者本人"
    assert correct("200g×3ック入") == "200g×3パック入" and correct("ブロック入り") == "ブロック入り"
    # a line that starts one glyph away from a label is not rewritten into it
    assert correct("事業者情報") == "事業者情報"
    assert correct("代表者の職・氏名：代表理事") == "代表者の職・氏名：代表理事"


def test_checkbox_states_by_image_analysis():
    img, ticks = _checkbox_page()
    prep = prepare(np.asarray(img))
    boxes = find_boxes(prep.text, prep.char_px)
    assert [b.checked for b in sorted(boxes, key=lambda b: b.bbox[0])][:3] == list(ticks.values())


@pytest.mark.slow
def test_checkboxes_labelled_and_kanji_kuchi_not_a_box():
    img, ticks = _checkbox_page()
    buf = io.BytesIO()
    img.save(buf, "PNG")
    page = read(buf.getvalue(), "scan.pdf").pages[0]
    found = {cb.label: cb.checked for cb in page.checkboxes}
    assert found == ticks
    assert any("口座番号" in ln.text for ln in page.lines)


@pytest.mark.slow
def test_scanned_form_cer_bound():
    from extractors.ocr.synthetic import degrade, render_form
    import random
    rng = random.Random(11)
    img, truth, ticks = render_form(rng, FONT)
    scan = degrade(img, "scan", rng)
    buf = io.BytesIO()
    scan.save(buf, "JPEG", quality=80)
    layout = read(buf.getvalue(), "form.png")
    assert layout.method == "ocr" and layout.pages[0].unit == "px"
    assert cer("\n".join(truth), layout.text) < 0.05
    assert {cb.label: cb.checked for cb in layout.pages[0].checkboxes} == ticks
    kvs = {kv.key: kv.value for kv in layout.pages[0].kvs}
    assert kvs["電話番号"] == truth[4][len("電話番号"):]


@pytest.mark.slow
def test_mixed_pdf_reads_scanned_page_by_ocr(jp_font):
    """Page 1 has a text layer, page 2 is only an image: methods per page, layout says ocr."""
    from reportlab.lib.utils import ImageReader

    from extractor_docs import make_pdf
    img = Image.new("L", (1240, 1754), 255)                 # an A4 page scanned at 150 dpi
    ImageDraw.Draw(img).text((100, 200), "営業許可証 許可番号 第12345号", font=ImageFont.truetype(FONT, 40), fill=0)
    def draw(c, i):
        if i == 0:
            c.setFont(jp_font, 12)
            c.drawString(60, 760, "誓約書　私は、暴力団員でないことを誓約します。")
        else:                               # a scan with the scanner's stamp as its only text
            c.drawImage(ImageReader(img), 0, 0, width=595.27, height=841.89)
            c.setFont("Helvetica", 8)
            c.drawString(20, 20, "Scanned with OfficeScan 3.2 - page 2")
    layout = read(make_pdf(draw, pages=2), "mixed.pdf")
    assert [p.method for p in layout.pages] == ["text", "ocr"]
    assert layout.method == "ocr"
    assert "許可番号" in layout.pages[1].text.replace(" ", "")


def test_multipage_tiff_and_exif_rotation(monkeypatch):
    """Reader plumbing without OCR cost: frames become pages, EXIF orientation is applied first."""
    from extractors.readers import image as image_reader
    seen = []
    monkeypatch.setattr("extractors.ocr.page.ocr_frame",
                        lambda img, number=1: seen.append(img.size) or __import__("extractors.layout", fromlist=["Page"]).Page(number, img.width, img.height, "px", "ocr"))
    frames = [Image.new("L", (300, 200), 255), Image.new("L", (300, 200), 200)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    layout = read(buf.getvalue(), "scan.jpg")
    assert len(layout.pages) == 2 and layout.metadata["format"] == "TIFF"
    exif = Image.Exif()
    exif[0x0112] = 6                                  # rotate 90° clockwise to display
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(buf, "JPEG", exif=exif)
    seen.clear()
    layout = read(buf.getvalue(), "photo.png")
    assert seen == [(200, 300)]
    assert layout.metadata["width"] == 200 and layout.metadata["bytes"] == len(buf.getvalue())


def test_image_bombs_and_truncation(monkeypatch):
    from extractors import limits
    from extractors.layout import UnreadableError
    buf = io.BytesIO()
    Image.new("L", (2000, 2000), 255).save(buf, "PNG")
    data = buf.getvalue()
    monkeypatch.setattr(limits, "MAX_IMAGE_PIXELS", 1_000_000)
    with pytest.raises(UnreadableError) as info:
        read(data, "big.png")
    assert info.value.reason == "bomb"
    monkeypatch.undo()
    with pytest.raises(UnreadableError) as info:
        read(data[:200], "cut.png")
    assert info.value.reason == "corrupt"


@pytest.mark.slow
def test_vertical_page_uses_the_vertical_model():
    font = ImageFont.truetype(FONT, 44)
    cols = ["誓約書", "私は暴力団員ではありません", "令和八年五月一日", "株式会社いしがき物産"]
    img = Image.new("L", (900, 1000), 255)
    d = ImageDraw.Draw(img)
    for k, col in enumerate(cols):
        for i, ch in enumerate(col):
            d.text((800 - 120 * k, 60 + i * 50), ch, font=font, fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    page = read(buf.getvalue(), "v.png").pages[0]
    assert page.lines and all(ln.vertical for ln in page.lines)
    assert cer("".join(cols), page.text) < 0.15


@pytest.mark.slow
def test_noise_picture_is_read_quickly_without_text():
    """A texture is not a page: no tesseract crawl over thousands of specks, no invented text."""
    import time
    rng = np.random.default_rng(0)
    buf = io.BytesIO()
    Image.fromarray((rng.random((900, 1200)) * 255).astype(np.uint8)).save(buf, "PNG")
    start = time.perf_counter()
    layout = read(buf.getvalue(), "photo.png")
    assert time.perf_counter() - start < 30
    assert len(layout.text.replace("\n", "")) < 20


def test_a_fax_streak_is_taken_out_and_the_glyphs_it_crossed_kept():
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from extractors.ocr.preprocess import otsu, remove_streaks
    page = Image.new("L", (1200, 1600), 255)
    d = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 40)
    for i, text in enumerate(["配送温度帯：冷凍", "賞味期限の目安：製造日より365日", "担保日数：14日"]):
        d.text((100, 300 + 80 * i), text, fill=0, font=font)
    clean = np.asarray(page).copy()
    streaked = np.asarray(page).copy()
    streaked[200:, 218:221] = 0            # a streak from the fax's sensor, down to the page's edge
    out = remove_streaks(streaked)
    glyphs, got = otsu(clean) == 0, otsu(out) == 0
    assert got[:, 218:221][~glyphs[:, 218:221]].mean() < 0.02        # the streak is gone
    assert got[glyphs].mean() > 0.97                               # the glyphs it crossed are whole


def test_a_forms_own_rules_are_kept():
    import numpy as np

    from extractors.ocr.preprocess import remove_streaks
    page = np.full((1600, 1200), 255, np.uint8)
    page[300:1300, 100:103] = 0            # a table's vertical rule stops short of the edge
    page[300:303, 100:1100] = 0
    assert (remove_streaks(page) == page).all()
