"""Gunma purchaser-list rules: address in the prefecture (第3条), limit (第4条3), duplicates.

Rows hold personal data: evidence names rows and items, never names or addresses.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from intake.records import Finding, Record
from validators import findings as F
from intake.domain.places import prefecture_of
from validators.inputs import LIST, Need
from validators.registry import rule
from validators.rules.plan import plan_items
from validators.values import compact, nfkc, to_list, to_number


def person_keys(row: dict) -> list[tuple]:
    """Identities of a purchaser: (name, birth date) and (name, address)."""
    name = compact(row.get("name"))
    if not name:
        return []
    keys = []
    if compact(row.get("birth_date")):
        keys.append(("b", name, compact(row.get("birth_date"))))
    if compact(row.get("address")):
        keys.append(("a", name, compact(row.get("address"))))
    return keys


def _persons(rows: list[tuple[int, dict]]) -> list[list[int]]:
    """Groups of row numbers that belong to one person (union of both identities)."""
    parent = {i: i for i, _ in rows}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_by_key: dict[tuple, int] = {}
    for i, row in rows:
        for k in person_keys(row):
            if k in first_by_key:
                parent[find(i)] = find(first_by_key[k])
            else:
                first_by_key[k] = i
    groups = defaultdict(list)
    for i, _ in rows:
        groups[find(i)].append(i)
    return list(groups.values())


@rule("purchases.checks", title=("購入申込者（県内・購入上限・重複）", "purchaser checks"),
      needs=[Need("purchases.rows", kinds=("purchase_list",), type=LIST)])
def checks(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("purchases.checks")
    pref = params.get("prefecture") or profile.municipality.get("prefecture")
    limits = {compact(item.get("name")): to_number(item.get("purchase_limit")) for _, item in plan_items(record)}
    out = []
    for doc in record.of_kind("purchase_list"):
        rows = [(n, r) for n, r in enumerate(to_list(doc.value("purchases.rows")), start=1) if isinstance(r, dict)]
        for n, row in rows:
            addr = nfkc(row.get("address"))
            where = prefecture_of(addr) if addr else None
            if addr and where != pref:
                out.append(F.make("PURCHASER_OUTSIDE_PREFECTURE", rule=params.get("cite"), document=doc.source,
                                  field="purchases.rows", evidence=f"{n}行目: {where or '都道府県を判別できない住所'}",
                                  row=n, prefecture=pref))
        by_row = dict(rows)
        for group in _persons(rows):
            if len(group) > 1:
                out.append(F.make("PURCHASER_DUPLICATE", rule=params.get("duplicate_cite", params.get("cite")),
                                  document=doc.source, field="purchases.rows",
                                  evidence=f"{', '.join(map(str, group))}行目", rows=", ".join(map(str, group))))
            totals: dict[str, list] = defaultdict(list)
            for n in group:
                totals[compact(by_row[n].get("item"))].append((n, to_number(by_row[n].get("quantity")) or 0))
            for item, parts in totals.items():
                limit = limits.get(item)
                total = sum(q for _, q in parts)
                if limit and total > limit:
                    shown = "+".join(f"{q:g}" for _, q in parts)
                    rows_s = ", ".join(str(n) for n, _ in parts)
                    out.append(F.make("PURCHASE_OVER_LIMIT", rule=params.get("limit_cite", params.get("cite")),
                                      document=doc.source, field="purchases.rows",
                                      evidence=f"{rows_s}行目: {item} {shown}={total:g} > 上限 {limit:g}",
                                      item=item, limit=f"{limit:g}", rows=rows_s, total=f"{total:g}"))
    return out
