"""Page-image preprocessing for tesseract: flatten lighting, scale text to a good size, deskew,
Otsu binarisation, and ruled-line removal (lines kept as a mask for table cells).

Order matters: lighting first (Otsu needs an even background), scale before binarising (cubic
interpolation on gray keeps strokes smooth), deskew before line removal (long kernels need
axis-aligned rules).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .components import with_stats
from .registry import Beside
from .streaks import edge_lines

TARGET_CHAR_PX = 34        # tesseract's Japanese models read best around this glyph height
MIN_SCALE, MAX_SCALE = 0.4, 3.0
MAX_SKEW_DEG = 5.0
MAX_CLEARED_ONE_BY_ONE = 400  # more specks than this are cleared in one pass over the page
MAX_WORK_PIXELS = 20_000_000   # never scale a page up beyond this (tiny glyphs on a big page: a picture)


@dataclass
class Prepared:
    text: np.ndarray          # black text on white, lines removed, in processed coordinates
    gray: np.ndarray          # the lit, scaled, deskewed gray page (for engines that want gray)
    lines: np.ndarray         # ruled-line mask (255 = line), processed coordinates
    matrix: np.ndarray        # 2×3 affine: original pixel → processed pixel
    char_px: float            # median glyph height after scaling
    angle: float              # deskew angle applied (degrees)
    vertical: bool | None     # text runs top-to-bottom (None: not decided yet)

    def to_original(self, box) -> list[float]:
        """Map a processed-image box back to the original image's pixels."""
        key = self.matrix.tobytes()
        if getattr(self, "_inverse", (None,))[0] != key:     # inverted once per matrix, not per box
            self._inverse = (key, cv2.invertAffineTransform(self.matrix))
        inv = self._inverse[1]
        x0, y0, x1, y1 = box
        pts = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], dtype=np.float64) @ inv.T
        return [round(float(pts[:, 0].min()), 1), round(float(pts[:, 1].min()), 1),
                round(float(pts[:, 0].max()), 1), round(float(pts[:, 1].max()), 1)]


def flatten_lighting(gray: np.ndarray) -> np.ndarray:
    """Divide by the estimated paper background (a closing wipes out dark text) so shading disappears."""
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    k = max(15, (min(small.shape) // 20) | 1)
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = cv2.GaussianBlur(bg, (0, 0), k / 2)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, cv2.max(bg, 1), scale=255)      # (cv2.max: a tenth of np.maximum's time)


def otsu(gray: np.ndarray) -> np.ndarray:
    """Global Otsu threshold: black text (0) on white (255)."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def glyph_height(binary: np.ndarray) -> float:
    """Median height of character-like connected components (ink = 0)."""
    n, _, stats = with_stats(255 - binary)
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    w = stats[1:, cv2.CC_STAT_WIDTH]
    keep = (h >= 6) & (w >= 2) & (h < binary.shape[0] / 8) & (w < binary.shape[1] / 8)
    if keep.sum() < 5:
        return float(TARGET_CHAR_PX)
    hs = h[keep]
    # Glyphs break into parts and photos add specks; the tall components stand for whole characters.
    tall = hs[hs >= 0.6 * np.percentile(hs, 90)]
    return float(np.median(tall))


def estimate_skew(binary: np.ndarray) -> float:
    """Angle whose rotation makes ink rows sharpest (projection profile), coarse then fine."""
    ink = 255 - binary
    h, w = ink.shape
    f = 800 / max(h, w)
    small = cv2.resize(ink, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    center = (small.shape[1] / 2, small.shape[0] / 2)

    def score(a: float) -> float:
        m = cv2.getRotationMatrix2D(center, a, 1.0)
        rot = cv2.warpAffine(small, m, small.shape[::-1], flags=cv2.INTER_NEAREST)
        prof = rot.sum(axis=1, dtype=np.float64)
        return float(np.sum(np.diff(prof) ** 2))

    best = max(np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 0.01, 0.5), key=score)
    best = max(np.arange(best - 0.4, best + 0.41, 0.1), key=score)
    return float(best) if abs(best) >= 0.1 else 0.0


def clean_ink(binary: np.ndarray, char_px: float) -> np.ndarray:
    """Whiten ink touching the image edge (paper edges, shadows in photos) and specks far smaller
    than a dot of text (sensor noise, paper texture: tesseract slows to a crawl on them)."""
    ink = 255 - binary
    n, labels, stats = with_stats(ink)
    h, w = ink.shape
    x, y, bw, bh, area = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3], stats[:, 4]
    drop = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h) | (area < max(4.0, (0.08 * char_px) ** 2))
    drop[0] = False
    if not drop.any():
        return binary
    out = binary.copy()
    dropped = np.flatnonzero(drop)
    if len(dropped) > MAX_CLEARED_ONE_BY_ONE:
        out[drop[labels]] = 255       # a noisy page: one gather over the page
        return out
    for i in dropped:                 # a few specks and edges: cleared in their own boxes (1 ms, not 25)
        x0, y0, bw_i, bh_i = (int(v) for v in stats[i, :4])
        box = out[y0:y0 + bh_i, x0:x0 + bw_i]
        box[labels[y0:y0 + bh_i, x0:x0 + bw_i] == i] = 255
    return out


def ruled_lines(binary: np.ndarray, char_px: float) -> np.ndarray:
    """Mask of long horizontal and vertical rules (opening with kernels far longer than a glyph).
    Found at half resolution (rules survive it, a quarter of the work), then clipped to the real ink."""
    ink = 255 - binary
    h, w = ink.shape
    small = cv2.resize(ink, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    small = np.where(small > 64, 255, 0).astype(np.uint8)
    # Kernels in half-resolution pixels: rules run far beyond a glyph; vertical rules in photos lean
    # (perspective), so the vertical kernel is shorter: 1.8 glyphs (tall kanji strokes and boxes are ≤ 1.5).
    along = int(max(20, 1.75 * char_px))
    down = int(max(12, 0.9 * char_px))
    horiz = cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (along, 1)))
    vert = cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, down)))
    mask = cv2.resize(cv2.bitwise_or(horiz, vert), (w, h), interpolation=cv2.INTER_NEAREST)
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    return cv2.bitwise_and(mask, ink)


def is_vertical(text_binary: np.ndarray, char_px: float) -> bool:
    """Smear glyphs into text lines and compare how many run down versus across. Measured at half
    resolution (line shapes do not change; a quarter of the work)."""
    h, w = text_binary.shape
    if min(h, w) >= 400 and char_px >= 16:
        ink = cv2.resize(255 - text_binary, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
        ink = np.where(ink > 64, 255, 0).astype(np.uint8)
        char_px = char_px / 2
    else:
        ink = 255 - text_binary
    k = max(3, int(char_px * 0.6))
    smear = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    n, _, stats = with_stats(smear)
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    big = (w > char_px) | (h > char_px)
    tall = int(((h > 3 * w) & big & (h > 4 * char_px)).sum())
    wide = int(((w > 3 * h) & big & (w > 4 * char_px)).sum())
    return tall >= 3 and tall > 2 * wide


def remove_streaks(gray: np.ndarray, binary: np.ndarray | None = None) -> np.ndarray:
    """The page without the lines that run in from its edge across a third of it (a fax's streak, a
    scanner's dust line), the glyph strokes they crossed painted back from either side.

    Done before deskewing, while such a line is exactly upright or level: left in, every glyph it
    touches is later dropped with it as "ink touching the edge" (配送温度帯 read as 配送 | 度帯).
    A form's own rules stop short of the page's edge and stay. Returns `gray` itself when there is none."""
    found = edge_lines(otsu(gray) if binary is None else binary)
    if found is None:
        return gray
    mask = cv2.dilate(found, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    return cv2.inpaint(gray, mask, 3, cv2.INPAINT_TELEA)


def prepare(gray: np.ndarray, flatten: bool = True, orientation: bool = True) -> Prepared:
    """The full chain; returns the cleaned image plus what is needed to map boxes back.
    `orientation=False` leaves `vertical` None for the caller to decide (`is_vertical`) later."""
    work = flatten_lighting(gray) if flatten else gray
    binary = otsu(work)
    cleaned = remove_streaks(work, binary)
    if cleaned is not work:
        work, binary = cleaned, otsu(cleaned)
    # the skew of the unscaled page, measured while the glyphs are: it is the one used when the page
    # keeps its scale (most 300-dpi scans), the only case where the two measures see the same image
    unscaled_skew = Beside(estimate_skew, binary)
    char = glyph_height(binary)
    scale = float(np.clip(TARGET_CHAR_PX / max(char, 1.0), MIN_SCALE, MAX_SCALE))
    scale = min(scale, max(1.0, (MAX_WORK_PIXELS / max(1, work.size)) ** 0.5))
    if abs(scale - 1) < 0.15:
        scale = 1.0
    if scale != 1.0:
        interp = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
        work = cv2.resize(work, None, fx=scale, fy=scale, interpolation=interp)
        unscaled_skew.result()            # (joined: no thread outlives the page)
        angle = estimate_skew(otsu(work))
    else:
        angle = unscaled_skew.result()
    h, w = work.shape
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    if angle:
        work = cv2.warpAffine(work, rot, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    matrix = rot @ np.array([[scale, 0, 0], [0, scale, 0], [0, 0, 1]], dtype=np.float64)
    binary = clean_ink(otsu(cv2.medianBlur(work, 3)), char * scale)
    char_px = char * scale
    lines = ruled_lines(binary, char_px)
    grown = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    text = cv2.bitwise_or(binary, grown)
    return Prepared(text=text, gray=work, lines=lines, matrix=matrix, char_px=char_px, angle=angle,
                    vertical=is_vertical(text, char_px) if orientation else None)
