"""Is an address inside a municipality or prefecture? (data/places.yaml)"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from validators.values import compact

_PATH = Path(__file__).parent / "data" / "places.yaml"


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(_PATH.read_text(encoding="utf-8"))


def prefecture_of(address: str) -> str | None:
    """The prefecture written in `address`, or the one its municipality implies."""
    text = compact(address)
    for pref in _data()["prefectures"]:
        if text.startswith(pref) or (pref in text[:8]):
            return pref
    for pref, towns in (_data().get("municipalities") or {}).items():
        if any(text.startswith(t) for t in towns):
            return pref
    return None


def in_municipality(address: str, names: list[str], prefecture: str | None) -> bool | None:
    """True/False, or None when the address is empty.

    Matches the municipality name anywhere in the normalised address (so
    「石川県羽咋郡志賀町…」 and 「羽咋郡志賀町…」 match 志賀町), but a different
    prefecture written in it wins (滋賀県の旧志賀町 is not 石川県志賀町).
    """
    text = compact(address)
    if not text:
        return None
    pref = prefecture_of(text)
    if prefecture and pref and pref != prefecture:
        return False
    if prefecture and names == [prefecture]:
        return pref == prefecture
    return any(n in text for n in names)
