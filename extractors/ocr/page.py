"""One page image → Page: preprocess, read with the chosen strategy, then ruled tables, checkboxes
(image analysis), post-correction and key–value pairs; every box mapped back to original pixels."""
from __future__ import annotations

import logging
import re

import numpy as np
from PIL import Image

from .. import limits
from ..errors import unreadable
from ..kv import kvs_from_lines, kvs_from_table
from ..layout import Cell, Checkbox, Line, Page, Table, Word
from . import registry, strategies
from .base import ImageLike, to_gray
from .checkboxes import BoxMark, find_boxes, in_number, ink_components, is_kanji_kuchi
from .corrections import correct
from .hocr import plain
from .preprocess import Prepared, is_vertical, prepare
from .rings import find_rings, put_rings
from .segments import cell_of, split_lines
from .tables import cell_boxes, group_tables


log = logging.getLogger(__name__)
PICTURE_INK = 0.25      # pages of text are 2–15 % ink after binarisation; more is a picture


def ocr_frame(image: Image.Image, number: int = 1) -> Page:
    """An image file's page: a first look decides whether it is read as a document page or a photo."""
    from .photo import first_look, rgb_pixels
    rgb = rgb_pixels(image)
    look = first_look(image, rgb)
    log.debug("page %s: %s", number, look.reason)
    pixels = image if rgb is None else rgb
    if look.photo:
        return ocr_photo(pixels, number, look)
    return ocr_image(pixels, number, vertical=look.vertical or None)   # PP-OCRv6's line direction


def ocr_photo(image: ImageLike, number: int = 1, look=None) -> Page:
    """A photo (product, packaging, scene): its text regions only, no page analysis."""
    from .photo import photo_lines
    lines = photo_lines(image, look)
    for line in lines:
        line.text = correct(line.text)
    width, height = image.size if isinstance(image, Image.Image) else (image.shape[1], image.shape[0])
    return Page(number=number, width=float(width), height=float(height), unit="px", method="ocr",
                lines=lines, kvs=kvs_from_lines(lines))


def ocr_image(image: ImageLike, number: int = 1, strategy: str | None = None,
              vertical: bool | None = None) -> Page:
    """A page image → Page. `vertical=True` when a first look saw its lines run top to bottom
    (otherwise the shape of the smeared lines decides)."""
    gray = to_gray(image)
    if gray.size > limits.MAX_IMAGE_PIXELS:
        raise unreadable("bomb", f"{gray.shape[1]}x{gray.shape[0]} px")
    prep = _prepare_capped(gray)
    if vertical:
        prep.vertical = True
    plan = strategies.get(strategy or strategies.DEFAULT)
    if float((prep.text == 0).mean()) > PICTURE_INK and plan.layout:
        return ocr_photo(image, number)     # a picture or texture, not a page: its text regions only
    reading = plan.start(prep)              # tesseract reads while cells and boxes are found
    if prep.vertical is None:
        # decided while tesseract already reads across: 縦書き pages are few, and for them the
        # reading is stopped and started again top to bottom
        prep.vertical = is_vertical(prep.text, prep.char_px)
        if prep.vertical:
            reading.cancel()
            reading = plan.start(prep)
    cells = cell_boxes(prep.lines, prep.char_px)
    want_rings = plan.layout and not prep.vertical
    glyphs = ink_components(prep.text) if want_rings else None     # labelled once for ■ and ○
    found = find_boxes(prep.text, prep.char_px, prep.gray, glyphs)
    rings = find_rings(prep.text, prep.char_px, glyphs) if want_rings else []
    lines, boxes = _recognise(prep, plan, reading.result(), found, [box for _, box in cells], rings)
    tables = _tables(cells, lines, prep)
    checkboxes = [Checkbox(label=_label_right(b.bbox, lines, prep.char_px), checked=b.checked,
                           bbox=b.bbox, confidence=_box_confidence(b.fill)) for b in boxes]
    lines = _reading_order(lines)          # in deskewed coordinates, where rows are level
    for line in lines:
        line.words = [plain(w) for w in line.words]
    _to_original(prep, lines, tables, checkboxes)
    kvs = [kv for t in tables for kv in kvs_from_table(t)] + kvs_from_lines(lines)
    h, w = gray.shape
    return Page(number=number, width=float(w), height=float(h), unit="px", method="ocr",
                lines=lines, tables=tables, checkboxes=checkboxes, kvs=kvs)


def _prepare_capped(gray: np.ndarray) -> Prepared:
    """Preprocess at most MAX_RENDER_PIXELS of the image (a 50 MP photo is read at 12 MP); boxes still
    map back to the original's pixels. Its orientation is left for `ocr_image` to decide."""
    shrink = min(1.0, (limits.MAX_RENDER_PIXELS / gray.size) ** 0.5)
    if shrink >= 0.98:
        return prepare(gray, orientation=False)
    import cv2
    small = cv2.resize(gray, (max(1, round(gray.shape[1] * shrink)), max(1, round(gray.shape[0] * shrink))),
                       interpolation=cv2.INTER_AREA)
    prep = prepare(small, orientation=False)
    prep.matrix = prep.matrix @ np.array([[shrink, 0, 0], [0, shrink, 0], [0, 0, 1]], dtype=np.float64)
    return prep


def _recognise(prep: Prepared, plan: strategies.Strategy, lines: list[Line], found: list,
               cells: list, rings: list) -> tuple[list[Line], list]:
    """Text segments and checkbox frames, in processed-image coordinates. Rings (○ ◎ marks) are cut
    out like boxes, so that neither is read as a glyph, and put back into the text as marks."""
    boxes = [b for b in found if not is_kanji_kuchi(b.bbox, lines) and not in_number(b.bbox, lines)]
    boxes.sort(key=lambda b: (round((b.bbox[1] + b.bbox[3]) / 2 / prep.char_px), b.bbox[0]))
    marks = boxes + [BoxMark(r.bbox, True, 1.0) for r in rings]
    if plan.layout:
        if marks and not prep.vertical:      # box rows are re-read across; a 縦書き page has columns
            lines = _reread_box_rows(prep, lines, marks)
            _whiten(prep, marks)
        lines = split_lines(lines, cells + [b.bbox for b in marks], prep.char_px)
        lines = [part for ln in lines for part in _split_at_boxes(ln, marks)]
    if plan.reread_below is not None:
        lines = strategies.reread_low_confidence(prep, lines, plan.reread_below, cells)
    lines = put_rings(lines, rings, prep.char_px, cells)
    for line in lines:        # after the rings are back: a ring after 一 is the numeral 〇 (一〇)
        line.text = correct(line.text)
    width = prep.text.shape[1]
    return [ln for ln in lines if ln.text.strip() and not _noise(ln, plan, prep.char_px, width)], boxes


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_CJK_SPACE = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff）)])\s+(?=[\u3040-\u30ff\u3400-\u9fff（(])")
_SYMBOL_NOISE = re.compile(r"[\s|｜\[\]_\-ー一―.,:;'\"`~^!！/\\ilI]")   # leftovers of rules and specks


def _noise(line: Line, plan: strategies.Strategy, char_px: float, width: float) -> bool:
    """Specks read as `|`, `i`, `3` with no confidence. After a re-read, whatever is still unsure is noise."""
    if plan.reread_below is not None and line.confidence < 0.35:
        return True
    if not _SYMBOL_NOISE.sub("", line.text):
        return True
    x0, y0, x1, y1 = line.bbox
    if len(line.text) <= 2:
        if (x1 - x0) < 0.6 * (y1 - y0) and (y1 - y0) > 1.6 * char_px:
            return True                  # a sliver of a table border read as 1 / 8 / ) (taller than text)
        if (y1 - y0) < 0.45 * char_px or x0 > width - 0.8 * char_px or x1 < 0.8 * char_px:
            return True                  # specks, and fragments at the very edge of a photo
        if len(line.text) == 1 and line.text.isascii() and line.text.isalnum() and (x1 - x0) > 1.2 * (y1 - y0):
            return True                  # a blot or a rule's end read as 9 or 0: a digit is narrower than tall
    return line.confidence < 0.2 and (len(line.text) <= 2 or not _CJK.search(line.text))


def _reread_box_rows(prep: Prepared, lines: list[Line], boxes) -> list[Line]:
    """Whiten the accepted boxes and OCR the rows they sit in again, so box glyphs are not read
    as 口, 区, 以 … glued to their labels."""
    clean = prep.text.copy()
    pad = 3
    for b in boxes:
        x0, y0, x1, y1 = (int(v) for v in b.bbox)
        clean[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad] = 255
    bands = _merge_bands([_band(b.bbox, lines, prep.char_px) for b in boxes])
    spans = [(max(0, int(a)), min(clean.shape[0], int(z))) for a, z in bands]
    # All box rows stacked into one strip: one tesseract run instead of one per row.
    gap = int(prep.char_px)
    strip = np.full((sum(z - a for a, z in spans) + gap * (len(spans) + 1), clean.shape[1]), 255, np.uint8)
    offsets, y = [], gap
    for a, z in spans:
        strip[y:y + z - a] = clean[a:z]
        offsets.append((y, y + z - a, a - y))
        y += z - a + gap
    fresh = registry.engine("tesseract").recognize(strip)
    inside = lambda ln, a, z: a <= (ln.bbox[1] + ln.bbox[3]) / 2 <= z  # noqa: E731
    out = [ln for ln in lines if not any(inside(ln, a, z) for a, z in spans)]
    # Each fresh line belongs to the one strip band it was read in: bands are matched before any line
    # is moved back, or a line shifted down to the page would land in a later band and be taken twice.
    bands = [[ln for ln in fresh if inside(ln, top, bottom)] for top, bottom, _ in offsets]
    for (top, bottom, shift), (a, z), mine in zip(offsets, spans, bands):
        if not mine:                   # keep the first reading rather than lose the row
            out += [ln for ln in lines if inside(ln, a, z)]
        for ln in mine:
            _shift(ln, shift)
            out.append(ln)
    return out


def _split_at_boxes(line: Line, boxes) -> list[Line]:
    """A segment that still runs over a checkbox (tesseract's boxes are loose) is cut there; the text
    is shared out by position and marked unsure, so the combination re-reads each part."""
    x0, y0, x1, y1 = line.bbox
    cuts = sorted(b.bbox for b in boxes if x0 < (b.bbox[0] + b.bbox[2]) / 2 < x1
                  and b.bbox[1] < y1 and b.bbox[3] > y0)
    if line.vertical or not cuts:
        return [line]
    edges = [x0] + [v for c in cuts for v in (c[0], c[2])] + [x1]
    text, out = line.text.replace(" ", ""), []
    for a, z in zip(edges[::2], edges[1::2]):
        if z - a < 4:
            continue
        part = text[round((a - x0) / (x1 - x0) * len(text)):round((z - x0) / (x1 - x0) * len(text))]
        if part:
            out.append(Line(text=part, bbox=[a, y0, z, y1], confidence=min(line.confidence, 0.5),
                            words=[Word(part, [a, y0, z, y1], min(line.confidence, 0.5))]))
    return out or [line]


def _shift(line: Line, dy: float) -> None:
    line.bbox = [line.bbox[0], line.bbox[1] + dy, line.bbox[2], line.bbox[3] + dy]
    for w in line.words:
        w.bbox = [w.bbox[0], w.bbox[1] + dy, w.bbox[2], w.bbox[3] + dy]
        w.chars = [(c, [b[0], b[1] + dy, b[2], b[3] + dy], cf) for c, b, cf in getattr(w, "chars", [])]


def _band(box, lines: list[Line], char_px: float) -> tuple[float, float]:
    """The rows a box sits in: its own height and that of the text lines beside it, with a margin."""
    top, bottom = box[1], box[3]
    for ln in lines:
        if ln.bbox[1] < box[3] and ln.bbox[3] > box[1]:
            top, bottom = min(top, ln.bbox[1]), max(bottom, ln.bbox[3])
    return top - 0.6 * char_px, bottom + 0.6 * char_px


def _whiten(prep: Prepared, boxes) -> None:
    """Blank the checkbox frames so later steps (widening, re-reading) see only the labels."""
    for b in boxes:
        x0, y0, x1, y1 = (int(v) for v in b.bbox)
        prep.text[max(0, y0 - 3):y1 + 3, max(0, x0 - 3):x1 + 3] = 255
        prep.gray[max(0, y0 - 3):y1 + 3, max(0, x0 - 3):x1 + 3] = 255


def _merge_bands(bands):
    out: list[list[float]] = []
    for a, z in sorted(bands):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], z)
        else:
            out.append([a, z])
    return out


def _label_right(box, lines: list[Line], char_px: float) -> str:
    """The text right of a box; for a box at the end of a row, the start of the next row (wrapped label)."""
    cy, cx = (box[1] + box[3]) / 2, (box[0] + box[2]) / 2
    right = [ln for ln in lines if ln.bbox[1] - 4 <= cy <= ln.bbox[3] + 4
             and ln.bbox[2] > box[2] and cx <= (ln.bbox[0] + ln.bbox[2]) / 2
             and ln.bbox[0] <= box[2] + 3 * char_px]
    if not right:
        right = [ln for ln in lines if box[3] - 0.3 * char_px <= ln.bbox[1] <= box[3] + 1.2 * char_px
                 and ln.bbox[0] < box[0]]
    if not right:
        return ""
    line = min(right, key=lambda ln: ln.bbox[0])
    return _CJK_SPACE.sub("", line.text).strip()     # a segment is one label; OCR spaces inside it are noise


def _box_confidence(fill: float) -> float:
    """Fills near the threshold are the unsure ones."""
    return round(min(1.0, 0.5 + abs(fill - 0.18) * 4), 2)


def _tables(cells, lines: list[Line], prep: Prepared) -> list[Table]:
    tables = []
    for group in group_tables(cells, tol=max(4.0, prep.char_px / 2)):
        out = []
        for box, (row, col, rowspan, colspan) in group:
            inside = [ln for ln in lines if cell_of(ln.bbox, [box]) is not None]
            text = "\n".join(ln.text for ln in _reading_order(inside))
            conf = min((ln.confidence for ln in inside), default=1.0)
            out.append(Cell(row=row, col=col, text=text, bbox=list(box), rowspan=rowspan, colspan=colspan,
                            confidence=conf))
        out.sort(key=lambda c: (c.row, c.col))
        tables.append(Table(cells=out, bbox=[min(c.bbox[0] for c in out), min(c.bbox[1] for c in out),
                                             max(c.bbox[2] for c in out), max(c.bbox[3] for c in out)]))
    return tables


def _reading_order(lines: list[Line]) -> list[Line]:
    """Rows of vertically overlapping lines, top to bottom, each left to right (vertical: right to left)."""
    if all(ln.vertical for ln in lines) and lines:
        unit = float(np.median([ln.bbox[2] - ln.bbox[0] for ln in lines])) or 1.0
        return sorted(lines, key=lambda ln: (-round(ln.bbox[2] / unit), ln.bbox[1]))
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: (ln.bbox[1] + ln.bbox[3]) / 2):
        mid = (ln.bbox[1] + ln.bbox[3]) / 2
        if rows and rows[-1][0].bbox[1] <= mid <= rows[-1][0].bbox[3]:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.bbox[0])]


def _to_original(prep: Prepared, lines, tables, checkboxes) -> None:
    for line in lines:
        line.bbox = prep.to_original(line.bbox)
        for w in line.words:
            w.bbox = prep.to_original(w.bbox)
    for t in tables:
        t.bbox = prep.to_original(t.bbox)
        for c in t.cells:
            c.bbox = prep.to_original(c.bbox)
    for cb in checkboxes:
        cb.bbox = prep.to_original(cb.bbox)


class PageEngine:
    """The whole page pipeline as an OcrEngine: preprocessing, the strategy, corrections."""

    def __init__(self, strategy: str | None = None):
        self.strategy = strategy or strategies.DEFAULT
        self.name = f"page:{self.strategy}"

    def recognize(self, image) -> list[Line]:
        return ocr_image(image, strategy=self.strategy).lines
