"""Word back to the sender, through an aiosmtpd server started by the test: a receipt once read,
notices of decisions, queued and retried while the outgoing server is down."""
from __future__ import annotations

import email
import email.policy
import smtplib
from email.message import EmailMessage

import pytest
from sqlalchemy import select, update

from intake.db import session_scope
from intake.models import OutboxMail, Submission, Supplier
from tests.conftest import SAMPLES
from tests.intake.dovecot import free_port

LABEL = SAMPLES / "food_label_undeclared_allergen" / "shokuhin_hyoji.pdf"
pytestmark = pytest.mark.timeout(120)


class Collect:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content,
                                                      policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def out_server():
    from aiosmtpd.controller import Controller

    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture
def mail_settings(settings, monkeypatch):
    from intake import config

    monkeypatch.setenv("INTAKE_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("INTAKE_MAIL_FROM", "furusato@city.ishigaki.example.jp")
    return config.load


def send_in(settings, to: str = "intake+ishigaki@city.example.jp") -> None:
    from intake.mail import smtp_controller

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Message-ID"] = "いろは商店 <shop@example.jp>", to, "<rcpt-1@example.jp>"
    msg["Subject"] = "【ふるさと納税返礼品】申請書類の提出"
    msg.set_content("事業者名：いろは商店")
    msg.add_attachment(LABEL.read_bytes(), maintype="application", subtype="pdf", filename="食品表示.pdf")
    msg.add_attachment(b"%PDF-1.4 broken", maintype="application", subtype="pdf", filename="壊れた.pdf")
    controller = smtp_controller(settings)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", settings.smtp_port) as client:
            client.send_message(msg)
    finally:
        controller.stop()


def test_one_receipt_with_the_number_documents_and_what_was_unreadable(mail_settings, monkeypatch, out_server):
    from intake import outbox, worker

    controller, handler = out_server
    monkeypatch.setenv("INTAKE_SMTP_OUT_URL", f"smtp://127.0.0.1:{controller.port}")
    s = mail_settings()
    send_in(s)
    with session_scope(s.database_url) as db:
        [sub] = db.scalars(select(Submission)).all()
        sid = sub.id
        db.execute(update(Submission).values(status="processing"))  # a task delivered twice
    worker.run(s, sid)
    assert outbox.send_due(s) == 1 and outbox.send_due(s) == 0
    [mail] = handler.messages
    assert mail["To"] == "shop@example.jp" and mail["From"] == "furusato@city.ishigaki.example.jp"
    assert mail["Subject"] == f"【受付】申請 #{sid} の書類を受け付けました"
    assert mail["In-Reply-To"] == "<rcpt-1@example.jp>" and mail["Auto-Submitted"] == "auto-replied"
    assert mail.get_content_charset() == "utf-8"
    body = mail.get_content()
    assert f"受付番号: #{sid}" in body and "・食品表示.pdf（食品表示ラベル）" in body
    unreadable = body.split("■ 読み取れなかった書類")[1]
    assert "壊れた.pdf" in unreadable and "食品表示.pdf" not in unreadable


def test_a_down_server_never_blocks_intake_and_the_mail_is_retried(mail_settings, monkeypatch):
    from aiosmtpd.controller import Controller

    from intake import outbox

    port = free_port()
    monkeypatch.setenv("INTAKE_SMTP_OUT_URL", f"smtp://127.0.0.1:{port}")   # nobody listens
    s = mail_settings()
    send_in(s)
    with session_scope(s.database_url) as db:
        [sub] = db.scalars(select(Submission)).all()
        assert sub.status in ("clean", "needs_review")          # read while the server is down
    assert outbox.send_due(s) == 0
    with session_scope(s.database_url) as db:
        [row] = db.scalars(select(OutboxMail)).all()
        assert row.status == "queued" and row.attempts == 1 and "送信できませんでした" in row.error
        assert row.next_try_at > row.created_at
    assert outbox.send_due(s) == 0                              # backing off: not even tried
    with session_scope(s.database_url) as db:
        assert db.scalar(select(OutboxMail.attempts)) == 1
        db.execute(update(OutboxMail).values(next_try_at=OutboxMail.created_at))
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert outbox.send_due(s) == 1
    finally:
        controller.stop()
    assert len(handler.messages) == 1
    with session_scope(s.database_url) as db:
        row = db.scalars(select(OutboxMail)).one()
        assert (row.status, row.attempts, row.error) == ("sent", 2, None) and row.sent_at


def test_decisions_notify_the_supplier(mail_settings, monkeypatch, out_server):
    from intake import outbox
    from intake.review import decide

    controller, handler = out_server
    monkeypatch.setenv("INTAKE_SMTP_OUT_URL", f"smtp://127.0.0.1:{controller.port}")
    s = mail_settings()
    with session_scope(s.database_url) as db:
        db.add(Supplier(name="いろは商店", email="shop@example.jp"))
    send_in(s)
    with session_scope(s.database_url) as db:
        sub = db.scalars(select(Submission)).one()
        assert sub.supplier.name == "いろは商店"                 # the sender matched to its supplier account
        decide(db, sub, "return", "原材料名の欄に「えび」を追記してください。", None)
    outbox.send_due(s)
    notice = handler.messages[-1]
    assert notice["To"] == "shop@example.jp" and notice["Subject"].startswith("【差し戻し】")
    assert "「えび」を追記してください" in notice.get_content()
    with session_scope(s.database_url) as db:
        assert [r.kind for r in db.scalars(select(OutboxMail).order_by(OutboxMail.id))] == ["receipt", "returned"]


def test_nothing_is_queued_when_outgoing_mail_is_off(mail_settings, monkeypatch):
    monkeypatch.delenv("INTAKE_SMTP_OUT_URL", raising=False)
    s = mail_settings()
    send_in(s)
    with session_scope(s.database_url) as db:
        assert db.scalars(select(OutboxMail)).all() == []
