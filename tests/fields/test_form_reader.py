"""The general form reader on the failure classes found on documents others laid out (issue 8)."""
from __future__ import annotations

import pytest

from extractors.fields import extract
from extractors.fields.base import core_label, label_score
from extractors.layout import Cell, Layout, Line, Page, Table
from intake.domain import catalogue


def ocr_page(*rows: tuple[str, list[float]]) -> Layout:
    lines = [Line(text, box, 0.95) for text, box in rows]
    return Layout("image/png", [Page(1, 2000, 2800, "px", "ocr", lines=lines)], "ocr")


def table_layout(pairs: list[tuple[str, str]], method: str = "xlsx") -> Layout:
    cells = []
    for r, (k, v) in enumerate(pairs):
        cells += [Cell(r, 0, k, [0, 20 * r, 100, 20 * r + 18]), Cell(r, 1, v, [100, 20 * r, 400, 20 * r + 18])]
    return Layout("application/vnd.ms-excel", [Page(1, 600, 800, "pt", method, tables=[Table(cells)])], method)


@pytest.mark.parametrize("printed, core", [
    ("住　　所", "住所"), ("氏　　名", "氏名"), ("市場価格（税込・送料込）", "市場価格"), ("調達費用（A）", "調達費用"),
    ("送料※税抜き", "送料"), ("●商品名", "商品名"), ("■事業者名：", "事業者名"), ("①代表者職氏名", "代表者職氏名"),
    ("１．電話番号", "電話番号"), ("【寄附金額】", "寄附金額"), ("ＴＥＬ", "TEL"),
])
def test_labels_are_normalised_to_their_words(printed, core):
    assert core_label(printed) == core


@pytest.mark.parametrize("printed, key", [
    ("商号", "applicant.name"), ("事業所名", "applicant.name"), ("事業者名", "applicant.name"),
    ("代表者職氏名", "applicant.representative"), ("寄附額", "donation.amount"), ("寄付金額", "donation.amount"),
    ("配送料", "price.shipping"), ("送料（税込）", "price.shipping"), ("調達費用（A）", "price.procurement"),
])
def test_wordings_land_on_their_field(printed, key):
    specs = catalogue.fields("application")
    best = max(specs.values(), key=lambda s: label_score(printed, s))
    assert best.key == key and label_score(printed, best) >= 0.6


def test_veto_terms_keep_a_manufacturer_out_of_the_applicant():
    assert label_score("製造者名", catalogue.fields("application")["applicant.name"]) == 0


@pytest.mark.parametrize("layout_pairs, key, want", [
    ([("事業所名", "株式会社みなと水産")], "applicant.name", "株式会社みなと水産"),
    ([("住　　所", "島根県浜田市港町12番地")], "applicant.address", "島根県浜田市港町12番地"),
    ([("寄附額", "￥10,000")], "donation.amount", 10000),
    ([("配送料", "1,200円（税込）")], "price.shipping", 1200),
    ([("担保日数", "到着後30日以上")], "product.guaranteed_days", 30),
    ([("電話番号", "０８５５－２２－１２３４")], "applicant.phone", "0855-22-1234"),
])
def test_values_are_read_by_label_and_type(layout_pairs, key, want):
    got = extract("application", table_layout(layout_pairs), "x.xlsx")
    assert got[key].value == want


def test_a_name_field_refuses_a_lone_kanji_and_a_date_field_refuses_text():
    got = extract("application", table_layout([("代表者", "名"), ("寄附金額", "未定")]), "x.xlsx")
    assert "applicant.representative" not in got and "donation.amount" not in got


def test_value_right_on_the_same_row_of_a_scan():
    layout = ocr_page(("許 可 番 号", [10, 100, 150, 130]), ("第 1234 号", [300, 100, 450, 130]),
                      ("営業所の所在地", [10, 200, 200, 230]), ("島根県浜田市殿町1番地", [300, 202, 700, 230]))
    got = extract("permit", layout, "permit.png")
    assert got["permit.facility_address"].value == "島根県浜田市殿町1番地"
    assert got["permit.number"].value.replace(" ", "") == "第1234号"


def test_value_under_its_label():
    layout = ocr_page(("事業者名", [10, 100, 150, 130]), ("合同会社あおば", [10, 140, 300, 170]))
    assert extract("pledge", layout, "p.png")["pledge.business_name"].value == "合同会社あおば"


@pytest.mark.parametrize("rows", [
    [("有効期間 令和6年4月1日から", [10, 100, 400, 120]), ("令和12年3月31日まで", [80, 125, 400, 145])],
    [("有効期間：令和6年4月1日から令和12年3月31日まで", [10, 100, 600, 120])],
    [("有効期間", [10, 100, 150, 120]), ("令和6年4月1日から", [300, 100, 600, 120]),
     ("令和12年3月31日まで", [300, 125, 600, 145])],
])
def test_a_validity_period_ends_at_its_end_on_one_line_or_two(rows):
    got = extract("permit", ocr_page(*rows), "permit.png")
    assert got["permit.valid_until"].value == "2030-03-31"
    assert got["permit.valid_from"].value == "2024-04-01"


def test_an_expiry_date_alone_is_the_end():
    got = extract("permit", ocr_page(("有効期限 令和12年3月31日", [10, 100, 400, 120])), "permit.png")
    assert got["permit.valid_until"].value == "2030-03-31" and "permit.valid_from" not in got


def test_a_wording_with_a_qualifier_needs_it_printed():
    """商品代(税込) names the tax-included price; a bare 商品代 (the tax-excluded row) must not land there."""
    assert "price.item_incl_tax" not in extract("application", table_layout([("商品代", "13,500円")]), "x.xlsx")
    got = extract("application", table_layout([("商品代（税込）", "14,850円")]), "x.xlsx")
    assert got["price.item_incl_tax"].value == 14850
