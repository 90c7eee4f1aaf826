"""Red seal impressions (印影) on a page image: whether a pledge or an application was stamped.

A seal is vermilion ink in a compact, roughly square or round blob of about 1–3 cm, with
paper showing through (a ring and its characters). Only a colour image can tell: on a
greyscale or 1-bit page (a fax) red cannot be told from black, and nothing is said.
"""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

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
    """Boxes (shares of width and height) of the red seals on the page; None when it cannot tell.
    A page it cannot look at (an odd mode, a degenerate size) is one it cannot tell about: the seal
    is a detail of the reading, never a reason for it to fail."""
    try:
        return _find(img)
    except (ValueError, OSError, cv2.error):
        return None


def _find(img: Image.Image) -> list[list[float]] | None:
    if not is_colour(img):
        return None
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
