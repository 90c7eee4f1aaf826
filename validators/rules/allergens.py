"""Allergen rules: undeclared allergens on a label; sheet/application vs label."""
from __future__ import annotations

import datetime as dt

from intake.records import Document, Finding, Record
from intake.domain import allergens as A
from validators import findings as F
from validators.inputs import CHOICES, Need
from validators.registry import rule
from validators.rules.common import cite, has_field, raw
from validators.values import is_empty, to_list

_LABEL_CITE = "食品表示基準 第3条第2項・別表第14"


def _lists_ingredients(record: Record, profile, doc: Document) -> bool:
    """Any label but a fresh food's (原産地 and no ingredient list)."""
    return is_empty(doc.value("label.origin")) or not is_empty(doc.value("label.ingredients")) \
        or not is_empty(doc.value("label.ingredients_text"))


def _stated_docs(record: Record) -> list[Document]:
    return [d for d in record.documents if has_field(d, "allergens.checked") or has_field(d, "product.allergens")
            or raw(d, "product.allergen_free") is True]


def _compared(record: Record, profile, doc: Document | None) -> bool:
    """A sheet (doc) is compared when there is a label or another statement; labels (doc None)
    are compared when there is any statement."""
    stated = _stated_docs(record)
    if doc is None:
        return bool(stated)
    return bool(record.of_kind("food_label")) or any(d is not doc for d in stated)


INGREDIENTS = Need("label.ingredients_text", alt=(("label.ingredients",),), kinds=("food_label",),
                   when=_lists_ingredients)


def label_parse(doc: Document) -> A.IngredientList:
    """The label's ingredients: the printed text when read, else the item lists."""
    text = doc.value("label.ingredients_text")
    additives_text = doc.value("label.additives_text")
    if isinstance(text, str) and text.strip():
        return A.parse_ingredients(text, additives_text if isinstance(additives_text, str) else None)
    items = "、".join(str(x) for x in to_list(doc.value("label.ingredients")))
    adds = "、".join(str(x) for x in to_list(doc.value("label.additives")))
    return A.parse_ingredients(items, adds)


def label_declared(doc: Document, parsed: A.IngredientList) -> set[str]:
    """What the label declares: the extracted field, plus declarations read from the printed text."""
    found: set[str] = set()
    if has_field(doc, "label.allergens_declared"):
        found |= {a for a in (A.canonical(x) for x in to_list(raw(doc, "label.allergens_declared"))) if a}
        if doc.value("label.ingredients_text"):
            found |= set(A.declared_allergens(parsed))
    else:
        found |= set(A.declared_allergens(parsed))
    return found


def label_contents(doc: Document) -> tuple[dict[str, list[A.Match]], set[str]]:
    """(allergen → matches found in the ingredients, declared allergens) of one label."""
    parsed = label_parse(doc)
    found: dict[str, list[A.Match]] = {}
    for m in A.contained_allergens(parsed):
        found.setdefault(m.allergen, []).append(m)
    return found, label_declared(doc, parsed)


@rule("allergens.undeclared", title=("アレルゲン表示（特定原材料等）", "allergen declaration"),
      needs=[INGREDIENTS])
def undeclared(record: Record, profile, as_of: dt.date) -> list[Finding]:
    """ALLERGEN_UNDECLARED / ALLERGEN_RECOMMENDED_UNDECLARED for each food label."""
    out = []
    params = profile.rule("allergens.undeclared")
    for doc in record.of_kind("food_label"):
        found, declared = label_contents(doc)
        for allergen, matches in found.items():
            st = A.status(allergen, as_of)
            if st is None or allergen in declared:
                continue
            evidence = ", ".join(f"{m.ingredient} → {allergen}" + ("（通常含む）" if m.implied else "")
                                 for m in matches)
            terms = "、".join(dict.fromkeys(m.ingredient for m in matches))
            implied_only = all(m.implied for m in matches)
            if st.list == "mandatory":
                transition = st.in_transition(as_of)
                note_ja = (f"経過措置期間中（{st.transition_until}まで）のため警告としています。" if transition
                           else "通常この原材料に含まれるため確認してください。" if implied_only else "")
                note_en = (f" A transition period runs until {st.transition_until}." if transition
                           else " This food normally contains it; please check." if implied_only else "")
                out.append(F.make("ALLERGEN_UNDECLARED", rule=params.get("cite", _LABEL_CITE),
                                  severity="warning" if transition or implied_only else None,
                                  document=doc.source, field="label.allergens_declared",
                                  evidence=evidence, allergen=allergen, term=terms,
                                  note_ja=note_ja, note_en=note_en))
            else:
                out.append(F.make("ALLERGEN_RECOMMENDED_UNDECLARED",
                                  rule=params.get("cite_recommended", "消費者庁「食品表示基準について」（アレルゲン・特定原材料に準ずるもの）"),
                                  document=doc.source, field="label.allergens_declared",
                                  evidence=evidence, allergen=allergen, term=terms))
    return out


_SOURCES = {
    "label": ("食品表示ラベル", "food label"),
    "sheet": ("アレルギー情報確認表", "allergen sheet"),
    "application": ("申請書のアレルギー情報", "application's allergen entries"),
}


def _stated_sets(record: Record) -> list[tuple[str, Document, str, set[str]]]:
    """(source kind, document, field, allergens) for every sheet/application statement."""
    out = []
    for doc in record.documents:
        if has_field(doc, "allergens.checked"):
            out.append(("sheet", doc, "allergens.checked",
                        {a for a in map(A.canonical, to_list(raw(doc, "allergens.checked"))) if a}))
        if has_field(doc, "product.allergens"):
            out.append(("application", doc, "product.allergens",
                        {a for a in map(A.canonical, to_list(raw(doc, "product.allergens"))) if a}))
        elif raw(doc, "product.allergen_free") is True:
            out.append(("application", doc, "product.allergen_free", set()))
    return out


@rule("allergens.sheet", title=("アレルギー確認表・申請書と表示の照合", "allergen sheet vs label"),
      needs=[Need("allergens.checked", kinds=("allergen_sheet",), type=CHOICES, empty_ok=True, when=_compared),
             Need("label.ingredients_text", alt=(("label.ingredients",),), kinds=("food_label",),
                  when=lambda r, p, d: _lists_ingredients(r, p, d) and _compared(r, p, None))])
def sheet_mismatch(record: Record, profile, as_of: dt.date) -> list[Finding]:
    """ALLERGEN_SHEET_MISMATCH: sheet/application checkboxes vs the label (or vs each other)."""
    stated = _stated_sets(record)
    if not stated:
        return []
    labels = record.of_kind("food_label")
    if labels:
        ref_set: set[str] = set()
        for doc in labels:
            found, declared = label_contents(doc)
            ref_set |= set(found) | declared
        reference = ("label", labels[0], ref_set)
        others = stated
    else:
        if len(stated) < 2:
            return []
        reference = (stated[0][0], stated[0][1], stated[0][3])
        others = stated[1:]
    ref_kind, ref_doc, ref_set = reference
    a_ja, a_en = _SOURCES[ref_kind]
    order = A.names()
    out = []
    for kind, doc, field, got in others:
        b_ja, b_en = _SOURCES[kind]
        diffs: dict[str, list[str]] = {"error": [], "warning": []}
        for allergen in sorted(ref_set ^ got, key=lambda a: order.index(a) if a in order else 99):
            st = A.status(allergen, as_of)
            if st is not None:
                strict = st.list == "mandatory" and not st.in_transition(as_of)
                diffs["error" if strict else "warning"].append(allergen)
        for severity, names in diffs.items():
            if not names:
                continue
            only_ref = [a for a in names if a in ref_set]
            only_got = [a for a in names if a in got]
            parts = ([f"{a_ja}のみ: {'、'.join(only_ref)}"] if only_ref else []) + \
                    ([f"{b_ja}のみ: {'、'.join(only_got)}"] if only_got else [])
            out.append(F.make("ALLERGEN_SHEET_MISMATCH", rule=cite(profile, "allergens.sheet", _LABEL_CITE),
                              severity=severity, document=doc.source, field=field, evidence=" / ".join(parts),
                              allergen="、".join(names), a_ja=a_ja, a_en=a_en, b_ja=b_ja, b_en=b_en))
    return out
