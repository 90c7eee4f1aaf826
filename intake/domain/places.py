"""Addresses: prefecture and municipality of an address, and whether it lies in one (data/places.yaml)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from . import yamlfile

from intake.domain.jp import squash as compact

_PATH = Path(__file__).parent / "data" / "places.yaml"


@lru_cache(maxsize=1)
def _data() -> dict:
    return yamlfile.load(_PATH)


def prefectures() -> list[str]:
    return _data()["prefectures"]


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


def _municipality_re() -> re.Pattern:
    p = _data()
    known = "|".join(sorted(p["designated_cities"], key=len, reverse=True))
    tricky = "|".join(sorted(p["tricky_municipalities"], key=len, reverse=True))
    return re.compile(rf"^((?:{known}).+?区|[^\s]+?郡[^\s]+?[町村]|(?:{tricky})|[^\s]+?[市区町村])")


def split_address(text: str | None) -> tuple[str | None, str | None, str]:
    """'石川県羽咋郡志賀町末吉1-2' -> ('石川県', '羽咋郡志賀町', '末吉1-2')."""
    s = compact(text).lstrip("〒")
    s = re.sub(r"^\d{3}-?\d{4}", "", s)
    pref = next((p for p in _data()["prefectures"] if s.startswith(p)), None)
    rest = s[len(pref):] if pref else s
    m = _municipality_re().match(rest)
    if not m:
        return pref, None, rest
    return pref, m.group(1), rest[m.end():]


def municipality_of(text: str | None) -> str | None:
    return split_address(text)[1]


def looks_like_address(text: str | None) -> bool:
    pref, muni, _ = split_address(text)
    return bool(pref or (muni and re.search(r"[郡市]", muni)))


# old forms of place-name kanji that OCR models return for the current ones (沖繩 for 沖縄)
_OLD_FORMS = str.maketrans("繩稻濱澤邊齋櫻龜", "縄稲浜沢辺斎桜亀")


def current_forms(address: str) -> str:
    """An address with old kanji forms of place names in their current form (as addresses are written)."""
    return address.translate(_OLD_FORMS)
