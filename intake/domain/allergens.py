"""Allergen dictionary, ingredient-list parser and detector (SPEC §4).

Public, stable API (the fields helper imports it):
  parse_ingredients(text, additives_text=None) -> IngredientList   (wrapped lines joined first)
  join_wrapped(text) -> str
  stated_origin(ingredient) -> str | None
  detect(text_or_item, include_implied=True) -> list[Match]   (Match is a (allergen, term) tuple)
  canonical(name) -> str | None
  declared_allergens(text_or_list) -> list[str]
  contained_allergens(text_or_list) -> list[Match]
  status(allergen, as_of) -> Status | None
The dictionary is data: validators/data/allergens.yaml.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator, NamedTuple, Union

from . import yamlfile

from intake.domain.jp import nfkc, squash as compact

DATA = Path(__file__).parent / "data" / "allergens.yaml"

_OPEN, _CLOSE = "([【［｢「", ")]】］｣」"
_ITEM_SEP = "、,，;；"
_ADDITIVE_SEP = "/／"
_DECL = re.compile(r"^(?:原材料の)?(一部に|一部|その他)?[,、]?(.+?)(?:を?含む|由来(?:のもの)?|由来原材料を含む)$")
_HEADING = re.compile(r"^\s*原材料名?\s*[:：]?\s*")
_ADDITIVE_HEADING = re.compile(r"^\s*(?:\S*\s)?添加物\s*[:：]\s*")
_DECL_SPLIT = re.compile(r"[・、,，]|及び|および|並びに")   # not 「と」: とり肉
_ORIGIN_WORDS = ("国産", "国内製造", "国内産", "国内加工", "外国産", "外国製造", "輸入", "県産", "道産",
                 "府産", "都産", "市産", "町産", "村産", "産", "製造")
_COUNTRIES = ("日本", "アメリカ", "米国", "中国", "韓国", "台湾", "タイ", "ベトナム", "インドネシア", "フィリピン",
              "マレーシア", "インド", "オーストラリア", "豪州", "ニュージーランド", "カナダ", "ブラジル", "チリ",
              "ペルー", "アルゼンチン", "メキシコ", "イギリス", "英国", "フランス", "ドイツ", "イタリア", "スペイン",
              "オランダ", "デンマーク", "ノルウェー", "ロシア", "トルコ", "南アフリカ", "エクアドル", "ミャンマー",
              "スリランカ", "パキスタン", "ポーランド", "ベルギー", "アイルランド", "スイス", "オーストリア", "EU",
              "北海道", "その他", "外国",
              "カンボジア", "ラオス", "モンゴル", "バングラデシュ", "ネパール", "シンガポール", "香港", "イラン",
              "イスラエル", "エジプト", "モロッコ", "ケニア", "タンザニア", "エチオピア", "ガーナ", "コートジボワール",
              "ナイジェリア", "マダガスカル", "モザンビーク", "コロンビア", "グアテマラ", "ホンジュラス", "ニカラグア",
              "コスタリカ", "ボリビア", "ウルグアイ", "パラグアイ", "ウクライナ", "ハンガリー", "チェコ", "ギリシャ",
              "ポルトガル", "スウェーデン", "フィンランド", "アイスランド", "ルーマニア", "ブルガリア", "セルビア",
              "クロアチア", "リトアニア", "ラトビア", "エストニア", "ベラルーシ", "カザフスタン", "ウズベキスタン",
              "サウジアラビア", "アラブ首長国連邦", "パプアニューギニア", "フィジー", "トンガ", "ミクロネシア",
              "南アフリカ共和国", "大韓民国", "中華人民共和国", "アメリカ合衆国", "USA",
              "九州", "四国", "本州", "東北", "北陸", "関東", "関西", "近畿", "東海", "中部", "山陰", "山陽", "信州",
              "十勝", "沖縄", "北米", "南米", "欧州", "東南アジア", "アジア", "ヨーロッパ", "アフリカ", "中南米", "海外")
_REGION_SUFFIX = ("県", "府", "省", "州")
_ORIGIN_LEAD = re.compile(r"^[^:：]{0,10}(?:国名|産地名?|原産国|原産地|製造地|生産地)[:：]")
_NOTE_GROUP = re.compile(r"[(（][^()（）]*[)）]")
_GMO_NOTE = re.compile(r"^(?:遺伝子組み?換え(?:でない|不分別)|分別生産流通管理済み?|非遺伝子組み?換え)$")


class Match(tuple):
    """An (allergen, term) pair that also carries `implied` (a food that normally
    contains the allergen, not accepted as its declaration) and `ingredient`
    (the name the term was found in). Compares and unpacks as the pair."""

    def __new__(cls, allergen: str, term: str, implied: bool = False, ingredient: str = ""):
        self = super().__new__(cls, (allergen, term))
        self.implied = implied
        self.ingredient = ingredient
        return self

    allergen = property(lambda self: self[0])
    term = property(lambda self: self[1])

    def __repr__(self) -> str:
        return f"Match({self[0]!r}, {self[1]!r}{', implied' if self.implied else ''})"


class Status(NamedTuple):
    list: str                      # mandatory | recommended
    transition_until: dt.date | None = None

    def in_transition(self, as_of: dt.date) -> bool:
        return self.transition_until is not None and as_of <= self.transition_until


@dataclass
class Ingredient:
    """One ingredient or additive as printed, with its nested parts."""

    name: str
    text: str = ""
    children: list["Ingredient"] = field(default_factory=list)
    contains: list[str] = field(default_factory=list)   # its own 「(…を含む)」/「(…由来)」
    origin: str | None = None
    additive: bool = False

    def walk(self) -> Iterator["Ingredient"]:
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class IngredientList:
    """A parsed 原材料名: top-level ingredients, additives and declarations."""

    text: str
    ingredients: list[Ingredient] = field(default_factory=list)
    additives: list[Ingredient] = field(default_factory=list)
    collective: list[str] | None = None   # 「(一部に…を含む)」 items, None when absent
    loose: list[str] = field(default_factory=list)   # a bare 「(その他…を含む)」 not tied to an item

    def walk(self) -> Iterator[Ingredient]:
        for it in self.ingredients + self.additives:
            yield from it.walk()

    @property
    def has_declaration(self) -> bool:
        return self.collective is not None or bool(self.loose) or any(i.contains for i in self.walk())


# ---------------------------------------------------------------- dictionary

@dataclass(frozen=True)
class _Entry:
    name: str
    terms: tuple[str, ...]
    implies: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    exclude: tuple[str, ...]
    status: tuple[tuple[str, dt.date, dt.date | None], ...]


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, _Entry], dict[str, str]]:
    data = yamlfile.load(DATA)
    entries: dict[str, _Entry] = {}
    for name, d in data["items"].items():
        plain = [compact(t) for t in d.get("implies", []) if not t.startswith("re:")]
        pats = [re.compile(t[3:]) for t in d.get("implies", []) if t.startswith("re:")]
        status = tuple((s["list"], _d(s["from"]), _d(s.get("transition_until")))
                       for s in d.get("status", []))
        entries[name] = _Entry(
            name=name,
            terms=tuple(sorted({compact(t) for t in d.get("terms", [])} | {name}, key=len, reverse=True)),
            implies=tuple(sorted(set(plain), key=len, reverse=True)),
            patterns=tuple(pats),
            exclude=tuple(sorted({compact(t) for t in d.get("exclude", [])}, key=len, reverse=True)),
            status=status)
    aliases = {compact(k): v for k, v in (data.get("declaration_aliases") or {}).items()}
    for e in entries.values():
        for t in e.terms:
            aliases.setdefault(t, e.name)
    return entries, aliases


def _d(v) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))


def names() -> list[str]:
    """Every allergen in the data, in its printed order."""
    return list(_dictionary()[0])


def status(allergen: str, as_of: dt.date) -> Status | None:
    """The list `allergen` belongs to on `as_of` (None when not yet listed)."""
    entry = _dictionary()[0].get(allergen)
    if entry is None:
        return None
    current = None
    for lst, start, until in entry.status:
        if start <= as_of:
            current = Status(lst, until)
    return current


def allergens_on(as_of: dt.date, list_name: str) -> list[str]:
    return [n for n in names() if (s := status(n, as_of)) and s.list == list_name]


# ---------------------------------------------------------------- detection

def _mask(text: str, words: tuple[str, ...]) -> str:
    for w in words:
        if w in text:
            text = text.replace(w, "\0" * len(w))
    return text


def _detect_name(name: str, include_implied: bool) -> list[Match]:
    text = compact(name)
    if not text:
        return []
    out = []
    for e in _dictionary()[0].values():
        masked = _mask(text, e.exclude)
        term = next((t for t in e.terms if t in masked), None)
        if term:
            out.append(Match(e.name, term, False, name))
            continue
        if not include_implied:
            continue
        term = next((t for t in e.implies if t in masked), None)
        if term is None:
            term = next((m.group() for p in e.patterns if (m := p.search(masked))), None)
        if term:
            out.append(Match(e.name, term, True, name))
    return out


def detect(text_or_item: Union[str, Ingredient, IngredientList, None],
           include_implied: bool = True) -> list[Match]:
    """Allergens contained in a name, an Ingredient (with its parts) or a whole list.

    A string with separators or parentheses is parsed first, so declarations
    「(小麦を含む)」 are not mistaken for ingredients. One Match per allergen and
    ingredient, in dictionary order within each ingredient.
    """
    if text_or_item is None:
        return []
    if not isinstance(text_or_item, (str, Ingredient, IngredientList)):
        text_or_item = nfkc(text_or_item)
    if isinstance(text_or_item, str):
        if re.search(r"[()（）、,/／「」【】\[\]]", text_or_item):
            text_or_item = parse_ingredients(text_or_item)
        else:
            return _detect_name(text_or_item, include_implied)
    nodes = text_or_item.walk()
    out: list[Match] = []
    for node in nodes:
        # a food whose parts are listed is judged by its parts, not by what it usually holds
        for m in _detect_name(node.name, include_implied and not node.children):
            if m not in out:
                out.append(m)
    return out


def named(name: str | None) -> str | None:
    """The canonical allergen a name is, word for word ('乳成分' → '乳', 'さけ（鮭）' → 'さけ'); no
    allergen found inside a longer word (肉バナナ is none)."""
    text = compact(name)
    if not text:
        return None
    entries, aliases = _dictionary()
    if text in entries:
        return text
    bare = re.sub(r"[(（].*?[)）]", "", text)
    return next((aliases[t] for t in (text, bare) if t in aliases), None)


def canonical(name: str | None) -> str | None:
    """The canonical allergen of a name as printed ('乳成分' → '乳', 'さけ（鮭）' → 'さけ')."""
    if found := named(name):
        return found
    text = compact(name)
    if not text:
        return None
    bare = re.sub(r"[(（].*?[)）]", "", text)
    found = {m.allergen for m in _detect_name(bare or text, include_implied=False)}
    return found.pop() if len(found) == 1 else None


# ---------------------------------------------------------------- parsing

def _split_top(text: str, seps: str) -> list[str]:
    """Split at separators outside parentheses (unbalanced brackets tolerated)."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    if depth > 0 and len(parts) == 1 and any(sep in text for sep in seps):
        # a bracket OCR never closed must not swallow the rest of the list
        return _split_top(re.sub(f"[{re.escape(_OPEN + _CLOSE)}]", "", text), seps)
    return [p.strip() for p in parts if p.strip()]


def _groups(text: str) -> tuple[str, list[str]]:
    """Text outside top-level brackets, and the contents of each bracket group."""
    name, groups, depth, cur = [], [], 0, []
    for ch in text:
        if ch in _OPEN:
            if depth > 0:
                cur.append(ch)
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                continue
            depth -= 1
            if depth == 0:
                groups.append("".join(cur))
                cur = []
            else:
                cur.append(ch)
        elif depth > 0:
            cur.append(ch)
        else:
            name.append(ch)
    if cur:
        groups.append("".join(cur))
    return "".join(name).strip(), groups


def _declaration(text: str) -> tuple[bool, list[str]] | None:
    """(collective?, allergens) when `text` is 「一部に…を含む」/「…を含む」/「…由来」."""
    t = compact(text)
    m = _DECL.match(t)
    if not m:
        return None
    parts = [p for p in _DECL_SPLIT.split(m.group(2)) if p]
    found = [canonical(p) for p in parts]
    if not parts or any(f is None for f in found):
        return None
    return bool(m.group(1)) and m.group(1).startswith("一部"), list(dict.fromkeys(found))


@lru_cache(maxsize=1)
def _place_names() -> tuple[str, ...]:
    """Countries, regions and prefectures (with and without 県/府/都) that name an origin."""
    from intake.domain import places
    prefs = places.prefectures()
    short = [p[:-1] for p in prefs if p[-1] in "県府都" and len(p) > 2]
    return tuple(sorted(set(_COUNTRIES) | set(prefs) | set(short), key=len, reverse=True))


def _is_place(p: str) -> bool:
    """「北海道」「宮崎県」「熊本」「中国福建省」「カリフォルニア州」「九州産黄金千貫」「ベルギー産25%」."""
    if not p:
        return False
    names = _place_names()
    if p.endswith(_ORIGIN_WORDS) and p != "その他":
        return True
    bare = p[:-1] if p.endswith("産") else p
    if bare in names and bare != "その他":
        return True
    if len(p) <= 12 and p.endswith(_REGION_SUFFIX) and not re.search(r"[、()]", p):
        return True   # 中国福建省, カリフォルニア州
    m = re.match(r"^(.{1,10}?)産", p)   # 九州産黄金千貫, 北海道産大豆
    return bool(m and m.group(1) in names and m.group(1) != "その他")


def _is_origin(text: str) -> bool:
    """「国内製造」「ベルギー産25%」「アメリカ、カナダ」「外国産又は国産(5%未満)」「生産国名:エチオピア」:
    places, optionally with a share or a note in brackets."""
    t = _NOTE_GROUP.sub("", compact(text))
    t = _ORIGIN_LEAD.sub("", t)
    parts = [re.sub(r"(?<=\D)[\d.]+%(?:未満|以上|以下)?$", "", p)
             for p in re.split(r"[、,・]|又は|または|及び|および|その他", t) if p]
    parts = [p for p in parts if p]
    if not parts:
        return False
    return all(_is_place(p) or re.fullmatch(r"[\d.]+%?", p) is not None for p in parts) and not all(
        re.fullmatch(r"[\d.]+%?", p) for p in parts)


def stated_origin(item: "Ingredient | None") -> str | None:
    """The origin printed for an ingredient: its own 「(国産)」, else (a compound ingredient) the origin
    printed for one of its parts, as in 「小麦粉(小麦(アメリカ産))」 or 「野菜(キャベツ(国産)、…)」."""
    if item is None:
        return None
    for node in item.walk():
        if node.origin:
            return node.origin
    return None


def _origin_prefix(name: str) -> str | None:
    """「国産小麦粉」「北海道産大豆」「十勝産小豆」: an origin written before the name."""
    m = re.match(r"^(国産|国内産|外国産|(.{1,8}?)産)(?=.)", compact(name))
    if not m:
        return None
    if m.group(2) is None or (m.group(2) in _place_names() and m.group(2) != "その他"):
        return m.group(1)
    return None


_JP_BLANK = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff])\s+(?=[\u3040-\u30ff\u4e00-\u9fff])")


def _parse_item(text: str, additive: bool, sink: IngredientList) -> Ingredient | None:
    name, groups = _groups(text)
    # a blank OCR left between Japanese glyphs (準チョ コレート) is no part of a name; 「pH 調整剤」's stays
    name = _JP_BLANK.sub("", nfkc(name))
    item = Ingredient(name=name, text=text.strip(), additive=additive)
    def add_origin(o: str) -> None:
        item.origin = nfkc(o) if item.origin is None else f"{item.origin}、{nfkc(o)}"

    if item.name and (pre := _origin_prefix(item.name)):
        add_origin(pre)
    for g in groups:
        if re.fullmatch(r"\s*[\d.]+\s*%\s*", nfkc(g)):
            continue  # a share such as (10%)
        decl = _declaration(g)
        if decl:
            _add_declaration(item, sink, *decl)
        elif _is_origin(g):
            add_origin(g)
        else:
            for part in _split_top(g, _ITEM_SEP):
                d = _declaration(part)
                if d:
                    _add_declaration(item, sink, *d)
                elif _GMO_NOTE.match(compact(part)):
                    continue   # 「(国内製造、遺伝子組換えでない)」: a note, not a part
                elif item.name and _is_origin(part) and compact(part) != "その他":
                    add_origin(part)   # 「(国内製造、遺伝子組換えでない)」
                else:
                    child = _parse_item(part, additive, sink)
                    if child is not None:
                        item.children.append(child)
    if not item.name and not item.children:
        sink.loose.extend(a for a in item.contains if a not in sink.loose)  # a bare 「(…を含む)」
        return None
    return item


def _add_declaration(item: Ingredient, sink: IngredientList, collective: bool, found: list[str]) -> None:
    if collective:
        sink.collective = list(dict.fromkeys((sink.collective or []) + found))
    else:
        item.contains.extend(a for a in found if a not in item.contains)


_WRAP = re.compile(r"[ \t\u3000]*(?:\r\n|\r|\n)+[ \t\u3000]*")
_LINE_HEADING = re.compile(r"^(添加物)\s*[:：]?\s*")


def join_wrapped(text: str | None) -> str:
    """A list wrapped across lines, as PDFs and OCR give it (「乳\\n化剤」「香辛料抽\\n出物」), joined back.

    Labels wrap anywhere, even inside a word, and a line break is never a separator, so lines are
    joined without a space; a line that starts a new item heading (「添加物：…」) starts the additives.
    """
    lines = _WRAP.split(nfkc(text))
    out = lines[0] if lines else ""
    for ln in lines[1:]:
        if _LINE_HEADING.match(ln) and out and not out.rstrip().endswith(tuple(_ADDITIVE_SEP)):
            out = out.rstrip("、,，") + "/" + _LINE_HEADING.sub("", ln)
        elif _starts_additives(out, ln):
            out += "/" + ln
        else:
            out += ln
    return out.strip()


@lru_cache(maxsize=1)
def _additive_words() -> tuple[str, ...]:
    data = yamlfile.load(DATA.parent / "additives.yaml")
    return tuple(nfkc(w) for w in data["names"])


def _starts_additives(before: str, line: str) -> bool:
    """A line break that separates the additives (a line starting 香料、乳化剤… after …デキストリン): the
    text before ends a whole item (no 、 or ／ pending, brackets closed) and the line starts with an
    additive's word as a whole item. Mid-word wraps (乳\n化剤) never start with one."""
    b = before.rstrip()
    if not b or b.endswith(tuple(_ITEM_SEP + _ADDITIVE_SEP)) or any(c in b for c in _ADDITIVE_SEP):
        return False
    if sum(b.count(c) for c in _OPEN) != sum(b.count(c) for c in _CLOSE):
        return False
    return any(line.startswith(w) and (w[-1] in _OPEN or len(line) == len(w) or line[len(w)] in _ITEM_SEP + _OPEN + _ADDITIVE_SEP)
               for w in _additive_words())


def parse_ingredients(text: str | None, additives_text: str | None = None) -> IngredientList:
    """Parse a 原材料名 (and optionally a separate 添加物 line) into items.

    Additives follow the first 「/」 outside brackets, or come in `additives_text`.
    Never raises; unreadable input gives an empty list.
    """
    raw = join_wrapped(text)
    additives_text = join_wrapped(additives_text) if additives_text else additives_text
    result = IngredientList(text=raw)
    body = _HEADING.sub("", raw)
    try:
        chunks = _split_top(body, _ADDITIVE_SEP)
        for i, chunk in enumerate(chunks):
            in_additives = i > 0
            for part in _split_top(chunk, _ITEM_SEP):
                if m := _ADDITIVE_HEADING.match(part):      # 「…、食塩 添加物:調味料」 without a slash
                    prefix = re.sub(r"\s*添加物\s*[:：]\s*$", "", m.group()).strip()
                    if prefix and not re.fullmatch(r"[●○◎■□◆◇【】\[\]()（）・※*]+", prefix) \
                            and (it := _parse_item(prefix, additive=in_additives, sink=result)) is not None:
                        (result.additives if in_additives else result.ingredients).append(it)   # keep 食塩
                    in_additives, part = True, part[m.end():]
                it = _parse_item(part, additive=in_additives, sink=result)
                if it is not None:
                    (result.additives if in_additives else result.ingredients).append(it)
        for part in _split_top(nfkc(additives_text), _ITEM_SEP + _ADDITIVE_SEP):
            it = _parse_item(part, additive=True, sink=result)
            if it is not None:
                result.additives.append(it)
    except RecursionError:  # absurdly deep brackets: keep what was read
        pass
    return result


def _as_list(text_or_list) -> IngredientList:
    if isinstance(text_or_list, IngredientList):
        return text_or_list
    return parse_ingredients(text_or_list if isinstance(text_or_list, str) else "")


def declared_allergens(text_or_list) -> list[str]:
    """Allergens the label declares (SPEC §3 label.allergens_declared).

    Collective labelling: the items of 「(一部に…を含む)」 (plus any stray individual
    「(…を含む)」). Individual labelling: every 「(…を含む)」 plus ingredients whose own
    name is a 代替表記/拡大表記 (鶏卵 → 卵, バター → 乳). Printed order.
    """
    lst = _as_list(text_or_list)
    found: list[str] = list(lst.collective or []) + list(lst.loose)
    for node in lst.walk():
        if lst.collective is None:
            found.extend(m.allergen for m in _detect_name(node.name, include_implied=False))
        found.extend(node.contains)
    return list(dict.fromkeys(found))  # printed order, each once


def contained_allergens(text_or_list) -> list[Match]:
    """Every allergen the ingredients contain, with the term that shows it."""
    return detect(_as_list(text_or_list))
