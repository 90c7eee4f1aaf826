"""Page images as found by the issue-12 probe: a huge MediaBox, world-readable cache files, account
numbers readable on the scan; and Word/Excel pages, the original download, geometry kept at read time."""
from __future__ import annotations

import io
import os
import re
import stat
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from reportlab.pdfgen import canvas

from intake.db import session_scope
from intake.models import DocumentRow, Submission
from intake.pipeline import InputFile, read_document
from intake.records import FieldValue
from tests.web.conftest import SAMPLES, login, make_submission
from web import office_preview, pages

BANK_BOX = [300, 200, 500, 240]  # pixels of the 800×600 scan where the account number is printed


def _huge_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(14399, 14399), pageCompression=1)
    c.drawString(100, 100, "x")
    c.save()
    return buf.getvalue()


def _scan_with_account() -> bytes:
    img = Image.new("RGB", (800, 600), "white")
    ImageDraw.Draw(img).rectangle(BANK_BOX, fill=(200, 30, 30))  # "the digits"
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _as(settings, sid: int, media_type: str, geometry=None) -> None:
    with session_scope(settings.database_url) as s:
        doc = s.get(Submission, sid).documents[0]
        doc.media_type, doc.geometry = media_type, geometry


def _first_image(client, sid: int):
    html = client.get(f"/submissions/{sid}").get_data(as_text=True)
    src = re.search(r'<img src="([^"]+)"', html)
    return html, (client.get(src.group(1)) if src else None)


def test_a_huge_mediabox_is_drawn_within_the_pixel_cap(app, people):
    data = _huge_pdf()
    assert len(data) < 2000  # a tiny file, as found: 642 bytes for a 14399 pt square page
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people, fields={}, findings=[], filename="huge.pdf", data=data)
    client = app.test_client()
    login(client, "rita@example.jp")
    _, png = _first_image(client, sid)
    assert png.status_code == 200
    w, h = Image.open(io.BytesIO(png.data)).size
    assert w * h <= pages.MAX_PIXELS and max(w, h) <= pages.MAX_SIDE * 1.2
    assert pages.pdf_scale(595, 842) == pytest.approx(pages.DPI / 72)  # A4 keeps its 100 dpi


def test_cached_renders_are_private(app, people):
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people)
    client = app.test_client()
    login(client, "rita@example.jp")
    old = os.umask(0o022)  # the usual umask, which made them 0644
    try:
        _, png = _first_image(client, sid)
    finally:
        os.umask(old)
    assert png.status_code == 200
    cache = Path(settings.home) / "cache"
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert all(stat.S_IMODE(d.stat().st_mode) == 0o700 for d in [cache, *cache.rglob("*")] if d.is_dir())


def _bank_scan(settings, people, bbox=BANK_BOX) -> int:
    fields = {"bank.account_number": FieldValue("1234567", 0.9, "ocr", 1, bbox),
              "applicant.name": FieldValue("青空ファーム", 0.9, "ocr", 1, [50, 50, 300, 90])}
    sid = make_submission(settings, people, fields=fields, findings=[], filename="shinsei.png",
                          data=_scan_with_account())
    _as(settings, sid, "image/png", {"pages": [[800, 600, "px"]]})
    return sid


def test_an_account_number_is_blacked_out_in_the_image_for_a_role_that_may_not_read_it(app, people):
    settings = app.config["INTAKE_SETTINGS"]
    sid = _bank_scan(settings, people)
    centre = ((BANK_BOX[0] + BANK_BOX[2]) // 2, (BANK_BOX[1] + BANK_BOX[3]) // 2)
    reviewer, admin = app.test_client(), app.test_client()
    login(reviewer, "rita@example.jp")
    login(admin, "adam@example.jp")
    _, seen = _first_image(reviewer, sid)
    assert Image.open(io.BytesIO(seen.data)).convert("RGB").getpixel(centre) == (200, 30, 30)
    html, hidden = _first_image(admin, sid)
    assert "●●●" in html and "1234567" not in html          # masked in the fields, as before
    img = Image.open(io.BytesIO(hidden.data)).convert("RGB")
    assert img.getpixel(centre) == (0, 0, 0)                 # and now in the image too
    for x, y in ((BANK_BOX[0] + 1, BANK_BOX[1] + 1), (BANK_BOX[2] - 1, BANK_BOX[3] - 1)):
        assert img.getpixel((x, y)) == (0, 0, 0)
    assert img.getpixel((700, 500)) == (255, 255, 255)       # the rest of the page is untouched


def test_a_hidden_value_without_a_place_withholds_the_image(app, people):
    settings = app.config["INTAKE_SETTINGS"]
    sid = _bank_scan(settings, people, bbox=None)
    admin = app.test_client()
    login(admin, "adam@example.jp")
    html, img = _first_image(admin, sid)
    assert img is None and "個人情報の位置を特定できない" in html
    with session_scope(settings.database_url) as s:
        doc_id = s.get(Submission, sid).documents[0].id
    assert admin.get(f"/submissions/{sid}/documents/{doc_id}/pages/1.png").status_code == 404


def test_the_original_is_a_download_for_a_reviewer_only(app, people):
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people, filename="食品表示.pdf")
    with session_scope(settings.database_url) as s:
        doc = s.get(Submission, sid).documents[0]
        url, sha = f"/submissions/{sid}/documents/{doc.id}/original", doc.sha256
    reviewer, other = app.test_client(), app.test_client()
    login(reviewer, "rita@example.jp")
    login(other, "nora@example.jp")
    assert url in reviewer.get(f"/submissions/{sid}").get_data(as_text=True)
    got = reviewer.get(url)
    assert got.status_code == 200
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E9%A3%9F%E5%93%81%E8%A1%A8%E7%A4%BA.pdf" in got.headers["Content-Disposition"]
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.mimetype == "application/octet-stream"
    import hashlib
    assert hashlib.sha256(got.data).hexdigest() == sha
    assert other.get(url).status_code == 404                 # another municipality's reviewer
    bank = _bank_scan(settings, people)
    with session_scope(settings.database_url) as s:
        bank_doc = s.get(Submission, bank).documents[0].id
    admin = app.test_client()
    login(admin, "adam@example.jp")
    assert admin.get(f"/submissions/{bank}/documents/{bank_doc}/original").status_code == 404


def test_geometry_is_kept_when_a_document_is_read():
    data = (SAMPLES / "food_label_clean" / "shokuhin_hyoji.pdf").read_bytes()
    doc = read_document(InputFile("shokuhin_hyoji.pdf", data))[0]
    assert doc.geometry["pages"] and all(p[2] == "pt" and p[0] > 100 for p in doc.geometry["pages"])
    row = DocumentRow(media_type="application/pdf", geometry=doc.geometry)
    assert pages.page_sizes(row) == [(p[0], p[1]) for p in doc.geometry["pages"]]
    # in stored geometry a box is never rescaled by guessing: points stay points
    w, h = doc.geometry["pages"][0][:2]
    assert pages.box([0, 0, w * 1.5, h], (w, h), row)["width"] == 150.0


@pytest.mark.timeout(120)
def test_a_word_form_is_shown_as_pages_with_its_fields_boxed(app, people):
    if office_preview.soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed: make install-system-packages")
    path = SAMPLES / "s7v4r0_ishigaki_local_share" / "shinseisho.docx"
    data = path.read_bytes()
    read = read_document(InputFile(path.name, data))[0]
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people, profile="hamada", fields=read.fields, findings=[],
                          filename=path.name, data=data)
    _as(settings, sid, office_preview.DOCX, read.geometry)
    client = app.test_client()
    login(client, "rita@example.jp")
    html, png = _first_image(client, sid)
    assert png.status_code == 200 and Image.open(io.BytesIO(png.data)).size[0] > 500
    boxes = re.findall(r'class="box field" href="#field-\d+" data-target="field-\d+" data-key="([^"]+)"', html)
    assert {"applicant.name", "bank.account_number", "price.total"} <= set(boxes)
    assert len(boxes) >= 25                                   # of 38 read; flags and codes are not printed
    assert (Path(settings.home) / "cache" / "office" / f"{read.sha256}.pdf").exists()
    # the admin may not read the account: its printed digits are blacked out on the page
    admin = app.test_client()
    login(admin, "adam@example.jp")
    html = admin.get(f"/submissions/{sid}").get_data(as_text=True)
    page2 = re.findall(r'<img src="([^"]+)"', html)[1]
    img = Image.open(io.BytesIO(admin.get(page2).data)).convert("L")
    with session_scope(settings.database_url) as s, app.app_context():
        doc = s.get(Submission, sid).documents[0]
        row = next(f for f in doc.fields if f.key == "bank.account_number")
        number, (x0, y0, x1, y1) = office_preview.locate(pages._office_pages(doc), row.key, row.value)
        w, h = pages.page_sizes(doc)[number - 1]
    assert number == 2
    cx, cy = (x0 + x1) / 2 / w * img.size[0], (y0 + y1) / 2 / h * img.size[1]
    assert img.getpixel((int(cx), int(cy))) == 0


@pytest.mark.timeout(60)
def test_a_file_libreoffice_cannot_convert_says_so(app, people):
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people, fields={}, findings=[], filename="broken.xlsx",
                          data=b"PK\x03\x04 this is not a workbook")
    _as(settings, sid, office_preview.XLSX)
    client = app.test_client()
    login(client, "rita@example.jp")
    page = client.get(f"/submissions/{sid}")
    assert page.status_code == 200
    assert "変換できませんでした" in page.get_data(as_text=True)
    with session_scope(settings.database_url) as s:
        sha = s.get(Submission, sid).documents[0].sha256
    assert (Path(settings.home) / "cache" / "office" / f"{sha}.failed.json").exists()  # remembered
    assert "変換できませんでした" in client.get(f"/submissions/{sid}").get_data(as_text=True)


def test_a_conversion_over_its_time_limit_is_stopped():
    if office_preview.soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed")
    data = (SAMPLES / "s7v4r0_hamada_clean" / "kujo_hokokusho.docx").read_bytes()
    with pytest.raises(office_preview.PreviewError) as caught:
        office_preview.convert(data, ".docx", timeout=0.05)
    assert "秒" in caught.value.message


def test_printed_values_are_found_in_their_spellings():
    pages_ = [{"size": [600, 800], "text": "提出日令和8年10月13日合計金額4,120円担保日数60日以内",
               "boxes": [[i, 10, i + 1, 20] for i in range(40)]}]
    assert office_preview.locate(pages_, "submitted_on", "2026-10-13")[1][0] == 3
    assert office_preview.locate(pages_, "price.total", 4120) is not None
    assert office_preview.locate(pages_, "product.guaranteed_days", 60) is not None   # beside 担保日数
    assert office_preview.locate(pages_, "shipping.lead_days", 60) is None            # no label: no guess


@pytest.mark.timeout(60)
def test_a_missing_libreoffice_is_not_remembered_as_a_failure(tmp_path, monkeypatch):
    data = (SAMPLES / "s7v4r0_hamada_clean" / "kujo_hokokusho.docx").read_bytes()
    doc = DocumentRow(sha256="f" * 64, media_type=office_preview.DOCX)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))     # LibreOffice not installed yet
    with pytest.raises(office_preview.PreviewError) as caught:
        office_preview.pdf_bytes(doc, tmp_path, lambda sha: data)
    assert "LibreOffice" in caught.value.message and not list(tmp_path.glob("*.failed.json"))
    monkeypatch.undo()                                        # installed: the next view converts
    assert office_preview.pdf_bytes(doc, tmp_path, lambda sha: data).startswith(b"%PDF")
    assert (tmp_path / f"{doc.sha256}.pdf").exists()
