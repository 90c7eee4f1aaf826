"""The 原材料名 list: top-level items, additives after 「／」 or in a 添加物 row, allergen declarations.

Items are split at 「、」 only outside brackets, so 「チョコレート（砂糖、カカオマス）」
stays one item; each name drops its bracketed parts (「小麦粉（国内製造）」 → 小麦粉).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import jp
from . import allergens

OPEN, CLOSE = "(［[「【｛{〔", ")］]」】｝}〕"
_SEPS = "、,，;；"
_DECL = re.compile(r"[(\[](一部に)?([^()\[\]]+?)(?:を含む|由来)[)\]]")


@dataclass
class Ingredients:
    ingredients: list[str] = field(default_factory=list)
    additives: list[str] = field(default_factory=list)
    collective: list[str] = field(default_factory=list)   # items of 「(一部に…を含む)」
    individual: list[str] = field(default_factory=list)   # items of every other 「(…を含む)」
    text: str = ""                                         # the normalised list, additives included


def _normalise(text: str) -> str:
    s = jp.nfkc(text).replace("\n", "")
    return re.sub(r"[ \u3000]+", "", s)


def split_top(text: str, seps: str = _SEPS) -> list[str]:
    """Split at separators outside any bracket; unbalanced brackets never swallow the rest."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    if depth > 0 and len(parts) == 1 and any(s in text for s in seps):
        return split_top(re.sub(f"[{re.escape(OPEN + CLOSE)}]", "", text), seps)  # broken brackets (OCR)
    return [p.strip() for p in parts if p.strip()]


def groups(item: str) -> tuple[str, list[str]]:
    """'しょうゆ(大豆・小麦を含む)' -> ('しょうゆ', ['(大豆・小麦を含む)']): the name and its top-level bracket groups."""
    name, found, depth, cur = "", [], 0, ""
    for ch in item:
        if ch in OPEN:
            depth += 1
        if depth:
            cur += ch
        else:
            name += ch
        if ch in CLOSE and depth:
            depth -= 1
            if depth == 0:
                found.append(cur)
                cur = ""
    if cur:
        found.append(cur)
    return name.strip(), found


def _declarations(text: str, out: Ingredients) -> None:
    """Every 「(…を含む)」 / 「(…由来)」 at any depth; 「(一部に…を含む)」 is the collective one."""
    for m in _DECL.finditer(text):
        collective = bool(m.group(1))
        names = [allergens.canonical(x) for x in re.split(r"[・、,]", m.group(2)) if x]
        target = out.collective if collective else out.individual
        target += [n for n in names if n and n not in target]


def _top_slash(text: str) -> int:
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in OPEN
        depth -= ch in CLOSE and depth > 0
        if ch == "/" and depth == 0:
            return i
    return -1


def _items(text: str) -> list[str]:
    names = []
    for item in split_top(text):
        name, _ = groups(item)
        name = re.sub(r"^(原材料名|原材料|添加物)[:：]?", "", name)
        if name:
            names.append(name)
    return names


def parse(text: str | None, additives_text: str | None = None) -> Ingredients:
    """Parse a 原材料名 value (and a separate 添加物 row, if the label has one)."""
    out = Ingredients()
    s = _normalise(text or "")
    i = _top_slash(s)
    main, adds = (s[:i], s[i + 1:]) if i >= 0 else (s, "")
    if additives_text:
        adds = (adds + "、" if adds else "") + _normalise(additives_text)
    out.text = s + ("、" + _normalise(additives_text) if additives_text else "")
    _declarations(out.text, out)
    out.ingredients = _items(main)
    out.additives = _items(adds)
    return out


def declared(parsed: Ingredients) -> list[str]:
    """label.allergens_declared (SPEC §3).

    Collective labelling: the items of 「(一部に…を含む)」. Individual labelling:
    every 「(…を含む)」/「(…由来)」 item plus names (at any depth) that are an
    allergen's 代替表記/拡大表記, in printed order.
    """
    if parsed.collective:
        return list(parsed.collective)
    out: list[str] = []
    for m in re.finditer(r"[^、,，;；()\[\]「」【】/・]+", parsed.text):
        token = re.sub(r"(を含む|由来)$", "", m.group(0))
        for a in allergens.contained(token):
            if a not in out:
                out.append(a)
    return out
