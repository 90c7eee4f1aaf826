"""Allergen names: canonical names from printed terms, reusing validators' dictionary (data only).

validators/data/allergens.yaml holds the 代替表記/拡大表記 and look-alike
exclusions; reading that file (not importing the validators package) keeps one
dictionary for the whole service. If it is absent, only the canonical names
themselves (plus 乳成分/ピーナッツ) are known.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from .. import jp

_DICT = Path(__file__).resolve().parents[2] / "validators" / "data" / "allergens.yaml"
CANONICAL = ["えび", "かに", "くるみ", "小麦", "そば", "卵", "乳", "落花生", "カシューナッツ",
             "アーモンド", "あわび", "いか", "いくら", "オレンジ", "キウイフルーツ", "牛肉", "ごま", "さけ", "さば",
             "大豆", "鶏肉", "バナナ", "豚肉", "マカダミアナッツ", "もも", "やまいも", "りんご", "ゼラチン", "ピスタチオ"]
_FALLBACK = {"乳": ["乳成分"], "落花生": ["ピーナッツ"]}


@lru_cache(maxsize=1)
def dictionary() -> dict[str, dict[str, list[str]]]:
    """canonical -> {"terms": [...], "exclude": [...]}."""
    try:
        items = yaml.safe_load(_DICT.read_text(encoding="utf-8"))["items"]
        return {k: {"terms": [jp.nfkc(t) for t in v.get("terms") or []] + [k],
                    "exclude": [jp.nfkc(t) for t in v.get("exclude") or []]} for k, v in items.items()}
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return {k: {"terms": [k] + _FALLBACK.get(k, []), "exclude": []} for k in CANONICAL}


def canonical(term: str) -> str | None:
    """A declared word (乳成分, ピーナッツ, 鶏卵) -> its canonical allergen, or None."""
    t = jp.squash(term)
    t = re.sub(r"^(一部に|その他)", "", t)
    for name, d in dictionary().items():
        if t == name or t in d["terms"]:
            return name
    found = contained(t)
    if len(found) == 1:
        return found[0]
    starts = [name for name in dictionary() if t and name.startswith(t)]   # a label cut at a line wrap
    return starts[0] if len(starts) == 1 and not found else None


def contained(text: str) -> list[str]:
    """Allergens whose 代替表記/拡大表記 occur in text, look-alikes masked out."""
    s = jp.squash(text)
    out = []
    for name, d in dictionary().items():
        masked = s
        for ex in sorted(d["exclude"], key=len, reverse=True):
            masked = masked.replace(ex, "＿" * len(ex))
        if any(t and t in masked for t in d["terms"]):
            out.append(name)
    return out
