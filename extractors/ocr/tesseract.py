"""Tesseract as a child process: hOCR words → Lines in pixel boxes with 0..1 confidences.

The page goes to tesseract as an uncompressed PGM in a temporary file (pytesseract's PNG round trip
cost ~0.2 s of encoding per A4 page); hOCR comes back on stdout."""
from __future__ import annotations

import logging
import os
import subprocess
import tempfile
import threading
import time

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

    def start(self, image: ImageLike) -> "Pending":
        """Start tesseract on the page and return at once; `.result()` waits for its lines. The
        page pipeline finds cells and boxes while tesseract reads."""
        gray = to_gray(image)
        fd, path = tempfile.mkstemp(suffix=".pgm", prefix="tess_")
        os.close(fd)
        if not cv2.imwrite(path, gray):
            os.unlink(path)
            raise RuntimeError("could not write the page image for tesseract")
        proc = subprocess.Popen(["tesseract", path, "stdout", "-l", self.lang, *self.config.split(),
                                 "-c", "hocr_char_boxes=1", "hocr"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return Pending(proc, path, self.lang.endswith("vert"), gray.shape)

    def recognize(self, image: ImageLike) -> list[Line]:
        return self.start(image).result()


class Pending:
    """A running tesseract. A thread drains its output as it comes (a page's hOCR is larger than the
    pipe, so tesseract would otherwise wait for `.result()` before it can finish) and notes when it
    ended: `ran_s`, the engine's own time, however much page analysis ran beside it."""

    def __init__(self, proc: subprocess.Popen, path: str, vertical: bool, shape):
        self.proc, self.path, self.vertical, self.shape = proc, path, vertical, shape
        self.ran_s: float | None = None
        self._out: tuple[bytes, bytes] | None = None
        self._started = time.perf_counter()
        self._drain = threading.Thread(target=self._collect, name="tesseract-output", daemon=True)
        self._drain.start()

    def _collect(self) -> None:
        try:
            self._out = self.proc.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:       # a texture, not a document
            self.proc.kill()
            self.proc.communicate()
            log.warning("tesseract gave up after %s s on a %sx%s image", TIMEOUT_S, *self.shape[::-1])
        finally:
            self.ran_s = time.perf_counter() - self._started

    def cancel(self) -> None:
        """Stop it: its reading is not wanted (the page turned out to read top to bottom)."""
        self.proc.kill()
        self._drain.join()
        if os.path.exists(self.path):
            os.unlink(self.path)

    def result(self) -> list[Line]:
        from .hocr import words_by_line
        try:
            self._drain.join()
        finally:
            if os.path.exists(self.path):
                os.unlink(self.path)
        if self._out is None:
            return []
        out, err = self._out
        if self.proc.returncode != 0:
            raise RuntimeError(f"tesseract failed ({self.proc.returncode}): {err.decode(errors='replace')[-300:]}")
        hocr = out.decode("utf-8", errors="replace")
        return [make_line(words, self.vertical) for words in words_by_line(hocr) if words]


def make_line(words: list[Word], vertical: bool = False) -> Line:
    bbox = [min(w.bbox[0] for w in words), min(w.bbox[1] for w in words),
            max(w.bbox[2] for w in words), max(w.bbox[3] for w in words)]
    total = sum(len(w.text) for w in words) or 1
    conf = sum(w.confidence * len(w.text) for w in words) / total
    return Line(text=join_words(words), bbox=bbox, confidence=round(conf, 3), words=words, vertical=vertical)


register("tesseract", lambda: TesseractEngine(*HORIZONTAL))
register("tesseract-vert", lambda: TesseractEngine(*VERTICAL, name="tesseract-vert"))
register("tesseract-raw", lambda: TesseractEngine(*RAW, name="tesseract-raw"))
