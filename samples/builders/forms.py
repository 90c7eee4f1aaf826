"""Short forms: 誓約書, 免許及び許可の確認票, PL保険確認票, 営業許可証, アレルギー確認表."""
from __future__ import annotations

import datetime as dt
import random

from samples.builders.application import MANDATORY, PRINTED, RECOMMENDED
from samples.builders.common import DATE_STYLES, Supplier, date_between, wareki
from samples.model import KV, Checks, DocSpec, Grid, Para

PLEDGE = {"shika": ("様式第1号", "志賀町ふるさと納税返礼品提供事業者誓約書", "志賀町長 様"),
          "ishigaki": ("(様式第3号)", "誓約書兼同意書", "石垣市長 様"),
          "hamada": ("様式2", "誓約書", "浜田市長 様"),
          "narita": ("第2号様式", "誓約書", "成田市長 様")}
PLEDGE_ITEMS = ["町内に本社又は事業所を有しています。", "町税等に滞納がありません。",
                "暴力団員による不当な行為の防止等に関する法律に規定する暴力団員ではありません。",
                "関係法令を遵守し、返礼品の品質及び衛生管理に万全を期します。"]
PERMIT_TYPES = ["菓子製造業", "飲食店営業", "水産製品製造業", "食肉販売業", "そうざい製造業", "魚介類販売業",
                "密封包装食品製造業", "清涼飲料水製造業"]
ISSUERS = {"shika": "石川県能登中部保健福祉センター所長", "ishigaki": "沖縄県八重山保健所長",
           "hamada": "島根県浜田保健所長", "narita": "千葉県印旛健康福祉センター長", "gunma": "群馬県前橋保健所長"}
INSURERS = ["東京海上日動火災保険株式会社", "損害保険ジャパン株式会社", "三井住友海上火災保険株式会社",
            "あいおいニッセイ同和損害保険株式会社"]


def pledge(rng: random.Random, sup: Supplier, profile: str, variant: int, today: dt.date) -> DocSpec:
    num, title, addressee = PLEDGE.get(profile, PLEDGE["narita"])
    signed = date_between(rng, today - dt.timedelta(days=40), today)
    sealed = rng.random() < 0.8
    rows = [("所在地", sup.address), ("事業者名", sup.name), ("代表者名", sup.representative + ("　㊞" if sealed else ""))]
    if variant % 3 == 2:
        rows = [("住所", sup.address), ("商号又は名称", sup.name), ("代表者職氏名", sup.representative + ("　㊞" if sealed else ""))]
    blocks = [Para(num), Para(title, "center", 15),
              Para(wareki(signed, rng.choice(["wareki", "wareki_gan", "kanji"])), "right"), Para(addressee),
              KV(rows=rows, style="colon" if variant % 2 == 0 else "table"),
              Para("返礼品を取り扱うにあたり、次の事項について誓約し同意します。")]
    blocks += [Para(f"{i}. {x}") for i, x in enumerate(PLEDGE_ITEMS, 1)]
    t = {"pledge.business_name": sup.name, "pledge.representative": sup.representative,
         "pledge.address": sup.address, "pledge.signed_on": signed.isoformat()}
    if sealed:
        t["pledge.sealed"] = True
    return DocSpec(kind="pledge", stem="seiyakusho", blocks=blocks, truth=t)


def permit(rng: random.Random, sup: Supplier, profile: str, variant: int, today: dt.date,
           flaw: str | None = None) -> DocSpec:
    types = rng.sample(PERMIT_TYPES, rng.randint(1, 2))
    start = date_between(rng, today - dt.timedelta(days=5 * 365), today - dt.timedelta(days=30))
    until = start.replace(year=start.year + rng.choice([5, 6, 7])) - dt.timedelta(days=1)
    findings = []
    if flaw == "expired":
        until = today - dt.timedelta(days=rng.randint(5, 200))
        start = until.replace(year=until.year - 5) + dt.timedelta(days=1)
        findings.append("PERMIT_EXPIRED")
    elif until < today + dt.timedelta(days=90):
        until = until.replace(year=until.year + 2)
    number = f"第{rng.randint(10, 99)}-{rng.randint(100, 9999)}号"
    ds = rng.choice(["wareki", "wareki", "kanji"])
    facility = sup.name.replace("株式会社", "").replace("有限会社", "") + rng.choice(["本店", "工場", "加工場", ""])
    rows = [("許可番号", number), ("住所", sup.address), ("氏名", f"{sup.name}　{sup.representative}"),
            ("営業所の所在地", sup.address), ("営業所の名称", facility), ("営業の種類", "、".join(types)),
            ("有効期間", f"{wareki(start, ds)}から{wareki(until, ds)}まで")]
    if variant % 2 == 1:
        rows[0], rows[5] = rows[5], rows[0]
    blocks = [Para("営 業 許 可 証", "center", 18), KV(rows=rows),
              Para("食品衛生法第55条第1項の規定により許可する。"), Para(wareki(start, ds), "right"),
              Para(ISSUERS.get(profile, "保健所長"), "right")]
    t = {"permit.number": number, "permit.holder": f"{sup.name}　{sup.representative}",   # as printed
         "permit.facility_name": facility,
         "permit.facility_address": sup.address, "permit.business_types": types,
         "permit.valid_from": start.isoformat(), "permit.valid_until": until.isoformat(),
         "permit.issuer": ISSUERS.get(profile, "保健所長")}
    return DocSpec(kind="permit", stem="eigyo_kyoka", blocks=blocks, truth=t, findings=findings)


def license_check(rng: random.Random, sup: Supplier, variant: int, today: dt.date) -> DocSpec:
    items = []
    for typ in rng.sample(PERMIT_TYPES, rng.randint(1, 3)):
        until = date_between(rng, today + dt.timedelta(days=120), today + dt.timedelta(days=6 * 365))
        items.append({"name": typ, "number": f"第{rng.randint(100, 99999)}号", "valid_until": until.isoformat()})
    ds = rng.choice(DATE_STYLES[:4])
    grid = Grid(header=["免許・許可の名称", "許可番号", "有効期限"],
                rows=[[i["name"], i["number"], wareki(dt.date.fromisoformat(i["valid_until"]), ds)] for i in items])
    blocks = [Para("様式第2号"), Para("返礼品を製造、販売するにあたり必要な免許及び許可の確認票", "center", 13),
              KV(rows=[("事業者名", sup.name), ("代表者", sup.representative)]), grid,
              Para("※許可証の写しを添付してください。")]
    return DocSpec(kind="license_check", stem="menkyo_kyoka_kakunin", blocks=blocks,
                   truth={"license.items": items})


def pl_insurance(rng: random.Random, sup: Supplier, variant: int, today: dt.date) -> DocSpec:
    insured = rng.random() < 0.8
    rows: list = [("事業者名", sup.name), ("加入の有無", Checks([("加入している", insured), ("加入していない", not insured)]))]
    t: dict = {"pl_insurance.insured": insured}
    if insured:
        ins = rng.choice(INSURERS)
        until = date_between(rng, today + dt.timedelta(days=30), today + dt.timedelta(days=365))
        rows += [("保険会社名", ins), ("保険期間（満了日）", wareki(until, rng.choice(DATE_STYLES[:4])))]
        t.update({"pl_insurance.insurer": ins, "pl_insurance.valid_until": until.isoformat()})
    blocks = [Para("様式第3号"), Para("PL（生産物賠償責任）保険加入有無の確認票", "center", 13), KV(rows=rows)]
    return DocSpec(kind="pl_insurance", stem="pl_hoken_kakunin", blocks=blocks, truth=t)


def allergen_sheet(rng: random.Random, sup: Supplier, variant: int, product: str,
                   allergens: list[str]) -> DocSpec:
    notes = rng.choice(["", "同一工場でそばを含む製品を製造しています。", "えび・かにが混ざる漁法で捕獲しています。"])
    blocks = [Para("アレルギー情報（特定原材料確認表）", "center", 14),
              KV(rows=[("事業者名", sup.name), ("商品名", product)]),
              KV(heading="【特定原材料 9品目】",
                 rows=[("特定原材料", Checks([(PRINTED.get(a, a), a in allergens) for a in MANDATORY]))]),
              KV(heading="【特定原材料に準ずるもの 20品目】",
                 rows=[("準ずるもの", Checks([(PRINTED.get(a, a), a in allergens) for a in RECOMMENDED]))]),
              KV(rows=[("確認", Checks([("特定原材料及び特定原材料に準ずるものについて全て確認しました", True)])),
                       ("特記事項", notes or "なし")])]
    t = {"allergens.checked": allergens, "allergens.all_confirmed": True}
    if notes:
        t["allergens.notes"] = notes
    return DocSpec(kind="allergen_sheet", stem="allergen_hyo", blocks=blocks, truth=t)
