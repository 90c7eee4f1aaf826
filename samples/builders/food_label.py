"""食品表示ラベル (一括表示): ingredients with nested parts, additives, allergens."""
from __future__ import annotations

import datetime as dt
import random

from samples.builders.common import DATE_STYLES, Supplier, wareki
from samples.model import KV, DocSpec, Para

# (printed name, parenthesised part or None, allergens it contains [canonical], printed allergen words)
INGREDIENTS = {
    "菓子": [
        ("小麦粉", "国内製造", ["小麦"]), ("砂糖", None, []), ("バター", None, ["乳"]),
        ("鶏卵", None, ["卵"]), ("アーモンドパウダー", None, ["アーモンド"]), ("黒糖", "沖縄県産", []),
        ("マーガリン", None, ["乳", "大豆"]), ("全粉乳", None, ["乳"]), ("ショートニング", None, []),
        ("チョコレート", "砂糖、カカオマス、全粉乳、ココアバター", ["乳"]),
        ("あん", "砂糖、小豆、水あめ", []), ("食塩", None, []), ("はちみつ", None, []),
        ("ごま", None, ["ごま"]), ("くるみ", None, ["くるみ"]), ("水あめ", None, []),
        ("植物油脂", "なたね油、パーム油", []), ("脱脂粉乳", None, ["乳"]),
    ],
    "惣菜": [
        ("豚肉", "国産", ["豚肉"]), ("鶏肉", "鹿児島県産", ["鶏肉"]), ("たまねぎ", None, []),
        ("しょうゆ", "大豆・小麦を含む", ["大豆", "小麦"]), ("パン粉", None, ["小麦"]),
        ("植物油脂", None, []), ("砂糖", None, []), ("食塩", None, []), ("えび", None, ["えび"]),
        ("いか", None, ["いか"]), ("全卵", None, ["卵"]), ("でん粉", None, []),
        ("ソース", "野菜・果実（トマト、りんご）、醸造酢、糖類（ぶどう糖果糖液糖、砂糖）", ["りんご"]),
        ("香辛料", None, []), ("にんにく", None, []), ("牛肉", "国産", ["牛肉"]),
    ],
    "水産加工品": [
        ("さば", "ノルウェー", ["さば"]), ("食塩", None, []), ("本みりん", None, []),
        ("しょうゆ", "大豆・小麦を含む", ["大豆", "小麦"]), ("かつお節", None, []),
        ("砂糖", None, []), ("昆布エキス", None, []), ("かに", "ロシア", ["かに"]),
        ("さけ", "北海道", ["さけ"]), ("清酒", None, []),
    ],
}
NAMES = {"菓子": ["焼菓子", "洋菓子", "和菓子", "クッキー", "焼きドーナツ"],
         "惣菜": ["そうざい", "調理冷凍食品", "ハンバーグ"],
         "水産加工品": ["魚介類加工品", "塩さば", "干物"]}
PRODUCT = {"菓子": ["黒糖クッキー", "塩ちんすこう", "バターサブレ", "米粉マドレーヌ"],
           "惣菜": ["手ごねハンバーグ", "豚角煮", "海老カツ"],
           "水産加工品": ["さば文化干し", "紅鮭切身", "かに味噌漬"]}
ADDITIVES = [("膨張剤", None, []), ("香料", None, []), ("乳化剤", "大豆由来", ["大豆"]),
             ("酸化防止剤", "ビタミンE", []), ("着色料", "カロテン", []), ("調味料", "アミノ酸等", []),
             ("pH調整剤", None, []), ("増粘剤", "加工でん粉、キサンタン", []), ("ソルビトール", None, [])]
# how the collective declaration prints a canonical allergen
PRINTED = {"乳": "乳成分"}
STORAGE = ["直射日光、高温多湿を避けて保存してください。", "要冷凍（-18℃以下）", "10℃以下で保存してください。",
           "常温で保存"]
NET = ["120g", "12枚", "8個入", "500g", "2切（240g）"]
MANDATORY = ["えび", "かに", "くるみ", "小麦", "そば", "卵", "乳", "落花生", "カシューナッツ"]
ORDER = ["乳", "卵", "小麦", "えび", "かに", "くるみ", "そば", "落花生", "カシューナッツ"]


def _item(name: str, part: str | None) -> str:
    return f"{name}（{part}）" if part else name


def _declaration(allergens: list[str]) -> str:
    return "（一部に" + "・".join(PRINTED.get(a, a) for a in allergens) + "を含む）"


def build(rng: random.Random, sup: Supplier, variant: int, flaw: str | None = None,
          today: dt.date | None = None) -> DocSpec:
    today = today or dt.date(2026, 11, 1)
    group = rng.choice(list(INGREDIENTS))
    pool = list(INGREDIENTS[group])
    if flaw == "undeclared_allergen":
        group, pool = "菓子", list(INGREDIENTS["菓子"])
    rng.shuffle(pool)
    items = pool[: rng.randint(3, 7)]
    if flaw == "undeclared_allergen" and not any(i[0] == "バター" for i in items):
        items[rng.randrange(len(items))] = ("バター", None, ["乳"])
    seen: set[str] = set()
    items = [i for i in items if not (i[0] in seen or seen.add(i[0]))]
    adds = rng.sample(ADDITIVES, rng.randint(0, 3))
    contained: list[str] = []
    for _, _, al in items + adds:
        contained += [a for a in al if a not in contained]
    declared = sorted(contained, key=lambda a: ORDER.index(a) if a in ORDER else 50 + len(a))
    findings: list[str] = []
    if flaw == "undeclared_allergen":
        declared = [a for a in declared if a != "乳"]
        findings.append("ALLERGEN_UNDECLARED")
    ing_text = "、".join(_item(n, p) for n, p, _ in items)
    add_text = "、".join(_item(n, p) for n, p, _ in adds)
    decl = _declaration(declared) if declared else ""
    separate_additives = adds and rng.random() < 0.4
    slash = rng.choice(["／", "/"])
    if separate_additives:
        rows_ing = [("原材料名", ing_text), ("添加物", add_text + ("、" + decl if decl else ""))]
    else:
        tail = (slash + add_text if adds else "") + ("、" + decl if decl else "")
        rows_ing = [(rng.choice(["原材料名", "原材料名", "原材料"]), ing_text + tail)]
    best = today + dt.timedelta(days=rng.choice([30, 60, 90, 180, 365]))
    net = rng.choice(NET)
    role = rng.choice(["製造者", "製造者", "販売者", "加工者"])
    origin = None
    if group != "菓子" or rng.random() < 0.5:
        origin = rng.choice(["国産", "小麦（国産）", "沖縄県", "国内製造"])
    name = rng.choice(NAMES[group])
    op_sep = rng.choice(["\n", "　", " "])
    rows: list[tuple[str, str]] = [(rng.choice(["名称", "名称", "品名"]), name)] + rows_ing
    if origin:
        rows.append(("原料原産地名", origin))
    rows += [("内容量", net), ("賞味期限", wareki(best, rng.choice(DATE_STYLES))),
             ("保存方法", rng.choice(STORAGE)), (role, f"{sup.name}{op_sep}{sup.address}")]
    if variant % 3 == 2:   # suppliers move rows around; 名称 and 原材料名 stay on top
        head, tail_rows = rows[:2], rows[2:]
        rng.shuffle(tail_rows)
        rows = head + tail_rows
    nut = None
    kcal = round(rng.uniform(50, 550), 0)
    nutrition = {"label.nutrition.energy_kcal": kcal,
                 "label.nutrition.protein_g": round(rng.uniform(0.5, 25), 1),
                 "label.nutrition.fat_g": round(rng.uniform(0.1, 30), 1),
                 "label.nutrition.carbohydrate_g": round(rng.uniform(1, 70), 1),
                 "label.nutrition.salt_g": round(rng.uniform(0.01, 3), 2)}
    if rng.random() < 0.7:
        n = nutrition
        nut = KV(heading=f"栄養成分表示（{rng.choice(['100g', '1個', '1枚'])}当たり）", rows=[
            ("エネルギー", f"{n['label.nutrition.energy_kcal']:g}kcal"),
            ("たんぱく質", f"{n['label.nutrition.protein_g']:g}g"),
            ("脂質", f"{n['label.nutrition.fat_g']:g}g"),
            ("炭水化物", f"{n['label.nutrition.carbohydrate_g']:g}g"),
            ("食塩相当量", f"{n['label.nutrition.salt_g']:g}g")])
    style = "colon" if variant % 2 == 1 else "table"
    blocks = [Para(rng.choice(PRODUCT[group]), "center", 14), KV(rows=rows, style=style,
              heading=rng.choice([None, "一括表示", "食品表示"]))]
    if nut:
        blocks.append(nut)
    truth = {"label.name": name,
             "label.ingredients": [n for n, _, _ in items],
             "label.additives": [n for n, _, _ in adds],
             "label.allergens_declared": declared,
             "label.net_contents": net,
             "label.best_before": best.isoformat(),
             "label.storage": dict(rows)["保存方法"],
             "label.operator_role": role,
             "label.operator_name": sup.name,
             "label.operator_address": sup.address}
    if origin:
        truth["label.origin"] = origin
    if nut:
        truth.update(nutrition)
    return DocSpec(kind="food_label", stem="shokuhin_hyoji", blocks=blocks, truth=truth, findings=findings)
