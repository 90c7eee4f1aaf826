"""Split OCR lines into segments: a line never runs across a table cell border or a wide gap,
so `事業者名 | 株式会社…` on one visual row becomes a label line and a value line, like the PDF reader."""
from __future__ import annotations

from ..layout import Line
from .hocr import cut_word
from .tesseract import make_line

GAP_CHARS = 1.6     # a horizontal gap wider than this many glyph heights ends a segment


def cell_of(box, cells: list[list[float]]) -> int | None:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for i, c in enumerate(cells):
        if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]:
            return i
    return None


def split_lines(lines: list[Line], cells: list[list[float]], char_px: float) -> list[Line]:
    """Cut lines where consecutive words lie in different cells (or checkbox frames) or far apart."""
    out = []
    for line in lines:
        if line.vertical:
            out.append(line)
            continue
        pieces = lambda box: cell_of(box, cells)  # noqa: E731 - which cell a character sits in
        words = sorted((p for w in line.words for p in cut_word(w, pieces)), key=lambda w: w.bbox[0])
        group = [words[0]]
        for w in words[1:]:
            prev = group[-1]
            between = any(prev.bbox[2] - 2 <= c[0] and c[2] <= w.bbox[0] + 2 and c[1] < w.bbox[3] and c[3] > w.bbox[1]
                          for c in cells)
            if (between or cell_of(w.bbox, cells) != cell_of(prev.bbox, cells)
                    or w.bbox[0] - prev.bbox[2] > GAP_CHARS * char_px):
                out.append(make_line(group))
                group = []
            group.append(w)
        out.append(make_line(group))
    return out
