"""Tesseract as a child process: hOCR words → Lines in pixel boxes with 0..1 confidences.

The page goes to tesseract as an uncompressed PGM in a temporary file (pytesseract's PNG round trip
cost ~0.2 s of encoding per A4 page); hOCR comes back on stdout."""
from __future__ import annotations

import logging
import os
import subprocess
import tempfile

import cv2

# One tesseract per page and pages spread over processes: OpenMP threads would only spin on a busy host.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from ..layout import Line, Word
from .base import ImageLike, to_gray
from .registry import register
from .text import join_words

log = logging.getLogger(__name__)
TIMEOUT_S = 60                 # a page takes ~1 s; minutes mean noise or texture, not text
HORIZONTAL = ("Japanese", "--psm 6")
VERTICAL = ("Japanese_vert", "--psm 5")
RAW = ("jpn", "--psm 3")


class TesseractEngine:
    """Runs tesseract on an (already preprocessed) image with a script model and page mode."""

    def __init__(self, lang: str = HORIZONTAL[0], config: str = HORIZONTAL[1], name: str = "tesseract"):
        self.lang, self.config, self.name = lang, config, name

    def recognize(self, image: ImageLike) -> list[Line]:
        from .hocr import words_by_line
        gray = to_gray(image)
        try:
            hocr = run_tesseract(gray, self.lang, [*self.config.split(), "-c", "hocr_char_boxes=1"], "hocr")
        except subprocess.TimeoutExpired:       # a texture, not a document
            log.warning("tesseract gave up after %s s on a %sx%s image", TIMEOUT_S, *gray.shape[::-1])
            return []
        vertical = self.lang.endswith("vert")
        return [make_line(words, vertical) for words in words_by_line(hocr) if words]


def run_tesseract(gray, lang: str, args: list[str], output: str = "txt") -> str:
    """tesseract on an 8-bit image; its output (hocr, txt, tsv …) as text."""
    with tempfile.NamedTemporaryFile(suffix=".pgm", prefix="tess_") as f:
        if not cv2.imwrite(f.name, gray):
            raise RuntimeError("could not write the page image for tesseract")
        done = subprocess.run(["tesseract", f.name, "stdout", "-l", lang, *args, output],
                              capture_output=True, timeout=TIMEOUT_S)
    if done.returncode != 0:
        raise RuntimeError(f"tesseract failed ({done.returncode}): {done.stderr.decode(errors='replace')[-300:]}")
    return done.stdout.decode("utf-8", errors="replace")


def make_line(words: list[Word], vertical: bool = False) -> Line:
    bbox = [min(w.bbox[0] for w in words), min(w.bbox[1] for w in words),
            max(w.bbox[2] for w in words), max(w.bbox[3] for w in words)]
    total = sum(len(w.text) for w in words) or 1
    conf = sum(w.confidence * len(w.text) for w in words) / total
    return Line(text=join_words(words), bbox=bbox, confidence=round(conf, 3), words=words, vertical=vertical)


register("tesseract", lambda: TesseractEngine(*HORIZONTAL))
register("tesseract-vert", lambda: TesseractEngine(*VERTICAL, name="tesseract-vert"))
register("tesseract-raw", lambda: TesseractEngine(*RAW, name="tesseract-raw"))
