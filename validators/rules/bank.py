"""BANK_ACCOUNT_INVALID: bank/branch/account digits and a kana holder name."""
from __future__ import annotations

import datetime as dt
import re

from intake.records import Finding, Record
from validators import findings as F
from validators.inputs import Need
from validators.registry import rule
from validators.values import nfkc

YUCHO = "9900"
# 全銀 characters for a holder name: katakana (incl. small), long vowel, blanks, A-Z, 0-9 and ().-/,
_KANA_NAME = re.compile(r"^[\u30A0-\u30FF\u3041-\u309F\sＡ-Ｚ A-Z0-9().\-/,，．・ー－‐\u3000]+$")


def _digits(value) -> str:
    return re.sub(r"[\s\-‐－ー]", "", nfkc(value))


def check_account(bank, branch, number) -> list[tuple[str, str, str, str, str]]:
    """Problems as (field, item_ja, item_en, detail_ja, detail_en)."""
    out = []
    b = _digits(bank)
    if bank is not None and not re.fullmatch(r"\d{4}", b):
        out.append(("bank.bank_code", "銀行コード", "bank code", f"4桁の数字でない: {nfkc(bank)}", f"not 4 digits: {nfkc(bank)}"))
    n = _digits(number)
    if b == YUCHO:
        # ゆうちょ: 記号(5桁)-番号(≤8桁, 末尾1), or the 店番(3桁)+口座番号(7桁) used for transfers
        if number is not None and not (re.fullmatch(r"1\d{4}\d{1,7}1", n) or re.fullmatch(r"\d{7}", n)):
            out.append(("bank.account_number", "記号・番号", "symbol/number",
                        "ゆうちょ銀行の記号（5桁）・番号（末尾1）又は口座番号7桁ではない",
                        "not a Japan Post Bank symbol (5 digits) + number (ending in 1) or a 7-digit account"))
        if branch is not None and not re.fullmatch(r"\d{3}", _digits(branch)):
            out.append(("bank.branch_code", "店番", "branch number", f"3桁の数字でない: {nfkc(branch)}", f"not 3 digits: {nfkc(branch)}"))
        return out
    if branch is not None and not re.fullmatch(r"\d{3}", _digits(branch)):
        out.append(("bank.branch_code", "支店コード", "branch code", f"3桁の数字でない: {nfkc(branch)}", f"not 3 digits: {nfkc(branch)}"))
    if number is not None and not re.fullmatch(r"\d{7}", n):
        out.append(("bank.account_number", "口座番号", "account number", f"7桁の数字でない（{len(n)}文字）",
                    f"not 7 digits ({len(n)} characters)"))
    return out


def _not_yucho(record: Record, profile, doc) -> bool:
    return _digits(record.value("bank.bank_code")) != YUCHO   # ゆうちょ's 記号・番号 need no branch


# the account is checked whole once any part of it was read
@rule("bank.account", title=("振込先口座", "bank account"),
      needs=[Need("bank.bank_code"), Need("bank.branch_code", when=_not_yucho), Need("bank.account_number"),
             Need("bank.holder_kana")])
def account(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("bank.account")
    bank, branch, number = (record.value(f"bank.{k}") for k in ("bank_code", "branch_code", "account_number"))
    holder = record.value("bank.holder_kana")
    problems = check_account(bank, branch, number) if any(v is not None for v in (bank, branch, number)) else []
    if holder is not None and not _KANA_NAME.match(nfkc(holder)):
        problems.append(("bank.holder_kana", "口座名義（カナ）", "holder name (kana)",
                         "カナ以外の文字を含む", "contains characters other than kana"))
    out = []
    for field, ija, ien, dja, den in problems:
        doc, _ = record.first(field)
        out.append(F.make("BANK_ACCOUNT_INVALID", rule=params.get("cite"), document=doc.source if doc else None,
                          field=field, evidence=dja, item_ja=ija, item_en=ien, detail_ja=dja, detail_en=den))
    return out
