"""The words of each page as the reader found them, kept with the document so the review desk
can tighten a field's box to its text, find a label on the page, and let a reviewer pick words.

Stored on DocumentRow.words as {"pages": [{"n", "unit", "w", "h", "words": [[text, x0, y0, x1, y1]]}]}
in the reader's own unit (the unit of the fields' bboxes).
"""
from __future__ import annotations

from typing import Any

MAX_WORDS = 6000          # per document: a long form keeps its first pages' words, not megabytes


def from_layout(layout: Any) -> dict | None:
    pages, total = [], 0
    for page in getattr(layout, "pages", []):
        words = []
        for line in page.lines:
            for w in (line.words or [line]):
                if w.bbox and w.text.strip() and total < MAX_WORDS:
                    words.append([w.text.strip()] + [round(float(v), 1) for v in w.bbox[:4]])
                    total += 1
        pages.append({"n": page.number, "unit": page.unit, "w": round(float(page.width), 2),
                      "h": round(float(page.height), 2), "words": words})
    return {"pages": pages} if pages else None


def page(words: dict | None, number: int | None) -> dict | None:
    return next((p for p in (words or {}).get("pages", []) if p["n"] == number), None)


def union(boxes: list[list[float]]) -> list[float] | None:
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def _within(word: list, box: list[float], slack: float = 1.0) -> bool:
    cx, cy = (word[1] + word[3]) / 2, (word[2] + word[4]) / 2
    return box[0] - slack <= cx <= box[2] + slack and box[1] - slack <= cy <= box[3] + slack


def tight(words: dict | None, number: int | None, bbox: Any) -> list[float] | None:
    """The box of the words inside a field's stored box (a table cell is wider than its text);
    None when no word lies inside, so the stored box is shown as it is."""
    p = page(words, number)
    try:
        box = [float(v) for v in bbox][:4]
    except (TypeError, ValueError):
        return None
    if p is None or len(box) != 4:
        return None
    return union([w[1:5] for w in p["words"] if _within(w, box)])


def find(words: dict | None, texts: list[str]) -> tuple[int, list[float], str] | None:
    """The first word on any page equal to (or starting with) one of `texts`: (page, box, text)."""
    wanted = [t for t in texts if t]
    for p in (words or {}).get("pages", []):
        for exact in (True, False):
            for w in p["words"]:
                text = w[0].replace(" ", "").replace("\u3000", "")
                if any(text == t if exact else text.startswith(t) for t in wanted):
                    return p["n"], w[1:5], w[0]
    return None


def label_beside(words: dict | None, number: int, box: list[float]) -> str | None:
    """The nearest text left of the picked words on their line, else the nearest above them: the
    label a form printed for the value (what a reviewer's pick teaches the reader)."""
    p = page(words, number)
    if p is None:
        return None
    x0, y0, x1, y1 = box
    height = max(y1 - y0, 1.0)
    left = [w for w in p["words"] if w[3] <= x0 + 1 and abs((w[2] + w[4]) / 2 - (y0 + y1) / 2) < height * 0.6]
    if left:
        return max(left, key=lambda w: w[3])[0]
    above = [w for w in p["words"] if w[4] <= y0 + 1 and w[1] < x1 and w[3] > x0 - height * 4
             and y0 - w[4] < height * 3]
    if above:
        return max(above, key=lambda w: w[4])[0]
    return None
