"""Helpers shared by the rule modules (reading a record defensively)."""
from __future__ import annotations

from typing import Any, Iterator

from intake.records import Document, FieldValue, Record
from validators.values import is_empty, nfkc, to_bool

FOOD_LABEL_KINDS = ("food_label", "allergen_sheet")


def has_field(doc: Document, key: str) -> bool:
    """The key was read (possibly as an empty list/False), not merely absent."""
    fv = doc.fields.get(key)
    return fv is not None and fv.value is not None and not (isinstance(fv.value, str) and not fv.value.strip())


def raw(doc: Document, key: str) -> Any:
    fv = doc.fields.get(key)
    return None if fv is None else fv.value


def values(record: Record, key: str) -> Iterator[tuple[Document, FieldValue]]:
    yield from record.values(key)


def first(record: Record, *keys: str) -> tuple[Document | None, str | None, Any]:
    """(document, key, value) of the first non-empty value among `keys`."""
    for key in keys:
        doc, fv = record.first(key)
        if fv is not None:
            return doc, key, fv.value
    return None, None, None


def source(doc: Document | None) -> str | None:
    return None if doc is None else doc.source


def category(record: Record) -> str:
    return nfkc(record.value("product.category", "")).lower()


def food_offered(record: Record) -> bool:
    """Food or drink is offered: stated category, a food label, or label/allergen fields."""
    if any(record.of_kind(k) for k in FOOD_LABEL_KINDS):
        return True
    cat = category(record)
    if cat:
        return cat in ("food", "食品", "飲料", "drink")
    return any(k.startswith(("label.", "allergens.")) or k in ("product.best_before_days",
               "product.use_by_days", "product.allergens")
               for d in record.documents for k, v in d.fields.items() if not is_empty(v.value))


def fresh_food(record: Record, profile) -> bool:
    """A fresh food (生鮮食品): stated by `product.fresh`, or named by a profile keyword."""
    flag = to_bool(record.value("product.fresh"))
    if flag is not None:
        return flag
    words = profile.rule("shelf_life.min_days").get("fresh_keywords") or profile.get("fresh_keywords") or []
    name = "".join(nfkc(record.value(k, "")) for k in ("product.name", "label.name"))
    return any(w in name for w in words)


def cite(profile, rule_name: str, default: str | None = None, key: str = "cite") -> str | None:
    return profile.rule(rule_name).get(key) or default


def standalone(record: Record, profile) -> bool:
    """The submission holds only documents filed on their own (e.g. a Hamada complaint
    report after an incident), so the application's required documents do not apply."""
    kinds = {d.kind for d in record.documents if d.kind != "other"}
    alone = set(profile.get("standalone_kinds") or [])
    return bool(kinds) and kinds <= alone
