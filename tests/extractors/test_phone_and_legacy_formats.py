"""iPhone HEIC and WebP photos read like JPEG; .doc/.xls read like DOCX/XLSX through LibreOffice."""
from __future__ import annotations

import io
import threading

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors import detect
from extractors.layout import UnreadableError
from extractors.reader import read
from extractors.readers.legacy_office import convert

from extractor_docs import make_docx, make_xlsx

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"


def _label_photo(fmt: str, orientation: int = 6) -> bytes:
    """A label photographed sideways: the pixels lie on their side, EXIF says how to turn them."""
    img = Image.new("RGB", (900, 600), (245, 240, 230))
    d = ImageDraw.Draw(img)
    d.text((60, 80), "名称 焼菓子", font=ImageFont.truetype(FONT, 64), fill=(10, 10, 10))
    d.text((60, 220), "内容量 6個", font=ImageFont.truetype(FONT, 64), fill=(10, 10, 10))
    sideways = img.rotate(90, expand=True)            # 600×900, as the sensor stored it
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 15"
    buf = io.BytesIO()
    sideways.save(buf, fmt, exif=exif.tobytes(), quality=90)
    return buf.getvalue()


@pytest.mark.timeout(120)
@pytest.mark.parametrize("fmt, media", [("HEIF", detect.HEIC), ("WEBP", detect.WEBP)])
def test_heic_and_webp_are_read_upright_like_jpeg(fmt, media):
    import extractors.readers.image  # noqa: F401  (registers HEIF with Pillow)
    data = _label_photo(fmt)
    assert detect.sniff(data, "IMG_0001.jpg") == media
    layout = read(data, "IMG_0001.HEIC", media)
    assert layout.media_type == media and layout.method == "ocr"
    assert (layout.metadata["width"], layout.metadata["height"]) == (900, 600)   # turned upright
    text = layout.text.replace(" ", "")
    assert "焼菓子" in text and "6個" in text


def test_heif_brands_and_avif():
    head = b"\x00\x00\x00\x18ftyp"
    assert detect.sniff(head + b"mif1\x00\x00\x00\x00mif1heic" + bytes(64)) == detect.HEIC
    assert detect.sniff(head + b"mif1\x00\x00\x00\x00mif1miaf" + bytes(64)) == detect.HEIF
    assert detect.sniff(head + b"avif\x00\x00\x00\x00avifmif1" + bytes(64)) != detect.HEIF


@pytest.fixture(scope="module")
def legacy_files():
    """A .doc and an .xls made by LibreOffice itself from this suite's DOCX and XLSX, converted at
    the same time: each conversion has its own profile, so neither waits for nor breaks the other."""
    made, errors = {}, []

    def one(ext: str, data: bytes, source: str) -> None:
        try:
            made[ext] = convert(data, source, ext)
        except UnreadableError as e:
            errors.append(e.detail)
    threads = [threading.Thread(target=one, args=("doc", make_docx(), "docx")),
               threading.Thread(target=one, args=("xls", make_xlsx(), "xlsx"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    return made


@pytest.mark.timeout(180)
def test_doc_is_read_like_the_docx_it_was_saved_from(legacy_files):
    data = legacy_files["doc"]
    assert detect.sniff(data, "申請書.docx") == detect.LEGACY_DOC
    layout = read(data, "申請書.doc", detect.LEGACY_DOC)
    assert layout.method == "docx" and layout.metadata["converted_from"] == "doc"
    kvs = {kv.key: kv.value for kv in layout.pages[0].kvs}
    original = {kv.key: kv.value for kv in read(make_docx(), "a.docx").pages[0].kvs}
    assert kvs["事業者名"] == original["事業者名"] == "株式会社はまだ水産"
    assert kvs["商品名"] == "のどぐろ干物"


@pytest.mark.timeout(180)
def test_xls_is_read_like_the_xlsx_it_was_saved_from(legacy_files):
    data = legacy_files["xls"]
    assert detect.sniff(data, "a.xlsx") == detect.LEGACY_XLS
    layout = read(data, "a.xls", detect.LEGACY_XLS)
    assert layout.method == "xlsx" and layout.metadata["converted_from"] == "xls"
    original = read(make_xlsx(), "a.xlsx")
    assert [ln.text for ln in layout.pages[0].lines] == [ln.text for ln in original.pages[0].lines]


@pytest.mark.timeout(60)
def test_a_conversion_failure_or_timeout_is_a_clear_refusal(legacy_files):
    broken = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "WordDocument".encode("utf-16-le")
    with pytest.raises(UnreadableError) as err:
        read(broken, "a.doc")
    assert err.value.reason == "conversion_failed" and ".doc" in err.value.message
    with pytest.raises(UnreadableError) as err:
        convert(legacy_files["doc"], "doc", "docx", timeout_s=0.01)
    assert err.value.reason == "conversion_failed" and "took over" in err.value.detail
