"""Red seals on the text pages of a born-digital PDF (a pledge stamped in Word, a seal image pasted in);
a scan's are looked for on the image its OCR reads (readers.pdf).

A text page is drawn exactly as its author made it, so a page without an image and without a red
shape cannot carry a seal: that is a definite "no seal", told from the page's objects in well under
a millisecond. A page with either is rendered small in colour and looked at like a photographed one.
"""
from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c

SEAL_DPI = 100             # a 1–3 cm seal is 40–120 px: enough for its shape, cheap to render


def _red(obj) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for get in (pdfium_c.FPDFPageObj_GetFillColor, pdfium_c.FPDFPageObj_GetStrokeColor):
        if get(obj.raw, *(ctypes.byref(c) for c in (r, g, b, a))) and a.value and \
                r.value >= 150 and r.value - max(g.value, b.value) >= 60:
            return True
    return False


def page_seals(page) -> list[list[float]]:
    """Red seal boxes (shares of the page) on a pdfium text page; [] when it has none."""
    kinds = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH)
    objs = list(page.get_objects(filter=list(kinds), max_depth=3))
    if not any(o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE or _red(o) for o in objs):
        return []
    from .. import seals           # OpenCV: only for a page that may carry one
    img = page.render(scale=SEAL_DPI / 72).to_pil()
    # drawn as made: red or none (a black ring there is a logo, not a stamp)
    return seals.find_red(img) if seals.is_colour(img) else []
