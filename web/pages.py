"""Page images rendered on the server (PDF pages by pypdfium2, scans as they are, Word and Excel
through LibreOffice's PDF), cached as PNG readable by this user only, the geometry that places
field and finding boxes over them, and the original file for download.

Personal fields a user may not read are blacked out in the image itself (masking the value in
the field list alone would leave the account number readable on the scan).
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Blueprint, abort, send_file
from flask_babel import gettext as _
from flask_login import login_required
from PIL import Image, ImageDraw, ImageOps

from intake.models import DocumentRow, FieldRow, Submission, User

import extractors.readers.image  # noqa: F401  (registers HEIC/HEIF with Pillow)
from web import office_preview
from web.access import can_review, may_read, submission_or_404
from web.auth import me
from web.store import blobs, settings
from web.views import error_text

log = logging.getLogger(__name__)
bp = Blueprint("pages", __name__)
DPI = 100                      # enough to read a label on screen, small enough to load fast
IMAGE_TYPES = ("image/jpeg", "image/png", "image/tiff", "image/webp", "image/bmp", "image/gif",
               "image/heic", "image/heif")
MAX_SIDE = 2000                # scans are shown scaled down; boxes are placed in fractions
MAX_PIXELS = 2400 * 2400       # any page, however large its MediaBox, is drawn at most this big
BOX_UNITS = ("pt", "px")       # geometry in which boxes can be placed over a page image
try:
    from extractors.limits import RENDER_DPI as OCR_DPI
except ImportError:  # pragma: no cover - the PDF reader renders scans for OCR at 300 dpi
    OCR_DPI = 300


def renderable(doc: DocumentRow) -> bool:
    """Only files the reader could open (never a corrupt file or a decompression bomb)."""
    return doc.status == "read" and (doc.media_type == "application/pdf"
                                     or doc.media_type in IMAGE_TYPES
                                     or office_preview.is_office(doc))


def _folder(name: str) -> Path:
    """A cache folder only this user can enter (0700), however the umask is set."""
    root = settings().home / "cache"
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for d in (root, folder):
        if d.stat().st_mode & 0o077:
            os.chmod(d, 0o700)
    return folder


def _cache(name: str) -> Path:
    return _folder("pages") / name


def _write_png(image: Image.Image, path: Path) -> None:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "PNG", optimize=False)
    office_preview.write_private(path, buf.getvalue())


def _image(data: bytes, number: int) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    if number > 1:
        img.seek(number - 1)  # multi-page TIFF
    return ImageOps.exif_transpose(img)


def _upright_size(img: Image.Image) -> tuple[int, int]:
    """The size after EXIF rotation, read from the header without decoding the pixels."""
    width, height = img.size
    return (height, width) if img.getexif().get(0x0112) in (5, 6, 7, 8) else (width, height)


# --- Word and Excel through their converted PDF -------------------------------

def office_pdf(doc: DocumentRow) -> bytes:
    return office_preview.pdf_bytes(doc, _folder("office"), blobs().get)


def _office_pages(doc: DocumentRow) -> list[dict]:
    """The converted PDF's pages with their characters' boxes (cached as JSON)."""
    path = _folder("office") / f"{doc.sha256}-chars.json"
    if not path.exists():
        pages = office_preview.char_map(office_pdf(doc))
        office_preview.write_private(path, json.dumps(pages, ensure_ascii=False).encode())
    return _chars(str(path))


@lru_cache(maxsize=16)
def _chars(path: str) -> list[dict]:
    """A converted file's characters, read once per process (the file never changes: its name is
    the content's hash), not once per field placed."""
    return json.loads(Path(path).read_text())


def preview_error(doc: DocumentRow) -> str | None:
    """Why a Word/Excel file has no pages (in Japanese), or None."""
    if not (office_preview.is_office(doc) and doc.status == "read"):
        return None
    try:
        _office_pages(doc)
    except office_preview.PreviewError as exc:
        return error_text(exc)
    return None


# --- geometry ---------------------------------------------------------------

def _stored_sizes(doc: DocumentRow) -> list[tuple[float, float]] | None:
    """Page sizes kept when the document was read, when they are in a unit boxes can use."""
    pages = (doc.geometry or {}).get("pages") or []
    if not pages or any(len(p) < 3 or p[2] not in BOX_UNITS or not p[0] or not p[1] for p in pages):
        return None
    return [(float(p[0]), float(p[1])) for p in pages]


def page_sizes(doc: DocumentRow) -> list[tuple[float, float]]:
    """Each page's size in the unit of its boxes: PDF points, or image pixels."""
    if office_preview.is_office(doc):
        try:
            return [tuple(p["size"]) for p in _office_pages(doc)]
        except office_preview.PreviewError:
            return []
    stored = _stored_sizes(doc)
    if stored is not None:
        return stored
    return _sizes_from_file(doc)


def _sizes_from_file(doc: DocumentRow) -> list[tuple[float, float]]:
    """For documents read before their geometry was kept: measured from the file once."""
    path = _cache(f"{doc.sha256}-sizes.json")
    if path.exists():
        return [tuple(s) for s in json.loads(path.read_text())]
    sizes: list[tuple[float, float]] = []
    try:
        data = blobs().get(doc.sha256)
        if doc.media_type == "application/pdf":
            import pypdfium2 as pdfium
            pdf = pdfium.PdfDocument(data)
            sizes = [tuple(pdf[i].get_size()) for i in range(len(pdf))]
            pdf.close()
        elif doc.media_type in IMAGE_TYPES:
            img = Image.open(io.BytesIO(data))
            for n in range(getattr(img, "n_frames", 1)):
                img.seek(n)
                sizes.append(_upright_size(img))
    except Exception:  # an unreadable file simply has no page images
        log.info("no page images for document %s", doc.id)
        return []
    office_preview.write_private(path, json.dumps(sizes).encode())
    return sizes


def pdf_scale(width: float, height: float) -> float:
    """Pixels per point for one page: DPI, less for a page too big to draw (a 14399 pt square
    MediaBox would otherwise be a 400-megapixel bitmap in the web process)."""
    scale = DPI / 72
    if width <= 0 or height <= 0:
        return scale
    scale = min(scale, math.sqrt(MAX_PIXELS / (width * height)), MAX_SIDE * 1.2 / max(width, height))
    return max(scale, 1e-3)


def render(doc: DocumentRow, number: int) -> Path:
    """The PNG of one page, rendered once and cached under INTAKE_HOME/cache (0600)."""
    path = _cache(f"{doc.sha256}-{number}-{DPI}.png")
    if path.exists():
        return path
    if doc.media_type == "application/pdf" or office_preview.is_office(doc):
        import pypdfium2 as pdfium
        data = office_pdf(doc) if office_preview.is_office(doc) else blobs().get(doc.sha256)
        pdf = pdfium.PdfDocument(data)
        try:
            page = pdf[number - 1]
            image = page.render(scale=pdf_scale(*page.get_size())).to_pil()
        finally:
            pdf.close()
    else:
        image = _image(blobs().get(doc.sha256), number)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    _write_png(image, path)
    return path


def box(bbox: Any, size: tuple[float, float], doc: DocumentRow,
        method: str | None = None) -> dict | None:
    """Where a bbox sits on its page, in percent of the page."""
    try:
        x0, y0, x1, y1 = (float(v) for v in bbox)
    except (TypeError, ValueError):
        return None
    width, height = size
    if width <= 0 or height <= 0:
        return None
    if (_stored_sizes(doc) is None and doc.media_type == "application/pdf"
            and (x1 > width * 1.05 or y1 > height * 1.05)):
        # a document read before geometry was kept: a box beyond the page can only be in pixels
        # of the 300 dpi render the OCR read
        k = 72 / OCR_DPI
        x0, y0, x1, y1 = x0 * k, y0 * k, x1 * k, y1 * k
    pct = [x0 / width * 100, y0 / height * 100, (x1 - x0) / width * 100, (y1 - y0) / height * 100]
    return {"left": round(pct[0], 3), "top": round(pct[1], 3),
            "width": round(max(pct[2], 0.4), 3), "height": round(max(pct[3], 0.4), 3)}


def placed(doc: DocumentRow, f: FieldRow, number: int, size: tuple[float, float]) -> dict | None:
    """Where field `f` sits on page `number`, in percent; Word/Excel fields by their printed text."""
    if office_preview.is_office(doc):
        try:
            place = office_preview.locate(_office_pages(doc), f.key, f.value)
        except office_preview.PreviewError:
            return None
        if place is None or place[0] != number:
            return None
        return box(place[1], size, doc)
    if f.page != number or not f.bbox:
        return None
    return box(f.bbox, size, doc, f.method)


# --- personal data in the image -----------------------------------------------

def hidden_fields(doc: DocumentRow, sub: Submission, user: User) -> list[FieldRow]:
    """Fields with a value that `user` sees masked."""
    return [f for f in doc.fields
            if f.value not in (None, "", [], {}) and not may_read(f.key, sub, user)]


def blackout(doc: DocumentRow, sub: Submission, user: User, number: int,
             size: tuple[float, float]) -> list[dict] | None:
    """The page regions to black out for `user`: [] when nothing is hidden, None when a hidden
    value has no known place on any page (then no page image of this document is shown)."""
    regions = []
    for f in hidden_fields(doc, sub, user):
        where = [placed(doc, f, n, s) for n, s in enumerate(page_sizes(doc), start=1)]
        if not any(where):
            return None
        style = where[number - 1] if number - 1 < len(where) else None
        if style is not None:
            regions.append(style)
    return regions


def withheld(doc: DocumentRow, sub: Submission, user: User) -> bool:
    """Whether `user` sees no page image of `doc` because personal data could not be blacked out."""
    return bool(hidden_fields(doc, sub, user)) and blackout(doc, sub, user, 1, (1, 1)) is None


def masked_render(doc: DocumentRow, number: int, regions: list[dict]) -> Path:
    """The page with `regions` (percent boxes) painted black, cached apart from the plain one."""
    plain = render(doc, number)
    if not regions:
        return plain
    key = hashlib.sha256(json.dumps(regions, sort_keys=True).encode()).hexdigest()[:16]
    path = _cache(f"{doc.sha256}-{number}-{DPI}-masked-{key}.png")
    if path.exists():
        return path
    image = Image.open(plain).convert("RGB")
    draw = ImageDraw.Draw(image)
    w, h = image.size
    pad = 2  # pixels: cover the strokes at the edge of the text box too
    for r in regions:
        x0, y0 = r["left"] / 100 * w, r["top"] / 100 * h
        x1, y1 = x0 + r["width"] / 100 * w, y0 + r["height"] / 100 * h
        draw.rectangle([x0 - pad, y0 - pad, x1 + pad, y1 + pad], fill="black")
    _write_png(image, path)
    return path


def _document(sub_id: int, doc_id: int) -> tuple[Submission, DocumentRow]:
    sub = submission_or_404(sub_id, me())
    doc = next((d for d in sub.documents if d.id == doc_id), None)
    if doc is None:
        abort(404)
    return sub, doc


@bp.get("/submissions/<int:sub_id>/documents/<int:doc_id>/pages/<int:number>.png")
@login_required
def image(sub_id: int, doc_id: int, number: int) -> Any:
    sub, doc = _document(sub_id, doc_id)
    sizes = page_sizes(doc) if renderable(doc) else []
    if not 1 <= number <= len(sizes):
        abort(404)
    regions = blackout(doc, sub, me(), number, sizes[number - 1])
    if regions is None:
        abort(404)
    response = send_file(masked_render(doc, number, regions), mimetype="image/png", max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.get("/submissions/<int:sub_id>/documents/<int:doc_id>/original")
@login_required
def original(sub_id: int, doc_id: int) -> Any:
    """The file as it was sent, for a reviewer (and the supplier who sent it); always a download,
    never shown inline, so a crafted file cannot run in the site's origin."""
    sub, doc = _document(sub_id, doc_id)
    user = me()
    if not (can_review(sub, user) or user.role == "supplier") or hidden_fields(doc, sub, user):
        abort(404)
    response = send_file(io.BytesIO(blobs().get(doc.sha256)),
                         mimetype="application/octet-stream", max_age=0)
    ascii_name = doc.filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(doc.filename)}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def no_pages_reason(doc: DocumentRow, sub: Submission, user: User) -> str | None:
    """Why `user` sees no page image of a readable document, in Japanese; None when they do."""
    if not renderable(doc):
        return None
    if withheld(doc, sub, user):
        return _("個人情報の位置を特定できないため、この書類の画像は表示しません。")
    return preview_error(doc)
