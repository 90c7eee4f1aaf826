"""The general form reader on the failure classes found on documents others laid out (issue 8)."""
from __future__ import annotations

import pytest

from extractors.fields import extract
from extractors.fields.base import core_label, label_score
from extractors.layout import Cell, Checkbox, Layout, Line, Page, Table
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
    ("お申し込み数", "申込数"), ("取り扱い期間", "取扱期間"), ("寄付金額", "寄附金額"), ("お届け先", "届先"),
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


@pytest.mark.parametrize("printed, kind, key, named", [
    ("返礼品名", "application", "price.item_ex_tax", False),    # one glyph from 返礼品代, but the product's name
    ("商品代金（税込）", "application", "price.item_incl_tax", True),   # its note tells it from 商品代金
    ("商品代金（税込）", "application", "price.item_ex_tax", False),
    ("返礼品名", "application", "product.name", True),
])
def test_a_label_that_is_another_fields_wording_does_not_name_this_one_loosely(printed, kind, key, named):
    assert (label_score(printed, catalogue.fields(kind)[key]) > 0) == named


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


# --- failure classes of family B's built-with part (session 2) ------------------------------------

def line_rows(*texts: str) -> Layout:
    """OCR lines one under another, each starting at the left margin."""
    return ocr_page(*[(t, [100, 100 + 60 * i, 100 + 40 * len(t), 140 + 60 * i]) for i, t in enumerate(texts)])


@pytest.mark.parametrize("printed, want", [
    ("令和三年一月一日", "2021-01-01"), ("令和八年一月十九日", "2026-01-19"), ("令和元年十二月三十一日", "2019-12-31"),
    ("二〇二六年三月十日", "2026-03-10"), ("令和8年5月1日", "2026-05-01"),
    ("令和1 1年3月31日", "2029-03-31"),         # OCR's blank inside the era year
])
def test_kanji_numeral_dates_as_縦書き_permits_print_them(printed, want):
    from intake.domain import jp
    assert jp.iso_date(printed) == want


def test_numbers_in_addresses_are_not_dates():
    from intake.domain import jp
    assert jp.all_dates("沖縄県石垣市白保三一番地二五") == []


def test_ocr_lines_with_the_blank_lost_between_label_and_value():
    got = extract("permit", line_rows("営業許可証", "営業者の氏名有限会社川平商会取締役玉城清",
                                      "営業所の所在地沖縄県石垣市白保三一番地二五", "営業の種別飲食店営業",
                                      "許可日令和三年一月一日", "有効期限令和八年一月十九日", "沖縄県八重山保健所長"), "k.png")
    assert got["permit.holder"].value == "有限会社川平商会取締役玉城清"
    assert got["permit.facility_address"].value == "沖縄県石垣市白保三一番地二五"
    assert got["permit.business_types"].value == ["飲食店営業"]
    assert (got["permit.valid_from"].value, got["permit.valid_until"].value) == ("2021-01-01", "2026-01-19")
    assert got["permit.issuer"].value == "沖縄県八重山保健所長"


def test_a_label_with_one_glyph_misread_still_names_its_field():
    got = extract("permit", line_rows("宮業所名称 川平商会 第二工場"), "k.png")     # 営 read as 宮
    assert got["permit.facility_name"].value == "川平商会 第二工場"


@pytest.mark.parametrize("value, want", [
    ("(法人にあっては名称及び代表者の氏名)株式会社どんちっち水産", "株式会社どんちっち水産"),
    ("法人にあっては名称及び代表者の氏名株式会社どんちっち水産", "株式会社どんちっち水産"),
    ("者の氏名)西海商会 代表 吉田 修", "西海商会 代表 吉田 修"),
])
def test_a_labels_second_line_is_not_part_of_the_value(value, want):
    got = extract("permit", table_layout([("氏名", value)], method="ocr"), "k.png")
    assert got["permit.holder"].value == want


def test_a_kana_company_mark_is_not_taken_for_a_label_note():
    got = extract("application", table_layout([("口座名義カナ", "ユ)タマキ キヨシ")]), "x.xlsx")
    assert got["bank.holder_kana"].value == "ユ)タマキ キヨシ"


@pytest.mark.parametrize("printed, key", [
    ("申請者（事業者名）", "applicant.name"), ("ご担当者氏名", "applicant.contact_person"),
    ("口座No.", "bank.account_number"), ("梱包・資材費", "price.packaging"), ("営業所名称", "permit.facility_name"),
])
def test_wordings_as_people_vary_them(printed, key):
    kind = key.split(".")[0] == "permit" and "permit" or "application"
    specs = catalogue.fields(kind)
    best = max(specs.values(), key=lambda s: label_score(printed, s))
    assert best.key == key and label_score(printed, best) >= 0.6


def test_a_value_that_is_another_forms_label_is_refused():
    got = extract("permit", table_layout([("許可番号", "住所"), ("許可番号", "第55-4500号")], method="ocr"), "k.png")
    assert got["permit.number"].value == "第55-4500号"


def test_retail_rows_are_read_in_their_section_with_their_qualifiers():
    got = extract("application", table_layout([
        ("商品代金(税抜)", "4,450 円"), ("消費税等", "445 円"), ("提案金額合計", "5,245 円"),
        ("小売価格(税抜)", "5,300 円"), ("消費税", "530 円"), ("通常販売価格合計", "5,830 円")]), "x.xlsx")
    assert [got[k].value for k in ("price.item_ex_tax", "price.tax", "price.total")] == [4450, 445, 5245]
    assert [got[k].value for k in ("retail.price_ex_tax", "retail.tax", "retail.total")] == [5300, 530, 5830]


def test_a_purchaser_list_is_known_by_its_header_row_alone():
    from extractors.classify import classify
    rows = [("お名前", "住所", "電話番号", "商品", "購入数"), ("坂下 花子", "群馬県藤岡市中央町2-16", "080-792-5796", "マスク", "5")]
    cells = [Cell(r, c, t, [100 * c, 20 * r, 100 * c + 90, 20 * r + 18]) for r, row in enumerate(rows) for c, t in enumerate(row)]
    layout = Layout("text/csv", [Page(1, 600, 800, "pt", "text", tables=[Table(cells)])], "text")
    assert classify(layout, "list.csv")[0] == "purchase_list"
    got = extract("purchase_list", layout, "list.csv")["purchases.rows"].value
    assert got[0]["quantity"] == 5 and got[0]["name"] == "坂下 花子"


def test_a_value_holding_a_key_term_is_still_a_value():
    got = extract("food_label", table_layout([("保存方法", "常温で保存")], method="docx"), "x.docx")
    assert got["label.storage"].value == "常温で保存"


@pytest.mark.timeout(10)
def test_overlapping_segments_of_different_heights_end_the_row():
    # a short segment and a tall one (a vertical line beside it) each lie "right of" the other
    from extractors.fields.base import _rest_of_row
    short, tall = Line("代表取締役", [100, 0, 110, 20]), Line("許可", [107, 0, 130, 200])
    text, _, last = _rest_of_row(short, [short, tall])
    assert text == "代表取締役 許可" and last is tall


def test_a_wrapped_list_on_a_tilted_photo_continues_row_by_row():
    # tall, overlapping line boxes (a tilted phone photo), a nutrition column further right, a stray "2"
    layout = ocr_page(("名称", [380, 300, 470, 330]), ("焼き菓子", [570, 290, 800, 340]),
                      ("原材料名", [382, 422, 488, 454]),
                      ("小麦粉（国内製造）、砂糖、ショー", [570, 408, 1500, 470]),
                      ("トニング、卵、バター、アーモンド", [576, 458, 1515, 511]),
                      ("パウダー、食塩／膨張剤、香料", [569, 502, 1200, 554]),
                      ("2", [1658, 505, 1667, 525]), ("エネルギー", [1600, 420, 1760, 450]),
                      ("内容量", [372, 600, 470, 630]), ("6個", [570, 600, 650, 630]))
    got = extract("food_label", layout, "label.jpg")
    assert got["label.ingredients"].value == ["小麦粉", "砂糖", "ショートニング", "卵", "バター", "アーモンドパウダー", "食塩"]
    assert got["label.additives"].value == ["膨張剤", "香料"]


@pytest.mark.parametrize("value, want", [
    ("☐ア 生鮮食品　☐イ 加工食品　☑ウ 工芸品　☐エ 障がい福祉事業所の商品", "craft"),
    ("■ア 生鮮食品　□イ 加工食品　□ウ 工芸品", "food"),
    ("□1. 食品　□2. 工芸品　■3. 観光施設等の利用プラン", "service"),
    ("ア 生鮮食品　イ 加工食品　◎ウ 工芸品　エ 障がい福祉事業所の商品", "craft"),     # ◎ on the number, blank inside
    ("○1. 食品　2. 工芸品", "food"),
])
def test_the_category_the_form_marks_wins_over_words_elsewhere(value, want):
    # the form also prints 賞味期限 and アレルギー rows (food words): the marked option decides
    got = extract("application", table_layout([("区分", value), ("賞味期限", "製造日より90日"), ("アレルギー", "なし")]),
                  "a.xlsx")
    assert got["product.category"].value == want


@pytest.mark.parametrize("heading, temps, want", [
    ("●配送", "○常温　冷蔵　冷凍", "ambient"),           # ● only as a heading bullet: ○ is the mark
    ("配送", "○常温　冷蔵　冷凍", "ambient"),
    ("配送", "●常温　○冷蔵　○冷凍", "ambient"),          # ● beside ○ in the row: ○ is the empty mark
])
def test_a_heading_bullet_does_not_make_circles_the_empty_mark(heading, temps, want):
    got = extract("application", table_layout([(heading, ""), ("配送温度帯", temps), ("商品名", "干物セット")]), "a.xlsx")
    assert got["shipping.temperature"].value == want


@pytest.mark.parametrize("value, days, basis, guaranteed", [
    ("製造日より365日（到着後5日以上）", 365, "manufacture", 5),
    ("発送日から12ヶ月 お届け後30日以上保証", 360, "shipment", 30),
    ("製造日より1年", 365, "manufacture", None),
    ("到着日より14日以上", 14, "arrival", None),
])
def test_a_shelf_life_with_the_days_after_arrival_beside_it(value, days, basis, guaranteed):
    got = extract("application", table_layout([("賞味期限", value)]), "a.xlsx")
    assert got["product.best_before_days"].value == days and got["product.best_before_basis"].value == basis
    assert (got["product.guaranteed_days"].value if "product.guaranteed_days" in got else None) == guaranteed


def test_a_nutrition_table_on_a_tilted_photo_pairs_by_order_down_the_columns():
    # the value column drifts down a row's height to the right; a stray "1" stands at the far edge
    rows = [("名称", [330, 200, 420, 240]), ("焼き菓子", [600, 200, 800, 240]), ("栄養成分表示", [322, 1383, 640, 1420])]
    labels = ["エネルギー", "たんぱく質", "脂質", "炭水化物", "食塩相当量"]
    values = ["197kcal", "5.8g", "5.2g", "74.5g", "3.1g"]
    for i, (lbl, val) in enumerate(zip(labels, values)):
        y = 1462 + 56 * i
        rows += [(lbl, [332, y, 330 + 40 * len(lbl), y + 45]), (val, [1600 - 10 * len(val), y + 34, 1660, y + 78])]
    rows.append(("1", [1835, 1738, 1845, 1760]))
    got = extract("food_label", ocr_page(*rows), "label.jpg")
    assert [got[f"label.nutrition.{k}"].value for k in ("energy_kcal", "protein_g", "fat_g", "carbohydrate_g", "salt_g")] \
        == [197, 5.8, 5.2, 74.5, 3.1]


# --- fax-like scans: what a 200-dpi fax does to a retyped form (family B's built-with faxes) ---

def test_a_label_with_a_glyph_dropped_is_still_a_label_not_a_label_and_a_value():
    layout = ocr_page(("品名称", [48, 206, 92, 221]), ("八重山の和生菓子", [128, 205, 262, 221]),
                      ("容量・数", [48, 228, 94, 247]), ("3個入", [185, 232, 207, 241]))
    got = extract("application", layout, "fax.png")
    assert got["product.name"].value == "八重山の和生菓子" and got["product.contents"].value == "3個入"


def test_checkboxes_between_options_keep_the_row_one_value():
    lines = [Line(t, b, 0.95) for t, b in [("賞味期限の目安", [54, 252, 111, 265]), ("製造日", [195, 252, 222, 263]),
                                           ("発送日", [245, 252, 271, 262]), ("到着日より", [296, 250, 354, 263]),
                                           ("365 日以内", [367, 251, 417, 260])]]
    boxes = [Checkbox("製造日", True, [185, 254, 192, 261]), Checkbox("発送日", False, [235, 253, 243, 261]),
             Checkbox("到着日より", False, [286, 254, 293, 262])]
    layout = Layout("image/png", [Page(1, 595, 842, "pt", "ocr", lines=lines, checkboxes=boxes)], "ocr")
    got = extract("application", layout, "fax.png")
    assert got["product.best_before_days"].value == 365 and got["product.best_before_basis"].value == "manufacture"


def test_a_table_row_whose_rule_was_lost_is_paired_line_by_line():
    # the rule between 消費税 and 梱包代 did not survive the fax: one cell holds both labels, the next both values
    rows = [("消費税及び地方消費税", [54, 527, 140, 541]), ("(税率)", [193, 528, 220, 538]), ("☑8%", [240, 527, 271, 537]),
            ("□10% 435円", [273, 525, 324, 538]), ("梱包代", [54, 544, 81, 563]), ("500円", [184, 544, 239, 558])]
    cells = [Cell(0, 0, "消費税及び地方消費税\n梱包代", [53, 523, 182, 587]), Cell(0, 1, "(税率)\n☑8%\n500円", [183, 522, 272, 585]),
             Cell(0, 2, "□10% 435円", [272, 520, 546, 585])]
    page = Page(1, 595, 842, "pt", "ocr", lines=[Line(t, b, 0.95) for t, b in rows], tables=[Table(cells)])
    got = extract("application", Layout("image/png", [page], "ocr"), "fax.png")
    assert got["price.tax"].value == 435 and got["price.packaging"].value == 500


def test_an_empty_row_does_not_take_the_value_of_the_row_below():
    layout = ocr_page(("手数料等", [54, 564, 135, 583]), ("提案金額 特産品等合計金額", [56, 587, 160, 605]),
                      ("5285円", [188, 586, 216, 603]), ("消費税及び地方消費税", [56, 527, 140, 541]),
                      ("435円", [300, 527, 324, 538]))
    got = extract("application", layout, "fax.png")
    assert "price.other" not in got
    assert got["price.total"].value == 5285 and got["price.tax"].value == 435


@pytest.mark.parametrize("rows", [
    # a 縦書き permit: the second type stands in the next column, read as the next line
    [("営業の種類 菓子製造業", [873, 142, 987, 722]), ("魚介類販売業", [862, 518, 900, 764]),
     ("許可の有効期間令和三年一月一日から令和十年十二月三十一日まで", [768, 266, 830, 1558])],
    # one type per line under the first, a speck between them
    [("営業の種別", [198, 703, 347, 748]), ("飲食店営業", [627, 697, 785, 756]), ("1", [298, 794, 300, 827]),
     ("菓子製造業", [628, 742, 786, 811]), ("許可の有効期間", [187, 836, 508, 882])],
])
def test_business_types_on_the_lines_after_the_first(rows):
    types = extract("permit", ocr_page(*rows), "permit.png")["permit.business_types"].value
    assert len(types) == 2 and "許可の有効期間" not in "".join(types), types


@pytest.mark.parametrize("value, want", [("60 サイズ　◎80 サイズ　100 サイズ", 80), ("◎60サイズ　80サイズ", 60)])
def test_a_circled_quantity_keeps_its_unit(value, want):
    assert extract("application", table_layout([("梱包サイズ", value)]), "a.xlsx")["shipping.box_size"].value == want


def test_an_unreadable_end_of_a_period_is_not_the_day_of_issue_below_it():
    layout = ocr_page(("許可の期間", [440, 990, 602, 1029]), ("2023年12月1日から2028年1※月30日まで", [898, 990, 1535, 1070]),
                      ("条件", [435, 1082, 498, 1116]), ("なし", [895, 1098, 956, 1128]),
                      ("2023年12月1日", [511, 1315, 745, 1388]))
    got = extract("permit", layout, "permit.jpg")
    assert got["permit.valid_from"].value == "2023-12-01" and "permit.valid_until" not in got


def test_a_misread_label_with_its_value_in_the_next_column():
    # 法人名又は屋号 read as 法人名メは号: the start is a wording, but the value stands in the column beside
    layout = ocr_page(("令和 8年", [1234, 158, 1366, 201]), ("1月11日", [1405, 160, 1515, 202]),
                      ("法人名メは号", [149, 481, 443, 534]), ("有限会社下総食品", [519, 485, 854, 539]),
                      ("话番号", [149, 717, 247, 758]), ("0938(39)7824", [522, 720, 685, 764]))
    got = extract("application", layout, "fax.tif")
    assert got["applicant.name"].value == "有限会社下総食品"
    assert got["applicant.phone"].value == "0938-39-7824"           # 電話番号 with a glyph lost
    assert got["submitted_on"].value == "2026-01-11"                # a date cut in two on its row


def _plan_rows(header: list[tuple[str, list[float]]], *rows: list[tuple[str, list[float]]]) -> Layout:
    return ocr_page(("販売計画", [150, 300, 400, 340]), ("販売事業者名：株式会社赤城堂", [150, 360, 600, 400]),
                    *header, *(cell for row in rows for cell in row))


def test_a_header_wrapped_onto_two_lines_names_its_column():
    # 「お一人様上限」 printed on two lines over an unruled list (a fax of Gunma's 販売計画)
    header = [("品名", [153, 445, 198, 467]), ("価格", [988, 447, 1035, 470]), ("お一 人様上", [1154, 431, 1269, 476]),
              ("生産地", [1304, 432, 1373, 476]), ("限", [1154, 482, 1175, 503])]
    row = [("手指消毒用アルコール 500ml", [153, 528, 457, 557]), ("880", [989, 535, 1022, 553]),
           ("5", [1154, 535, 1162, 553]), ("群馬県前橋市", [1303, 531, 1443, 561])]
    items = extract("sales_plan", _plan_rows(header, row), "plan.tif")["plan.items"].value
    assert items[0]["unit_price"] == 880 and items[0]["purchase_limit"] == 5


def test_a_segment_running_over_a_column_edge_is_shared_out():
    header = [("品名", [153, 445, 198, 467]), ("価格", [988, 447, 1035, 470]), ("上限", [1154, 447, 1199, 470]),
              ("生産地", [1304, 432, 1373, 476])]
    row = [("携帯トイレ", [153, 500, 300, 520]), ("480   10", [988, 501, 1174, 519]), ("群馬県伊勢崎市", [1302, 495, 1467, 525])]
    items = extract("sales_plan", _plan_rows(header, row), "plan.tif")["plan.items"].value
    assert items[0]["unit_price"] == 480 and items[0]["purchase_limit"] == 10


@pytest.mark.parametrize("value", ["の氏名", "代表者の氏名）", "び代表者の氏名"])
def test_a_labels_leftover_is_no_name(value):
    layout = ocr_page(("氏名（法人にあっては、その名称及", [150, 600, 600, 640]), (value, [700, 600, 1000, 640]),
                      ("許可番号", [150, 500, 300, 540]), ("第1234号", [700, 500, 900, 540]))
    assert "permit.holder" not in extract("permit", layout, "permit.jpg")


def test_a_glued_value_stays_when_what_stands_beside_is_no_column_of_values():
    # 名称志賀堂 (the blank lost) with a seal's glyphs read as 堂志 far to the right
    layout = ocr_page(("住所", [790, 366, 845, 394]), ("石川県羽咋郡志賀町矢駄5番地18", [881, 347, 1313, 405]),
                      ("名称志賀堂", [791, 403, 968, 451]), ("堂志", [1369, 400, 1469, 448]),
                      ("氏名", [792, 467, 845, 493]), ("茂木 大輔", [883, 463, 1026, 493]))
    assert extract("pledge", layout, "pledge.tif")["pledge.business_name"].value == "志賀堂"


def test_a_licence_list_whose_header_a_stray_rule_cut_in_two():
    # 有効期限（満了日）faxed: a streak cut the header cell, and OCR read it 有 期首 | (满了日)
    lines = [Line(t, b, 0.95) for t, b in [
        ("免許・許可の名称", [146, 478, 354, 526]), ("番号", [583, 492, 632, 515]), ("有 期首", [903, 472, 1001, 519]),
        ("(满了日)", [1023, 470, 1123, 518]), ("発行機関", [1195, 469, 1297, 516]), ("飲食店営業", [145, 542, 278, 577]),
        ("第31603号", [583, 536, 700, 571]), ("R8. 1. 12", [904, 538, 998, 566]), ("石川県能登中部保健福祉センター", [1196, 529, 1504, 568])]]
    cells = [Cell(0, 0, "免許・許可の名称", [136, 482, 572, 536]), Cell(0, 1, "番号", [574, 478, 893, 532]),
             Cell(0, 2, "有 期首", [894, 477, 1001, 529]), Cell(0, 3, "(满了日)", [1004, 476, 1184, 528]),
             Cell(0, 4, "発行機関", [1186, 473, 1505, 527]), Cell(1, 0, "飲食店営業", [136, 531, 573, 618]),
             Cell(1, 1, "第31603号", [575, 531, 893, 618]), Cell(1, 2, "R8. 1. 12", [894, 530, 1003, 615]),
             Cell(1, 3, "", [1002, 528, 1185, 614]), Cell(1, 4, "石川県能登中部保健福祉センター", [1186, 525, 1505, 613])]
    page = Page(1, 1654, 2339, "px", "ocr", lines=lines, tables=[Table(cells)])
    items = extract("license_check", Layout("image/png", [page], "ocr"), "menkyo.png")["license.items"].value
    assert items[0]["number"] == "第31603号" and items[0]["valid_until"] == "2026-01-12"


@pytest.mark.parametrize("value, capped", [
    ("有限会社ハ重山ファーム", True),       # ハ for 八 between kanji
    ("共荣火災海上保険株式会社", True),      # 荣: a Chinese form, not in the Japanese character set
    ("セ一ル品", True),                    # 一 for ー between katakana
    ("株式会社エ場", True),
    ("有限会社八重山ファーム", False), ("ハーブ工房", False), ("ミカン畑", False), ("髙橋 一郎", False),
    ("アイスクリーム", False), ("一般販売価格", False),
])
def test_signs_of_a_misread_glyph_keep_an_ocr_value_under_the_trusted_band(value, capped):
    from extractors.fields.base import ocr_cap
    assert (ocr_cap(value) < 0.9) == capped


@pytest.mark.parametrize("kind, value, fits", [
    ("text", "油縄県八重山保健所長", False),     # a prefecture misread in an issuer
    ("text", "沖縄県八重山保健所長", True),
    ("name", "島根県浜田市殿町1番地", False),    # an address taken for a name
    ("name", "株式会社浜田製菓", True),
])
def test_a_value_unlike_its_type_fits_less(kind, value, fits):
    from extractors.fields.base import fit
    assert (fit(kind, value) == 1.0) == fits


@pytest.mark.parametrize("text, want", [
    ("(○)冷凍　( )冷蔵　( )常温", [("冷凍", True), ("冷蔵", False), ("常温", False)]),
    ("⬛製造日　⬜発送日", [("製造日", True), ("発送日", False)]),
])
def test_boxes_typed_as_brackets_or_large_squares_are_options(text, want):
    from extractors.fields.base import circle_style, options
    assert options(text, circle_style(text) or None) == want
