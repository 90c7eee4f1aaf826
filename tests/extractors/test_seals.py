"""Red seal impressions on page images (pledge.sealed): found on colour pages, not guessed on grey ones."""
from __future__ import annotations

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


def test_a_grey_page_cannot_tell():
    assert seals.find(_page(True, mode="L")) is None


def test_a_red_heading_bar_is_not_a_seal():
    img = _page(False)
    ImageDraw.Draw(img).text((420, 320), "山田 太郎", fill=(30, 40, 150), font=ImageFont.truetype(FONT, 40))
    ImageDraw.Draw(img).rectangle((100, 100, 1140, 160), fill=(200, 30, 30))
    assert seals.find(img) == []


def test_odd_pages_never_fail_the_reading_and_tell_nothing():
    for img in (Image.new("RGB", (1, 1)), Image.new("CMYK", (50, 50)), Image.new("I;16", (20, 20)),
                Image.new("RGBA", (3000, 2)), Image.new("P", (100, 100))):
        assert seals.find(img) is None      # no colour to see a seal by: cannot tell, and no exception
