"""Submissions for the review-desk tests: a two-column label PDF read by the real reader (so the
page words are the reader's), stored through store_result like the worker does."""
from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.pagesizes import A5

from intake.blobs import LocalBlobStore
from intake.db import session_scope
from intake.models import DocumentRow, Submission
from intake.records import Document, FieldValue, Finding
from intake.submissions import store_result
from tests.web.conftest import japanese_canvas
ROWS = [("名称", "焼菓子"), ("原材料名", "小麦粉（国内製造）、バター、砂糖、鶏卵"), ("内容量", "6個"),
        ("賞味期限", "2027年3月1日"), ("お取り扱い", "冷暗所で保管"), ("製造者", "佐藤製菓株式会社")]


def two_column_pdf(rows=ROWS) -> bytes:
    """A label whose labels and values are separate words (x 30 and x 130), 11 pt text."""
    buf = io.BytesIO()
    c = japanese_canvas(buf, A5, 11)
    y = A5[1] - 60
    for label, value in rows:
        c.drawString(30, y, label)
        c.drawString(130, y, value)
        c.rect(25, y - 8, 360, 24)        # a table cell: much taller than the text
        y -= 24
    c.save()
    return buf.getvalue()


def read_words(data: bytes, name: str = "label.pdf") -> dict:
    from extractors.reader import read
    from intake.pagewords import from_layout
    return from_layout(read(data, name))


def cell(words: dict, text: str) -> list[float]:
    """The stored box of a value as the form reader gives it: the whole table cell around its word."""
    w = next(w for w in words["pages"][0]["words"] if w[0] == text)
    return [125.0, w[2] - 7, 385.0, w[4] + 9]


def seed(settings, supplier_id: int | None, user_id: int | None, profile="hamada", status="needs_review",
         findings=None, fields=None, created: dt.datetime | None = None, data: bytes | None = None,
         filename="label.pdf", kind="food_label") -> int:
    data = data or two_column_pdf()
    words = read_words(data, filename)
    if fields is None:
        fields = {"label.name": FieldValue("焼菓子", 0.98, "text", 1, cell(words, "焼菓子")),
                  "label.ingredients": FieldValue(["小麦粉", "バター", "砂糖", "鶏卵"], 0.9, "text", 1,
                                                  cell(words, "小麦粉（国内製造）、バター、砂糖、鶏卵")),
                  "label.allergens_declared": FieldValue(["小麦", "卵"], 0.9, "text", 1,
                                                         cell(words, "小麦粉（国内製造）、バター、砂糖、鶏卵"))}
    if findings is None:
        findings = [Finding("ALLERGEN_UNDECLARED", "error", "原材料に「乳」が含まれていますが、表示されていません。",
                            "乳 is in the ingredients but not declared.", filename, "label.allergens_declared",
                            "バター → 乳", "食品表示基準 第3条第2項"),
                    Finding("FIELD_MISSING", "error", "「label.pdf」の必須項目「保存方法」が空欄か読み取れません。",
                            "Storage is missing.", filename, "label.storage", None, "食品表示基準 第3条"),
                    Finding("FIELD_MISSING", "warning", "「label.pdf」の必須項目「内容量」が空欄か読み取れません。",
                            "Net contents missing.", filename, "label.net_contents", None, "食品表示基準 第3条")]
    blobs = LocalBlobStore(settings.blob_dir)
    with session_scope(settings.database_url) as s:
        sub = Submission(profile=profile, status=status, supplier_id=supplier_id, created_by=user_id)
        if created:
            sub.created_at = created
        s.add(sub)
        sha = blobs.put(data)
        s.add(DocumentRow(submission=sub, filename=filename, sha256=sha, size=len(data),
                          media_type="application/pdf", status="read"))
        s.flush()
        doc = Document(source=filename, sha256=sha, media_type="application/pdf", kind=kind, method="text",
                       pages=1, fields=fields, size=len(data), words=words)
        store_result(s, sub, [doc], findings)
        return sub.id
