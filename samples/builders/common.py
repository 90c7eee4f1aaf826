"""Shared pieces of the builders: the fictitious supplier and date printing."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from samples import pools

ERAS = [("令和", dt.date(2019, 5, 1), "R"), ("平成", dt.date(1989, 1, 8), "H"), ("昭和", dt.date(1926, 12, 25), "S")]


@dataclass
class Supplier:
    name: str
    representative: str          # "代表取締役 山田 太郎"
    rep_name: str                # "山田 太郎"
    prefecture: str
    municipality: str
    address: str                 # full address
    phone: str
    email: str
    contact: str
    kana: str


def wareki(d: dt.date, style: str) -> str:
    """Print a date in one of the styles suppliers use."""
    for era, start, letter in ERAS:
        if d >= start:
            y = d.year - start.year + 1
            ys = "元" if y == 1 and style == "wareki_gan" else str(y)
            if style == "era_letter":
                return f"{letter}{y}.{d.month}.{d.day}"
            if style.startswith("wareki"):
                return f"{era}{ys}年{d.month}月{d.day}日"
            break
    if style == "dots":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    return f"{d.year}年{d.month}月{d.day}日"


DATE_STYLES = ["wareki", "dots", "slash", "kanji", "era_letter"]


def person(rng: random.Random) -> tuple[str, str]:
    s, g = rng.choice(pools.SURNAMES), rng.choice(pools.GIVEN)
    return f"{s} {g}", f"{pools.KANA_SUR[s]} {pools.KANA_GIVEN[g]}"


def address(rng: random.Random, profile: str, outside: bool = False) -> tuple[str, str, str]:
    if outside:
        pref, muni, part = rng.choice(pools.OUTSIDE)
    else:
        pref, munis, parts = pools.PLACES[profile]
        muni, part = rng.choice(munis), rng.choice(parts)
    num = f"{rng.randint(1, 9)}-{rng.randint(1, 30)}" if rng.random() < 0.6 else f"{rng.randint(1, 2000)}番地"
    return pref, muni, f"{pref}{muni}{part}{num}"


def phone(rng: random.Random) -> str:
    return f"0{rng.randint(10, 99)}{rng.choice(['', '0'])}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"


def supplier(rng: random.Random, profile: str, outside: bool = False) -> Supplier:
    core = rng.choice(pools.COMPANY_CORES)
    name = rng.choice(pools.COMPANY_FORMS).format(core)
    rep, kana = person(rng)
    title = rng.choice(pools.TITLES)
    pref, muni, addr = address(rng, profile, outside)
    contact, _ = person(rng)
    return Supplier(name=name, representative=f"{title} {rep}", rep_name=rep, prefecture=pref,
                    municipality=muni, address=addr, phone=phone(rng),
                    email=f"info{rng.randint(1, 99)}@example.jp", contact=contact, kana=kana)


def date_between(rng: random.Random, a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))
