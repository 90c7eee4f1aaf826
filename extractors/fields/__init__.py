"""Fields of SPEC §3 per document kind: extract(kind, layout, filename) -> {key: FieldValue}."""
from __future__ import annotations

import importlib
import logging

from intake.domain import catalogue
from intake.records import FieldValue

from ..layout import Layout
from .continuation import join_continuations, put_back
from .level import level_layout, unlevel

log = logging.getLogger(__name__)


def extract(kind: str, layout: Layout, filename: str) -> dict[str, FieldValue]:
    """The fields of one document; empty for unknown kinds, never raises."""
    name = catalogue.module_of(kind)
    if name is None:
        return {}
    try:
        module = importlib.import_module(f"{__name__}.{name}")
        # a tilted page image is read on level boxes, a spreadsheet's pages printed side by side as one;
        # what is found is boxed where it was printed
        joined, joins = join_continuations(layout)
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
