"""A scanned stack holding several documents becomes one document per kind, from any entrance."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select, update

from intake.db import session_scope
from intake.models import DocumentRow, Submission
from tests.conftest import SAMPLES

ISHIGAKI = SAMPLES / "s7v4r0_ishigaki_undeclared_allergen"
SCANS = SAMPLES / "scans" / "s8v4r0_shika_clean"
pytestmark = pytest.mark.timeout(180)


def stack(*paths) -> bytes:
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for p in paths:
        out.import_pages(pdfium.PdfDocument(p.read_bytes()))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def test_a_stack_is_split_where_a_page_begins_another_kind(monkeypatch):
    from intake.pipeline import InputFile, process

    monkeypatch.setenv("INTAKE_READ_ISOLATED", "false")
    data = stack(ISHIGAKI / "shinseisho.pdf", ISHIGAKI / "seiyakusho.pdf", ISHIGAKI / "allergen_hyo.pdf")
    result = process([InputFile("まとめてスキャン.pdf", data)], "ishigaki")
    docs = result.record.documents
    assert [(d.source, d.kind, d.pages) for d in docs] == [
        ("まとめてスキャン.pdf", "application", 2),        # its second page stays with it
        ("まとめてスキャン_p3.pdf", "pledge", 1),
        ("まとめてスキャン_p4.pdf", "allergen_sheet", 1)]
    assert {d.sha256 for d in docs} == {docs[0].sha256}
    pledge_pages = {fv.page for fv in docs[1].fields.values() if fv.page}
    assert pledge_pages == {3}                            # the page of the file, as the viewer shows it
    missing = [f.message for f in result.findings if f.code == "DOC_MISSING"]
    assert missing and not any("誓約書" in m for m in missing)   # the validators see the pledge in the stack


def test_one_document_of_several_pages_is_not_split(monkeypatch):
    from intake.pipeline import InputFile, process

    monkeypatch.setenv("INTAKE_READ_ISOLATED", "false")
    for path in (ISHIGAKI / "shinseisho.pdf", SAMPLES / "s7v4r0_hamada_clean" / "teiansho.pdf"):
        docs = process([InputFile(path.name, path.read_bytes())], "hamada").record.documents
        assert [(d.source, d.kind, d.pages) for d in docs] == [(path.name, "application", 2)]


def stored(settings, name: str, data: bytes, profile: str, twice: bool = False) -> list:
    """Through the worker; `twice`: the task delivered again after it was done."""
    from intake import worker
    from intake.blobs import LocalBlobStore
    from intake.pipeline import InputFile
    from intake.submissions import receive

    with session_scope(settings.database_url) as s:
        sid = receive(s, LocalBlobStore(settings.blob_dir), profile, [InputFile(name, data)],
                      source="folder").id
    worker.run(settings, sid)
    if twice:
        with session_scope(settings.database_url) as s:
            s.execute(update(Submission).values(status="processing"))
        worker.run(settings, sid)
    with session_scope(settings.database_url) as s:
        return s.scalars(select(DocumentRow).order_by(DocumentRow.id)).all()


def test_the_later_documents_are_stored_under_the_file_and_not_split_again(settings, monkeypatch):
    monkeypatch.setenv("INTAKE_READ_ISOLATED", "false")
    data = stack(ISHIGAKI / "seiyakusho.pdf", ISHIGAKI / "allergen_hyo.pdf")
    rows = stored(settings, "stack.pdf", data, "ishigaki", twice=True)
    assert [(r.filename, r.kind, r.status) for r in rows] == [
        ("stack.pdf", "pledge", "read"), ("stack_p2.pdf", "allergen_sheet", "read")]
    assert rows[1].parent_id == rows[0].id and rows[1].sha256 == rows[0].sha256


def test_a_scanned_stack_is_split(settings, monkeypatch):
    monkeypatch.setenv("INTAKE_READ_ISOLATED", "false")
    rows = stored(settings, "scan.pdf", stack(SCANS / "scan_769.pdf", SCANS / "scan_846.pdf"), "shika")
    assert [(r.filename, r.kind, r.pages, r.method) for r in rows] == [
        ("scan.pdf", "pledge", 1, "ocr"), ("scan_p2.pdf", "license_check", 1, "ocr")]
