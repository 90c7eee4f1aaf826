"""Ruled tables on page images: cells are the paper regions the ruled-line mask encloses."""
from __future__ import annotations

import cv2
import numpy as np

from ..grid import index_cells
from .components import labelled, with_stats

MAX_CELL_SHARE = 0.4      # a region larger than this share of the page is the page frame, not a cell
MIN_FILL = 0.65           # region area / its box: rules leaning in photos make cells trapezoids


def cell_boxes(lines_mask: np.ndarray, char_px: float) -> list[tuple[int, list[float]]]:
    """(table id, cell box) for every enclosed rectangular region at least one glyph high."""
    if not cv2.countNonZero(lines_mask):
        return []                                      # no ruled lines, no cells (most labels and letters)
    mask = cv2.dilate(lines_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    # Rules broken by the line finder (leaning rules in photos, faint corners) leak a cell into the
    # paper around the table; close gaps up to a glyph along both directions.
    k = max(5, int(0.8 * char_px))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    n_grid, grid_labels = labelled(mask)
    free = cv2.bitwise_not(mask)
    n, labels, stats = with_stats(free, connectivity=4)
    h_img, w_img = mask.shape
    out = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if x == 0 or y == 0 or x + w >= w_img or y + h >= h_img:
            continue                                   # open paper around the tables
        if w < 0.8 * char_px or h < 0.8 * char_px or w * h > MAX_CELL_SHARE * w_img * h_img:
            continue
        if area < MIN_FILL * w * h:
            continue                                   # not a (slightly leaning) rectangle
        grid = _enclosing_grid(grid_labels, x, y, w, h)
        out.append((grid, [float(x - 2), float(y - 2), float(x + w + 2), float(y + h + 2)]))
    return out


def _enclosing_grid(grid_labels: np.ndarray, x: int, y: int, w: int, h: int) -> int:
    """The ruled grid around a cell: the commonest line-mask component on its border."""
    y0, y1 = max(0, y - 6), min(grid_labels.shape[0], y + h + 6)
    x0, x1 = max(0, x - 6), min(grid_labels.shape[1], x + w + 6)
    ring = np.concatenate([grid_labels[y0:y0 + 8, x0:x1].ravel(), grid_labels[y1 - 8:y1, x0:x1].ravel(),
                           grid_labels[y0:y1, x0:x0 + 8].ravel(), grid_labels[y0:y1, x1 - 8:x1].ravel()])
    ring = ring[ring > 0]
    return int(np.bincount(ring).argmax()) if ring.size else 0


def group_tables(cells: list[tuple[int, list[float]]], tol: float) -> list[list[tuple[list[float], tuple]]]:
    """Cells grouped by the ruled grid enclosing them, each with (row, col, rowspan, colspan)."""
    by_grid: dict[int, list[list[float]]] = {}
    for grid, box in cells:
        by_grid.setdefault(grid, []).append(box)
    tables = []
    for boxes in by_grid.values():
        if len(boxes) < 2:
            continue                                   # a lone framed box is a frame, not a table
        tables.append(list(zip(boxes, index_cells(boxes, tol))))
    return tables
