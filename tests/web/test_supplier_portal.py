"""Returns that keep everything, the reviewer's comparison of versions, the supplier's plain view,
and the review sheet for the municipality's 決裁."""
from __future__ import annotations

import io
import re

import pypdfium2 as pdfium

from intake.blobs import LocalBlobStore
from intake.domain import catalogue
from intake.db import session_scope
from intake.models import AuditEvent, DocumentRow, Submission
from intake.records import Document, FieldValue, Finding
from intake.review import decide, judge_finding
from intake.submissions import store_result
from tests.web.conftest import LABEL, csrf_of, label_pdf, login, make_submission

ALLERGEN = Finding("ALLERGEN_UNDECLARED", "error", "原材料に「乳」が含まれていますが、表示がありません。",
                   "乳 is not declared.", "label.pdf", "label.allergens_declared", "バター → 乳",
                   "食品表示基準 第3条第2項")
EXPIRED = Finding("PERMIT_EXPIRED", "error", "営業許可の有効期限（2025-03-31）が切れています。",
                  "The permit expired.", "permit.pdf", "permit.valid_until", "2025-03-31", "hamada 2(3)")
LOW = Finding("FIELD_LOW_CONFIDENCE", "warning", "「名称」の読み取り結果の確信度が低い（0.41）ため、確認してください。",
              "low", "label.pdf", "label.name", "0.41", "SPEC §5")


def _doc(name: str, kind: str, fields: dict, data: bytes) -> Document:
    from intake.blobs import sha256_of
    return Document(source=name, sha256=sha256_of(data), media_type="application/pdf", kind=kind,
                    pages=1, fields=fields, size=len(data))


def _store(settings, sid: int, docs: list[Document], findings: list[Finding], status="needs_review"):
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, sid)
        store_result(s, sub, docs, findings)
        sub.processed_version, sub.status = sub.version, status


LABEL_FIELDS = {"label.name": FieldValue("焼菓子", 0.98, "text", 1, [20, 40, 120, 52]),
                "label.allergens_declared": FieldValue(["小麦"], 0.9, "text", 1, [20, 56, 280, 68])}
PERMIT_FIELDS = {"permit.valid_until": FieldValue("2025-03-31", 0.95, "text", 1, [20, 40, 200, 52])}


def returned(settings, people) -> tuple[int, dict[str, int]]:
    """v1 of three documents, judged and returned by rita."""
    blobs = LocalBlobStore(settings.blob_dir)
    files = {"label.pdf": label_pdf(LABEL), "permit.pdf": label_pdf(["営業許可証", "有効期間 2025年3月31日"]),
             "plan.pdf": label_pdf(["販売計画"])}
    with session_scope(settings.database_url) as s:
        sub = Submission(profile="hamada", status="received", supplier_id=people.supplier_ids["alice"],
                         created_by=people.ids["alice"])
        s.add(sub)
        for name, data in files.items():
            s.add(DocumentRow(submission=sub, filename=name, sha256=blobs.put(data), size=len(data),
                              media_type="application/pdf"))
        s.flush()
        sid = sub.id
    _store(settings, sid, [_doc("label.pdf", "food_label", LABEL_FIELDS, files["label.pdf"]),
                           _doc("permit.pdf", "permit", PERMIT_FIELDS, files["permit.pdf"]),
                           _doc("plan.pdf", "other", {}, files["plan.pdf"])], [ALLERGEN, EXPIRED])
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, sid)
        sub.claimed_by = people.ids["rita"]
        by_code = {f.code: f.id for f in sub.findings}
        judge_finding(s, sub, by_code["ALLERGEN_UNDECLARED"], "overruled", "窓口で原材料表を確認済み",
                      people.ids["rita"])
        judge_finding(s, sub, by_code["PERMIT_EXPIRED"], "confirmed", None, people.ids["rita"])
        decide(s, sub, "return", "営業許可証を更新後のものに差し替えてください。", people.ids["rita"])
        ids = {d.filename: d.id for d in sub.documents}
    return sid, ids


PERMIT = ["営業許可証", "有効期間 2025年3月31日"]


def test_a_return_is_answered_by_replacing_removing_and_adding(app, people):
    """The whole loop through the real reader and validators (tasks run eagerly in the tests)."""
    settings = app.config["INTAKE_SETTINGS"]
    alice, rita = app.test_client(), app.test_client()
    login(alice, "alice@example.jp")
    login(rita, "rita@example.jp")
    form = alice.get("/portal/new").get_data(as_text=True)
    sent = alice.post("/portal/new", content_type="multipart/form-data", data={
        "csrf_token": csrf_of(form), "profile": "hamada",
        "files": [(io.BytesIO(label_pdf(LABEL)), "label.pdf"), (io.BytesIO(label_pdf(PERMIT)), "permit.pdf"),
                  (io.BytesIO(label_pdf(["販売計画"])), "plan.pdf")]})
    sid = int(sent.headers["Location"].rsplit("/", 1)[1])
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, sid)
        assert sub.status == "needs_review"
        sub.claimed_by = people.ids["rita"]
        v1 = {(f.code, f.field, f.evidence): f.document for f in sub.findings}
        for f in sub.findings:  # every finding judged (documents seen at the counter)
            judge_finding(s, sub, f.id, "overruled", f"窓口で確認済み {f.code}", people.ids["rita"])
        decide(s, sub, "return", "営業許可証を更新後のものに差し替えてください。", people.ids["rita"])
        ids = {d.filename: d.id for d in sub.documents}
    assert ("LABEL_ITEM_MISSING", "label.storage", "保存方法") in v1

    form = alice.get(f"/portal/{sid}/resubmit").get_data(as_text=True)
    for name in ("label.pdf", "permit.pdf", "plan.pdf"):
        assert name in form                                  # the list, before sending
    assert "営業許可証を更新後のものに差し替えてください。" in form
    sent = alice.post(f"/portal/{sid}/resubmit", content_type="multipart/form-data", data={
        "csrf_token": csrf_of(form), "listed": "1", "keep": [str(ids["permit.pdf"])],
        f"replace-{ids['label.pdf']}": (io.BytesIO(label_pdf(LABEL)), "label_v2.pdf"),
        "files": [(io.BytesIO(label_pdf(["商品写真"])), "photo.pdf")]})
    assert sent.status_code == 302
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, sid)
        assert sub.version == 2 and sub.status == "needs_review"
        assert sorted(d.filename for d in sub.current_documents()) == ["label_v2.pdf", "permit.pdf", "photo.pdf"]
        v1_permit = next(d for d in sub.documents if d.id == ids["permit.pdf"])
        v2_permit = next(d for d in sub.current_documents() if d.filename == "permit.pdf")
        assert v2_permit.sha256 == v1_permit.sha256 and v2_permit.id != v1_permit.id
        assert sub.claimed_by == people.ids["rita"]             # the claim carries over
        event = s.query(AuditEvent).filter_by(submission_id=sid, action="version_documents").one()
        assert event.detail == {"version": 2, "kept": 1, "replaced": 1, "added": 1, "removed": 1}
        v2 = {(f.code, f.field, f.evidence): f for f in sub.findings}
    # unchanged findings keep their judgement, whatever the file is now called
    moved = v2[("LABEL_ITEM_MISSING", "label.storage", "保存方法")]
    assert moved.document == "label_v2.pdf" and moved.status == "overruled"
    assert moved.reason == "窓口で確認済み LABEL_ITEM_MISSING"
    assert all(f.status == "overruled" for key, f in v2.items() if key in v1)
    assert all(f.status == "open" for key, f in v2.items() if key not in v1)

    detail = rita.get(f"/submissions/{sid}").get_data(as_text=True)
    assert f"/submissions/{sid}/versions" in detail
    page = rita.get(f"/submissions/{sid}/versions").get_data(as_text=True)
    compact = re.sub(r"\s+", " ", page)
    assert re.search(r"差し替え</td> <td>label\.pdf.*?</td> <td>label_v2\.pdf", compact)
    assert re.search(r"削除</td> <td>plan\.pdf", compact)
    assert re.search(r"変更なし</td> <td>permit\.pdf.*?</td> <td>permit\.pdf", compact)
    assert re.search(r"追加</td> <td></td> <td>photo\.pdf", compact)
    assert re.search(r"残っている</td> <td>.*?LABEL_ITEM_MISSING.*?</td> <td>.*?LABEL_ITEM_MISSING", compact)
    assert alice.get(f"/submissions/{sid}/versions").status_code == 404   # the reviewer's page


def test_versions_are_compared_document_by_document():
    from web.versions import document_pairs, finding_pairs

    def row(name, sha, kind="food_label"):
        return DocumentRow(filename=name, sha256=sha, kind=kind)
    pairs = document_pairs([row("a.pdf", "1"), row("permit.pdf", "2", "permit"), row("x.pdf", "3", "other")],
                           [row("a.pdf", "1"), row("permit_2026.pdf", "9", "permit"), row("y.pdf", "4", "other")])
    # a renewed permit under a new name replaces the old one; unrelated "other" files are not paired
    assert [(p.change, p.old and p.old.filename, p.new and p.new.filename) for p in pairs] == [
        ("same", "a.pdf", "a.pdf"), ("changed", "permit.pdf", "permit_2026.pdf"),
        ("added", None, "y.pdf"), ("removed", "x.pdf", None)]
    old = [{"code": "PERMIT_EXPIRED", "field": "permit.valid_until", "evidence": "2025"},
           {"code": "PHOTO_MISSING", "field": None, "evidence": "商品写真"}]
    new = [{"code": "PHOTO_MISSING", "field": None, "evidence": "商品写真"},
           {"code": "LABEL_ITEM_MISSING", "field": "label.storage", "evidence": "保存方法"}]
    assert [(p.change, (p.old or p.new)["code"]) for p in finding_pairs(old, new)] == [
        ("removed", "PERMIT_EXPIRED"), ("same", "PHOTO_MISSING"), ("added", "LABEL_ITEM_MISSING")]


def test_a_revision_without_documents_is_refused_with_a_reason(app, people):
    settings = app.config["INTAKE_SETTINGS"]
    sid, _ = returned(settings, people)
    alice = app.test_client()
    login(alice, "alice@example.jp")
    form = alice.get(f"/portal/{sid}/resubmit").get_data(as_text=True)
    sent = alice.post(f"/portal/{sid}/resubmit", data={"csrf_token": csrf_of(form), "listed": "1"},
                      follow_redirects=True)
    assert "提出する書類がありません" in sent.get_data(as_text=True)
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, sid).version == 1


INTERNAL = re.compile(r"\b[A-Z]{3,}_[A-Z_]+\b|SPEC|§|確度|確信度|0\.41|\d+%")


def _text(html: str) -> str:
    """What the page says (not its markup)."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body.split("<main>", 1)[1])


def test_the_supplier_reads_what_to_do_without_codes_or_keys(app, people):
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people, findings=[ALLERGEN, LOW], status="needs_review")
    alice = app.test_client()
    login(alice, "alice@example.jp")
    for url in (f"/submissions/{sid}", "/portal/"):
        text = _text(alice.get(url).get_data(as_text=True))
        assert not INTERNAL.search(text), INTERNAL.search(text)
        assert not [k for k in catalogue.field_keys() if k in text]
        assert "アレルゲン表示にその品目を加えてください" in text       # the action sentence
        assert "「label.pdf」の「名称」がはっきり読み取れませんでした" in text or url == "/portal/"


def test_the_supplier_sees_honest_reading_state_and_limits(app, people):
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people, fields={}, findings=[], status="processing")
    with session_scope(settings.database_url) as s:
        s.get(Submission, sid).documents[0].status, s.get(Submission, sid).documents[0].pages = "pending", 0
    alice = app.test_client()
    login(alice, "alice@example.jp")
    html = alice.get(f"/submissions/{sid}").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "書類を読み取っています" in html and "0p" not in html and "画像がありません" not in html
    assert '<meta http-equiv="refresh"' in alice.get("/portal/").get_data(as_text=True)
    upload = alice.get("/portal/new").get_data(as_text=True)
    assert "1ファイル50MBまで・一度に50件まで" in upload and "Word（.docx）" in upload


def test_a_failed_or_unreadable_upload_says_why_and_offers_another(app, people):
    settings = app.config["INTAKE_SETTINGS"]
    unreadable = Finding("DOC_UNREADABLE", "error", "パスワードで保護されたPDFは読み取れません。",
                         "Encrypted PDF.", "label.pdf", None, None, "SPEC §5")
    sid = make_submission(settings, people, fields={}, findings=[unreadable], status="needs_review")
    failed = make_submission(settings, people, fields={}, findings=[], status="failed")
    with session_scope(settings.database_url) as s:
        s.get(Submission, sid).documents[0].status = "unreadable"   # as store_result marks it
    alice = app.test_client()
    login(alice, "alice@example.jp")
    text = _text(alice.get(f"/submissions/{sid}").get_data(as_text=True))
    assert "読み取れませんでした" in text and "パスワードで保護されたPDFは読み取れません。" in text
    assert "送り直してください" in text and "SPEC" not in text
    html = alice.get(f"/submissions/{failed}").get_data(as_text=True)
    assert 'href="/portal/new?profile=hamada"' in html and "もう一度提出する" in html


def _pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def test_the_review_sheet_holds_fields_findings_and_decisions(app, people):
    settings = app.config["INTAKE_SETTINGS"]
    sid, _ = returned(settings, people)
    bank = make_submission(settings, people, findings=[], fields={
        "bank.account_number": FieldValue("7654321", 0.9, "text", 1, [20, 40, 120, 52])})
    rita, adam, alice = app.test_client(), app.test_client(), app.test_client()
    login(rita, "rita@example.jp")
    login(adam, "adam@example.jp")
    login(alice, "alice@example.jp")
    assert f"/submissions/{sid}/review-sheet.pdf" in rita.get(f"/submissions/{sid}").get_data(as_text=True)
    got = rita.get(f"/submissions/{sid}/review-sheet.pdf")
    assert got.status_code == 200 and got.mimetype == "application/pdf"
    assert b"/FontFile2" in got.data                                   # the Japanese font is embedded
    text = re.sub(r"\s+", "", _pdf_text(got.data))
    for expected in ("審査票（決裁用）", f"#{sid}", "名称", "焼菓子", "label.pdf·p.1",
                     "原材料に「乳」が含まれていますが", "食品表示基準第3条第2項", "問題なし（判断済み）",
                     "窓口で原材料表を確認済み", "問題あり（判断済み）", "差し戻し", "rita@example.jp",
                     "営業許可証を更新後のものに差し替えてください。"):
        assert expected in text, expected
    sheet = re.sub(r"\s+", "", _pdf_text(adam.get(f"/submissions/{bank}/review-sheet.pdf").data))
    assert "口座番号" in sheet and "●●●" in sheet and "7654321" not in sheet
    assert "7654321" in re.sub(r"\s+", "", _pdf_text(rita.get(f"/submissions/{bank}/review-sheet.pdf").data))
    assert alice.get(f"/submissions/{sid}/review-sheet.pdf").status_code == 404
