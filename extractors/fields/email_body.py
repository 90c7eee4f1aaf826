"""An application sent as an e-mail: the numbered body items of Shika 4 (メールの場合).

Shika asks for 「①本社・支社・事業所・工場等の所在地②事業者名③部署名④担当者名⑤電話番号
⑥メールアドレス⑦商品・サービスの概要等」 in the body. Suppliers number them ①…⑦, 1. 2. …,
(1) (2) …, with or without the item's label (「③部署名：営業部」 or just 「③営業部」), on one line
or several. Each item is read into the applicant's field; its label, when printed, decides the
field, else its number does (the order is the municipality's).
"""
from __future__ import annotations

import re

from intake.domain import catalogue, jp
from intake.records import FieldValue

from .base import PARSERS, clean

# (number, field key, label words beyond the catalogue's) — the order of Shika 4
ITEMS: list[tuple[int, str, tuple[str, ...]]] = [
    (1, "applicant.address", ("所在地", "住所")),
    (2, "applicant.name", ("事業者名", "事業者", "会社名", "法人名", "団体名", "屋号", "商号")),
    (3, "applicant.department", ("部署名", "部署", "所属", "部課名")),
    (4, "applicant.contact_person", ("担当者名", "担当者", "ご担当者")),
    (5, "applicant.phone", ("電話番号", "電話", "TEL", "Tel", "tel")),
    (6, "applicant.email", ("メールアドレス", "E-mail", "e-mail", "Eメール", "メール", "mail", "Mail")),
    (7, "application.summary", ("概要", "商品・サービス", "返礼品の内容", "提案内容")),
]
KEY_OF = {n: k for n, k, _ in ITEMS}

_CIRCLED = re.compile(r"[\u2460-\u2468]")   # ①…⑨
_NUMBERED = re.compile(r"(?m)^[ \t\u3000]*(?:[(（][ \t]*([1-9１-９])[ \t]*[)）]|([1-9１-９])[ \t]*(?:[.．)）、:：]|(?=[ \t\u3000])))")
_END = re.compile(r"^\s*(?:以上|--+|―+|ー{3,}|=+|_+|\*+|よろしく|宜しく|何卒|どうぞ|敬具|草々)")
_LABEL_COLON = re.compile(r"^\s*[【\[［<＜]?([^：:\n】\]］>＞]{1,30}?)[】\]］>＞]?\s*[：:]\s*", re.S)
_LABEL_BRACKET = re.compile(r"^\s*[【\[［<＜]([^】\]］>＞\n]{1,30})[】\]］>＞]\s*")


def _markers(body: str) -> list[tuple[int, int, int]]:
    """(number, start, end of the marker) of items 1, 2, 3… in order; circled digits first."""
    for pattern in ("circled", "numbered"):
        if pattern == "circled":
            found = [(ord(m.group()) - 0x2460 + 1, m.start(), m.end()) for m in _CIRCLED.finditer(body)]
        else:
            found = [(int(jp.nfkc(m.group(1) or m.group(2))), m.start(), m.end()) for m in _NUMBERED.finditer(body)]
        seq, want = [], 1
        for n, s, e in found:
            if n == want:
                seq.append((n, s, e))
                want += 1
        if len(seq) >= 4:
            return seq
    return []


def _labels(key: str, extra: tuple[str, ...]) -> list[str]:
    spec = catalogue.fields("application").get(key)
    words = set(extra) | set(spec.labels if spec else ())
    return sorted(words, key=len, reverse=True)


def _which(label: str) -> str | None:
    """The item a printed label names (「本社・支社・事業所・工場等の所在地」 → applicant.address)."""
    text = jp.squash(label)
    best: tuple[int, str] | None = None
    for _, key, extra in ITEMS:
        for w in _labels(key, extra):
            if jp.squash(w) and jp.squash(w) in text and (best is None or len(w) > best[0]):
                best = (len(w), key)
    return best[1] if best else None


def _split_label(text: str) -> tuple[str | None, str]:
    """「部署名：営業部」 / 「【部署名】営業部」 / 「部署名 営業部」 → (label, value); (None, text) without one."""
    for rx in (_LABEL_COLON, _LABEL_BRACKET):
        m = rx.match(text)
        if m and _which(m.group(1)):
            return m.group(1), text[m.end():]
    m = re.match(r"^[ \t\u3000]*(\S{1,30})[ \t\u3000]+(?=\S)", text)   # 「商品・サービスの概要等 塩ようかん」
    if m:
        token = re.sub(r"等$", "", m.group(1))
        if any(token.endswith(w) for _, key, extra in ITEMS for w in _labels(key, extra)):
            return m.group(1), text[m.end():]
    return None, text


def _item_text(body: str, start: int, stop: int, last: bool) -> str:
    chunk = body[start:stop]
    lines = chunk.split("\n")
    if last:   # the last item runs to a blank line, 「以上」 or the signature
        kept: list[str] = []
        for i, ln in enumerate(lines):
            if i and (_END.match(ln) or (not ln.strip() and kept and any(x.strip() for x in kept))):
                break
            kept.append(ln)
        lines = kept
    return "\n".join(ln.strip(" \t\u3000") for ln in lines).strip()


def read_body(body: str | None) -> dict[str, FieldValue]:
    """The applicant's fields from the numbered items of an e-mail body; {} when it has none."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(ln for ln in text.split("\n") if not ln.lstrip().startswith(">"))   # quoted replies
    marks = _markers(text)
    out: dict[str, FieldValue] = {}
    for i, (n, _, end) in enumerate(marks):
        stop = marks[i + 1][1] if i + 1 < len(marks) else len(text)
        raw = _item_text(text, end, stop, last=i + 1 == len(marks))
        label, value = _split_label(raw)
        key = (_which(label) if label else None) or KEY_OF.get(n)
        if key is None or key in out or not value.strip():
            continue
        spec = catalogue.fields("application").get(key)
        kind = spec.type if spec else "text"
        if key == "application.summary":
            parsed = "\n".join(ln for ln in (l.strip() for l in value.split("\n")) if ln) or None
        else:
            parsed = PARSERS.get(kind, PARSERS["text"])(value)
            if parsed in (None, "") and kind in ("name", "address"):
                parsed = clean(value) or None   # a short department-like name: keep it, as printed
        if parsed in (None, ""):
            continue
        out[key] = FieldValue(parsed, 0.95 if label else 0.85, "email")
    return out
