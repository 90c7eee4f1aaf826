"""Reading values by their labels: label/value pairs from kvs, table rows and lines.

Suppliers move cells, rename labels and switch between Excel, Word and paper,
so a value is found by its label (wordings and key terms of the field catalogue) and the
cell or text beside it, never by coordinates.
"""
from __future__ import annotations

import datetime as dt
import re
import statistics
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, Callable

from intake.domain import catalogue, jp, places
from intake.domain.catalogue import FieldSpec
from intake.records import FieldValue

from ..layout import BBox, Cell, Layout, Page

CHECK_ON = "■☑☒✓✔●◉▣"
CHECK_OFF = "□☐○◯"
_NOTE = re.compile(r"[※*].*$")
_BRACKETS = re.compile(r"^[●◆■□【\[(（]+|[】\])）:：]+$")


@lru_cache(maxsize=1 << 16)
def norm_key(text: str) -> str:
    """A label as printed -> comparable form (no spaces, notes, brackets or kana voicing marks).

    Voicing marks go because OCR confuses ぱ/ば/は (たんばく質 for たんぱく質); no two
    labels of a form differ only by them.
    """
    k = _NOTE.sub("", jp.squash(text))
    k = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", k) if c not in "\u3099\u309a"))
    bare = _BRACKETS.sub("", k)
    # 【寄附金額】 loses its brackets, but 商品代金(税込) keeps the one closing its note: the note tells fields apart
    opened = sum(bare.count(c) for c in "(（[【") - sum(bare.count(c) for c in ")）]】")
    closers = [c for c in k[len(k.rstrip(")）]】:：")):] if c in ")）]】"]
    return bare + "".join(closers[:max(0, opened)])


_LEAD = re.compile(r"^(?:[●○◎◯■□◆◇▲△▼▽★☆・※*\-|｜]|[\u2460-\u2473\u2474-\u2487]|\d{1,2}[.)、]|\d{1,2}(?=[\u3040-\u9fff])|[(（]\d{1,2}[)）])+")
_WRAPPED = re.compile(r"^[(（【\[［〔<＜《](.+)[)）】\]］〕>＞》]$")
_INNER = re.compile(r"[(（【\[［〔<＜《][^)）】\]］〕>＞》]*[)）】\]］〕>＞》]?")


@lru_cache(maxsize=4096)
def core_label(text: str) -> str:
    """A label reduced to its words: 「●市場価格（税込・送料込）※税抜き：」 -> 市場価格, 「住　　所」 -> 住所.

    Letter spacing, leading marks and numbers (●■◎①1.), notes in brackets and after ※, and
    colons carry no meaning for which field a label names.
    """
    k = jp.japanese_forms(jp.squash(text)).upper()     # Tel = TEL, e-mail = E-MAIL
    k = _LEAD.sub("", k)
    k = re.sub(r"^[ごお御](?=[\u4e00-\u9fff])", "", k)        # ご担当者名 = 担当者名
    k = _NOTE.sub("", k).strip(":：")
    k = re.sub(r"(?i)(No\.?|№|#)$", "番号", k)                 # 口座No.（：） = 口座番号
    k = _WRAPPED.sub(r"\1", k)          # 【寄附金額】: the whole label in brackets
    k = _INNER.sub("", k)
    k = k.strip(":：.・")
    k = re.sub(r"(?<=[\u4e00-\u9fff])の(?=[\u4e00-\u9fff])", "", k)   # 営業所の名称 = 営業所名称
    k = re.sub(r"(?<=\S)[・･](?=\S)", "", k)                          # 梱包・資材費 = 梱包資材費
    # okurigana are written or left out at will: 申し込み数 = 申込数, 取り扱い = 取扱; 寄付 = 寄附
    k = re.sub(r"(?<=[\u4e00-\u9fff])[しみけりいきち](?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[みりけしいきち]$", "", k)
    k = k.replace("寄付", "寄附")
    return norm_key(k) if k else ""


@lru_cache(maxsize=1024)
def _qualifiers(name: str) -> tuple[str, ...]:
    """What a catalogue wording says in brackets (商品代(税込) → 税込): a printed label must say it too.

    Notes in a printed label carry no meaning, but a wording that names one tells two fields apart.
    """
    # a hit's key lost its closing bracket to norm_key (事業者名(フリガナ): the note runs to the end
    return tuple(q.upper() for q in re.findall(r"[(（]([^)）]+)(?:[)）]|$)", jp.squash(name)) if q)


def _one_off(a: str, b: str) -> bool:
    """A 4+ character label `b` with one glyph misread (宮業所 for 営業所) or dropped (品名称 for 商品名称) as `a`."""
    if len(a) == len(b) >= 4:
        return sum(x != y for x, y in zip(a, b)) == 1
    return len(b) == len(a) + 1 >= 4 and any(b[:i] + b[i + 1:] == a for i in range(len(b)))


@lru_cache(maxsize=1 << 16)       # a form's labels are scored against every field of its kind, often
def label_score(label: str, spec: FieldSpec, fuzzy: bool = True) -> float:
    """How well a printed label names a catalogued field: 1 exact, less for partial or key-term matches, 0 none.

    A note in brackets may be the label's real name (申請者（事業者名）): it is scored too, a little lower.
    `fuzzy`: a wording with one glyph misread or dropped counts too.
    """
    best = _label_score(label, spec, fuzzy)
    printed = jp.squash(label).upper()
    for inner in _NOTES.findall(printed):
        outside = printed.replace(inner, "", 1)
        if any(core_label(t) and core_label(t) in outside for t in spec.not_terms):
            continue        # 氏名（名称）: the 氏名 outside the note says it is no facility's name
        inside = _label_score(inner, spec, fuzzy)
        if inside >= 0.7:     # a wording, not a key term alone: 送料（税込）is no 税込 price
            best = max(best, 0.95 * inside)
    bare = bare_label(printed)
    if best < 1.0 and bare != printed:
        best = max(best, min(0.95, _label_score(bare, spec, fuzzy)))
    return best


_NOTES = re.compile(r"[(（【\[]([^)）】\]]{2,16})(?:[)）】\]]|$)")     # a note a label's real name may be in
STRONG = 0.85        # a label that names the field by a wording, not by a key term or a misread glyph


@lru_cache(maxsize=1 << 14)
def _compared(label: str) -> frozenset[str]:
    """Every glyph of the core labels `label_score` compares with a field's wordings: the label's own,
    its notes' and its bare form's."""
    printed = jp.squash(label).upper()
    cores = [core_label(label), core_label(bare_label(printed)), *map(core_label, _NOTES.findall(printed))]
    return frozenset("".join(cores))


@lru_cache(maxsize=4096)
def _wording_glyphs(spec: FieldSpec) -> tuple[frozenset[str], ...]:
    """The glyphs a label must hold to name the field by each wording (a wording's final 名 may be left
    out: 製造事業者 for 製造事業者名)."""
    return tuple(frozenset(n) - {"名"} for w in spec.labels if (n := core_label(w)))


def names_strongly(labels, spec: FieldSpec) -> bool:
    """Whether any of the labels names the field with a score of STRONG or more. A score that high needs
    a wording inside a core label (equal, at its start or end): labels lacking a glyph of every wording
    are passed over without scoring (a classification scores a page's labels against every field)."""
    needs = _wording_glyphs(spec)
    return any(label_score(lbl, spec) >= STRONG for lbl in labels
               if any(need <= _compared(lbl) for need in needs))


def bare_label(text: str) -> str:
    """A label without a trailing 等 or 欄 (手数料等, 寄附金額欄): "etc." and "box" after a wording add
    nothing to what it names."""
    return re.sub(r"(?<=\S)(?:等|欄)(?=[(（【\[※*]|$)", "", jp.squash(text))


@lru_cache(maxsize=1 << 14)
def head_types(core: str) -> frozenset[str] | None:
    """The value types a label's head noun allows (catalogue `heads`: 事業者所在地 → address), None when
    its end is no head noun. A trailing 等 or 欄 is no head (初回連絡日時等 ends in 日時)."""
    heads = _heads()
    core = re.sub(r"(?<=.)(?:等|欄)$", "", core)
    head = max((h for h in heads if core.endswith(h)), key=len, default=None)
    return heads[head] if head else None


def _label_score(label: str, spec: FieldSpec, fuzzy: bool = True) -> float:
    core = core_label(label)
    if not core:
        return 0.0
    score = _wording_score(label, core, spec, fuzzy)
    return 0.0 if score < 1.0 and _type_refused(label, core, spec) else score


def _type_refused(label: str, core: str, spec: FieldSpec) -> bool:
    """The label's head noun names a value of another type than the field's: 製造事業者名 is a name, not
    the manufacturer's address its 製造 suggests; a note that is a head noun by itself says what the
    value is (事業者名（フリガナ） is a reading)."""
    if (types := head_types(core)) is not None and spec.type not in types:
        return True
    return any(types is not None and spec.type not in types for n in _qualifiers(label) for types in [_note_types(n)])


def _note_types(note: str) -> frozenset[str] | None:
    """The value types a bracketed note allows when it is a head noun of the catalogue's by itself (フリガナ)."""
    heads = _heads()
    core = core_label(note)
    return heads.get(core)


@lru_cache(maxsize=1)
def _heads() -> dict[str, frozenset[str]]:
    """The catalogue's head nouns as core labels (コード compares as a label does)."""
    return {core_label(h): frozenset(types) for h, types in (catalogue.data().get("heads") or {}).items()}


def _wording_score(label: str, core: str, spec: FieldSpec, fuzzy: bool) -> float:
    best = 0.0
    printed = jp.squash(label).upper()
    for name in spec.labels:
        n = core_label(name)
        if not n or not all(q in printed for q in _qualifiers(name)):
            continue
        if core == n:
            # a printed note the wording does not name (小売価格（税抜）for 小売価格) leaves room for one that does
            # (a key cut at its note's opening bracket, 「保存方法(」, has one too: the rest went to the value)
            if (_qualifiers(label) or re.search(r"[(（]$", printed)) and not _qualifiers(name):
                best = max(best, 0.95)
                continue
            return 1.0
        if fuzzy and _one_off(core, n):
            best = max(best, 0.8)
        elif core.startswith(n) or core.endswith(n):
            best = max(best, 0.85 if len(n) >= 2 else 0.5)
        elif len(core) >= 3 and n == core + "名":      # 製造事業者 for 製造事業者名
            best = max(best, 0.85)
        elif n in core:
            best = max(best, 0.7)
        elif len(core) - 4 <= len(n) < len(core) and len(n) >= 3 and any(
                core.startswith(n[:i]) and core.endswith(n[i:])
                and not re.search(r"[\u3040-\u309f]", core[i:len(core) - len(n) + i]) for i in range(2, len(n))):
            # a wording with a word put in (販売予定月 for 販売月, 許可年月日 for 許可日); not a phrase (発送までの期間)
            best = max(best, 0.75)
    if any(core_label(t) in core or core_label(t) in printed for t in spec.not_terms) and best < 1.0:
        return 0.0
    if best == 0.0 and len(core) <= 14 and any(core_label(t) in core and all(q in printed for q in _qualifiers(t))
                                               for t in spec.terms):
        best = 0.6      # a term's bracketed qualifier (価格(税込)) must be printed too
    return best


def _evidence(spec: FieldSpec, printed: str) -> tuple[str, ...]:
    """A field's words as core labels: its wordings and key terms whose bracketed qualifiers are printed."""
    return tuple(c for w in (*spec.labels, *spec.terms) if all(q in printed for q in _qualifiers(w))
                 for c in [core_label(w)] if c)


def _pairs(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(len(text) - 1)]


def _twins(specs: tuple[FieldSpec, ...]) -> dict[str, set[str]]:
    """Fields that share a wording as printed (商品代 of the proposal and of the retail section): their
    section tells them apart, not their label."""
    words = {s.key: {jp.squash(n) for n in s.labels} for s in specs}
    return {k: {o for o in words if o != k and words[k] & words[o]} for k in words}


def field_scores(label: str, specs: tuple[FieldSpec, ...]) -> dict[str, float]:
    """How well a printed label names each of a kind's fields (`label_score`), with what the kind as a whole
    tells:

    - a wording matched only with a glyph misread gives way to a field the label names by its own words
      (発生日時 holds 発生 of the received date; it is not 発送日時 misread);
    - of fields tied at the top, the one whose words end the label (Japanese compounds name their thing
      last: 梱包サイズ is a size), then the one whose words cover more of it (名称又は商号), wins;
    - a label no wording or key term holds names the field whose words share most of its character
      pairs (銀行番号 ← 金融機関番号, 銀行コード), when one field clearly leads, a wording of it ends as the
      label ends, and neither its `not` terms nor the label's head noun refuse it. Otherwise none: a
      wrong field is worse than no field.
    """
    scores = {s.key: label_score(label, s) for s in specs}
    core = core_label(bare_label(label))
    if not core or not specs:
        return scores
    if any(0 < v < 1.0 for v in scores.values()):
        exact = {s.key: label_score(label, s, fuzzy=False) if 0 < scores[s.key] < 1.0 else scores[s.key] for s in specs}
        for k, v in exact.items():
            if v < scores[k] and any(e > 0 for o, e in exact.items() if o != k):
                scores[k] = v
    printed = jp.squash(label).upper()
    top = max(scores.values())
    if top > 0:
        tied = [s for s in specs if scores[s.key] == top]
        if len(tied) > 1 and top < 1.0:
            def rank(s: FieldSpec) -> tuple:
                words = [w for w in _evidence(s, printed) if w in core]
                covered = {i for w in words for m in re.finditer(re.escape(w), core) for i in range(m.start(), m.end())}
                return (any(core.endswith(w) for w in words), len(covered))
            ranks = sorted(((rank(s), s.key) for s in tied), reverse=True)
            if ranks[0][0] > ranks[1][0]:
                scores[ranks[0][1]] = top + 0.01
        return scores
    if not 2 <= len(core) <= 10 or re.search(r"\d", core):
        return scores
    pairs = _pairs(core)
    cover: dict[str, float] = {}
    heads: set[str] = set()
    for s in specs:
        if any(core_label(t) in core or core_label(t) in printed for t in s.not_terms if core_label(t)):
            continue
        if _type_refused(label, core, s):
            continue
        words = _evidence(s, printed)
        have = {p for w in words for p in _pairs(w)}
        cover[s.key] = sum(p in have for p in pairs) / len(pairs)
        if any(w.endswith(core[-2:]) for w in words):
            heads.add(s.key)
    if not cover:
        return scores
    twins = _twins(specs)
    best = max(heads, key=lambda k: cover[k], default=None)
    if best is None or cover[best] < 0.5:
        return scores
    # its words explain both ends of the label, or most of it (有効年月日 is not 交付年月日)
    if cover[best] < 0.6 and not any(pairs[0] in _pairs(w) for s in specs if s.key == best
                                     for w in _evidence(s, printed)):
        return scores
    second = max((v for k, v in cover.items() if k != best and k not in twins[best]), default=0.0)
    if cover[best] - second >= 0.2:
        scores[best] = 0.35 + 0.15 * cover[best]
    return scores


def clean(text: str | None) -> str:
    """NFKC, wrapped lines joined, runs of spaces collapsed."""
    s = jp.japanese_forms(jp.nfkc(text))
    parts = [p for p in re.split(r"\s*\n\s*", s) if p]
    entry = _entry(parts[0]) if len(parts) >= 2 else None
    # a list's entries stay one a line (5/1 … / 5/3 …: the 対応経過 is read entry by entry); a wrapped line is joined
    s = "".join(("\n" if i and entry and _entry(p) == entry else "") + p for i, p in enumerate(parts))
    # | : a table rule read by OCR; a colon or semicolon left before the value by the label's split
    return re.sub(r"[ \u3000]+", " ", s).strip().strip("|｜").strip().lstrip(":：;；").strip()


# a colon inside a label's note is no part of the pairing (消費税（税率：□8% or ■10%） 300)
_COLON = re.compile(r"^\s*((?:[^：:（(]|[（(][^）)]*[）)]){1,24}?)\s*[：:]\s*(.+)$")


def _after_chars(text: str, n: int) -> str:
    """`text` after its first n non-blank characters, blanks inside the rest kept (川平商会 第二工場)."""
    seen = 0
    for i, ch in enumerate(text):
        if seen == n:
            return text[i:].strip()
        seen += not ch.isspace()
    return ""


_ENTRY = re.compile(r"^\s*(?:\d{1,2}\s*[/／月]\s*\d{1,2}\s*日?|[・●○◆■‐\-]|\d{1,2}[.)．、]|[(（]\d{1,2}[)）]|[\u2460-\u2473])")


def _entry(text: str) -> str | None:
    """How a list entry starts, digits as 0 (「5/1 寄附者へ…」 -> 0/0, 「・…」, 「1.」 -> 0.); None for no entry."""
    m = _ENTRY.match(jp.nfkc(text))
    return re.sub(r"\d+", "0", re.sub(r"\s+", "", m.group(0))) if m else None


def mid(b) -> tuple[float, float]:
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


def rows_of(items) -> list[list]:
    """Lines (or boxes) grouped into printed rows, their middles within half a height of each other,
    each row left to right."""
    rows: list[list] = []
    for it in sorted(items, key=lambda it: mid(it.bbox)[1]):
        if rows and abs(mid(it.bbox)[1] - mid(rows[-1][0].bbox)[1]) <= 0.5 * (it.bbox[3] - it.bbox[1]):
            rows[-1].append(it)
        else:
            rows.append([it])
    return [sorted(r, key=lambda it: it.bbox[0]) for r in rows]


def _union(a: BBox | None, b: BBox | None) -> BBox | None:
    if not a or not b:
        return a or b
    return [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]


def _right_of(label, lines, reach: float = 0.0):
    """The nearest line to the right of `label` on the same row (vertical overlap over half its height).

    `reach`: how far right a value may stand (a nutrition table prints it at the right edge).
    """
    x0, y0, x1, y1 = label.bbox
    h = max(1.0, y1 - y0)
    row = [ln for ln in lines if ln is not label and ln.bbox[0] >= x1 - 0.2 * h
           and min(y1, ln.bbox[3]) - max(y0, ln.bbox[1]) > 0.5 * min(h, ln.bbox[3] - ln.bbox[1])]
    row = [ln for ln in row if ln.bbox[0] - x1 < max(12 * h, reach)]
    return min(row, key=lambda ln: ln.bbox[0], default=None)


def _rest_of_row(value, lines, stop: Callable[[str], bool] = lambda text: False, marks: list[BBox] = ()):
    """A value OCR cut into segments on its row (代表取締役北村 | 大輔): its text and box with the
    segments that follow closely (up to one that `stop`s it: the next pair's label), and the last segment.
    `marks`: the boxes of checkboxes, which bridge the gap between options (☑製造日 □発送日 □到着日より 365日)."""
    text, box, prev = value.text, value.bbox, value
    if not value.bbox:
        return text, box, prev
    h = max(1.0, value.bbox[3] - value.bbox[1])
    used = {id(value)}
    while True:
        # each segment once, always further right: overlapping OCR segments must not send it round
        nxt = _right_of(prev, [ln for ln in lines if id(ln) not in used and ln.bbox[0] > prev.bbox[0]])
        if nxt is None or stop(nxt.text):
            return text, box, prev
        end = max([prev.bbox[2]] + [m[2] for m in marks if prev.bbox[2] - h <= m[0] <= nxt.bbox[0]
                                    and min(m[3], prev.bbox[3]) > max(m[1], prev.bbox[1])])
        if nxt.bbox[0] - end > 2 * h:
            return text, box, prev
        used.add(id(nxt))
        text, box, prev = text + " " + nxt.text, _union(box, nxt.bbox), nxt


def _below(label, lines):
    """The nearest line under `label` within two and a half line heights, overlapping it horizontally."""
    x0, y0, x1, y1 = label.bbox
    h = max(1.0, y1 - y0)
    under = [ln for ln in lines if ln is not label and 0 <= ln.bbox[1] - y1 + 0.3 * h <= 2.5 * h
             and (ln.bbox[0] < x1 + 4 * h and ln.bbox[2] > x0 or x0 == x1)]   # x0 == x1: a Word paragraph
    return min(under, key=lambda ln: ln.bbox[1], default=None)


# what a label printed on two lines leaves at the start of its value: 「(法人にあっては名称及び代表者の氏名)」,
# 「又は名称」「の氏名」, or a note's end 「者の氏名)」 whose opening bracket stayed with the label
_LABEL_END = r"(?:氏名|名称|屋号|所在地|住所|名|号)"
_LABEL_REST = re.compile(
    rf"^\s*(?:[(（][^()（）]{{0,24}}[)）]"
    rf"|(?:の|又は|及び|若しくは|もしくは|または)[^\s()（）]{{0,8}}?{_LABEL_END}[)）]?"
    rf"|[^\s()（）]{{0,8}}?にあっては[^\s()（）]{{0,16}}{_LABEL_END}[)）]?"
    rf"|[^\s()（）]{{0,10}}?{_LABEL_END}[)）](?=\S))\s*")


_NOTE_END = re.compile(r"^\s*[^\s()（）]{1,4}[)）]\s+(?=\S)")


@lru_cache(maxsize=1)
def _all_labels() -> frozenset[str]:
    """Every wording of every kind of form, as core labels: a value that is one is a pairing slip."""
    return frozenset(core_label(n) for k in catalogue.kinds() for f in catalogue.fields(k).values()
                     for n in f.labels if len(core_label(n)) >= 2)


@dataclass
class Hit:
    key: str                 # the printed label, normalised (norm_key)
    value: str
    page: Page
    bbox: BBox | None
    confidence: float
    order: int


class Doc:
    """All label/value candidates of a layout, searchable by label."""

    def __init__(self, layout: Layout, kind: str = ""):
        self.layout = layout
        self.kind = kind
        # a form that marks choices ● beside ○ in one row (「●あり ○なし」) uses ○ as the empty mark
        # everywhere, also in a row where the ● was lost; elsewhere each value's own marks decide
        # (None) — a ● heading bullet (「●事業者情報」) says nothing about the choices
        rows = layout.text.splitlines() + [c.text for p in layout.pages for t in p.tables for c in t.cells]
        paired = any(re.search("[●◉]", r) and re.search("[○◯]", r) for r in rows)
        self.circles: bool | None = False if paired else None
        self.hits: list[Hit] = []
        self.lines: list[tuple[Page, Any]] = [(p, ln) for p in layout.pages for ln in p.lines]
        for p in layout.pages:
            # a label's right-hand neighbour first: in form rows it is the value even when it
            # looks like a label itself (「常温 冷蔵 冷凍」), where pairing by shape looks below
            for t in p.tables:
                grid = t.rows()
                for r, row in enumerate(grid[:-1]):     # a row of labels over the row of their values
                    labels = [c for c in row if c.text.strip()]
                    # each cell a wording, or one with a few words around it (PL保険加入の有無), most as printed
                    if len(labels) >= 2 and all(self.names_field(c.text, terms=False) for c in labels) and \
                            2 * sum(self.is_label(c.text, fuzzy=None) for c in labels) >= len(labels):
                        below = {c.col: c for c in grid[r + 1]}
                        for c in labels:
                            v = below.get(c.col)
                            if v is not None and v.text.strip() and not self.names_field(v.text, terms=False):
                                self._add(c.text, v.text, p, v.bbox, min(c.confidence, v.confidence))
                for row in grid:
                    filled = self._joined_labels([c for c in row if c.text.strip()], p)
                    for a, b in zip(filled, filled[1:]):
                        if not self._merged_rows(a.text, p):
                            self._add(a.text, b.text, p, b.bbox, min(a.confidence, b.confidence))
            for kv in p.kvs:
                if not self._merged_rows(kv.key, p):
                    self._add(kv.key, kv.value, p, kv.value_bbox, kv.confidence)
            self._colon_lines(p)
            self._label_lines(p)
            self._spaced_lines(p)
            if p.method == "ocr":
                self._glued_lines(p)

    def _joined_labels(self, cells: list, page: Page) -> list:
        """A row's filled cells with a label that a stray rule cut in two joined again (a fax's streak
        through 「施設所在|地」 makes a cell of 地): a cell and the short piece after it that together are one
        of the form's labels, or one glyph off one when the cell alone is no wording of it."""
        if page.method != "ocr":
            return cells
        out: list = []
        for c in cells:
            prev = out[-1] if out else None
            if prev is not None and len(jp.squash(c.text)) <= 2 and "\n" not in prev.text + c.text:
                joined = prev.text.strip() + c.text.strip()
                if self.is_label(joined, fuzzy=None) or (self.is_label(joined, fuzzy=True)
                                                         and not self.is_label(prev.text, fuzzy=None)):
                    out[-1] = Cell(prev.row, prev.col, joined, _union(prev.bbox, c.bbox), prev.rowspan,
                                   prev.colspan + c.colspan, min(prev.confidence, c.confidence))
                    continue
            out.append(c)
        return out

    def _merged_rows(self, key: str, page: Page) -> bool:
        """A scanned table cell holding two or more labels (配送温度帯 / 申込受付期間): the rule between
        its rows was lost (a fax, a faint print), so the cell beside it holds both rows' values — the
        lines are paired row by row instead (`_label_lines`)."""
        parts = [t for t in key.split("\n") if t.strip()]
        return page.method == "ocr" and len(parts) >= 2 and all(self.names_field(t) for t in parts)

    def _glued_lines(self, page: Page) -> None:
        """`営業所の所在地沖縄県…`: OCR often drops the blank between a label and its value.

        The longest start of the line that is one of the form's labels (or one misread glyph
        away from one) is taken as the label; the scores decide whether it names a field.
        """
        for ln in page.lines:
            printed = jp.nfkc(ln.text)
            lead = _LEAD.match(jp.squash(printed))
            t = jp.squash(printed)[lead.end() if lead else 0:]
            if self.is_label(t, fuzzy=True):
                continue      # the whole line is a label (営業施設の名称), maybe misread: nothing is glued to it
            cuts = [(i, fuzzy) for fuzzy in (None, True) for i in range(min(16, len(t) - 1), 1, -1)]
            for i, fuzzy in cuts:     # a wording as printed before one with a glyph misread
                if self.is_label(t[:i], fuzzy=fuzzy):
                    value = _after_chars(printed, len(jp.squash(printed)) - len(t) + i).lstrip(":：")
                    if re.fullmatch(r"\W*[^\W\d]\W*", value):
                        break     # one glyph left over is the label's own end (容量・数), not its value
                    if len(jp.squash(value)) <= 3 and self._value_beside(ln, page):
                        break     # a misread label (法人名メは号) with its value in the column beside it
                    box = ln.bbox
                    if ln.bbox:      # the label's part of the line, by its share of the glyphs
                        x0, y0, x1, y1 = ln.bbox
                        label = SimpleNamespace(bbox=[x0, y0, x0 + (x1 - x0) * i / max(1, len(t)), y1])
                        more, box = self._continued(label, ln, [x for x in page.lines if x.bbox], page)
                        value += more[len(ln.text):]
                    self._add(t[:i], value, page, box, 0.95 * float(ln.confidence))
                    break

    def _value_beside(self, ln, page: Page) -> bool:
        """A value stands right of `ln`, apart from it (over a glyph's width away), in a column of values
        (another line starts where it starts: not a seal's glyphs read as text far right)."""
        if not ln.bbox:
            return False
        beside = _right_of(ln, [x for x in page.lines if x.bbox], float(page.width or 0))
        h = ln.bbox[3] - ln.bbox[1]
        return beside is not None and beside.bbox[0] - ln.bbox[2] > h and not self.names_field(beside.text) \
            and any(x is not beside and x.bbox and abs(x.bbox[0] - beside.bbox[0]) < h for x in page.lines)

    def _spaced_lines(self, page: Page) -> None:
        """`住所（所在地）　沖縄県…`: a line whose words up to a blank are one of the form's labels."""
        for ln in page.lines:
            self._spaced(re.split(r"([ \u3000]+)", jp.nfkc(ln.text).strip()), page, ln)

    def _spaced(self, parts: list[str], page: Page, ln) -> None:
        # a wording of the catalogue, the longest first (「住　　所」 is letter-spaced); else
        # the words up to the first blank when they read as a label (法人名又は屋号)
        cuts = [(i, self.is_label) for i in range(len(parts) - 2, 0, -2)] + [(1, self.names_field)]
        for i, is_label in cuts:
            left, rest = "".join(parts[:i]), parts[i + 1:]
            # a wording further on starts a pair of its own: two pairs per row (事業者名 … 代表者名 …)
            nxt = next((j for j in range(2, len(rest) - 1, 2) for k in (1, 3, 5)
                        if j + k < len(rest) and self.is_label("".join(rest[j:j + k]), fuzzy=None)), None)
            right = "".join(rest[:nxt - 1] if nxt else rest)
            if right.strip() and is_label(left) and not self.is_label(right):
                self._add(left, right, page, ln.bbox, ln.confidence)
                if nxt:
                    self._spaced(rest[nxt:], page, ln)
                break

    def _label_lines(self, page: Page) -> None:
        """A line that is only a label takes the line to its right on the same row, else the one below.

        Scans and text PDFs often print a label and its value as separate lines (a ruled form
        without a table structure, a value filled under its label).
        """
        lines = [ln for ln in page.lines if ln.text.strip() and ln.bbox]
        ranked = self._ranked_columns(page, lines) if page.method == "ocr" else set()
        marks = [cb.bbox for cb in page.checkboxes if cb.bbox]
        for ln in lines:
            if id(ln) in ranked or not self.names_field(ln.text):
                continue
            value = _right_of(ln, lines, float(page.width or 0))
            said = jp.nfkc(ln.text)
            for _ in range(2):    # 「保存方法（」 | 封 | -18℃…: pieces of the label's open note before its value
                if value is None or said.count("(") <= said.count(")") or len(jp.squash(value.text)) > 4:
                    break
                said += jp.nfkc(value.text)
                value = _right_of(value, lines, float(page.width or 0))
            if value is None or self.is_label(value.text) or self.names_field(value.text, terms=False):
                value = _below(ln, lines)     # labels side by side, each over its value
                if value is not None and (self._row_has_label(value, ln, lines) or self.is_label(value.text, fuzzy=True)):
                    value = None              # the next row's value, beside that row's own label, or that label
                                              # (施設所在 for 施設所在地: cut by a fax's streak)
            if value is not None and not self.is_label(value.text) and not _COLON.match(value.text):
                # a spreadsheet's or a Word table's cell holds its whole value; segments are the scans'
                head, box, last = _rest_of_row(value, lines, lambda t: self.names_field(t, terms=False), marks) \
                    if page.method in ("ocr", "text") else (value.text, value.bbox, value)
                text, box = self._continued(ln, last, lines, page, head, box)
                self._add(ln.text, text, page, box, min(ln.confidence, value.confidence))

    def _row_has_label(self, value, label, lines) -> bool:
        """`value` stands in a row that has a label of its own left of it, in `label`'s column."""
        h = max(1.0, value.bbox[3] - value.bbox[1])
        return any(ln is not value and ln is not label and ln.bbox[2] <= value.bbox[0] + 0.2 * h
                   and ln.bbox[0] <= label.bbox[2] and min(ln.bbox[3], value.bbox[3]) - max(ln.bbox[1], value.bbox[1]) > 0.3 * h
                   and self.names_field(ln.text) for ln in lines)

    def _ranked_columns(self, page: Page, lines: list) -> set[int]:
        """A column of labels with a column of values far to its right (a nutrition table): the n-th
        value is the n-th label's. On a tilted photo the far column drifts a row down, so the nearest
        line across is the wrong row; the order down each column is not."""
        labels = sorted((ln for ln in lines if self.names_field(ln.text)), key=lambda ln: ln.bbox[1])
        groups: list[list] = []
        paired: set[int] = set()
        for ln in labels:
            h = ln.bbox[3] - ln.bbox[1]
            g = next((g for g in groups if abs(g[-1].bbox[0] - ln.bbox[0]) <= 2 * h
                      and ln.bbox[1] - g[-1].bbox[3] <= 2.5 * h), None)
            g.append(ln) if g is not None else groups.append([ln])
        for g in (g for g in groups if len(g) >= 3):
            h = max(ln.bbox[3] - ln.bbox[1] for ln in g)
            right = max(ln.bbox[2] for ln in g)
            far = [ln for ln in lines if ln.bbox[0] > right + 3 * h and not self.names_field(ln.text)
                   and g[0].bbox[1] - h <= ln.bbox[1] <= g[-1].bbox[3] + 2 * h
                   and re.search(r"\d", ln.text) and len(jp.squash(ln.text)) >= 2]    # not a stray mark
            ends = sorted(far, key=lambda ln: ln.bbox[2])
            column = [ln for ln in ends if abs(ln.bbox[2] - ends[-1].bbox[2]) <= 4 * h] if ends else []
            pairs = _in_step(g, sorted(column, key=lambda ln: ln.bbox[1]))
            if len(pairs) < max(len(g), len(column)) and any(_between(lb, v, lines) for lb, v in pairs):
                pairs = []     # the far lines are the second halves of values OCR split, not a column
            for label, value in pairs:
                self._add(label.text, value.text, page, value.bbox, min(label.confidence, value.confidence))
                paired.add(id(label))
        return paired

    def _continued(self, label, value, lines, page: Page, text: str | None = None,
                   box: BBox | None = None) -> tuple[str, BBox]:
        """A value with the rows that continue it beside its label (a wrapped 原材料名, a name over its address).

        A row continues the value when the one before it was wrapped (reaches the text's right edge or
        stops inside brackets or after 、) or when it reads as an address; a row that starts with a
        label, or whose label column holds text, ends it. Rows may hold several OCR segments.
        """
        text, box = (value.text if text is None else text), list(box or value.bbox)
        if page.method not in ("ocr", "text"):
            return text, box
        h = max(1.0, value.bbox[3] - value.bbox[1])
        # the right edge of the value's own block (the lines starting under it), not of the page: a
        # nutrition column or a stray mark further right must not make a wrapped line look short
        right = max(ln.bbox[2] for ln in lines if abs(ln.bbox[0] - value.bbox[0]) <= 2 * h
                    and value.bbox[1] - h <= ln.bbox[1] <= value.bbox[3] + 12 * h)
        prev = value
        used = {id(label), id(value)} | {id(ln) for ln in self._label_rest(label, lines)}
        entry = _entry(value.text)
        while True:
            row = [ln for ln in lines if id(ln) not in used and ln.bbox[0] >= label.bbox[2] - 0.2 * h
                   and prev.bbox[3] - 0.6 * h <= ln.bbox[1] <= prev.bbox[3] + 0.8 * h]
            if row:      # the nearest row only (tall, tilted photo lines reach the one after it too)
                top = min(row, key=lambda ln: ln.bbox[1] + ln.bbox[3])
                # segments of one row stand side by side: a line under the top one's text is the next row
                row = [ln for ln in row if min(top.bbox[3], ln.bbox[3]) - max(top.bbox[1], ln.bbox[1])
                       > 0.5 * min(top.bbox[3] - top.bbox[1], ln.bbox[3] - ln.bbox[1])
                       and (ln is top or min(top.bbox[2], ln.bbox[2]) - max(top.bbox[0], ln.bbox[0])
                            <= 0.2 * min(top.bbox[2] - top.bbox[0], ln.bbox[2] - ln.bbox[0]))]
            row.sort(key=lambda ln: ln.bbox[0])
            if row:      # one run of segments: a stray glyph far off the row is not the value's
                run = [row[0]]
                for r in row[1:]:
                    if r.bbox[0] - run[-1].bbox[2] > 3 * h or r.bbox[0] > right:
                        break
                    run.append(r)
                row = run
            if not row or any(self.names_field(r.text) or _COLON.match(r.text) for r in row):
                break
            top, bottom = min(r.bbox[1] for r in row), max(r.bbox[3] for r in row)
            # (a line in the label's column: a speck in the margin far left of it — を, * — is no label)
            if any(id(ln) not in used and min(bottom, ln.bbox[3]) - max(top, ln.bbox[1]) > 0.3 * h and (
                    ln.bbox[0] < label.bbox[2] - 0.2 * h and ln.bbox[2] > label.bbox[0] - h
                    or ln.bbox[2] <= label.bbox[0] and self.names_field(ln.text, terms=False)) for ln in lines):
                break      # the next row has its own label (in the label's column, or one further left: 合計)
            said = jp.squash(text)
            wrapped = prev.bbox[2] >= 0.9 * right or said.endswith(("、", ",", "・")) or said.count("(") > said.count(")")
            # a list of entries (5/1 …, 5/3 …; ・…) goes on while its rows start as its first one does
            if not (wrapped or places.looks_like_address(row[0].text) or entry and _entry(row[0].text) == entry):
                break
            text += "\n" + "".join(r.text for r in row)
            for r in row:
                box = _union(box, r.bbox)
                used.add(id(r))
            prev = max(row, key=lambda r: r.bbox[2])
        return text, box

    def _label_rest(self, label, lines) -> list:
        """The lines a label wrapped onto in its own column (「対応経過（時系列に記入してく」「ださい）」):
        while its bracket is open, the line just under it that is no label of its own."""
        said, prev, out = jp.nfkc(getattr(label, "text", "")), label, []
        while said.count("(") > said.count(")"):
            h = max(1.0, prev.bbox[3] - prev.bbox[1])
            under = [ln for ln in lines if ln is not prev and ln is not label and ln not in out
                     and label.bbox[0] - 2 * h <= ln.bbox[0] < label.bbox[2]
                     and prev.bbox[3] - 0.3 * h <= ln.bbox[1] <= prev.bbox[3] + 0.8 * h and not self.names_field(ln.text)]
            if not under:
                break
            top = min(under, key=lambda ln: ln.bbox[1])       # that row's segments (ださい | ）)
            row = sorted((ln for ln in under if ln.bbox[1] < top.bbox[3]), key=lambda ln: ln.bbox[0])
            out += row
            said += "".join(jp.nfkc(ln.text) for ln in row)
            prev = max(row, key=lambda ln: ln.bbox[3])
        return out

    def _colon_lines(self, page: Page) -> None:
        """`label：value` lines, with the wrapped lines that continue the value."""
        lines = [(part, ln.bbox, ln.confidence, ln) for ln in page.lines for part in ln.text.split("\n") if part.strip()]
        # only rendered pages wrap lines; a Word paragraph or a spreadsheet cell holds its whole value
        right = max((b[2] for _, b, _, _ in lines if b), default=0) if page.method in ("text", "ocr") else 0
        boxed = [ln for ln in page.lines if ln.bbox]
        for i, (text, bbox, conf, ln) in enumerate(lines):
            m = _COLON.match(text)
            if not m:
                continue
            value, box, prev = m.group(2), list(bbox) if bbox else None, bbox
            if page.method == "ocr" and bbox and text == ln.text:
                # OCR cut the row into segments (連絡担当者：山田 | 花子; ○通年 | ●期間限定 R8.5.1~)
                row, box, _ = _rest_of_row(ln, boxed, lambda t: bool(_COLON.match(t)) or self.names_field(t, terms=False))
                value += row[len(ln.text):]
            entry = _entry(value)
            for nxt, nbox, _, _ in lines[i + 1:]:
                wrapped = prev and right and prev[2] >= 0.9 * right
                # a list's next entry (1/3 … under 対応経過：1/3 …) goes on with it
                if _COLON.match(nxt) or not (wrapped or places.looks_like_address(nxt) or entry and _entry(nxt) == entry):
                    break
                value += "\n" + nxt
                box = _union(box, nbox)
                prev = nbox
            self._add(m.group(1), value, page, box, conf)

    def _add(self, key, value, page, bbox, conf) -> None:
        if page.method == "ocr":
            # a note's end whose opening bracket OCR lost or misread (「时猫） 10℃以下で…」 of （開封前）)
            value = _NOTE_END.sub("", jp.ocr_forms(value))
        value = self._unlabelled(_LABEL_REST.sub("", value))
        m = _COLON.match(value)
        if m and len(m.group(1)) <= 10 and not re.search(r"\d|https?$", m.group(1)):
            key, value = key + m.group(1), m.group(2)   # 「提案金額 計：¥4,396」: the label goes on to the colon
        k = norm_key(key)
        for h in self.hits:   # the same pair seen again with its continuation lines
            if h.page is page and h.key == k and jp.squash(value).startswith(jp.squash(h.value)):
                h.value, h.bbox = value, _union(h.bbox, bbox)
                return
        self.hits.append(Hit(k, value, page, bbox, conf, len(self.hits)))

    def is_label(self, value: str, fuzzy: bool | None = False) -> bool:
        """A 'value' that is another label of this kind's form (a pairing slip on a scan, an empty cell).

        `fuzzy`: also a label with one glyph misread (for finding labels, never for refusing values);
        None: only this kind's own wordings (refusing looks at every form's).
        """
        if not hasattr(self, "_labels"):
            self._labels = {core_label(n) for f in catalogue.fields(self.kind).values() for n in f.labels} - {""}
        core = core_label(value)
        if fuzzy is None:       # finding this form's labels: its own wordings only
            return core in self._labels
        if fuzzy:
            return core in self._labels or any(_one_off(core, n) for n in self._labels)
        return core in self._labels or core in _all_labels()

    def label_tail(self, value: str) -> bool:
        """The end of one of this form's wordings (職・氏名 of 代表者職氏名): a label's second half, no value."""
        if not hasattr(self, "_tails"):
            self.is_label("")
            self._tails = {n[i:] for n in self._labels for i in range(1, len(n) - 1)}
        return core_label(value) in self._tails

    def _unlabelled(self, value: str) -> str:
        """A value without a label word of this form at its start (代表者 / 氏名 宮城 光男: a label on two lines)."""
        printed = jp.nfkc(value)
        m = re.match(r"^\s*(\S{2,8}?)[\s:：]+(\S.*)$", printed, flags=re.S)
        # only words that name the slot (氏名, 名称…): 「代表 渡辺 恵」 starts with a title, not a label
        if m and (self.is_label(m.group(1), fuzzy=None) or self.names_field(m.group(1), terms=False)) and re.search(r"(氏名|名称|屋号|商号|住所|所在地)$", m.group(1)):
            return m.group(2)
        return value

    def names_field(self, text: str, terms: bool = True) -> bool:
        """Short text that reads as a label of one of this kind's fields: a wording of the catalogue,
        or one with a few words around it (法人名又は屋号, 営業者の氏名); `terms`: or a key term with a
        few (市外経費) — for finding labels only: a value may hold a term (常温で保存)."""
        core = core_label(text)
        if not core or len(core) > 16 or re.search(r"[:：].", _INNER.sub("", jp.nfkc(text).strip())):
            return False     # 「代表者名：代表」 is a label with its value (not 「消費税（税率：8%）」)
        if not hasattr(self, "_named"):
            self._named: dict[tuple[str, bool], bool] = {}
        if (core, terms) not in self._named:
            self.is_label(text)
            # a wording with a few words around it, not a line that also holds a value
            if not hasattr(self, "_terms"):
                self._terms = {core_label(t) for f in catalogue.fields(self.kind).values() for t in f.terms} - {""}
            # a wording at either end may carry more words (消費税及び地方消費税, 提案金額 特産品等合計金額)
            self._named[(core, terms)] = core in self._labels or any(_one_off(core, n) for n in self._labels) or (
                not re.search(r"\d", jp.nfkc(text)) and (any(
                len(n) >= 2 and n in core and len(core) - len(n) <= max(8 if core.startswith(n) or core.endswith(n)
                                                                        else 6, len(n)) for n in self._labels) or (
                terms and any(len(t) >= 2 and t in core and len(core) - len(t) <= 4 for t in self._terms))))
        return self._named[(core, terms)]

    def label_score(self, label: str, spec: FieldSpec) -> float:
        """How well a hit's label names `spec`, among the fields of its kind (`field_scores`): a label that
        names another field of the kind better, or only by a misread glyph, scores as the kind decides."""
        if not hasattr(self, "_kind_scores"):
            self._kind_scores: dict[tuple[str, str], dict[str, float]] = {}
            self._kind_specs: dict[str, tuple[FieldSpec, ...]] = {}
        if spec.kind not in self._kind_specs:
            self._kind_specs[spec.kind] = tuple(f for f in catalogue.fields(spec.kind).values() if f.labels or f.terms)
        specs = self._kind_specs[spec.kind]
        own = next((f for f in specs if f.key == spec.key), None)
        if own is not spec and own != spec:
            return label_score(label, spec)      # a field outside the catalogue's (a test's, a changed copy)
        if (spec.kind, label) not in self._kind_scores:
            self._kind_scores[(spec.kind, label)] = field_scores(label, specs)
        return self._kind_scores[(spec.kind, label)][spec.key]

    @staticmethod
    def position(page: Page, bbox: BBox | None, order: int) -> tuple:
        return (page.number, bbox[1] if bbox else float(order), order)

    def best(self, spec: FieldSpec, pick: Callable[[str], bool] | None = None,
             hits: list[Hit] | None = None, choices: list[str] | None = None) -> Hit | None:
        """The hit whose label best names `spec` (catalogue wordings and key terms), weighed by its reading.

        `choices`: a value printing two or more of a choice field's options is a candidate whatever
        its label says (配送区分 ○常温 冷蔵 冷凍 is the temperature).
        """
        def score(h: Hit) -> float:
            ls = self.label_score(h.key, spec)
            if choices and sum(jp.squash(c) in jp.squash(h.value) for c in choices) >= 2:
                ls = max(ls, 0.5)
            return ls
        scored = [(score(h) * (0.6 + 0.4 * float(h.confidence)), -h.order, h)
                  for h in (self.hits if hits is None else hits)
                  if h.value.strip() and not self.is_label(h.value) and (pick is None or pick(h.value))]
        scored = [x for x in scored if x[0] > 0]
        if scored:
            return max(scored, key=lambda x: x[:2])[2]
        return self._checkbox_row(choices) if choices else None

    def _checkbox_row(self, choices: list[str]) -> Hit | None:
        """A row of boxes found on a page image whose labels are two or more of `choices`, as a value
        (its label may be lost to OCR: a fax streak through 「配送温度帯」)."""
        best = None
        for page in self.layout.pages:
            for row in rows_of(cb for cb in page.checkboxes if cb.bbox):
                named = set().union(*(_matching(jp.squash(cb.label), choices) for cb in row))
                if len(named) >= 2 and (best is None or len(named) > best[0]):
                    box = [min(cb.bbox[0] for cb in row), min(cb.bbox[1] for cb in row),
                           max(cb.bbox[2] for cb in row), max(cb.bbox[3] for cb in row)]
                    best = (len(named), Hit("", "\u3000".join(cb.label for cb in row), page, box,
                                            min(cb.confidence for cb in row), 10 ** 6))
        return best[1] if best else None

    def section(self, after: list[str] | None = None, before: list[str] | None = None,
                lo: tuple | None = None, hi: tuple | None = None) -> list[Hit]:
        """The hits from the first line naming one of `after` (that line included) up to the first naming
        `before` (or from / up to the positions `lo` / `hi`). A heading that is a label in a row of pairs
        (合計 4,500 | 一般販売価格 5,400) starts its section where it stands in the row: the pairs left of
        it are the section before."""
        lo = lo or (self.heading(after) if after else None)
        hi = hi or (self.heading(before) if before else None)
        lo_box = self._heading_line(after) if after else None
        hi_box = self._heading_line(before) if before else None

        def at(h: Hit) -> tuple:    # a value's middle: a value beside its heading may start a little higher
            return (h.page.number, (h.bbox[1] + h.bbox[3]) / 2) if h.bbox else (h.page.number, float(h.order))

        def left_of(h: Hit, line) -> bool:
            if line is None or not h.bbox or not line[2].bbox or h.page is not line[1]:
                return False
            box = line[2].bbox
            if box[2] <= box[0] or h.bbox[2] <= h.bbox[0]:
                return False        # a Word paragraph's box has no width: nothing stands beside it
            return h.bbox[1] < box[3] and h.bbox[3] > box[1] and h.bbox[2] <= box[0] + 0.5
        return [h for h in self.hits if not (lo and (at(h) < lo[:2] or left_of(h, lo_box)))
                and not (hi and at(h) >= hi[:2] and not left_of(h, hi_box))]

    def _heading_line(self, words: list[str]):
        """(index, page, line) of the first line mentioning one of `words`, None when no line does. A
        heading wrapped in a narrow merged cell (一般 / 販売 / 価格, one word a line, one under the
        other) is its lines read together; the line returned is its first."""
        wanted = [jp.squash(w) for w in words]
        for i, (page, ln) in enumerate(self.lines):
            t = jp.japanese_forms(jp.squash(ln.text))       # 小壳価格: a Chinese form OCR returns is the heading
            if any(w in t for w in wanted):
                return i, page, ln
            if t and ln.bbox and len(t) <= 4 and any(w.startswith(t) for w in wanted):
                below, last = t, ln
                for p2, other in self.lines[i + 1:]:
                    if p2 is page and other.bbox and abs(other.bbox[0] - ln.bbox[0]) < 0.5 * (ln.bbox[3] - ln.bbox[1]) \
                            and 0 <= other.bbox[1] - last.bbox[3] < ln.bbox[3] - ln.bbox[1]:
                        below, last = below + jp.squash(other.text), other
                        if any(w in jp.japanese_forms(below) for w in wanted):
                            return i, page, ln
        return None

    def side_heading(self, words: list[str]) -> bool:
        """Whether the heading naming one of `words` stands at the side of its rows (a merged cell left of
        the labels, its text centred on them: its section's first rows are above it)."""
        line = self._heading_line(words)
        if line is None or not line[2].bbox:
            return False
        _, page, ln = line
        return any(other.bbox and other is not ln and other.bbox[1] < ln.bbox[3] and other.bbox[3] > ln.bbox[1]
                   and other.bbox[0] > ln.bbox[2] for p2, other in self.lines if p2 is page)

    def heading(self, words: list[str]) -> tuple | None:
        """Position of the first line mentioning one of `words` (a section heading)."""
        if line := self._heading_line(words):
            i, page, ln = line
            return self.position(page, ln.bbox, i)
        # a layout of cells only (a spreadsheet read as a table): the first label naming one
        found = [self.position(h.page, h.bbox, h.order) for h in self.hits if any(norm_key(w) in h.key for w in words)]
        return min(found, default=None)

    def find(self, names: list[str], pick: Callable[[str], bool] | None = None,
             after: list[str] | None = None, before: list[str] | None = None) -> Hit | None:
        """Best hit whose key equals, starts with or contains one of `names` (in that preference).

        `after`/`before`: only hits below/above the first line naming one of these section headings.
        """
        lo = self.heading(after) if after else None
        hi = self.heading(before) if before else None
        best: tuple[int, int, Hit] | None = None
        for name in names:
            n, nc = norm_key(name), core_label(name)
            for h in self.hits:
                hc = core_label(h.key) if nc else ""
                score = (3 if h.key == n or (nc and hc == nc) else 2 if h.key.startswith(n) or (nc and hc.startswith(nc))
                         else 1 if n in h.key or (nc and nc in hc) else 0)
                if not score or not h.value.strip() or (pick and not pick(h.value)) or self.is_label(h.value):
                    continue
                pos = self.position(h.page, h.bbox, h.order)
                if (lo and pos[:2] < lo[:2]) or (hi and pos[:2] >= hi[:2]):
                    continue
                cand = (score, -h.order, h)
                if best is None or cand[:2] > best[:2]:
                    best = cand
            if best and best[0] == 3:
                break
        return best[2] if best else (None if lo or hi else self.find_line(names, pick))

    def find_line(self, names: list[str], pick=None) -> Hit | None:
        """A line that starts with the label (OCR pages without table structure)."""
        keys = [norm_key(n) for n in sorted(names, key=len, reverse=True)]   # 「代表者名」 before 「代表者」
        if not hasattr(self, "_bare_lines"):
            self._bare_lines = [_LEAD.sub("", jp.squash(ln.text)) for _, ln in self.lines]
        for i, ((page, ln), t) in enumerate(zip(self.lines, self._bare_lines)):
            for n in keys:
                if t.startswith(n) and len(t) > len(n):
                    value = t[len(n):].lstrip(":：")
                    if value and (not pick or pick(value)):
                        return Hit(n, value, page, ln.bbox, ln.confidence, 10**6 + i)
        return None

    def fv(self, value: Any, hit: Hit | None, confidence: float | None = None) -> FieldValue:
        conf = hit.confidence if hit else 0.5
        if confidence is not None:
            conf = min(conf, confidence)
        if hit is not None and hit.page.method == "ocr":
            conf = min(conf, ocr_cap(value))
        return FieldValue(value=value, confidence=round(float(conf), 3),
                          method=(hit.page.method if hit else self.layout.method) or "text",
                          page=hit.page.number if hit else None, bbox=hit.bbox if hit else None)


_HEADING_BULLET = re.compile(r"^\s*[●■◆](?=[^○◯◎□☐\n]*$)", re.M)


_ZERO_AS_CIRCLE = re.compile(r"(?<![一二三四五六七八九十百千〇\d])〇(?![一二三四五六七八九十百千〇\d])")


def _in_step(labels: list, values: list) -> list[tuple]:
    """A column of labels paired with a column of values far to its right, in order down both, where
    each value stands as far below (or above) its label as the others do: the drift of a tilted photo
    is one shift for the whole column. A line OCR lost in either column leaves its partner unpaired
    rather than shifting every pair after it (たんぱく質 taking 脂質's value when 脂質 was not read)."""
    mid = lambda ln: (ln.bbox[1] + ln.bbox[3]) / 2
    pitch = statistics.median(mid(b) - mid(a) for a, b in zip(labels, labels[1:]))
    best: list[tuple] = []
    score = (0, 0.0)
    # the shift pairing the most rows; on a tie the one they keep closest to, then the least shift
    for drift in sorted({round(mid(v) - mid(lb)) for v in values for lb in labels}, key=abs):
        pairs, start = [], 0
        for lb in labels:
            at = next((i for i in range(start, len(values)) if abs(mid(values[i]) - mid(lb) - drift) <= 0.45 * pitch), None)
            if at is not None:
                pairs.append((lb, values[at]))
                start = at + 1
        off = [mid(v) - mid(lb) for lb, v in pairs]
        spread = -sum(abs(o - statistics.median(off)) for o in off) if off else 0.0
        if (len(pairs), spread) > score:
            best, score = pairs, (len(pairs), spread)
    return best if len(best) >= 3 or len(best) == len(labels) == len(values) else []


def _between(label, value, lines) -> bool:
    """Some other line stands on the value's row between it and its label."""
    h = max(1.0, value.bbox[3] - value.bbox[1])
    return any(ln is not label and ln is not value and label.bbox[2] <= ln.bbox[0] and ln.bbox[2] <= value.bbox[0]
               and min(ln.bbox[3], value.bbox[3]) - max(ln.bbox[1], value.bbox[1]) > 0.5 * h for ln in lines)


def circles_typed(text: str) -> str:
    """The text with 〇 (the kanji zero, often typed for a circle mark: 〇小麦) as ○ where it stands
    beside no numeral (一〇 stays a number)."""
    return _ZERO_AS_CIRCLE.sub("○", jp.nfkc(text))


def circle_style(text: str) -> bool:
    """A document that prints no boxes and no filled marks: its ○/◎ mark what was chosen. A bullet
    that starts a heading line with no choice in it (●【特定原材料 9品目】) is no mark."""
    s = _HEADING_BULLET.sub("", circles_typed(text))
    if re.search(r"[\[(【［]\s*[○◯●◎]\s*[\])】］]", s):
        return False        # (○)冷凍 ( )冷蔵: a circle in brackets is a box ticked, the rest are boxes
    return not re.search(f"[{CHECK_ON}□☐]", s) and bool(re.search("[○◯◎]", s))


def box_glyphs(text: str) -> str:
    """The ways people type or OCR reads a box, as ■/□: 口 (not 口座/口数), ⬛/⬜, [x] (✓) (○) 【レ】, [ ] ( ),
    and レ as a tick before a word that is not katakana (レ小麦, レ常温; レモン is a word)."""
    s = re.sub(r"口(?![座数])", CHECK_OFF[0], circles_typed(text)).replace("⬛", CHECK_ON[0]).replace("⬜", CHECK_OFF[0])
    s = re.sub(r"[\[(【［]\s*[xXｘ×✓✔レ○◯●◎]\s*[\])】］]", CHECK_ON[0], s)      # (○)冷凍 ( )冷蔵
    s = re.sub(r"[\[(【［]\s*[\])】］]", CHECK_OFF[0], s)
    return re.sub(r"(?:^|(?<=[\s、,]))レ(?=[\u3040-\u309f\u4e00-\u9fff]|[ 　]+[\u3040-\u309f\u4e00-\u9fff])", CHECK_ON[0], s)


def options(text: str, circles: bool | None = None) -> list[tuple[str, bool]]:
    """Checkbox options printed in a value: '■製造日 □発送日' -> [('製造日', True), ('発送日', False)].

    `circles`: the document marks its choices with ○/◎ (`circle_style`); None: decide from this text.

    OCR often reads an empty box as 「口」; it counts as one unless it starts 口座/口数.
    """
    s = box_glyphs(text)
    # a mark inside an instruction is not a choice: 「（該当原材料に✓）」「○を付けてください」
    s = re.sub(f"(?<=[にをへ])[{CHECK_ON}{CHECK_OFF}○◯◎](?=[しす記入付、。\\s]|$)|[{CHECK_ON}{CHECK_OFF}○◯◎](?=[)）]|を|で囲|印)", "", s)
    s = re.sub(f"\\n(?![{CHECK_ON}{CHECK_OFF}])", "", s)   # an option label wrapped onto the next line
    # a mark OCR ran onto the option before it (さば○大豆) starts an option of its own
    s = re.sub(f"(?<=[^\\s、,{CHECK_ON}{CHECK_OFF}○◯◎])(?=[{CHECK_ON}{CHECK_OFF}○◯◎])", " ", s)
    # an option numbered ア/イ/ウ, ①, 1. is the words after its number: ☑ウ 工芸品, ◎ウ 工芸品
    number = r"(?:[アイウエオカキクケコ]|[\u2460-\u2473]|\d{1,2}[.)]?|[a-eA-E][.)])"
    enum = number + r"\s+"
    words: list[str] = []
    for w in (w for w in re.split(r"[\s、,]+", s) if w):
        if words and words[-1] in ("○", "◯", "◎"):
            words[-1] += w                           # a mark set apart from its option: ○ 小麦
        elif words and re.fullmatch(r"[○◯◎]?\d{1,3}", words[-1]) and not re.match(r"\d", w):
            words[-1] += w.lstrip("○◯◎")           # a quantity and its unit: ◎80 サイズ
        elif words and re.fullmatch(f"[○◯◎]?{number}", words[-1]):    # the number's mark is the option's
            words[-1] = (words[-1][0] if words[-1][0] in "○◯◎" else "") + w
        else:
            words.append(w)
    words = [w for w in words if w.lstrip("○◯◎")]
    marked = [w for w in words if w[0] in "○◯◎"]
    if circles or (circles is None and not re.search(f"[{CHECK_ON}□☐]", s) and 0 < len(marked) < len(words)):
        # no boxes printed and only some options marked: the marked ones (○/◎) are the chosen ones
        # (on every option, ○ is an empty box)
        return [(w.lstrip("○◯◎"), w[0] in "○◯◎") for w in words]
    out = []
    for m in re.finditer(f"([{CHECK_ON}{CHECK_OFF}])\\s*((?:{enum})?[^{CHECK_ON}{CHECK_OFF}\\s]+)", s):
        out.append((re.sub(f"^{enum}", "", m.group(2)), m.group(1) in CHECK_ON))
    return out


def checked_in(doc: Doc, hit: Hit) -> list[tuple[str, bool]]:
    """Checkbox options of a value: ■/□ glyphs in its text merged with the page's checkboxes inside its box."""
    found = {jp.squash(t): c for t, c in options(hit.value, doc.circles)}
    if found and hit.page.method != "ocr":
        return list(found.items())     # born-digital glyphs are exact; box labels found by layout are not
    if hit.bbox:
        x0, y0, x1, y1 = hit.bbox
        lead = 1.5 * (y1 - y0)        # a box stands just left of its option's text
        for cb in hit.page.checkboxes:
            if not cb.bbox or not cb.label.strip():
                continue
            cx, cy = (cb.bbox[0] + cb.bbox[2]) / 2, (cb.bbox[1] + cb.bbox[3]) / 2
            if x0 - lead <= cx <= x1 + 2 and y0 - 2 <= cy <= y1 + 2:
                label = jp.squash(cb.label)
                found[label] = found.get(label, False) or cb.checked
    return list(found.items())


def _matching(label: str, choices: list[str]) -> set[str]:
    """Options a box label stands for: the label starts with the option, or is a cut-off start of exactly one."""
    full = {c for c in choices if label.startswith(jp.squash(c))}
    if full or len(label) < 2:
        return full
    partial = {c for c in choices if jp.squash(c).startswith(label)}
    return partial if len(partial) == 1 else set()


def marked_option(value: str) -> str | None:
    """「佐川急便・クロネコヤマト・◯ゆうパック・( )」: a printed list of options, one marked, is that option."""
    s = jp.nfkc(value)
    parts = [p.strip() for p in re.split(r"[・/／、]", s) if p.strip()]
    marked = [p for p in parts if p[0] in "○◯◎●■☑"]
    if len(parts) >= 2 and len(marked) == 1:
        return clean(marked[0][1:]) or None
    return None


def _circled(value: str, choices: list[str]) -> str | None:
    """「○常温 冷蔵 冷凍」: with no boxes printed, the one option marked ○/◎ is the one chosen."""
    s = jp.squash(value)
    if any(c in s for c in "□☐" + CHECK_ON):
        return None
    marked = [c for c in choices if re.search(f"[○◯◎]{re.escape(jp.squash(c))}", s)]
    return marked[0] if len(marked) == 1 else None


def choose(doc: Doc, hit: Hit | None, choices: list[str]) -> tuple[str | None, float]:
    """The ticked option of a single-choice group (e.g. 常温/冷蔵/冷凍/その他) and a confidence.

    A ■ next to an option decides. Otherwise, when every other option is seen
    with an empty box (□ or an unticked box found on the scan), the remaining
    one is taken as ticked — scans often lose the filled box but keep the empty ones.
    """
    if hit is None:
        return None, 0.0
    opts = checked_in(doc, hit)
    ticked = [c for c in choices if any(lbl.startswith(jp.squash(c)) and on for lbl, on in opts)]
    if len(ticked) == 1:
        return ticked[0], hit.confidence
    circled = _circled(hit.value, choices) if doc.circles is not False else None   # ○ = empty on ●/○ forms
    if circled:
        return circled, min(hit.confidence, 0.9)
    empty = {c for c in choices if any(lbl.startswith(jp.squash(c)) and not on for lbl, on in opts)}
    if hit.bbox:
        x0, y0, x1, y1 = hit.bbox
        lead = 1.5 * (y1 - y0)
        for cb in hit.page.checkboxes:
            if cb.checked or not cb.bbox:
                continue
            cx, cy = (cb.bbox[0] + cb.bbox[2]) / 2, (cb.bbox[1] + cb.bbox[3]) / 2
            if x0 - lead <= cx <= x1 + 2 and y0 - 2 <= cy <= y1 + 2:
                empty |= _matching(jp.squash(cb.label), choices)
    rest = [c for c in choices if c not in empty]
    if len(rest) == 1 and len(choices) > 1:
        return rest[0], min(hit.confidence, 0.75)
    return None, 0.0


_SPECK_END = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff）)])\s*[a-z}\]|｜!]$")


def _name(s: str) -> str | None:
    """A person's or business's name: not a lone kanji (「名」), not digits, not a sentence.

    An address run on after it (the next row joined to the value) is not part of the name.
    """
    v = places.current_forms(clean(s))
    # a speck at the end of a scanned line read as l, i, } or |: no name ends in a lone small letter
    v = _SPECK_END.sub("", v)
    starts = [i for p in places.prefectures() if (i := v.find(p)) > 0]
    if starts:
        v = v[:min(starts)].strip()
    core = jp.squash(v)
    if len(core) < 2 or not re.search(r"[\u3040-\u30ff\u3400-\u9fffA-Za-z]", core) or len(core) > 60:
        return None
    if re.fullmatch(r"[\d\-‐ー()（）]+", core) or core.endswith(("。", "ます")) or len(re.findall(r"\d", core)) > 3:
        return None     # a phone number or a sentence is no name
    if re.fullmatch(r"[(（]?\S{0,10}(?:氏名|名称|屋号)[)）]?", core) or re.match(r"[(（]?法人にあって", core) \
            or re.fullmatch(r"[(（][^)）]{1,3}", core):     # 「(法」: a label's note cut off where it starts
        return None     # a label's note or its end left over (法人にあっては… / …及び代表者の氏名) is no name
    return v


def _address(s: str) -> str | None:
    v = places.current_forms(clean(s))
    core = jp.squash(v)
    # a place name, or a lot number as addresses write it (3丁目, 635番地, 1-2-3); not any digit (365日以内)
    if len(core) < 4 or not (places.looks_like_address(core) or re.search(
            r"\d+\s*(?:丁目|番地|番|号)|\d+[-－ー‐]\d+|[\u4e00-\u9fff][市町村区郡]", jp.nfkc(core))):
        return None
    return v


def parse_days(s: str) -> int | None:
    """「到着後30日以上」「製造日より180日」「発送日から7日」「30」 -> the number of days."""
    t = jp.nfkc(s)
    m = re.search(r"(\d+)\s*(日|ヶ?か?カ?月|年)", t)
    if m:
        n = int(m.group(1))
        return n * 30 if "月" in m.group(2) else n * 365 if m.group(2) == "年" else n
    n = jp.parse_number(t)
    return int(n) if n is not None and float(n).is_integer() and re.fullmatch(r"\s*\d+\s*", t) else None


def _digits(s: str) -> str | None:
    d = re.sub(r"\D", "", jp.nfkc(s))
    return d or None


def _int(s: str) -> int | None:
    n = jp.parse_number(s)
    return int(n) if n is not None else None


PARSERS: dict[str, Callable[[str], Any]] = {
    "text": lambda s: marked_option(s) or clean(s) or None,
    "code": lambda s: v if re.search(r"\d", v := clean(s)) else None,
    "name": _name,
    "address": _address,
    "kana": lambda s: clean(s) if re.search(r"[\u30a0-\u30ffｦ-ﾟ]", jp.nfkc(s)) else None,
    "date": jp.iso_date,
    "datetime": jp.iso_datetime,
    "date_range": lambda s: _period_end(s),
    "month": jp.parse_month,
    "yen": jp.parse_yen,
    "int": _int,
    "count": _int,
    "days": parse_days,
    "number": jp.parse_number,
    "pct": jp.parse_percent,
    "percent": jp.parse_percent,
    "phone": jp.parse_phone,
    # addresses are case-blind in practice, and OCR capitalises a line's first letter (Shop@…)
    "email": lambda s: (m.group(0).lower() if (m := re.search(r"[\w.+-]+@[\w-]+(\.[\w-]+)+",
                                                                re.sub(r"(?<=[.@])\s+", "", jp.nfkc(s)))) else None),
    "bank_code": _digits,
}


# the hour an insurance period turns at (午後4時) stands between its date and から
_HOUR = r"(?:(?:午[前後]|正午)\s*(?:\d{1,2}\s*時(?:\s*\d{1,2}\s*分)?)?\s*)?"
_FROM = re.compile(rf"^\s*{_HOUR}(から|より|~|〜|～|－|-|―|ー)")


_LENGTH = re.compile(rf"^\s*{_HOUR}(?:から|より)\s*(\d{{1,2}})\s*(年|か年|ヵ年|カ年|ケ年|ヶ年|箇年|か月|ヶ月|カ月|ヵ月|箇月)間?")


def _later(start, n: int, unit: str):
    """The day n years or months after `start` (a period of 1年間 from 4月1日 ends on 4月1日), as start is typed."""
    day = dt.date.fromisoformat(str(start)) if isinstance(start, str) else start
    months = n * 12 if "年" in unit else n
    y, m = divmod(day.month - 1 + months, 12)
    y, m = day.year + y, m + 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    end = dt.date(y, m, min(day.day, last))
    return end.isoformat() if isinstance(start, str) else end


def _period_end(text: str) -> str | None:
    """A period's end as printed in one value: its last date; a lone start gives none (「…から」 ends on
    the next line, if anywhere) unless its length is printed (「…から1年間」)."""
    parts = jp.dated_parts(text)
    if not parts:
        return None
    if len(parts) == 1 and _FROM.match(parts[0][1]):
        length = _LENGTH.match(jp.nfkc(parts[0][1]))
        return _later(parts[0][0], int(length.group(1)), length.group(2)).isoformat() if length else None
    return parts[-1][0].isoformat()


def date_range(doc: Doc, hit: Hit) -> tuple[Any, Any]:
    """(start, end) of a period 「令和6年4月1日から令和12年3月31日まで」, on one line or two.

    A date followed by から/より/～ starts the period; a lone start takes its end from the
    next lines (a period printed on two lines), and a lone date with no mark is the end (有効期限).
    """
    parts = jp.dated_parts(hit.value)
    if len(parts) >= 2:
        return parts[0][0], parts[-1][0]
    if not parts:
        return None, None
    start, tail = parts[0]
    if not _FROM.match(tail):
        return None, start
    if length := _LENGTH.match(jp.nfkc(tail)):      # 「2026年4月1日午後4時から1年間」: insurance periods
        return start, _later(start, int(length.group(1)), length.group(2))
    if re.search(r"\d", tail):
        return start, None     # its end is printed beside it but unreadable (2028年1】月30日まで): not the next date
    for nxt in _lines_after(doc, hit, 3):
        more = jp.all_dates(nxt)
        if more:      # the period's second line ends it; the day of issue printed below does not
            return (start, more[0]) if more[0] > start else (start, None)
    return start, None


def _lines_after(doc: Doc, hit: Hit, n: int) -> list[str]:
    """The text of up to n lines printed below a hit's value on its page."""
    if not hit.bbox:
        return []
    below = [ln for p, ln in doc.lines if p is hit.page and ln.bbox and ln.bbox[1] >= hit.bbox[3] - 2
             and ln.bbox[0] < hit.bbox[2] and ln.bbox[2] > hit.bbox[0] - 200]
    return [ln.text for ln in sorted(below, key=lambda ln: ln.bbox[1])[:n]]


def dated_line(doc: Doc, first_lines: int) -> FieldValue | None:
    """A short line near the top that is just a date (a form's 令和8年5月1日 line), as ISO."""
    lines = doc.lines[:first_lines]
    for i, (page, ln) in enumerate(lines):
        text, box = ln.text, ln.bbox
        if i + 1 < len(lines) and not jp.parse_date(text) and ln.bbox and lines[i + 1][1].bbox:
            nxt = lines[i + 1][1]      # OCR cut the date in two on its row (令和 8年 | 1月11日)
            if lines[i + 1][0] is page and abs(nxt.bbox[1] - ln.bbox[1]) < 0.5 * (ln.bbox[3] - ln.bbox[1]):
                text, box = text + nxt.text, _union(ln.bbox, nxt.bbox)
        d = jp.parse_date(text)
        if d and len(jp.squash(text)) <= 16:
            return doc.fv(d.isoformat(), Hit("", text, page, box, ln.confidence, i))
    return None


def _choice_parser(spec: FieldSpec) -> Callable[[str], Any] | None:
    """A value naming (or marking) exactly one of a choice field's printed options -> its stored value."""
    if not spec.choices:
        return None

    def parse(s: str) -> Any:
        t = jp.squash(marked_option(s) or _circled(s, list(spec.choices)) or s)
        named = {v for k, v in spec.choices.items() if jp.squash(k) in t}
        return named.pop() if len(named) == 1 else None
    return parse


def ocr_cap(value: Any) -> float:
    """The most a value read by OCR can be trusted, by its length: a recogniser's confidence is per
    line, and the longer the value the likelier one glyph in it is wrong (on the built-with family,
    values over 30 characters read from images were right ~60 % of the time at confidence ≥ 0.9)."""
    text = value if isinstance(value, str) else " ".join(map(str, value)) if isinstance(value, list) else str(value)
    n = len(jp.squash(text))      # blanks aside: a list's items one after another
    cap = 1.0 if n <= 12 else 0.93 if n <= 30 else 0.85
    return min(cap, 0.85) if _misread_signs(text) else cap


# katakana that a recogniser returns for a kanji of the same shape (ハ重山 for 八重山, エ場 for 工場) and kanji
# it returns for katakana (セ一ル for セール): between two glyphs of the other script they are a misreading
_KANA_FOR_KANJI = re.compile(r"[\u4e00-\u9fff][ハロエカニタトヘ][\u4e00-\u9fff]|^[ハロエカニタトヘ][\u4e00-\u9fff]{2}")
_KANJI_FOR_KANA = re.compile(r"[\u30a1-\u30fa][八口工力二夕卜一][\u30a1-\u30fc]")


def _misread_signs(text: str) -> bool:
    """Signs in an OCR value that a glyph was misread: a kanji outside the Japanese character set (荣, 规:
    the Chinese forms a recogniser trained on both returns), or a kana/kanji look-alike amid the other script."""
    if _KANA_FOR_KANJI.search(text) or _KANJI_FOR_KANA.search(text):
        return True
    for c in text:
        if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff":
            try:
                c.encode("cp932")
            except UnicodeEncodeError:
                return True
    return False


# glyphs no Japanese form value holds: an OCR misreading (Greek, Cyrillic, ©, ¦)
_ALIEN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff©®¦¿¬]")
_BROKEN_FORM = re.compile(r"(?<!株)式会社|(?<!有)限会社|(?<!合)同会社|(?<!合)資会社")


def fit(kind: str, value: Any) -> float:
    """How well a parsed value looks like one of its type (1, or lower for the signs of a misreading):
    part of a value's confidence beside its label match and its reading."""
    v = jp.nfkc(value if isinstance(value, str) else " ".join(map(str, value)) if isinstance(value, list) else "")
    f = 1.0
    if _ALIEN.search(v):
        f = 0.7
    if kind in ("name", "text") and _BROKEN_FORM.search(v):
        f = 0.7         # 「式会社石見堂」: the legal form lost a glyph, so may the name
    if kind == "name" and re.search(r"\d", v):
        f = min(f, 0.75)
    if kind in ("address", "text", "name") and not places.split_address(v)[0] and re.match(r"^.{1,3}[都道府県]", v):
        f = 0.7         # 「根県浜田市」「油縄県…保健所長」: a prefecture misread
    if kind == "name" and places.looks_like_address(v):
        f = min(f, 0.7)     # an address where a name belongs: the row below or beside was taken
    return f


def assign(doc: Doc, specs: list[FieldSpec], hits: list[Hit] | None = None,
           taken: dict[str, Hit] | None = None) -> dict[str, FieldValue]:
    """Values for `specs` from `hits` (all of the document's by default), assigned globally.

    Each (field, candidate) pair is scored label match × reading confidence; the best pairs are
    taken first so each field gets one value and each printed value serves one field.
    `taken`, when given, receives the hit each value came from.
    """
    scored: list[tuple[float, int, str, Hit, Any]] = []
    for spec in specs:
        parse = _choice_parser(spec) if spec.type == "choice" else PARSERS.get(spec.type)
        if parse is None:
            continue
        for h in doc.hits if hits is None else hits:
            ls = doc.label_score(h.key, spec)
            if ls <= 0 or not h.value.strip() or doc.is_label(h.value) or doc.names_field(h.value, terms=False) \
                    or doc.label_tail(h.value):
                continue      # a value that reads as a label is a heading paired with the next label
            value = parse(h.value)
            if value in (None, "") or spec.range and isinstance(value, (int, float)) and not (
                    spec.range[0] <= value <= spec.range[1]):
                continue
            scored.append((ls * (0.6 + 0.4 * float(h.confidence)) * fit(spec.type, value), -h.order, spec.key, h, value))
    out: dict[str, FieldValue] = {}
    used: set[int] = set()
    printed: list[Hit] = []       # the values taken, as printed: one value seen twice (a cell and its line) is one
    for score, _, key, hit, value in sorted(scored, key=lambda x: (x[0], x[1]), reverse=True):
        if key in out or id(hit) in used or any(_same_print(hit, p) for p in printed):
            continue
        out[key] = doc.fv(value, hit, confidence=min(1.0, score + 0.05))
        used.add(id(hit))
        printed.append(hit)
        if taken is not None:
            taken[key] = hit
    return out


def _same_print(a: Hit, b: Hit) -> bool:
    """Two hits of one printed value: on one page, the same text, in overlapping boxes (a table cell and the
    OCR line over it, a `label：value` line and its key-value pair)."""
    if a.page is not b.page or not a.bbox or not b.bbox or jp.squash(a.value) != jp.squash(b.value):
        return False
    # mostly one over the other: two cells of one column touch, and a line's pixel may stray over the rule
    w = min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])
    h = min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1])
    small = min((x.bbox[2] - x.bbox[0]) * (x.bbox[3] - x.bbox[1]) for x in (a, b))
    return w > 0 and h > 0 and w * h >= 0.5 * small


def simple_fields(doc: Doc, kind: str) -> dict[str, FieldValue]:
    """Every catalogued field of this kind the reader reads by label (`read: true`), assigned globally.

    The kind's module reads what geometry cannot (checkbox groups, tables, sections).
    """
    specs = [f for f in catalogue.fields(kind).values() if f.read]
    out = assign(doc, specs)
    for spec in specs:     # an e-mail address is one whatever its label says (x-ル for メール on a fax)
        if spec.key not in out and spec.type == "email":
            found = {PARSERS["email"](ln.text): (p, ln) for p, ln in doc.lines if "@" in ln.text}
            found.pop(None, None)
            if len(found) == 1:
                (page, ln), = found.values()
                out[spec.key] = doc.fv(next(iter(found)), Hit("", ln.text, page, ln.bbox, ln.confidence, 0), 0.75)
    for spec in specs:     # OCR pages without structure: a line starting with the label
        if spec.key not in out and spec.labels:
            parse = _choice_parser(spec) if spec.type == "choice" else PARSERS.get(spec.type)
            if parse is None:
                continue
            hit = doc.find_line(list(spec.labels), pick=lambda v, p=parse: p(v) not in (None, ""))
            if hit is not None:
                out[spec.key] = doc.fv(parse(hit.value), hit, confidence=0.85)
    return out
