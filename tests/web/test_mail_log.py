"""The admin mail log in Japanese (every entrance, its submission, errors, outgoing mail) and a
reviewer naming the supplier of a submission that came without one."""
from __future__ import annotations

from sqlalchemy import select

from intake.db import session_scope
from intake.models import AuditEvent, ImapMessage, MailMessage, OutboxMail, Submission
from tests.web.conftest import csrf_of, login, make_submission
from tests.web.test_pages import client, post  # noqa: F401 — the fixture


def test_the_mail_log_lists_every_entrance_in_japanese(client, app, people):  # noqa: F811
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people)
    with session_scope(settings.database_url) as s:
        s.add_all([
            MailMessage(message_id="<a@x>", source="smtp", sender="shop@example.jp", status="accepted",
                        submission_id=sid, subject="申請書類", arrivals=[{"source": "imap", "at": "x"}]),
            MailMessage(message_id="<b@x>", source="imap", status="rejected", error="宛先の自治体コードが不明です。"),
            MailMessage(message_id="<sha256:ab>", source="folder", status="accepted", recipient="hamada/scan.pdf"),
            ImapMessage(mailbox="intake@mail:993/INBOX", uidvalidity=7, uid=42, status="failed", attempts=3,
                        error="取り込みに失敗しました（3回目、再試行します）: OSError"),
            OutboxMail(key="receipt:1:v1", submission_id=sid, kind="receipt", recipient="shop@example.jp",
                       subject="s", body="b", status="queued", attempts=2, error="送信できませんでした（2回目）"),
        ])
    login(client, "adam@example.jp")
    html = client.get("/admin/mail").get_data(as_text=True)
    for text in ("メール（SMTP）", "メールボックス（IMAP）", "スキャナフォルダ", "再受信", "受付済み", "受付不可",
                 "宛先の自治体コードが不明です。", f"#{sid}", "取り込みを再試行中のメッセージ", "UID",
                 "受付のお知らせ", "送信待ち", "送信できませんでした（2回目）"):
        assert text in html, text
    assert ">accepted<" not in html and ">rejected<" not in html


def test_a_reviewer_assigns_the_supplier_of_a_folder_submission(client, app, people):  # noqa: F811
    settings = app.config["INTAKE_SETTINGS"]
    sid = make_submission(settings, people, owner=None)
    login(client, "rita@example.jp")
    page = f"/submissions/{sid}"
    html = client.get(page).get_data(as_text=True)
    assert "事業者を割り当てる" in html and "alice商店" in html
    post(client, f"/submissions/{sid}/supplier", page, {"supplier": str(people.supplier_ids["alice"])})
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, sid).supplier_id == people.supplier_ids["alice"]
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.action == "supplier_assigned"))
    again = post(client, f"/submissions/{sid}/supplier", page, {"supplier": str(people.supplier_ids["bob"])},
                 follow_redirects=True).get_data(as_text=True)
    assert "割り当て済み" in again
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, sid).supplier_id == people.supplier_ids["alice"]
    alice = app.test_client()
    login(alice, "alice@example.jp")
    token = csrf_of(alice.get("/portal/").get_data(as_text=True))
    assert alice.post(f"/submissions/{sid}/supplier", data={"supplier": "1", "csrf_token": token}).status_code == 404
