"""PDF → Layout, page by page: the text layer when it is usable, else OCR of the page's image — a
scan's one full-page image decoded as stored (pdf_image), any other page rendered at 300 dpi."""
from __future__ import annotations

import io
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .. import limits
from ..errors import unreadable
from ..layout import Layout, Page
from .pdf_seals import page_seals

MIN_TEXT_CHARS = 20        # fewer usable characters than this: the page is an image
MAX_BAD_RATIO = 0.2        # more replacement/private-use glyphs than this: the text layer is garbage
# A page mostly covered by an image with only a little text (a scanner's stamp, a page number) is a scan.
SCAN_IMAGE_COVER = 0.5
SCAN_MAX_TEXT_CHARS = 200


def read_pdf(data: bytes) -> Layout:
    doc = _open(data)
    try:
        n = len(doc)
        if n == 0:
            raise unreadable("no_content", "PDF has no pages")
        if n > limits.MAX_PAGES:
            raise unreadable("too_many_pages", f"{n} pages")
        usable = [_text_layer_usable(doc[i]) for i in range(n)]
        made_by = _made_by(doc)
        pages: list[Page | None] = [None] * n
        if any(usable):
            pages = _read_text_pages(data, usable, pages)
        # seals (印影): a text page's red ones from its objects, a scan's on the image OCR reads
        stamps = [page_seals(doc[i]) if usable[i] else None for i in range(n)]
        dicts = None
        for i in range(n):
            if pages[i] is None:
                if dicts is None:       # scans only: numpy and OpenCV stay unloaded for a text PDF
                    from .pdf_image import ImageDicts
                    dicts = ImageDicts(data)
                page = doc[i]
                pages[i], stamps[i] = _ocr_page(page, i + 1, dicts)
                page.close()                   # page by page: the bitmap and pdfium's page freed now
            limits.page_done(i + 1)
    finally:
        doc.close()
    method = "ocr" if any(p.method == "ocr" for p in pages) else "text"
    return Layout(media_type="application/pdf", pages=pages, method=method,
                  metadata={"pages": n, "ocr_pages": [p.number for p in pages if p.method == "ocr"], "seals": stamps,
                            "made_by": made_by})


def _made_by(doc) -> str:
    """The program that wrote the PDF, as its Creator and Producer say (「Calc / LibreOffice 7.4」,
    「Microsoft® Excel® for Microsoft 365」): a spreadsheet's pages are laid out as its print settings cut them."""
    try:
        meta = doc.get_metadata_dict()
    except Exception:  # noqa: BLE001  (a damaged info dictionary says nothing about the pages)
        return ""
    names = [str(meta.get(k) or "").strip() for k in ("Creator", "Producer")]
    return " / ".join(dict.fromkeys(n for n in names if n))[:200]


def needs_ocr(data: bytes) -> bool:
    """Whether some page of the PDF has no usable text layer (a scan), judged in milliseconds."""
    try:
        doc = _open(data)
    except Exception:  # unreadable: the reader will say so; no OCR needed for that
        return False
    try:
        return not all(_text_layer_usable(doc[i]) for i in range(min(len(doc), limits.MAX_PAGES)))
    finally:
        doc.close()


def _open(data: bytes):
    if b"%%EOF" not in data[-2048:]:
        raise unreadable("corrupt", "PDF has no %%EOF trailer (truncated)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if e.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise unreadable("encrypted", "PDF needs a password") from None
        if e.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise unreadable("encrypted", "unsupported PDF security handler") from None
        raise unreadable("corrupt", f"pdfium: {e}") from None


def _text_layer_usable(page) -> bool:
    """Decide from pdfium's text (≈0.3 ms a page) whether pdfplumber should read this page."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    chars = [ch for ch in text if not ch.isspace()]
    if len(chars) < MIN_TEXT_CHARS:
        return False
    bad = sum(1 for ch in chars if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cc", "Cn"))
    if bad / len(chars) > MAX_BAD_RATIO:
        return False
    return len(chars) >= SCAN_MAX_TEXT_CHARS or _image_cover(page) < SCAN_IMAGE_COVER


def _image_cover(page) -> float:
    """Share of the page area under its largest image."""
    w, h = page.get_size()
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        best = max(best, max(0.0, right - left) * max(0.0, top - bottom) / max(1.0, w * h))
    return best


def _read_text_pages(data: bytes, usable: list[bool], pages: list) -> list:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    from .pdf_text import read_text_page
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i, ok in enumerate(usable):
                if ok:
                    pages[i] = read_text_page(pdf.pages[i], i + 1)
                    pdf.pages[i].close()       # frees the page's cached objects
                    limits.page_done(i + 1)
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise unreadable("encrypted", f"pdfminer: {type(e).__name__}") from None
    return pages


def render_scale(width_pt: float, height_pt: float) -> float:
    """Pixels per point: 300 dpi, or less for a large page (a drawing) so it stays under the pixel cap."""
    scale = limits.RENDER_DPI / 72
    cap = (limits.MAX_RENDER_PIXELS / max(1.0, width_pt * height_pt)) ** 0.5
    return min(scale, cap)


def _ocr_page(page, number: int, dicts) -> tuple[Page, list | None]:
    """The page read by OCR, and the seals found on its (greyscale) image."""
    from PIL import Image

    from .. import seals
    from ..ocr.page import ocr_image
    from .pdf_image import decode_page
    decoded = decode_page(page, dicts, number - 1)
    if decoded is not None:             # a scan's own image: 0.015 s instead of a 0.1 s render
        pixels, scale = decoded
        result = ocr_image(pixels, number)
        stamps = seals.find(Image.fromarray(pixels))
        del pixels, decoded
    else:
        scale = render_scale(*page.get_size())
        bitmap = page.render(scale=scale, grayscale=True)
        pixels = bitmap.to_numpy()      # a view of pdfium's buffer: no copy through PIL (0.1 s a page)
        try:
            gray = pixels.reshape(pixels.shape[:2])
            result = ocr_image(gray, number)
            stamps = seals.find(Image.fromarray(gray))
        finally:
            del pixels
            bitmap.close()
    result.method = "ocr"
    return _in_points(result, 1 / scale), stamps


def _in_points(page: Page, factor: float) -> Page:
    """OCR boxes come in rendered pixels; PDF pages report points like their text-layer siblings."""
    page.map_boxes(lambda b: [round(v * factor, 2) for v in b] if b else b)
    page.width, page.height, page.unit = page.width * factor, page.height * factor, "pt"
    return page
