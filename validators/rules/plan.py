"""Gunma sales-plan rules: deadline (第8条), eligible goods (第4条1), purchase limit (第4条3)."""
from __future__ import annotations

import datetime as dt
import re

from intake.records import Finding, Record
from validators import findings as F
from validators.inputs import DATE, LIST, MONTH, Need
from validators.registry import rule
from validators.values import nfkc, to_date, to_list, to_number


def plan_deadline(month: str, day: int) -> dt.date | None:
    """The `day`th of the month before `month` ('YYYY-MM')."""
    m = re.match(r"(\d{4})\D?(\d{1,2})", nfkc(month))
    if not m:
        return None
    year, mon = int(m[1]), int(m[2])
    if not 1 <= mon <= 12:
        return None
    year, mon = (year - 1, 12) if mon == 1 else (year, mon - 1)
    return dt.date(year, mon, min(day, 28 if mon == 2 else 30 if mon in (4, 6, 9, 11) else 31))


@rule("plan.deadline", title=("販売計画の提出期限（前月25日）", "sales plan deadline"),
      needs=[Need("plan.month", kinds=("sales_plan",), type=MONTH),
             Need("plan.submitted_on", kinds=("sales_plan",), type=DATE)])
def deadline(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("plan.deadline")
    out = []
    for doc in record.of_kind("sales_plan"):
        month = doc.value("plan.month")
        submitted = to_date(doc.value("plan.submitted_on"))
        due = plan_deadline(month, int(params.get("day", 25))) if month else None
        if due and submitted and submitted > due:
            out.append(F.make("PLAN_LATE", rule=params.get("cite"), document=doc.source, field="plan.submitted_on",
                              evidence=f"提出 {submitted} > 期限 {due}（{nfkc(month)}分）",
                              month=nfkc(month), submitted=submitted.isoformat(), deadline=due.isoformat()))
    return out


def plan_items(record: Record) -> list[tuple[object, dict]]:
    return [(doc, item) for doc in record.of_kind("sales_plan")
            for item in to_list(doc.value("plan.items")) if isinstance(item, dict)]


@rule("plan.items", title=("販売製品の取扱品目・購入上限", "plan items"),
      needs=[Need("plan.items", kinds=("sales_plan",), type=LIST)])
def items(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("plan.items")
    words = params.get("eligible_keywords") or []
    out = []
    for doc, item in plan_items(record):
        name = nfkc(item.get("name")) or "（品名なし）"
        text = name + nfkc(item.get("category"))
        if words and not any(w in text for w in words):
            out.append(F.make("PLAN_ITEM_NOT_ELIGIBLE", rule=params.get("cite"), document=doc.source,
                              field="plan.items", evidence=f"{name}（{nfkc(item.get('category')) or '分類なし'}）",
                              item=name))
        limit = to_number(item.get("purchase_limit"))
        if limit is None or limit <= 0:
            out.append(F.make("PLAN_NO_PURCHASE_LIMIT", rule=params.get("limit_cite", params.get("cite")),
                              document=doc.source, field="plan.items",
                              evidence=f"{name}: 購入上限数 {nfkc(item.get('purchase_limit')) or '未記入'}", item=name))
    return out
