"""A scan's full-page image decoded as stored must be the picture rendering the page gives at the
image's resolution, pixel for pixel; anything else on the page must send it to the renderer."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from extractors import limits
from extractors.readers import pdf as pdf_reader
from extractors.readers.pdf_image import ImageDicts, decode_page
from scan_pdfs import page_image, scan_pdf

IMG = page_image(620, 878)       # at 144 dpi: 310 × 439 pt, sizes pdfium holds exactly (no rounding row)
W, H = 310.0, 439.0


def _decoded_and_rendered(data: bytes):
    doc = pdfium.PdfDocument(data)
    page = doc[0]
    got = decode_page(page, ImageDicts(data), 0)
    if got is None:
        return None, None
    pixels, scale = got
    bitmap = page.render(scale=scale, grayscale=True).to_numpy()
    return pixels, bitmap.reshape(bitmap.shape[:2])


@pytest.mark.parametrize("kind", ["jpeg", "jpeg_rgb", "flate", "flate_inverted", "flate1", "flate1_inverted", "mask", "g4",
                                  "g4_blackis1", "jbig2"])
def test_each_encoding_decodes_to_the_rendered_picture(kind):
    pixels, rendered = _decoded_and_rendered(scan_pdf(IMG, kind, dpi=144))
    assert pixels is not None, "a plain full-page image must be decoded directly"
    assert pixels.shape == rendered.shape == IMG.shape
    assert np.array_equal(pixels, rendered)
    if not kind.startswith("jpeg"):                      # lossless: the page itself
        expected = IMG if kind.startswith("flate") and "1" not in kind else np.where(IMG >= 128, 255, 0)
        assert np.array_equal(pixels, expected)


@pytest.mark.parametrize("rotate, media, cm", [
    (90, None, None), (180, None, None), (270, None, None),
    (0, (0, 0, H, W), (0, -W, H, 0, 0, W)),           # image placed turned on a landscape page
    (0, (0, 0, H, W), (0, W, -H, 0, H, 0)),
    (90, (0, 0, H, W), (0, -W, H, 0, 0, W)),          # … and the page turned back by /Rotate
    (0, None, (-W, 0, 0, H, W, 0)),                    # mirrored
    (0, None, (W, 0, 0, -H, 0, H)),                    # upside down by its matrix
    (0, (50, 20, 50 + W, 20 + H), None),               # a page box away from the origin
])
def test_turned_and_placed_images_come_out_as_rendered(rotate, media, cm):
    pixels, rendered = _decoded_and_rendered(scan_pdf(IMG, "g4", dpi=144, rotate=rotate, media=media, cm=cm))
    assert pixels is not None
    assert pixels.shape == rendered.shape
    assert np.array_equal(pixels, rendered)


@pytest.mark.parametrize("case", [
    dict(media=(0, 0, W + 20, H)),                         # the image covers part of the page
    dict(cm=(W - 10, 0, 0, H, 0, 0)),
    dict(images=2),                                        # the image drawn twice
    dict(extra=b"0 0 10 10 re f\n"),                       # vector content beside it
    dict(extra=b"BT /F1 12 Tf 10 10 Td (x) Tj ET\n"),      # a text object
    dict(kind="mask", fill="1 0 0 rg"),                    # a mask painted in red
    dict(cm=(W, 3, 0, H, 0, 0)),                           # skewed
    dict(media=(0, 0, W, 2 * H), cm=(W, 0, 0, 2 * H, 0, 0)),   # pixels twice as tall as wide (fax normal mode)
    dict(dpi=600),                                         # finer than a 300-dpi render
])
def test_anything_unusual_is_rendered(case):
    kind = case.pop("kind", "flate")
    data = scan_pdf(IMG, kind, **{"dpi": 144, **case})
    assert decode_page(pdfium.PdfDocument(data)[0], ImageDicts(data), 0) is None


@pytest.mark.parametrize("entry", [b"/Mask [0 10]", b"/SMask 5 0 R"])
def test_a_masked_image_is_rendered(entry):
    data = scan_pdf(IMG, "flate", dpi=144).replace(b"/Subtype /Image", b"/Subtype /Image " + entry)
    assert decode_page(pdfium.PdfDocument(data)[0], ImageDicts(data), 0) is None


def test_the_pixel_cap_holds_for_a_decoded_image(monkeypatch):
    data = scan_pdf(IMG, "jpeg", dpi=144)
    monkeypatch.setattr(limits, "MAX_RENDER_PIXELS", IMG.size - 1)
    assert decode_page(pdfium.PdfDocument(data)[0], ImageDicts(data), 0) is None


def test_the_reader_ocrs_the_decoded_image_and_reports_points(monkeypatch):
    seen = []

    def fake_ocr(pixels, number):
        from extractors.layout import Page
        seen.append(pixels.copy())
        return Page(number=number, width=pixels.shape[1], height=pixels.shape[0])
    monkeypatch.setattr("extractors.ocr.page.ocr_image", fake_ocr)
    monkeypatch.setattr(pdfium.PdfPage, "render", lambda *a, **k: pytest.fail("rendered a plain scan"))
    layout = pdf_reader.read_pdf(scan_pdf(IMG, "g4", dpi=144, rotate=90))
    assert np.array_equal(seen[0], np.rot90(np.where(IMG >= 128, 255, 0), -1))
    assert (layout.pages[0].width, layout.pages[0].height) == pytest.approx((H, W))


@pytest.mark.parametrize("path", sorted((Path(__file__).parents[2] / "samples" / "submissions" / "scans").rglob("*.pdf")))
def test_committed_scans_decode_to_their_rendered_rows(path):
    """On real A4 pages pdfium's renderer draws the image one row taller (float rounding of 841.92 pt),
    so each decoded row must equal the rendered row at its place or the one above it."""
    data = path.read_bytes()
    page = pdfium.PdfDocument(data)[0]
    got = decode_page(page, ImageDicts(data), 0)
    assert got is not None
    pixels, scale = got
    h, w = pixels.shape
    rendered = page.render(scale=(w - 0.01) / page.get_width(), grayscale=True, no_smoothimage=True).to_numpy()
    rendered = rendered.reshape(rendered.shape[:2])
    assert rendered.shape == (h, w)
    same = (pixels == rendered).all(axis=1)
    same[1:] |= (pixels[1:] == rendered[:-1]).all(axis=1)
    assert same.mean() > 0.999
