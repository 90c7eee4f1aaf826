"""PL保険の加入有無: the ways a form marks it (boxes, circled words, 有/無), read through the real docx reader."""
from __future__ import annotations

import io

import docx
import pytest

from extractors.classify import classify
from extractors.fields import extract
from extractors.reader import read
from office_files import docx_table, xlsx      # tests/fields is on the path


def _docx(lines: list[str]) -> bytes:
    d = docx.Document()
    for ln in lines:
        d.add_paragraph(ln)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("line,insured", [
    ("PL保険の加入有無：■加入している　□加入していない", True),
    ("PL保険の加入有無：□加入している　■加入していない", False),
    ("加入状況　■有　□無", True),
    ("加入状況　□有　■無", False),
    ("保険加入の有無　□加入済　☑未加入", False),
])
def test_insured_as_marked(line, insured):
    layout = read(_docx(["製造物責任（PL）保険加入状況の確認票", "事業者名：株式会社みどり食品", line,
                         "保険会社名：あおば損害保険株式会社", "保険期間：令和8年4月1日から令和9年3月31日まで"]), "hoken.docx")
    kind, _ = classify(layout, "hoken.docx")
    assert kind == "pl_insurance"
    got = extract(kind, layout, "hoken.docx")
    assert got["pl_insurance.insured"].value is insured
    assert got["pl_insurance.insurer"].value == "あおば損害保険株式会社"
    assert got["pl_insurance.valid_until"].value == "2027-03-31"


def test_an_insurer_and_a_period_written_in_mean_insured_when_the_mark_is_lost():
    layout = read(_docx(["PL保険加入有無の確認票", "事業者名：株式会社みどり食品", "加入の有無：加入している　加入していない",
                         "保険会社名：あおば損害保険株式会社", "保険期間：令和8年4月1日から令和9年3月31日まで"]), "hoken.docx")
    got = extract("pl_insurance", layout, "hoken.docx")
    assert got["pl_insurance.insured"].value is True and got["pl_insurance.insured"].confidence <= 0.75


def test_nothing_written_in_is_not_read_as_insured():
    layout = read(_docx(["PL保険加入有無の確認票", "事業者名：株式会社みどり食品", "加入の有無：加入している　加入していない",
                         "保険会社名：", "保険期間："]), "hoken.docx")
    assert "pl_insurance.insured" not in extract("pl_insurance", layout, "hoken.docx")


TITLE = "PL保険加入有無の確認票"
INSURER = "東京海上日動火災保険株式会社"
TABLE_SHAPES = {
    "period start and end in cells of their own": lambda: (docx_table(
        [TITLE, "加入の有無：■有 □無"], [["保険会社名", INSURER, "", ""], ["保険期間", "2025年4月1日", "～", "2026年3月31日"]]),
        "hoken.docx"),
    "a header row over a row of values": lambda: (docx_table(
        [TITLE, "加入の有無：■有 □無"], [["保険の種類", "保険会社名", "証券番号", "保険期間"],
                                      ["生産物賠償責任保険", INSURER, "A123456789", "2025/4/1～2026/3/31"]]), "hoken.docx"),
    "xlsx 始期 and 終期 rows": lambda: (xlsx([[TITLE], ["加入状況", "加入済"], ["保険会社", INSURER],
                                            ["保険期間（始期）", "2025-04-01"], ["保険期間（終期）", "2026-03-31"]]), "hoken.xlsx"),
    "xlsx period in date cells": lambda: (xlsx([[TITLE], ["加入状況", "有"], ["保険会社", INSURER],
                                              ["保険期間", "2025/04/01", "～", "2026/03/31"]]), "hoken.xlsx"),
}


@pytest.mark.parametrize("shape", TABLE_SHAPES)
def test_insurer_and_period_in_tables(shape):
    data, name = TABLE_SHAPES[shape]()
    layout = read(data, name)
    kind, _ = classify(layout, name)
    assert kind == "pl_insurance"
    got = extract(kind, layout, name)
    assert got["pl_insurance.insured"].value is True
    assert got["pl_insurance.insurer"].value == INSURER
    assert got["pl_insurance.valid_until"].value == "2026-03-31"


def test_a_header_row_over_its_values_whose_labels_carry_more_words():
    """「PL保険加入の有無 | 保険会社名 | 保険期間」 over one row of values: the first label is a wording with
    words around it, and the row is still read downwards (not 保険会社名 as the 加入 answer)."""
    data = docx_table(["賠償責任保険 加入状況報告"], [["PL保険加入の有無", "保険会社名", "保険期間"],
                                                   ["有", "あおば損害保険株式会社", "2026年4月1日～2027年3月31日"]])
    got = extract("pl_insurance", read(data, "hoken.docx"), "hoken.docx")
    assert got["pl_insurance.insurer"].value == "あおば損害保険株式会社"
    assert got["pl_insurance.valid_until"].value == "2027-03-31"


@pytest.mark.parametrize("end", ["保険終期", "終期", "保険期間（終期）"])
def test_the_end_of_the_period_on_its_own_line(end):
    layout = read(_docx(["PL保険加入証明書", "加入者名：株式会社みどり食品", "保険会社：あおば損害保険株式会社",
                         "保険始期：2026年4月1日", f"{end}：2027年3月31日"]), "hoken.docx")
    assert extract("pl_insurance", layout, "hoken.docx")["pl_insurance.valid_until"].value == "2027-03-31"


INSURER_B = "あいおいニッセイ同和損害保険株式会社"
CERTIFICATES = {     # 付保証明書 as insurers issue them: a period turning at 午後4時, 自/至, 1年間, 共済
    "an hour after each date": ([f"引受保険会社：{INSURER_B}", "被保険者：株式会社やいま食品",
                                 "保険期間：2026年4月1日 午後4時から 2027年4月1日 午後4時まで"], "2027-04-01", INSURER_B),
    "a start and its length": ([f"保険会社名：{INSURER_B}", "保険期間：令和8年4月1日 午後4時から1年間"], "2027-04-01", INSURER_B),
    "the insured party above the insurer": (["被保険者：株式会社やいま食品", f"引受会社：{INSURER_B}",
                                           "保険期間：自 令和8年4月1日 至 令和9年3月31日"], "2027-03-31", INSURER_B),
    "a mutual-aid PL 共済": (["共済契約者：株式会社やいま食品", "共済者：全国中小企業共済協同組合連合会",
                            "共済期間：令和8年4月1日～令和9年3月31日"], "2027-03-31", "全国中小企業共済協同組合連合会"),
}


@pytest.mark.parametrize("case", CERTIFICATES)
def test_insurers_certificates(case):
    lines, until, insurer = CERTIFICATES[case]
    title = "PL共済 加入証明書" if "共済" in case else "付保証明書（生産物賠償責任保険）"
    layout = read(_docx([title, *lines]), "hoken.docx")
    kind, _ = classify(layout, "hoken.docx")
    got = extract(kind, layout, "hoken.docx")
    assert kind == "pl_insurance"
    assert (got["pl_insurance.insurer"].value, got["pl_insurance.valid_until"].value) == (insurer, until)


def test_a_start_alone_is_no_end():
    """「2026年4月1日から」 with no end printed: the period's end is not read as its start."""
    layout = read(_docx(["PL保険 加入証明書", f"保険会社名：{INSURER_B}", "保険期間：2026年4月1日から"]), "hoken.docx")
    assert "pl_insurance.valid_until" not in extract("pl_insurance", layout, "hoken.docx")


def test_a_header_row_with_the_start_and_the_end_of_the_period():
    data = docx_table(["賠償責任保険 加入状況"], [["保険会社", "保険期間（始期）", "保険期間（満期）"],
                                             [INSURER_B, "2026年4月1日", "2027年3月31日"]])
    got = extract("pl_insurance", read(data, "hoken.docx"), "hoken.docx")
    assert got["pl_insurance.valid_until"].value == "2027-03-31"
