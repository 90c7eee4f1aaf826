"""Red seal impressions on page images (pledge.sealed): found on colour pages, not guessed on grey ones."""
from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors import seals

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"


def _page(seal: bool, red=(200, 30, 30), mode: str = "RGB") -> Image.Image:
    img = Image.new("RGB", (1240, 1754), (246, 244, 238))
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 28)
    for i, line in enumerate(["誓約書", "住所 沖縄県石垣市登野城1-2-3", "事業者名 株式会社みどり食品", "代表者 山田 太郎"]):
        d.text((120, 200 + 60 * i), line, fill=(20, 20, 20), font=font)
    if seal:      # a ring with two characters, 1.8 cm at 150 dpi
        d.ellipse((700, 370, 806, 476), outline=red, width=6)
        d.text((725, 385), "山", fill=red, font=ImageFont.truetype(FONT, 34))
        d.text((725, 425), "田", fill=red, font=ImageFont.truetype(FONT, 34))
    return img.convert(mode)


def test_a_red_seal_is_found_where_it_is_stamped():
    found = seals.find(_page(True))
    assert len(found) == 1
    x0, y0, x1, y1 = found[0]
    assert 0.5 < x0 < x1 < 0.7 and 0.2 < y0 < y1 < 0.3


def test_a_colour_page_without_a_seal_has_none():
    img = _page(False)        # filled in blue-black ink: a colour page, so a seal would show
    ImageDraw.Draw(img).text((420, 320), "山田 太郎", fill=(30, 40, 150), font=ImageFont.truetype(FONT, 40))
    assert seals.find(img) == []


def test_a_page_scanned_without_colour_cannot_tell_even_saved_as_rgb():
    assert seals.find(_page(False)) is None


def test_a_grey_page_tells_a_round_seal_by_its_shape_and_nothing_else():
    assert seals.find(_page(True, mode="L")) and seals.find(_page(False, mode="L")) is None


def test_a_red_heading_bar_is_not_a_seal():
    img = _page(False)
    ImageDraw.Draw(img).text((420, 320), "山田 太郎", fill=(30, 40, 150), font=ImageFont.truetype(FONT, 40))
    ImageDraw.Draw(img).rectangle((100, 100, 1140, 160), fill=(200, 30, 30))
    assert seals.find(img) == []


def test_odd_pages_never_fail_the_reading_and_tell_nothing():
    for img in (Image.new("RGB", (1, 1)), Image.new("CMYK", (50, 50)), Image.new("I;16", (20, 20)),
                Image.new("RGBA", (3000, 2)), Image.new("P", (100, 100))):
        assert seals.find(img) is None      # no colour to see a seal by: cannot tell, and no exception


def _pledge_pdf(seal: str) -> bytes:
    """A born-digital pledge: text, and a seal drawn in red (vector), pasted as an image, or none."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(TTFont("IPAexG", FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("IPAexG", 12)
    for i, line in enumerate(["誓約書", "住所 沖縄県石垣市登野城1-2-3", "事業者名 株式会社みどり食品", "代表者 代表取締役 山田 太郎"]):
        c.drawString(72, 760 - 24 * i, line)
    if seal == "vector":         # a seal drawn in Word: a red ring with the name in it (1.8 cm)
        c.setStrokeColorRGB(0.8, 0.1, 0.1)
        c.setFillColorRGB(0.8, 0.1, 0.1)
        c.setLineWidth(2)
        c.circle(330, 690, 26)
        c.setFont("IPAexG", 16)
        c.drawString(322, 692, "山")
        c.drawString(322, 674, "田")
    elif seal in ("image", "logo"):   # a scanned seal pasted in, or a black logo image (no seal)
        img = Image.new("RGB", (120, 120), "white")
        d = ImageDraw.Draw(img)
        ink = (200, 30, 30) if seal == "image" else (20, 20, 20)
        d.ellipse((4, 4, 116, 116), outline=ink, width=7)
        d.text((38, 20), "山", fill=ink, font=ImageFont.truetype(FONT, 36))
        d.text((38, 62), "田", fill=ink, font=ImageFont.truetype(FONT, 36))
        c.drawImage(ImageReader(img), 305, 665, 52, 52)
    c.showPage()
    c.save()
    return buf.getvalue()



@pytest.mark.parametrize("seal, sealed", [("vector", True), ("image", True), ("none", False), ("logo", False)])
def test_a_born_digital_pledge_is_sealed_or_not(seal, sealed):
    from extractors.fields import extract
    from extractors.reader import read
    layout = read(_pledge_pdf(seal), "seiyakusho.pdf")
    assert layout.pages[0].method == "text"
    assert extract("pledge", layout, "seiyakusho.pdf")["pledge.sealed"].value is sealed


def _grey_page(shape: str) -> Image.Image:
    """A faxed pledge (1-bit, 200 dpi) with a round seal, a ruled cell holding a glyph, or an empty ○."""
    img = Image.new("L", (1654, 2339), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 34)
    for i, line in enumerate(["誓約書", "住所 石川県羽咋郡志賀町高浜町17番地18", "名称 志賀堂", "氏名 茂木 大輔"]):
        d.text((180, 300 + 60 * i), line, fill=0, font=font)
    box = (1390, 400, 1490, 500)                  # 1.3 cm at 200 dpi
    if shape == "seal":
        d.ellipse(box, outline=0, width=5)
        d.text((1412, 410), "志", fill=0, font=font)
        d.text((1420, 450), "賀", fill=0, font=font)
    elif shape == "cell":
        d.rectangle(box, outline=0, width=4)
        d.text((1420, 430), "卵", fill=0, font=font)
    elif shape == "ring":
        d.ellipse(box, outline=0, width=5)
    return img.convert("1")


@pytest.mark.parametrize("shape, found", [("seal", True), ("cell", False), ("ring", False), ("none", False)])
def test_a_round_seal_is_known_by_its_shape_on_a_fax(shape, found):
    got = seals.find(_grey_page(shape))
    assert bool(got) is found and (got is None or got)       # nothing found on a grey page: cannot tell
