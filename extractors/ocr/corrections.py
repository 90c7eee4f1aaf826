"""Post-correction of OCR text against the forms' vocabulary, from a data table (corrections.tsv)
plus form labels: a line that starts with a known label except one character is that label."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("corrections.tsv")
# Labels printed on the forms; a one-character misread at the start of a line is corrected to these.
LABELS = ["事業者名", "代表者名", "所在地", "電話番号", "商品名", "寄附金額", "提供価格", "賞味期限", "消費期限",
          "原材料名", "内容量", "保存方法", "製造者", "販売者", "加工者", "輸入者", "製造所", "営業許可",
          "許可番号", "有効期間", "担当者名", "口座番号", "口座名義", "金融機関", "支店名", "発送時期",
          "配送温度", "アレルギー", "特定原材料", "申請者", "提出日", "栄養成分表示"]


@lru_cache(maxsize=1)
def rules() -> list[tuple[re.Pattern, str]]:
    out = []
    for raw in TABLE.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        pattern, replacement, *_ = raw.split("\t")
        out.append((re.compile(pattern), replacement))
    return out


def correct(text: str) -> str:
    for pattern, replacement in rules():
        text = pattern.sub(replacement, text)
    return _fix_label(text)


def _fix_label(text: str) -> str:
    for label in LABELS:
        if len(label) < 4 or text.startswith(label):
            continue
        head = text[:len(label)]
        if len(head) == len(label) and not any(ch.isspace() for ch in head) and sum(a != b for a, b in zip(head, label)) == 1:
            return label + text[len(label):]
    return text
