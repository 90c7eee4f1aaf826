"""○, ◎ and ● marks on page images, found by shape and put back into the line text.

Forms mark the chosen option with a ring before it (「◎冷蔵」「◎あり」) or a ring alone in a table
cell (allergen sheets). Recognisers read a ring as ⑧, @, ⑥ or drop it, and the choice is lost; the ring
itself is easy to see: one round component of glyph size around an empty hole (○), around a
smaller ring (◎), or filled (●). A square frame (□) is not round; 0 and O are narrower or smaller, and where the
recogniser already read a ring-like glyph at that place, nothing is added.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import cv2
import numpy as np

from ..layout import Line, Word, inside
from .checkboxes import ink_components
from .components import with_stats
from .segments import cell_of
from .text import join_words

SIZE = (0.8, 1.45)          # × glyph height (a Latin O or 0 is smaller)
ROUND = (0.8, 1.25)         # width / height
DISC = (0.86, 1.04)         # outline area ÷ the inscribed ellipse's (rings 0.93–0.98, a □ on a fax 1.04–1.12)
SOLID = 0.9                 # outline area ÷ its convex hull's
RADIAL_SPREAD = 0.07        # std ÷ mean of the outline's distance from the centre (rings 0.03–0.05, □ ≈ 0.095, 口 ≈ 0.18)
FULL_DISC = 0.9             # ink ÷ the inscribed ellipse's area for ●
HOLE = 0.2                  # the holes' share of the ring's box: a ring is a stroke around space
CENTRED = 0.15              # the hole's centre from the box centre, × size
INNER_INK = 0.08            # ink share in the hole above which the ring holds another (◎)
LOOKALIKES = set("○◯◎●〇⑧⑥⑨⑳@＠®©OoＯｏ0０Q")
_HALF = 0.55                # width of a half-width character, in full-width characters


@dataclass
class Ring:
    bbox: list[float]
    glyph: str                  # ○, ◎ or ●


def find_rings(binary: np.ndarray, char_px: float, components: tuple | None = None) -> list[Ring]:
    """Round, hollow components of glyph size in a black-on-white image (`components`: its
    checkboxes.ink_components, when already labelled)."""
    ink = (binary == 0).astype(np.uint8)
    labels, stats = components or ink_components(binary)
    n = len(stats)
    lo, hi = SIZE[0] * char_px, SIZE[1] * char_px
    out: list[Ring] = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if not (lo <= w <= hi and lo <= h <= hi and ROUND[0] <= w / h <= ROUND[1]):
            continue
        mine = (labels[y:y + h, x:x + w] == i).astype(np.uint8)
        glyph = _ring_glyph(mine, ink[y:y + h, x:x + w])
        if glyph:
            out.append(Ring([float(x), float(y), float(x + w), float(y + h)], glyph))
    return [r for r in out if not any(o is not r and inside(r.bbox, o.bbox) for o in out)]   # ◎'s inner ring


def _ring_glyph(mine: np.ndarray, ink: np.ndarray) -> str | None:
    h, w = mine.shape
    contours, hierarchy = cv2.findContours(mine, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    top = max(range(len(contours)), key=lambda k: cv2.contourArea(contours[k]))
    if not _round(contours[top], w, h):
        return None
    holes = [contours[k] for k in range(len(contours)) if hierarchy[0][k][3] == top]
    if not holes:                        # a filled disc: ● (the chosen option beside ○ ones)
        return "●" if float(mine.sum()) / (np.pi / 4 * w * h) >= FULL_DISC else None
    if not any(_round_around_centre(c, w, h) for c in holes):
        return None                      # 日, 目: holes above and below a bar, not one round hole
    filled = np.zeros_like(mine)
    cv2.drawContours(filled, [contours[top]], -1, 1, thickness=cv2.FILLED)
    hole = (filled > 0) & (mine == 0)
    if hole.sum() < HOLE * w * h:
        return None
    inner = float(ink[hole].mean())       # other components inside the hole: a ring in a ring is ◎
    if len(holes) >= 2 or inner >= INNER_INK:
        return "◎" if len(holes) >= 2 or _ring_inside(ink, hole) else None
    return "○" if inner < 0.02 else None


def _round(contour: np.ndarray, w: int, h: int) -> bool:
    """The outline fills its ellipse, is convex and keeps its distance from the centre (a square, 口 or
    the box of 品 has corners)."""
    area = cv2.contourArea(contour)
    hull = cv2.contourArea(cv2.convexHull(contour))
    pts = contour.reshape(-1, 2).astype(float)
    d = np.hypot((pts[:, 0] - w / 2) / (w / 2), (pts[:, 1] - h / 2) / (h / 2))
    return (DISC[0] <= area / (np.pi / 4 * w * h) <= DISC[1] and hull > 0 and area / hull >= SOLID
            and float(d.std() / d.mean()) <= RADIAL_SPREAD)


def _round_around_centre(contour: np.ndarray, w: int, h: int) -> bool:
    x, y, cw, ch = cv2.boundingRect(contour)
    return (x < w / 2 < x + cw and y < h / 2 < y + ch and ROUND[0] <= cw / max(1, ch) <= ROUND[1]
            and cw >= 0.35 * w)


def _ring_inside(ink: np.ndarray, hole: np.ndarray) -> bool:
    """The ink in the hole is itself one small round component (◎), not a character (〒, ㊞, text)."""
    inside = (ink * hole).astype(np.uint8)
    n, _, stats = with_stats(inside)
    if n != 2:
        return False
    x, y, w, h, _ = stats[1]
    contours, _ = cv2.findContours(inside[y:y + h, x:x + w], cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    disc = cv2.contourArea(max(contours, key=cv2.contourArea)) / (np.pi / 4 * w * h) if contours else 0
    return ROUND[0] <= w / max(1, h) <= ROUND[1] and DISC[0] - 0.06 <= disc <= DISC[1] + 0.06


def put_rings(lines: list[Line], rings: list[Ring], char_px: float, cells=()) -> list[Line]:
    """Each ring into the text it marks. The page's lines were cut at the rings (as at checkboxes),
    so the ring goes before the segment that starts right of it, and that segment is joined again
    to the one it was cut from (「クール区分：◎冷蔵 冷凍」 reads as one row, as on a born-digital page);
    a segment still running over it gets it by position; a ring with no text beside it (a mark in a
    table cell) is a line of its own."""
    for ring in sorted(rings, key=lambda r: r.bbox[0]):
        x0, y0, x1, y1 = ring.bbox
        cy = (y0 + y1) / 2
        row = [ln for ln in lines if not ln.vertical and ln.bbox[1] <= cy <= ln.bbox[3]]
        after = [ln for ln in row if x1 - 0.5 * char_px <= ln.bbox[0] <= x1 + 1.5 * char_px]
        over = [ln for ln in row if ln.bbox[0] < (x0 + x1) / 2 < ln.bbox[2]]
        if after:
            line = min(after, key=lambda ln: ln.bbox[0])
            _insert(line, ring, ring.bbox[0])
            before = [ln for ln in row if ln is not line and x0 - 2 * char_px <= ln.bbox[2] <= x0 + 0.3 * char_px
                      and cell_of(ln.bbox, cells) == cell_of(line.bbox, cells)]
            if before:
                lines = _join(lines, max(before, key=lambda ln: ln.bbox[2]), line)
        elif over:
            _insert(over[0], ring, (x0 + x1) / 2)
        else:
            lines.append(Line(text=ring.glyph, bbox=list(ring.bbox), confidence=0.9,
                              words=[Word(ring.glyph, list(ring.bbox), 0.9)]))
    return lines


def _join(lines: list[Line], left: Line, right: Line) -> list[Line]:
    left.text = join_words([left, right])
    left.words = left.words + right.words
    left.bbox = [min(left.bbox[0], right.bbox[0]), min(left.bbox[1], right.bbox[1]),
                 max(left.bbox[2], right.bbox[2]), max(left.bbox[3], right.bbox[3])]
    left.confidence = min(left.confidence, right.confidence)
    return [ln for ln in lines if ln is not right]


def _insert(line: Line, ring: Ring, cx: float) -> None:
    text = _with_ring(line.text, line.bbox, ring.glyph, cx)
    if text is None:
        return
    line.text = text
    word = min(line.words, key=lambda w: 0 if w.bbox[0] <= cx <= w.bbox[2]
               else min(abs(cx - w.bbox[0]), abs(cx - w.bbox[2])), default=None)
    if word is not None:
        word.text = _with_ring(word.text, word.bbox, ring.glyph, cx) or word.text
        word.bbox = [min(word.bbox[0], ring.bbox[0]), word.bbox[1], max(word.bbox[2], ring.bbox[2]), word.bbox[3]]
    line.bbox = [min(line.bbox[0], ring.bbox[0]), line.bbox[1], max(line.bbox[2], ring.bbox[2]), line.bbox[3]]


def _with_ring(text: str, bbox, glyph: str, cx: float) -> str | None:
    """The text with the ring at x (replacing the recogniser's misreading of it), or None when it
    already reads a ring there, or the glyph there is a letter or digit of a word."""
    at = _index_at(text, bbox, cx)
    for i in (at,) if at == 0 else (at, at - 1, at + 1):
        if 0 <= i < len(text) and text[i] in LOOKALIKES:
            if text[i] == glyph or text[i] in "○◯◎〇" and glyph != "●":
                return None              # read as a ring already (● is surer than a ○ read there)
            if text[i] in "OoＯｏ0０" and _in_word(text, i):
                return None
            return text[:i] + glyph + text[i + 1:]
    return text[:at] + glyph + text[at:]


def _index_at(text: str, bbox, x: float) -> int:
    """The character index at x, spreading the line's width over its characters (half-width ones
    count about half)."""
    if not text:
        return 0
    weights = [_HALF if unicodedata.east_asian_width(c) in "NaH" else 1.0 for c in text]
    x0, x1 = bbox[0], bbox[2]
    if x <= x0:
        return 0
    unit = (x1 - x0) / sum(weights)
    pos = x0
    for i, wt in enumerate(weights):
        if x < pos + wt * unit / 2:
            return i
        pos += wt * unit
    return len(text)


def _in_word(text: str, i: int) -> bool:
    """An O/0 with a Latin letter or digit beside it belongs to that word (TEL 0855, Osaka)."""
    beside = text[i - 1:i] + text[i + 1:i + 2]
    return any(c.isascii() and c.isalnum() or c in "０１２３４５６７８９" for c in beside)
