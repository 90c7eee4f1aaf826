"""The reduced streak search must find exactly the lines the whole-page search finds."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from extractors.ocr.streaks import edge_lines


def whole_page(binary: np.ndarray) -> np.ndarray | None:
    """The search at full resolution over the whole page (what the reduced one must reproduce)."""
    ink = 255 - binary
    h, w = ink.shape
    lines = cv2.bitwise_or(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, h // 3)))),
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, w // 3), 1))))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    x, y, bw, bh = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    edge = (x <= 1) | (y <= 1) | (x + bw >= w - 1) | (y + bh >= h - 1)
    edge[0] = False
    return np.where(edge[labels], 255, 0).astype(np.uint8) if edge.any() else None


def _page(rng, h: int, w: int) -> np.ndarray:
    """Text-like specks, a form's rules, and lines from every edge, some stopping 1-3 px short of it."""
    page = np.full((h, w), 255, np.uint8)
    for _ in range(300):
        x, y = int(rng.integers(0, w - 12)), int(rng.integers(0, h - 12))
        page[y:y + int(rng.integers(2, 12)), x:x + int(rng.integers(1, 12))] = 0
    for _ in range(3):                                            # rules inside the page
        y = int(rng.integers(20, h - 20))
        page[y:y + 2, 30:w - 30] = 0
    for _ in range(int(rng.integers(0, 5))):
        gap, width = int(rng.integers(0, 4)), int(rng.integers(1, 4))
        length = int(rng.integers(h // 4, h))
        pos = int(rng.integers(0, w - width))
        side = rng.integers(0, 4)
        if side == 0:
            page[gap:gap + length, pos:pos + width] = 0           # down from the top
        elif side == 1:
            page[h - gap - length:h - gap, pos:pos + width] = 0   # up from the bottom
        else:
            pos, length = pos % (h - width), int(rng.integers(w // 4, w))
            cols = slice(gap, gap + length) if side == 2 else slice(w - gap - length, w - gap)
            page[pos:pos + width, cols] = 0
    return page


@pytest.mark.parametrize("seed", range(40))
def test_the_reduced_search_finds_what_the_whole_page_search_finds(seed):
    rng = np.random.default_rng(seed)
    h, w = int(rng.integers(300, 900)), int(rng.integers(250, 700))       # odd and even sizes, kernels
    page = _page(rng, h, w)
    expected, got = whole_page(page), edge_lines(page)
    if expected is None:
        assert got is None
    else:
        assert got is not None and np.array_equal(got, expected)


def test_a_page_without_lines_has_no_streak():
    page = np.full((400, 300), 255, np.uint8)
    page[100:110, 100:110] = 0
    assert edge_lines(page) is None
