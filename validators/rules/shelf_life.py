"""SHELF_LIFE_TOO_SHORT: non-fresh food must keep about a week after arrival."""
from __future__ import annotations

import datetime as dt

from intake.records import Finding, Record
from validators import findings as F
from validators.inputs import NUMBER, Need, not_judged
from validators.registry import rule
from validators.rules.common import food_offered, fresh_food
from validators.values import nfkc, to_number

_BASIS_JA = {"manufacture": "製造日", "shipment": "発送日", "arrival": "到着日"}
TRANSIT_DAYS = 3      # days a parcel is on its way (and, unknown lead time: three times that before it ships)


def guaranteed_days(record: Record) -> tuple[float, str, str] | None:
    """(days after arrival at most, field, evidence) from the application."""
    g = to_number(record.value("product.guaranteed_days"))
    if g is not None:
        return g, "product.guaranteed_days", f"担保日数 {g:g}日"
    for key, basis_key, what in (("product.best_before_days", "product.best_before_basis", "賞味期限"),
                                 ("product.use_by_days", "product.use_by_basis", "消費期限")):
        days = to_number(record.value(key))
        if days is not None:
            basis = nfkc(record.value(basis_key, "")) or "?"
            # counted from manufacture or shipment, fewer days remain at arrival: `days` is an upper bound
            return days, key, f"{what} {_BASIS_JA.get(basis, basis)}より{days:g}日以内"
    return None


def _non_fresh_food(record: Record, profile, doc) -> bool:
    return food_offered(record) and not fresh_food(record, profile)


@rule("shelf_life.min_days", title=("到着後の賞味期間（概ね1週間以上）", "shelf life after arrival"),
      needs=[Need("product.best_before_days", alt=(("product.guaranteed_days",), ("product.use_by_days",)),
                  scope=("application",), type=NUMBER, when=_non_fresh_food)])
def min_days(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("shelf_life.min_days")
    need = float(params.get("min_days", 7))
    if not food_offered(record) or fresh_food(record, profile):
        return []
    got = guaranteed_days(record)
    if got is None:
        return []
    days, key, evidence = got
    doc, _ = record.first(key)
    basis = nfkc(record.value(key.replace("_days", "_basis"), "")) if key != "product.guaranteed_days" else "arrival"
    if days >= need and basis != "arrival":     # no basis printed: as from manufacture, the worst case
        # counted from manufacture or shipment: what is left at arrival is `days` less the time to ship
        lead = to_number(record.value("shipping.lead_days")) if basis == "manufacture" else 0
        left = days - (lead if lead is not None else TRANSIT_DAYS * 3) - TRANSIT_DAYS
        if left < need:
            return [not_judged(key, doc.source if doc else None,
                               (f"{evidence}で、到着後の日数が書かれていない（到着までの日数しだいで{need:g}日を切る）",
                                f"{evidence}, with no days after arrival stated (may fall under {need:g} days at arrival)"),
                               ("到着後の賞味期間（概ね1週間以上）", "shelf life after arrival"), params.get("cite"))]
    if days >= need:
        return []
    return [F.make("SHELF_LIFE_TOO_SHORT", rule=params.get("cite"), document=doc.source if doc else None,
                   field=key, evidence=f"{evidence} < {need:g}日", days=f"{days:g}", min_days=f"{need:g}")]
