"""Boxes land where the reader saw the text: PDF points, OCR pixels of a 300 dpi render, scans."""
from __future__ import annotations

import io
import re

from PIL import Image

from intake.models import DocumentRow
from intake.records import FieldValue
from tests.web.conftest import login, make_submission
from web.pages import box


def doc(media_type: str, method: str) -> DocumentRow:
    return DocumentRow(media_type=media_type, method=method)


def test_pdf_points_are_placed_in_percent_of_the_page():
    placed = box([59.52, 84.2, 297.6, 168.4], (595.2, 842.0), doc("application/pdf", "text"), "text")
    assert placed == {"left": 10.0, "top": 10.0, "width": 40.0, "height": 10.0}


def test_ocr_pixels_of_a_pdf_page_are_scaled_from_300_dpi():
    # the same place on an A4 page, as pixels of the 300 dpi render the OCR read
    k = 300 / 72
    placed = box([59.5 * k, 84.2 * k, 297.6 * k, 168.4 * k], (595.2, 842.0),
                 doc("application/pdf", "ocr"), "ocr")
    assert abs(placed["left"] - 10) < 0.01 and abs(placed["width"] - 40) < 0.01
    corrected = box([59.5 * k, 84.2 * k, 297.6 * k, 168.4 * k], (595.2, 842.0),
                    doc("application/pdf", "ocr"), "manual")
    assert corrected == placed


def test_an_ocr_read_pdf_page_in_points_is_not_scaled():
    # what the PDF reader gives for a scanned page: OCR boxes converted to points
    placed = box([53.78, 139.85, 245.81, 162.94], (595.44, 841.92), doc("application/pdf", "ocr"), "ocr")
    assert abs(placed["left"] - 53.78 / 595.44 * 100) < 0.01
    assert abs(placed["top"] - 139.85 / 841.92 * 100) < 0.01


def test_a_bad_bbox_draws_nothing():
    assert box(["a", 1, 2, 3], (100, 100), doc("image/png", "ocr"), "ocr") is None
    assert box([1, 2, 3], (100, 100), doc("image/png", "ocr"), "ocr") is None


def test_a_scan_is_shown_as_itself_with_its_boxes(app, people):
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), "white").save(buf, "PNG")
    fields = {"label.name": FieldValue("焼菓子", 0.7, "ocr", 1, [80, 60, 400, 120])}
    sid = make_submission(app.config["INTAKE_SETTINGS"], people, fields=fields, findings=[],
                          filename="label.png", data=buf.getvalue())
    from intake.db import session_scope
    from intake.models import Submission
    with session_scope(app.config["INTAKE_SETTINGS"].database_url) as s:
        s.get(Submission, sid).documents[0].media_type = "image/png"
    client = app.test_client()
    login(client, "rita@example.jp")
    html = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert re.search(r'aspect-ratio:800\.00 / 600\.00', html)
    assert 'style="left:10.0%;top:10.0%;width:40.0%;height:10.0%"' in html
    png = client.get(re.search(r'<img src="([^"]+)"', html).group(1))
    assert Image.open(io.BytesIO(png.data)).size == (800, 600)


def test_a_rotated_photo_is_measured_upright(app, people):
    from web.pages import _upright_size
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° on display
    Image.new("RGB", (800, 600), "white").save(buf, "JPEG", exif=exif.tobytes())
    img = Image.open(io.BytesIO(buf.getvalue()))
    assert _upright_size(img) == (600, 800)
