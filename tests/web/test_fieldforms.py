"""Field values to form text and back, typed by what the machine read."""
from __future__ import annotations

import pytest

from web.access import masked
from web.fieldforms import BadValue, as_grid, as_text, parse, parse_grid


@pytest.mark.parametrize("value", [["卵", "小麦"], 1200, 8.5, True, False, "焼菓子", None,
                                   [{"name": "マスク", "quantity": 3}]])
def test_what_is_shown_reads_back_as_the_same_value(value):
    assert parse(as_text(value), value) == value


def test_lists_accept_any_japanese_or_latin_comma():
    assert parse("卵，小麦, 乳 、えび", []) == ["卵", "小麦", "乳", "えび"]


def test_numbers_accept_thousands_separators_and_refuse_words():
    assert parse("12,000", 1) == 12000
    with pytest.raises(BadValue):
        parse("千円", 1)
    with pytest.raises(BadValue):
        parse("たぶん", True)
    with pytest.raises(BadValue):
        parse("[{", [{"a": 1}])


def test_records_become_a_grid_with_every_column():
    cols, rows = as_grid([{"name": "山田", "item": "マスク"}, {"name": "鈴木", "quantity": 2}])
    assert cols == [("name", "name"), ("item", "item"), ("quantity", "quantity")]   # no catalogue key
    assert rows == [["山田", "マスク", ""], ["鈴木", "", "2"]]
    assert as_grid(["卵"]) is None and as_grid([]) is None


def test_a_catalogued_table_has_japanese_headings_in_the_catalogues_order():
    cols, rows = as_grid([{"made_in": "前橋市", "name": "マスク", "note": "x"}], "plan.items")
    assert cols[:3] == [("name", "商品名"), ("category", "商品分類"), ("quantity", "販売数量")]
    assert ("made_in", "製造地") in cols and cols[-1] == ("note", "note")   # an unknown column kept
    assert rows[0][0] == "マスク" and rows[0][-1] == "x"
    en, _ = as_grid([], "plan.items", en=True)     # an empty table still shows its columns
    assert en[0] == ("name", "name") and en[3] == ("unit_price", "unit price")


def test_a_grid_comes_back_typed_and_blank_rows_go():
    form = {"t:7:0:name": "マスク", "t:7:0:quantity": "1,200", "t:7:0:unit_price": "3,000円",
            "t:7:1:name": "", "t:7:1:quantity": "", "t:7:2:name": "手袋", "t:7:2:made_in": "高崎市",
            "t:8:0:name": "other field", "f:7": "ignored"}
    rows = parse_grid(form, 7, "plan.items", [{"name": "旧", "quantity": 5, "unit_price": 100}])
    assert rows == [{"name": "マスク", "quantity": 1200, "unit_price": 3000},
                    {"name": "手袋", "made_in": "高崎市"}]
    with pytest.raises(BadValue):
        parse_grid({"t:7:0:quantity": "たくさん"}, 7, "plan.items", [{"quantity": 3}])


def test_masking_hides_the_person_but_keeps_the_purchase():
    row = {"name": "山田 太郎", "address": "前橋市", "birth_date": "1958-08-16", "item": "マスク",
           "quantity": 2}
    assert masked([row]) == [{"name": "●●●", "address": "●●●", "birth_date": "●●●",
                              "item": "マスク", "quantity": 2}]
    assert masked("1234567") == "●●●" and masked(None) is None
