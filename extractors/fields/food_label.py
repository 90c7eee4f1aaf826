"""食品表示ラベル (一括表示): SPEC §3 label.* fields."""
from __future__ import annotations

import re

from intake.records import FieldValue

from intake.domain import catalogue, jp, places
from ..layout import Layout
from intake.domain import allergens as engine

from .base import Doc, clean, core_label, simple_fields

ROLES = list(catalogue.fields("food_label")["label.operator_name"].labels)   # the role is the label printed
ROLE_CANON = {"製造所": "製造者", "製造元": "製造者", "販売元": "販売者"}


def split_operator(text: str) -> tuple[str, str | None]:
    """'株式会社A 沖縄県石垣市…' -> name and address (the address starts at a prefecture or a 市/郡 name)."""
    s = jp.nfkc(text)
    lines = [x.strip() for x in s.split("\n") if x.strip()]
    flat = clean(s)
    starts = [flat.find(p) for p in places.prefectures() if p in flat]
    if not starts and len(lines) >= 2 and places.looks_like_address("".join(lines[1:])) \
            and not places.looks_like_address(lines[0]):
        return clean(lines[0]), clean("".join(lines[1:]))
    if not starts:
        m = re.search(r"[\s\u3000]([^\s\u3000]{1,6}[市郡][^\s\u3000]*)$", flat)
        starts = [m.start(1)] if m else []
    if starts and min(starts) > 0:
        i = min(starts)
        return flat[:i].strip(), flat[i:].strip()
    # 「八重山堂株式会社里3丁目25番5号」: a legal form closing the name, a lot number after it
    m = re.search(r"^(.+?(?:株式会社|有限会社|合同会社|合資会社|合名会社))(?=\S*\d+\s*(?:丁|番|号|-))(.+)$", flat)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    if re.search(r"\d", flat) and re.search(r"[\s\u3000]", flat):   # no place marker: ask GiNZA
        from .. import nlp
        return nlp.split_name_address(flat)
    return flat, None


def _without_address_echo(name: str, addr: str | None) -> tuple[str, bool]:
    """「株式会社石見工房下来原8-17-17」 over 「島根県浜田市金城町下来原8-17-17」: OCR read the name's line across
    into the address under it (a tilted photo); the name's tail that the address repeats (with a number) is
    the address's, not the name's. Whether it was cut goes back too (the name is less sure then)."""
    if not name or not addr:
        return name, False
    s, a = name.rstrip("。.、 "), jp.squash(addr)
    for i in range(1, len(s) - 1):
        tail = jp.squash(s[i:])
        if len(tail) >= 4 and re.search(r"\d", tail) and tail in a:
            # what is left of the address after a blank (「高沂町7.」 of 高浜町7-27-4) goes too
            return re.sub(r"[ \u3000]+\S*\d\S*$", "", s[:i].strip()), True
    return name, False


DATE_LABELS = ["賞味期限", "消費期限", "品質保持期限"]
# 「枠外下部に記載」「別途記載」「容器に記載」「ふた/底面/側面に記載」「裏面上部に表示」「缶底に印字」
_ELSEWHERE = re.compile(
    r"(?:枠外|欄外|別途|別記|別に|外装|容器|包装|パッケージ|袋|箱|缶|瓶|びん|ビン|ふた|蓋|フタ|キャップ|底|裏|表|"
    r"側面|上部|下部|右|左|上面|下面|天面|背面|正面|首|肩|シール|ラベル|打刻|本体|各|個包装|商品|下記|上記|"
    r"印字|記載|表示)"
    r"[^\d]{0,16}?(?:に|部に|面に|欄に|を)?(?:記載|表示|印字|刻印|打刻|参照)(?:して(?:あります|います)|しています|あり|有り|済み?)?"
    r"(?:の(?:とおり|通り))?$")


def date_elsewhere(value: str | None) -> str | None:
    """「枠外下部に記載」, 「別途記載」, 「容器に記載」: the reference as printed, None for a date or other text."""
    s = clean(value).strip(" :：。")
    if not s or jp.parse_date(s) is not None or re.search(r"\d{1,4}\s*[年./\-]\s*\d", s):
        return None
    return s if len(s) <= 30 and _ELSEWHERE.search(s) else None


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "food_label")
    out = simple_fields(doc, "food_label")
    ref = doc.find(DATE_LABELS, pick=lambda v: date_elsewhere(v) is not None)
    if ref is not None and date_elsewhere(ref.value) and not any(k in out for k in ("label.best_before", "label.use_by")):
        # the 期限 is printed elsewhere on the package: the item is present, its date is not read here
        out["label.date_printed_elsewhere"] = doc.fv(date_elsewhere(ref.value), ref)
    main = doc.find(["原材料名", "原材料"])
    adds = doc.find(["添加物"])
    if adds and main and adds.key != "添加物":
        adds = None
    if main:
        # wrapped lines are joined before splitting (「乳\n化剤」 is one word, not two)
        main_text = engine.join_wrapped(main.value)
        adds_text = engine.join_wrapped(adds.value) if adds else None
        parsed = engine.parse_ingredients(main_text, adds_text)
        conf = main.confidence if not adds else min(main.confidence, adds.confidence)
        out["label.ingredients_text"] = doc.fv(main_text, main)   # as printed: nested allergens, origins
        if adds:
            out["label.additives_text"] = doc.fv(adds_text, adds)
        out["label.ingredients"] = doc.fv([i.name for i in parsed.ingredients], main, conf)
        out["label.additives"] = doc.fv([i.name for i in parsed.additives], adds or main, conf)
        out["label.allergens_declared"] = doc.fv(engine.declared_allergens(parsed),
                                                 adds if parsed.collective and adds else main, conf)
    for role in ROLES:
        hit = doc.find([role])
        if hit and core_label(hit.key).startswith(core_label(role)):     # 販壳者: a form OCR misreads, put right
            name, addr = split_operator(hit.value)
            name, cut = _without_address_echo(name, addr)
            out["label.operator_role"] = doc.fv(ROLE_CANON.get(role, role), hit)
            out["label.operator_name"] = doc.fv(name, hit, confidence=0.7 if cut else None)
            if addr:
                out["label.operator_address"] = doc.fv(addr, hit)
            break
    if "label.net_contents" in out:
        out["label.net_contents"].value = jp.times_sign(out["label.net_contents"].value)
    return out
