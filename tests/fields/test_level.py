"""Tilted page images are read on level rows: the skew is measured from the lines, not assumed."""
from __future__ import annotations

import math

import pytest

from extractors.fields import extract
from extractors.fields.level import Skew, level_box, level_layout, measure_skew, unlevel
from extractors.layout import Layout, Line, Page

GLYPH = 48          # text height in pixels
PITCH = 90          # row to row
ROWS = [("許可番号", "第R5-1234号"), ("営業者の氏名", "株式会社みなと水産"), ("営業所の所在地", "島根県浜田市港町12番地"),
        ("営業施設の名称", "みなと水産本店"), ("営業の種類", "飲食店営業"), ("許可の有効期限", "令和12年3月31日")]
WANT = {"permit.holder": "株式会社みなと水産", "permit.facility_address": "島根県浜田市港町12番地",
        "permit.facility_name": "みなと水産本店", "permit.business_types": ["飲食店営業"],
        "permit.valid_until": "2030-03-31"}


def _tilted(text: str, x0: float, y_mid: float, slope: float) -> Line:
    """A line of text laid level at (x0, y_mid), rotated by atan(slope) about the page's top left, as OCR
    boxes it in the original image: the hull of the turned box."""
    w = GLYPH * len(text)
    cx, cy = x0 + w / 2, y_mid
    a = math.atan(slope)
    rx, ry = cx * math.cos(a) - cy * math.sin(a), cx * math.sin(a) + cy * math.cos(a)
    hw = (w * math.cos(a) + GLYPH * abs(math.sin(a))) / 2
    hh = (w * abs(math.sin(a)) + GLYPH * math.cos(a)) / 2
    return Line(text, [rx - hw, ry - hh, rx + hw, ry + hh], 0.95)


def permit_page(slope_at, change: float = 0.0) -> Layout:
    """A permit's rows of label | value, each row turned by its own slope (a slope changing down the page:
    a photo taken at a slant)."""
    lines = [_tilted("営業許可証", 700, 250, slope_at)]
    for i, (label, value) in enumerate(ROWS):
        y = 400 + PITCH * i
        s = slope_at + change * (i - (len(ROWS) - 1) / 2) / len(ROWS)
        lines += [_tilted(label, 300, y, s), _tilted(value, 800, y, s)]
    lines.append(_tilted("島根県浜田保健所長", 900, 400 + PITCH * (len(ROWS) + 2), slope_at))
    return Layout("image/jpeg", [Page(1, 2200, 2900, "px", "ocr", lines=lines)], "ocr")


@pytest.mark.parametrize("slope, change", [
    (0.0, 0.0), (0.03, 0.0), (-0.03, 0.0), (0.07, 0.0), (-0.07, 0.0), (0.1, 0.0), (-0.1, 0.0),
    (0.06, -0.06), (-0.04, 0.08),
])
def test_a_tilted_permit_pairs_each_label_with_its_own_row(slope, change):
    got = extract("permit", permit_page(slope, change), "kyoka.jpg")
    assert {k: got[k].value if k in got else None for k in WANT} == WANT


@pytest.mark.parametrize("slope", [0.03, -0.05, 0.09])
def test_the_skew_is_measured_from_the_rows(slope):
    skew = measure_skew(permit_page(slope).pages[0])
    assert skew is not None and abs(skew.slope(600) - slope) < 0.006


@pytest.mark.parametrize("layout", [
    permit_page(0.0),
    permit_page(0.002),                                   # too little to change a pairing
    Layout("application/pdf", [Page(1, 600, 800, "pt", "text", lines=permit_page(0.07).pages[0].lines)], "text"),
    Layout("image/png", [Page(1, 2000, 2800, "px", "ocr", lines=[Line("営業者の氏名", [300, 400, 600, 450])])], "ocr"),
])
def test_level_pages_and_text_layers_are_left_as_they_are(layout):
    level, skews = level_layout(layout)
    assert level is layout and skews == {}


@pytest.mark.parametrize("skew, box", [
    (Skew(0.05), [800.0, 380.0, 1400.0, 470.0]),
    (Skew(-0.08), [300.0, 500.0, 700.0, 600.0]),
    (Skew(0.04, -0.06, 1000.0, 1500.0), [650.0, 1400.0, 1700.0, 1520.0]),
])
def test_a_level_box_maps_back_to_the_original(skew, box):
    level = level_box(box, skew)
    assert level[3] - level[1] < box[3] - box[1]          # the slope's share of the hull is gone
    assert unlevel(level, skew) == pytest.approx(box, abs=2.0)


def test_found_values_are_boxed_in_the_original_pixels():
    layout = permit_page(0.07)
    got = extract("permit", layout, "kyoka.jpg")
    holder = next(ln for ln in layout.pages[0].lines if ln.text == "株式会社みなと水産")
    assert got["permit.holder"].bbox == pytest.approx(holder.bbox, abs=3.0)
