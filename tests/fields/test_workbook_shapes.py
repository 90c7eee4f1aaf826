"""Workbooks and Word tables as other people fill them in: a cell holding only the colon between a
label and its value, a filled-in example sheet (記入例 / 見本) or a hidden sheet beside the real one.
Read through the real readers; the values are those of test_form_layouts."""
from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from office_files import docx_table, read_application, xlsx      # tests/fields is on the path (rootdir conftest)

from test_form_layouts import PAIRS, TITLE, WANT      # tests/fields is on the path (rootdir conftest)

EXAMPLE = {"事業者名": "株式会社〇〇", "代表者職氏名": "代表取締役 〇〇 〇〇", "所在地": "〇〇県〇〇市1-1",
           "電話番号": "000-000-0000", "担当者名": "〇〇 〇〇", "メールアドレス": "xxx@example.com", "商品名": "〇〇ジャム",
           "内容量": "100g", "賞味期限": "製造日より30日", "寄附金額": "5,000円", "送料": "800円", "梱包資材費": "100円",
           "商品代金（税込）": "1,000円", "その他費用": "50円"}


def _book(sheets: list[tuple[str, list[list], bool]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows, hidden in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
        if hidden:
            ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _word(rows: list[list]) -> bytes:
    return docx_table([TITLE], rows)


REAL = [[TITLE], []] + [[k, v] for k, v in PAIRS]
SAMPLE = [[TITLE + "（記入例）"], []] + [[k, EXAMPLE[k]] for k, _ in PAIRS]
SHAPES = {
    "xlsx colon cells": lambda: (_book([("申請書", [[TITLE], []] + [[k, "：", v] for k, v in PAIRS], False)]), "a.xlsx"),
    "docx colon cells": lambda: (_word([[k, ":", v] for k, v in PAIRS]), "a.docx"),
    "記入例 sheet before the form": lambda: (_book([("記入例", SAMPLE, False), ("申請書", REAL, False)]), "a.xlsx"),
    "見本 sheet after the form": lambda: (_book([("申請書", REAL, False), ("見本", SAMPLE, False)]), "a.xlsx"),
    "hidden sheet before the form": lambda: (_book([("Sheet1", SAMPLE, True), ("Sheet2", REAL, False)]), "a.xlsx"),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_the_filled_in_values_are_read(name):
    _, wrong = read_application(*SHAPES[name](), WANT)
    assert not wrong, wrong


def test_a_retail_label_in_a_row_of_pairs_is_no_section_heading_for_the_pair_before_it():
    """「合計 4500 | 一般販売価格 5400」: 一般販売 names the retail section, but the 合計 left of it on the same
    row is still the proposal's total."""
    data = xlsx([["ふるさと納税返礼品 提案シート"], ["事業者名", "有限会社やまと食品", "代表者", "大和 花子"],
                   ["返礼品名", "能登の干し柿セット", "内容量", "干し柿 12個入り"],
                   ["寄附額", "15000", "送料", "1200"], ["合計", "4500", "一般販売価格", "5400"]])
    got, wrong = read_application(data, "teian.xlsx", {"price.total": 4500, "retail.total": 5400,
                                                       "price.shipping": 1200, "donation.amount": 15000})
    assert not wrong


def test_a_section_heading_over_a_label_is_not_its_label():
    """【事業者情報】 over 「貴社名 ※必須 | 有限会社やまと食品」: the heading is about the business, it does not name
    it (情報 heads no name), and the label under it is no value."""
    data = xlsx([["返礼品登録申込書"], [], ["【事業者情報】"], ["貴社名 ※必須", None, "有限会社やまと食品"],
                   ["代表者名（役職・氏名）", None, "代表取締役 大和 花子"], ["所在地（住所）", None, "石川県羽咋郡志賀町高浜町ア1番地"],
                   ["【商品情報】"], ["提案商品名", None, "能登の干し柿セット"]], merges=("A4:B4", "A5:B5"))
    got, wrong = read_application(data, "moushikomi.xlsx", {
        "applicant.name": "有限会社やまと食品", "applicant.representative": "代表取締役 大和 花子",
        "applicant.address": "石川県羽咋郡志賀町高浜町ア1番地", "product.name": "能登の干し柿セット"})
    assert not wrong


def test_a_word_paragraph_naming_the_retail_section_keeps_its_own_value():
    """「市場価格：4500円（税込・送料込）」 is the retail heading and its value: a Word paragraph has no width,
    so nothing stands left of it on its row."""
    data = docx_table(["返礼品提案書", "事業者名：有限会社やまと食品", "返礼品名：能登の干し柿セット", "合計：3,500円",
                       "市場価格：4500円　（税込・送料込）", "寄附額：19000円"], [["備考", "なし"]])
    got, wrong = read_application(data, "teian.docx", {"retail.total": 4500, "donation.amount": 19000})
    assert not wrong
