import datetime as dt

import pytest

from intake.domain import jp, places


@pytest.mark.parametrize("text,expected", [
    ("令和8年5月1日", "2026-05-01"),
    ("令和元年5月1日", "2019-05-01"),
    ("19750301", "1975-03-01"),
    ("令和 ８ 年 １２ 月 ３１ 日", "2026-12-31"),
    ("平成31年4月30日", "2019-04-30"),
    ("昭和64年1月7日", "1989-01-07"),
    ("R8.5.1", "2026-05-01"),
    ("H30.12.1", "2018-12-01"),
    ("2026.12.31", "2026-12-31"),
    ("2026/12/31", "2026-12-31"),
    ("2026-12-31", "2026-12-31"),
    ("２０２６年１２月３１日", "2026-12-31"),
    ("賞味期限：2027. 4. 30 まで", "2027-04-30"),
    ("20261231", "2026-12-31"),
    # OCR's blank or a speck between a day's or a month's digits (a fax, a photo)
    ("令和12年3月3.1日", "2030-03-31"), ("令和1 2年5月3 1日", "2030-05-31"), ("令和9年2月2 8日", "2027-02-28"),
    ("2026年1 2月1日", "2026-12-01"), ("令和3年3月1 日", "2021-03-01"), ("R8.5.1", "2026-05-01"),
    ("令和5年1月 2日", "2023-01-02"),
    ("合和二年四月一日", "2020-04-01"), ("今和8年5月1日", "2026-05-01"), ("和8年5月1日", None),
    ("平成三十年+二月一日", "2018-12-01"), ("令和七年四月+日", "2025-04-10"), ("令和二年+月一日", "2020-10-01"),
    ("令和 年 月 日", None),
    ("2026.13.01", None),
    # a day or month cut in two by OCR's blank or a fax speck read as a dot
    ("令和12年3月3.1日まで", "2030-03-31"), ("令和9年2月2 8日", "2027-02-28"), ("令和9年1 2月1日", "2027-12-01"),
    ("2027年 3月 31日", "2027-03-31"), ("令和8年1月 3日", "2026-01-03"),
    ("", None),
    (None, None),
])
def test_it_parses_dates(text, expected):
    assert jp.iso_date(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("令和8年5月分", "2026-05"), ("2026年12月", "2026-12"), ("2026-05", "2026-05"), ("R9.1", "2027-01"),
    ("なし", None),
])
def test_it_parses_months(text, expected):
    assert jp.parse_month(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("12,000円", 12000), ("¥12,000", 12000), ("￥１２，０００", 12000), ("1万2千円", 12000),
    ("12.000円", 12000), ("3,500", 3500), ("10万円", 100000), ("1万円", 10000), ("800円", 800),
    ("一万二千円", 12000), ("1,234,567円", 1234567), ("0円", 0), ("円", None), ("", None), ("未定", None),
    # a number before a counter or unit is a quantity, not an amount (a name read where a price was sought)
    ("成田のうなぎ蒲焼 2尾セット", None), ("300g", None), ("製造日より180日", None), ("5パック入", None),
    ("12000 税抜", 12000), ("2個 1,000円", 1000),
])
def test_it_parses_yen(text, expected):
    assert jp.parse_yen(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("60%", 60), ("６０％", 60), ("12.5%", 12.5), ("6割", 60), ("100パーセント", 100), ("なし", None),
])
def test_it_parses_percentages(text, expected):
    assert jp.parse_percent(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("0767-32-1111", "0767-32-1111"), ("０９８０－８２－１２３４", "0980-82-1234"),
    ("TEL 0855(22)2612", "0855-22-2612"), ("09012345678", "090-1234-5678"), ("0476221111", "04-7622-1111"),
    ("(0277)10-3456", "0277-10-3456"), ("電話番号", None),
])
def test_it_parses_phones(text, expected):
    assert jp.parse_phone(text) == expected


@pytest.mark.parametrize("text,expected", [("〒925-0198", "925-0198"), ("９０７００１２", "907-0012"), ("なし", None)])
def test_it_parses_postal_codes(text, expected):
    assert jp.parse_postal(text) == expected


@pytest.mark.parametrize("text,pref,muni", [
    ("石川県羽咋郡志賀町末吉1-2", "石川県", "羽咋郡志賀町"),
    ("沖縄県石垣市字登野城1357番地", "沖縄県", "石垣市"),
    ("島根県浜田市殿町1", "島根県", "浜田市"),
    ("千葉県成田市花崎町760", "千葉県", "成田市"),
    ("群馬県吾妻郡草津町草津28", "群馬県", "吾妻郡草津町"),
    ("大阪府大阪市北区梅田1-1", "大阪府", "大阪市北区"),
    ("東京都千代田区丸の内1-1", "東京都", "千代田区"),
    ("三重県四日市市諏訪町1-5", "三重県", "四日市市"),
    ("〒907-0012 沖縄県 石垣市 美崎町14", "沖縄県", "石垣市"),
    ("石垣市字大川1", None, "石垣市"),
    ("千葉県市原市国分寺台中央1", "千葉県", "市原市"),
])
def test_it_splits_addresses(text, pref, muni):
    p, m, _ = places.split_address(text)
    assert (p, m) == (pref, muni)


def test_parse_date_returns_date_objects():
    assert jp.parse_date("R8.5.1") == dt.date(2026, 5, 1)


def test_all_dates_reads_ranges_in_order():
    assert jp.all_dates("令和7年7月9日から令和12年7月8日まで") == [dt.date(2025, 7, 9), dt.date(2030, 7, 8)]
    assert jp.all_dates("2027/5/1 ～ 2027/6/30") == [dt.date(2027, 5, 1), dt.date(2027, 6, 30)]
    assert jp.all_dates("なし") == []
    assert jp.all_dates("令和5年4月1日から令和12年3月3.1日まで") == [dt.date(2023, 4, 1), dt.date(2030, 3, 31)]


def test_yen_prefers_amounts_marked_as_yen():
    assert jp.parse_yen("■8% □10%　1,048円") == 1048


@pytest.mark.parametrize("read, fixed", [
    ("乳化剂、力ロテン色素", "乳化剤、カロテン色素"), ("工ネルギー", "エネルギー"), ("二ンジン", "ニンジン"),
    ("カ一ド", "カード"), ("バタ一加工品", "バター加工品"), ("同ーラインで製造", "同一ラインで製造"), ("增穗浦", "増穂浦"),
    ("加工デンプン", "加工デンプン"), ("協力メーカー", "協力メーカー"), ("第一工場", "第一工場"), ("コーヒー", "コーヒー"),
    ("鶏肉・豚肉·りんごを含む", "鶏肉・豚肉・りんごを含む"), ("常温・冷蔵· ○冷凍", "常温・冷蔵・ ○冷凍"),
    ("V.C·V.E", "V.C·V.E"),        # between Latin letters: as read
    ("かつお工キス", "かつおエキス"), ("たまご工房", "たまご工房"), ("の工ア", "の工ア"),
])
def test_ocr_forms_put_right_what_a_recogniser_confuses_and_nothing_else(read, fixed):
    assert jp.ocr_forms(read) == fixed
