"""Ruled tables on page images: cells are the paper regions the ruled-line mask encloses."""
from __future__ import annotations

import cv2
import numpy as np

from ..grid import index_cells

MAX_CELL_SHARE = 0.4      # a region larger than this share of the page is the page frame, not a cell


def cell_boxes(lines_mask: np.ndarray, char_px: float) -> list[tuple[int, list[float]]]:
    """(table id, cell box) for every enclosed rectangular region at least one glyph high."""
    mask = cv2.dilate(lines_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    n_grid, grid_labels = cv2.connectedComponents(mask, connectivity=8)
    free = cv2.bitwise_not(mask)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
    h_img, w_img = mask.shape
    out = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if x == 0 or y == 0 or x + w >= w_img or y + h >= h_img:
            continue                                   # open paper around the tables
        if w < 0.8 * char_px or h < 0.8 * char_px or w * h > MAX_CELL_SHARE * w_img * h_img:
            continue
        if area < 0.85 * w * h:
            continue                                   # not a rectangle
        grid = int(grid_labels[max(0, y - 3), x + w // 2])
        out.append((grid, [float(x - 2), float(y - 2), float(x + w + 2), float(y + h + 2)]))
    return out


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
