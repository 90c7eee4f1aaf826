"""The allergen dictionary, parser and detector (SPEC §4, issue 4 item 3)."""
import datetime as dt

import pytest

from intake.domain import allergens as A

ALTERNATES = [  # 代替表記・拡大表記 → canonical allergen
    ("玉子", "卵"), ("たまご", "卵"), ("エッグ", "卵"), ("鶏卵", "卵"), ("卵黄", "卵"), ("卵白", "卵"),
    ("ミルク", "乳"), ("バター", "乳"), ("チーズ", "乳"), ("乳糖", "乳"), ("生乳", "乳"), ("牛乳", "乳"),
    ("練乳", "乳"), ("全粉乳", "乳"), ("脱脂粉乳", "乳"), ("乳成分", "乳"),
    ("海老", "えび"), ("エビ", "えび"), ("小麦粉", "小麦"), ("ピーナッツ", "落花生"), ("胡麻", "ごま"),
    ("鮭", "さけ"), ("サーモン", "さけ"), ("チキン", "鶏肉"), ("ポーク", "豚肉"), ("カニ", "かに"),
    ("ずわいがに", "かに"), ("クルミ", "くるみ"), ("蕎麦", "そば"), ("カシューナッツ", "カシューナッツ"),
    ("ピスタチオ", "ピスタチオ"), ("白桃", "もも"), ("りんご果汁", "りんご"), ("牛脂", "牛肉"),
    ("ごま油", "ごま"), ("ゼラチン", "ゼラチン"), ("大豆油", "大豆"), ("イカ", "いか"),
]

LOOKALIKES = [  # (text, allergen it must NOT be detected as)
    ("乳化剤", "乳"), ("乳酸", "乳"), ("乳酸菌", "乳"), ("乳酸Ca", "乳"), ("ココナッツミルク", "乳"),
    ("カカオバター", "乳"), ("ピーナッツバター", "乳"), ("豆乳", "乳"),
    ("大麦", "小麦"), ("ライ麦", "小麦"), ("焼きそば", "そば"), ("焼そば", "そば"), ("焼そばソース", "小麦"),
    ("酒", "さけ"), ("料理酒", "さけ"), ("いかなご", "いか"), ("鶏もも肉", "もも"), ("豚もも肉", "もも"),
    ("鶏卵", "鶏肉"), ("すもも", "もも"), ("胡桃", "もも"), ("パイナップル", "りんご"), ("牛乳", "牛肉"),
    ("オーガニックシュガー", "かに"), ("ごまめ", "ごま"), ("魚卵", "卵"), ("河豚", "豚肉"),
]


@pytest.mark.parametrize("text,allergen", ALTERNATES)
def test_alternate_names_are_detected(text, allergen):
    assert allergen in {m.allergen for m in A.detect(text)}


@pytest.mark.parametrize("text,allergen", ALTERNATES)
def test_alternate_names_are_canonical(text, allergen):
    assert A.canonical(text) == allergen


@pytest.mark.parametrize("text,allergen", LOOKALIKES)
def test_lookalikes_do_not_match(text, allergen):
    assert allergen not in {m.allergen for m in A.detect(text)}


def test_chicken_thigh_is_chicken_and_egg_is_egg():
    assert {m.allergen for m in A.detect("鶏もも肉")} == {"鶏肉"}
    assert {m.allergen for m in A.detect("鶏卵")} == {"卵"}
    assert {m.allergen for m in A.detect("ピーナッツバター")} == {"落花生"}


def test_match_unpacks_as_pair_and_keeps_ingredient():
    (allergen, term), = A.detect("バター")
    assert (allergen, term) == ("乳", "バター")
    assert A.detect("バター")[0].ingredient == "バター"


def test_canonical_of_form_labels_and_unknown():
    assert A.canonical("落花生（ピーナッツ）") == "落花生"
    assert A.canonical("さけ（鮭）") == "さけ"
    assert A.canonical("乳成分") == "乳"
    assert A.canonical("砂糖") is None
    assert A.canonical("") is None and A.canonical(None) is None


def test_parse_nesting_additives_and_collective():
    p = A.parse_ingredients("チョコレート（砂糖、カカオマス、全粉乳）、小麦粉（国内製造）、鶏卵"
                            "／乳化剤（大豆由来）、香料、（一部に小麦・卵・乳成分・大豆を含む）")
    assert [i.name for i in p.ingredients] == ["チョコレート", "小麦粉", "鶏卵"]
    assert [c.name for c in p.ingredients[0].children] == ["砂糖", "カカオマス", "全粉乳"]
    assert p.ingredients[1].origin == "国内製造"
    assert [a.name for a in p.additives] == ["乳化剤", "香料"]
    assert p.additives[0].contains == ["大豆"]
    assert p.collective == ["小麦", "卵", "乳", "大豆"]
    assert A.declared_allergens(p) == ["小麦", "卵", "乳", "大豆"]


def test_parse_half_width_slash_and_individual_declarations():
    p = A.parse_ingredients("パン(小麦・乳成分・卵を含む)、マヨネーズ(卵・大豆を含む)/調味料(アミノ酸等)")
    assert p.collective is None
    assert p.ingredients[0].contains == ["小麦", "乳", "卵"]
    assert [c.name for c in p.additives[0].children] == ["アミノ酸等"]
    assert set(A.declared_allergens(p)) == {"小麦", "乳", "卵", "大豆"}


def test_individual_labelling_counts_ingredient_names_collective_does_not():
    individual = A.parse_ingredients("小麦粉、バター、砂糖")
    assert set(A.declared_allergens(individual)) == {"小麦", "乳"}
    collective = A.parse_ingredients("小麦粉、バター、砂糖、(一部に小麦を含む)")
    assert A.declared_allergens(collective) == ["小麦"]


def test_implied_foods_detect_but_do_not_declare():
    p = A.parse_ingredients("食パン、マヨネーズ")
    found = {m.allergen: m.implied for m in A.contained_allergens(p)}
    assert found["小麦"] is True and found["卵"] is True
    assert A.declared_allergens(p) == []


def test_separate_additives_text():
    p = A.parse_ingredients("砂糖、小麦粉", "乳化剤(大豆由来)、香料")
    assert [a.name for a in p.additives] == ["乳化剤", "香料"] and p.additives[0].contains == ["大豆"]


@pytest.mark.parametrize("text", ["", None, "(((", ")))、、/", "（一部に", "a" * 5000, "(" * 3000 + "卵"])
def test_parser_never_raises(text):
    p = A.parse_ingredients(text)
    A.declared_allergens(p)
    A.contained_allergens(p)


def test_status_and_cashew_transition():
    assert A.status("カシューナッツ", dt.date(2025, 1, 1)).list == "recommended"
    s = A.status("カシューナッツ", dt.date(2026, 11, 22))
    assert s.list == "mandatory" and s.in_transition(dt.date(2026, 11, 22))
    assert not s.in_transition(dt.date(2028, 4, 1))
    assert A.status("ピスタチオ", dt.date(2025, 1, 1)) is None
    assert A.status("ピスタチオ", dt.date(2026, 11, 22)).list == "recommended"
    assert A.status("くるみ", dt.date(2026, 1, 1)).list == "mandatory"


def test_lists_have_nine_and_twenty_items_after_the_amendment():
    day = dt.date(2026, 11, 22)
    assert len(A.allergens_on(day, "mandatory")) == 9
    assert len(A.allergens_on(day, "recommended")) == 20


def test_implied_only_when_the_parts_are_not_listed():
    assert "小麦" not in {m.allergen for m in A.detect("最中種(餅粉、でん粉)、砂糖")}
    assert "小麦" in {m.allergen for m in A.detect("最中種、砂糖")}


def test_headings_and_additive_row_without_slash():
    p = A.parse_ingredients("原材料名：小麦粉、砂糖、添加物：乳化剤（大豆由来）、香料")
    assert [i.name for i in p.ingredients] == ["小麦粉", "砂糖"]
    assert [a.name for a in p.additives] == ["乳化剤", "香料"]


@pytest.mark.parametrize("odd", [5, 1.5, ["卵"], {"a": 1}, True])
def test_detect_tolerates_odd_input(odd):
    assert isinstance(A.detect(odd), list)


# look-alikes found by reading every match on the real lists
@pytest.mark.parametrize("text,allergen", [
    ("スイカ果汁", "いか"), ("ヤマモモ抽出物", "もも"), ("南乳", "乳"), ("オートミルクパウダー", "乳"),
    ("すけとうだらの卵巣", "卵"), ("ますの卵", "卵"), ("からふとししゃも卵", "卵"), ("小豆甘納豆", "大豆"),
    ("豆腐用凝固剤", "大豆"), ("納豆菌", "大豆"), ("ベルギー産", "乳"),
])
def test_real_list_lookalikes(text, allergen):
    assert allergen not in {m.allergen for m in A.detect(text)}


def test_origin_with_share():
    assert A.parse_ingredients("チョコレート(ベルギー産25%)").ingredients[0].origin == "ベルギー産25%"


@pytest.mark.parametrize("text,declared", [
    ("砂糖、(一部に乳成分・卵・小麦・大豆・とり肉・豚肉・りんごを含む)", ["小麦", "卵", "乳", "大豆", "鶏肉", "豚肉", "りんご"]),
    ("砂糖、(一部に乳成分、ゼラチン含む)", ["乳", "ゼラチン"]),
    ("砂糖、香料(原材料の一部に小麦、大豆を含む)", ["小麦", "大豆"]),
    ("野菜、(その他大豆由来原材料を含む)", ["大豆"]),
])
def test_declaration_forms_from_real_labels(text, declared):
    p = A.parse_ingredients(text)
    assert set(A.declared_allergens(p)) == set(declared)


def test_cranberry_is_not_salmon_roe():
    assert "いくら" not in {m.allergen for m in A.detect("ドライクランベリー")}
