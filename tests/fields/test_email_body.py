"""Shika 4 (メールの場合): the body items ①–⑦ of an e-mail application read into the applicant's fields."""
from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest

from extractors.fields.email_body import read_body
from intake.pipeline import InputFile, process

SUBJECT = "志賀町ふるさと納税返礼品提供事業者の申込について"
WANT = {
    "applicant.address": "石川県羽咋郡志賀町末吉千古1-1",
    "applicant.name": "株式会社志賀食品",
    "applicant.department": "営業部",
    "applicant.contact_person": "志賀花子",
    "applicant.phone": "0767-32-1111",
    "applicant.email": "hanako@shika-foods.example.jp",
    "application.summary": "能登の塩を使ったようかん（常温90日）",
}
LABELS = ["本社・支社・事業所・工場等の所在地", "事業者名", "部署名", "担当者名", "電話番号", "メールアドレス",
          "商品・サービスの概要等"]
VALUES = list(WANT.values())


def _body(marks: list[str], labelled: bool, sep: str = "：") -> str:
    lines = ["志賀町 企画財政課 御中", "", "お世話になっております。返礼品提供事業者の申込をいたします。", ""]
    lines += [f"{m}{lab + sep if labelled else ''}{v}" for m, lab, v in zip(marks, LABELS, VALUES)]
    lines += ["", "以上、よろしくお願いいたします。", "--", "株式会社志賀食品 志賀花子"]
    return "\n".join(lines)


CIRCLED = list("①②③④⑤⑥⑦")
DOTTED = [f"{i}. " for i in range(1, 8)]
FULLWIDTH_DOTTED = [f"{c}．" for c in "１２３４５６７"]
PAREN = [f"({i}) " for i in range(1, 8)]
FULLWIDTH_PAREN = [f"（{c}）" for c in "１２３４５６７"]


@pytest.mark.parametrize("marks", [CIRCLED, DOTTED, FULLWIDTH_DOTTED, PAREN, FULLWIDTH_PAREN],
                         ids=["circled", "1.", "１．", "(1)", "（１）"])
@pytest.mark.parametrize("labelled", [True, False], ids=["labelled", "values-only"])
def test_numbered_items_are_read(marks, labelled):
    got = {k: v.value for k, v in read_body(_body(marks, labelled)).items()}
    assert got == WANT
    assert all(v.method == "email" for v in read_body(_body(marks, labelled)).values())


def test_items_on_one_line_with_labels_and_spaces():
    body = "".join(f"{m}{lab} {v}" for m, lab, v in zip(CIRCLED, ["所在地", "事業者名", "部署名", "担当者名", "電話番号",
                                                                   "メールアドレス", "商品・サービスの概要等"], VALUES))
    assert {k: v.value for k, v in read_body(body).items()} == WANT


def test_labels_decide_the_field_when_the_order_differs():
    body = "①事業者名：株式会社志賀食品\n②所在地：石川県羽咋郡志賀町末吉千古1-1\n③部署名：営業部\n" \
           "④担当者名：志賀花子\n⑤メールアドレス：a@b.jp\n⑥電話番号：0767-32-1111\n⑦概要：塩ようかん"
    got = {k: v.value for k, v in read_body(body).items()}
    assert got["applicant.name"] == "株式会社志賀食品" and got["applicant.address"].startswith("石川県")
    assert got["applicant.email"] == "a@b.jp" and got["applicant.phone"] == "0767-32-1111"


def test_a_multi_line_summary_ends_at_the_signature():
    body = _body(CIRCLED, True).replace("能登の塩を使ったようかん（常温90日）", "能登の塩を使ったようかん。\n　常温で90日。")
    assert read_body(body)["application.summary"].value == "能登の塩を使ったようかん。\n常温で90日。"


@pytest.mark.parametrize("body", ["", "お世話になります。添付のとおり申し込みます。", "1. について質問です\n2. 以上"])
def test_a_body_without_the_items_reads_nothing(body):
    assert read_body(body) == {}


def _eml(body: str, attach: bool = False) -> bytes:
    if not attach:   # a plain single-part message as mail clients write it
        from email.header import Header
        head = (f"From: hanako@shika-foods.example.jp\nTo: furusato@town.shika.example.jp\n"
                f"Subject: {Header(SUBJECT, 'utf-8').encode()}\nMIME-Version: 1.0\n"
                f"Content-Type: text/plain; charset=utf-8\n\n")
        return head.encode() + body.encode("utf-8")
    m = EmailMessage()
    m["Subject"], m["From"], m["To"] = SUBJECT, "hanako@shika-foods.example.jp", "furusato@town.shika.example.jp"
    m.set_content(body)
    if attach:
        m.add_attachment(b"not a form", maintype="application", subtype="octet-stream", filename="memo.bin")
    return m.as_bytes()


@pytest.mark.parametrize("attach", [False, True])
def test_the_pipeline_makes_an_application_document_from_the_body(attach):
    res = process([InputFile("moushikomi.eml", _eml(_body(CIRCLED, False), attach))], "shika", dt.date(2026, 11, 1))
    apps = res.record.of_kind("application")
    assert len(apps) == 1 and apps[0].method == "email"
    assert {k: v.value for k, v in apps[0].fields.items()} == WANT
    assert res.record.meta["email"]["subject"] == SUBJECT
    # the applicant's fields are there for the rules; none of them is reported missing
    assert not [f for f in res.findings if f.code == "FIELD_MISSING" and (f.field or "").startswith("applicant.")]
