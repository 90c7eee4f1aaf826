"""Checkbox state on page images by image analysis, not by OCR of the glyph.

A box is a square frame of about one character's size built from short straight strokes, hollow in
its stroke image; it is ticked when ink (check marks are diagonal, so they are not part of the frame)
covers at least FILL_CHECKED of its interior. The kanji 口 has the same shape, so candidates that the
OCR read as part of a 口-word (口座, 窓口 …) are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from .components import with_stats

FILL_CHECKED = 0.18
FILLED_BOX = 0.7          # a box this full is ■
EMPTY_FILL = 0.03         # below this the inside is blank paper (an empty box, or 口)
STRAIGHT_SHARE = 0.6      # edge share along the axes: ticks and crosses are diagonal, kanji strokes are not
SIZE_RANGE = (0.7, 1.5)       # × glyph height (digits such as 0 are smaller and narrower)
SQUARE = (0.85, 1.18)         # width / height
SOLID_RANGE = (0.45, 1.3)     # × glyph height, for ■ (a glyph is smaller than a drawn box)
SOLID_MAX_STD = 20.0          # gray levels inside a printed ■ (measured ≈ 2; a blurred bold 国 ≈ 60)
KANJI_KUCHI_WORDS = re.compile(r"口座|口数|窓口|入口|出口|人口|河口|口頭|一口|口径|口コミ|口当|口溶")


@dataclass
class BoxMark:
    bbox: list[float]          # processed-image pixels
    checked: bool
    fill: float


def ink_components(binary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(labels, stats) of the 8-connected ink of a black-on-white page: one labelling for the passes
    that look at whole glyphs (■ here, ○ in rings), 20–40 ms a page each."""
    _, labels, stats = with_stats(255 - binary)
    return labels, stats


def find_boxes(binary: np.ndarray, char_px: float, gray: np.ndarray | None = None,
               components: tuple | None = None) -> list[BoxMark]:
    """Square, hollow frames of glyph size in a black-on-white image (`components`: its
    ink_components, when already labelled)."""
    ink = 255 - binary
    seg_len = max(5, int(0.45 * char_px))
    segs = cv2.bitwise_or(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (seg_len, 1))),
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, seg_len))))
    n, _, stats = with_stats(segs)
    lo, hi = SIZE_RANGE[0] * char_px, SIZE_RANGE[1] * char_px
    out = []
    for i in range(1, n):
        x, y, w, h = stats[i, :4]
        if not (lo <= w <= hi and lo <= h <= hi and SQUARE[0] <= w / h <= SQUARE[1]):
            continue
        if not _is_frame(segs[y:y + h, x:x + w]):
            continue
        box = [x, y, x + w, y + h]
        fill = interior_fill(ink, box)
        if EMPTY_FILL <= fill < FILLED_BOX and axis_share(ink, box) > STRAIGHT_SHARE:
            continue                  # straight strokes inside a frame: 国, 回, 田 — a kanji, not a tick
        out.append(BoxMark([float(x), float(y), float(x + w), float(y + h)], fill >= FILL_CHECKED, round(fill, 3)))
    return out + solid_squares(components or ink_components(binary), char_px, gray)


def solid_squares(components: tuple, char_px: float, gray: np.ndarray | None = None) -> list[BoxMark]:
    """■ printed as a glyph: a filled square of glyph size is a ticked box (as ■ is in a text layer).
    A bold kanji blurred into a blob binarises the same, but its gray inside is strokes and gaps."""
    _, stats = components
    n = len(stats)
    lo, hi = SOLID_RANGE[0] * char_px, SOLID_RANGE[1] * char_px
    out = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if lo <= w <= hi and lo <= h <= hi and SQUARE[0] <= w / h <= SQUARE[1] and area >= 0.85 * w * h:
            inner = gray[y + 3:y + h - 3, x + 3:x + w - 3] if gray is not None else None
            if inner is not None and inner.size and float(inner.std()) > SOLID_MAX_STD:
                continue
            out.append(BoxMark([float(x), float(y), float(x + w), float(y + h)], True, 1.0))
    return out


def _is_frame(seg: np.ndarray) -> bool:
    """All four sides inked and no straight bar across the inside (日, 田, 目 have one; a tick does not)."""
    h, w = seg.shape
    t = max(2, int(0.15 * min(w, h)))
    on = seg > 0
    sides = [on[:t, :].any(axis=0).mean(), on[-t:, :].any(axis=0).mean(),
             on[:, :t].any(axis=1).mean(), on[:, -t:].any(axis=1).mean()]
    rows, cols = on[2 * t:h - 2 * t, :], on[:, 2 * t:w - 2 * t]
    # A bar from frame to frame (日, 目, 田) makes it a kanji; a tick never reaches both sides.
    bar = max(rows.mean(axis=1).max(initial=0), cols.mean(axis=0).max(initial=0))
    return min(sides) >= 0.8 and bar < 0.9


def axis_share(ink: np.ndarray, box) -> float:
    """Share of the interior's edge strength that runs horizontally or vertically (±20°).
    Independent of stroke width, unlike morphological openings."""
    x0, y0, x1, y1 = (int(v) for v in box)
    dx, dy = max(2, int(0.2 * (x1 - x0))), max(2, int(0.2 * (y1 - y0)))
    patch = ink[y0 + dy - 1:y1 - dy + 1, x0 + dx - 1:x1 - dx + 1].astype(np.float32)
    if patch.size == 0:
        return 0.0
    gx = cv2.Sobel(patch, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(patch, cv2.CV_32F, 0, 1, ksize=3)
    mag = np.hypot(gx, gy)
    total = float(mag.sum())
    if total == 0:
        return 0.0
    angle = np.degrees(np.arctan2(gy, gx)) % 90          # 0 and 90 fold together
    axis = (angle < 20) | (angle > 70)
    return float(mag[axis].sum()) / total


def interior_fill(ink: np.ndarray, box) -> float:
    """Share of inked pixels inside the box, its frame excluded (inset by 20 % per side)."""
    x0, y0, x1, y1 = (int(v) for v in box)
    dx, dy = max(2, int(0.2 * (x1 - x0))), max(2, int(0.2 * (y1 - y0)))
    inside = ink[y0 + dy:y1 - dy, x0 + dx:x1 - dx]
    return float((inside > 0).mean()) if inside.size else 0.0


_DIGIT = re.compile(r"[0-9０-９]")


def in_number(box, lines) -> bool:
    """A square inside a word with digits is a 0 or an 8 of that number, not a box."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(w.bbox[0] <= cx <= w.bbox[2] and w.bbox[1] <= cy <= w.bbox[3] and len(w.text) >= 2
               and _DIGIT.search(w.text) for line in lines for w in line.words)


def is_kanji_kuchi(box, lines) -> bool:
    """True when the OCR line over this square spells a 口-word at its position."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for line in lines:
        x0, y0, x1, y1 = line.bbox
        if not (y0 <= cy <= y1 and x0 - 2 <= cx <= x1 + 2):
            continue
        text = line.text.replace(" ", "")
        for m in KANJI_KUCHI_WORDS.finditer(text):
            pos = (cx - x0) / max(1.0, x1 - x0) * len(text)
            if m.start() - 1.5 <= pos <= m.end() + 0.5:
                return True
    return False
