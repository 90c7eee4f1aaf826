"""Food-label rules: mandatory 一括表示 items, 原料原産地, 消費期限/賞味期限 sanity."""
from __future__ import annotations

import datetime as dt

from intake.records import Document, Finding, Record
from validators import findings as F
from validators.labels import field_label
from validators.inputs import Need
from validators.registry import rule
from validators.rules.allergens import label_parse
from intake.domain.allergens import stated_origin
from validators.values import is_empty, nfkc, to_bool, to_date, to_number

PROCESSED_ITEMS = ["label.name", "label.ingredients", "label.net_contents", "label.best_before",
                   "label.storage", "label.operator_name", "label.operator_address"]
FRESH_ITEMS = ["label.name", "label.origin"]
NUTRITION = ["label.nutrition.energy_kcal", "label.nutrition.protein_g", "label.nutrition.fat_g",
             "label.nutrition.carbohydrate_g", "label.nutrition.salt_g"]
_NUTRITION_JA = {"label.nutrition.energy_kcal": "熱量", "label.nutrition.protein_g": "たんぱく質",
                 "label.nutrition.fat_g": "脂質", "label.nutrition.carbohydrate_g": "炭水化物",
                 "label.nutrition.salt_g": "食塩相当量"}


def _present(doc: Document, key: str) -> bool:
    if key == "label.ingredients":
        return not is_empty(doc.value("label.ingredients")) or not is_empty(doc.value("label.ingredients_text"))
    if key == "label.best_before":   # either date marking, or 「枠外下部に記載」 (printed elsewhere), satisfies the item
        return any(not is_empty(doc.value(k)) for k in
                   ("label.best_before", "label.use_by", "label.date_printed_elsewhere"))
    return not is_empty(doc.value(key))


def is_fresh_label(doc: Document) -> bool:
    """A label of a fresh food: 原産地 but no ingredient list."""
    return not _present(doc, "label.ingredients") and not is_empty(doc.value("label.origin"))


@rule("label.items", title=("食品表示の義務表示事項", "mandatory label items"))
def items(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("label.items")
    out = []
    for doc in record.of_kind("food_label"):
        fresh = is_fresh_label(doc)
        for key in FRESH_ITEMS if fresh else PROCESSED_ITEMS:
            if not _present(doc, key):
                ja, en = field_label(key)
                if key == "label.best_before":
                    ja, en = "消費期限又は賞味期限", "use-by or best-before date"
                out.append(F.make("LABEL_ITEM_MISSING", rule=params.get("cite"), document=doc.source,
                                  field=key, evidence=ja, item_ja=ja, item_en=en))
        if fresh or to_bool(doc.value("label.nutrition_exempt")):
            continue
        missing = [k for k in NUTRITION if to_number(doc.value(k)) is None]
        if missing:
            names = "、".join(_NUTRITION_JA[k] for k in missing)
            out.append(F.make("LABEL_ITEM_MISSING", rule=params.get("nutrition_cite", params.get("cite")),
                              severity=params.get("nutrition_severity"), document=doc.source,
                              field="label.nutrition", evidence=names,
                              item_ja=f"栄養成分表示（{names}）※小規模事業者等は省略可",
                              item_en=f"nutrition facts ({len(missing)} of 5 values missing; small businesses may omit)"))
    return out


def _processed_domestic(record: Record, profile, doc: Document) -> bool:
    """A processed food's label made in Japan (imports state 原産国名 instead)."""
    return not is_fresh_label(doc) and nfkc(doc.value("label.operator_role")) != "輸入者"


@rule("label.origin", title=("原料原産地の表示", "origin of the main ingredient"),
      needs=[Need("label.ingredients_text", alt=(("label.origin",),), kinds=("food_label",),
                  when=_processed_domestic, covered_by=("label.ingredients",))])
def origin(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("label.origin")
    out = []
    for doc in record.of_kind("food_label"):
        if is_fresh_label(doc) or nfkc(doc.value("label.operator_role")) == "輸入者":
            continue  # fresh foods state 原産地; imports state 原産国名
        if is_empty(doc.value("label.ingredients_text")):
            continue  # the item list has its brackets stripped: (国内製造) cannot be seen, so no verdict
        parsed = label_parse(doc)
        if not parsed.ingredients:
            continue
        top = parsed.ingredients[0]
        if stated_origin(top) or not is_empty(doc.value("label.origin")):
            continue  # 「小麦粉(国産)」, nested 「小麦粉(小麦(アメリカ産))」 or a 原料原産地名 line
        out.append(F.make("LABEL_ORIGIN_MISSING", rule=params.get("cite"), document=doc.source,
                          field="label.origin", evidence=f"第1位: {top.name}", ingredient=top.name))
    return out


@rule("label.dates", title=("期限表示の整合", "date marking consistency"))
def dates(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("label.dates")
    max_use_by = int(params.get("use_by_max_days", 5))
    out = []

    def add(doc, field, ev, ja, en):
        out.append(F.make("LABEL_DATE_INCONSISTENT", rule=params.get("cite"), document=doc.source,
                          field=field, evidence=ev, detail_ja=ja, detail_en=en))

    for doc in record.of_kind("food_label"):
        bb, ub = to_date(doc.value("label.best_before")), to_date(doc.value("label.use_by"))
        if bb and ub:
            add(doc, "label.use_by", f"賞味期限 {bb} / 消費期限 {ub}",
                "賞味期限と消費期限の両方が表示されています（いずれか一方）。",
                "both a best-before and a use-by date are printed (only one applies).")
    for doc in record.of_kind("application"):
        use_by = to_number(doc.value("product.use_by_days"))
        best = to_number(doc.value("product.best_before_days"))
        if use_by is not None and use_by > max_use_by and best is None:
            add(doc, "product.use_by_days", f"消費期限 {use_by:g}日",
                f"消費期限が{use_by:g}日です。品質が急速に劣化しない食品は賞味期限で表示します。",
                f"a use-by period of {use_by:g} days; foods that keep longer carry a best-before date.")
        labels = record.of_kind("food_label")
        if labels and (best is not None or use_by is not None):
            lab = labels[0]
            if use_by is not None and best is None and lab.value("label.best_before") and not lab.value("label.use_by"):
                add(lab, "label.best_before", "申請書: 消費期限 / ラベル: 賞味期限",
                    "申請書は消費期限、ラベルは賞味期限です。", "the application states a use-by period, the label a best-before date.")
            if best is not None and use_by is None and lab.value("label.use_by") and not lab.value("label.best_before"):
                add(lab, "label.use_by", "申請書: 賞味期限 / ラベル: 消費期限",
                    "申請書は賞味期限、ラベルは消費期限です。", "the application states a best-before period, the label a use-by date.")
    return out
