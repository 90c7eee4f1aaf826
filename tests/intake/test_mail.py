"""SMTP intake over a real socket: intake+CODE@… becomes an e-mail submission."""
from __future__ import annotations

import smtplib
import socket
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from intake.db import session_scope
from intake.models import MailMessage, Submission
from tests.conftest import SAMPLES

LABEL = SAMPLES / "food_label_undeclared_allergen" / "shokuhin_hyoji.pdf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings, monkeypatch):
    from intake import config
    from intake.mail import smtp_controller

    monkeypatch.setenv("INTAKE_SMTP_PORT", str(free_port()))
    s = config.load()
    controller = smtp_controller(s)
    controller.start()
    yield s
    controller.stop()


def message(to: str, mid: str = "<a1@example.jp>") -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Message-ID"] = "shop@example.jp", to, mid
    msg["Subject"] = "【ふるさと納税返礼品】申請書類の提出"
    msg.set_content("事業者名：いろは商店\n担当者：山田")
    msg.add_attachment(LABEL.read_bytes(), maintype="application", subtype="pdf",
                       filename="食品表示.pdf")
    return msg


def test_it_turns_a_message_into_a_processed_submission(smtp):
    with smtplib.SMTP("127.0.0.1", smtp.smtp_port) as client:
        client.send_message(message("intake+ishigaki@city.example.jp"))
        client.send_message(message("intake+ishigaki@city.example.jp"))  # same Message-ID
    with session_scope(smtp.database_url) as s:
        [sub] = s.scalars(select(Submission)).all()
        assert sub.source == "email" and sub.profile == "ishigaki"
        assert sub.meta["email"]["subject"].startswith("【ふるさと納税")
        assert "いろは商店" in sub.meta["email"]["body"]
        docs = {d.filename: d for d in sub.documents}
        assert docs["message.eml"].status == "expanded"
        assert docs["食品表示.pdf"].kind == "food_label"
        assert "ALLERGEN_UNDECLARED" in {f.code for f in sub.findings}
        assert len(s.scalars(select(MailMessage)).all()) == 1


def test_it_rejects_unknown_mailboxes_at_rcpt(smtp):
    with smtplib.SMTP("127.0.0.1", smtp.smtp_port) as client:
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            client.send_message(message("intake+atlantis@city.example.jp", "<b2@example.jp>"))
