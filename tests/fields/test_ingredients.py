import csv
from pathlib import Path

import pytest

from intake.domain import allergens as engine


class ing:  # the label fields use the one parser of intake.domain.allergens
    @staticmethod
    def parse(text, adds=None):
        parsed = engine.parse_ingredients(text, adds)
        parsed.names = [i.name for i in parsed.ingredients]
        parsed.additive_names = [i.name for i in parsed.additives]
        return parsed

    declared = staticmethod(engine.declared_allergens)

CASES = [
    # text, additives row, ingredients, additives, declared
    ("小麦粉（国内製造）、砂糖、バター、鶏卵／膨張剤、香料、（一部に小麦・卵・乳成分を含む）", None,
     ["小麦粉", "砂糖", "バター", "鶏卵"], ["膨張剤", "香料"], ["小麦", "卵", "乳"]),
    ("チョコレート（砂糖、カカオマス（ガーナ産）、全粉乳）、小麦粉/乳化剤（大豆由来）", None,
     ["チョコレート", "小麦粉"], ["乳化剤"], ["乳", "小麦", "大豆"]),
    ("豚肉（国産）、しょうゆ（大豆・小麦を含む）、砂糖", "調味料（アミノ酸等）、増粘剤（加工でん粉、キサンタン）",
     ["豚肉", "しょうゆ"  , "砂糖"], ["調味料", "増粘剤"], ["豚肉", "大豆", "小麦"]),
    ("卵フィリング(卵、マヨネーズ(卵・小麦・大豆を含む)、でん粉)、パン(小麦・乳成分・卵を含む)", None,
     ["卵フィリング", "パン"], [], ["卵", "小麦", "大豆", "乳"]),
    ("さば（ノルウェー）、食塩", None, ["さば", "食塩"], [], ["さば"]),
    ("豚もも肉、還元水あめ/調味料(アミノ酸)", None, ["豚もも肉", "還元水あめ"], ["調味料"], ["豚肉"]),
    ("焼きそば（小麦を含む）、乳化剤、酒", None, ["焼きそば", "乳化剤", "酒"], [], ["小麦"]),
    # unbalanced bracket from OCR: still split, never swallow the rest
    ("小麦粉（国内製造、砂糖、バター", None, ["小麦粉国内製造", "砂糖", "バター"], [], ["小麦", "乳"]),
    ("", None, [], [], []),
]


@pytest.mark.parametrize("text,adds,ingredients,additives,declared", CASES)
def test_it_splits_ingredient_lists(text, adds, ingredients, additives, declared):
    parsed = ing.parse(text, adds)
    assert parsed.names == ingredients
    assert parsed.additive_names == additives
    assert ing.declared(parsed) == declared


def test_collective_labelling_declares_only_the_listed_items():
    parsed = ing.parse("バター、鶏卵、小麦粉/香料、(一部に卵・小麦を含む)")
    assert ing.declared(parsed) == ["卵", "小麦"]


DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real_ingredient_lists" / "dev.tsv"


@pytest.mark.skipif(not DEV.exists(), reason="real ingredient lists not available")
def test_it_splits_real_lists_sanely():
    with DEV.open(encoding="utf-8") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if len(r) >= 2]
    assert len(rows) > 1000
    with_slash = sane = 0
    for r in rows:
        parsed = ing.parse(r[1])
        names = parsed.names + parsed.additive_names
        assert all("(" not in n and ")" not in n for n in names), r[0]
        assert all(len(n) < 60 for n in names), r[0]
        if "/" in r[1] or "／" in r[1]:
            with_slash += 1
            sane += bool(parsed.names and parsed.additive_names)
    assert sane / with_slash > 0.97
