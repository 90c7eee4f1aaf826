"""Money rules: price arithmetic and tax, return ratio, total cost, donation rounding, Narita tiers."""
from __future__ import annotations

import datetime as dt
import math

from intake.records import Finding, Record
from validators import findings as F
from validators.inputs import AMOUNT, NUMBER, Gap, Need, param_has
from validators.registry import rule
from validators.values import to_number, yen


# inputs (validators.inputs): an application's item value and donation; a half-filled
# breakdown elsewhere (no application) asks for the rest too
ITEM_VALUE = Need("price.item_incl_tax", alt=(("price.item_ex_tax", "price.tax"), ("price.item_ex_tax", "price.tax_rate")),
                  scope=("application",), type=NUMBER)
DONATION = Need("donation.amount", scope=("application",), type=AMOUNT)
SHIPPING = Need("price.shipping", scope=("application",), type=NUMBER,
                when=param_has("price.total_cost", "basis", "shipping"))
RETAIL = Need("retail.total", alt=(("retail.price_ex_tax", "price.tax_rate"),), scope=("application",), type=NUMBER)


def _num(record: Record, key: str) -> float | None:
    return to_number(record.value(key))


def _doc(record: Record, key: str):
    doc, _ = record.first(key)
    return doc.source if doc else None


def tax_candidates(base: float, rate: float) -> set[int]:
    """Tax on `base` at `rate` % under floor, round-half-up and ceiling (all accepted)."""
    exact = base * rate / 100
    return {math.floor(exact + 1e-9), math.floor(exact + 0.5), math.ceil(exact - 1e-9)}


def item_incl_tax(record: Record) -> float | None:
    """Item value including tax: stated, or item + tax, or item × (1 + rate)."""
    incl = _num(record, "price.item_incl_tax")
    if incl is not None:
        return incl
    ex, tax, rate = _num(record, "price.item_ex_tax"), _num(record, "price.tax"), _num(record, "price.tax_rate")
    if ex is None:
        return None
    if tax is not None:
        return ex + tax
    if rate is not None:
        return math.floor(ex * (1 + rate / 100))
    return None


def component(record: Record, name: str) -> float | None:
    if name == "item_incl_tax":
        return item_incl_tax(record)
    return _num(record, f"price.{name}")


@rule("price.arithmetic", title=("金額の計算・消費税", "price arithmetic and tax"))
def arithmetic(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("price.arithmetic")
    rates = [float(r) for r in params.get("tax_rates") or [8, 10]]
    tol = float(params.get("tolerance_yen", 1))
    out = []

    def add(field, ja, en, ev):
        out.append(F.make("PRICE_ARITHMETIC", rule=params.get("cite"), document=_doc(record, field),
                          field=field, evidence=ev, detail_ja=ja, detail_en=en))

    rate = _num(record, "price.tax_rate")
    if rate is not None and rate not in rates:
        add("price.tax_rate", f"税率{rate:g}%は8%又は10%ではありません。", f"tax rate {rate:g}% is neither 8% nor 10%.",
            f"税率 {rate:g}%")
    ex, tax, incl = _num(record, "price.item_ex_tax"), _num(record, "price.tax"), _num(record, "price.item_incl_tax")
    pack, ship, other = (_num(record, f"price.{k}") for k in ("packaging", "shipping", "other"))
    if ex is not None and tax is not None and (rate is None or rate in rates):
        bases = {ex, ex + (pack or 0) + (other or 0)}   # tax on the item, or on item + packaging
        tried = [rate] if rate is not None else rates    # no rate ticked: either rate will do
        if not any(abs(tax - c) <= tol for r in tried for b in bases for c in tax_candidates(b, r)):
            expect = "・".join(f"{r:g}%（{yen(ex * r / 100)}）" for r in tried)
            add("price.tax", f"消費税{yen(tax)}が税抜価格{yen(ex)}の{expect}と合いません。",
                f"tax {yen(tax)} is not {' or '.join(f'{r:g}%' for r in tried)} of {yen(ex)}.",
                f"{yen(ex)} × {'/'.join(f'{r:g}%' for r in tried)} = "
                f"{'/'.join(yen(ex * r / 100) for r in tried)} ≠ {yen(tax)}")
    if ex is not None and tax is not None and incl is not None and abs(ex + tax - incl) > tol:
        add("price.item_incl_tax", f"税抜{yen(ex)}＋消費税{yen(tax)}≠税込{yen(incl)}",
            f"{yen(ex)} + tax {yen(tax)} ≠ {yen(incl)} incl. tax", f"{yen(ex)} + {yen(tax)} = {yen(ex + tax)} ≠ {yen(incl)}")
    total = _num(record, "price.total")
    item = ex + tax if ex is not None and tax is not None else incl
    if total is None and item is not None and params.get("total_printed"):
        # the profile's form prints a 合計 row: an unread total is a sum not checked, not a sum that is right
        out.append(Gap("price.arithmetic", params.get("cite"), _doc(record, "price.item_incl_tax" if incl is not None
                       else "price.item_ex_tax"), "price.total", "missing", keys=("price.total",), type=NUMBER,
                       record_wide=True))
    if total is not None and item is not None:
        # the form's breakdown of its total (a profile setting: ishigaki's has no shipping row)
        parts = {k: _num(record, f"price.{k}") for k in params["parts"]}
        s = item + sum(v for v in parts.values() if v is not None)
        # その他 is often left blank for none; an unread packaging or shipping row may be the difference
        unread = [f"price.{k}" for k, v in parts.items() if v is None and k != "other"]
        if s < total - tol and unread:
            # ask for it rather than call the sum wrong (parts are never negative, so a breakdown over
            # its total is wrong whatever is missing)
            out.extend(Gap("price.arithmetic", params.get("cite"), _doc(record, "price.total"), k, "missing",
                           keys=(k,), type=NUMBER, record_wide=True) for k in unread)
        elif abs(s - total) > tol:
            shown = " + ".join(yen(p) for p in [item, *parts.values()] if p is not None)
            add("price.total", f"内訳の合計（{shown} = {yen(s)}）が合計{yen(total)}と一致しません。",
                f"the breakdown ({shown} = {yen(s)}) does not equal the total {yen(total)}.",
                f"{shown} = {yen(s)} ≠ {yen(total)}")
    r_ex, r_tax, r_total = (_num(record, f"retail.{k}") for k in ("price_ex_tax", "tax", "total"))
    if r_ex is not None and r_tax is not None and r_total is not None and abs(r_ex + r_tax - r_total) > tol:
        add("retail.total", f"一般販売価格：{yen(r_ex)}＋{yen(r_tax)}≠{yen(r_total)}",
            f"retail: {yen(r_ex)} + {yen(r_tax)} ≠ {yen(r_total)}", f"{yen(r_ex)} + {yen(r_tax)} = {yen(r_ex + r_tax)} ≠ {yen(r_total)}")
    if r_ex is not None and r_tax is not None and rate in rates:
        if not any(abs(r_tax - c) <= tol for c in tax_candidates(r_ex, rate)):
            add("retail.tax", f"一般販売価格の消費税{yen(r_tax)}が{yen(r_ex)}の{rate:g}%と合いません。",
                f"retail tax {yen(r_tax)} is not {rate:g}% of {yen(r_ex)}.",
                f"{yen(r_ex)} × {rate:g}% = {yen(r_ex * rate / 100)} ≠ {yen(r_tax)}")
    return out


def _ratio_rule(record: Record, profile, name: str, code: str) -> list[Finding]:
    params = profile.rule(name)
    donation = _num(record, "donation.amount")
    if not donation or donation <= 0:
        return []
    basis = params.get("basis") or ["item_incl_tax"]
    parts = {b: component(record, b) for b in basis}
    if parts.get(basis[0]) is None:
        return []
    value = sum(v for v in parts.values() if v is not None)
    pct = value / donation * 100
    max_pct = float(params.get("max_pct", 30))
    if pct <= max_pct + 1e-9:
        return []
    shown = " + ".join(yen(v) for v in parts.values() if v is not None)
    return [F.make(code, rule=params.get("cite"), document=_doc(record, "donation.amount"), field="donation.amount",
                   evidence=f"({shown}) / {yen(donation)} = {pct:.1f}% > {max_pct:g}%",
                   pct=f"{pct:.1f}", max_pct=f"{max_pct:g}")]


@rule("price.return_ratio", title=("返礼割合（寄附金額の3割以下）", "return ratio (≤ 30 % of the donation)"),
      needs=[ITEM_VALUE, DONATION])
def return_ratio(record: Record, profile, as_of: dt.date) -> list[Finding]:
    return _ratio_rule(record, profile, "price.return_ratio", "RETURN_RATIO_EXCEEDED")


@rule("price.total_cost", title=("経費総額（寄附金額に対する上限）", "total cost cap"),
      needs=[ITEM_VALUE, DONATION, SHIPPING])
def total_cost(record: Record, profile, as_of: dt.date) -> list[Finding]:
    return _ratio_rule(record, profile, "price.total_cost", "TOTAL_COST_EXCEEDED")


@rule("price.donation_rounding", title=("寄附金額の端数（1,000円単位）", "donation rounding"), needs=[DONATION])
def donation_rounding(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("price.donation_rounding")
    unit = int(params.get("unit", 1000))
    donation = _num(record, "donation.amount")
    if donation is None:
        return []
    out = []
    doc = _doc(record, "donation.amount")
    if donation % unit:
        out.append(F.make("DONATION_NOT_ROUNDED", rule=params.get("cite"), document=doc, field="donation.amount",
                          evidence=f"{yen(donation)} ÷ {unit:,} = {donation / unit:.2f}", amount=yen(donation), unit=f"{unit:,}"))
    min_points = params.get("min_points")
    if min_points and donation < unit * int(min_points):
        out.append(F.make("DONATION_NOT_ROUNDED", rule=params.get("cite"), document=doc, field="donation.amount",
                          evidence=f"{yen(donation)} < {int(min_points)}ポイント（{unit * int(min_points):,}円）",
                          amount=yen(donation), unit=f"{unit:,}"))
    points = to_number(record.value("donation.points"))
    if points is not None and unit and points != donation // unit:
        out.append(F.make("DONATION_NOT_ROUNDED", rule=params.get("cite"), document=doc, field="donation.points",
                          evidence=f"{points:g}ポイント ≠ {yen(donation)} ÷ {unit:,} = {donation // unit:g}ポイント",
                          amount=yen(donation), unit=f"{unit:,}"))
    return out


def tier_of(amount: float, tiers: list[dict]) -> dict | None:
    for t in tiers:
        if amount >= t["from"] and (t.get("to") is None or amount < t["to"]):
            return t
    return None


@rule("price.tier", title=("価格区分（一般販売価格と寄附金額）", "price tier"), needs=[DONATION, RETAIL])
def tier(record: Record, profile, as_of: dt.date) -> list[Finding]:
    """Narita 4-2: the retail price (税込・送料込) should be about the tier's price."""
    params = profile.rule("price.tier")
    tiers = params.get("tiers") or []
    donation = _num(record, "donation.amount")
    price = _num(record, "retail.total")
    if price is None:
        ex, rate = _num(record, "retail.price_ex_tax"), _num(record, "price.tax_rate")
        price = math.floor(ex * (1 + rate / 100)) if ex is not None and rate is not None else None
    if donation is None or price is None or not tiers:
        return []
    t = tier_of(donation, tiers)
    priced = sorted((x for x in tiers if x.get("price")), key=lambda x: x["price"])
    nearest = min(priced, key=lambda x: (abs(x["price"] - price), x["price"]))
    band = next((x for x in reversed(priced) if x["price"] <= price), priced[0])
    # 「程度」: the tier whose price is nearest, or the band from its price up to the next tier's
    if t is not None and (t.get("price") is None or t is nearest or t is band
                          or abs(t["price"] - price) == abs(nearest["price"] - price)):
        return []
    name = t["name"] if t else "区分外"
    tier_price = yen(t["price"]) if t and t.get("price") else "—"
    return [F.make("PRICE_TIER_MISMATCH", rule=params.get("cite"), document=_doc(record, "donation.amount"),
                   field="retail.total",
                   evidence=f"一般販売価格 {yen(price)} → {nearest['name']}（{yen(nearest['price'])}）; 寄附金額 {yen(donation)} → {name}",
                   price=yen(price), donation=yen(donation), tier=name, tier_price=tier_price)]
