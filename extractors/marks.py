"""Checkbox glyphs in text: which marks mean checked, which mean an empty box."""
from __future__ import annotations

import re

CHECKED = set("☑☒■✓✔✅◼▣")
UNCHECKED = set("□☐◻")
# In spreadsheets a lone ○/●/◯ in a cell beside a label is the usual way to tick it.
CELL_MARKS = CHECKED | set("○●◯〇") | {"v", "V", "x", "X", "×"}
BOX_GLYPHS = CHECKED | UNCHECKED

_SEGMENT = re.compile(r"([%s])\s*([^%s]*)" % (re.escape("".join(sorted(BOX_GLYPHS))),
                                             re.escape("".join(sorted(BOX_GLYPHS)))))


def boxes_in_text(text: str) -> list[tuple[str, bool, int, int]]:
    """Find `☑ label` / `□ label` runs: (label, checked, start, end) with end excluding trailing space."""
    out = []
    for m in _SEGMENT.finditer(text):
        label = m.group(2).strip().split("  ")[0].strip(" 　・、,")
        label = label.split("　")[0].strip() if "　" in label else label
        out.append((label, m.group(1) in CHECKED, m.start(), m.start(2) + len(m.group(2).rstrip())))
    return out


def is_cell_mark(text: str) -> bool | None:
    """A cell holding only a mark: True (checked), False (empty box), None (not a mark cell)."""
    t = text.strip()
    if len(t) != 1:
        return None
    if t in CELL_MARKS:
        return True
    if t in UNCHECKED:
        return False
    return None
