"""A tilted page image read level: the page's skew measured from its lines, and every box sheared so
that the rows of the page are level again (a phone photo taken at a slant, a fax fed askew).

OCR reads lines in the page's deskewed image but gives their boxes in the original's pixels: on a page
tilted by a few degrees a long line's box is tall (its hull), and a label's value across the row stands
higher or lower than the label by the slope times the distance. Pairing a label with the line on its
row then takes the row above or below. The field readers judge rows on level boxes: each box's middle
moved by −skew·x, its height back to its text's (the hull less what the slope adds over its width).
Found boxes are put back into the original's pixels (`unlevel`).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from intake.domain import jp

from ..layout import BBox, Layout, Page

if TYPE_CHECKING:
    import numpy as np

MAX_SKEW = 0.15        # tan of ~8.5°: a steeper page is not a tilted page of rows
MIN_SKEW = 0.008       # less changes no pairing (4 px over a 500 px row)
GAIN = 1.0             # how much better (in lines on their rows) a skew must line the rows up
MAX_CHANGE = 0.1       # how much the slope may change from the top of the rows to their bottom


@dataclass(frozen=True)
class Skew:
    """A page's slope of rows, dy/dx, which may change down the page (a photo taken at a slant is
    tilted more at one end): s(y) = at + change · (y − middle) / height."""
    at: float
    change: float = 0.0
    middle: float = 0.0
    height: float = 1.0

    def __bool__(self) -> bool:
        return bool(self.at or self.change)

    def slope(self, y):
        return self.at + self.change * (y - self.middle) / self.height


def _row_score(b: np.ndarray, at: float, change: float, middle: float, height: float) -> float:
    """How well the lines line up in rows along a skew: for each line, how closely the best line to its
    right on the row the skew predicts sits on it (1 on the row, 0 half a text height off), summed."""
    import numpy as np
    w, h = b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]
    cx, cy = (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2
    s = at + change * (cy - middle) / height                 # each line's own slope
    g = np.maximum(h - np.abs(s) * w, 0.3 * h)               # the text's own height
    gm = np.minimum(g[:, None], g[None, :])
    right = (b[None, :, 0] >= b[:, None, 2] - 0.2 * gm) & (b[None, :, 0] - b[:, None, 2] <= 12 * gm)
    pair = (s[:, None] + s[None, :]) / 2
    off = np.abs(cy[None, :] - cy[:, None] - pair * (cx[None, :] - cx[:, None])) / (0.5 * gm)
    return float(np.where(right, np.clip(1 - off, 0, None), 0).max(axis=1, initial=0).sum())


def measure_skew(page: Page) -> Skew | None:
    """The slope along which the page's lines stand in rows; None when it is level or unsure.

    The slope that lines most pairs of lines side by side up on their rows: a label and its value, the
    segments of one row. A row's pairs agree on the true slope wherever they stand; pairs with the row
    above or below agree on none (their slope depends on their distance). A slope that changes down the
    page is taken only when it lines the rows up clearly better; the skew only when it lines them up
    clearly better than level does.
    """
    lines = [ln for ln in page.lines if ln.bbox and not ln.vertical and len(jp.squash(ln.text)) >= 2
             and ln.bbox[2] - ln.bbox[0] > ln.bbox[3] - ln.bbox[1]]
    if page.method != "ocr" or len(lines) < 4 or len(lines) > 600:
        return None
    import numpy as np      # here, not at the top: a born-digital document's process never needs it (45 ms)
    b = np.array([ln.bbox for ln in lines], dtype=float)
    middle = float((b[:, 1].min() + b[:, 3].max()) / 2)
    height = float(max(1.0, b[:, 3].max() - b[:, 1].min()))

    def score(at: float, change: float = 0.0) -> float:
        return _row_score(b, at, change, middle, height)

    level = score(0.0)
    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.01), key=score)
    best = max(np.arange(best - 0.01, best + 0.0101, 0.001), key=score)
    even = score(best)
    # a changing slope: searched around the even one, kept only when it does clearly better
    pairs = [(a, c) for c in np.arange(-MAX_CHANGE, MAX_CHANGE + 1e-9, 0.01) if abs(c) > 1e-9
             for a in np.arange(best - 0.03, best + 0.0301, 0.005)]
    at, change = max(pairs, key=lambda p: score(*p)) if pairs else (best, 0.0)
    if score(at, change) < even + GAIN:
        at, change = best, 0.0
    top = score(at, change)
    # a few pairs a pixel or two off level fit any small slope a little better: not a tilt
    if abs(at) > MAX_SKEW or top < 2.0 or top < max(level + GAIN, 1.2 * level) or (abs(at) < MIN_SKEW and not change):
        return None
    return Skew(round(float(at), 4), round(float(change), 4), middle, height)


def level_box(box: BBox | None, skew: Skew | None) -> BBox | None:
    """An original box -> its level box: middle moved by −slope·x, height less the slope over its width."""
    if not box or not skew:
        return box
    x0, y0, x1, y1 = box
    h = y1 - y0
    cy = (y0 + y1) / 2
    s = skew.slope(cy)
    g = max(h - abs(s) * (x1 - x0), 0.3 * h)
    cy -= s * (x0 + x1) / 2
    return [x0, round(cy - g / 2, 1), x1, round(cy + g / 2, 1)]


def _unlevel_y(y: float, x: float, skew: Skew) -> float:
    """The original y of level point (x, y): y' = y − (at + k·(y − m))·x solved for y, k = change / height."""
    k = skew.change / skew.height
    return (y + (skew.at - k * skew.middle) * x) / (1 - k * x)


def unlevel(box: BBox | None, skew: Skew | None) -> BBox | None:
    """A level box -> the box it covers in the original: `level_box` undone."""
    if not box or not skew:
        return box
    x0, y0, x1, y1 = box
    cy = _unlevel_y((y0 + y1) / 2, (x0 + x1) / 2, skew)
    h = (y1 - y0) + abs(skew.slope(cy)) * (x1 - x0)
    return [x0, round(cy - h / 2, 1), x1, round(cy + h / 2, 1)]


def level_layout(layout: Layout) -> tuple[Layout, dict[int, Skew]]:
    """A copy of the layout with every tilted OCR page's boxes level, and each such page's skew by number.

    The layout itself is returned, unchanged, when no page is tilted."""
    skews = {p.number: s for p in layout.pages if (s := measure_skew(p))}
    if not skews:
        return layout, {}
    out = copy.deepcopy(layout)
    for p in out.pages:
        s = skews.get(p.number)
        if s:
            p.map_boxes(lambda box, s=s: level_box(box, s))
    seals = out.metadata.get("seals")     # page fractions, per page (None: not looked for)
    if isinstance(seals, list):
        out.metadata["seals"] = [_level_fractions(out, n, boxes, skews.get(n)) for n, boxes in enumerate(seals, 1)]
    return out, skews


def _level_fractions(layout: Layout, number: int, boxes, s: Skew | None):
    if not s or not boxes or number > len(layout.pages):
        return boxes
    p = layout.pages[number - 1]
    w, h = p.width or 1.0, p.height or 1.0
    out = []
    for b in boxes:
        lb = level_box([b[0] * w, b[1] * h, b[2] * w, b[3] * h], s)
        out.append([lb[0] / w, lb[1] / h, lb[2] / w, lb[3] / h])
    return out
