"""A scanned PDF page's one full-page image, decoded as it is stored instead of rendering the page.

Scanners and fax-to-PDF tools write a page as a single image covering it, at the scan's resolution.
Decoding that image (pdfium's own decoders: DCT, Flate, CCITT G3/G4, JBIG2, Decode arrays, 1-bit
masks) gives what rendering the page at the image's resolution gives, at a fifth of the cost (an
A4 300-dpi page: 20 ms instead of 120 ms). Anything unusual — more than one object, annotations,
transparency or a mask, a colour space other than gray/RGB, a placement that is not the whole page
turned by a multiple of 90°, pixels that are not square, more than 300 dpi or more pixels than the
render cap — returns None, and the page is rendered as before.
"""
from __future__ import annotations

import ctypes
import io
import itertools

import numpy as np
import pypdfium2.raw as pdfium_c

from .. import limits

# Filters whose decoding pdfium does alike for GetBitmap and for rendering. JPX is left to the
# renderer (its own alpha channel, SMaskInData).
FILTERS = {"DCTDecode", "FlateDecode", "CCITTFaxDecode", "JBIG2Decode", "RunLengthDecode", "LZWDecode",
           "ASCII85Decode", "ASCIIHexDecode"}
COLORSPACES = {pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_DEVICERGB}
SUB = 64                 # device positions from pdfium come as integers: ask at 64× for 1/64-px precision
TOLERANCE = 0.5          # px: how far the image's corners may sit from the page's
ROWS = 256               # rows converted from colour to gray at a time


class ImageDicts:
    """The stored image dictionaries (what pdfium does not expose: /Mask, /SMask, /ImageMask,
    /Decode), read with pdfminer once per document and only when a page may be a direct decode."""

    def __init__(self, data: bytes):
        self.data, self._pages, self._seen = data, None, []

    def attrs(self, index: int, width: int, height: int) -> dict | None:
        """The dictionary of the page's one image XObject of that pixel size, or None."""
        try:
            if self._pages is None:
                from pdfminer.pdfdocument import PDFDocument
                from pdfminer.pdfpage import PDFPage
                from pdfminer.pdfparser import PDFParser
                self._pages = PDFPage.create_pages(PDFDocument(PDFParser(io.BytesIO(self.data))))
            self._seen.extend(itertools.islice(self._pages, index + 1 - len(self._seen)))
            return _image_attrs(self._seen[index], width, height)
        except Exception:   # pdfminer cannot say: render the page
            return None


def _image_attrs(page, width: int, height: int) -> dict | None:
    from pdfminer.pdftypes import resolve1
    xobjects = resolve1((page.resources or {}).get("XObject")) or {}
    found = []
    for ref in xobjects.values():
        stream = resolve1(ref)
        attrs = {k: resolve1(v) for k, v in getattr(stream, "attrs", {}).items()}
        if _name(attrs.get("Subtype")) == "Image" and (attrs.get("Width"), attrs.get("Height")) == (width, height):
            found.append(attrs)
    return found[0] if len(found) == 1 else None


def _name(value) -> str:
    return getattr(value, "name", str(value) if value is not None else "")


def decode_page(page, dicts: ImageDicts, index: int) -> tuple[np.ndarray, float] | None:
    """(gray page image, pixels per point) when the page is one full-page image, else None."""
    if pdfium_c.FPDFPage_GetAnnotCount(page) or pdfium_c.FPDFPage_CountObjects(page) != 1:
        return None
    obj = pdfium_c.FPDFPage_GetObject(page, 0)
    if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE or pdfium_c.FPDFPageObj_HasTransparency(obj):
        return None
    w, h = ctypes.c_uint(), ctypes.c_uint()
    if not pdfium_c.FPDFImageObj_GetImagePixelSize(obj, w, h):
        return None
    width, height = w.value, h.value
    if not width or not height or width * height > limits.MAX_RENDER_PIXELS or not _filters_ok(obj):
        return None
    placement = _placement(page, obj, width, height)
    if placement is None:
        return None
    attrs = dicts.attrs(index, width, height)
    if attrs is None or any(k in attrs for k in ("Mask", "SMask", "SMaskInData", "OC")):
        return None
    mask = bool(attrs.get("ImageMask"))
    if mask and not _black_fill(obj):
        return None
    if not mask and _colorspace(page, obj) not in COLORSPACES:
        return None
    gray = _decoded(obj, mask)
    if gray is None:
        return None
    transpose, flip_x, flip_y, scale = placement
    if transpose:
        gray = gray.T
    if flip_x:
        gray = gray[:, ::-1]
    if flip_y:
        gray = gray[::-1]
    return np.ascontiguousarray(gray), scale


def _filters_ok(obj) -> bool:
    for i in range(pdfium_c.FPDFImageObj_GetImageFilterCount(obj)):
        n = pdfium_c.FPDFImageObj_GetImageFilter(obj, i, None, 0)
        buf = ctypes.create_string_buffer(n)
        pdfium_c.FPDFImageObj_GetImageFilter(obj, i, buf, n)
        if buf.value.decode("ascii", "replace") not in FILTERS:
            return False
    return True


def _colorspace(page, obj) -> int:
    meta = pdfium_c.FPDF_IMAGEOBJ_METADATA()
    if not pdfium_c.FPDFImageObj_GetImageMetadata(obj, page, meta):
        return pdfium_c.FPDF_COLORSPACE_UNKNOWN
    return meta.colorspace


def _black_fill(obj) -> bool:
    """A stencil mask paints the fill colour: only black gives the decoded mask's picture."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    return bool(pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a)) and (r.value, g.value, b.value, a.value) == (0, 0, 0, 255)


def _placement(page, obj, width: int, height: int):
    """(transpose, flip x, flip y, pixels per point) when the image fills the page with one image
    pixel per output pixel, in an orientation that is a turn or mirror by multiples of 90°."""
    pw, ph = pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)   # as displayed (/Rotate)
    m = pdfium_c.FS_MATRIX()
    if pw <= 0 or ph <= 0 or not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return None
    # Image space: unit square, its first row at the top (v = 1).
    def device(u, v, size):
        x, y = m.a * u + m.c * v + m.e, m.b * u + m.d * v + m.f
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(page, 0, 0, size[0] * SUB, size[1] * SUB, 0, x, y, dx, dy)
        return dx.value / SUB, dy.value / SUB

    probe = (max(1, round(pw)), max(1, round(ph)))
    o, c, r = device(0, 1, probe), device(1, 1, probe), device(0, 0, probe)
    col = (c[0] - o[0], c[1] - o[1])           # along an image row (its columns)
    transpose = abs(col[1]) > abs(col[0])
    out_w, out_h = (height, width) if transpose else (width, height)
    scale = out_w / pw
    if abs(ph * scale - out_h) > 1:               # pixels not square
        return None
    if scale > limits.RENDER_DPI / 72 * 1.001:    # finer than a render would be: render (it downsamples)
        return None
    size = (out_w, out_h)
    o, c, r = device(0, 1, size), device(1, 1, size), device(0, 0, size)
    corners = [o, c, r, (c[0] + r[0] - o[0], c[1] + r[1] - o[1])]
    xs, ys = sorted(p[0] for p in corners), sorted(p[1] for p in corners)
    # axis-aligned (two corners share each edge) and covering the whole output, nothing more
    if xs[1] - xs[0] > TOLERANCE or xs[3] - xs[2] > TOLERANCE or ys[1] - ys[0] > TOLERANCE or ys[3] - ys[2] > TOLERANCE:
        return None
    if abs(xs[0]) > TOLERANCE or abs(ys[0]) > TOLERANCE or abs(xs[3] - out_w) > TOLERANCE or abs(ys[3] - out_h) > TOLERANCE:
        return None
    if transpose:
        flip_x, flip_y = r[0] < o[0], c[1] < o[1]     # image rows run along x, its columns along y
    else:
        flip_x, flip_y = c[0] < o[0], r[1] < o[1]
    return transpose, flip_x, flip_y, scale


def _decoded(obj, mask: bool) -> np.ndarray | None:
    """The image's pixels as 8-bit gray the way pdfium's grayscale rendering paints them."""
    raw = pdfium_c.FPDFImageObj_GetBitmap(obj)
    if not raw:
        return None
    try:
        fmt = pdfium_c.FPDFBitmap_GetFormat(raw)
        w, h = pdfium_c.FPDFBitmap_GetWidth(raw), pdfium_c.FPDFBitmap_GetHeight(raw)
        stride = pdfium_c.FPDFBitmap_GetStride(raw)
        channels = {pdfium_c.FPDFBitmap_Gray: 1, pdfium_c.FPDFBitmap_BGR: 3, pdfium_c.FPDFBitmap_BGRx: 4}.get(fmt)
        if channels is None or (mask and channels != 1):
            return None
        buf = ctypes.cast(pdfium_c.FPDFBitmap_GetBuffer(raw), ctypes.POINTER(ctypes.c_ubyte * (stride * h))).contents
        pixels = np.frombuffer(buf, np.uint8).reshape(h, stride)[:, : w * channels].reshape(h, w, channels)
        if mask:                               # coverage of the (black) fill: 255 = painted
            return 255 - pixels[..., 0]
        if channels == 1:
            return pixels[..., 0].copy()       # out of pdfium's buffer, which is freed below
        # pdfium's grayscale rendering: (30 R + 59 G + 11 B) / 100, truncated; in bands of rows, so a
        # colour page costs a few MB beside its pixels, not three 16-bit copies of them
        gray = np.empty((h, w), np.uint8)
        for r in range(0, h, ROWS):
            bgr = pixels[r:r + ROWS, :, :3].astype(np.uint16)
            gray[r:r + ROWS] = (bgr[..., 2] * 30 + bgr[..., 1] * 59 + bgr[..., 0] * 11) // 100
        return gray
    finally:
        pdfium_c.FPDFBitmap_Destroy(raw)
