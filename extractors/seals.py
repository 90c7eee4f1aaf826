"""Seal impressions (印影) on a page image: whether a pledge or an application was stamped.

A seal is vermilion ink in a compact, roughly square or round blob of about 1–3 cm, with
paper showing through (a ring and its characters). On a colour image the red tells it. On a
greyscale or 1-bit page (a fax) red cannot be told from black: only a round seal is recognised
there, by its shape (a ring of 0.8–3.5 cm, closed all round, with glyphs inside); anything else
found there says nothing (None), since a square seal looks like a table cell.
"""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from .ocr import components

WORK_PX = 1200            # the long side the image is examined at (a seal is then 15–150 px)
MIN_SIDE, MAX_SIDE = 0.012, 0.12   # a seal's side as a share of the page's long side
MIN_FILL, MAX_FILL = 0.12, 0.85    # red pixels in its box: a ring with characters, not a red sheet


def is_colour(img: Image.Image) -> bool:
    """The image holds colour (not a greyscale or 1-bit page saved as RGB)."""
    if img.mode in ("1", "L", "LA", "I", "I;16", "F"):
        return False
    small = np.asarray(img.reduce(max(1, max(img.size) // 400)).convert("RGB"), dtype=np.int16)
    spread = np.abs(small - small.mean(axis=2, keepdims=True)).max(axis=2)
    return int((spread > 40).sum()) >= max(1, 20 * small.shape[0] * small.shape[1] // 160000)   # not JPEG noise


def find(img: Image.Image) -> list[list[float]] | None:
    """Boxes (shares of width and height) of the seals on the page; None when it cannot tell.
    A page it cannot look at (an odd mode, a degenerate size) is one it cannot tell about: the seal
    is a detail of the reading, never a reason for it to fail."""
    if is_colour(img):
        return find_red(img)
    try:
        return _round_seals(img) or None
    except (ValueError, OSError, cv2.error):
        return None


RING_MIN, RING_MAX = 0.027, 0.12   # a round seal's diameter as a share of the page's long side (A4: 0.8–3.5 cm)


def _round_seals(img: Image.Image) -> list[list[float]]:
    """Round seals on a page without colour: an ink ring, closed all round, with glyphs inside it."""
    gray = img.convert("L")
    small = gray.reduce(max(1, max(gray.size) // WORK_PX))
    g = np.asarray(small)
    # the page's own ink level (Otsu): a scan's seal is often lighter than its print
    level, _ = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = (g < max(128.0, min(float(level), 200.0))).astype(np.uint8)
    n, labels, stats = components.with_stats(ink)
    long_side = max(ink.shape)
    out = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if not (RING_MIN * long_side <= min(w, h) and max(w, h) <= RING_MAX * long_side and 0.85 <= w / h <= 1.18):
            continue
        if area > 0.55 * w * h:
            continue                      # a blot or a filled shape, not a ring
        mine = labels[y:y + h, x:x + w] == i
        yy, xx = np.mgrid[0:h, 0:w]
        r = np.hypot(xx - (w - 1) / 2, yy - (h - 1) / 2)
        radius = (w + h) / 4
        ring = mine & (r >= 0.8 * radius) & (r <= 1.05 * radius)
        if ring.sum() < 0.5 * area:
            continue                      # its ink is not on one circle (a glyph, a table corner); glyphs may touch it
        angles = np.arctan2(yy[ring] - (h - 1) / 2, xx[ring] - (w - 1) / 2)
        if len(np.unique(((angles + np.pi) / (2 * np.pi) * 36).astype(int) % 36)) < 33:
            continue                      # not closed all round (a bracket, an arc of a drawing)
        disc = r <= 0.75 * radius
        if (ink[y:y + h, x:x + w].astype(bool) & disc).sum() < 0.05 * disc.sum():
            continue                      # an empty circle (a drawn ○ mark) holds no name
        out.append([round(x / ink.shape[1], 4), round(y / ink.shape[0], 4),
                    round((x + w) / ink.shape[1], 4), round((y + h) / ink.shape[0], 4)])
    return out


def find_red(img: Image.Image) -> list[list[float]]:
    """Red seals on a colour image (boxes as shares of width and height)."""
    try:
        return _find(img)
    except (ValueError, OSError, cv2.error):
        return []


def _find(img: Image.Image) -> list[list[float]]:
    small = img.reduce(max(1, max(img.size) // WORK_PX)).convert("RGB")   # reduce first: a photo is 5–12 MP
    hsv = cv2.cvtColor(np.asarray(small), cv2.COLOR_RGB2HSV)
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = (((h <= 10) | (h >= 165)) & (s >= 90) & (v >= 70)).astype(np.uint8)
    # a seal's strokes are thin: join them into one blob before measuring it
    blob = cv2.morphologyEx(red, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9)))
    # outer outlines only: a ring's characters inside it are the same seal
    contours, _ = cv2.findContours(blob, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    long_side = max(small.size)
    out = []
    for c in contours:
        x, y, w, hh = cv2.boundingRect(c)
        if not (MIN_SIDE * long_side <= min(w, hh) and max(w, hh) <= MAX_SIDE * long_side):
            continue
        if not 0.6 <= w / hh <= 1.6:
            continue
        fill = float(red[y:y + hh, x:x + w].mean())
        if MIN_FILL <= fill <= MAX_FILL:
            out.append([round(float(v), 4) for v in (x / small.width, y / small.height,
                                                      (x + w) / small.width, (y + hh) / small.height)])
    return out
