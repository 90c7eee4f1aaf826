"""縦書き permits: the page is found to run top to bottom, read with jpn_vert, and unsure columns
re-read by PP-OCRv6 turned a quarter left."""
from __future__ import annotations

import io

import pytest

from PIL import Image, ImageDraw, ImageFont

from extractors.reader import read

FONT = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf"
COLUMNS = ["営業許可証", "許可番号　第三〇二一号", "営業所の所在地　島根県浜田市殿町一番地",
           "営業の種類　水産製品製造業", "有効期間　令和六年四月一日から令和十二年三月三十一日まで"]


def _vertical_permit(boxes: bool = False) -> bytes:
    """An A5 page at 300 dpi, columns right to left, characters stacked, as an office scan (grey);
    with `boxes`, two empty square frames (checkbox-like) at the foot of the page."""
    w, h = 1748, 2480
    img = Image.new("L", (w, h), 250)
    d = ImageDraw.Draw(img)
    if boxes:
        for x in (600, 800):
            d.rectangle([x, 2200, x + 50, 2250], outline=20, width=4)
    x = w - 260
    for i, column in enumerate(COLUMNS):
        size = 90 if i == 0 else 56
        font = ImageFont.truetype(FONT, size)
        y = 200 if i == 0 else 330
        for ch in column:
            if ch == "　":
                y += size // 2
                continue
            d.text((x, y), ch, font=font, fill=20)
            y += int(size * 1.08)
        x -= 230 if i == 0 else 140
    buf = io.BytesIO()
    img.save(buf, "PNG", dpi=(300, 300))
    return buf.getvalue()


@pytest.mark.parametrize("boxes", [False, True])
def test_a_vertical_permit_is_read_top_to_bottom_right_to_left(boxes):
    page = read(_vertical_permit(boxes), "kyoka.png").pages[0]
    assert page.lines and all(ln.vertical for ln in page.lines)
    text = [ln.text.replace(" ", "") for ln in page.lines]
    assert text[0] == "営業許可証"                       # the rightmost column comes first
    assert "許可番号第三〇二一号" in text
    assert any(t.startswith("有効期間令和六年四月一日から令和十二年三月三十一日まで") for t in text)
