"""Comparing extracted values with ground truth after normalisation (used by eval and tests)."""
from __future__ import annotations

import re
import unicodedata
from typing import Any


def norm(v: Any) -> Any:
    """Strings: NFKC without whitespace; numbers: floats; lists/dicts recursively."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return round(float(v), 3)
    if isinstance(v, str):
        # dashes and minus signs print alike (−18°C, -18°C): which code point is not a reading error
        # ヶ/ケ and ヵ/カ in place names are one letter written two ways (瀬戸ケ島町, 瀬戸ヶ島町)
        return re.sub(r"[\u2010-\u2015\u2212]|\s+", lambda m: "" if m.group().isspace() else "-",
                      unicodedata.normalize("NFKC", v)).replace("ヶ", "ケ").replace("ヵ", "カ")
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items() if x not in (None, "")}
    return v


def same(expected: Any, got: Any) -> bool:
    return norm(expected) == norm(got)
