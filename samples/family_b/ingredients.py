"""Real ingredient lists (/work/shared/data/real_ingredient_lists/dev.tsv) and the truth derived from them.

Truth is derived only for lists we can read unambiguously: balanced brackets, at most one top-level
「/」, and either exactly one collective statement 「(一部に…を含む)」 (then label.allergens_declared =
its items) or no collective statement (then label.allergens_declared is left out of the truth: the
individual-labelling rule needs the 代替表記 dictionary, and we do not guess)."""
from __future__ import annotations

import os
import re

DATA = os.environ.get("FAMILY_B_INGREDIENTS",
                      "/work/shared/data/real_ingredient_lists/dev.tsv")

OPEN, CLOSE = "(（[［【〔", ")）]］】〕"

# canonical allergen names (SPEC §4) and the spellings used inside 「(一部に…を含む)」
MANDATORY = ["えび", "かに", "くるみ", "小麦", "そば", "卵", "乳", "落花生", "カシューナッツ"]
RECOMMENDED = ["アーモンド", "あわび", "いか", "いくら", "オレンジ", "キウイフルーツ", "牛肉", "ごま",
               "さけ", "さば", "大豆", "鶏肉", "バナナ", "豚肉", "マカダミアナッツ", "もも", "やまいも",
               "りんご", "ゼラチン", "ピスタチオ"]
CANON = {a: a for a in MANDATORY + RECOMMENDED}
CANON.update({"乳成分": "乳", "ピーナッツ": "落花生", "キウイ": "キウイフルーツ", "マカデミアナッツ": "マカダミアナッツ",
              "鮭": "さけ", "サケ": "さけ", "エビ": "えび", "カニ": "かに", "鶏卵": "卵", "玉子": "卵",
              "クルミ": "くるみ", "胡麻": "ごま", "ゴマ": "ごま", "リンゴ": "りんご", "山芋": "やまいも",
              "ソバ": "そば"})

# evidence in the ingredient text (outside the statement) that a mandatory allergen is present:
# used only to decide whether a clean label may claim "no ALLERGEN_UNDECLARED" and which allergen
# a flawed label can drop.  Deliberately conservative (look-alikes are excluded by the patterns).
EVIDENCE = {
    "小麦": [r"(?<![大ラライ])小麦"],
    "乳": [r"乳成分", r"(?<!カカオ)バター", r"チーズ", r"脱脂粉乳", r"全粉乳", r"牛乳", r"生クリーム", r"乳糖", r"練乳", r"乳たん白", r"ホエイ"],
    "卵": [r"卵(?!殻カルシウム)", r"玉子", r"エッグ"],
    "えび": [r"えび", r"エビ", r"海老"],
    "かに": [r"(?<![らなし])かに(?![んかさ])", r"カニ", r"蟹"],
    "そば": [r"(?<!焼)(?<!やき)そば(?!つゆ)"],
    "落花生": [r"落花生", r"ピーナッツ"],
    "くるみ": [r"くるみ", r"クルミ"],
    "カシューナッツ": [r"カシューナッツ"],
}


def balanced(s: str) -> bool:
    depth = 0
    for ch in s:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def split_top(s: str, seps: str) -> list[str]:
    out, buf, depth = [], [], 0
    for ch in s:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth -= 1
        if depth == 0 and ch in seps:
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf))
    return out


def strip_parens(item: str) -> str:
    out, depth = [], 0
    for ch in item:
        if ch in OPEN:
            depth += 1
            continue
        if ch in CLOSE:
            depth -= 1
            continue
        if depth == 0:
            out.append(ch)
    return "".join(out).strip()


COLLECTIVE = re.compile(r"[（(]一部に([^()（）]*)を含む[）)]")


class Entry:
    def __init__(self, id_, text, name):
        self.id, self.text, self.name = id_, text, name
        self.ok = False
        self.ingredients: list[str] = []
        self.additives: list[str] = []
        self.declared: list[str] | None = None
        self.ingr_text = ""
        self.add_text = ""
        self._parse()

    def _parse(self):
        t = self.text.strip()
        if not t or not balanced(t) or any(c in t for c in "【〔※\t\""):
            return
        t = t.replace("／", "/")
        halves = split_top(t, "/")
        if len(halves) > 2:
            return
        self.ingr_text = halves[0].strip("、 ")
        self.add_text = halves[1].strip("、 ") if len(halves) == 2 else ""
        colls = COLLECTIVE.findall(t)
        if len(colls) > 1:
            return
        if colls:
            # the statement must be the very end of the list (the usual place); reject otherwise
            m = list(COLLECTIVE.finditer(t))[0]
            if t[m.end():].strip():
                return
            names = [x for x in re.split(r"[・、,]", colls[0]) if x]
            canon = []
            for n in names:
                c = CANON.get(n.strip())
                if not c:
                    return
                if c not in canon:
                    canon.append(c)
            self.declared = canon
            if "を含む" in COLLECTIVE.sub("", t):       # mixed individual + collective: skip
                return
        ingr = [strip_parens(x) for x in split_top(self.ingr_text, "、,")]
        adds = [strip_parens(x) for x in split_top(self.add_text, "、,")] if self.add_text else []
        ingr = [x for x in ingr if x]
        adds = [x for x in adds if x]
        if not ingr or any(len(x) > 30 or "を含む" in x for x in ingr + adds):
            return
        self.ingredients, self.additives = ingr, adds
        self.ok = True

    @property
    def top_has_origin(self) -> bool:
        first = split_top(self.ingr_text, "、,")[0]
        return bool(re.search(r"[（(][^()（）]*(国産|国内製造|産|県|アメリカ|中国|タイ|オーストラリア|カナダ|外国|ブラジル|製造)", first))

    def evidence(self) -> list[str]:
        """mandatory allergens visible in the text outside the collective statement."""
        body = COLLECTIVE.sub("", self.text)
        found = []
        for a, pats in EVIDENCE.items():
            if any(re.search(p, body) for p in pats):
                found.append(a)
        return found

    def without(self, allergen: str) -> str:
        """the text with `allergen` removed from the collective statement."""
        def repl(m):
            names = [x for x in re.split(r"[・、]", m.group(1)) if x and CANON.get(x) != allergen]
            return f"（一部に{'・'.join(names)}を含む）" if names else ""
        t = COLLECTIVE.sub(repl, self.text)
        return re.sub(r"[、/]$", "", t)


_cache: list[Entry] | None = None


def load() -> list[Entry]:
    global _cache
    if _cache is None:
        rows = []
        with open(DATA, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 3:
                    rows.append(Entry(parts[0], parts[1], parts[2]))
        _cache = rows
    return _cache


def pick(rng, want: str = "any") -> Entry:
    """want: 'collective' (declared list derivable), 'undeclarable' (collective + a mandatory allergen
    with evidence that can be dropped), 'no_origin' (top ingredient without origin), 'any' (parsable)."""
    pool = [e for e in load() if e.ok and 10 <= len(e.text) <= 420]
    if want in ("collective", "undeclarable"):
        pool = [e for e in pool if e.declared]
    if want == "undeclarable":
        pool = [e for e in pool if [a for a in e.evidence() if a in e.declared]]
    if want == "no_origin":
        pool = [e for e in pool if not e.top_has_origin]
    return rng.choice(pool)
