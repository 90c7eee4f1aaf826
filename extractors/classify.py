"""Document kind from content: weighted keywords of the field catalogue's kinds, photos by lack of text.

A kind needs evidence in the body, not only in its title (`min_body_score` of the catalogue's
classify settings: a page headed 「…申請書」 is not an application unless application words
appear too), and an image whose text reads as no known kind is `other` (DOC_UNKNOWN_KIND) —
never a product photo. A photo is an image with little text (`photo.max_chars`).
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from intake.domain import catalogue
from intake.domain.jp import squash

from .fields.tables import header_match
from .layout import Layout

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def rules() -> dict:
    """Settings, photo rules and every kind's words, as the classifier reads them."""
    kinds = {k: {**catalogue.classify_words(k),
                 "tables": [f.key for f in catalogue.fields(k).values() if f.columns]}
             for k in catalogue.known_kinds() if catalogue.classify_words(k)}
    return {**catalogue.classify_settings(), "photo": catalogue.photo_settings(), "kinds": kinds}


def _head_text(layout: Layout, n: int) -> str:
    if not layout.pages:
        return ""
    return squash("".join(line.text for line in layout.pages[0].lines[:n]))


def scores(layout: Layout, filename: str = "") -> dict[str, float]:
    """Score of every kind for this layout (higher is likelier)."""
    return {kind: total for kind, (total, _) in evidence(layout, filename).items()}


_LABEL_PART = re.compile(r"^\s*([^:：\s]{2,16})(?:\s*[:：]|\s{2,}|\u3000|$)")


def _printed_labels(layout: Layout) -> set[str]:
    """What may be a label on the page: short cells, and each line's words up to a colon or a wide blank."""
    out = set()
    for page in layout.pages:
        texts = [c.text for t in page.tables for c in t.cells] + [ln.text for ln in page.lines]
        for t in texts:
            m = _LABEL_PART.match(t or "")
            if m:
                out.add(m.group(1))
    return out


def fields_named(layout: Layout) -> dict[str, int]:
    """How many of each kind's catalogued fields the page's labels name (wordings and key terms):
    a form shows its kind by the fields it asks for, however its title and words are put."""
    from .fields.base import names_strongly
    labels = _printed_labels(layout)
    out = {}
    for kind in rules()["kinds"]:
        specs = [f for f in catalogue.fields(kind).values() if f.labels or f.terms]
        out[kind] = sum(names_strongly(labels, f) for f in specs)
    return out


def evidence(layout: Layout, filename: str = "") -> dict[str, tuple[float, float]]:
    """(score, body score) of every kind; the body score counts the kind's `words` and the fields its
    labels name."""
    r = rules()
    named = fields_named(layout)
    text = squash(layout.text + "".join(c.text for p in layout.pages for t in p.tables for c in t.cells))
    head = _head_text(layout, r["title_lines"])
    fname = squash(filename).lower()
    out: dict[str, tuple[float, float]] = {}
    for kind, spec in r["kinds"].items():
        s = 0.0
        for word, w in (spec.get("title") or {}).items():
            if squash(word) in head:
                s += w * r["title_factor"]
            elif squash(word) in text:
                s += w
        body = sum(w for word, w in (spec.get("words") or {}).items() if squash(word) in text)
        # a list (CSV, spreadsheet) shows its kind by its header row more than by any word
        body += r["column_weight"] * max((header_match(layout, key) for key in spec.get("tables", ())),
                                         default=0)
        body += r.get("field_weight", 0) * named.get(kind, 0)
        s += body
        if any(h.lower() in fname for h in spec.get("filename") or []):
            s += r["filename_weight"]
        out[kind] = (s, body)
    return out


def photo_role(filename: str) -> str:
    """product / packaging / unknown from the file name (SPEC §3 product_photo)."""
    name = squash(filename).lower()
    for role, hints in rules()["photo"]["roles"].items():
        if any(h.lower() in name for h in hints):
            return role
    return "unknown"


def _is_photo(layout: Layout) -> bool:
    if not layout.media_type.startswith("image/"):
        return False
    return len(squash(layout.text)) < rules()["photo"]["max_chars"]


def classify(layout: Layout, filename: str) -> tuple[str, float]:
    """(kind, confidence) of SPEC §2; `other` when unsure."""
    try:
        if _is_photo(layout):
            return "product_photo", 0.9 if photo_role(filename) != "unknown" else 0.75
        r = rules()
        # a title (or a file name) alone is no evidence: the body must show the kind's words too
        least = float(r.get("min_body_score", 0))
        sc = {k: s if body >= float(r["kinds"][k].get("min_body_score", least)) else 0.0
              for k, (s, body) in evidence(layout, filename).items()}
        ranked = sorted(sc.items(), key=lambda kv: kv[1], reverse=True)
        (best, s1), (_, s2) = ranked[0], ranked[1]
        if s1 < r["min_score"]:
            # text that reads as no known document is not a photo, whatever the format: a form
            # scan or an unknown document is for a person to look at (DOC_UNKNOWN_KIND)
            return "other", 0.5
        conf = min(0.99, 0.5 + 0.5 * (s1 - s2) / s1)
        return best, round(conf, 3)
    except Exception as e:  # bad input never raises out of the classifier
        log.warning("classify failed: %s", type(e).__name__)
        return "other", 0.0
