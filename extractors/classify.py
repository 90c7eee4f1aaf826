"""Document kind from content: weighted keywords of the field catalogue's kinds, photos by lack of text."""
from __future__ import annotations

import logging
from functools import lru_cache

from intake.domain import catalogue
from intake.domain.jp import squash

from .layout import Layout

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def rules() -> dict:
    """Settings, photo rules and every kind's words, as the classifier reads them."""
    kinds = {k: catalogue.classify_words(k) for k in catalogue.known_kinds() if catalogue.classify_words(k)}
    return {**catalogue.classify_settings(), "photo": catalogue.photo_settings(), "kinds": kinds}


def _head_text(layout: Layout, n: int) -> str:
    if not layout.pages:
        return ""
    return squash("".join(line.text for line in layout.pages[0].lines[:n]))


def scores(layout: Layout, filename: str = "") -> dict[str, float]:
    """Score of every kind for this layout (higher is likelier)."""
    r = rules()
    text = squash(layout.text + "".join(c.text for p in layout.pages for t in p.tables for c in t.cells))
    head = _head_text(layout, r["title_lines"])
    fname = squash(filename).lower()
    out: dict[str, float] = {}
    for kind, spec in r["kinds"].items():
        s = 0.0
        for word, w in (spec.get("title") or {}).items():
            if squash(word) in head:
                s += w * r["title_factor"]
            elif squash(word) in text:
                s += w
        s += sum(w for word, w in (spec.get("words") or {}).items() if squash(word) in text)
        if any(h.lower() in fname for h in spec.get("filename") or []):
            s += r["filename_weight"]
        out[kind] = s
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
        sc = scores(layout, filename)
        ranked = sorted(sc.items(), key=lambda kv: kv[1], reverse=True)
        (best, s1), (_, s2) = ranked[0], ranked[1]
        if s1 < rules()["min_score"]:
            # an image that reads as no known document is a photo (OCR finds stray marks in pictures)
            return ("product_photo", 0.6) if layout.media_type.startswith("image/") else ("other", 0.5)
        conf = min(0.99, 0.5 + 0.5 * (s1 - s2) / s1)
        return best, round(conf, 3)
    except Exception as e:  # bad input never raises out of the classifier
        log.warning("classify failed: %s", type(e).__name__)
        return "other", 0.0
