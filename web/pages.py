"""Page images rendered on the server (PDF pages by pypdfium2, scans as they are), cached as PNG,
and the geometry that places field and finding boxes over them."""
from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, send_file
from flask_login import login_required
from PIL import Image, ImageOps

from intake.models import DocumentRow

import extractors.readers.image  # noqa: F401  (registers HEIC/HEIF with Pillow)
from web.access import submission_or_404
from web.auth import me
from web.store import blobs, settings

log = logging.getLogger(__name__)
bp = Blueprint("pages", __name__)
DPI = 100                      # enough to read a label on screen, small enough to load fast
IMAGE_TYPES = ("image/jpeg", "image/png", "image/tiff", "image/webp", "image/bmp", "image/gif",
               "image/heic", "image/heif")
MAX_SIDE = 2000                # scans are shown scaled down; boxes are placed in fractions
try:
    from extractors.limits import RENDER_DPI as OCR_DPI
except ImportError:  # pragma: no cover - the PDF reader renders scans for OCR at 300 dpi
    OCR_DPI = 300


def renderable(doc: DocumentRow) -> bool:
    """Only files the reader could open (never a corrupt file or a decompression bomb)."""
    return doc.status == "read" and (doc.media_type == "application/pdf"
                                     or doc.media_type in IMAGE_TYPES)


def _cache(name: str) -> Path:
    folder = settings().home / "cache" / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def _image(data: bytes, number: int) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    if number > 1:
        img.seek(number - 1)  # multi-page TIFF
    return ImageOps.exif_transpose(img)


def _upright_size(img: Image.Image) -> tuple[int, int]:
    """The size after EXIF rotation, read from the header without decoding the pixels."""
    width, height = img.size
    return (height, width) if img.getexif().get(0x0112) in (5, 6, 7, 8) else (width, height)


def page_sizes(doc: DocumentRow) -> list[tuple[float, float]]:
    """Each page's size in its own unit: PDF points, or image pixels."""
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
    path.write_text(json.dumps(sizes))
    return sizes


def render(doc: DocumentRow, number: int) -> Path:
    """The PNG of one page, rendered once and cached under INTAKE_HOME/cache."""
    path = _cache(f"{doc.sha256}-{number}-{DPI}.png")
    if path.exists():
        return path
    data = blobs().get(doc.sha256)
    if doc.media_type == "application/pdf":
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(data)
        image = pdf[number - 1].render(scale=DPI / 72).to_pil()
        pdf.close()
    else:
        image = _image(data, number)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    tmp = path.with_suffix(".tmp")
    image.convert("RGB").save(tmp, "PNG", optimize=False)
    tmp.replace(path)
    return path


def box(bbox: Any, size: tuple[float, float], doc: DocumentRow,
        method: str | None = None) -> dict | None:
    """Where a bbox sits on its page, in percent, whatever its unit."""
    try:
        x0, y0, x1, y1 = (float(v) for v in bbox)
    except (TypeError, ValueError):
        return None
    width, height = size
    if width <= 0 or height <= 0:
        return None
    if doc.media_type == "application/pdf" and (x1 > width * 1.05 or y1 > height * 1.05):
        # PDF readers give points, OCR'd pages included; a box beyond the page can only be
        # in pixels of the 300 dpi render the OCR read
        k = 72 / OCR_DPI
        x0, y0, x1, y1 = x0 * k, y0 * k, x1 * k, y1 * k
    pct = [x0 / width * 100, y0 / height * 100, (x1 - x0) / width * 100, (y1 - y0) / height * 100]
    return {"left": round(pct[0], 3), "top": round(pct[1], 3),
            "width": round(max(pct[2], 0.4), 3), "height": round(max(pct[3], 0.4), 3)}


@bp.get("/submissions/<int:sub_id>/documents/<int:doc_id>/pages/<int:number>.png")
@login_required
def image(sub_id: int, doc_id: int, number: int) -> Any:
    sub = submission_or_404(sub_id, me())
    doc = next((d for d in sub.documents if d.id == doc_id), None)
    if doc is None or not renderable(doc) or not 1 <= number <= len(page_sizes(doc)):
        abort(404)
    response = send_file(render(doc, number), mimetype="image/png", max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
