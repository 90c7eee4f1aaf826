"""Where a page has lines running in from its edge across a third of it (a fax's streak, a scanner's
dust line): searched on a 4× reduced copy, confirmed at full resolution only where it found some.

At full resolution the two openings with a third-of-the-page kernel cost 0.24 s on an A4 300-dpi
page, and most pages have no streak. The reduced search keeps every block of 4×4 pixels holding ink
("any ink" pooling) and opens with kernels a quarter as long less a margin, so each pixel of a
full-resolution line lies in a reduced line (a run of L inked pixels covers ≥ L/4 blocks); a line
touching the edge lies in a reduced component touching the edge. Openings by a line kernel work
column by column (vertical) and row by row (horizontal), so the full-resolution confirmation runs
them on just the columns and rows those components hold, and gives the same mask as the whole page.
"""
from __future__ import annotations

import cv2
import numpy as np

from .components import with_stats

F = 4          # reduction
MARGIN = 4     # reduced kernels this much shorter than a quarter: rounding and the border never lose a line


def _kernels(h: int, w: int) -> tuple[int, int]:
    """Full-resolution kernel lengths: a third of the page, down and across."""
    return max(3, h // 3), max(3, w // 3)


def _open(img: np.ndarray, down: int, across: int) -> tuple[np.ndarray, np.ndarray]:
    vert = cv2.morphologyEx(img, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, down)))
    horiz = cv2.morphologyEx(img, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (across, 1)))
    return vert, horiz


def _touching_edge(lines: np.ndarray, first: tuple[int, int], last: tuple[int, int]) -> tuple:
    """Components of `lines` and a uint8 table (255) of those reaching x ≤ first[0], y ≤ first[1],
    x ≥ last[0] or y ≥ last[1] (their extreme pixels)."""
    n, labels, stats = with_stats(lines)
    x, y, bw, bh = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    edge = (x <= first[0]) | (y <= first[1]) | (x + bw - 1 >= last[0]) | (y + bh - 1 >= last[1])
    edge[0] = False
    return labels, np.where(edge, 255, 0).astype(np.uint8)


def _runs(flags: np.ndarray):
    """(start, stop) of each run of True."""
    d = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    return zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1))


def edge_lines(binary: np.ndarray) -> np.ndarray | None:
    """Mask (255) of the lines of ink (black on white `binary`) longer than a third of the page
    that touch its edge, or None when there is none."""
    h, w = binary.shape
    down, across = _kernels(h, w)
    pad = cv2.copyMakeBorder(binary, 0, -h % F, 0, -w % F, cv2.BORDER_CONSTANT, value=255)
    small = cv2.resize(pad, (pad.shape[1] // F, pad.shape[0] // F), interpolation=cv2.INTER_AREA)
    small = np.where(small < 255, 255, 0).astype(np.uint8)        # a block with any ink is ink
    # Odd reduced kernels (an even one opens one pixel off centre), and one block more all round:
    # a full-resolution kernel of even length shifts its opening by a pixel, into the next block.
    s_vert, s_horiz = (cv2.dilate(o, np.ones((3, 3), np.uint8)) for o in
                       _open(small, max(1, down // F - MARGIN) | 1, max(1, across // F - MARGIN) | 1))
    s_lines = cv2.bitwise_or(s_vert, s_horiz)
    if not cv2.countNonZero(s_lines):
        return None
    # Full resolution reaches the edge at x ≤ 1 or x ≥ w - 2: in blocks, 0 or (w - 2) // F.
    labels, edge = _touching_edge(s_lines, (0, 0), ((w - 2) // F, (h - 2) // F))
    if not edge.any():
        return None
    region = edge[labels] > 0
    ys, xs = np.nonzero(region)
    by0, by1, bx0, bx1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    y0, y1, x0, x1 = by0 * F, min(h, by1 * F), bx0 * F, min(w, bx1 * F)
    lines = np.zeros((y1 - y0, x1 - x0), np.uint8)
    # Each vertical run of columns opened whole (transposed: OpenCV's row filters are the fast ones),
    # each horizontal run of rows across the whole page: exact there, whatever lies around.
    along = cv2.getStructuringElement(cv2.MORPH_RECT, (down, 1))
    for a, b in _runs(((s_vert > 0) & region)[:, bx0:bx1].any(axis=0)):
        c0, c1 = (bx0 + a) * F, min(w, (bx0 + b) * F)
        cols = np.ascontiguousarray(255 - binary[:, c0:c1].T)
        lines[:, c0 - x0:c1 - x0] = cv2.morphologyEx(cols, cv2.MORPH_OPEN, along).T[y0:y1]
    across_k = cv2.getStructuringElement(cv2.MORPH_RECT, (across, 1))
    for a, b in _runs(((s_horiz > 0) & region)[by0:by1].any(axis=1)):
        r0, r1 = (by0 + a) * F, min(h, (by0 + b) * F)
        lines[r0 - y0:r1 - y0] |= cv2.morphologyEx(255 - binary[r0:r1], cv2.MORPH_OPEN, across_k)[:, x0:x1]
    # Only the candidates' blocks: a line reaching the edge lies wholly in them, so it is whole here.
    keep = cv2.resize(edge[labels[by0:by1, bx0:bx1]], ((bx1 - bx0) * F, (by1 - by0) * F),
                      interpolation=cv2.INTER_NEAREST)
    lines = cv2.bitwise_and(lines, keep[:y1 - y0, :x1 - x0])
    labels, edge = _touching_edge(lines, (1 - x0, 1 - y0), (w - 2 - x0, h - 2 - y0))
    if not edge.any():
        return None
    out = np.zeros((h, w), np.uint8)
    out[y0:y1, x0:x1] = edge[labels]
    return out
