"""The format-neutral description of a generated document.

A builder fills a DocSpec (what the page says) and the truth fields (what an
extractor should read from it); renderers turn the same DocSpec into PDF,
DOCX, XLSX or page images, so every format carries identical content.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

CHECKED, UNCHECKED = "■", "□"


@dataclass
class Checks:
    """Checkbox options printed in one value cell."""

    options: list[tuple[str, bool]]
    suffix: str = ""

    def render(self, on: str = CHECKED, off: str = UNCHECKED) -> str:
        text = "　".join(f"{on if c else off}{t}" for t, c in self.options)
        return f"{text}　{self.suffix}" if self.suffix else text


Value = Union[str, Checks]


@dataclass
class Para:
    text: str
    align: str = "left"   # left | center | right
    size: float = 10.5


@dataclass
class KV:
    """Label/value rows; rendered as a ruled two-column table or 「label：value」 lines."""

    rows: list[tuple[str, Value]]
    heading: str | None = None
    style: str = "table"   # table | colon


@dataclass
class Grid:
    """A table with a header row (e.g. a sales plan or purchaser list)."""

    header: list[str]
    rows: list[list[str]]
    heading: str | None = None


Block = Union[Para, KV, Grid]


@dataclass
class DocSpec:
    kind: str
    stem: str                       # file name without extension
    blocks: list[Block] = field(default_factory=list)
    truth: dict[str, Any] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)
    landscape: bool = False
    image: dict | None = None       # product photos: drawn scene instead of text


def value_text(v: Value, on: str = CHECKED, off: str = UNCHECKED) -> str:
    return v.render(on, off) if isinstance(v, Checks) else v
