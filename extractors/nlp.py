"""spaCy + GiNZA (ja_ginza, shipped in the wheel), loaded on first use only — never at import time.

Used where regular expressions run out: telling a business or person name
from the address printed after it when no prefecture or 市/郡 marks the start.
"""
from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)
_lock = threading.Lock()
_nlp = None
_failed = False
ADDRESS_LABELS = {"Province", "City", "County", "GPE", "Address", "Location", "LOC"}


def load():
    """The GiNZA pipeline, or None when it cannot be loaded (callers fall back)."""
    global _nlp, _failed
    if _nlp is not None or _failed:
        return _nlp
    with _lock:
        if _nlp is None and not _failed:
            try:
                import spacy
                _nlp = spacy.load("ja_ginza", exclude=["compound_splitter", "bunsetu_recognizer"])
            except Exception as e:  # a missing model must not break extraction
                log.warning("GiNZA unavailable: %s", type(e).__name__)
                _failed = True
    return _nlp


def split_name_address(text: str) -> tuple[str, str | None]:
    """'みなと製菓 那覇市泉崎1-2' -> ('みなと製菓', '那覇市泉崎1-2'): split before the first place-name token."""
    nlp = load()
    if nlp is None or not text:
        return text, None
    doc = nlp(text)
    for tok in doc:
        place = "地名" in tok.tag_ or tok.ent_type_ in ADDRESS_LABELS
        if place and tok.idx > 0:
            cut = tok.idx
            head = text[:cut].rstrip()
            for prefix in ("大字", "字"):   # 「字登野城」: the 字 belongs to the address
                if head.endswith(prefix):
                    cut = len(head) - len(prefix)
                    break
            return text[:cut].strip(), text[cut:].strip()
    return text, None
