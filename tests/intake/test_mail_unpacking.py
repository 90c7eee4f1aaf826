"""Client-shaped mail through the intake: one submission per message, the PPAP password mail joined
to the one before it, the supplier matched through a forward, every file typed once."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.db import session_scope
from intake.models import MailMessage, Submission, Supplier

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extractors"))
import mail_clients as mc  # noqa: E402

LOCKED = "application/x-zip-encrypted"


def _docs(sub: Submission) -> dict[str, object]:
    return {d.filename: d for d in sub.current_documents()}


@pytest.mark.timeout(120)
def test_a_password_zip_waits_and_the_password_mail_opens_it(settings):
    from intake.mail import accept_message

    first = accept_message(settings, mc.outlook_ppap().raw, "intake+narita@example.jp",
                           "suzuki@narita-noen.example.jp")
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, first.submission_id)
        archive = _docs(sub)["申請書類.zip"]
        assert archive.media_type == LOCKED and archive.status == "unreadable"
        [finding] = [f for f in sub.findings if f.document == "申請書類.zip"]
        assert finding.code == "DOC_UNREADABLE" and "パスワード" in finding.message
    follow_up = accept_message(settings, mc.outlook_password_followup(), "intake+narita@example.jp",
                               "suzuki@narita-noen.example.jp")
    assert follow_up.status == "password" and follow_up.submission_id == first.submission_id
    with session_scope(settings.database_url) as s:
        assert len(s.scalars(select(Submission)).all()) == 1          # no submission of its own
        sub = s.get(Submission, first.submission_id)
        [mail] = sub.meta["password_mails"]
        assert mail["subject"] == "パスワードをお送りします" and mc.PPAP_PASSWORD in mail["body"]
        assert list(sub.meta["zip_passwords"].values()) == [mc.PPAP_PASSWORD]
        docs = _docs(sub)
        assert {"申請書.pdf", "誓約書.pdf"} <= set(docs)                 # read again, opened
        assert docs["申請書類.zip"].status == "expanded"
        assert not [f for f in sub.findings if f.document == "申請書類.zip"]
        rows = s.scalars(select(MailMessage).order_by(MailMessage.id)).all()
        assert [r.status for r in rows] == ["accepted", "password"]


def test_a_password_mail_from_someone_else_is_a_submission_of_its_own(settings):
    from intake.mail import accept_message

    accept_message(settings, mc.outlook_ppap().raw, "intake+narita@example.jp", "suzuki@narita-noen.example.jp")
    other = mc.outlook_password_followup().replace(b"suzuki@narita-noen", b"tanaka@elsewhere")
    row = accept_message(settings, other.replace(b"FEDCBA98@", b"FEDCBA99@"), "intake+narita@example.jp",
                         "tanaka@elsewhere.example.jp")
    assert row.status == "accepted"
    with session_scope(settings.database_url) as s:
        assert len(s.scalars(select(Submission)).all()) == 2


@pytest.mark.timeout(120)
def test_a_forwarded_message_matches_the_supplier_by_its_inner_sender(settings):
    from intake.mail import accept_message

    with session_scope(settings.database_url) as s:
        s.add(Supplier(name="株式会社いしがき物産", email="higa@ishigaki-bussan.example.co.jp"))
    case = mc.outlook_forward_as_attachment()
    row = accept_message(settings, case.raw, "intake+ishigaki@example.jp", "miyagi@city.ishigaki.example.jp")
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, row.submission_id)
        assert sub.supplier is not None and sub.supplier.name == "株式会社いしがき物産"
        assert sub.meta["email"]["sender"] == "石垣市 企画部 宮城 <miyagi@city.ishigaki.example.jp>"  # who sent it
        assert sub.meta["email"]["forwarded_from"] == ["㈱いしがき物産 比嘉 <higa@ishigaki-bussan.example.co.jp>"]
        assert set(_docs(sub)) >= set(case.attachments)


def test_outlook_body_items_become_the_application(monkeypatch):
    """Shika 4: the numbered items ①–⑦ of an Outlook (CP50220) body are read as the application."""
    from intake.pipeline import InputFile, read_document

    monkeypatch.setenv("INTAKE_READ_ISOLATED", "false")
    meta: dict = {}
    docs = read_document(InputFile("message.eml", mc.outlook_shika().raw), meta)
    [app] = [d for d in docs if d.method == "email"]
    assert app.kind == "application"
    assert app.fields["applicant.name"].value == "(株)のと海産"      # ㈱ decoded (NFKC by the reader)
    assert app.fields["applicant.department"].value == "営業部"
    assert meta["email"]["subject"] == "【志賀町】返礼品提供申請（㈱のと海産）①"
    assert [d.source for d in docs if d.method != "email"] == mc.outlook_shika().attachments


def test_a_file_is_sniffed_once_on_its_way_through(settings, monkeypatch):
    """Typed when received, the type stored with the document; the pipeline and the reader use it."""
    from extractors import detect
    from intake import worker
    from intake.blobs import LocalBlobStore
    from intake.pipeline import InputFile
    from intake.submissions import receive

    monkeypatch.setenv("INTAKE_READ_ISOLATED", "false")
    calls = []
    real = detect.sniff
    monkeypatch.setattr(detect, "sniff", lambda data, name="": calls.append(name) or real(data, name))
    case = mc.gmail()
    with session_scope(settings.database_url) as s:
        sub = receive(s, LocalBlobStore(settings.blob_dir), "narita", [InputFile("message.eml", case.raw)])
        s.flush()
        sub_id = sub.id
    assert calls == ["message.eml"]
    worker.run(settings, sub_id)
    assert sorted(calls) == sorted(["message.eml", *case.attachments])   # each attachment once, where it is unpacked
