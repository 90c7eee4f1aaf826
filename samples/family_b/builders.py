"""Document content + truth.  Each builder returns a Doc whose `fields` are exactly the SPEC §3 values
printed on it (normalised), and whose rows/meta are the printed strings the renderers lay out."""
from __future__ import annotations

import datetime as dt
import re

from . import ingredients as ING
from .entities import MUNI
from .util import fmt_date, fmt_yen, fmt_phone, fmt_time, fmt_month, fw, nfkc

D = dt.date


class Doc:
    def __init__(self, kind, title, stem, allowed):
        self.kind, self.title, self.stem, self.allowed = kind, title, stem, allowed
        self.fields: dict = {}
        self.rows: list = []
        self.meta: dict = {}

    def set(self, key, value):
        if value is not None and value != "" and value != []:
            self.fields[key] = value

    def kv(self, key, label, printed, truth=None, note=None, hand=True):
        self.rows.append(dict(t="kv", label=label, value=printed, note=note, hand=hand))
        if key:
            self.set(key, truth if truth is not None else nfkc(printed))

    def check(self, label, opts, suffix="", prefix=""):
        self.rows.append(dict(t="check", label=label, opts=opts, suffix=suffix, prefix=prefix))

    def sec(self, text):
        self.rows.append(dict(t="sec", text=text))

    def para(self, text):
        self.rows.append(dict(t="para", text=text))

    def table(self, head, rows, weights=None, hand=False):
        self.rows.append(dict(t="table", head=head, rows=rows, weights=weights, hand=hand))


BASIS = {"manufacture": "製造日", "shipment": "発送日", "arrival": "到着日"}
TEMP = {"ambient": "常温", "chilled": "冷蔵", "frozen": "冷凍"}
ALL29 = ING.MANDATORY + ING.RECOMMENDED
FORM29 = ["えび", "かに", "くるみ", "小麦", "そば", "卵", "乳", "落花生（ピーナッツ）", "カシューナッツ",
          "アーモンド", "あわび", "いか", "いくら", "オレンジ", "キウイフルーツ", "牛肉", "ごま", "さけ（鮭）", "さば",
          "大豆", "鶏肉", "バナナ", "豚肉", "マカダミアナッツ", "もも", "やまいも", "りんご", "ゼラチン", "ピスタチオ"]


def ds(ctx):
    return ctx.style("date")


def yen(ctx, n, style=None):
    return fmt_yen(n, style or ctx.style("yen"))


def date_line(ctx, d, style=None):
    return fmt_date(d, style or ds(ctx))


# ---------------------------------------------------------------- product (shared by a submission)

class Product:
    def __init__(self, ctx, biz, entry, words, want_food=True):
        rng = ctx.rng
        self.entry = entry
        self.food = want_food
        if want_food:
            base = re.sub(r"[（(].*?[）)]", "", entry.name).strip() or entry.name
            self.name = f"{rng.choice(words)}の{base}" if rng.random() < 0.6 else f"{base}（{rng.choice(words)}産）"
            n = rng.choice([1, 2, 3, 4, 6, 8, 10, 12])
            unit = rng.choice(["g", "個", "袋", "本", "パック"])
            if unit == "g":
                self.contents = f"{rng.choice([120, 150, 200, 250, 300, 500])}g×{n}"
            else:
                self.contents = f"{n}{unit}入" if n > 1 else f"1{unit}（{rng.choice([150, 200, 300, 500])}g）"
            self.temp = rng.choice(["ambient", "ambient", "chilled", "frozen"])
            self.bb_days = rng.choice([30, 60, 90, 120, 180, 270, 365])
            self.bb_basis = rng.choice(["manufacture", "manufacture", "shipment"])
            self.guaranteed = min(self.bb_days - 10, rng.choice([14, 20, 30, 45, 60, 90]))
            self.use_by = rng.random() < 0.12
            if self.use_by:
                self.temp = "frozen"
        else:
            self.name = rng.choice(["石州和紙のブックカバー", "手ぬぐい（染め）", "木製コースター5枚組", "陶器マグカップ", "竹細工のかご"])
            self.contents = rng.choice(["1点", "1枚", "5枚組", "1個（化粧箱入）"])
            self.temp = "ambient"
            self.bb_days = None
            self.use_by = False
            self.guaranteed = None
        self.box = rng.choice([60, 80, 100, 120])
        self.year_round = rng.random() < 0.65
        self.lead = rng.choice([3, 5, 7, 10, 14])
        self.qlimit = rng.choice([None, 50, 100, 200, 300])
        self.allergens = [a for a in (entry.declared or []) if a in ALL29] if want_food and entry else []


# ---------------------------------------------------------------- permit

PERMIT_TYPES_NEW = ["菓子製造業", "飲食店営業", "そうざい製造業", "食肉製品製造業", "麺類製造業", "水産製品製造業",
                    "密封包装食品製造業", "食肉販売業", "複合型そうざい製造業", "清涼飲料水製造業"]
PERMIT_TYPES_OLD = ["菓子製造業", "飲食店営業", "乳類販売業", "そうざい製造業", "食肉製品製造業", "麺類製造業",
                    "魚介類販売業", "缶詰又は瓶詰食品製造業", "食肉販売業", "アイスクリーム類製造業"]


def types_for(name, old):
    n = name
    pick = []
    if any(k in n for k in ["菓子", "ケーキ", "パン", "クッキー", "饅頭", "まんじゅう", "せんべい", "ゼリー", "プリン", "チョコ", "カステラ", "焼"]):
        pick.append("菓子製造業")
    if any(k in n for k in ["ハム", "ソーセージ", "ベーコン", "焼豚"]):
        pick.append("食肉製品製造業")
    if any(k in n for k in ["そうざい", "惣菜", "弁当", "コロッケ", "サラダ", "煮", "揚"]):
        pick.append("そうざい製造業")
    if any(k in n for k in ["麺", "そば", "うどん", "ラーメン"]):
        pick.append("麺類製造業")
    if any(k in n for k in ["魚", "さば", "鮭", "いか", "干物", "かまぼこ", "ちくわ"]):
        pick.append("魚介類販売業" if old else "水産製品製造業")
    if not pick:
        pick.append("飲食店営業")
    return pick


def permit(ctx, sub, biz, prod, expired=False):
    rng = ctx.rng
    as_of = sub.as_of
    old = rng.random() < 0.35
    if expired:
        until = as_of - dt.timedelta(days=rng.randint(5, 200))
        frm = D(until.year - rng.choice([5, 6, 7]), until.month, 1)
    elif old:
        frm = D(rng.choice([2019, 2020, 2021]), rng.choice([1, 3, 4, 5]), 1)
        until = D(frm.year + rng.choice([6, 7, 8]), frm.month, 1) - dt.timedelta(days=1)
        if until < as_of + dt.timedelta(days=130):
            until = D(as_of.year + 2, 3, 31)
    else:
        frm = D(rng.choice([2022, 2023, 2024, 2025]), rng.choice([4, 6, 7, 10, 12]), 1)
        until = D(frm.year + rng.choice([5, 6, 7, 8]), frm.month, 1) - dt.timedelta(days=1)
    old = old or frm < D(2021, 6, 1)
    types = types_for(prod.name if prod else "", old)
    if rng.random() < 0.3:
        extra = rng.choice(PERMIT_TYPES_OLD if old else PERMIT_TYPES_NEW)
        if extra not in types:
            types.append(extra)
    d = Doc("permit", "", "kyoka", ["scan", "photo", "fax"])
    style = ctx.style("permit")
    vertical = style.startswith("tate")
    dstyle = "kanji" if vertical else rng.choice(["wareki", "wareki_fw", "wareki_sp", "R"] if ctx.split == "heldout" else ["wareki", "wareki_fw", "seireki"])
    abbr = {"shika": "能中保", "ishigaki": "八保", "hamada": "浜保", "narita": "印健", "gunma": "前保"}[sub.profile]
    n = rng.randint(10, 99999)
    number = rng.choice([f"第{n}号", f"第R{frm.year - 2018}-{n % 10000:04d}号", f"{abbr}第{n}号", f"指令{abbr}第{n % 10000}号"])
    if vertical:
        number = fw(number)
    holder = biz.name if rng.random() < 0.5 else f"{biz.name}　{biz.rep()}"
    fac_addr = biz.fac_address
    if vertical:
        fac_addr = re.sub(r"[0-9]+", lambda m: "".join("〇一二三四五六七八九"[int(c)] for c in m.group()), fac_addr).replace("-", "の")
    d.set("permit.number", nfkc(number))
    d.set("permit.holder", holder)
    d.set("permit.facility_name", biz.facility)
    d.set("permit.facility_address", fac_addr)
    d.set("permit.business_types", types)
    d.set("permit.valid_from", frm.isoformat())
    d.set("permit.valid_until", until.isoformat())
    issuer = rng.choice(MUNI[sub.profile]["issuer"])
    d.set("permit.issuer", issuer)
    title = ctx.label("permit.title")
    fd, ud = fmt_date(frm, dstyle), fmt_date(until, dstyle)
    vstyle = ctx.style("validity")
    law = "食品衛生法第五十五条第一項" if not old else "食品衛生法第五十二条第一項"
    if not vertical:
        law = law.replace("五十五", "55").replace("五十二", "52").replace("第一項", "第1項")
    sep = "\n" if rng.random() < 0.4 else "、"
    pairs = []
    numtop = None
    if rng.random() < 0.5:
        numtop = number
    else:
        pairs.append((ctx.label("permit.number"), number))
    pairs += [(ctx.label("permit.holder"), holder), (ctx.label("permit.facility_address"), fac_addr),
              (ctx.label("permit.facility_name"), biz.facility), (ctx.label("permit.business_types"), sep.join(types))]
    if vstyle == "one_line":
        pairs.append((ctx.label("permit.validity"), f"{fd}から{ud}まで"))
    elif vstyle == "kara_made_split":
        pairs.append((ctx.label("permit.validity"), f"{fd}から\n{ud}まで"))
    else:
        pairs.append((ctx.label("permit.valid_from"), fd))
        pairs.append((ctx.label("permit.valid_until"), ud))
    if rng.random() < 0.5:
        pairs.append(("条件", "なし"))
    d.meta.update(title=title, pairs=pairs, number_top=numtop, issuer=issuer, issued=fmt_date(frm, dstyle),
                  body=[f"{law}の規定により許可します。" if rng.random() < 0.5 else f"{law}の規定により営業を許可する。"],
                  style=style)
    if vertical:
        cols = [dict(text="　".join(title) if len(title) <= 5 else title, size=20, indent=4)]
        if numtop:
            cols.append(dict(text=number, indent=12))
        cols.append(dict(text=""))
        for lab, val in pairs:
            for k, part in enumerate(val.split("\n")):
                cols.append(dict(text=(f"{lab}　" if k == 0 else "　　　　　　") + part, indent=1))
        cols.append(dict(text=""))
        cols.append(dict(text=d.meta["body"][0], indent=2))
        cols.append(dict(text=""))
        cols.append(dict(text=fmt_date(frm, dstyle), indent=3))
        cols.append(dict(text=""))
        cols.append(dict(text=issuer, indent=10, seal=True))
        d.meta["columns"] = cols
    sub.permit_until = until
    sub.permit_types = types
    sub.permit_number = nfkc(number)
    return d


# ---------------------------------------------------------------- food label

STORAGE = ["直射日光、高温多湿を避けて保存してください。", "要冷蔵（10℃以下）", "−18℃以下で保存してください。",
           "冷暗所で保存", "10℃以下で保存してください。", "直射日光を避け、常温で保存"]
ELSEWHERE = ["枠外下部に記載", "枠外右下に記載", "容器上部に記載", "この面の右下に記載", "裏面下部に記載"]


def food_label(ctx, sub, biz, prod, flaw_undeclared=None, flaw_origin=False):
    rng = ctx.rng
    e = prod.entry
    d = Doc("food_label", "", rng.choice(["label", "shokuhin_hyoji", "hyoji_label", "ikkatsu"]), ["pdf", "scan", "photo"])
    text = e.text
    declared = list(e.declared) if e.declared is not None else None
    if flaw_undeclared:
        text = e.without(flaw_undeclared)
        declared = [a for a in declared if a != flaw_undeclared]
    text = text.replace("/", rng.choice(["／", "/", "、"]) if False else rng.choice(["／", "/"]))
    rows = []
    lab = lambda k: ctx.label(k)
    rows.append((lab("label.name"), e.name))
    d.set("label.name", nfkc(e.name))
    separate_add = bool(e.additives) and rng.random() < 0.3
    if separate_add:
        parts = ING.split_top(text.replace("／", "/"), "/")
        rows.append((lab("label.ingredients"), parts[0].rstrip("、")))
        rows.append(("添加物", parts[1].lstrip("、")))
    else:
        rows.append((lab("label.ingredients"), text))
    d.set("label.ingredients", e.ingredients)
    d.set("label.additives", e.additives)
    if declared is not None:
        d.set("label.allergens_declared", declared)
    origin_ok = e.top_has_origin
    if not e.top_has_origin and not flaw_origin:
        top = e.ingredients[0]
        o = rng.choice([f"{top}（国産）", f"国産（{top}）", f"{top}（{rng.choice(['国内製造', '国産', '石川県産', '北海道産'])}）"])
        rows.append((lab("label.origin"), o))
        d.set("label.origin", o)
        origin_ok = True
    rows.append((lab("label.net_contents"), prod.contents))
    d.set("label.net_contents", nfkc(prod.contents))
    key = "label.use_by" if prod.use_by else "label.best_before"
    lname = "消費期限" if prod.use_by else "賞味期限"
    if rng.random() < 0.25:
        ref = rng.choice(ELSEWHERE)
        rows.append((lname, ref))
        d.set("label.date_printed_elsewhere", ref)
    else:
        bd = sub.as_of + dt.timedelta(days=rng.randint(40, 300))
        rows.append((lname, fmt_date(bd, ctx.style("label_date_style"))))
        d.set(key, bd.isoformat())
    st = rng.choice(STORAGE[:2] if prod.temp != "frozen" else STORAGE[2:3]) if prod.temp != "chilled" else STORAGE[4]
    rows.append((lab("label.storage"), st))
    d.set("label.storage", nfkc(st))
    role = rng.choice(["製造者", "製造者", "販売者", "加工者"])
    rows.append((role, f"{biz.name}\n{biz.address}"))
    d.set("label.operator_role", role)
    d.set("label.operator_name", biz.name)
    d.set("label.operator_address", biz.address)
    d.meta["label_rows"] = rows
    if rng.random() < 0.6:
        kcal = rng.randint(40, 560)
        p_, f_, c_, s_ = round(rng.uniform(0.5, 25), 1), round(rng.uniform(0.1, 30), 1), round(rng.uniform(1, 80), 1), round(rng.uniform(0.1, 3.5), 1)
        title = ctx.label("label.nutrition")
        d.meta["nutrition"] = (title, [("エネルギー", f"{kcal}kcal"), ("たんぱく質", f"{p_}g"), ("脂質", f"{f_}g"),
                                       ("炭水化物", f"{c_}g"), ("食塩相当量", f"{s_}g")])
        d.set("label.nutrition.energy_kcal", kcal)
        d.set("label.nutrition.protein_g", p_)
        d.set("label.nutrition.fat_g", f_)
        d.set("label.nutrition.carbohydrate_g", c_)
        d.set("label.nutrition.salt_g", s_)
    if "label.date_printed_elsewhere" in d.fields and rng.random() < 0.5:
        d.meta["label_extra"] = [f"ロット {rng.randint(10, 99)}{rng.choice('ABCK')}"]
    # what this label lets us assert
    sub.label_clean_allergen = (declared is not None and not flaw_undeclared
                                and all(a in declared for a in e.evidence()))
    sub.label_origin_ok = origin_ok
    sub.label_declared = declared
    return d


# ---------------------------------------------------------------- pledge / license / PL (shika, ishigaki)

SHIKA_PLEDGE = ["志賀町ふるさと納税返礼品提供事業者募集要項の内容を理解し、これを遵守します。",
                "各種法令規則を遵守し、生産・製造・販売・サービスの提供等を行っています。",
                "志賀町税を滞納していません。",
                "暴力団員等又は暴力団員等と密接な関係を有する者ではありません。",
                "寄付者の個人情報を返礼品の送付以外の目的に使用せず、業務終了後3ヶ月以内に廃棄します。",
                "上記の内容に虚偽があった場合は、返礼品の登録を取り消されても異議を申し立てません。"]
ISHIGAKI_PLEDGE = ["返礼品提供事業者として石垣市ふるさと納税お礼の特産品提供に関する要項の2の要件を満たしていることについて誓約します。",
                   "要件に適合しないと判断された場合に、返礼品提供事業者から除外されても、何ら異議申し立てを行いません。",
                   "返礼品の適切な品質管理、配送管理を整えるとともに、寄附者に対し安全と信頼を確保します。",
                   "個人情報の取り扱いについては、個人情報の保護に関する法律及び関係法令を遵守し、返礼品送付以外の目的に使用しません。"]


def pledge(ctx, sub, biz):
    rng = ctx.rng
    shika = sub.profile == "shika"
    title = "志賀町ふるさと納税返礼品提供事業者誓約書" if shika else "誓約書兼同意書"
    d = Doc("pledge", title, "seiyakusho", ["scan", "fax", "photo", "pdf", "docx"])
    d.meta["form_no"] = "（様式第1号）" if shika else rng.choice(["（様式第3号）", "様式第3号"])
    signed = sub.submitted_on
    dl = date_line(ctx, signed)
    d.meta["top_right"] = [dict(value=dl, hand=True)]
    d.meta["addressee"] = [f"{MUNI[sub.profile]['mayor']}　様"]
    with_title = rng.random() < 0.6
    blk = [dict(label=ctx.label("pledge.address"), value=biz.address),
           dict(label=ctx.label("pledge.business_name"), value=biz.name),
           dict(label=ctx.label("pledge.representative"), value=biz.rep(with_title))]
    d.meta["applicant_block"] = blk
    d.set("pledge.signed_on", signed.isoformat())
    d.set("pledge.address", biz.address)
    d.set("pledge.business_name", biz.name)
    d.set("pledge.representative", nfkc(biz.rep(with_title)).replace("\u3000", " "))
    d.meta["intro"] = ["私は、" + ("志賀町ふるさと納税返礼品提供事業者として申し込むにあたり、次の事項について誓約します。" if shika else
                       "石垣市まちづくり支援寄附金（ふるさと納税）の返礼品を取り扱うにあたり、次の事項について誓約し同意します。")]
    for k, t in enumerate(SHIKA_PLEDGE if shika else ISHIGAKI_PLEDGE):
        d.para(f"{k + 1}．{t}")
    if shika and rng.random() < 0.5:
        s, g = rng.choice(["北村", "寺井", "坂下"]), rng.choice(["修", "智子", "誠"])
        d.kv(None, "個人情報管理責任者", f"{s}　{g}")
    d.meta["seal_wanted"] = rng.random() < 0.8
    return d


def license_check(ctx, sub, biz, prod, expired=False):
    rng = ctx.rng
    d = Doc("license_check", "返礼品を製造、販売するにあたり必要な免許及び許可の確認票", "menkyo_kakunin",
            ["docx", "pdf", "scan", "fax"])
    d.meta["form_no"] = "（様式第2号）"
    d.meta["top_right"] = [date_line(ctx, sub.submitted_on)]
    d.kv(None, ctx.label("applicant.name"), biz.name)
    d.kv(None, ctx.label("applicant.address"), biz.address)
    items = []
    style = ds(ctx)
    for t in sub.permit_types:
        items.append(dict(name=t, number=sub.permit_number, valid_until=sub.permit_until.isoformat()))
    if rng.random() < 0.3:
        until = D(sub.as_of.year + rng.randint(2, 5), 3, 31)
        items.append(dict(name="酒類販売業免許（通信販売酒類小売業免許）", number=f"{rng.choice(['七尾', '金沢'])}法第{rng.randint(100, 999)}号", valid_until=until.isoformat()))
    head = [ctx.label("license.name"), ctx.label("license.number"), ctx.label("license.valid_until"), "発行機関"]
    rows = []
    for it in items:
        rows.append([it["name"], it["number"], fmt_date(D.fromisoformat(it["valid_until"]), style),
                     rng.choice(MUNI[sub.profile]["issuer"]).replace("所長", "").replace("長", "") if "酒" not in it["name"] else "税務署"])
    d.para("返礼品を製造、販売するにあたり必要な免許及び許可について、次のとおり報告します。")
    d.table(head, rows, weights=[3, 2.2, 2, 2.2], hand=True)
    d.para("※免許及び許可を証明する書類（官公庁等から発行されたもの）の写しを添付してください。")
    d.set("license.items", items)
    return d


def pl_insurance(ctx, sub, biz):
    rng = ctx.rng
    d = Doc("pl_insurance", "PL（生産物賠償責任）保険加入有無の確認票", "pl_hoken", ["docx", "pdf", "scan", "fax"])
    d.meta["form_no"] = "（様式第3号）"
    d.meta["top_right"] = [date_line(ctx, sub.submitted_on)]
    d.kv(None, ctx.label("applicant.name"), biz.name)
    insured = rng.random() < 0.85
    d.check(ctx.label("pl_insurance.insured"), [("加入している", insured), ("加入していない", not insured)])
    d.set("pl_insurance.insured", insured)
    if insured:
        ins = rng.choice(["東京海上日動火災保険株式会社", "損害保険ジャパン株式会社", "三井住友海上火災保険株式会社", "あいおいニッセイ同和損害保険株式会社", "共栄火災海上保険株式会社"])
        d.kv("pl_insurance.insurer", ctx.label("pl_insurance.insurer"), ins)
        frm = D(sub.as_of.year - rng.randint(0, 1), rng.choice([4, 7, 10]), 1)
        until = D(frm.year + 1, frm.month, 1) - dt.timedelta(days=1)
        if until < sub.as_of:
            frm, until = D(frm.year + 1, frm.month, 1), D(frm.year + 2, frm.month, 1) - dt.timedelta(days=1)
        st = ds(ctx)
        if rng.random() < 0.5:
            d.kv("pl_insurance.valid_until", "保険期間", f"{fmt_date(frm, st)}～{fmt_date(until, st)}", until.isoformat())
        else:
            d.kv("pl_insurance.valid_until", ctx.label("pl_insurance.valid_until"), fmt_date(until, st), until.isoformat())
        d.kv(None, "支払限度額", rng.choice(["1億円", "5,000万円", "3億円"]))
    else:
        d.kv(None, "未加入の理由・今後の予定", rng.choice(["加入に向けて検討中", "商品の性質上、必要ないと判断したため"]))
    return d


# ---------------------------------------------------------------- applications

def _application_form(ctx, sub, title, stem, formats, form_no, addressee):
    """An application form's head: its number, the hand-written date top right, the addressee."""
    d = Doc("application", title, stem, formats)
    d.meta["form_no"] = form_no
    d.meta["top_right"] = [dict(value=date_line(ctx, sub.submitted_on), hand=True)]
    d.set("submitted_on", sub.submitted_on.isoformat())
    d.meta["addressee"] = [addressee]
    return d


def _applicant_rows(ctx, d, biz):
    """Name, representative (with or without title), address and contact rows of an application form."""
    d.kv("applicant.name", ctx.label("applicant.name"), biz.name)
    rt = ctx.rng.random() < 0.6
    d.kv("applicant.representative", ctx.label("applicant.representative"), biz.rep(rt), nfkc(biz.rep(rt)).replace("\u3000", " "))
    d.kv("applicant.address", ctx.label("applicant.address"), biz.address)
    _contact_rows(ctx, d, biz, ctx.rng)


def _shelf_life_rows(ctx, d, prod):
    """The best-before (or use-by) period row of a food, with its basis in the truth."""
    key = "product.use_by" if prod.use_by else "product.best_before"
    d.kv(f"{key}_days", ctx.label(f"{key}_days"), _days(ctx, prod.bb_basis, prod.bb_days), prod.bb_days)
    d.set(f"{key}_basis", prod.bb_basis)


def _contact_rows(ctx, d, biz, rng, with_fax=False):
    d.kv("applicant.contact_person", ctx.label("applicant.contact_person"), biz.contact, biz.contact.replace("\u3000", " "))
    ph = fmt_phone(biz.phone, ctx.style("phone"))
    d.kv("applicant.phone", ctx.label("applicant.phone"), ph, biz.phone)
    if with_fax:
        d.kv(None, "FAX", biz.fax)
    d.kv("applicant.email", ctx.label("applicant.email"), biz.email)


def _days(ctx, basis, n):
    return ctx.style("days_phrase").format(basis=BASIS[basis], n=n)


def _bank(ctx, d, biz, rng):
    d.sec(rng.choice(["お振込み先口座情報", "振込先口座", "口座情報"]))
    d.kv(None, ctx.label("bank.bank_name"), rng.choice(["北國銀行", "琉球銀行", "山陰合同銀行", "千葉銀行", "ゆうちょ銀行", "沖縄銀行", "島根銀行"]))
    d.kv("bank.bank_code", ctx.label("bank.bank_code"), biz.bank_code)
    d.kv("bank.branch_code", ctx.label("bank.branch_code"), biz.branch_code)
    d.check(ctx.label("bank.account_type"), [(t, t == biz.account_type) for t in ["普通", "当座", "貯蓄"]])
    d.set("bank.account_type", biz.account_type)
    d.kv("bank.account_number", ctx.label("bank.account_number"), biz.account_number)
    d.kv("bank.holder_kana", ctx.label("bank.holder_kana"), biz.holder_kana)


def _prices_ex(rng, flaw=False):
    rate = rng.choice([8, 8, 10]) 
    ex = rng.choice(range(1500, 9000, 50 if rate == 10 else 25)) // 50 * 50
    tax = ex * rate // 100
    pack = rng.choice([0, 100, 150, 200, 300, 500])
    other = rng.choice([0, 0, 0, 100, 250])
    total = ex + tax + pack + other
    if flaw:
        total += rng.choice([100, 500, 1000, -300])
    return dict(rate=rate, ex=ex, tax=tax, pack=pack, other=other, total=total)


def ishigaki_app(ctx, sub, biz, prod, flaws):
    rng = ctx.rng
    d = _application_form(ctx, sub, "石垣市ふるさと納税お礼の特産品提供申請書（特産品用）", "shinseisho", ["pdf", "xlsx", "scan", "fax"], "（様式第1号）", "石垣市長　様")
    rep_t = rng.random() < 0.7
    d.meta["applicant_block"] = [dict(label=ctx.label("applicant.address") + "：", value=biz.address),
                                 dict(label=ctx.label("applicant.name") + "：", value=biz.name),
                                 dict(label=ctx.label("applicant.representative") + "：", value=biz.rep(rep_t))]
    d.set("applicant.address", biz.address)
    d.set("applicant.name", biz.name)
    d.set("applicant.representative", nfkc(biz.rep(rep_t)).replace("\u3000", " "))
    d.meta["intro"] = ["「石垣市ふるさと納税お礼の特産品提供に関する要項」に基づき、下記のとおり申請します。"]
    d.kv("product.name", ctx.label("product.name"), prod.name)
    d.kv("product.contents", ctx.label("product.contents"), prod.contents)
    if prod.use_by:
        lab, keyd, keyb = ctx.label("product.use_by_days"), "product.use_by_days", "product.use_by_basis"
    else:
        lab, keyd, keyb = ctx.label("product.best_before_days"), "product.best_before_days", "product.best_before_basis"
    n = prod.bb_days
    d.check(lab, [(BASIS[b], b == prod.bb_basis) for b in BASIS], suffix=f"より　{n}　日以内")
    d.set(keyd, n)
    d.set(keyb, prod.bb_basis)
    g = 5 if "SHELF_LIFE_TOO_SHORT" in flaws else prod.guaranteed
    d.kv("product.guaranteed_days", ctx.label("product.guaranteed_days"), f"{g}日", g)
    free = not prod.allergens
    d.check("アレルギー情報", [("なし", free), ("あり（別紙該当原材料に✓）", not free)])
    d.set("product.allergen_free", free)
    d.check("確認", [("特定原材料及び特定原材料に準ずるものについて全て確認しました（食品必須）", True)])
    d.sec("配送関連登録情報")
    d.check(ctx.label("shipping.box_size"), [(f"{s}サイズ", s == prod.box) for s in [60, 80, 100, 120, 140, 160]])
    d.set("shipping.box_size", prod.box)
    d.check(ctx.label("shipping.temperature"), [(TEMP[t], t == prod.temp) for t in TEMP] + [("その他", False)])
    d.set("shipping.temperature", prod.temp)
    _period(ctx, d, sub, prod)
    d.kv("shipping.lead_days", ctx.label("shipping.lead_days"), f"{prod.lead}日", prod.lead)
    if prod.qlimit:
        d.check(ctx.label("shipping.quantity_limit"), [("出荷数制限無し", False), ("数量限定", True)], suffix=f"期間上限　{prod.qlimit}個")
        d.set("shipping.quantity_limit", prod.qlimit)
    else:
        d.check(ctx.label("shipping.quantity_limit"), [("出荷数制限無し", True), ("数量限定", False)])
    d.sec("商品金額")
    p = _prices_ex(rng, "PRICE_ARITHMETIC" in flaws)
    y = ctx.style("yen")
    d.kv("price.item_ex_tax", ctx.label("price.item_ex_tax"), fmt_yen(p["ex"], y), p["ex"])
    d.check(ctx.label("price.tax"), [("8%", p["rate"] == 8), ("10%", p["rate"] == 10)], prefix="（税率）", suffix=fmt_yen(p["tax"], y))
    d.set("price.tax_rate", p["rate"])
    d.set("price.tax", p["tax"])
    d.kv("price.packaging", ctx.label("price.packaging"), fmt_yen(p["pack"], y), p["pack"])
    d.kv("price.other", ctx.label("price.other"), fmt_yen(p["other"], y), p["other"])
    d.kv("price.total", "提案金額 " + ctx.label("price.total"), fmt_yen(p["total"], y), p["total"])
    rex = (p["ex"] * rng.choice([12, 13, 15]) // 10) // 100 * 100
    rtax = rex * p["rate"] // 100
    d.kv("retail.price_ex_tax", ctx.label("retail.price_ex_tax"), fmt_yen(rex, y), rex)
    d.kv("retail.tax", "一般販売価格 消費税", fmt_yen(rtax, y), rtax)
    d.kv("retail.total", ctx.label("retail.total") + " 合計", fmt_yen(rex + rtax, y), rex + rtax)
    d.sec("寄附金額 ※記入不要")
    d.kv(None, ctx.label("donation.amount"), "")
    d.sec("事業者情報")
    _contact_rows(ctx, d, biz, rng, with_fax=True)
    _bank(ctx, d, biz, rng)
    d.sec("アレルギー情報記載項目（特定原材料9品目・特定原材料に準ずるもの20品目）")
    checked = [a for a in prod.allergens if not ("ALLERGEN_SHEET_MISMATCH" in flaws and a == sub.sheet_drop)]
    opts = [(f, c in checked) for f, c in zip(FORM29, ALL29)]
    for k in range(0, 29, 5):
        d.check("特定原材料" if k < 9 else "準ずるもの", opts[k:k + 5])
    d.set("product.allergens", [c for c in ALL29 if c in checked])
    d.sec("原材料詳細")
    loc = rng.choice([100, 90, 80, 70, 60])
    d.kv("origin.local_pct", ctx.label("origin.local_pct"), f"◎石垣市内　{loc}%：◎石垣市外　{100 - loc}%", loc)
    own = rng.random() < 0.7
    d.check("製造・加工", [("自社", own), ("他社", not own)])
    if not own:
        d.kv("manufacturer.name", ctx.label("manufacturer.name"), f"有限会社{rng.choice(['八重山', '島'])}加工")
        d.kv("manufacturer.address", ctx.label("manufacturer.address"), f"沖縄県石垣市{rng.choice(['真栄里', '平得', '大浜'])}{rng.randint(100, 999)}番地")
    pl = rng.choice([100, 100, 80])
    d.kv("processing.local_pct", ctx.label("processing.local_pct"), f"◎石垣市内：{pl}%　◎石垣市外：{100 - pl}%", pl)
    d.sec("資格・許可記載項目")
    d.check("営業許可", [("取得している営業許可の種類は製品に適合している", True)])
    d.kv(None, "許可証名（複数記載可）", "、".join(sub.permit_types) if sub.permit_types else "")
    return d


def _period(ctx, d, sub, prod):
    lab = ctx.label("shipping.period")
    if prod.year_round:
        d.check(lab, [("通年", True), ("期間限定", False)])
        d.set("shipping.year_round", True)
    else:
        a = D(sub.as_of.year, sub.as_of.month, 1) + dt.timedelta(days=40)
        a = D(a.year, a.month, 1)
        b = D(a.year + (a.month + 3) // 12, (a.month + 3) % 12 or 12, 1) - dt.timedelta(days=1)
        if b < a:
            b = D(a.year, 12, 31)
        st = ds(ctx)
        d.check(lab, [("通年", False), ("期間限定", True)], suffix=f"{fmt_date(a, st)}～{fmt_date(b, st)}")
        d.set("shipping.year_round", False)
        d.set("shipping.period_from", a.isoformat())
        d.set("shipping.period_to", b.isoformat())


HAMADA_CAT = [("ア 生鮮食品", "food"), ("イ 加工食品", "food"), ("ウ 工芸品", "craft"), ("エ 障がい福祉事業所の商品", "other"),
              ("オ 観光施設等の利用プラン", "service")]


def hamada_app(ctx, sub, biz, prod, flaws):
    rng = ctx.rng
    d = _application_form(ctx, sub, "浜田市ふるさと寄附に係る特産品等提案書", "teiansho", ["xlsx", "pdf", "scan", "fax"], "様式1", "浜田市長　様")
    d.sec("事業者情報")
    _applicant_rows(ctx, d, biz)
    d.sec("特産品等の内容")
    d.kv("product.name", ctx.label("product.name"), prod.name)
    cat = 1 if prod.food else 2
    d.check(ctx.label("product.category"), [(t, k == cat) for k, (t, _) in enumerate(HAMADA_CAT)])
    d.set("product.category", HAMADA_CAT[cat][1])
    d.kv("product.contents", ctx.label("product.contents"), prod.contents)
    if prod.food:
        _shelf_life_rows(ctx, d, prod)
        g = 4 if "SHELF_LIFE_TOO_SHORT" in flaws else prod.guaranteed
        d.kv("product.guaranteed_days", ctx.label("product.guaranteed_days"), ctx.style("guaranteed_phrase").format(n=g), g)
    d.check(ctx.label("shipping.temperature"), [(TEMP[t], t == prod.temp) for t in TEMP])
    d.set("shipping.temperature", prod.temp)
    _period(ctx, d, sub, prod)
    d.sec("金額")
    don = sub.donation
    y = ctx.style("yen")
    item, ship, pack = sub.item_incl, sub.ship, sub.pack
    total = item + ship + pack + (rng.choice([300, 1000]) if "PRICE_ARITHMETIC" in flaws else 0)
    d.kv("price.item_incl_tax", ctx.label("price.item_incl_tax"), fmt_yen(item, y), item, note="※消費税込・本体のみ")
    d.kv("price.packaging", ctx.label("price.packaging"), fmt_yen(pack, y), pack)
    d.kv("price.shipping", ctx.label("price.shipping"), fmt_yen(ship, y), ship, note="※島根→東京の通常配送料金")
    d.kv("price.total", ctx.label("price.total"), fmt_yen(total, y), total)
    d.kv("donation.amount", ctx.label("donation.amount"), fmt_yen(don, y), don, note=f"（{don // 1000}ポイント）")
    rt_ = sub.retail
    d.kv("retail.total", ctx.label("retail.total"), fmt_yen(rt_, y), rt_, note="（税込・送料込）")
    d.sec("PR")
    d.kv(None, "商品説明", f"{MUNI['hamada']['words'][0]}の恵みを生かした{prod.name}です。")
    return d


NARITA_TIERS = [(1500, 5000, 10000), (3000, 10000, 15000), (4500, 15000, 20000), (6000, 20000, 25000),
                (7500, 25000, 30000), (9000, 30000, 35000), (10500, 35000, 40000), (12000, 40000, 45000),
                (13500, 45000, 50000), (15000, 50000, 60000), (18000, 60000, 100000)]


def narita_app(ctx, sub, biz, prod, flaws):
    d = _application_form(ctx, sub, "成田市ふるさと寄附金返礼品協力事業者登録申込書", "moushikomisho", ["docx", "pdf", "scan", "photo", "fax"], "第1号様式（第5条関係）", "（あて先）成田市長")
    d.meta["intro"] = ["成田市ふるさと寄附金返礼品協力事業者募集要項に基づき、次のとおり申し込みます。"]
    d.sec("事業者情報")
    _applicant_rows(ctx, d, biz)
    d.sec("返礼品情報")
    d.kv("product.name", ctx.label("product.name"), prod.name)
    d.kv("product.contents", ctx.label("product.contents"), prod.contents)
    if prod.food:
        _shelf_life_rows(ctx, d, prod)
    y = ctx.style("yen")
    d.kv("retail.total", ctx.label("retail.total"), fmt_yen(sub.retail, y), sub.retail, note="（税込・送料込）")
    d.kv("donation.amount", ctx.label("donation.amount"), fmt_yen(sub.donation, y), sub.donation)
    d.sec("地場産品基準3号に該当する場合")
    d.kv("price.procurement", ctx.label("price.procurement"), fmt_yen(sub.A, y), sub.A)
    d.kv("processing.outside_cost", ctx.label("processing.outside_cost"), fmt_yen(sub.B, y), sub.B)
    d.kv(None, "製造・加工地", f"日本国、{biz.pref}{biz.city}")
    d.check("公開への同意", [("同意する", True), ("同意しない", False)])
    return d


def shika_app(ctx, sub, biz, prod, flaws):
    rng = ctx.rng
    d = Doc("application", rng.choice(["返礼品登録シート", "返礼品提案書", "ふるさと納税返礼品 商品情報シート"]), "henreihin_sheet",
            ["docx", "xlsx", "pdf"])
    d.meta["top_right"] = [date_line(ctx, sub.submitted_on)]
    d.set("submitted_on", sub.submitted_on.isoformat())
    d.sec("事業者")
    d.kv("applicant.name", ctx.label("applicant.name"), biz.name)
    d.kv("applicant.address", ctx.label("applicant.address"), biz.address)
    d.kv(None, "部署名", rng.choice(["営業部", "販売課", "総務部", "本店"]))
    _contact_rows(ctx, d, biz, rng)
    d.sec("返礼品")
    d.kv("product.name", ctx.label("product.name"), prod.name)
    d.kv("product.contents", ctx.label("product.contents"), prod.contents)
    if prod.food:
        _shelf_life_rows(ctx, d, prod)
        g = 3 if "SHELF_LIFE_TOO_SHORT" in flaws else prod.guaranteed
        d.kv("product.guaranteed_days", ctx.label("product.guaranteed_days"), ctx.style("guaranteed_phrase").format(n=g), g)
    d.check(ctx.label("shipping.temperature"), [(TEMP[t], t == prod.temp) for t in TEMP])
    d.set("shipping.temperature", prod.temp)
    y = ctx.style("yen")
    d.kv("price.item_incl_tax", ctx.label("price.item_incl_tax"), fmt_yen(sub.item_incl, y), sub.item_incl, note="（消費税込）")
    d.kv("price.packaging", ctx.label("price.packaging"), fmt_yen(sub.pack, y), sub.pack)
    d.kv("price.shipping", ctx.label("price.shipping"), fmt_yen(sub.ship, y), sub.ship, note="※町負担")
    d.kv("donation.amount", ctx.label("donation.amount"), fmt_yen(sub.donation, y), sub.donation)
    d.kv(None, "商品・サービスの概要", f"{prod.name}。{rng.choice(['能登の海の幸を使用', '町内の工場で製造', '地元産の原料を使用'])}しています。")
    return d


def allergen_sheet(ctx, sub, biz, prod, drop=None):
    rng = ctx.rng
    d = Doc("allergen_sheet", ctx.label("allergens.title"), "allergen", ["xlsx", "pdf", "docx", "fax"])
    d.kv(None, ctx.label("product.name"), prod.name)
    d.kv(None, ctx.label("applicant.name"), biz.name)
    checked = [a for a in prod.allergens if a != drop]
    d.sec("【特定原材料 9品目】")
    opts = [(f, c in checked) for f, c in zip(FORM29, ALL29)]
    for k in range(0, 9, 3):
        d.check("", opts[k:k + 3])
    d.sec("【特定原材料に準ずるもの 20品目】")
    for k in range(9, 29, 4):
        d.check("", opts[k:k + 4])
    d.set("allergens.checked", [c for c in ALL29 if c in checked])
    conf = True
    d.check("", [(ctx.label("allergens.all_confirmed"), conf)])
    d.set("allergens.all_confirmed", conf)
    if rng.random() < 0.5:
        note = rng.choice(["本品製造工場では、えび・かにを含む製品を製造しています。", "同一ラインでそばを使用した製品を製造しています。",
                           "特になし"])
        d.kv("allergens.notes", ctx.label("allergens.notes"), note)
    for r in d.rows:
        if r["t"] == "check" and not r["label"]:
            r["label"] = "　"
    return d


# ---------------------------------------------------------------- complaint report (hamada)

CARRIERS = ["佐川急便", "クロネコヤマト", "ゆうパック"]


def complaint(ctx, sub, biz, prod, flaws):
    rng = ctx.rng
    d = Doc("complaint_report", "浜田市ふるさと寄附苦情等処理報告書", "kujo_houkoku", ["docx", "xlsx", "pdf", "fax", "scan"])
    st = ds(ctx)
    base = sub.as_of - dt.timedelta(days=rng.randint(8, 30))
    ship = dt.datetime(base.year, base.month, base.day, rng.randint(9, 17), rng.choice([0, 15, 30, 45]))
    recv = ship + dt.timedelta(days=rng.randint(2, 4), hours=rng.randint(1, 5))
    first = recv + dt.timedelta(hours=rng.randint(1, 20))
    city = first + dt.timedelta(hours=rng.randint(1, 30))
    if "COMPLAINT_TIMELINE_INVALID" in flaws:
        first = recv - dt.timedelta(days=rng.randint(1, 2))
    rep_day = city.date() + dt.timedelta(days=rng.randint(1, 5))
    d.meta["top_right"] = [date_line(ctx, rep_day, st)]
    d.meta["addressee"] = ["浜田市長　様"]

    def dtp(x):
        return f"{fmt_date(x.date(), st)}　{fmt_time(x.hour, x.minute, st)}ごろ"

    d.kv("complaint.business_name", ctx.label("complaint.business_name"), biz.name)
    d.kv("complaint.product_name", ctx.label("complaint.product_name"), prod.name)
    s, g = rng.choice(["田中", "鈴木", "伊藤"]), rng.choice(["一郎", "和子", "聡"])
    d.kv(None, "寄附者 氏名", f"{s}　{g}")
    d.kv(None, "寄附者 住所", rng.choice(["東京都世田谷区桜丘1-2-3", "大阪府吹田市江坂町2-5-8", "神奈川県横浜市港北区新横浜3-1-1"]))
    d.kv("complaint.shipped_at", ctx.label("complaint.shipped_at"), dtp(ship), ship.strftime("%Y-%m-%dT%H:%M"))
    car = rng.choice(CARRIERS)
    mk = rng.choice(["○", "◯"])
    d.kv("complaint.carrier", ctx.label("complaint.carrier"), "・".join(f"{mk}{c}" if c == car else c for c in CARRIERS) + "・（　　）", car)
    tmp = prod.temp
    d.kv("complaint.temperature", ctx.label("complaint.temperature"),
         "・".join(f"{mk}{TEMP[t]}" if t == tmp else TEMP[t] for t in TEMP) + "・（　　）", tmp)
    d.kv("complaint.received_at", ctx.label("complaint.received_at"), dtp(recv), recv.strftime("%Y-%m-%dT%H:%M"))
    content = rng.choice(["指定日時までに届かなかった。", "箱が潰れており、中身の一部が破損していた。", "冷凍で指定したが常温で届いた。",
                          "注文したものと異なる商品が届いた。"])
    d.kv("complaint.content", ctx.label("complaint.content"), content)
    d.kv("complaint.first_contact_at", ctx.label("complaint.first_contact_at"), dtp(first), first.strftime("%Y-%m-%dT%H:%M"))
    tl = [f"{first.month}/{first.day} 寄附者へ電話し謝罪、状況を確認", f"{first.month}/{first.day} 代替品の発送を手配",
          f"{city.month}/{city.day} 浜田市ふるさと寄附推進室へ電話で報告", f"{rep_day.month}/{rep_day.day} 代替品の到着を確認"]
    d.kv("complaint.timeline", ctx.label("complaint.timeline"), "\n".join(tl))
    d.kv("complaint.city_notified_at", ctx.label("complaint.city_notified_at"), dtp(city), city.strftime("%Y-%m-%dT%H:%M"))
    d.kv(None, "対応した市職員名", rng.choice(["ふるさと寄附推進室　大谷", "推進室　岩本", "佐々木"]))
    if "COMPLAINT_INCOMPLETE" not in flaws:
        d.kv("complaint.prevention", ctx.label("complaint.prevention"),
             rng.choice(["出荷前の梱包確認をダブルチェックとし、緩衝材を増やす。", "配送業者と温度帯の指定方法を再確認し、伝票の記載を徹底する。",
                         "受注から発送までの管理表を作成し、発送遅延を防止する。"]))
    else:
        d.kv(None, ctx.label("complaint.prevention"), "")
    title = rng.choice(["品質管理課長", "店長", "主任", "代表取締役"])
    s2, g2 = rng.choice(["大浜", "寺井", "三浦"]), rng.choice(["誠", "由美", "浩之"])
    d.kv("complaint.author", ctx.label("complaint.author"), f"（職名）{title}　（氏名）{s2}　{g2}", f"{title} {s2} {g2}")
    d.meta["footer"] = ["（注）記入欄が不足する場合は、別紙に記入の上、添付してください。"]
    return d


# ---------------------------------------------------------------- gunma

GUNMA_ITEMS = [("サージカルマスク（50枚入）", "感染予防用品"), ("不織布マスク 子ども用（30枚入）", "感染予防用品"),
               ("手指消毒用アルコール 500ml", "感染予防用品"), ("ハンドソープ 詰替用", "衛生用品"),
               ("ペーパータオル（200枚×5）", "衛生用品"), ("非常用保存水 2L×6本", "避難・非常用品"),
               ("携帯トイレ（10回分）", "避難・非常用品"), ("ニトリル手袋（100枚入）", "感染予防用品")]
NOT_ELIGIBLE = [("こんにゃくゼリー詰合せ", "食品"), ("上州地酒 飲み比べセット", "酒類")]


def sales_plan(ctx, sub, biz, flaws):
    rng = ctx.rng
    d = Doc("sales_plan", rng.choice(["販売計画書", "販売計画", "群馬県民向けマスク等販売事業 販売計画"]), "hanbai_keikaku",
            ["xlsx", "docx", "pdf", "fax"])
    y, m = sub.plan_month
    st = ds(ctx)
    d.meta["top_right"] = [date_line(ctx, sub.submitted_on, st)]
    d.set("plan.submitted_on", sub.submitted_on.isoformat())
    d.meta["addressee"] = ["群馬県知事　様"]
    d.kv("plan.business_name", ctx.label("plan.business_name"), biz.name)
    d.set("plan.business_name", biz.name)
    d.kv("plan.month", ctx.label("plan.month"), fmt_month(y, m, st), f"{y:04d}-{m:02d}")
    head = [ctx.label(f"plan.item.{k}") for k in ["name", "category", "quantity", "unit_price", "purchase_limit", "made_in"]]
    rows, items = [], []
    for k, (name, cat, qty, price, lim, made) in enumerate(sub.plan_items):
        rows.append([name, cat, f"{qty:,}", f"{price:,}", "" if lim is None else f"{lim}", made])
        it = dict(name=name, category=cat, quantity=qty, unit_price=price, made_in=made)
        if lim is not None:
            it["purchase_limit"] = lim
        items.append(it)
    d.table(head, rows, weights=[3.2, 1.8, 1.1, 1.2, 1.1, 1.6])
    d.set("plan.items", items)
    d.para("※購入上限数は個別商品分類ごとに販売事業者の責任の下で設定しています。")
    return d


def purchase_list(ctx, sub, flaws):
    rng = ctx.rng
    d = Doc("purchase_list", "購入申込者リスト", rng.choice(["moushikomi_list", "kounyusha", "list"]), ["csv", "xlsx"])
    rows = []
    n = rng.randint(6, 14)
    limits = {it[0]: it[4] for it in sub.plan_items}
    eligible = [it for it in sub.plan_items if it[4]]
    for i in range(n):
        s, g = rng.choice(list(__import__("samples.family_b.entities", fromlist=["KANA_S"]).KANA_S)), rng.choice(list(__import__("samples.family_b.entities", fromlist=["KANA_G"]).KANA_G))
        from .entities import GUNMA_CITIES, GUNMA_TOWNS, kana
        addr = f"群馬県{rng.choice(GUNMA_CITIES)}{rng.choice(GUNMA_TOWNS)}{rng.randint(1, 30)}-{rng.randint(1, 20)}"
        bd = D(rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28))
        it = rng.choice(eligible)
        q = rng.randint(1, it[4])
        rows.append(dict(name=f"{s} {g}", kana=kana(s, g, hira=rng.random() < 0.5), address=addr, birth_date=bd.isoformat(),
                         phone=f"0{rng.choice(['27', '270', '276', '277', '90', '80'])}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                         item=it[0], quantity=q))
    # de-duplicate accidental same-person rows (a clean list must not trip PURCHASER_DUPLICATE / OVER_LIMIT)
    seen = set()
    rows = [r for r in rows if not (r["name"] in seen or seen.add(r["name"]))]
    if "PURCHASER_OUTSIDE_PREFECTURE" in flaws:
        r = rng.choice(rows)
        r["address"] = rng.choice(["埼玉県熊谷市筑波2-3-1", "栃木県足利市通3-12", "長野県北佐久郡軽井沢町大字軽井沢1-5", "東京都練馬区豊玉北5-1"])
    if "PURCHASE_OVER_LIMIT" in flaws:
        r = rng.choice(rows)
        r["quantity"] = limits[r["item"]] + rng.randint(1, 3)
    if "PURCHASER_DUPLICATE" in flaws:
        r = dict(rng.choice(rows))
        other = [it for it in eligible if it[0] != r["item"]] or eligible
        r["item"] = rng.choice(other)[0]
        r["quantity"] = 1
        rows.insert(rng.randint(0, len(rows)), r)
    d.set("purchases.rows", rows)
    d.meta["head"] = [ctx.label(f"purchases.{k}") for k in ["name", "kana", "address", "birth_date", "phone", "item", "quantity"]]
    bstyle = rng.choice(["iso", "slash", "wareki"])
    d.meta["table"] = [[r["name"], r["kana"], r["address"],
                        r["birth_date"] if bstyle == "iso" else (r["birth_date"].replace("-", "/") if bstyle == "slash" else fmt_date(D.fromisoformat(r["birth_date"]), "wareki")),
                        r["phone"], r["item"], r["quantity"]] for r in rows]
    return d
