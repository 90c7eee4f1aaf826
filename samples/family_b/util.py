"""Small helpers: seeded choices, split of wordings, Japanese date / money / digit formatting."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import unicodedata
from functools import lru_cache

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

FW = str.maketrans("0123456789-,.:/()", "０１２３４５６７８９－，．：／（）")
KANJI_DIG = "〇一二三四五六七八九"


def fw(s: str) -> str:
    """ASCII digits and a few signs to full width."""
    return str(s).translate(FW)


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def stable_hash(s: str) -> int:
    return int(hashlib.sha1(s.encode("utf-8")).hexdigest()[:12], 16)


@lru_cache(maxsize=1)
def wordings() -> dict:
    with open(os.path.join(HERE, "wordings.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def split_list(items: list, split: str) -> list:
    """Deterministic ~half/half split, ordered by a hash of each item: dev = even, heldout = odd positions.
    With a single item both splits use it."""
    if len(items) < 2:
        return list(items)
    order = sorted(items, key=lambda x: (stable_hash(str(x)), str(x)))
    part = order[0::2] if split == "dev" else order[1::2]
    return part


class Ctx:
    """Per-run context: the split, the rng, and helpers choosing split-specific wordings/styles."""

    def __init__(self, split: str, seed: int):
        self.split = split
        self.seed = seed
        self.rng = random.Random(f"family_b/{split}/{seed}")
        self.w = wordings()

    def label(self, key: str) -> str:
        opts = split_list(self.w["labels"][key], self.split)
        return self.rng.choice(opts)

    def opts(self, group: str) -> list:
        """A split-specific option list from `formats:` (hash split) or `layouts:` (explicit split)."""
        if group in self.w.get("layouts", {}):
            return list(self.w["layouts"][group][self.split])
        return split_list(self.w["formats"][group], self.split)

    def style(self, group: str) -> str:
        return self.rng.choice(self.opts(group))

    # -- shortcuts to the rng
    def choice(self, xs):
        return self.rng.choice(xs)

    def rand(self) -> float:
        return self.rng.random()

    def randint(self, a, b) -> int:
        return self.rng.randint(a, b)


# ---------------------------------------------------------------- dates

def wareki(d: dt.date) -> tuple[str, int]:
    if d >= dt.date(2019, 5, 1):
        return "令和", d.year - 2018
    if d >= dt.date(1989, 1, 8):
        return "平成", d.year - 1988
    return "昭和", d.year - 1925


def kanji_num(n: int) -> str:
    """1..99 as 漢数字 (十 style): 12 → 十二, 30 → 三十."""
    if n < 10:
        return KANJI_DIG[n]
    t, o = divmod(n, 10)
    return ("" if t == 1 else KANJI_DIG[t]) + "十" + (KANJI_DIG[o] if o else "")


def fmt_date(d: dt.date, style: str) -> str:
    era, y = wareki(d)
    ys = "元" if y == 1 else str(y)
    if style == "wareki":
        return f"{era}{ys}年{d.month}月{d.day}日"
    if style == "wareki_fw":
        return fw(f"{era}{ys}年{d.month}月{d.day}日")
    if style == "wareki_sp":
        return f"{era} {ys:>2}年 {d.month:>2}月 {d.day:>2}日"
    if style == "seireki":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "seireki_fw":
        return fw(f"{d.year}年{d.month}月{d.day}日")
    if style == "slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if style == "dot":
        return f"{d.year}.{d.month}.{d.day}"
    if style == "R":
        return f"{'R' if era == '令和' else 'H'}{y}.{d.month}.{d.day}"
    if style == "kanji":
        return f"{era}{'元' if y == 1 else kanji_num(y)}年{kanji_num(d.month)}月{kanji_num(d.day)}日"
    raise ValueError(style)


def fmt_month(y: int, m: int, style: str) -> str:
    d = dt.date(y, m, 1)
    era, ey = wareki(d)
    if style in ("wareki", "wareki_sp", "kanji", "R"):
        return f"{era}{ey}年{m}月"
    if style == "wareki_fw":
        return fw(f"{era}{ey}年{m}月")
    if style in ("slash", "dot"):
        return f"{y}{'/' if style == 'slash' else '.'}{m}"
    return f"{y}年{m}月"


def fmt_time(h: int, mi: int, style: str) -> str:
    if style in ("wareki_fw", "seireki_fw"):
        return fw(f"{h}時{mi:02d}分")
    if style in ("slash", "dot", "R"):
        return f"{h}:{mi:02d}"
    return f"{h}時{mi}分"


# ---------------------------------------------------------------- money / numbers

def fmt_yen(n: int, style: str) -> str:
    c = f"{n:,}"
    if style == "yen":
        return f"{c}円"
    if style == "yen_plain":
        return f"{n}円"
    if style == "yen_sign":
        return f"￥{c}"
    if style == "yen_sign_dash":
        return f"¥{c}-"
    if style == "yen_fw":
        return fw(c) + "円"
    if style == "yen_sp":
        return f"{c} 円"
    if style == "num":
        return c
    raise ValueError(style)


def fmt_int(n: int, style: str) -> str:
    return fw(str(n)) if style.endswith("_fw") else str(n)


def fmt_phone(p: str, style: str) -> str:
    a, b, c = p.split("-")
    if style == "hyphen":
        return p
    if style == "paren":
        return f"{a}({b}){c}"
    if style == "fw":
        return fw(p)
    if style == "tel":
        return f"TEL {p}"
    return p


def letter_space(label: str) -> str:
    """「住所」→「住　　所」, 「代表者」→「代 表 者」 (full-width spaces; the way Excel forms justify)."""
    if len(label) == 2:
        return label[0] + "　　" + label[1]
    if len(label) == 3:
        return "　".join(label)
    return label
