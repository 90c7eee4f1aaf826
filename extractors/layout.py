"""The one document model every reader returns (DESIGN.md: "Layout").

Coordinates are in the page's own unit: PDF points for text-layer PDFs,
pixels for images and OCR'd pages (`Page.unit`). bbox = [x0, y0, x1, y1]
with the origin at the top left.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BBox = list[float]


def inside(a: BBox, b: BBox, tol: float = 0.0) -> bool:
    """Box `a` lies within box `b` (give or take `tol`)."""
    return a[0] >= b[0] - tol and a[1] >= b[1] - tol and a[2] <= b[2] + tol and a[3] <= b[3] + tol


class UnreadableError(Exception):
    """A file cannot be opened or parsed; ends as DOC_UNREADABLE, never a traceback."""

    def __init__(self, message: str, message_en: str, detail: str | None = None):
        super().__init__(message_en)
        self.message = message          # Japanese, shown to people
        self.message_en = message_en
        self.detail = detail            # technical detail for logs (no personal data)


@dataclass
class Word:
    text: str
    bbox: BBox
    confidence: float = 1.0


@dataclass
class Line:
    text: str
    bbox: BBox
    confidence: float = 1.0
    words: list[Word] = field(default_factory=list)
    vertical: bool = False


@dataclass
class Cell:
    row: int
    col: int
    text: str
    bbox: BBox | None = None
    rowspan: int = 1
    colspan: int = 1
    confidence: float = 1.0


@dataclass
class Table:
    cells: list[Cell]
    bbox: BBox | None = None

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def rows(self) -> list[list[Cell]]:
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        return [sorted(r, key=lambda c: c.col) for r in out]


@dataclass
class Checkbox:
    label: str
    checked: bool
    bbox: BBox | None = None
    confidence: float = 1.0


@dataclass
class KeyValue:
    """A label and the value beside or under it (found by adjacency)."""

    key: str
    value: str
    key_bbox: BBox | None = None
    value_bbox: BBox | None = None
    confidence: float = 1.0


@dataclass
class Page:
    number: int                      # 1-based
    width: float
    height: float
    unit: str = "pt"                 # "pt" (PDF) or "px" (image / OCR)
    method: str = "text"             # text | ocr | docx | xlsx | image | email
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    checkboxes: list[Checkbox] = field(default_factory=list)
    kvs: list[KeyValue] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def map_boxes(self, fn) -> None:
        """Every box on the page (lines, words, tables, cells, checkboxes, key–value pairs) replaced by fn(box)."""
        for ln in self.lines:
            ln.bbox = fn(ln.bbox)
            for w in ln.words:
                w.bbox = fn(w.bbox)
        for t in self.tables:
            t.bbox = fn(t.bbox)
            for c in t.cells:
                c.bbox = fn(c.bbox)
        for cb in self.checkboxes:
            cb.bbox = fn(cb.bbox)
        for kv in self.kvs:
            kv.key_bbox, kv.value_bbox = fn(kv.key_bbox), fn(kv.value_bbox)


@dataclass
class Layout:
    media_type: str
    pages: list[Page] = field(default_factory=list)
    method: str = "text"
    metadata: dict[str, Any] = field(default_factory=dict)  # e.g. image size, EXIF, form fields

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)
