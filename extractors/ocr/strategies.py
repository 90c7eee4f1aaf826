"""How a prepared page is read, by name: tesseract alone, rapidocr alone, or the measured combination
(tesseract for the page, PP-OCRv6 re-reading the segments tesseract is unsure of).
`evaluate.py` measures them; DEFAULT is the winner (numbers in the package docstring).
Engines come from the registry by name; a strategy is data (which engine reads the page, whether
the page analysis applies, the re-read threshold)."""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ..layout import Line, Word
from . import registry
from .preprocess import Prepared

REREAD_BELOW = 0.90     # tesseract segment confidence under which PP-OCRv6 gets a second look
MAX_REREADS = 200       # per page; a form has ~30–80 segments, thousands mean noise


@dataclass(frozen=True)
class Strategy:
    name: str
    engine: str                        # registry name of the engine that reads the whole page
    vertical_engine: str | None        # … of the one for 縦書き pages (None: the same)
    binarised: bool                    # it reads the cleaned black-on-white page (else the gray one)
    layout: bool                       # checkbox rows re-read, lines cut at cells and boxes
    reread_below: float | None = None  # PP-OCRv6 re-reads segments under this confidence

    def read(self, prep: Prepared) -> list[Line]:
        return self.start(prep).result()

    def start(self, prep: Prepared):
        """Start reading the page; `.result()` gives the lines (engines that cannot start in the
        background read on `.result()`)."""
        name = self.vertical_engine if prep.vertical and self.vertical_engine else self.engine
        engine = registry.engine(name)
        image = prep.text if self.binarised else prep.gray
        if hasattr(engine, "start"):
            return engine.start(image)
        return _Later(lambda: engine.recognize(image))


class _Later:
    def __init__(self, fn):
        self.fn = fn

    def result(self) -> list[Line]:
        return self.fn()

    def cancel(self) -> None:
        """Nothing runs before `result()`."""


STRATEGIES: dict[str, Strategy] = {s.name: s for s in (
    Strategy("tesseract", "tesseract", "tesseract-vert", binarised=True, layout=True),
    Strategy("rapidocr", "rapidocr", None, binarised=False, layout=False),
    Strategy("combined", "tesseract", "tesseract-vert", binarised=True, layout=True, reread_below=REREAD_BELOW),
    Strategy("tess+rec", "tesseract", "tesseract-vert", binarised=True, layout=True, reread_below=1.01),
)}


def get(name: str) -> Strategy:
    """A strategy by name; `combined@0.95` is the combination with an explicit threshold (for measuring)."""
    if name.startswith("combined@"):
        base = STRATEGIES["combined"]
        return Strategy(name, base.engine, base.vertical_engine, base.binarised, base.layout,
                        float(name.split("@", 1)[1]))
    if name not in STRATEGIES:
        raise KeyError(f"no OCR strategy {name!r}; known: {', '.join(STRATEGIES)}")
    return STRATEGIES[name]


def reread_low_confidence(prep: Prepared, segments: list[Line], threshold: float = REREAD_BELOW,
                          cells: list | None = None) -> list[Line]:
    """Replace unsure tesseract segments (lines, or columns of a vertical page) by PP-OCRv6's reading
    of the same place when it is surer.

    Tesseract's boxes can stop short of the ink (a lost 号, a squeezed `4-21`), so each segment is
    first widened to the ink next to it and segments that then overlap are merged; the crop that
    PP-OCRv6 reads is the whole run of text, never half a word."""
    segments = _merge_overlapping(prep, [_widen(prep, s, cells or []) for s in segments])
    todo = sorted((s for s in segments if s.confidence < threshold),
                  key=lambda s: s.confidence)[:MAX_REREADS]
    pad = int(0.25 * prep.char_px)
    gray = prep.gray.copy()
    gray[prep.lines > 0] = 255            # ruled lines beside a crop are read as strokes (日 → 晶)
    h, w = gray.shape
    crops = []
    for s in todo:
        x0, y0, x1, y1 = (int(v) for v in s.bbox)
        crop = gray[max(0, y0 - pad):min(h, y1 + pad), max(0, x0 - pad):min(w, x1 + pad)]
        # 縦書き: a column turned a quarter left reads left to right, as PP-OCRv6 reads tall crops itself
        crops.append(np.ascontiguousarray(np.rot90(crop, 1)) if s.vertical else crop)
    for seg, (text, score) in zip(todo, registry.engine("rapidocr").recognize_crops(crops)):
        text = text.strip()
        if text and score > max(seg.confidence, 0.6):
            if text.replace(" ", "") == seg.text.replace(" ", ""):
                text = seg.text           # both agree; PP-OCRv6 drops the space in 山田 由美
            seg.text, seg.confidence = text, round(score, 3)
            seg.words = [Word(text=text, bbox=list(seg.bbox), confidence=score)]
    return segments


def _widen(prep: Prepared, seg: Line, cells: list) -> Line:
    """Fit a segment's box to its ink, then extend it over ink less than a glyph away, within its cell."""
    if seg.vertical:
        return seg
    x0, y0, x1, y1 = (int(v) for v in seg.bbox)
    ink = (prep.text[max(0, y0):max(y0 + 1, y1), :] == 0).any(axis=0)
    lo, hi = 0, ink.size
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    for c in cells:
        if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]:
            lo, hi = max(0, int(c[0])), min(ink.size, int(c[2]))
    limit = max(3, int(0.8 * prep.char_px))
    cols = np.flatnonzero(ink[max(lo, x0):min(hi, x1)])
    if cols.size:                          # tesseract's boxes can also reach over blank paper
        x0, x1 = max(lo, x0) + int(cols[0]), max(lo, x0) + int(cols[-1]) + 1
    right, gap, x = x1, 0, x1
    while x < hi and gap < limit:
        gap = 0 if ink[x] else gap + 1
        right = x + 1 if ink[x] else right
        x += 1
    left, gap, x = x0, 0, x0 - 1
    while x >= lo and gap < limit:
        gap = 0 if ink[x] else gap + 1
        left = x if ink[x] else left
        x -= 1
    seg.bbox = [float(left), seg.bbox[1], float(right), seg.bbox[3]]
    return seg


def _merge_overlapping(prep: Prepared, segments: list[Line]) -> list[Line]:
    """Segments of one row whose widened boxes overlap are one run of text."""
    from .tesseract import make_line
    out: list[Line] = []
    for seg in sorted(segments, key=lambda s: (s.bbox[1], s.bbox[0])):
        for other in out:
            a, b = other.bbox, seg.bbox
            v = min(a[3], b[3]) - max(a[1], b[1])
            if not seg.vertical and not other.vertical and v > 0.5 * min(a[3] - a[1], b[3] - b[1]) \
                    and min(a[2], b[2]) > max(a[0], b[0]):
                merged = make_line(sorted(other.words + seg.words, key=lambda w: w.bbox[0]))
                merged.bbox = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                merged.confidence = min(other.confidence, seg.confidence)
                out[out.index(other)] = merged
                break
        else:
            out.append(seg)
    return out


DEFAULT = os.environ.get("INTAKE_OCR_STRATEGY", "combined")
