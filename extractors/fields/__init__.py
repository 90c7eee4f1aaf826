"""Fields of SPEC §3 per document kind: extract(kind, layout, filename) -> {key: FieldValue}."""
from __future__ import annotations

import importlib
import logging
from dataclasses import replace

from intake.domain import catalogue, jp
from intake.records import FieldValue

from ..layout import Layout
from .continuation import join_continuations, put_back
from .level import level_layout, unlevel

log = logging.getLogger(__name__)


def is_cover(page) -> bool:
    """A fax cover sheet (FAX送信票 … 送信枚数：3枚（本紙を含む）): a title of one in its first lines, and a word of one."""
    words = catalogue.cover_sheet()
    lines = [jp.squash(ln.text) for ln in page.lines]
    return any(jp.squash(t) in ln for ln in lines[:4] for t in words["titles"]) and \
        any(jp.squash(w) in ln for ln in lines for w in words["words"])


def without_cover(layout: Layout) -> Layout:
    """The layout without its cover sheet pages, when the form itself follows (pages keep their numbers)."""
    kept = [p for p in layout.pages if not is_cover(p)]
    return replace(layout, pages=kept) if kept and len(kept) < len(layout.pages) else layout


def extract(kind: str, layout: Layout, filename: str) -> dict[str, FieldValue]:
    """The fields of one document; empty for unknown kinds, never raises."""
    name = catalogue.module_of(kind)
    if name is None:
        return {}
    try:
        module = importlib.import_module(f"{__name__}.{name}")
        # a tilted page image is read on level boxes, a spreadsheet's pages printed side by side as one;
        # what is found is boxed where it was printed
        joined, joins = join_continuations(without_cover(layout))
        level, skews = level_layout(joined)
        fields = module.extract(level, filename, kind) if name == "license" else module.extract(level, filename)
        for v in fields.values():
            if v is not None and v.bbox and skews.get(v.page):
                v.bbox = unlevel(v.bbox, skews[v.page])
            if v is not None and joins:
                v.page, v.bbox = put_back(v.page, v.bbox, joins)
        return {k: v for k, v in fields.items() if v is not None and v.value not in (None, "")}
    except Exception as e:  # a reviewer fills what we could not read; the pipeline goes on
        log.warning("field extraction failed for %s: %s", kind, type(e).__name__)
        return {}
