"""返礼品提供申請書 / 提案書 / 登録申込書 (Ishigaki 様式第1号 goods and 様式第2号 service, Hamada 様式1, Narita 第1号様式)."""
from __future__ import annotations

import datetime as dt
import random

from samples import pools
from samples.builders.common import DATE_STYLES, Supplier, date_between, wareki
from samples.model import KV, Checks, DocSpec, Para

MANDATORY = ["えび", "かに", "くるみ", "小麦", "そば", "卵", "乳", "落花生", "カシューナッツ"]
RECOMMENDED = ["アーモンド", "あわび", "いか", "いくら", "オレンジ", "キウイフルーツ", "牛肉", "ごま", "さけ", "さば",
               "大豆", "鶏肉", "バナナ", "豚肉", "マカダミアナッツ", "もも", "やまいも", "りんご", "ゼラチン", "ピスタチオ"]
PRINTED = {"落花生": "落花生（ピーナッツ）", "さけ": "さけ（鮭）"}
TITLES = {"ishigaki": ("(様式第1号)", "石垣市ふるさと納税お礼の特産品提供申請書（特産品用）", "石垣市長 様"),
          "hamada": ("様式1", "浜田市ふるさと寄附特産品等提案書", "浜田市長 様"),
          "narita": ("第1号様式（第5条関係）", "成田市ふるさと納税返礼品協力事業者登録申込書", "成田市長 様"),
          "shika": ("(様式第4号)", "志賀町ふるさと納税返礼品提供申請書", "志賀町長 様")}
LOCAL = {"ishigaki": "石垣市", "hamada": "浜田市", "narita": "成田市", "shika": "志賀町", "gunma": "群馬県"}
GOODS = ["石垣島黒糖クッキー詰め合わせ", "のどぐろ一夜干しセット", "成田産コシヒカリ5kg", "能登ふぐ味噌漬",
         "手作りジャム3本セット", "うなぎ蒲焼2尾", "島らっきょう塩漬け"]
SERVICES = ["シュノーケリング体験ツアー", "陶芸体験（1名様）", "ゴルフプレー券"]
BASIS = [("製造日", "manufacture"), ("発送日", "shipment"), ("到着日", "arrival")]
TEMPS = [("常温", "ambient"), ("冷蔵", "chilled"), ("冷凍", "frozen"), ("その他", "other")]
SYN = {"product": ["商品名", "返礼品名", "品名"], "phone": ["電話番号", "TEL", "電話"],
       "email": ["メールアドレス", "E-mail", "Eメール"], "contact": ["担当者名", "担当者", "ご担当者名"],
       "contents": ["内容量", "内容量・個数", "容量"]}


def _yen(n: int) -> str:
    return f"{n:,}円"


def _checks(options: list[str], chosen: str | None) -> Checks:
    return Checks([(o, o == chosen) for o in options])


def _allergens(rng: random.Random) -> tuple[list[str], bool]:
    if rng.random() < 0.3:
        return [], True
    picked = rng.sample(MANDATORY, rng.randint(1, 3)) + rng.sample(RECOMMENDED, rng.randint(0, 2))
    return [a for a in MANDATORY + RECOMMENDED if a in picked], False


def build(rng: random.Random, sup: Supplier, profile: str, variant: int, flaw: str | None = None,
          today: dt.date | None = None, service: bool = False) -> DocSpec:
    today = today or dt.date(2026, 11, 1)
    num, title, addressee = TITLES.get(profile, TITLES["ishigaki"])
    if service:
        title = title.replace("（特産品用）", "（サービス用）")
    submitted = date_between(rng, today - dt.timedelta(days=60), today)
    syn = {k: v[variant % len(v)] if variant else v[0] for k, v in SYN.items()}
    t: dict = {"applicant.name": sup.name, "applicant.representative": sup.representative,
               "applicant.address": sup.address, "applicant.phone": sup.phone, "applicant.email": sup.email,
               "applicant.contact_person": sup.contact, "submitted_on": submitted.isoformat()}
    findings: list[str] = []
    head = [Para(num), Para(title, "center", 14), Para(addressee),
            Para(wareki(submitted, rng.choice(["wareki", "kanji", "slash"])), "right"),
            KV(rows=[("住所", sup.address), ("事業者", sup.name), ("代表者", sup.representative)],
               style="colon" if variant % 2 == 0 else "table"),
            Para("下記のとおり申請します。")]
    product = rng.choice(SERVICES if service else GOODS)
    t["product.name"] = product
    t["product.category"] = "service" if service else "food"
    contents = f"{rng.choice([200, 300, 500, 1000])}g×{rng.randint(1, 4)}" if not service else "1名様"
    t["product.contents"] = contents
    item = rng.randrange(2000, 30000, 100)
    rate = 10 if service else rng.choice([8, 8, 10])
    tax = item * rate // 100
    if flaw == "price_arithmetic":
        tax += rng.choice([100, 150, 200])
        findings.append("PRICE_ARITHMETIC")
    packaging = rng.randrange(0, 800, 50)
    other = rng.choice([0, 0, 200, 300])
    shipping = rng.randrange(800, 2500, 10) if profile == "hamada" else 0
    total = item + tax + packaging + other + shipping
    donation = int(-(-(item + tax) / 0.3) // 1000 * 1000) + 1000
    if flaw == "return_ratio":
        donation = ((item + tax) * 3 // 1000) * 1000
        findings.append("RETURN_RATIO_EXCEEDED")
    t.update({"price.item_ex_tax": item, "price.tax_rate": rate, "price.tax": tax,
              "price.packaging": packaging, "price.other": other, "price.total": total})
    retail = int(item * rng.uniform(1.0, 1.3)) // 10 * 10
    t.update({"retail.price_ex_tax": retail, "retail.tax": retail * rate // 100,
              "retail.total": retail + retail * rate // 100})
    rows: list[tuple[str, object]] = [(syn["product"], product), (syn["contents"], contents)]
    if not service:
        bb_days = rng.choice([7, 14, 30, 60, 90, 180, 365])
        if flaw == "shelf_life":
            bb_days = rng.choice([3, 4, 5])
            findings.append("SHELF_LIFE_TOO_SHORT")
        basis = rng.choice(BASIS)
        rows.append(("賞味期限", Checks([(b, b == basis[0]) for b, _ in BASIS], f"より {bb_days} 日以内")))
        rows.append(("消費期限", Checks([(b, False) for b, _ in BASIS], "より 日以内")))
        guaranteed = bb_days - rng.choice([0, 2, 3]) if bb_days > 5 else bb_days
        rows.append(("担保日数", f"{guaranteed}日"))
        t.update({"product.best_before_days": bb_days, "product.best_before_basis": basis[1],
                  "product.guaranteed_days": guaranteed})
        allergens, free = _allergens(rng)
        rows.append(("アレルギー情報", Checks([("なし", free), ("あり（別紙の該当原材料に記入）", not free)])))
        rows.append(("アレルギー確認", Checks([("特定原材料及び特定原材料に準ずるものについて全て確認しました", True)])))
        t["product.allergen_free"] = free
        box = rng.choice([60, 80, 100, 120, 140, 160])
        temp = rng.choice(TEMPS[:3])
        rows.append(("梱包サイズ", Checks([(f"{s}サイズ", s == box) for s in (60, 80, 100, 120, 140, 160)])))
        rows.append(("クール区分", _checks([x for x, _ in TEMPS], temp[0])))
        year_round = rng.random() < 0.6
        t.update({"shipping.box_size": box, "shipping.temperature": temp[1], "shipping.year_round": year_round})
        if year_round:
            rows.append(("受付期間", Checks([("通年", True), ("期間限定", False)])))
        else:
            pf = dt.date(2027, rng.randint(1, 6), 1)
            pt = pf + dt.timedelta(days=rng.choice([60, 90, 120]))
            ds = rng.choice(DATE_STYLES[:4])
            rows.append(("受付期間", Checks([("通年", False), ("期間限定", True)],
                                          f"{wareki(pf, ds)} ～ {wareki(pt, ds)}")))
            t.update({"shipping.period_from": pf.isoformat(), "shipping.period_to": pt.isoformat()})
        lead = rng.choice([3, 7, 10, 14])
        rows.append(("出荷依頼後", f"{lead}日以内に発送"))
        t["shipping.lead_days"] = lead
        if rng.random() < 0.4:
            q = rng.choice([50, 100, 300])
            rows.append(("出荷可能数", Checks([("出荷数制限無し", False), ("数量限定", True)], f"月間上限 {q}個")))
            t["shipping.quantity_limit"] = q
        else:
            rows.append(("出荷可能数", Checks([("出荷数制限無し", True), ("数量限定", False)])))
    blocks = head + [KV(heading="商品情報", rows=rows)]
    price_rows = [("商品・サービス代（税抜き価格）", _yen(item)),
                  ("消費税", Checks([("8%", rate == 8), ("10%", rate == 10)], _yen(tax))),
                  ("梱包代", _yen(packaging)), ("その他", _yen(other))]
    if profile == "hamada":
        price_rows.append(("送料", _yen(shipping)))
        t["price.shipping"] = shipping
    price_rows.append(("合計", _yen(total)))
    if variant % 3 == 1:
        rng.shuffle(price_rows[2:-1])
    blocks.append(KV(heading="商品金額（提案金額）", rows=price_rows))
    blocks.append(KV(heading="一般販売価格", rows=[("商品代（税抜き価格）", _yen(retail)),
                                               ("消費税額", _yen(t["retail.tax"])), ("販売価格合計", _yen(t["retail.total"]))]))
    if profile in ("hamada", "narita"):
        blocks.append(KV(rows=[("寄附金額", _yen(donation))]))
        t["donation.amount"] = donation
    if profile == "narita":
        proc = item + tax
        outside = int(proc * (rng.uniform(0.55, 0.8) if flaw == "local_share" else rng.choice([0.1, 0.2, 0.3])))
        outside = outside // 10 * 10
        if flaw == "local_share":
            findings.append("LOCAL_VALUE_SHARE_LOW")
        blocks.append(KV(heading="地場産品基準（類型3）", rows=[("調達価格（A）", _yen(proc)),
                                                      ("区域外の工程に要する経費（B）", _yen(outside))]))
        t.update({"price.procurement": proc, "processing.outside_cost": outside})
    blocks.append(KV(heading="事業者情報", rows=[(syn["contact"], sup.contact), (syn["phone"], sup.phone),
                                             ("FAX", "－"), (syn["email"], sup.email)]))
    bank, bcode = rng.choice(pools.BANKS)
    branch, brcode = rng.choice(pools.BRANCHES)
    acct = f"{rng.randint(0, 9999999):07d}"
    atype = rng.choice([("普通", "普通"), ("当座", "当座")])
    holder = "カ）" + sup.kana.replace(" ", "") if sup.name.startswith("株式会社") else sup.kana
    blocks.append(KV(heading="お振込み先口座情報", rows=[
        ("銀行名", bank), ("銀行コード", bcode), ("支店名", branch), ("支店コード", brcode),
        ("口座種別", _checks(["普通", "当座", "貯蓄"], atype[0])), ("口座番号", acct),
        ("振込先口座名カナ", holder)]))
    t.update({"bank.bank_code": bcode, "bank.branch_code": brcode, "bank.account_type": atype[1],
              "bank.account_number": acct, "bank.holder_kana": holder})
    if not service:
        local = LOCAL.get(profile, "市")
        o_pct = rng.choice([100, 90, 80, 70, 60])
        p_pct = rng.choice([100, 100, 80, 60]) if profile != "narita" else 100
        if flaw == "local_share" and profile != "narita":   # mostly outside materials, processed outside
            o_pct, p_pct = rng.choice([20, 30, 40, 50]), rng.choice([20, 30, 40, 50])
            findings.append("LOCAL_VALUE_SHARE_LOW")
        mname, maddr = (sup.name, sup.address)
        blocks.append(KV(heading="原材料詳細", rows=[
            ("原材料・生産地", rng.choice(["黒糖（石垣島産）、小麦粉（国産）", "米（地元産）", "魚介類（近海産）"])),
            ("原材料・生産地 全体に対する割合", f"{local}内 {o_pct}%　{local}外 {100 - o_pct}%"),
            ("製造者名", mname), ("製造住所", maddr),
            ("加工場所・工程 全体に対する割合", f"{local}内：{p_pct}%　{local}外：{100 - p_pct}%")]))
        t.update({"origin.local_pct": o_pct, "processing.local_pct": p_pct,
                  "manufacturer.name": mname, "manufacturer.address": maddr})
        if profile == "ishigaki" or rng.random() < 0.5:
            t["product.allergens"] = allergens
            blocks.append(KV(heading="アレルギー情報記載項目", rows=[
                ("特定原材料9品目", Checks([(PRINTED.get(a, a), a in allergens) for a in MANDATORY])),
                ("特定原材料に準ずるもの20品目", Checks([(PRINTED.get(a, a), a in allergens) for a in RECOMMENDED]))]))
    return DocSpec(kind="application", stem="shinseisho" if profile != "hamada" else "teiansho",
                   blocks=blocks, truth=t, findings=findings)
