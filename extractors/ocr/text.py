"""Joining OCR words into line text: Japanese runs join without spaces, Latin words keep them."""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def join_words(words) -> str:
    out = ""
    prev = None
    for w in words:
        if prev is not None:
            gap = w.bbox[0] - prev.bbox[2]
            height = max(1, prev.bbox[3] - prev.bbox[1])
            cjk_edge = _CJK.match(prev.text[-1]) or _CJK.match(w.text[0])
            if not cjk_edge or gap > 0.8 * height:
                out += " "
        out += w.text
        prev = w
    return out
