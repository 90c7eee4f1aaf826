"""Post-correction of OCR text from a data table (corrections.tsv): only misreads that are certain.

Labels read with a glyph wrong are matched by the form reader against the field catalogue
(extractors/fields), not rewritten here: rewriting a line's start to the nearest label turned
correct text into nonsense (事業者情報 → 事業者名報, 代表者の職・氏名 → 代表者名職・氏名)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("corrections.tsv")


@lru_cache(maxsize=1)
def rules() -> list[tuple[re.Pattern, str]]:
    out = []
    for raw in TABLE.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        pattern, replacement, *_ = raw.split("\t")
        out.append((re.compile(pattern), replacement))
    return out


def correct(text: str) -> str:
    for pattern, replacement in rules():
        text = pattern.sub(replacement, text)
    return text
