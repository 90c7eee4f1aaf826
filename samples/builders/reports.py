"""苦情等処理報告書 (Hamada), 販売計画 and 購入申込者リスト (Gunma), product photos."""
from __future__ import annotations

import datetime as dt
import random

from samples.builders.common import Supplier, address, date_between, person, wareki
from samples.model import KV, DocSpec, Grid, Para

CARRIERS = ["佐川急便", "クロネコヤマト", "ゆうパック"]
TEMPS = ["常温", "冷蔵", "冷凍"]
TEMP_VALUES = {"常温": "ambient", "冷蔵": "chilled", "冷凍": "frozen"}   # complaint.temperature is a choice
COMPLAINTS = ["商品が指定日時までに届かなかった。", "冷凍品が解けた状態で届いた。", "箱が破損し中身の一部が割れていた。",
              "注文と異なる商品が届いた。"]
PREVENTION = ["出荷前の温度確認を二重チェックとする。", "配送業者との引継ぎ時刻を早める。", "梱包材を強化する。"]


def _dt(d: dt.datetime, style: str) -> str:
    return f"{wareki(d.date(), style)} {d.hour}時{d.minute:02d}分ごろ"


def complaint(rng: random.Random, sup: Supplier, variant: int, today: dt.date, product: str,
              flaw: str | None = None) -> DocSpec:
    shipped = dt.datetime.combine(date_between(rng, today - dt.timedelta(days=40), today - dt.timedelta(days=10)),
                                  dt.time(rng.randint(8, 17), rng.choice([0, 15, 30, 45])))
    received = shipped + dt.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
    first = received + dt.timedelta(hours=rng.randint(1, 30))
    city = first + dt.timedelta(hours=rng.randint(1, 30))
    findings = []
    if flaw == "timeline":
        first = received - dt.timedelta(days=rng.randint(1, 3))
        findings.append("COMPLAINT_TIMELINE_INVALID")
    ds = rng.choice(["wareki", "kanji", "slash"])
    author, _ = person(rng)
    donor, _ = person(rng)
    _, _, donor_addr = address(rng, "narita", outside=True)
    carrier, temp = rng.choice(CARRIERS), rng.choice(TEMPS)
    content, prevention = rng.choice(COMPLAINTS), rng.choice(PREVENTION)
    timeline = (f"{first.month}/{first.day} 寄附者へ電話しお詫び。{city.month}/{city.day} 市へ報告。"
                f"{city.month}/{city.day} 代替品を発送。")
    rows = [("事業者名", sup.name), ("特産品名", product), ("寄附者 氏名", donor), ("寄附者 住所", donor_addr),
            ("発送日時", _dt(shipped, ds)), ("発送業者", carrier), ("発送方法", temp),
            ("発生（受付）日時", _dt(received, ds)), ("苦情等の内容", content),
            ("事業者から寄附者へ初回連絡日時", _dt(first, ds)), ("対応経過", timeline),
            ("市への連絡日時", _dt(city, ds)), ("再発防止策", prevention), ("報告書作成者", f"（職名）店長（氏名）{author}")]
    if variant % 3 == 2:
        rows[5], rows[6] = rows[6], rows[5]
    blocks = [Para(wareki(today, ds), "right"), Para("浜田市ふるさと寄附苦情等処理報告書", "center", 14),
              Para("浜田市長 様"), KV(rows=rows), Para("※処理完了後、速やかに提出してください。")]
    at = lambda d: d.strftime("%Y-%m-%dT%H:%M")  # noqa: E731 - the time is printed: the value carries it
    t = {"complaint.business_name": sup.name, "complaint.product_name": product,
         "complaint.received_at": at(received), "complaint.shipped_at": at(shipped),
         "complaint.carrier": carrier, "complaint.temperature": TEMP_VALUES[temp], "complaint.content": content,
         "complaint.first_contact_at": at(first),
         "complaint.city_notified_at": at(city), "complaint.timeline": timeline,
         "complaint.prevention": prevention, "complaint.author": f"店長 {author}"}
    return DocSpec(kind="complaint_report", stem="kujo_hokokusho", blocks=blocks, truth=t, findings=findings)


PLAN_ITEMS = [("不織布マスク50枚入", "マスク", "群馬県"), ("子供用マスク30枚入", "マスク", "群馬県"),
              ("アルコール消毒液500ml", "消毒液", "埼玉県"), ("ニトリル手袋100枚", "手袋", "群馬県"),
              ("体温計", "衛生用品", "中国"), ("ハンドソープ詰替", "日用品", "群馬県")]


def sales_plan(rng: random.Random, sup: Supplier, variant: int, today: dt.date,
               flaw: str | None = None) -> tuple[DocSpec, list[dict]]:
    month = (today.replace(day=1) + dt.timedelta(days=40)).replace(day=1)
    submitted = month.replace(day=1) - dt.timedelta(days=rng.randint(8, 20))
    findings = []
    if flaw == "late":
        submitted = month - dt.timedelta(days=rng.randint(1, 4))
        findings.append("PLAN_LATE")
    items = []
    for name, cat, made in rng.sample(PLAN_ITEMS, rng.randint(2, 4)):
        items.append({"name": name, "category": cat, "quantity": rng.randrange(100, 3000, 50),
                      "unit_price": rng.randrange(300, 3000, 10), "purchase_limit": rng.randint(1, 5),
                      "made_in": made})
    if flaw == "no_limit":
        items[0]["purchase_limit"] = None
        findings.append("PLAN_NO_PURCHASE_LIMIT")
    ds = rng.choice(["wareki", "kanji", "slash"])
    header = ["商品名", "商品分類", "販売数量", "販売価格（円）", "購入上限数", "製造地"]
    rows = [[i["name"], i["category"], f"{i['quantity']:,}", f"{i['unit_price']:,}",
             "" if i["purchase_limit"] is None else str(i["purchase_limit"]), i["made_in"]] for i in items]
    if variant % 2 == 1:   # columns moved
        order = [0, 2, 3, 1, 5, 4]
        header = [header[k] for k in order]
        rows = [[r[k] for k in order] for r in rows]
    ym = wareki(month, ds)
    ym = ym[: ym.index("月") + 1] if "月" in ym else f"{month.year}年{month.month}月"
    blocks = [Para("群馬県民向けマスク等販売事業 販売計画書", "center", 14), Para(wareki(submitted, ds), "right"),
              KV(rows=[("事業者名", sup.name), ("販売月", ym)]), Grid(header=header, rows=rows)]
    t = {"plan.business_name": sup.name, "plan.month": f"{month.year:04d}-{month.month:02d}",
         "plan.submitted_on": submitted.isoformat(), "plan.items": items}
    return DocSpec(kind="sales_plan", stem="hanbai_keikaku", blocks=blocks, truth=t, findings=findings,
                   landscape=True), items


def purchase_list(rng: random.Random, items: list[dict], variant: int, flaw: str | None = None) -> DocSpec:
    rows = []
    findings = []
    for _ in range(rng.randint(4, 8)):
        name, kana = person(rng)
        _, _, addr = address(rng, "gunma")
        birth = dt.date(rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28))
        it = rng.choice(items)
        lim = it["purchase_limit"] or 3
        rows.append({"name": name, "kana": kana, "address": addr, "birth_date": birth.isoformat(),
                     "phone": f"090-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                     "item": it["name"], "quantity": rng.randint(1, lim)})
    if flaw == "outside":
        _, _, rows[0]["address"] = address(rng, "gunma", outside=True)
        findings.append("PURCHASER_OUTSIDE_PREFECTURE")
    header = ["氏名", "ふりがな", "住所", "生年月日", "電話番号", "商品名", "購入数量"]
    keys = ["name", "kana", "address", "birth_date", "phone", "item", "quantity"]
    grid = Grid(header=header, rows=[[str(r[k]) for k in keys] for r in rows], heading="購入申込者リスト")
    return DocSpec(kind="purchase_list", stem="konyu_moushikomisha", blocks=[grid],
                   truth={"purchases.rows": rows}, findings=findings, landscape=True)


def photo(rng: random.Random, role: str, variant: int, flaw: str | None = None) -> DocSpec:
    w, h = rng.choice([(2400, 1800), (2560, 1920)])
    findings = []
    if flaw == "small":
        w, h = 600, 450
        findings.append("PHOTO_TOO_SMALL")
    stem = {"product": rng.choice(["商品写真", "shouhin_photo"]), "packaging": rng.choice(["荷姿写真", "nisugata"]),
            "unknown": "IMG_0412"}[role]
    t = {"photo.width": w, "photo.height": h, "photo.format": "jpeg", "photo.role": role}
    return DocSpec(kind="product_photo", stem=stem, truth=t, findings=findings,
                   image={"width": w, "height": h, "role": role, "seed": rng.randint(0, 10**6)})
