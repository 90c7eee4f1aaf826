"""How a prepared page is read: tesseract alone, rapidocr alone, or the measured combination
(tesseract for the page, PP-OCRv6 re-reading the segments tesseract is unsure of).
`evaluate.py` measures them; DEFAULT is the winner."""
from __future__ import annotations

import os

from ..layout import Line, Word
from .preprocess import Prepared
from .tesseract import HORIZONTAL, VERTICAL, TesseractEngine

REREAD_BELOW = 0.90     # tesseract segment confidence under which PP-OCRv6 gets a second look


def tesseract_lines(prep: Prepared) -> list[Line]:
    lang, config = VERTICAL if prep.vertical else HORIZONTAL
    return TesseractEngine(lang, config).recognize(prep.text)


def rapid_lines(prep: Prepared) -> list[Line]:
    from .rapid import RapidEngine
    return RapidEngine().recognize(prep.gray)


def reread_low_confidence(prep: Prepared, segments: list[Line], threshold: float = REREAD_BELOW) -> list[Line]:
    """Replace unsure tesseract segments by PP-OCRv6's reading of the same crop when it is surer."""
    from .rapid import recognize_crops
    todo = [s for s in segments if s.confidence < threshold and not s.vertical]
    pad = int(0.25 * prep.char_px)
    gray = prep.gray.copy()
    gray[prep.lines > 0] = 255            # ruled lines beside a crop are read as strokes (日 → 晶)
    h, w = gray.shape
    crops = []
    for s in todo:
        x0, y0, x1, y1 = (int(v) for v in s.bbox)
        crops.append(gray[max(0, y0 - pad):min(h, y1 + pad), max(0, x0 - pad):min(w, x1 + pad)])
    for seg, (text, score) in zip(todo, recognize_crops(crops)):
        text = text.strip()
        if text and score > max(seg.confidence, 0.6):
            seg.text, seg.confidence = text, round(score, 3)
            seg.words = [Word(text=text, bbox=list(seg.bbox), confidence=score)]
    return segments


# Combinations: tesseract reads the page; PP-OCRv6 re-reads segments below the threshold.
REREAD = {"combined": REREAD_BELOW, "tess+rec": 1.01}
STRATEGIES = ("tesseract", "rapidocr", *REREAD)


def reread_threshold(strategy: str) -> float | None:
    """`combined`, `tess+rec`, or `combined@0.95` (an explicit threshold, for measuring)."""
    if strategy.startswith("combined@"):
        return float(strategy.split("@", 1)[1])
    return REREAD.get(strategy)
DEFAULT = os.environ.get("INTAKE_OCR_STRATEGY", "combined")


class PageEngine:
    """The whole page pipeline as an OcrEngine: preprocessing, the strategy, corrections."""

    def __init__(self, strategy: str = DEFAULT):
        self.strategy = strategy
        self.name = strategy

    def recognize(self, image) -> list[Line]:
        from .page import ocr_image
        return ocr_image(image, strategy=self.strategy).lines
