"""Photos are not read like A4 scans: a first look decides, a photo is read by its text regions."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from extractors.ocr.photo import first_look
from extractors.reader import read

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"


def _product_photo(text: bool = True) -> bytes:
    """A coloured, textured scene with a package; on it, a few printed lines."""
    from samples.render.image import product_photo
    img = Image.open(io.BytesIO(product_photo(1600, 1200, seed=5))).convert("RGB")
    if text:
        d = ImageDraw.Draw(img)
        d.rectangle([500, 350, 1150, 800], fill=(235, 225, 200), outline=(30, 30, 30), width=3)
        d.text((540, 390), "浜田の干物", font=ImageFont.truetype(FONT, 64), fill=(150, 20, 20))
        for i, line in enumerate(["内容量：5枚", "保存方法：要冷凍"]):
            d.text((540, 520 + i * 50), line, font=ImageFont.truetype(FONT, 30), fill=(20, 20, 20))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 13"
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90, exif=exif)
    return buf.getvalue()


def test_a_product_photo_is_a_photo_and_a_grey_scan_is_a_page():
    look = first_look(Image.open(io.BytesIO(_product_photo())))
    assert look.photo and look.camera and 0 < look.lines < 8
    assert not first_look(Image.new("L", (800, 1100), 255)).photo


def test_a_photo_is_read_by_its_text_regions_with_metadata_from_the_original():
    data = _product_photo()
    layout = read(data, "IMG_0001.jpg")
    text = layout.pages[0].text.replace(" ", "")
    assert "浜田の干物" in text and "内容量：5枚" in text.replace(":", "：")
    assert layout.metadata["width"] == 1600 and layout.metadata["bytes"] == len(data)
    assert not layout.pages[0].tables and not layout.pages[0].checkboxes
    for line in layout.pages[0].lines:       # boxes in the original's pixels, on the package
        assert 480 <= line.bbox[0] and line.bbox[2] <= 1170 and 330 <= line.bbox[1] and line.bbox[3] <= 820


def test_a_photo_without_text_reads_no_lines():
    assert read(_product_photo(text=False), "shouhin.jpg").pages[0].lines == []


def test_engines_and_strategies_are_found_by_name_without_an_import_cycle():
    from extractors.ocr import registry, strategies
    assert {"tesseract", "tesseract-vert", "tesseract-raw", "rapidocr"} <= set(registry.names())
    assert strategies.get("combined").reread_below == strategies.REREAD_BELOW
    assert strategies.get("combined@0.8").reread_below == 0.8
    try:
        registry.engine("nonesuch")
    except KeyError as e:
        assert "tesseract" in str(e)
    else:
        raise AssertionError("unknown engine accepted")
    source = open(strategies.__file__, encoding="utf-8").read()
    assert "from .page" not in source and "import page" not in source
